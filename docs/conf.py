# Sphinx configuration for lisette's docs site; tools/build_docs.sh builds it from the notebooks processed by tools/nbdocs.py.
# The pages render the notebooks' saved outputs (recorded replays): nothing is executed here.
from configparser import ConfigParser
from pathlib import Path

_cfg = ConfigParser(delimiters=['='])
_cfg.read(Path(__file__).resolve().parent.parent/'settings.ini')
_cfg = _cfg['DEFAULT']

project = _cfg['lib_name']
author = _cfg['author']
copyright = _cfg['copyright']
release = version = _cfg['version']

extensions = ['myst_nb']
nb_execution_mode = 'off'                  # show the recorded outputs, never re-run
nb_render_markdown_format = 'gfm'          # responses display as markdown with a <details> block
nb_merge_streams = True
myst_enable_extensions = ['colon_fence', 'html_image', 'attrs_inline']
myst_heading_anchors = 3
source_suffix = {'.ipynb': 'myst-nb'}
exclude_patterns = ['_build', '**.ipynb_checkpoints']
suppress_warnings = ['myst.header', 'mystnb.unknown_mime_type']

html_theme = 'furo'
html_title = f'{project} {version}'
html_static_path = [str(Path(__file__).resolve().parent/'_static')]
html_css_files = ['lisette.css']
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    'source_repository': _cfg['git_url'] + '/',
    'source_branch': _cfg.get('branch', 'main'),
    'source_directory': 'nbs/',
    'footer_icons': [],
}
pygments_style = 'friendly'
pygments_dark_style = 'monokai'
