"""lisette's benchmark suite: `python bench/run.py` (see bench/README.md).
Starts one emulator server, runs the workloads of `work.py` with this repo's lisette and with the released one (each
against raw LiteLLM in the same process), times imports in fresh processes, then writes and prints the table and chart."""
import os, sys, json, time, argparse, platform, subprocess, statistics as st
from importlib.metadata import version
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RELEASED = '0.1.37'  # the latest lisette on PyPI when this suite was written
LITELLM = version('litellm')  # the released lisette runs on the same LiteLLM as this repo's
REL_REQS = [f'lisette=={RELEASED}', 'toolslm<0.3.47', 'mcp', f'litellm=={LITELLM}']  # LiteLLM imports mcp when tools are sent
REL_VENV = Path(os.environ.get('LISETTE_BENCH_RELEASED_VENV', Path.home()/'.cache'/'lisette-bench'/f'lisette-{RELEASED}-litellm-{LITELLM}'))
TOL = 0.05  # a figure is "as good as" the released one unless worse by more than this fraction
# lisette's own work on top of `litellm.completion` is what this suite measures, so its calls go through `litellm.completion`
# (`LISETTE_DIRECT=0`); `peers.py` measures the whole turn, the direct way
# (bytecode is written, as for an installed package: see `peers.py`)
ENV = dict({k:v for k,v in os.environ.items() if k != 'PYTHONDONTWRITEBYTECODE'}, LITELLM_LOCAL_MODEL_COST_MAP='True', PYTHONWARNINGS='ignore',
           LISETTE_DIRECT='0',
           **{k:os.environ.get(k, 'sk-bench') for k in ('ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY')})

def log(*a): print(*a, file=sys.stderr, flush=True)

# ## Running things
def released_python(py=None):
    "Python of a venv with the released lisette, made on first use; (python, None) or (None, why not)"
    if py: return py, None
    py = REL_VENV/'bin'/'python'
    if py.exists(): return str(py), None
    log(f'Installing lisette {RELEASED} into {REL_VENV} (once)...')
    try:
        subprocess.run([sys.executable, '-m', 'venv', str(REL_VENV)], check=True, capture_output=True, timeout=120)
        subprocess.run([str(py), '-m', 'pip', 'install', '-q', *REL_REQS], check=True, capture_output=True, text=True, timeout=420)
        return str(py), None
    except subprocess.CalledProcessError as e: return None, f'`pip install {" ".join(REL_REQS)}` failed: {(e.stderr or "").strip().splitlines()[-1:]}'
    except Exception as e: return None, f'could not set up the released lisette: {e!r}'

def dev_env(): return ENV | {'PYTHONPATH':str(ROOT)}  # this repo's lisette, even if it isn't installed

def import_times(pys, n):
    "Seconds to import each statement of `pys` ({name: (python, statement, env)}) in fresh processes, interleaved, after a warm-up"
    code = 'import time; t=time.perf_counter(); {}; print(time.perf_counter()-t)'
    run = lambda py,stmt,env: float(subprocess.run([py, '-c', code.format(stmt)], env=env, capture_output=True, text=True, check=True).stdout)
    for v in pys.values(): run(*v)
    res = {k:[] for k in pys}
    for i in range(n):
        ks = list(pys)
        for k in ks[i % len(ks):] + ks[:i % len(ks)]: res[k].append(run(*pys[k]))
    return res

def work(py, url, env, quick, script='work.py', *args, timeout=900):
    "The timings `script` (default `work.py`) run by `py` prints, or {'error': ...}"
    p = subprocess.run([py, str(HERE/script), url, *args] + (['--quick'] if quick else []), env=env, capture_output=True, text=True, timeout=timeout)
    if p.returncode: return {'error':(p.stderr.strip().splitlines() or ['exit %d' % p.returncode])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])

def cpu_runs(py, url, env, quick, n):
    "`cpu.py` run `n` times by `py`, each in a fresh process: a list of their results (an error ends the list)"
    res = []
    for i in range(n):
        log(f'  CPU time, run {i+1} of {n}...')
        res.append(r := work(py, url, env, quick, 'cpu.py'))
        if 'error' in r: break
    return res

# ## Statistics
def med(xs): return st.median(xs)
def iqr(xs): q = st.quantiles(xs, n=4) if len(xs) > 1 else [xs[0]]*3; return q[0],q[2]
def ms(xs): return f'{med(xs)*1e3:.2f} ms [{iqr(xs)[0]*1e3:.2f}–{iqr(xs)[1]*1e3:.2f}]'
def secs(xs): return f'{med(xs):.3f} s [{iqr(xs)[0]:.3f}–{iqr(xs)[1]:.3f}]'
def thr(xs, n=100): return f'{n/med(xs):.0f} turns/s [{n/iqr(xs)[1]:.0f}–{n/iqr(xs)[0]:.0f}]'
def pct(r): return f'{(r-1)*100:+.1f}%'
def pratio(a, b):
    "Median of the ratios of paired timings: each pair ran back to back (order alternating), which cancels drift between rounds"
    return med([x/y for x,y in zip(a, b)])

def linfit(h):
    "Slope (s/message), intercept and R² of a least-squares line through the median prep times of history `h`"
    xs,ys = zip(*[(int(k), med(v)) for k,v in h.items()])
    mx,my = sum(xs)/len(xs),sum(ys)/len(ys)
    b = sum((x-mx)*(y-my) for x,y in zip(xs, ys)) / sum((x-mx)**2 for x in xs)
    a = my - b*mx
    ss = sum((y-a-b*x)**2 for x,y in zip(xs, ys)); tot = sum((y-my)**2 for y in ys)
    return b, a, 1 - ss/tot

# ## The figures
def mark(ok): return '—' if ok is None else ('✅ met' if ok else '❌ missed')
def ratio(x, k): return pratio(x[k]['lisette'], x[k]['raw'])
def athr(x): return 1/pratio(x['async']['lisette'], x['async']['raw'])
def phase(x, k='lisette'): return med(x['ctools_phase'][k])
def h1k(x): return med(x['hist']['1000'])

def specs(d, imp):
    """Per row: name, workload key, raw LiteLLM's cell, a lisette run's cell, the figure compared with the released lisette,
    whether higher is better, the target and whether this repo meets it"""
    fit = lambda x: linfit(x['hist'])
    cell = lambda f: lambda x,k: f'{f(x[k]["lisette"])} ({pct(ratio(x, k))})'
    imp_cell = lambda k: lambda x,_: f'{secs(imp[k])} ({(med(imp[k])-med(imp["litellm"]))*1e3:+.0f} ms)'
    return [
        ('1. One turn: `Chat(m)(msg)` vs `completion`', 'per_turn', lambda: ms(d['per_turn']['raw']), cell(ms), ratio, False,
         '≤ +2% over raw', lambda: ratio(d, 'per_turn') <= 1.02),
        (f'2. Streaming a {d.get("stream_chunks", "?")}-chunk reply (vs raw streaming + building the reply)', 'stream',
         lambda: f'{secs(d["stream"]["raw"])}; built {secs(d["stream"]["raw_built"])}',
         lambda x,k: f'{secs(x[k]["lisette"])} ({pct(ratio(x, k))}; {pct(pratio(x[k]["lisette"], x[k]["raw_built"]))} vs built)',
         lambda x,k: pratio(x[k]['lisette'], x[k]['raw_built']), False,
         '≤ +3% over raw + building', lambda: pratio(d['stream']['lisette'], d['stream']['raw_built']) <= 1.03),
        (f'3. Tool loop: {d.get("tool_loop_calls", "?")} model calls, 2 tool rounds', 'tool_loop', lambda: ms(d['tool_loop']['raw']), cell(ms),
         ratio, False, 'as good as released', lambda: None),
        *[(f'3{c}. {nm}: {d.get(k+"_calls", "?")} model calls', k, lambda k=k: ms(d[k]['raw']), cell(ms), ratio, False, 'as good as released', lambda: None)
          for c,k,nm in (('b', 'think_loop', 'Thinking tool loop (Claude, `think="m"`)'), ('c', 'responses', 'Tool loop, Responses API (`openai/gpt-5.4`, thinking)'),
                         ('d', 'gemini3', 'Tool loop, Gemini 3 (`gemini/gemini-3-flash-preview`)'))],
        ('4. Async: 100 concurrent turns', 'async', lambda: thr(d['async']['raw']),
         lambda x,k: f'{thr(x[k]["lisette"])} ({athr(x)*100:.0f}% of raw)', lambda x,k: athr(x), True,
         '≥ 97% of raw throughput', lambda: athr(d) >= .97),
        (f'5. {d.get("ctools_n", 8)} async tools of 0.2 s in one turn: tool phase (whole turn)', 'ctools_phase',
         lambda: f'{phase(d, "raw"):.3f} s ({med(d["ctools"]["raw"]):.3f} s)',
         lambda x,k: f'{phase(x):.3f} s ({med(x["ctools"]["lisette"]):.3f} s)', lambda x,k: phase(x), False,
         'tools ≤ 0.25 s', lambda: phase(d) <= .25),
        ('6. Turn preparation at 1,000 messages', 'hist', lambda: '—', lambda x,k: ms(x['hist']['1000']), lambda x,k: h1k(x), False,
         '< 2 ms', lambda: h1k(d) < .002),
        ('6. Turn preparation, 10 to 5,000 messages', 'hist', lambda: '—',
         lambda x,k: f'{fit(x)[0]*1e6:.2f} µs/message, R² {fit(x)[2]:.4f}', lambda x,k: fit(x)[0], False,
         'linear (R² ≥ 0.99)', lambda: fit(d)[2] >= .99),
        ('7. Import in a fresh process', 'lisette', lambda: secs(imp['litellm']), imp_cell('lisette'), lambda x,k: med(imp[k]), False,
         '≤ litellm + 100 ms', lambda: med(imp['lisette']) - med(imp['litellm']) <= .1)]

def err_cell(x, k):
    e = x.get('errors', {})
    if k in (x.get('skipped') or {}): return f'skipped: {x["skipped"][k]}'
    why = e.get(k) or e.get({'ctools_phase':'ctools', 'lisette':'import'}.get(k, k)) or x.get('error') or 'not measured'
    return f'failed: {why}'

def figures(d, r, imp):
    "Rows (name, raw LiteLLM, this repo, released, target, met, as good as released) from the runs of this repo and the released lisette"
    rows = []
    for nm,k,raw,cell,cmpv,higher,target,met in specs(d, imp):
        def get(f, x, kk):
            try: return f(x, kk)
            except (KeyError, TypeError, ValueError, ZeroDivisionError, st.StatisticsError): return None
        dev = get(cell, d, k)
        rel = imp_released(imp) if k == 'lisette' else get(cell, r, k) if r else None  # imports: the released one is timed by run.py
        try: ok = met()
        except (KeyError, TypeError, st.StatisticsError): ok = None
        good = None
        dv = get(cmpv, d, k)
        rv = (med(imp['released']) if 'released' in imp else None) if k == 'lisette' else get(cmpv, r, k) if r else None
        if dv is not None and rv is not None: good = dv >= rv*(1-TOL) if higher else dv <= rv*(1+TOL)
        try: rawc = raw()
        except (KeyError, st.StatisticsError): rawc = 'skipped' if k in (d.get('skipped') or {}) else 'n/a'
        rows.append((nm, rawc, dev or err_cell(d, k), rel or (err_cell(r, k) if r else 'n/a'), target, ok, good))
    return rows

def imp_released(imp):
    if 'released' not in imp: return None
    return f'{secs(imp["released"])} ({(med(imp["released"])-med(imp["litellm"]))*1e3:+.0f} ms)'

def table(rows, d, r, imp, meta, cpu_md=''):
    hdr = ['Workload', 'raw LiteLLM', 'lisette (this repo)', f'lisette {RELEASED}', 'Target', 'Target met (wall clock)', f'As good as {RELEASED}']
    out = [f'# lisette benchmarks', '', meta, '', cpu_md, '', '## Wall-clock time', '',
           'What a user waits for: noisy on a shared machine (see the load above); the CPU figures above are the ones to trust.', '',
           '| ' + ' | '.join(hdr) + ' |', '|' + '---|'*len(hdr)]
    out += ['| ' + ' | '.join([*map(str, o[:5]), mark(o[5]), mark(o[6])]) + ' |' for o in rows]
    hs = list(d['hist'])
    out += ['', 'Times are medians with the interquartile range in brackets. Percentages compare with raw LiteLLM in the same process',
            '(the released lisette with its own raw run): the median over rounds of lisette\'s time over raw\'s, each round running',
            f'both back to back in alternating order. "As good as" compares those ratios (or the times) and allows {TOL*100:.0f}% for noise.', '',
            'Turn preparation (`_prep_msgs`; the released lisette\'s `_prep_msg`), median per call:', '',
            '| messages | ' + ' | '.join(hs) + ' |', '|---|' + '---|'*len(hs),
            '| this repo | ' + ' | '.join(f'{med(d["hist"][k])*1e3:.3f} ms' for k in hs) + ' |']
    if r and 'error' not in r: out.append(f'| {RELEASED} | ' + ' | '.join(f'{med(r["hist"][k])*1e3:.3f} ms' for k in hs) + ' |')
    if r and r.get('tool_loop_calls') not in (None, d.get('tool_loop_calls')): out += ['', f'The released lisette made {r["tool_loop_calls"]} model calls in the tool loop.']
    s = d['stream']
    out += ['', f'Streaming: raw LiteLLM that also builds the complete message (`stream_chunk_builder`, which keeping history needs) '
            f'takes {secs(s["raw_built"])}; lisette is {pct(pratio(s["lisette"], s["raw_built"]))} against that.',
            f'Per turn, lisette adds {(med(d["per_turn"]["lisette"])-med(d["per_turn"]["raw"]))*1e6:.0f} µs (difference of medians).',
            'Fastest import of each (less sensitive to other load on the machine): ' +
            ', '.join(f'{k} {min(v):.3f} s' for k,v in imp.items()) + f'; lisette − litellm: {(min(imp["lisette"])-min(imp["litellm"]))*1e3:+.0f} ms.']
    for k,why in (d.get('skipped') or {}).items(): out += ['', f'Workload `{k}` skipped: {why}.']
    if r and 'error' in r: out += ['', f'The released lisette could not be measured: {r["error"]}']
    for x,nm in ((d, 'this repo'), (r, RELEASED)):
        for k,e in ((x or {}).get('errors') or {}).items(): out += ['', f'With lisette {nm}, workload `{k}` failed: {e}']
    return '\n'.join(out) + '\n'

# ## lisette's own CPU time (cpu.py), the figures that hold still
def runs_of(cs, k, f):
    "Per run in `cs` (results of cpu.py), the median over its rounds of `f(run[k])`'s list"
    return [med(f(c[k])) for c in cs if 'error' not in c and k in c]

def spread(vs, unit=1e6, fmt='{:.0f}'):
    "Median over runs [lowest–highest run], scaled by `unit`"
    if not vs: return 'n/a'
    f = lambda v: fmt.format(v*unit)
    return f'{f(med(vs))} [{f(min(vs))}–{f(max(vs))}]' if len(vs) > 1 else f(vs[0])

def cpu_figs(cs):
    "{figure: per-run values} from the cpu.py runs `cs`: own seconds and overhead estimates"
    ok = [c for c in cs if 'error' not in c]
    if not ok: return {}
    per = lambda k, f: [med([f(c[k], i) for i in range(len(c[k]['own']))]) for c in ok]
    return dict(
        turn=runs_of(ok, 'per_turn', lambda x: x['own']),
        turn_pct=per('per_turn', lambda x,i: x['own'][i]/x['raw'][i]),
        loop=runs_of(ok, 'tool_loop', lambda x: x['own']),
        loop_pct=per('tool_loop', lambda x,i: x['own'][i]/x['raw'][i]),
        chunk=[med(c['stream']['own'])/c['stream']['chunks'] for c in ok],
        stream_pct=per('stream', lambda x,i: x['own'][i]/x['raw_built'][i]),
        build=[med(c['stream']['build']) for c in ok],
        aturn=runs_of(ok, 'async', lambda x: x['own']),
        athr=per('async', lambda x,i: x['raw_process'][i]/(x['raw_process'][i]+x['own'][i])),
        araw=runs_of(ok, 'async', lambda x: x['raw_process']))

def cpu_table(cd, cr):
    "Markdown: lisette's own CPU time per turn, chunk and async turn, this repo's and the released one's, with the targets"
    fd,fr = cpu_figs(cd),cpu_figs(cr)
    n = len([c for c in cd if 'error' not in c])
    g = lambda f, k, *a: spread(f[k], *a) if f.get(k) else 'n/a'
    pc = lambda f, k: spread(f[k], 100, '{:.1f}%') if f.get(k) else 'n/a'
    met = lambda k, ok: mark(ok(med(fd[k])) if fd.get(k) else None)
    rows = [('One turn: lisette\'s own CPU, µs (as % of raw LiteLLM\'s CPU for the turn)', f'{g(fd, "turn")} ({pc(fd, "turn_pct")})',
             f'{g(fr, "turn")} ({pc(fr, "turn_pct")})', '≤ +2%', met('turn_pct', lambda v: v <= .02)),
            ('Tool loop of 3 calls: own CPU, µs (% of raw)', f'{g(fd, "loop")} ({pc(fd, "loop_pct")})', f'{g(fr, "loop")} ({pc(fr, "loop_pct")})', '—', '—'),
            ('Streaming: own CPU per chunk, µs (% of raw streaming + building the reply)', f'{g(fd, "chunk", 1e6, "{:.2f}")} ({pc(fd, "stream_pct")})',
             f'{g(fr, "chunk", 1e6, "{:.2f}")} ({pc(fr, "stream_pct")})', '≤ +3%', met('stream_pct', lambda v: v <= .03)),
            ('Async turn: own CPU, µs (throughput it allows, % of raw)', f'{g(fd, "aturn")} ({pc(fd, "athr")})', f'{g(fr, "aturn")} ({pc(fr, "athr")})',
             '≥ 97%', met('athr', lambda v: v >= .97))]
    out = ['## lisette\'s own CPU time (the figures to trust)', '',
           f'CPU time of lisette\'s own code, LiteLLM\'s calls taken out, measured with `time.thread_time` ({n} runs of `bench/cpu.py`, each a fresh '
           'process of several rounds; median over runs [lowest–highest run]). It doesn\'t count waiting; heavy load still inflates it (shared cores '
           'and caches), but raw LiteLLM\'s alike, so the percentages hold where wall-clock figures move by ten. The percentage is that time over raw LiteLLM\'s CPU '
           'time for the same work (one thread; for async, the whole process, since LiteLLM logs in threads of its own): what lisette adds '
           'where the work is CPU-bound, as it is on loopback. The meters\' own cost outside the LiteLLM calls they time (each reading of the '
           'clock is a system call) is measured on bare LiteLLM calls made through the same meters and taken off lisette\'s figures' +
           (f' ({med([c["meter"]["call"] for c in cd if "meter" in c])*1e6:.1f} µs per call, {med([c["meter"]["acall"] for c in cd if "meter" in c])*1e6:.1f} µs per async call).'
            if any('meter' in c for c in cd) else '.'), '',
           f'| Workload | lisette (this repo) | lisette {RELEASED} | Target | Target met |', '|---|---|---|---|---|']
    out += ['| ' + ' | '.join(o) + ' |' for o in rows]
    if fd: out += ['', f'Raw LiteLLM CPU per async turn (whole process): {spread(fd["araw"])} µs; building a {cd[0]["stream"]["chunks"]}-chunk '
                   f'reply (`stream_chunk_builder`, LiteLLM) {spread(fd["build"], 1e3, "{:.1f}")} ms, counted with raw streaming, not in lisette\'s own time.']
    st_ = [c['per_turn']['steps'] for c in cd if 'error' not in c and c.get('per_turn', {}).get('steps')]
    if st_:
        tops = set(cd[0].get('top', []))
        out += ['', 'Where this repo\'s own time per turn goes (µs per turn, each step timed on its own, in rounds of their own; ↳ steps are inside a top-level one: '
                '`_prep_msgs`, `_copy` and `copy.deepcopy` in `_req`; `_norm_msg` and `Use.from_response` in `_record`; `Retry.__call__`, without the call it '
                'wraps, is in the rest):', '',
                '| Step | µs per turn |', '|---|---|']
        for k in st_[0]:
            vs = [med(o[k]) for o in st_ if o.get(k)]
            out.append(f'| {"" if k in tops else "&nbsp;&nbsp;↳ "}`{k}` | {spread(vs, 1e6, "{:.1f}")} |')
        out.append(f'| rest (the turn generator, `__call__`, `_call`) | {spread([med(c["per_turn"]["own"]) - sum(med(c["per_turn"]["steps"][t]) for t in tops) for c in cd if "error" not in c and c["per_turn"]["steps"]], 1e6, "{:.1f}")} |')
    for c,nm in ((cd, 'this repo'), (cr, RELEASED)):
        for o in c:
            if 'error' in o: out += ['', f'CPU time with lisette {nm} failed: {o["error"]}']
    return '\n'.join(out)

def instr_table(i):
    "Markdown: instructions per call, lisette's and raw LiteLLM's, from `bench/instr.py` (callgrind), if it was run"
    if not i: return ''
    rows = [('One turn', 'turn_lisette', 'turn_raw', '≤ +2%'), ('Tool loop of 3 calls', 'loop_lisette', 'loop_raw', '—'),
            ('Streaming 2,001 chunks (vs raw + building the reply)', 'stream_lisette', 'stream_raw_built', '≤ +3%'),
            ('Async turn, one after another (throughput it allows)', 'async_lisette', 'async_raw', '≥ 97%')]
    out = ['', '', "Instructions per call, counted by valgrind's callgrind (`bench/instr.py`; the same count whatever the load, "
           "so the one to tell whether a change to lisette saves anything):", '', '| Workload | raw LiteLLM | lisette (this repo) | lisette adds | Target |', '|---|---|---|---|---|']
    for nm,l,r,t in rows:
        ratio = i[l]/i[r]
        add = f'{100/ratio:.1f}% of raw throughput' if l.startswith('async') else f'{(ratio-1)*100:+.1f}%'
        out.append(f'| {nm} | {i[r]/1e6:.2f} M | {i[l]/1e6:.2f} M | {add} ({(i[l]-i[r])/1e3:+.0f} k) | {t} |')
    if 'own_turn' in i:
        own = i['own_turn'] - i['own_base']
        out.append(f'| One turn, lisette\'s own work alone (the same turns handed replies LiteLLM made beforehand) | {i["turn_raw"]/1e6:.2f} M | '
                   f'{own/1e3:.0f} k | {own/i["turn_raw"]*100:+.1f}% ({own/1e3:+.0f} k) | ≤ +2% |')
        out += ['', 'The difference between two counts with LiteLLM in them also holds the work LiteLLM does for the options lisette sends '
                '(a timeout, no SDK retries) and the drift of LiteLLM\'s own count between calls (about ±0.5%); the last row counts lisette alone.']
    return '\n'.join(out)

def many_table(m):
    "Markdown: many concurrent AsyncChat conversations, memory per conversation over the rounds of turns"
    if not m: return ''
    if any('error' in o for o in m.values()): return '\n'.join(f'Many conversations ({k}) failed: {o["error"]}' for k,o in m.items() if 'error' in o)
    l,r = m['lisette'],m['raw']
    kb = lambda v: f'{v/1024:.1f} KB'
    n = max(len(l['rounds']), len(r['rounds']))
    row = lambda o: [kb(o['made'])] + [kb(o['rounds'][i]) if i < len(o['rounds']) else '—' for i in range(n)]
    out = [f'## {l["nconv"]:,} concurrent `AsyncChat` conversations', '',
           f'{l["nconv"]:,} conversations alive at once in one fresh process, at most 100 requests in flight, each taking a turn per round; memory is the '
           'growth of resident memory over the process before them, per conversation, after each round (and `gc.collect()`); by hand: each '
           'conversation a list of messages sent with `acompletion`.', '',
           '| | made | ' + ' | '.join(f'after turn {i+1}' for i in range(n)) + ' | growth per turn | turns/s per round | memory blocks left per conversation once dropped |',
           '|---|' + '---|'*(n+4)]
    for nm,o in (('lisette', l), ('by hand', r)):
        gr = [b-a for a,b in zip(o['rounds'], o['rounds'][1:])]
        tps = ', '.join(f'{o["nconv"]/t:.0f}' for t in o['secs'])
        out.append(f'| {nm} | ' + ' | '.join(row(o)) + f' | {", ".join(kb(g) for g in gr)} | {tps} | {o["blocks_left"]:.1f} |')
    return '\n'.join(out)

def safe(f, *a):
    "`f(*a)`, or NaN when that run lacks the figure"
    try: return f(*a)
    except (KeyError, TypeError, st.StatisticsError): return float('nan')

def chart(d, r, imp, path, cd=(), cr=()):
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    runs = [(d, 'this repo')] + ([(r, f'lisette {RELEASED}')] if r and 'error' not in r else [])
    fig,ax = plt.subplots(2, 2, figsize=(12, 8))
    ks,w = [('turn_pct', 'one turn', 2), ('loop_pct', 'tool loop', None), ('stream_pct', 'streaming\n(vs raw + building)', 3), ('athr', 'async\nthroughput', 3)],.38
    for i,(c,lbl) in enumerate(((cd, 'this repo'), (cr, f'lisette {RELEASED}'))):
        f = cpu_figs(c)
        if not f: continue
        vs = [(100-med(f[k])*100) if k == 'athr' else med(f[k])*100 for k,_,_ in ks]
        ax[0,0].bar([j+i*w for j in range(len(ks))], vs, w, label=lbl)
    for j,(_,_,t) in enumerate(ks):
        if t: ax[0,0].plot([j-w/2, j+1.5*w], [t, t], 'r--', lw=1.5, label='target' if j == 0 else None)
    ax[0,0].set_xticks([j+w/2 for j in range(len(ks))], [o for _,o,_ in ks])
    ax[0,0].set_ylabel('% added over raw LiteLLM (async: % throughput lost)'); ax[0,0].set_title("lisette's own CPU time, over raw LiteLLM's (median of runs)")
    ax[0,0].legend()
    for x,lbl in runs:
        ns = sorted(map(int, x.get('hist', {})))
        ax[0,1].plot(ns, [med(x['hist'][str(n)])*1e3 for n in ns], 'o-', label=lbl)
    ax[0,1].plot([1000], [2], 'r*', ms=12, label='target at 1,000: < 2 ms')
    ax[0,1].set_xlabel('messages in history'); ax[0,1].set_ylabel('ms')
    ax[0,1].set_title('Preparing a turn vs history length (median)'); ax[0,1].legend()
    cs = [('raw LiteLLM', safe(phase, d, 'raw'))] + [(lbl, safe(phase, x)) for x,lbl in runs]
    ax[1,0].bar([a for a,_ in cs], [b for _,b in cs], color=['gray', 'C0', 'C1'][:len(cs)])
    for i,(_,b) in enumerate(cs):
        if b != b: ax[1,0].text(i, .02, 'failed', ha='center')
    ax[1,0].axhline(.25, ls='--', c='r', lw=1, label='target: 0.25 s'); ax[1,0].axhline(.2, c='k', lw=.5, label='one tool: 0.2 s')
    ax[1,0].set_ylabel('s'); ax[1,0].set_title('Eight async 0.2 s tools in one turn: tool phase (median)'); ax[1,0].legend(loc='lower right')
    ims = [('litellm', 'litellm'), ('lisette (this repo)', 'lisette')] + ([(f'lisette {RELEASED}', 'released')] if 'released' in imp else [])
    ax[1,1].bar([a for a,_ in ims], [med(imp[k]) for _,k in ims], color=['gray', 'C0', 'C1'][:len(ims)])
    ax[1,1].axhline(med(imp['litellm'])+.1, ls='--', c='r', lw=1, label='target: litellm + 100 ms')
    ax[1,1].set_ylabel('s'); ax[1,1].set_title('Import time in a fresh process (median)'); ax[1,1].legend(loc='lower right')
    fig.tight_layout(); fig.savefig(path, dpi=80); plt.close(fig)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--quick', action='store_true', help='fewer repeats, for trying the suite out (figures are noisier)')
    p.add_argument('--no-released', action='store_true', help='skip the released lisette column')
    p.add_argument('--no-many', action='store_true', help='skip the 10,000 conversations (about 8 minutes)')
    p.add_argument('--render-from', help="remake the table and chart from a run's raw.json (with --many-from: that run plus those figures)")
    p.add_argument('--instr-from', help='add the instruction counts of `bench/instr.py` from this JSON file (with --render-from)')
    p.add_argument('--many-from', help='take the many-conversations figures from this JSON file ({"lisette":..., "raw":...}: `work.py URL --many` output) instead of running them')
    p.add_argument('--emulator-from', help="directory holding the lisette package whose emulator answers (default: this repo's)")
    p.add_argument('--released-python', help='Python of an environment that has the released lisette (default: a venv made on first use)')
    a = p.parse_args()
    t0,load0 = time.perf_counter(),os.getloadavg()[0]
    if a.render_from: return render(json.loads(Path(a.render_from).read_text()), a)
    rpy,why = (None, 'skipped (--no-released)') if a.no_released else released_python(a.released_python)
    if why: log(f'Released lisette: {why}')
    em_env = dev_env() | ({'PYTHONPATH':a.emulator_from, 'PYTHONDONTWRITEBYTECODE':'1'} if a.emulator_from else {})
    em = subprocess.Popen([sys.executable, str(HERE/'emu.py')], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=em_env)
    try:
        url = em.stdout.readline().strip()
        log(f'Emulator at {url}. Import times...')
        pys = dict(litellm=(sys.executable, 'import litellm', ENV), lisette=(sys.executable, 'from lisette.core import *', dev_env()))
        if rpy: pys['released'] = (rpy, 'from lisette.core import *', ENV)
        imp = import_times(pys, 3 if a.quick else 5)
        log('Workloads with this repo\'s lisette...')
        d = work(sys.executable, url, dev_env(), a.quick)
        if 'error' in d: sys.exit(f'The workloads failed: {d["error"]}')
        ncpu = 2 if a.quick else 5
        log('lisette\'s own CPU time, this repo...')
        cd = cpu_runs(sys.executable, url, dev_env(), a.quick, ncpu)
        log(f'Workloads with lisette {RELEASED}...' if rpy else '')
        r = work(rpy, url, ENV, a.quick) if rpy else {'error':why}
        if 'error' in r: log(f'Released lisette failed: {r["error"]}')
        cr = cpu_runs(rpy, url, ENV, a.quick, max(2, ncpu-1)) if rpy else []
        m = json.loads(Path(a.many_from).read_text()) if a.many_from else {}
        if not (a.no_many or a.many_from):
            log('Many conversations (lisette, then by hand)...')
            m = {k:work(sys.executable, url, dev_env(), a.quick, 'work.py', '--many', k) for k in ('lisette', 'raw')}
    finally:
        em.stdin.close(); em.wait(10)
    write(dict(dev=d, released=r, imports=imp, cpu_dev=cd, cpu_released=cr, many=m), a, load0, t0)

def render(raw, a):
    "The table and chart again from `raw` (a run's raw.json), with the many-conversations figures of `--many-from` if given"
    if a.many_from: raw['many'] = json.loads(Path(a.many_from).read_text())
    if a.instr_from: raw['instr'] = json.loads(Path(a.instr_from).read_text())
    write(raw, a, raw.get('load0'), time.perf_counter(), raw.get('meta'))

def write(raw, a, load0, t0, meta=None):
    "Write RESULTS.md, results.png and results/ from the figures in `raw`"
    d,r,imp,cd,cr,m = (raw.get(k) for k in ('dev', 'released', 'imports', 'cpu_dev', 'cpu_released', 'many'))
    git = subprocess.run(['git', 'describe', '--always', '--dirty'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    meta = meta or (f'{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · commit `{git}` · Python {platform.python_version()} · '
            f'litellm {d["litellm"]} · {os.cpu_count()} cores · {platform.machine()} · {"quick run" if a.quick else "full run"} · '
            f'load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end · '
            f'all requests to one lisette emulator process on loopback (Anthropic wire format, and OpenAI/Gemini for the current-model tool loops)')
    md = table(figures(d, r, imp), d, r, imp, meta, cpu_table(cd, cr) + instr_table(raw.get('instr')))
    if m: md += '\n' + many_table(m) + '\n'
    res = HERE/'results'; res.mkdir(exist_ok=True)
    (res/'raw.json').write_text(json.dumps(raw | dict(meta=meta, load0=load0), indent=1))
    (res/'results.md').write_text(md)
    chart(d, r, imp, res/'results.png', cd, cr)
    from peers import lead  # the table next to other libraries (`bench/peers.py`) stays the leading section
    (HERE/'RESULTS.md').write_text(lead(md + '\n![Benchmark chart](results.png)\n'))
    (HERE/'results.png').write_bytes((res/'results.png').read_bytes())
    print(md)
    print(f'Total time: {time.perf_counter()-t0:.0f} s. Written: bench/RESULTS.md, bench/results.png, bench/results/')

if __name__ == '__main__': main()
