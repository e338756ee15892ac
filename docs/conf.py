# Sphinx configuration for lisette's docs site; tools/build_docs.sh builds it from the notebooks processed by tools/nbdocs.py.
# The pages render the notebooks' saved outputs (recorded replays): nothing is executed here.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent/'tools'))
import nbdocs  # settings.ini, and the pages' names

_cfg = nbdocs.cfg

project = _cfg['lib_name']
author = _cfg['author']
copyright = _cfg['copyright']
release = version = _cfg['version']

extensions = ['myst_nb', 'sphinx_copybutton']
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
html_theme_options = {'source_repository': nbdocs.git_url + '/', 'source_branch': nbdocs.branch, 'footer_icons': []}

pygments_style = 'friendly'
pygments_dark_style = 'monokai'

# pages are named without the notebook's number prefix (core.html from nbs/00_core.ipynb): link each to its notebook
_nbs = {nbdocs.page_name(p): p.relative_to(nbdocs.root).as_posix() for p in nbdocs.nbs_list()}

def _source_links(app, pagename, templatename, context, doctree):
    if nb := _nbs.get(pagename):
        context['theme_source_edit_link'] = f'{nbdocs.git_url}/edit/{nbdocs.branch}/{nb}'
        context['theme_source_view_link'] = f'{nbdocs.git_url}/blob/{nbdocs.branch}/{nb}'

def setup(app): app.connect('html-page-context', _source_links)
