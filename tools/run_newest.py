#!/usr/bin/env python
"""Run every notebook's code cells against lisette as installed, with the newest releases of its dependencies.

nbdev 2 (and so `nbdev_test`) needs fastcore<2, so it can't run beside the fastcore 2.x, openai 3.x and toolslm that a user's
`pip install lisette` gets. This runs the notebooks the way `nbdev_test` does, without it: each notebook in a fresh Jupyter kernel
started in nbs/, its code cells in order, stopping at the first error; skipping what `nbdev_test` skips (notebooks whose front matter
says `skip_exec: true`, cells with `#| eval: false` or a flag from settings.ini's `tst_flags`, cells calling `nbdev_export`) and cells
that only render API docs (`show_doc(...)` calls alone). `from nbdev.showdoc import show_doc` finds a no-op stand-in from
tools/newest_stubs, which is on the kernels' path only. Unlike `nbdev_test`, the repository root isn't put on `sys.path`, so `import
lisette` is the installed package. Replay mode, with LiteLLM's bundled price map; run it offline.

    python -m pip install . hypothesis anthropic openai google-genai pillow ipykernel nbclient pyyaml pytest opentelemetry-sdk
    python tools/run_newest.py [NOTEBOOK ...] [--workers 2]
"""
import argparse, ast, configparser, os, re, subprocess, sys, time, traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs,stubs = root/'nbs',root/'tools'/'newest_stubs'
_dir = re.compile(r'^\s*#\s*\|(.*)$')

def tst_flags():
    "The flags of settings.ini's `tst_flags`: cells marked with one are skipped, as `nbdev_test` does"
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(root/'settings.ini')
    return set(cfg['DEFAULT'].get('tst_flags', '').split())

def directives(src):
    "The leading `#|` directives of cell source `src` as nbdev reads them: {name: [args]} (`eval: false` -> {'eval:': ['false']})"
    res = {}
    for l in src.splitlines():
        if not l.strip(): continue
        if not (m := _dir.match(l)): break
        s = m[1].strip()
        if s.endswith(':'): s = s[:-1]
        if ':' in s: s = s.replace(':', ': ')
        if (ws := s.split()): res[ws[0]] = ws[1:]
    return res

def front_matter(nb):
    "The notebook's `- key: value` lines of its first markdown cell and its YAML raw cell (all that `skip_exec` can be set in)"
    import yaml
    fm = {}
    for c in nb.cells:
        if c.cell_type == 'raw' and (m := re.match(r'^---\s*\n(.*?\S.*?)\n---\s*$', c.source.strip(), re.S)): fm.update(yaml.safe_load(m[1]) or {})
        if c.cell_type == 'markdown' and re.search(r'^#\s+\S', c.source, re.M):
            if (r := re.findall(r'^-\s+(\S.*:.*\S)\s*$', c.source, re.M)): fm.update(yaml.safe_load('\n'.join(r)) or {})
            break
    return fm

def doc_only(src):
    "Whether cell `src` does nothing but render API docs: each statement a `show_doc(...)` call"
    try: body = ast.parse(src).body
    except SyntaxError: return False
    return bool(body) and all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and getattr(s.value.func, 'id', '') == 'show_doc' for s in body)

def skip_reason(c, flags):
    "Why code cell `c` isn't run (None if it is)"
    if 'nbdev_export(' in c.source: return 'nbdev_export'
    d = directives(c.source)
    if d.get('eval:', [''])[0].lower() == 'false': return 'eval: false'
    if (f := flags & d.keys()): return f'#| {" ".join(sorted(f))}'
    if doc_only(c.source): return 'show_doc'
    return None

def run_one(path, timeout):
    "Run notebook `path` in a fresh kernel; print what was skipped and, on failure, the failing cell and its error; exit 1 if it failed"
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError
    nb = nbformat.read(path, as_version=4)
    if str(front_matter(nb).get('skip_exec', '')).lower() in ('true', '1', 'yes'): return print(f"{path.name}: skip_exec")
    flags,skipped,run = tst_flags(),[],[]
    for c in nb.cells:
        if c.cell_type != 'code': continue
        if (why := skip_reason(c, flags)): skipped.append((c.get('id'), why))
        else: run.append(c)
    # the kernel must be this interpreter's (a `python3` kernel spec elsewhere on the machine would win otherwise)
    nb.cells = [nbformat.v4.new_code_cell(f"import sys; assert sys.prefix == {sys.prefix!r}, f'kernel runs in {{sys.prefix}}'")] + run
    for attempt in range(3):
        client = NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}})
        try: client.execute(); break
        except RuntimeError as e:  # the kernel couldn't start: the ports it drew were taken by another notebook's kernel starting at once
            if 'Kernel died before replying' not in str(e) or attempt == 2: raise
            time.sleep(1)
        except (CellExecutionError, CellTimeoutError) as e: _failed(path, run, e)
    if skipped: print(f"{path.name}: skipped " + ', '.join(f'{i} ({w})' for i,w in skipped))

def _failed(path, run, e):
    "Print which cell of notebook `path` (of those in `run`) failed, and error `e`; exit 1"
    bad = next((c for c in run if any(o.get('output_type') == 'error' for o in c.get('outputs', []))), None)
    print(f"{path.name}: FAILED in cell {bad.get('id') if bad else '?'}")
    if bad is not None: print('  source: ' + bad.source[:600].replace('\n', '\n          '))
    print('  ' + re.sub(r'\x1b\[[0-9;]*m', '', str(e)).strip()[-3000:].replace('\n', '\n  '))
    sys.exit(1)

def kernel_env():
    "The environment the kernels inherit: replay mode, LiteLLM offline, the nbdev stand-in on the path, IN_TEST as nbdev_test sets it"
    env = {k:v for k,v in os.environ.items() if k != 'LISETTE_RECORD'}
    env.update(LITELLM_LOCAL_MODEL_COST_MAP='True', IN_TEST='1', PYTHONPATH=os.pathsep.join(filter(None, [str(stubs), env.get('PYTHONPATH')])))
    return env

def stale():
    "The modules of the tree's lisette/ that the installed lisette lacks or has otherwise (an old install runs old code under new notebooks)"
    import filecmp, importlib.util
    spec = importlib.util.find_spec('lisette')
    if not spec or not spec.submodule_search_locations: return ['(lisette is not installed)']
    inst = Path(spec.submodule_search_locations[0])
    if inst.resolve() == (root/'lisette').resolve(): return []
    return [str(f.relative_to(root/'lisette')) for f in sorted((root/'lisette').rglob('*.py'))
            if not (inst/f.relative_to(root/'lisette')).exists() or not filecmp.cmp(f, inst/f.relative_to(root/'lisette'), shallow=False)]

def run_all(paths, workers, timeout):
    "Run `paths` `workers` at a time, each in its own process; print each result and its time, then 'newest releases: N passed, N failed'"
    env = kernel_env()
    if (d := stale()): print(f"warning: the installed lisette differs from the tree's in {', '.join(d)}: reinstall it "
                            f"(python -m pip install --no-deps --force-reinstall .) or failures may be the old code's", flush=True)
    def one(p):
        t0 = time.monotonic()
        r = subprocess.run([sys.executable, __file__, '--one', str(p), '--timeout', str(timeout)], env=env, cwd=nbs,
                           capture_output=True, text=True)
        return p, r, time.monotonic() - t0
    failed = []
    with ThreadPoolExecutor(workers) as ex:  # from the end of the book, where the slow end-to-end notebooks are, so the quick ones fill the gaps
        for f in as_completed([ex.submit(one, p) for p in sorted(paths, reverse=True)]):
            p,r,t = f.result()
            err = '\n'.join(l for l in r.stderr.splitlines() if 'Kernel is running over TCP' not in l) if r.returncode else ''
            out = (r.stdout + err).strip()
            print(f"{'ok  ' if r.returncode == 0 else 'FAIL'} {p.name} ({t:.0f}s)" + (f"\n  {out}".replace('\n', '\n  ') if out else ''), flush=True)
            if r.returncode: failed.append(p.name)
    print(f"newest releases: {len(paths)-len(failed)} passed, {len(failed)} failed" + (f" ({', '.join(sorted(failed))})" if failed else ''))
    return not failed

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', help="notebooks to run (default: all of nbs/ but those starting with _ or .)")
    p.add_argument('--workers', type=int, default=2)
    p.add_argument('--timeout', type=int, default=600, help="seconds a cell may take")
    p.add_argument('--one', help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one: run_one(Path(a.one).resolve(), a.timeout); sys.exit(0)
    paths = [Path(o).resolve() for o in a.notebooks] or sorted(o for o in nbs.glob('*.ipynb') if not o.name.startswith(('_', '.')))
    sys.exit(0 if run_all(paths, a.workers, a.timeout) else 1)
