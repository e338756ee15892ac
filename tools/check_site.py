#!/usr/bin/env python
"""Open every page of the built docs site (_site/) in headless Chromium from a local server and check it.

  python tools/check_site.py [--site _site] [--shots _proc/screenshots]

For each notebook in nbs/ there must be a page, and the DOM Chromium renders must have:
- the notebook's title, in <title> and as the page's <h1>;
- the navigation: the sidebar links to every other page;
- an API section (signature and a parameter table) for each public name the notebook exports or `show_doc`s, each
  headed by its name as written (`Chat.__call__`, not a bold "call") in the heading and the page contents, and each
  with a source link;
- edit, view and source links into the repository that resolve: to files git tracks, at a line the file has, and
  "Edit this page" to the page's own notebook;
- a copy button on every code block;
- the recorded outputs: at least one rendered cell output; markdown outputs rendered as HTML (their <details>
  block is an element, not text), and images shown at the width the notebook asked for (or as wide as they are),
  up to the width of the column;
- no notebook machinery: no `#|` directive lines, no hidden setup cells (`use_replay()`, unless the notebook shows it on purpose, as the index does).
The notebooks' saved outputs (hidden cells too) must show what replay mode gives a user: one output per display (not a
partial one followed by the full one, as when a display updated in place was saved without its updates applied), no
network warnings (a failed fetch, a name that didn't resolve), not the recording mode 'emulator' nor messages only
emulator mode prints.
It saves a screenshot of the top 3000 pixels of each page into the shots folder.
Exits non-zero, listing every failure and a summary by check, if any page fails."""
import argparse, collections, functools, http.server, json, os, re, shutil, subprocess, sys, tempfile, threading, time
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbdocs

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--disable-dev-shm-usage', '--window-size=1280,3000']
# the local server adds this to every page: once it has loaded, each output image records its rendered and natural
# widths and the width of the output column, so the DOM dump shows the layout
MEASURE = b"""<script>addEventListener('load', () => { for (const im of document.querySelectorAll('.cell_output img')) {
  const box = im.closest('.cell_output'), st = getComputedStyle(box);
  im.dataset.rw = im.getBoundingClientRect().width; im.dataset.nw = im.naturalWidth;
  im.dataset.aw = box.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight); } });</script>"""
NET = r'model cost map|model_prices_and_context_window|ConnectError|ConnectTimeout|Name or service not known|Temporary failure in name resolution|nodename nor servname|getaddrinfo failed|Failed to establish a new connection|Network is unreachable'
EMU = r"^'emulator'$|Refusing to send|only provider hosts|Recording mode 'emulator' is on"

class Dom(HTMLParser):
    "The facts about a page the checks need, collected from Chromium's DOM dump"
    def __init__(self):
        super().__init__(); self.stack, self.title, self.h1, self.nav = [], '', '', set()
        self.api_tables = self.api_sigs = self.outputs = self.out_details = 0
        self.pre_text, self.out_text, self.imgs, self.links, self.apis, self.heads, self.toc, self.code = [], [], [], [], [], [], [], []
    def _in(self, cls): return any(cls in c.split() for _,c,_ in self.stack)
    def _rec(self, kind): return next((r for t,_,r in reversed(self.stack) if r is not None and r['kind'] == kind), None)
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); cls = a.get('class') or ''
        if tag == 'a' and a.get('href'): self.links.append(a)
        if tag in ('meta', 'link', 'img', 'br', 'hr', 'input', 'source', 'col', 'wbr'):
            if tag == 'img' and self._in('cell_output'): self.imgs.append(a)
            return
        rec = None
        if 'api-block' in cls.split(): rec = dict(kind='api', src=None, head=(self.heads or [dict(text='')])[-1]['text']); self.apis.append(rec)
        elif tag == 'section': rec = dict(kind='sec', id=a.get('id', ''))
        elif re.fullmatch(r'h[1-6]', tag): rec = dict(kind='head', text='', emph=False, sec=(self._rec('sec') or {}).get('id')); self.heads.append(rec)
        elif tag == 'a' and self._in('toc-tree'): rec = dict(kind='toc', text='', emph=False, href=a.get('href', '')); self.toc.append(rec)
        elif tag == 'div' and 'highlight' in cls.split() and not self._in('sidebar-drawer'): rec = dict(kind='code', btn=False); self.code.append(rec)
        self.stack.append((tag, cls, rec))
        if tag in ('strong', 'em', 'b', 'i'):
            for k in ('head', 'toc'):
                if r := self._rec(k): r['emph'] = True
        if tag == 'button' and 'copybtn' in cls.split() and (r := self._rec('code')): r['btn'] = True
        if tag == 'a' and 'api-source' in cls.split() and (r := self._rec('api')): r['src'] = a.get('href')
        if tag == 'table' and self._in('api-block'): self.api_tables += 1
        if tag == 'pre' and self._in('api-block'): self.api_sigs += 1
        if 'cell_output' in cls.split(): self.outputs += 1
        if tag == 'details' and self._in('cell_output'): self.out_details += 1
        if tag == 'a' and self._in('sidebar-tree') and a.get('href'): self.nav.add(a['href'].split('#')[0])
    def handle_endtag(self, tag):
        for i in range(len(self.stack)-1, -1, -1):
            if self.stack[i][0] == tag: del self.stack[i:]; break
    def handle_data(self, d):
        tags = [t for t,_,_ in self.stack]
        if tags and tags[-1] == 'title': self.title += d
        if 'h1' in tags: self.h1 += d
        if 'pre' in tags: self.pre_text.append(d)
        if self._in('cell_output'): self.out_text.append(d)
        for k in ('head', 'toc'):
            if r := self._rec(k): r['text'] += d

def _text(o):
    "The text an output shows: its markdown, else its plain text (streams and errors included)"
    if 'text' in o: return ''.join(o['text'])
    if o.get('output_type') == 'error': return '\n'.join(o.get('traceback', []) + [o.get('evalue', '')])
    d = o.get('data', {})
    return ''.join(d.get('text/markdown') or d.get('text/html') or d.get('text/plain') or '')

def nb_errors(nb):
    "Failures in notebook `nb`'s saved outputs, as (check, message) pairs"
    errs = []
    for i, c in enumerate(nb['cells']):
        outs = c.get('outputs', [])
        where = f'cell {i} ({"".join(c["source"]).strip().splitlines()[0][:50]!r})' if c['source'] else f'cell {i}'
        for a, b in zip(outs, outs[1:]):
            if a['output_type'] == b['output_type'] == 'display_data' and (t := _text(a).rstrip()) and _text(b).startswith(t):
                errs.append(('one output per display', f'{where}: two outputs of one display, the first a start of the second ({t[-40:]!r})'))
        for o in outs:
            t = _text(o)
            if o['output_type'] == 'update_display_data': errs.append(('one output per display', f'{where}: a saved update_display_data output'))
            if m := re.search(NET, t): errs.append(('no network warnings', f'{where}: output shows a network failure: {_line(t, m)!r}'))
            # a cell that runs `emulated()` itself shows what users see from it; anywhere else these come from recording mode
            if 'emulated(' not in ''.join(c['source']) and (m := re.search(EMU, t.strip(), re.M)): errs.append(('replay-mode outputs', f'{where}: output is from emulator mode, not replay: {_line(t, m)!r}'))
    return errs

def _line(t, m): return t[t.rfind('\n', 0, m.start())+1:].split('\n')[0][:120]

def expected(p, names):
    "What the page of notebook `p` must show: title, API names, kinds of outputs, image widths asked for"
    nb = json.loads(p.read_text())
    title = next(re.match(r'#\s+(.+)', ''.join(c['source']).strip()).group(1) for c in nb['cells']
                 if c['cell_type'] == 'markdown' and re.match(r'#\s+', ''.join(c['source']).strip()))
    proc = nbdocs.proc_nb(p, 'myst', names)
    apis = [re.search(r'^#+ `?([^`\n]+?)`?$', c['source'], re.M).group(1) for c in proc['cells']
            if c['cell_type'] == 'markdown' and 'api-block' in c['source']]
    outs = [o for c in proc['cells'] for o in c.get('outputs', [])]
    kinds = {k for o in outs for k in o.get('data', {})}
    if any('<details' in ''.join(o.get('data', {}).get('text/markdown', '')) for o in outs): kinds.add('details')
    widths = [(o.get('metadata', {}).get(k) or {}).get('width') for o in outs for k in o.get('data', {}) if k.startswith('image/')]
    shown_replay = any(c['cell_type'] == 'code' and 'use_replay()' in ''.join(c['source']) and '#| hide' not in ''.join(c['source']) for c in nb['cells'])
    return dict(title=title, apis=apis, kinds=kinds, widths=widths, nb_errs=nb_errors(nb), shown_replay=shown_replay)

def serve(site):
    class H(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw): super().__init__(*a, directory=str(site), **kw)
        def log_message(self, *a): pass
        def do_GET(self):
            f = site/self.path.split('?')[0].split('#')[0].lstrip('/')
            if f.suffix != '.html' or not f.is_file(): return super().do_GET()
            body = f.read_bytes().replace(b'</body>', MEASURE + b'</body>', 1)
            self.send_response(200); self.send_header('Content-Type', 'text/html; charset=utf-8')
            self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}'

def chromium(args, timeout=90):
    exe = os.environ.get('CHROMIUM') or shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
    if not exe: sys.exit('chromium not found: apt-get install -y chromium (or set CHROMIUM)')
    with tempfile.TemporaryDirectory() as ud:
        r = subprocess.run([exe, *FLAGS, f'--user-data-dir={ud}', *args], capture_output=True, text=True, timeout=timeout)
    if r.returncode: raise RuntimeError(f'chromium failed ({r.returncode}): {r.stderr[-500:]}')
    return r.stdout

@functools.cache
def tracked():
    "The repository's files as git knows them, with their line counts (what a link to the repository can reach)"
    r = subprocess.run(['git', 'ls-files', '-z'], cwd=nbdocs.root, capture_output=True, text=True)
    fs = r.stdout.split('\0')[:-1] if r.returncode == 0 else [p.relative_to(nbdocs.root).as_posix() for p in nbdocs.root.rglob('*') if p.is_file()]
    return {f: (nbdocs.root/f).read_bytes().count(b'\n') + 1 for f in fs if (nbdocs.root/f).is_file()}

def link_errors(dom, nb):
    "Links into the repository that would 404: a file git doesn't track, a line past its end; the edit link must be `nb`'s"
    errs, pre = [], f'{nbdocs.git_url}/'
    for a in dom.links:
        h = a['href']
        if not h.startswith(pre): continue
        m = re.match(rf'{re.escape(pre)}(?:blob|edit|tree)/{re.escape(nbdocs.branch)}/([^#?]+)(?:#L(\d+))?', h)
        if not m: errs.append(f'{h} is not a link to a file on branch {nbdocs.branch}'); continue
        f, ln = m.group(1), m.group(2)
        if f not in tracked(): errs.append(f'{h}: {f} is not a file in the repository')
        elif ln and int(ln) > tracked()[f]: errs.append(f'{h}: {f} has only {tracked()[f]} lines')
    edits = [a['href'] for a in dom.links if a.get('rel') == 'edit']
    want = f'{pre}edit/{nbdocs.branch}/{nb}'
    if edits != [want]: errs.append(f'"Edit this page" links to {edits or "nothing"}, expected {want}')
    return errs

def check_page(url, page, exp, pages, nb):
    dom = Dom(); dom.feed(chromium(['--virtual-time-budget=5000', '--dump-dom', url]))
    errs = []
    def err(check, msg): errs.append((check, msg))
    title, apis, kinds = exp['title'], exp['apis'], exp['kinds']
    if not dom.title.strip().startswith(title): err('title', f'<title> is {dom.title.strip()!r}, expected it to start with {title!r}')
    if dom.h1.replace('¶', '').strip() != title: err('title', f'<h1> is {dom.h1.strip()!r}, expected {title!r}')
    want_nav = {f'{o}.html' for o in pages if o not in ('index', page)}
    if missing := want_nav - dom.nav: err('navigation', f'navigation lacks links to {sorted(missing)}')
    if len(dom.apis) < len(apis) or (apis and (dom.api_tables < 1 or dom.api_sigs < len(apis))):
        err('API sections', f'{len(dom.apis)} API sections ({dom.api_sigs} signatures, {dom.api_tables} tables), expected {len(apis)} with a table')
    # headings and contents: each API section headed by its name as written, nothing in a heading set in bold or italics
    heads = {h['text'].replace('¶', '').strip(): h['sec'] for h in dom.heads}
    for nm in apis:
        if nm in heads: continue
        got = [h for h, sec in heads.items() if sec == nbdocs.anchor(nm)]
        err('dunder headings', f'API heading reads {got[0]!r}, expected {nm!r}' if got else f'no heading reads {nm!r}')
    for r in dom.heads + dom.toc:
        if r['emph']: err('dunder headings', f'{"heading" if "href" not in r else "contents entry"} {r["text"].replace("¶", "").strip()!r} has bold or italic text (a name\'s underscores taken as markdown?)')
    for t in dom.toc:
        if t['href'].startswith('#api-') and t['text'].strip() not in apis: err('dunder headings', f'contents entry {t["text"].strip()!r} ({t["href"]}) is not an API name as written')
    if nosrc := [a['head'].replace('¶', '').strip() for a in dom.apis if not a['src']]: err('source links', f'API sections without a source link: {nosrc}')
    for e in link_errors(dom, nb): err('links resolve', e)
    if not dom.code: err('copy buttons', 'no code blocks')
    elif nobtn := sum(not c['btn'] for c in dom.code): err('copy buttons', f'{nobtn} of {len(dom.code)} code blocks have no copy button')
    if dom.outputs < 1: err('outputs', 'no rendered cell outputs')
    if 'details' in kinds and dom.out_details < 1: err('outputs', 'markdown outputs not rendered (no <details> element in outputs)')
    if len(dom.imgs) < len(exp['widths']): err('image widths', f'{len(dom.imgs)} images shown, the notebook has {len(exp["widths"])}')
    for i, (w, im) in enumerate(zip(exp['widths'], dom.imgs)):
        if 'data-rw' not in im: err('image widths', f'image {i+1} was not measured (page did not finish loading?)'); continue
        rw, nw, aw = (float(im[k]) for k in ('data-rw', 'data-nw', 'data-aw'))
        want = min(w or nw, aw)
        if abs(rw - want) > 1.5: err('image widths', f'image {i+1} is shown {rw:.0f} px wide; asked for {w or "nothing"} (natural {nw:.0f}, column {aw:.0f} px): expected {want:.0f}')
    if m := re.search(NET, out := ''.join(dom.out_text)): err('no network warnings', f'a rendered output shows a network failure: {_line(out, m)!r}')
    pre = ''.join(dom.pre_text)
    if re.search(r'^\s*#\|', pre, re.M): err('machinery', 'a `#|` directive is shown in code')
    if 'use_replay()' in pre and not exp['shown_replay']: err('machinery', 'a hidden setup cell is shown')
    return errs + [(c, f'{nb}: {m}') for c, m in exp['nb_errs']], dom

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--site', default=str(nbdocs.root/'_site')); ap.add_argument('--shots', default=str(nbdocs.root/'_proc/screenshots'))
    a = ap.parse_args()
    site, shots = Path(a.site), Path(a.shots); shots.mkdir(parents=True, exist_ok=True)
    if not (site/'index.html').exists(): sys.exit(f'no site in {site}: run tools/build_docs.sh')
    names, nbs = nbdocs.names_index(), nbdocs.nbs_list()
    pages = [nbdocs.page_name(p) for p in nbs]
    srv, base = serve(site)
    t0, failed, by_check = time.monotonic(), 0, collections.defaultdict(list)
    try:
        for p, page in zip(nbs, pages):
            exp = expected(p, names)
            url = f'{base}/{page}.html'
            errs, dom = check_page(url, page, exp, pages, p.relative_to(nbdocs.root).as_posix())
            chromium([f'--screenshot={shots/page}.png', url])
            print(f'{"ok" if not errs else "FAIL":4} {page}.html  "{exp["title"]}"  api sections: {len(dom.apis)}, outputs: {dom.outputs}, '
                  f'code blocks: {len(dom.code)}, images: {len(dom.imgs)}, nav links: {len(dom.nav)}')
            for c, e in errs: print(f'     - [{c}] {e}')
            for c in dict.fromkeys(c for c, _ in errs): by_check[c].append(page)
            failed += bool(errs)
    finally: srv.shutdown()
    print(f'screenshots: {shots}')
    for c, ps in by_check.items(): print(f'check failed: {c}: {len(ps)} pages ({", ".join(ps)})')
    print(f'pages: {len(pages)-failed} passed, {failed} failed, in {time.monotonic()-t0:.0f}s')
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
