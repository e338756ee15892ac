#!/usr/bin/env python
"""Run README.md's Python code blocks, in order, in one fresh Jupyter kernel started at the repository root, as a
reader pasting them would; fail on the first block that raises. Usage: python tools/check_readme.py [README.md]"""
import re, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

root = Path(__file__).resolve().parent.parent

def blocks(md): return re.findall(r'^```python\n(.*?)^```', md, flags=re.M|re.S)

def main(path=root/'README.md'):
    srcs = blocks(Path(path).read_text())
    if not srcs: sys.exit(f"{path}: no python code blocks found")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in srcs])
    t0 = time.time()
    try: NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': str(root)}}).execute()
    except CellExecutionError as e:
        n = next(i for i,c in enumerate(nb.cells) if any(o.get('output_type') == 'error' for o in c.get('outputs', [])))
        sys.exit(f"README block {n+1} of {len(srcs)} failed:\n{srcs[n]}\n{str(e)[-2000:]}")
    print(f"README: {len(srcs)} python blocks ran in a fresh kernel at {root.name}/ in {time.time()-t0:.1f}s")

if __name__ == '__main__': main(*sys.argv[1:])
