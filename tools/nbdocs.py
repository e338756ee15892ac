#!/usr/bin/env python
"""Turn lisette's notebooks into pages, without Quarto and without executing them.

  python tools/nbdocs.py site OUT_DIR     processed notebooks (MyST flavour) for Sphinx + myst-nb, one per nbs/*.ipynb
  python tools/nbdocs.py readme OUT.ipynb  processed nbs/index.ipynb (GitHub markdown flavour) for README.md

nbdev makes docs in two steps: its processors prepare each notebook (`nbdev_proc_nbs`), then Quarto renders it. The
first step here is nbdev's: its `NBProcessor` and processors, in their `FilterDefaults` order. Directives are read and
taken out of the code, the title cell is read as frontmatter (`FrontmatterProc`), each exported cell gets a
`show_doc(X)` cell for each public name it defines (`add_show_docs`), marked `output: asis` and `echo: false`
(`clean_show_doc`), exported and hidden cells go (`rm_export`, `hide_`), and so on (`populate_language`, `strip_ansi`,
`hide_line`, `filter_stream_`, `rm_header_dash`, `ai_magics`, `clean_magics`, `mv_exports`, `strip_hidden_metadata`).
Not used: `insert_warning` (an HTML comment, which would land in README), `add_fold` (Quarto's folded code) and
`add_links` (it links names to Quarto's anchors, which these pages don't have).

Ours, where nbdev doesn't do the job or does it for Quarto:
- `show_api` instead of nbdev's `exec_show_docs`, which runs every exported cell and every cell with an import in a
  kernel: here that runs examples (emulators, recordings) and fails where an example needs the setup that only a
  hidden cell does. We import the names from the package instead, so nothing is executed, and render each with
  `ApiSection`, a fastcore `ShowDocRenderer` (the base of nbdev's `show_doc` renderers), as a labelled MyST block:
  signature, docstring, a parameter table from docments, a source link (nbdev 2.4's writes Quarto attributes, no table).
- `show_docs_in_order`: `add_show_docs` inserts a cell's show_doc cells last first.
- `quarto`, Quarto's part: the cell options nbdev leaves to it (`include: false`, `echo: false`, `output: false`, and
  `output: asis`, which turns show_doc cells into API sections) and the `#|` lines it hides; the frontmatter as title
  and description; callouts as admonitions (site) or quotes (README); `page.html` links between pages; `Name` in
  backticks as a link to Name's API section.
The saved outputs are kept as they are: they are the recorded documentation."""
import inspect, json, os, re, sys, importlib
from itertools import groupby
from configparser import ConfigParser
from pathlib import Path
from execnb.nbio import read_nb, mk_cell
from fastcore.basics import AttrDict, ifnone
from fastcore.docments import ShowDocRenderer
from nbdev.frontmatter import FrontmatterProc
from nbdev.process import NBProcessor, Processor, extract_directives, first_code_ln
from nbdev.processors import (populate_language, add_show_docs, strip_ansi, hide_line, filter_stream_, rm_header_dash, clean_show_doc,
                              rm_export, ai_magics, clean_magics, hide_, mv_exports, strip_hidden_metadata)

root = Path(__file__).resolve().parent.parent
os.environ.setdefault('LITELLM_LOCAL_MODEL_COST_MAP', 'True')  # importing litellm must not reach the network
sys.path.insert(0, str(root))

cfg = ConfigParser(delimiters=['=']); cfg.read(root/'settings.ini'); cfg = cfg['DEFAULT']
git_url, branch, lib = cfg['git_url'], cfg.get('branch', 'main'), cfg['lib_path']
site_url = cfg['doc_host'].rstrip('/') + cfg['doc_baseurl'].rstrip('/') + '/'

def page_name(p):
    "Page name of notebook `p`: its stem without the number prefix, as nbdev names pages"
    return re.sub(r'^\d+[a-z]?_', '', Path(p).stem)

def nbs_list(): return sorted(p for p in (root/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

def anchor(nm): return 'api-' + re.sub(r'[^a-z0-9]+', '-', nm.lower()).strip('-')

def quarto_opts(src):
    "The `#|` options at the top of `src` as nbdev reads them (`{'echo:': ['false']}`), and the code below them"
    lines = src.splitlines()
    return extract_directives(AttrDict(source=src), remove=False), '\n'.join(lines[ifnone(first_code_ln(lines), len(lines)):]).strip('\n')

def default_exp(nb): return next((c.directives_['default_exp'][0] for c in nb.cells if 'default_exp' in c.directives_), None)

_re_show_doc = re.compile(r'show_doc\(\s*([\w.]+)\s*(?:,.*)?\)')

def show_doc_name(src):
    "The name `src` (a code cell's source) documents if it is a `show_doc(X)` cell"
    m = _re_show_doc.fullmatch(quarto_opts(src)[1].strip())
    return m and m.group(1)

# ---- the public names the notebooks export ----

def names_index():
    "Every public name exported by the notebooks (those nbdev's `add_show_docs` documents), with the page that documents it and its module"
    res = {}
    for p in nbs_list():
        nb = read_nb(p)
        NBProcessor(nb=nb, procs=[populate_language, add_show_docs], process=True)
        for c in nb.cells:
            if c.get('has_sd'): res.setdefault(show_doc_name(c.source), (page_name(p), default_exp(nb)))
    return res

# ---- the API section of one symbol ----

def _fmt(o):
    if o is inspect.Parameter.empty: return ''
    if isinstance(o, type): return o.__name__
    if inspect.isfunction(o): return o.__name__
    return inspect.formatannotation(o).replace("'", '') if not isinstance(o, str) else o

def _default(o):
    "A default value as written in code: functions and classes by name, never a memory address"
    if inspect.isfunction(o) or inspect.isclass(o) or inspect.isbuiltin(o): return o.__name__
    return re.sub(r' at 0x[0-9a-f]+', '', repr(o))

def _name(p):
    "A parameter's name as the signature writes it: `*args`, `**kwargs`"
    return {p.VAR_POSITIONAL: '*', p.VAR_KEYWORD: '**'}.get(p.kind, '') + p.name

def _param(p):
    s = _name(p)
    if p.annotation is not p.empty: s += ':' + _fmt(p.annotation)
    if p.default is not p.empty: s += '=' + _default(p.default)
    return s

def _cell(s): return str(s).replace('|', r'\|').replace('\n', ' ')

class ApiSection(ShowDocRenderer):
    "The API section of `sym`: heading, signature, docstring, source link and a parameter table from its docments"
    def __init__(self, sym, name=None, flavor='myst', label=True, title_level=3):
        super().__init__(sym, name=name, title_level=title_level)
        self.flavor,self.label = flavor,label
        f = self.sym  # fastcore's docstring falls back to `function.__call__`'s ("Call self as a function.") where there is none
        self.docs = inspect.getdoc(f) or (inspect.getdoc(f.__init__) if isinstance(f, type) and f.__init__ is not object.__init__ else '') or ''
        self.params = [p for p in self.sig.parameters.values() if p.name != 'self'] if self.sig else []

    def signature(self):
        f, sig = self.sym, self.sig
        s = (f'async {self.nm}' if inspect.iscoroutinefunction(f) or inspect.isasyncgenfunction(f) else self.nm)
        if sig: s += '(' + ', '.join(_param(p) for p in self.params) + ')'
        if sig and sig.return_annotation is not sig.empty and not isinstance(f, type): s += ' -> ' + _fmt(sig.return_annotation)
        return s

    def table(self):
        "The parameter table, without its empty columns; none if it would only repeat the signature's names"
        dm = self.dm.dm
        dflt = lambda p: f'`{_cell(_default(p.default))}`' if p.default is not p.empty else ''
        rows = [[f'`{_cell(_name(p))}`', _cell(_fmt(p.annotation)), dflt(p), _cell(dm.get(p.name, {}).get('docment') or '')] for p in self.params]
        ret = dm.get('return', {}) if not isinstance(self.sym, type) else {}
        if ret.get('docment'): rows.append(['**Returns**', _cell(_fmt(ret.get('anno', inspect.Parameter.empty))), '', _cell(ret['docment'])])
        if not any(any(r[1:]) for r in rows): return []
        hdr, keep = ['', 'Type', 'Default', 'Details'], [0] + [i for i in (1,2,3) if any(r[i] for r in rows)]
        row = lambda r: '| ' + ' | '.join(r[i] for i in keep) + ' |'
        return [row(hdr), '|' + '---|'*len(keep)] + [row(r) for r in rows] + ['']

    def source(self):
        "A link to the source: the file and line for the site, the file only for README (a line number would go stale)"
        u = inspect.unwrap(self.sym)  # a decorated function (`@asave_iter`) is linked to its own source, not the decorator's
        try: sf, ln = Path(inspect.getsourcefile(u)).resolve(), inspect.getsourcelines(u)[1]
        except (TypeError, OSError, ValueError): return []
        url = f'{git_url}/blob/{branch}/{sf.relative_to(root).as_posix()}'
        return [f'<a class="api-source" href="{url}#L{ln}">source</a>' if self.flavor == 'myst' else f'[source]({url})', '']

    def _repr_markdown_(self):
        myst, nm = self.flavor == 'myst', self.nm
        out = [f'{"#"*self.title_level} ' + (f'`{nm}`' if myst or '_' in nm else nm), '']  # GitHub's heading as code only where underscores need it
        if myst: out = ([f'({anchor(nm)})='] if self.label else []) + [*out, ':::{container} api-block', '']
        out += ['```' + ('python' if myst else ''), self.signature(), '```', '']  # README: a signature, not code to paste
        if self.docs: out += [self.docs, '']
        out += self.table() + self.source() + ([':::'] if myst else [])
        return '\n'.join(out).strip() + '\n'

class show_docs_in_order(Processor):
    "nbdev's `add_show_docs` inserts a cell's names one at a time at the same place, so they end up last first: put them back in order"
    def begin(self):
        self.nb.cells = [c for k,g in groupby(self.nb.cells, lambda c: c.get('has_sd', False)) for c in (list(g)[::-1] if k else g)]

class show_api(Processor):
    "In place of nbdev's `exec_show_docs`: each `show_doc(X)` cell gets X's API section as its output, X imported from the package"
    def __init__(self, nb, flavor, names, page): super().__init__(nb); self.flavor,self.names,self.page,self.missing = flavor,names,page,[]
    def begin(self): self.mod = default_exp(self.nb)
    def cell(self, cell):
        if cell.cell_type != 'code' or not (nm := show_doc_name(cell.source)): return
        # a section nbdev added documents this notebook's module; one the notebook asks for, the name's own
        mod = self.mod if cell.get('has_sd') else self.names.get(nm, (None, self.mod))[1]
        try:
            o = importlib.import_module(f'{lib}.{mod}')
            for part in nm.split('.'): o = getattr(o, part)
            label = self.names.get(nm, (self.page,))[0] == self.page  # the page that owns the name has its anchor
            md = ApiSection(o, nm, self.flavor, label=label)._repr_markdown_()
        except Exception as e: return self.missing.append(f'{nm} ({type(e).__name__}: {e})')
        cell.outputs = [dict(output_type='display_data', metadata={}, data={'text/markdown': md})]
    def end(self):
        if self.missing: print(f'warning: {Path(self.nb.path_).name}: no API section for ' + ', '.join(self.missing), file=sys.stderr)

# ---- what Quarto does with the processed notebook ----

_re_callout = re.compile(r'^:::\s*\{\.callout-(\w+)\}\s*\n(.*?)\n:::\s*$', re.S | re.M)
_re_fence = re.compile(r'(^```.*?^```)', re.S | re.M)

def fix_md(md, flavor, names):
    "Rewrite markdown for `flavor`: callouts, links between pages and to API sections"
    if flavor == 'myst': md = _re_callout.sub(lambda m: f':::{{{m.group(1)}}}\n{m.group(2)}\n:::', md)
    else: md = _re_callout.sub(lambda m: '\n'.join('> '+l if l else '>' for l in m.group(2).splitlines()) + '\n', md)
    parts = _re_fence.split(md)
    for i in range(0, len(parts), 2):  # outside fenced code only
        s = parts[i]
        s = re.sub(r'\]\(([\w-]+)\.html(#[\w-]+)?\)', (lambda m: f']({m.group(1)}.ipynb{m.group(2) or ""})') if flavor == 'myst'
                   else (lambda m: f']({site_url}{m.group(1)}.html{m.group(2) or ""})'), s)
        def link(m):
            nm = m.group(1)
            if nm not in names: return m.group(0)
            if flavor == 'myst': return f'[`{nm}`](#{anchor(nm)})'  # MyST resolves the label across pages
            return f'[`{nm}`]({site_url}{names[nm][0]}.html#{anchor(nm)})'
        s = '\n'.join(l if l.lstrip().startswith('#') else re.sub(r'(?<![\[\w])`([A-Za-z_][\w.]*)`(?![\]\w(])', link, l)
                      for l in s.split('\n'))
        parts[i] = s
    return ''.join(parts)

class quarto(Processor):
    "What Quarto does with a processed notebook, for `flavor`: title block, cell options, markdown (`fix_md`); raw cells dropped"
    def __init__(self, nb, flavor, names): super().__init__(nb); self.flavor,self.names = flavor,names
    def begin(self):
        "The frontmatter `FrontmatterProc` read, as the page's heading and description"
        fm = getattr(self.nb, 'frontmatter_', {})
        if not fm.get('title'): return
        md, d = f"# {fm['title']}", fm.get('description')
        if d: md += f'\n\n:::{{container}} description\n{d}\n:::' if self.flavor == 'myst' else f'\n> {d}'
        self.nb.cells.insert(0, mk_cell(md, 'markdown'))
    def cell(self, cell):
        if cell.cell_type == 'markdown': cell.source = fix_md(cell.source, self.flavor, self.names)
        if cell.cell_type == 'raw': del cell['source']
        if cell.cell_type != 'code': return
        # the cell options nbdev leaves to Quarto, and the `#|` lines Quarto takes out of the code it shows
        opts, code = quarto_opts(cell.source)
        if opts.get('include:') == ['false']: return cell.pop('source')
        if opts.get('output:') == ['false']: cell.outputs = []
        if self.flavor != 'myst':  # README: text only (images would need files beside it), no tracebacks
            cell.outputs = [o for o in cell.outputs if not any(k.startswith('image/') for k in o.get('data', {}))]
            for o in cell.outputs:
                if o.get('output_type') == 'error': o['traceback'] = []
        if opts.get('output:') == ['asis']: return self.asis(cell)
        hide = opts.get('echo:') == ['false']
        if not (code and not hide or cell.outputs): return cell.pop('source')
        cell.source = code
        cell.metadata = {'tags': ['remove-input']} if hide else {}
    def asis(self, cell):
        "The markdown `cell` displays, as a markdown cell: how show_doc cells become API sections"
        cell.source = '\n'.join(''.join(o['data']['text/markdown']) for o in cell.outputs if 'text/markdown' in o.get('data', {}))
        cell.cell_type, cell.metadata = 'markdown', {}
        for k in ('outputs', 'execution_count'): cell.pop(k, None)

# ---- a whole notebook ----

def _export(c, i):
    "Cell `c` as the page's notebook holds it"
    if c.cell_type == 'markdown': return dict(cell_type='markdown', metadata={}, source=c.source, id=f'c{i}')
    return dict(cell_type='code', execution_count=c.get('execution_count'), metadata=c.metadata, outputs=c.outputs, source=c.source, id=f'c{i}')

def proc_nb(path, flavor='myst', names=None):
    "Notebook `path` processed for `flavor` ('myst' for the site, 'gfm' for README)"
    names = names_index() if names is None else names
    nb = read_nb(path)
    procs = [FrontmatterProc, populate_language, add_show_docs, show_docs_in_order, strip_ansi, hide_line, filter_stream_, rm_header_dash,
             clean_show_doc, show_api(nb, flavor, names, page_name(path)), rm_export, ai_magics, clean_magics, hide_, mv_exports,
             strip_hidden_metadata, quarto(nb, flavor, names)]
    NBProcessor(nb=nb, procs=procs, process=True)
    md = dict(kernelspec=dict(display_name='Python 3', language='python', name='python3'),
              language_info=dict(name='python', pygments_lexer='ipython3'))
    return dict(cells=[_export(c, i) for i,c in enumerate(nb.cells)], metadata=md, nbformat=4, nbformat_minor=5)

def site(out):
    "Write every notebook, processed, to `out` (one page each), with the navigation added to the index page"
    out = Path(out); out.mkdir(parents=True, exist_ok=True)
    names, pages = names_index(), []
    for p in nbs_list():
        nb = proc_nb(p, 'myst', names)
        pages.append(page_name(p))
        (out/f'{page_name(p)}.ipynb').write_text(json.dumps(nb, indent=1))
    idx = out/'index.ipynb'
    nb = json.loads(idx.read_text())
    toc = '```{toctree}\n:hidden:\n:maxdepth: 1\n\nHome <self>\n' + '\n'.join(o for o in pages if o != 'index') + '\n```'
    nb['cells'].append(dict(cell_type='markdown', metadata={}, source=toc, id='toc'))
    idx.write_text(json.dumps(nb, indent=1))
    return pages

if __name__ == '__main__':
    cmd, dest = sys.argv[1:3]
    if cmd == 'site': print(' '.join(site(dest)))
    elif cmd == 'readme': Path(dest).write_text(json.dumps(proc_nb(root/'nbs/index.ipynb', 'gfm'), indent=1))
    else: sys.exit(__doc__)
