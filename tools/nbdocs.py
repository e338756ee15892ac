#!/usr/bin/env python
"""Turn lisette's notebooks into pages, without Quarto and without executing them.

  python tools/nbdocs.py site OUT_DIR     processed notebooks (MyST flavour) for Sphinx + myst-nb, one per nbs/*.ipynb
  python tools/nbdocs.py readme OUT.ipynb  processed nbs/index.ipynb (GitHub markdown flavour) for README.md

What it does to each notebook, following nbdev's doc processors (and using nbdev's own `extract_directives` and
`showdoc_nm` to read directives and name symbols):
- drops `#| hide`, `#| exporti`, `#| default_exp` and `#| include: false` cells; hides the code of `#| export` cells
  and of `#| echo: false` cells (their outputs stay); strips `#|` lines from the code it shows;
- after every `#| export` cell, adds an API section for each public name it defines (nbdev's rules: functions,
  classes and `@patch`ed methods without a leading underscore): heading (the name as code, so `__call__` keeps its
  underscores), signature, docstring, a link to the source and a parameter table built from docments; `show_doc(X)` cells get the same section;
- turns the `> subtitle` under the title into a description line, Quarto callouts into admonitions (site) or
  quotes (README), links to `page.html` into links between pages, and `Name` in backticks into a link to Name's
  API section.
The saved outputs are kept as they are: they are the recorded documentation."""
import ast, copy, inspect, json, os, re, sys, importlib
from configparser import ConfigParser
from pathlib import Path
from fastcore.basics import AttrDict, ifnone, listify
from nbdev.process import extract_directives, first_code_ln
from nbdev.showdoc import showdoc_nm

root = Path(__file__).resolve().parent.parent
os.environ.setdefault('LITELLM_LOCAL_MODEL_COST_MAP', 'True')  # importing litellm must not reach the network
sys.path.insert(0, str(root))

cfg = ConfigParser(delimiters=['=']); cfg.read(root/'settings.ini'); cfg = cfg['DEFAULT']
git_url, branch, lib = cfg['git_url'], cfg.get('branch', 'main'), cfg['lib_path']
site_url = cfg['doc_host'].rstrip('/') + cfg['doc_baseurl'].rstrip('/') + '/'

def split_directives(src):
    "Directives at the top of a cell as nbdev reads them (`{'export': [], 'echo:': ['false']}`), and the code without them or `hide_line` lines"
    lines = src.splitlines()
    code = lines[ifnone(first_code_ln(lines), len(lines)):]
    return extract_directives(AttrDict(source=src), remove=False), '\n'.join(l for l in code if not re.search(r'#\|\s*hide_line\s*$', l)).strip('\n')

def page_name(p):
    "Page name of notebook `p`: its stem without the number prefix, as nbdev names pages"
    return re.sub(r'^\d+[a-z]?_', '', Path(p).stem)

def nbs_list(): return sorted(p for p in (root/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

# ---- public names defined by exported cells ----

def def_names(src):
    "Names of the public functions, classes and patched methods (`Cls.name`) that `src` defines at top level, as nbdev names them"
    try: tree = ast.parse(src)
    except SyntaxError: return []
    return [n for o in tree.body if isinstance(o, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and (o.name[0] != '_' or o.name[:2] == '__')
            for n in listify(showdoc_nm(o))]

def resolve(mod, nm):
    "The object `nm` (maybe dotted, `Cls.meth`) in module `lisette.mod`"
    o = importlib.import_module(f'{lib}.{mod}')
    for part in nm.split('.'): o = getattr(o, part)
    return o

def anchor(nm): return 'api-' + re.sub(r'[^a-z0-9]+', '-', nm.lower()).strip('-')

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

def _param(p):
    pre = '*' if p.kind == p.VAR_POSITIONAL else '**' if p.kind == p.VAR_KEYWORD else ''
    s = pre + p.name
    if p.annotation is not p.empty: s += ':' + _fmt(p.annotation)
    if p.default is not p.empty: s += '=' + _default(p.default)
    return s

def _cell(s): return str(s).replace('|', r'\|').replace('\n', ' ')

def api_md(obj, nm, flavor='myst', level=3, label=True):
    "Markdown for the API section of `obj`: heading, signature, docstring, source link and parameter table"
    from fastcore.docments import docments
    f = obj.fget if isinstance(obj, property) else obj
    try: sig = inspect.signature(f)
    except (ValueError, TypeError): sig = None
    params = [p for p in sig.parameters.values() if p.name != 'self'] if sig else []
    is_async = inspect.iscoroutinefunction(f) or inspect.isasyncgenfunction(f)
    sig_s = (f'async {nm}' if is_async else nm) + ('(' + ', '.join(_param(p) for p in params) + ')' if sig else '')
    if sig and sig.return_annotation is not sig.empty and not isinstance(f, type): sig_s += ' -> ' + _fmt(sig.return_annotation)
    doc = inspect.getdoc(f) or (inspect.getdoc(f.__init__) if isinstance(f, type) and f.__init__ is not object.__init__ else '') or ''
    try: dm = docments(f, full=True)
    except Exception: dm = {}
    rows = []
    for p in params:
        d = dm.get(p.name, {})
        rows.append([f'`{_cell(_param(p).split(":")[0].split("=")[0])}`', _cell(_fmt(p.annotation)), f'`{_cell(_default(p.default))}`' if p.default is not p.empty else '',
                     _cell(d.get('docment') or '')])
    ret = dm.get('return', {}) if not isinstance(f, type) else {}
    if ret.get('docment'): rows.append(['**Returns**', _cell(_fmt(ret.get('anno', inspect.Parameter.empty))), '', _cell(ret['docment'])])
    src = ''
    try:
        u = inspect.unwrap(f)  # a decorated function (`@contextmanager`) is linked to its own source, not the decorator's
        sf, ln = Path(inspect.getsourcefile(u)).resolve(), inspect.getsourcelines(u)[1]
        src = f'{git_url}/blob/{branch}/{sf.relative_to(root).as_posix()}#L{ln}'
    except (TypeError, OSError, ValueError): pass
    # as code, so markdown can't take the underscores of `__call__` for bold (GitHub's only where there are any: README stays as it was)
    out = [f'{"#"*level} ' + (f'`{nm}`' if flavor == 'myst' or '_' in nm else nm), '']
    if flavor == 'myst': out = ([f'({anchor(nm)})='] if label else []) + [*out, ':::{container} api-block', '']
    out += ['```' + ('python' if flavor == 'myst' else ''), sig_s, '```', '']  # README: a signature, not code to paste
    if doc: out += [doc, '']
    if any(any(r[1:]) for r in rows):  # a table of bare names would only repeat the signature
        hdr = ['', 'Type', 'Default', 'Details']
        keep = [0] + [i for i in (1,2,3) if any(r[i] for r in rows)]  # no empty columns
        out += ['| ' + ' | '.join(hdr[i] for i in keep) + ' |', '|' + '---|'*len(keep)]
        out += ['| ' + ' | '.join(r[i] for i in keep) + ' |' for r in rows] + ['']
    # README links the file only: a line number would make it stale whenever the module changes
    if src: out += [f'[source]({src.split("#")[0]})' if flavor != 'myst' else f'<a class="api-source" href="{src}">source</a>', '']
    if flavor == 'myst': out += [':::']
    return '\n'.join(out).strip() + '\n'

# ---- markdown rewriting ----

_re_callout = re.compile(r'^:::\s*\{\.callout-(\w+)\}\s*\n(.*?)\n:::\s*$', re.S | re.M)
_re_fence = re.compile(r'(^```.*?^```)', re.S | re.M)

def fix_md(md, flavor, names, page):
    "Rewrite a markdown cell for `flavor`: callouts, subtitle, links between pages and to API sections"
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
            pg = names[nm][0]
            if flavor == 'myst': return f'[`{nm}`](#{anchor(nm)})'  # MyST resolves the label across pages
            return f'[`{nm}`]({site_url}{pg}.html#{anchor(nm)})'
        s = '\n'.join(l if l.lstrip().startswith('#') else re.sub(r'(?<![\[\w])`([A-Za-z_][\w.]*)`(?![\]\w(])', link, l)
                      for l in s.split('\n'))
        parts[i] = s
    return ''.join(parts)

def subtitle(md, flavor):
    "The `> subtitle` under a notebook's `# Title` as a description line"
    m = re.match(r'^(#\s+.+?)\n+>\s*(.+?)\s*$', md.strip(), re.S)
    if not m or flavor != 'myst': return md
    return f'{m.group(1)}\n\n:::{{container}} description\n{m.group(2)}\n:::'

# ---- a whole notebook ----

def names_index():
    "Every public name exported by the notebooks, with the page that documents it and its module"
    res = {}
    for p in nbs_list():
        mod = None
        for c in json.loads(p.read_text())['cells']:
            if c['cell_type'] != 'code': continue
            d, src = split_directives(''.join(c['source']))
            if 'default_exp' in d: mod = d['default_exp'][0]
            if 'export' in d or 'exports' in d:
                m = d.get('export') or d.get('exports') or [mod]
                for nm in def_names(src): res.setdefault(nm, (page_name(p), m[0]))
    return res

def _md_cell(s): return dict(cell_type='markdown', metadata={}, source=s)

def proc_nb(path, flavor='myst', names=None):
    "Notebook `path` processed for `flavor` ('myst' for the site, 'gfm' for README)"
    nb = json.loads(Path(path).read_text())
    names = names_index() if names is None else names
    page = page_name(path)
    mod = first = None
    cells, missing = [], []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            md = fix_md(src, flavor, names, page)
            if first is None: md, first = subtitle(md, flavor), True
            cells.append(_md_cell(md)); continue
        if c['cell_type'] != 'code': continue
        d, code = split_directives(src)
        if 'default_exp' in d: mod = d['default_exp'][0]
        if d.get('include:') == ['false'] or d.keys() & {'hide', 'exporti', 'default_exp'}: continue
        sd = re.fullmatch(r'show_doc\(\s*([\w.]+)\s*(?:,.*)?\)', code.strip())
        exp = 'export' in d or 'exports' in d
        if sd: syms = [sd.group(1)]
        elif exp: syms = def_names(code)
        else: syms = []
        c = copy.deepcopy(c); c['source'] = code; c['metadata'] = {}
        if d.get('output:') == ['false']: c['outputs'] = []
        if flavor != 'myst':  # README: text only (images would need files beside it), no tracebacks
            c['outputs'] = [o for o in c.get('outputs', []) if not any(k.startswith('image/') for k in o.get('data', {}))]
            for o in c['outputs']:
                if o.get('output_type') == 'error': o['traceback'] = []
        hide_code = 'export' in d or d.get('echo:') == ['false']
        if hide_code: c['metadata'] = {'tags': ['remove-input']}
        if not sd and (code and not hide_code or c.get('outputs')): cells.append(c)
        target = d.get('export') or d.get('exports') or []
        m = target[0] if target else mod
        for nm in syms:
            try: obj = resolve(names[nm][1] if sd and nm in names else m, nm)
            except Exception as e: missing.append(f'{nm} ({type(e).__name__}: {e})'); continue
            cells.append(_md_cell(api_md(obj, nm, flavor, label=not (nm in names and names[nm][0] != page))))  # the owning page has the anchor
    if missing: print(f'warning: {Path(path).name}: no API section for ' + ', '.join(missing), file=sys.stderr)
    md = dict(kernelspec=dict(display_name='Python 3', language='python', name='python3'),
              language_info=dict(name='python', pygments_lexer='ipython3'))
    return dict(cells=[dict(c, id=f'c{i}') for i,c in enumerate(cells)], metadata=md, nbformat=4, nbformat_minor=5)

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
    nb['cells'].append(dict(_md_cell(toc), id='toc'))
    idx.write_text(json.dumps(nb, indent=1))
    return pages

if __name__ == '__main__':
    cmd, dest = sys.argv[1:3]
    if cmd == 'site': print(' '.join(site(dest)))
    elif cmd == 'readme': Path(dest).write_text(json.dumps(proc_nb(root/'nbs/index.ipynb', 'gfm'), indent=1))
    else: sys.exit(__doc__)
