"""What a whole turn costs with lisette next to the libraries one would pick instead: `python bench/peers.py [--quick]`.
Makes (once) virtualenvs with chatlas, claudette, pydantic-ai, the providers' SDKs, httpx and LiteLLM, starts the emulator
(`emu.py`) on loopback, runs `peer_client.py` for each contender in fresh processes (batch by batch, the order rotating),
and writes the table, with each contender's ratio to chatlas measured in the same run, to `bench/PEERS.md`, at the top of
`bench/RESULTS.md`, and the raw figures to `bench/results/peers.json`."""
import os, re, sys, json, time, hashlib, argparse, platform, subprocess, statistics as st
from importlib.metadata import version
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LITELLM = version('litellm')  # the same LiteLLM as this environment's, for raw LiteLLM and lisette alike
# claudette passes `temperature` to `messages.create`, which anthropic>=1 no longer takes, so it gets a venv of its own with anthropic<1
VENVS = dict(main=['chatlas', 'pydantic-ai-slim[anthropic,openai]', 'anthropic', 'openai', 'httpx', f'litellm=={LITELLM}', str(ROOT)],
             claudette=['claudette', 'anthropic<1'])
KEY = hashlib.sha1(json.dumps([VENVS, platform.python_version()]).encode()).hexdigest()[:10]
CACHE = Path(os.environ.get('LISETTE_BENCH_PEERS_VENV', Path.home()/'.cache'/'lisette-bench'/f'peers-{KEY}'))
# name in peer_client.py: (column heading, venv)
PEERS = dict(httpx=('httpx alone', 'main'), sdk=('provider SDK', 'main'), chatlas=('chatlas', 'main'), claudette=('claudette', 'claudette'),
             pydantic_ai=('pydantic-ai', 'main'), litellm=('raw LiteLLM', 'main'), lisette=('lisette', 'main'))
# every contender runs with its bytecode written (`--warm` compiles it), as pip leaves an installed package: lisette runs from the
# working tree, so a `PYTHONDONTWRITEBYTECODE` of the caller's would have it compiled again in every process
ENV = dict({k:v for k,v in os.environ.items() if k != 'PYTHONDONTWRITEBYTECODE'}, LITELLM_LOCAL_MODEL_COST_MAP='True', PYTHONWARNINGS='ignore', ANTHROPIC_API_KEY='sk-bench', OPENAI_API_KEY='sk-bench')
PEERS_MD = HERE/'PEERS.md'
BEGIN,END = '<!-- peers: written by bench/peers.py -->','<!-- /peers -->'

def log(*a): print(*a, file=sys.stderr, flush=True)

def venv(nm):
    "Python of venv `nm` of `VENVS`, made on first use under `CACHE`"
    d = CACHE/nm; py = d/'bin'/'python'
    if (d/'.complete').exists(): return str(py)
    log(f'Installing {" ".join(VENVS[nm])} into {d} (once)...')
    subprocess.run([sys.executable, '-m', 'venv', '--clear', str(d)], check=True, capture_output=True, timeout=120)
    p = subprocess.run([str(py), '-m', 'pip', 'install', '-q', *VENVS[nm]], capture_output=True, text=True, timeout=900)
    if p.returncode: sys.exit(f'pip install into {d} failed: {p.stderr.strip().splitlines()[-1:]}')
    (d/'.complete').write_text('\n'.join(VENVS[nm]))
    return str(py)

def client(nm, url, *args, timeout=900):
    "The JSON `peer_client.py` prints for contender `nm`, or {'error': ...}"
    env = ENV | ({'PYTHONPATH':str(ROOT)} if nm == 'lisette' else {})  # this repo's working tree, as bench/run.py measures it
    try: p = subprocess.run([venv(PEERS[nm][1]), str(HERE/'peer_client.py'), nm, url, *args], env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired: return {'error':f'no answer in {timeout} s'}
    if p.returncode: return {'error':(p.stderr.strip().splitlines() or [f'exit {p.returncode}'])[-1][:300]}
    return json.loads(p.stdout.strip().splitlines()[-1])

def run(url, names, nproc, quick):
    "{name: [result of each fresh process]}: one process per contender per batch, the order rotating from batch to batch"
    for nm in names: log(f'  warm-up (bytecode, caches) {nm}...'); client(nm, url, '--warm')
    res = {nm:[] for nm in names}
    for b in range(nproc):
        order = names[b % len(names):] + names[:b % len(names)]
        for nm in order:
            log(f'  batch {b+1} of {nproc}: {nm}...')
            res[nm].append(client(nm, url, *(['--quick'] if quick else [])))
    return res

# ## The table
WIRES = dict(anthropic='Anthropic', openai='OpenAI')
ROWS = [*[(f'turn_{w}', f'one turn, {W} wire, CPU µs', 'cpu') for w,W in WIRES.items()],
        *[(f'loop_{w}', f'tool loop of 3 calls, {W} wire, CPU µs', 'cpu') for w,W in WIRES.items()],
        *[(f'stream_{w}', f'streaming, {W} wire, CPU µs per chunk', 'chunk') for w,W in WIRES.items()],
        *[(f'hist_{w}', f'one turn on a 200-message history, {W} wire, CPU µs', 'cpu') for w,W in WIRES.items()],
        ('import_setup', 'import + set-up in a fresh process, s', 's'), ('import_setup_cpu', 'import + set-up in a fresh process, CPU s', 's'),
        ('first_turn', 'first turn in a fresh process, ms', 'ms'), ('first_turn_cpu', 'first turn in a fresh process, CPU ms', 'ms'),
        ('rss', 'memory (RSS) after one turn, MB', 'mb')]
# the targets for lisette over chatlas, measured in the same run
TARGETS = [*[(f'turn_{w}', f'per turn, {W} wire', 1.5) for w,W in WIRES.items()], *[(f'loop_{w}', f'per tool loop, {W} wire', 1.5) for w,W in WIRES.items()],
           *[(f'stream_{w}', f'per streamed chunk, {W} wire', 1.5) for w,W in WIRES.items()],
           ('first_turn_cpu', 'first turn of a fresh process, after import (CPU)', 5), ('rss', 'memory after one turn', 1.7)]

def figure(runs, k):
    "Median of `k` over `runs` (the processes of one contender): over every round of every process for CPU figures; None if missing"
    ok = [o for o in runs if 'error' not in o and k in o]
    if not ok: return None
    return st.median([v for o in ok for v in (o[k] if isinstance(o[k], list) else [o[k]])])

def fmt(v, kind):
    if v is None: return '—'
    return {'cpu':lambda: f'{v*1e6:,.0f}', 'chunk':lambda: f'{v*1e6:,.0f}' if v >= 1e-4 else f'{v*1e6:.3g}', 's':lambda: f'{v:.2f}', 'ms':lambda: f'{v*1e3:,.0f}', 'mb':lambda: f'{v:.0f}'}[kind]()

def mark(ok): return '✅ met' if ok else '❌ missed'

def verdicts(res):
    "[(label, ratio of lisette's figure over chatlas's, target)] for the targets both have a figure for"
    out = []
    for k,lbl,t in TARGETS:
        l,c = figure(res.get('lisette', []), k),figure(res.get('chatlas', []), k)
        if l is not None and c: out.append((lbl, l/c, t))
    return out

def table(res, meta):
    names = [nm for nm in PEERS if nm in res]
    fig = {nm:{k:figure(res[nm], k) for k,_,_ in ROWS} for nm in names}
    hdr = '| | ' + ' | '.join(PEERS[nm][0] for nm in names) + ' |\n|---|' + '---|'*len(names)
    out = ['## The whole turn, next to other libraries', '', meta, '',
           'Every contender makes the same requests to the emulator on loopback (in a process of its own): the same model '
           '(`claude-sonnet-4-5`, `gpt-4.1`), prompt, `max_tokens` and temperature 0; the tool loop gives each the same `add` tool and '
           'takes three model calls; a stream is one reply of '
           f'{max((o.get("chunks", 0) for r in res.values() for o in r), default=0):,} text chunks, built into the complete reply (as keeping the history needs); '
           'every reply\'s text is checked. CPU figures are the CPU time of the whole client process (`time.process_time`, so LiteLLM\'s '
           'logging threads count), the median over every round of every process. Import + set-up runs from the client script\'s first line '
           'to a ready chat object (its CPU figure counts from the interpreter\'s start), the first turn is the one after it; they and memory are '
           'medians over processes, in wall-clock time (which other load on the machine stretches) and in CPU time. '
           '"—": the contender has no such wire (claudette speaks only to Anthropic).', '', hdr]
    out += ['| ' + lbl + ' | ' + ' | '.join(fmt(fig[nm][k], kind) for nm in names) + ' |' for k,lbl,kind in ROWS]
    if 'chatlas' in names:
        out += ['', 'Each figure over chatlas\'s (lower is cheaper):', '', hdr]
        c = fig['chatlas']
        out += ['| ' + lbl + ' | ' + ' | '.join('—' if fig[nm][k] is None or not c[k] else f'{fig[nm][k]/c[k]:.2f}x' for nm in names) + ' |'
                for k,lbl,_ in ROWS]
    vs = verdicts(res)
    if vs:
        out += ['', 'lisette against its targets, as a ratio to chatlas measured in the same run:', '']
        out += [f'- {mark(r <= t)} {lbl}: lisette/chatlas = {r:.2f}x (target ≤ {t:g}x)' for lbl,r,t in vs]
    vers = {v:{} for v in VENVS}
    for nm in names:
        for o in res[nm]: vers[PEERS[nm][1]] |= {k:v for k,v in (o.get('versions') or {}).items() if v}
    vs = lambda d: ', '.join(f'{k} {v}' for k,v in sorted(d.items()))
    out += ['', f'Versions: {vs(vers["main"])}; claudette in an environment of its own, {vs(vers["claudette"])} (anthropic<1, which still takes '
            'the `temperature` claudette passes). lisette is this repo\'s working tree, on the same LiteLLM as raw LiteLLM.']
    for nm in names:
        for o in res[nm]:
            if 'error' in o: out += ['', f'{PEERS[nm][0]} failed in a process: {o["error"]}']
    replies = {o['reply'] for r in res.values() for o in r if 'reply' in o}
    if len(replies) > 1: out += ['', f'The contenders got different replies to the same prompt: {sorted(replies)}']
    return '\n'.join(out) + '\n'

def lead(res, md=None):
    """`res` (the text of RESULTS.md) with the peers table `md` (default: bench/PEERS.md's, if there is one) as its leading section,
    just after the title, in place of an earlier one: `bench/run.py` calls it too, so that rewriting RESULTS.md keeps the table"""
    if md is None: md = PEERS_MD.read_text() if PEERS_MD.exists() else ''
    res = re.sub(re.escape(BEGIN) + '.*?' + re.escape(END) + '\n*', '', res, flags=re.S)
    if not md: return res
    title,_,rest = res.partition('\n')
    return f'{title}\n\n{BEGIN}\n{md}{END}\n\n' + rest.lstrip('\n')

def write(res, meta):
    md = table(res, meta)
    PEERS_MD.write_text(md)
    r = HERE/'RESULTS.md'
    r.write_text(lead(r.read_text() if r.exists() else '# lisette benchmarks\n', md))
    d = HERE/'results'; d.mkdir(exist_ok=True)
    (d/'peers.json').write_text(json.dumps(dict(meta=meta, runs=res), indent=1))
    print(md)
    for lbl,r,t in verdicts(res): log(f'{mark(r <= t)} {lbl}: lisette/chatlas = {r:.2f}x (target ≤ {t:g}x)')

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--quick', action='store_true', help='one process per contender, fewer and shorter rounds (noisier)')
    p.add_argument('--procs', type=int, help='fresh processes per contender (default 4; 1 with --quick)')
    p.add_argument('--only', help='comma-separated contenders (default all: ' + ','.join(PEERS) + ')')
    p.add_argument('--render-from', help='remake the table from a run\'s results/peers.json')
    a = p.parse_args()
    if a.render_from:
        raw = json.loads(Path(a.render_from).read_text())
        return write(raw['runs'], raw['meta'])
    t0,load0 = time.perf_counter(),os.getloadavg()
    names = a.only.split(',') if a.only else list(PEERS)
    for nm in {PEERS[n][1] for n in names}: venv(nm)
    em = subprocess.Popen([sys.executable, str(HERE/'emu.py')], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env=ENV | {'PYTHONPATH':str(ROOT)})
    try:
        url = em.stdout.readline().strip()
        log(f'Emulator at {url}')
        res = run(url, names, a.procs or (1 if a.quick else 4), a.quick)
    finally:
        em.stdin.close(); em.wait(10)
    git = subprocess.run(['git', 'describe', '--always', '--dirty'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    load1 = os.getloadavg()
    meta = (f'{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · commit `{git}` · Python {platform.python_version()} · {os.cpu_count()} cores · '
            f'{"quick run" if a.quick else "full run"}, {a.procs or (1 if a.quick else 4)} fresh process(es) per contender · load average '
            f'{load0[0]:.1f} at the start, {load1[0]:.1f} at the end · {time.perf_counter()-t0:.0f} s')
    write(res, meta)

if __name__ == '__main__': main()
