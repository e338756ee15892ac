#!/usr/bin/env python
"""What an editor and a type checker see of `lisette`: checks that the names `lisette/__init__.py` declares for them under
`TYPE_CHECKING` are exactly the ones `from lisette import *` gives at run time, that `dir(lisette)` lists no stray imports, that
`import lisette` alone still doesn't import LiteLLM, and then type-checks tools/typecheck_demo.py with pyright.

    python tools/check_typing.py            # check (CI)
    python tools/check_typing.py --write    # rewrite the declared names from the modules' `__all__`, then check
    python tools/check_typing.py --python PY --root DIR   # only pyright, against lisette as installed for interpreter PY, from DIR
"""
import argparse, ast, importlib, os, re, subprocess, sys, textwrap
from pathlib import Path

root = Path(__file__).resolve().parent.parent
init,demo = root/'lisette'/'__init__.py',root/'tools'/'typecheck_demo.py'
_block = re.compile(r'(    # <typing names>\n).*?(    # </typing names>\n)', re.S)

def run_py(code):
    "Run `code` in a fresh interpreter at the repository root; returns its stdout"
    env = {**os.environ, 'LITELLM_LOCAL_MODEL_COST_MAP':'True'}
    return subprocess.run([sys.executable, '-c', code], cwd=root, env=env, capture_output=True, text=True, check=True).stdout

def runtime_names():
    "Each public name `from lisette import *` gives, with the lisette module that defines it (else the first whose `__all__` lists it)"
    return eval(run_py(textwrap.dedent('''
        import importlib, lisette
        mods = [importlib.import_module('lisette.'+m) for m in lisette._mods]
        def src(n):
            o,m = getattr(lisette, n),getattr(getattr(lisette, n), '__module__', None)
            if isinstance(m, str) and m.startswith('lisette.') and getattr(importlib.import_module(m), n, None) is o: return m
            return next(x.__name__ for x in mods if n in x.__all__)
        print({n:src(n) for n in dict.fromkeys(lisette.__all__)})''')))

def declared_names():
    "The names `lisette/__init__.py` imports under `if _typing.TYPE_CHECKING:`"
    for node in ast.parse(init.read_text()).body:
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith('TYPE_CHECKING'):
            return {a.asname or a.name:'lisette'+'.'*o.level+(o.module or '') for o in node.body if isinstance(o, ast.ImportFrom)
                    for a in o.names if (a.asname or a.name) == a.name}
    sys.exit(f"{init}: no `if _typing.TYPE_CHECKING:` block")

def render(names):
    "The import lines for `names` (name -> module), grouped by module in the order the modules first appear"
    mods = list(dict.fromkeys(names.values()))
    lines = []
    for m in mods:
        items = [f'{n} as {n}' for n in sorted(n for n,v in names.items() if v == m)]
        head = f'    from .{m.removeprefix("lisette.")} import ('
        line = head
        for i,o in enumerate(items):
            o += ')' if i == len(items)-1 else ','
            if len(line) + len(o) + 1 > 140: lines.append(line.rstrip()); line = ' '*8
            line += o if line.endswith('(') or not line.strip() else ' ' + o
        lines.append(line)
    return '\n'.join(lines) + '\n'

def check_names(write):
    "Compare (or with `write`, rewrite) the declared names against the run-time ones; returns a list of problems"
    rt = runtime_names()
    if write:
        txt = init.read_text()
        if not _block.search(txt): sys.exit(f"{init}: no `# <typing names>` ... `# </typing names>` markers")
        init.write_text(_block.sub(lambda m: m[1] + render(rt) + m[2], txt))
    dec,probs = declared_names(),[]
    if (miss := sorted(set(rt) - set(dec))): probs.append(f"not declared for type checkers: {', '.join(miss)}")
    if (extra := sorted(set(dec) - set(rt))): probs.append(f"declared for type checkers but not in `lisette.__all__`: {', '.join(extra)}")
    both = {n:dec[n] for n in set(rt) & set(dec)}
    moved = run_py(f"import importlib, lisette; print(sorted(n for n,m in {both!r}.items() "
                   "if getattr(importlib.import_module(m), n, None) is not getattr(lisette, n)))").strip()
    if moved != '[]': probs.append(f"declared from a module where the name is another object: {moved}")
    if probs: probs.append("run `python tools/check_typing.py --write` to update lisette/__init__.py")
    return probs

def check_runtime():
    "`dir(lisette)` lists only the public API and dunders; `import lisette` doesn't import LiteLLM until a name is used"
    probs = []
    stray = run_py("import lisette; print(sorted(n for n in dir(lisette) if not n.startswith('_') and n not in lisette.__all__))").strip()
    if stray != '[]': probs.append(f"dir(lisette) lists names that aren't public API: {stray}")
    if run_py("import sys, lisette, lisette.replay; print('litellm' in sys.modules)").strip() != 'False':
        probs.append("`import lisette` (or lisette.replay) imports LiteLLM: it must wait until a name is used")
    if run_py("import sys, lisette; lisette.Chat; print('litellm' in sys.modules)").strip() != 'True': probs.append("lisette.Chat didn't load core")
    return probs

def pyright(python=sys.executable, cwd=root):
    "Type-check the demo with pyright, resolving packages (lisette among them, unless `cwd` holds its source) for `python`"
    return subprocess.run(['pyright', '--pythonpath', python, str(demo)], cwd=cwd).returncode

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--write', action='store_true', help="rewrite the declared names in lisette/__init__.py first")
    p.add_argument('--python', help="only run pyright, against the packages of this interpreter")
    p.add_argument('--root', default=str(root), help="directory pyright runs in (with --python)")
    a = p.parse_args()
    if a.python: sys.exit(pyright(a.python, a.root))
    probs = check_names(a.write) + check_runtime()
    for o in probs: print(o)
    if probs: sys.exit(1)
    print(f"lisette/__init__.py declares the {len(declared_names())} public names for type checkers; dir(lisette) is clean; import is lazy")
    sys.exit(pyright())
