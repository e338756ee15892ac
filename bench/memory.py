"""Where the memory of a lisette process goes: `python bench/memory.py [--python PY]`.
Starts the emulator (`emu.py`) on loopback and, in fresh processes, takes the resident set size (RSS) after each step up to
the first Anthropic turn, the one `peers.py` compares with chatlas: the interpreter and httpx, `import litellm`, lisette's
modules, a `Chat`, the first turn. It also says what each step loaded (modules, by package) and what of the first turn's
memory stays allocated, by the call that allocated it (`tracemalloc`). Prints the table and writes it to `bench/MEMORY.md`."""
import os, sys, json, argparse, subprocess, statistics as st
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from peers import ENV as PEERS_ENV  # the environment `peers.py` runs its contenders in (bytecode written, keys, the local map)
ENV = PEERS_ENV | {'PYTHONPATH':str(ROOT)}
OUT = HERE/'MEMORY.md'

# One fresh process: RSS after each step, modules each step loaded, and (with `trace`) where the first turn's memory stays
CLIENT = r'''
import os, sys, json
def rss():
    with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20
URL,MODE = sys.argv[1],sys.argv[2]; TRACE = MODE == 'trace'
steps,mods = [],[]
def step(name):
    new = set(sys.modules) - step.seen; step.seen |= new
    by = {}
    for m in new: by[m.split('.')[0]] = by.get(m.split('.')[0], 0) + 1
    steps.append((name, rss(), len(new), sorted(by.items(), key=lambda o: -o[1])[:3]))
step.seen = set(sys.modules)
step('interpreter')
import httpx; step('import httpx')
import litellm; step('import litellm')
from lisette.core import Chat; step('import lisette')
c = Chat('anthropic/claude-sonnet-4-5'); step('Chat(...)')
from litellm.utils import get_bundled_model_cost_map
if MODE == 'preload': get_bundled_model_cost_map(); step("LiteLLM's bundled model map")
if TRACE:
    import tracemalloc; tracemalloc.start(30)
r = c('Hi, my name is Ada.', api_base=URL, max_tokens=1024)
assert r.choices[0].message.content.startswith('Hello'), r
step('first turn')
out = dict(steps=steps, bundled_loaded=get_bundled_model_cost_map.cache_info().currsize == 1)
if TRACE:
    sites = {}
    for s in tracemalloc.take_snapshot().statistics('traceback'):
        fs = [f for f in s.traceback if '/json/' not in f.filename and '/importlib/' not in f.filename and 'frozen' not in f.filename]
        f = fs[-1] if fs else s.traceback[-1]
        import linecache
        n = f.filename.split('site-packages/')[-1]
        n = 'lisette/' + n.split('/lisette/')[-1] if '/lisette/' in n else n
        k = f"`{n}:{f.lineno}` `{linecache.getline(f.filename, f.lineno).strip()[:70]}`"
        sites[k] = sites.get(k, 0) + s.size
    out['sites'] = sorted(((k, v/2**20) for k,v in sites.items()), key=lambda o: -o[1])[:5]
print(json.dumps(out))
'''

def run(py, url, mode='rss'):
    "The JSON of one fresh process of `CLIENT`: `mode` 'rss', 'preload' (LiteLLM's bundled map loaded as a step of its own) or 'trace'"
    p = subprocess.run([py, '-c', CLIENT, url, mode], env=ENV, capture_output=True, text=True, timeout=300)
    if p.returncode: sys.exit(f'client failed: {p.stderr.strip().splitlines()[-1:]}')
    return json.loads(p.stdout.strip().splitlines()[-1])

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--python', default=sys.executable, help='Python of the environment to measure (default: this one)')
    ap.add_argument('-n', type=int, default=5, help='fresh processes to take the median of')
    a = ap.parse_args()
    em = subprocess.Popen([sys.executable, str(HERE/'emu.py')], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=ENV)
    try:
        url = em.stdout.readline().strip()
        run(a.python, url)  # writes the bytecode
        runs,pre = zip(*[(run(a.python, url), run(a.python, url, 'preload')) for _ in range(a.n)])
        tr = run(a.python, url, 'trace')
    finally: em.stdin.close(); em.wait(timeout=30)
    names = [s[0] for s in runs[0]['steps']]
    med = [st.median(r['steps'][i][1] for r in runs) for i in range(len(names))]
    lines = ['| step | RSS after it, MB | added, MB | modules it loaded (most, by package) |', '|---|---|---|---|']
    for i,(nm,_,n,top) in enumerate(runs[0]['steps']):
        most = ' (' + ', '.join(f'{k} {v:,}' for k,v in top) + ')' if top else ''
        lines.append(f"| {nm} | {med[i]:.1f} | {med[i]-med[i-1] if i else med[i]:.1f} | {n:,}{most} |")
    pmed = [st.median(r['steps'][i][1] for r in pre) for i in range(len(names)+1)]
    py = str(a.python).replace(str(Path.home()), '~')
    lines += ['', f"Median of {a.n} fresh processes (`{py}`). The first turn loaded LiteLLM's bundled model map a second time "
              f"(`litellm.utils.get_bundled_model_cost_map`): {'yes' if all(r['bundled_loaded'] for r in runs) else 'no'}. "
              f"Loaded as a step of its own before the turn (as many processes again), that copy adds {pmed[-2]-pmed[-3]:.1f} MB "
              f"and the first turn then {pmed[-1]-pmed[-2]:.1f} MB, for {pmed[-1]:.1f} MB in all.", '',
              'What of the first turn stays allocated, by the call that allocated it (`tracemalloc`, one process):', '',
              '| where | MB |', '|---|---|', *[f'| {k} | {v:.2f} |' for k,v in tr['sites']]]
    md = '\n'.join(lines) + '\n'
    print(md)
    OUT.write_text('<!-- written by bench/memory.py -->\n' + md)

if __name__ == '__main__': main()
