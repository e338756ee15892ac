from configparser import ConfigParser
import setuptools, shlex
from packaging.requirements import Requirement  # replaces pkg_resources, which setuptools>=82 removed

# note: all settings are in settings.ini; edit there, not here
config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

cfg_keys = 'version description keywords author author_email'.split()
expected = cfg_keys + "lib_name user branch license status min_python audience language".split()
for o in expected: assert o in cfg, "missing expected setting: {}".format(o)
setup_cfg = {o:cfg[o] for o in cfg_keys}

licenses = {'apache2':'Apache-2.0', 'mit':'MIT', 'gpl2':'GPL-2.0-only', 'gpl3':'GPL-3.0-only', 'bsd3':'BSD-3-Clause'}  # SPDX expressions
statuses = [ '1 - Planning', '2 - Pre-Alpha', '3 - Alpha',
    '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive' ]
py_versions = '3.10 3.11 3.12 3.13'.split()

def reqs(key):
    "Requirements listed under `key` in settings.ini, each checked to be a valid PEP 508 string"
    return [str(Requirement(o)) for o in shlex.split(cfg.get(key, '')) if o.strip()]

requirements = reqs('requirements')
if cfg.get('pip_requirements'): requirements += reqs('pip_requirements')
min_python = cfg['min_python']
dev_requirements = reqs('dev_requirements')

setuptools.setup(
    name = cfg['lib_name'],
    license = licenses.get(cfg['license'].lower(), cfg['license']),
    classifiers = [
        'Development Status :: ' + statuses[int(cfg['status'])-1],
        'Intended Audience :: ' + cfg['audience'].title(),
        'Natural Language :: ' + cfg['language'].title(),
        'Topic :: Scientific/Engineering :: Artificial Intelligence',
        'Topic :: Software Development :: Libraries :: Python Modules',
        'Framework :: Jupyter',
    ] + ['Programming Language :: Python :: '+o for o in py_versions[py_versions.index(min_python):]],
    url = cfg['git_url'],
    project_urls = {'Documentation': cfg['doc_host'] + cfg['doc_baseurl'], 'Source': cfg['git_url'],
                    'Changelog': cfg['git_url'] + '/blob/main/CHANGELOG.md', 'Issues': cfg['git_url'] + '/issues'},
    packages = setuptools.find_packages(include=[cfg['lib_path'], cfg['lib_path'] + '.*']),
    include_package_data = True,
    install_requires = requirements,
    extras_require = {'dev': dev_requirements, 'otel': reqs('otel_requirements')},
    dependency_links = cfg.get('dep_links','').split(),
    python_requires = '>=' + cfg['min_python'],
    long_description = open('README.md', encoding='utf-8').read(),
    long_description_content_type = 'text/markdown',
    zip_safe = False,
    entry_points = {
        'console_scripts': cfg.get('console_scripts','').split(),
        'pytest11': cfg.get('pytest11','').split(),  # pytest plugins: lisette's `lisette_emulator` fixture
        'nbdev': [f'{cfg.get("lib_path")}={cfg.get("lib_path")}._modidx:d']
    },
    **setup_cfg)
