#!/usr/bin/env python
"""Open every page of the built docs site (_site/) in headless Chromium from a local server and check it.

  python tools/check_site.py [--site _site] [--shots _proc/screenshots]

For each notebook in nbs/ there must be a page, and the DOM Chromium renders must have:
- the notebook's title, in <title> and as the page's <h1>;
- the navigation: the sidebar links to every other page;
- an API section (signature and a parameter table) for each public name the notebook exports or `show_doc`s;
- the recorded outputs: at least one rendered cell output; markdown outputs rendered as HTML (their <details>
  block is an element, not text), and images shown where the notebook has image outputs;
- no notebook machinery: no `#|` directive lines, no hidden setup cells (`use_replay()`).
It saves a screenshot of the top 3000 pixels of each page into the shots folder.
Exits non-zero, listing every failure, if any page fails."""
import argparse, functools, http.server, json, os, re, shutil, subprocess, sys, tempfile, threading
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbdocs

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--disable-dev-shm-usage']

class Dom(HTMLParser):
    "The few facts about a page the checks need, collected from Chromium's DOM dump"
    def __init__(self):
        super().__init__(); self.stack, self.title, self.h1, self.nav = [], '', '', set()
        self.api_blocks = self.api_tables = self.api_sigs = self.outputs = self.out_details = self.out_imgs = 0
        self.pre_text = []
    def _in(self, cls): return any(cls in c for _,c in self.stack)
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); cls = a.get('class') or ''
        if tag in ('meta', 'link', 'img', 'br', 'hr', 'input', 'source', 'col', 'wbr'):
            if tag == 'img' and self._in('cell_output'): self.out_imgs += 1
            return
        self.stack.append((tag, cls))
        if 'api-block' in cls.split(): self.api_blocks += 1
        if tag == 'table' and self._in('api-block'): self.api_tables += 1
        if tag == 'pre' and self._in('api-block'): self.api_sigs += 1
        if 'cell_output' in cls.split(): self.outputs += 1
        if tag == 'details' and self._in('cell_output'): self.out_details += 1
        if tag == 'a' and self._in('sidebar-tree') and a.get('href'): self.nav.add(a['href'].split('#')[0])
    def handle_endtag(self, tag):
        for i in range(len(self.stack)-1, -1, -1):
            if self.stack[i][0] == tag: del self.stack[i:]; break
    def handle_data(self, d):
        tags = [t for t,_ in self.stack]
        if tags and tags[-1] == 'title': self.title += d
        if 'h1' in tags: self.h1 += d
        if 'pre' in tags: self.pre_text.append(d)

def expected(p, names):
    "What the page of notebook `p` must show: title, API names, kinds of outputs"
    nb = json.loads(p.read_text())
    title = next(re.match(r'#\s+(.+)', ''.join(c['source']).strip()).group(1) for c in nb['cells']
                 if c['cell_type'] == 'markdown' and re.match(r'#\s+', ''.join(c['source']).strip()))
    proc = nbdocs.proc_nb(p, 'myst', names)
    apis = sum(1 for c in proc['cells'] if c['cell_type'] == 'markdown' and 'api-block' in c['source'])
    kinds = {k for c in proc['cells'] for o in c.get('outputs', []) for k in o.get('data', {})}
    if any('<details' in ''.join(o.get('data', {}).get('text/markdown', '')) for c in proc['cells'] for o in c.get('outputs', [])): kinds.add('details')
    return title, apis, kinds

def serve(site):
    h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    class Quiet(h.func):
        def log_message(self, *a): pass
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}'

def chromium(args, timeout=90):
    exe = os.environ.get('CHROMIUM') or shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
    if not exe: sys.exit('chromium not found: apt-get install -y chromium (or set CHROMIUM)')
    with tempfile.TemporaryDirectory() as ud:
        r = subprocess.run([exe, *FLAGS, f'--user-data-dir={ud}', *args], capture_output=True, text=True, timeout=timeout)
    if r.returncode: raise RuntimeError(f'chromium failed ({r.returncode}): {r.stderr[-500:]}')
    return r.stdout

def check_page(url, page, title, apis, kinds, pages):
    dom = Dom(); dom.feed(chromium(['--dump-dom', url]))
    errs = []
    if not dom.title.strip().startswith(title): errs.append(f'<title> is {dom.title.strip()!r}, expected it to start with {title!r}')
    if dom.h1.replace('¶', '').strip() != title: errs.append(f'<h1> is {dom.h1.strip()!r}, expected {title!r}')
    want_nav = {f'{o}.html' for o in pages if o not in ('index', page)}
    if missing := want_nav - dom.nav: errs.append(f'navigation lacks links to {sorted(missing)}')
    if dom.api_blocks < max(apis, 0) or (apis and (dom.api_tables < 1 or dom.api_sigs < apis)):
        errs.append(f'{dom.api_blocks} API sections ({dom.api_sigs} signatures, {dom.api_tables} tables), expected {apis} with a table')
    if dom.outputs < 1: errs.append('no rendered cell outputs')
    if 'details' in kinds and dom.out_details < 1: errs.append('markdown outputs not rendered (no <details> element in outputs)')
    if any(k.startswith('image/') for k in kinds) and dom.out_imgs < 1: errs.append('image outputs not shown')
    pre = ''.join(dom.pre_text)
    if re.search(r'^\s*#\|', pre, re.M): errs.append('a `#|` directive is shown in code')
    if 'use_replay()' in pre: errs.append('a hidden setup cell is shown')
    return errs, dom

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--site', default=str(nbdocs.root/'_site')); ap.add_argument('--shots', default=str(nbdocs.root/'_proc/screenshots'))
    a = ap.parse_args()
    site, shots = Path(a.site), Path(a.shots); shots.mkdir(parents=True, exist_ok=True)
    if not (site/'index.html').exists(): sys.exit(f'no site in {site}: run tools/build_docs.sh')
    names, nbs = nbdocs.names_index(), nbdocs.nbs_list()
    pages = [nbdocs.page_name(p) for p in nbs]
    srv, base = serve(site)
    failed = 0
    try:
        for p, page in zip(nbs, pages):
            title, apis, kinds = expected(p, names)
            url = f'{base}/{page}.html'
            errs, dom = check_page(url, page, title, apis, kinds, pages)
            chromium(['--window-size=1280,3000', f'--screenshot={shots/page}.png', url])
            status = 'ok' if not errs else 'FAIL'
            print(f'{status:4} {page}.html  "{title}"  api sections: {dom.api_blocks}, outputs: {dom.outputs}, nav links: {len(dom.nav)}')
            for e in errs: print(f'     - {e}')
            failed += bool(errs)
    finally: srv.shutdown()
    print(f'screenshots: {shots}')
    print(f'pages: {len(pages)-failed} passed, {failed} failed')
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
