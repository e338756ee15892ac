"""LiteLLM's switches that cut work lisette doesn't need: `python bench/switches.py [--quick]`.
For each setting (alone, then all together) a fresh process measures the CPU time (`time.process_time`, all threads) of raw
LiteLLM and of this repo's lisette per turn, per tool loop of three calls and per streamed chunk, against the emulator on
loopback; the processes alternate between settings, batch by batch. Then it profiles where a fresh process's first turn
goes. Writes `bench/SWITCHES.md` and `bench/results/switches.json`."""
import os, re, sys, json, time, argparse, subprocess, statistics as st
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# LiteLLM's switches act on `litellm.completion`, so lisette's calls go through it here (`LISETTE_DIRECT=0`)
ENV = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP='True', PYTHONWARNINGS='ignore', ANTHROPIC_API_KEY='sk-bench', PYTHONPATH=str(ROOT),
           LISETTE_DIRECT='0')

# name: (what to set, what it changes in behaviour); the client turns each on and off (`TOGGLES` in `CLIENT`)
SWITCHES = dict(
    stream_log=('`litellm.disable_streaming_logging = True`',
                'streamed calls no longer reach success callbacks (`litellm.callbacks`, `success_callback`) nor the cache: set it only when none is set'),
    msg_log=('`litellm.turn_off_message_logging = True`', 'callbacks get the messages and replies redacted'),
    no_cost=('inline cost skipped: `Logging.response_cost_calculator` answers None (a patch: LiteLLM has no setting for it)',
             "`_hidden_params['response_cost']` is None, so lisette's `response_cost` falls back to `litellm.completion_cost` for each reply "
             '(the same work, later); callbacks see no cost'),
    memo_info=('`get_model_info` memoized (a patch of `litellm.utils.get_model_info_helper`: `functools.lru_cache` on its arguments, a copy returned)',
               "a model registered or repriced after its first call (`litellm.register_model`) isn't seen until the cache is cleared"),
    no_log_thread=('success logging not handed to LiteLLM\'s thread pool (a patch of `executor.submit` in `litellm.utils` and the streaming handler; no setting)',
                   'no success callbacks at all, no caching of streamed replies: only where no callback and no cache is set'),
)
COMBOS = dict(all_settings=('stream_log', 'msg_log'), all=tuple(SWITCHES))

CLIENT = r'''
import os, sys, json, time, gc, functools
os.environ.setdefault('LITELLM_LOCAL_MODEL_COST_MAP', 'True')
import litellm, litellm.utils as lu
import litellm.litellm_core_utils.streaming_handler as sh
from litellm.litellm_core_utils.litellm_logging import Logging
from concurrent.futures import Future
from litellm import completion, stream_chunk_builder
from lisette.core import Chat

_rcc,_gmi = Logging.response_cost_calculator,lu.get_model_info_helper
_memo = functools.lru_cache(512)(_gmi)
def _skip(*a, **kw):
    f = Future(); f.set_result(None); return f
def _patch(o, nm, new, on):
    if on: setattr(o, nm, new)
    else: o.__dict__.pop(nm, None)
TOGGLES = dict(
    stream_log=lambda on: setattr(litellm, 'disable_streaming_logging', on),
    msg_log=lambda on: setattr(litellm, 'turn_off_message_logging', on),
    no_cost=lambda on: setattr(Logging, 'response_cost_calculator', (lambda self, *a, **kw: None) if on else _rcc),
    memo_info=lambda on: setattr(lu, 'get_model_info_helper', (lambda *a, **kw: dict(_memo(*a, **kw))) if on else _gmi),
    no_log_thread=lambda on: [_patch(e, 'submit', _skip, on) for e in {id(lu.executor):lu.executor, id(sh.executor):sh.executor}.values()])
NAMES = sys.argv[2].split(',')
def switch(on):
    for k in NAMES: TOGGLES[k](on)

URL,Q,TQ,N = sys.argv[1],'Hi, my name is Ada.','What is (1+2)+3?',int(sys.argv[3])
SQ,M = f'Stream {N} chunks','anthropic/claude-sonnet-4-5'
def add(a:int, b:int)->int:
    "Add two integers"
    return a+b
S_ADD = Chat(M, tools=[add]).tool_schemas
c,t = Chat(M),Chat(M, tools=[add])
def l_turn():
    c.hist = []; r = c(Q, api_base=URL, max_tokens=1024)
    assert r.choices[0].message.content.startswith('Hello'), r
def r_turn():
    r = completion(model=M, messages=[{'role':'user', 'content':Q}], temperature=0, max_tokens=1024, api_base=URL)
    assert r.choices[0].message.content.startswith('Hello'), r
def l_loop():
    t.hist = []; r = t(TQ, api_base=URL, max_tokens=1024, max_steps=5)
    assert '6' in r.choices[0].message.content and len(t.hist) == 6, t.hist
def r_loop():
    msgs = [{'role':'user', 'content':TQ}]
    while True:
        m = completion(model=M, messages=msgs, tools=S_ADD, temperature=0, max_tokens=1024, api_base=URL).choices[0].message
        msgs.append(m)
        if not m.tool_calls: break
        msgs += [{'role':'tool', 'tool_call_id':o.id, 'name':'add', 'content':str(add(**json.loads(o.function.arguments)))} for o in m.tool_calls]
    assert '6' in m.content and len(msgs) == 6, msgs
WANT = ' '.join(map(str, range(3*N)))
def l_stream():
    c.hist = []
    for _ in c(SQ, stream=True, api_base=URL, max_tokens=16000): pass
    h = c.hist[-1]
    assert (h['content'] if isinstance(h, dict) else h.content) == WANT
def r_stream():
    r = stream_chunk_builder(list(completion(model=M, messages=[{'role':'user', 'content':SQ}], stream=True, temperature=0, max_tokens=16000, api_base=URL)))
    assert r.choices[0].message.content == WANT
def cpu(f, n):
    t = time.process_time()
    for _ in range(n): f()
    return (time.process_time()-t)/n
R,n = int(sys.argv[4]),int(sys.argv[5])
out = {}
for k,(l,r,m,d) in dict(turn=(l_turn, r_turn, n, 1), loop=(l_loop, r_loop, max(2, n//3), 1), stream=(l_stream, r_stream, 1, N)).items():
    for on in (False, True): switch(on); l(); r(); l(); r()
    gc.collect()
    res = {on:dict(lisette=[], raw=[]) for on in (False, True)}
    for i in range(R):  # paired rounds: the setting off and on, one right after the other, which goes first alternating
        for on in ((False, True) if i % 2 else (True, False)):
            switch(on)
            for who,f in ((('raw', r), ('lisette', l)) if i % 2 else (('lisette', l), ('raw', r))): res[on][who].append(cpu(f, m)/d)
    out[k] = dict(off=res[False], on=res[True])
print(json.dumps(out))
'''

def code(nm): return ','.join(COMBOS.get(nm, (nm,)))

def measure(url, names, nproc, quick):
    res = {nm:[] for nm in names}
    args = ['300', '2', '8'] if quick else ['1000', '6', '20']
    for b in range(nproc):
        for nm in names[b % len(names):] + names[:b % len(names)]:
            print(f'  batch {b+1} of {nproc}: {nm}...', file=sys.stderr, flush=True)
            p = subprocess.run([sys.executable, '-c', CLIENT, url, code(nm), *args], env=ENV, capture_output=True, text=True, timeout=900)
            res[nm].append(json.loads(p.stdout.strip().splitlines()[-1]) if not p.returncode else {'error':p.stderr.strip().splitlines()[-1]})
    return res

def med(res, nm, k, who, state):
    "Median over every round of every process of variant `nm`: CPU seconds of workload `k` for `who` with the setting off or on (`state`)"
    vs = [v for o in res[nm] if 'error' not in o for v in o[k][state][who]]
    return st.median(vs) if vs else None

def diff(res, nm, k, who):
    "Median over the paired rounds of variant `nm` of the change (on - off) in CPU seconds"
    vs = [b-a for o in res[nm] if 'error' not in o for a,b in zip(o[k]['off'][who], o[k]['on'][who])]
    return st.median(vs) if vs else None

FIRST = r'''
import time, cProfile, pstats, io, sys, os
t0 = time.perf_counter(); c0 = time.process_time()
from lisette.core import Chat
t1 = time.perf_counter(); c1 = time.process_time()
c = Chat('anthropic/claude-sonnet-4-5')
pr = cProfile.Profile(); pr.enable()
t2 = time.perf_counter(); c2 = time.process_time()
r = c('Hi, my name is Ada.', api_base=sys.argv[1], max_tokens=1024)
t3 = time.perf_counter(); c3 = time.process_time()
pr.disable()
assert r.choices[0].message.content.startswith('Hello')
t4 = time.perf_counter(); c.hist = []; c('Hi, my name is Ada.', api_base=sys.argv[1], max_tokens=1024); t5 = time.perf_counter()
s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats('cumulative').print_stats(60)
import json; print(json.dumps(dict(imp=t1-t0, imp_cpu=c1-c0, first=t3-t2, first_cpu=c3-c2, second=t5-t4, prof=s.getvalue())))
'''

def first_turn(url, n):
    "Import and first-turn times of `n` fresh processes, the profile of the last one's first turn, and `python -X importtime` of `import lisette`"
    runs = []
    for _ in range(n):
        p = subprocess.run([sys.executable, '-c', FIRST, url], env=ENV, capture_output=True, text=True, timeout=300)
        runs.append(json.loads(p.stdout.strip().splitlines()[-1]) if not p.returncode else {'error':p.stderr.strip().splitlines()[-1]})
    p = subprocess.run([sys.executable, '-X', 'importtime', '-c', 'from lisette.core import Chat'], env=ENV, capture_output=True, text=True, timeout=300)
    imp = {}
    for l in p.stderr.splitlines():  # "import time: self [us] | cumulative | imported package", two spaces of indent a level
        if not l.startswith('import time:') or 'self [us]' in l: continue
        _,cum,name = l[len('import time:'):].split('|')
        if len(name) - len(name.lstrip()) <= 3: imp[name.strip()] = int(cum)  # top level and one level down
    return dict(runs=runs, top_imports=sorted(imp.items(), key=lambda o: -o[1])[:12])

def short(l):
    "A line of the profile without the directories of the files it names"
    return re.sub(r'\S*/(site-packages|lib/python3\.\d+)/', '', l.replace(str(ROOT)+'/', '')).rstrip()[:150]

def report(res, first, meta):
    names = list(res)
    ks,ws = ('turn', 'loop', 'stream'),('raw', 'lisette')
    base = {(k,w):st.median(v for nm in names for o in res[nm] if 'error' not in o for v in o[k]['off'][w]) for k in ks for w in ws}
    u = lambda v, k: '—' if v is None else (f'{v*1e6:+.1f}' if k == 'stream' else f'{v*1e6:+,.0f}')
    pc = lambda v, k, w: '' if v is None else f' ({v/base[(k, w)]*100:+.0f}%)'
    out = ['## LiteLLM settings that cut work lisette doesn\'t need', '', meta, '',
           'CPU time of the whole process (all threads) per turn, per tool loop of three calls and per streamed chunk (a 1,000-chunk reply '
           'built into the complete message), against the emulator on loopback. Each row runs in fresh processes of its own; in each, '
           'rounds with the setting off and on take turns, so each change is the median over paired rounds of (on - off), in µs and as a '
           'share of the figure with no setting.', '',
           '| | raw turn | lisette turn | raw tool loop | lisette tool loop | raw per chunk | lisette per chunk |', '|---|---|---|---|---|---|---|',
           '| no setting (median of all the "off" rounds), µs | ' + ' | '.join(u(base[(k, w)], k).lstrip('+') for k in ks for w in ws) + ' |']
    for nm in names:
        lbl = SWITCHES[nm][0] if nm in SWITCHES else ' + '.join(f'`{k}`' for k in COMBOS[nm])
        cells = [u(v := diff(res, nm, k, w), k) + pc(v, k, w) for k in ks for w in ws]
        out.append(f'| `{nm}`: {lbl} | ' + ' | '.join(cells) + ' |')
    out += ['', 'What each changes:', '']
    out += [f'- `{nm}`: {SWITCHES[nm][1]}' for nm in names if nm in SWITCHES]
    for nm in names:
        for o in res[nm]:
            if 'error' in o: out += [f'- `{nm}` failed in a process: {o["error"]}']
    ok = [o for o in first['runs'] if 'error' not in o]
    if ok:
        m = lambda k: st.median(o[k] for o in ok)
        out += ['', '### A fresh process\'s first turn', '',
                f'Median of {len(ok)} fresh processes: `from lisette.core import Chat` takes {m("imp"):.2f} s ({m("imp_cpu"):.2f} s CPU); the first '
                f'turn after it {m("first")*1e3:.0f} ms ({m("first_cpu")*1e3:.0f} ms CPU), the second {m("second")*1e3:.1f} ms. '
                'Where the first turn goes (cProfile, cumulative, the largest entries of one process):', '', '```',
                '\n'.join(short(l) for l in ok[-1]['prof'].splitlines()[:45] if l.strip()), '```', '',
                'Largest imports of `from lisette.core import Chat`, at the top level and one level down (`python -X importtime`, cumulative µs, one process):', '',
                '| module | µs |', '|---|---|'] + [f'| `{k}` | {v:,} |' for k,v in first['top_imports']]
    return '\n'.join(out) + '\n'

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--quick', action='store_true')
    p.add_argument('--procs', type=int, help='fresh processes per setting (default 2; 1 with --quick)')
    p.add_argument('--render-from', help="remake SWITCHES.md from a run's results/switches.json")
    a = p.parse_args()
    if a.render_from:
        raw = json.loads(Path(a.render_from).read_text())
        md = report(raw['runs'], raw['first'], raw['meta'])
        (HERE/'SWITCHES.md').write_text(md)
        return print(md)
    t0,load0 = time.perf_counter(),os.getloadavg()[0]
    em = subprocess.Popen([sys.executable, str(HERE/'emu.py')], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=ENV)
    try:
        url = em.stdout.readline().strip()
        res = measure(url, [*SWITCHES, *COMBOS], a.procs or (1 if a.quick else 2), a.quick)
        first = first_turn(url, 2 if a.quick else 4)
    finally:
        em.stdin.close(); em.wait(10)
    meta = (f'{time.strftime("%Y-%m-%d %H:%M", time.gmtime())} UTC · {"quick run" if a.quick else "full run"} · load average {load0:.1f} at the start, '
            f'{os.getloadavg()[0]:.1f} at the end · {time.perf_counter()-t0:.0f} s')
    md = report(res, first, meta)
    (HERE/'SWITCHES.md').write_text(md)
    (HERE/'results').mkdir(exist_ok=True)
    (HERE/'results'/'switches.json').write_text(json.dumps(dict(meta=meta, runs=res, first=first), indent=1))
    print(md)

if __name__ == '__main__': main()
