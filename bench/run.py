"""lisette's benchmark suite: `python bench/run.py` (see bench/README.md).
Starts one emulator server, runs the workloads of `work.py` with this repo's lisette and with the released one (each
against raw LiteLLM in the same process), times imports in fresh processes, then writes and prints the table and chart."""
import os, sys, json, time, argparse, platform, subprocess, statistics as st
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RELEASED = '0.1.37'  # the latest lisette on PyPI when this suite was written
REL_REQS = [f'lisette=={RELEASED}', 'toolslm<0.3.47', 'mcp']  # LiteLLM imports mcp when tools are sent
REL_VENV = Path(os.environ.get('LISETTE_BENCH_RELEASED_VENV', Path.home()/'.cache'/'lisette-bench'/f'lisette-{RELEASED}'))
TOL = 0.05  # a figure is "as good as" the released one unless worse by more than this fraction
ENV = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP='True', PYTHONWARNINGS='ignore',
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

def work(py, url, env, quick):
    "The timings of `work.py` run by `py`, or {'error': ...}"
    p = subprocess.run([py, str(HERE/'work.py'), url] + (['--quick'] if quick else []), env=env, capture_output=True, text=True, timeout=540)
    if p.returncode: return {'error':(p.stderr.strip().splitlines() or ['exit %d' % p.returncode])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])

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
         '≤ +5% over raw', lambda: ratio(d, 'per_turn') <= 1.05),
        (f'2. Streaming a {d.get("stream_chunks", "?")}-chunk reply', 'stream', lambda: secs(d['stream']['raw']), cell(secs), ratio, False,
         '≤ +5% over raw', lambda: ratio(d, 'stream') <= 1.05),
        (f'3. Tool loop: {d.get("tool_loop_calls", "?")} model calls, 2 tool rounds', 'tool_loop', lambda: ms(d['tool_loop']['raw']), cell(ms),
         ratio, False, 'as good as released', lambda: None),
        ('4. Async: 100 concurrent turns', 'async', lambda: thr(d['async']['raw']),
         lambda x,k: f'{thr(x[k]["lisette"])} ({athr(x)*100:.0f}% of raw)', lambda x,k: athr(x), True,
         '≥ 95% of raw throughput', lambda: athr(d) >= .95),
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
        except (KeyError, st.StatisticsError): rawc = 'n/a'
        rows.append((nm, rawc, dev or err_cell(d, k), rel or (err_cell(r, k) if r else 'n/a'), target, ok, good))
    return rows

def imp_released(imp):
    if 'released' not in imp: return None
    return f'{secs(imp["released"])} ({(med(imp["released"])-med(imp["litellm"]))*1e3:+.0f} ms)'

def table(rows, d, r, imp, meta):
    hdr = ['Workload', 'raw LiteLLM', 'lisette (this repo)', f'lisette {RELEASED}', 'Target', 'Target met', f'As good as {RELEASED}']
    out = [f'# lisette benchmarks', '', meta, '',
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
    if r and 'error' in r: out += ['', f'The released lisette could not be measured: {r["error"]}']
    for x,nm in ((d, 'this repo'), (r, RELEASED)):
        for k,e in ((x or {}).get('errors') or {}).items(): out += ['', f'With lisette {nm}, workload `{k}` failed: {e}']
    return '\n'.join(out) + '\n'

def safe(f, *a):
    "`f(*a)`, or NaN when that run lacks the figure"
    try: return f(*a)
    except (KeyError, TypeError, st.StatisticsError): return float('nan')

def chart(d, r, imp, path):
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    runs = [(d, 'this repo')] + ([(r, f'lisette {RELEASED}')] if r and 'error' not in r else [])
    fig,ax = plt.subplots(2, 2, figsize=(12, 8))
    ks,w = ['per_turn', 'stream', 'tool_loop', 'async'],.38
    for i,(x,lbl) in enumerate(runs):
        vs = [safe(lambda: (pratio(x[k]['lisette'], x[k]['raw'])-1)*100) for k in ks]
        ax[0,0].bar([j+i*w for j in range(len(ks))], vs, w, label=lbl)
    ax[0,0].set_xticks([j+w/2 for j in range(len(ks))], ['one turn', 'streaming', 'tool loop', 'async\n(100 turns)'])
    ax[0,0].axhline(5, ls='--', c='r', lw=1, label='target: +5%'); ax[0,0].axhline(0, c='k', lw=.5)
    ax[0,0].set_ylabel('% more time than raw LiteLLM'); ax[0,0].set_title('Overhead over raw LiteLLM (median of paired ratios)'); ax[0,0].legend()
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
    p.add_argument('--released-python', help='Python of an environment that has the released lisette (default: a venv made on first use)')
    a = p.parse_args()
    t0,load0 = time.perf_counter(),os.getloadavg()[0]
    rpy,why = (None, 'skipped (--no-released)') if a.no_released else released_python(a.released_python)
    if why: log(f'Released lisette: {why}')
    em = subprocess.Popen([sys.executable, str(HERE/'emu.py')], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dev_env())
    try:
        url = em.stdout.readline().strip()
        log(f'Emulator at {url}. Import times...')
        pys = dict(litellm=(sys.executable, 'import litellm', ENV), lisette=(sys.executable, 'from lisette.core import *', dev_env()))
        if rpy: pys['released'] = (rpy, 'from lisette.core import *', ENV)
        imp = import_times(pys, 3 if a.quick else 5)
        log('Workloads with this repo\'s lisette...')
        d = work(sys.executable, url, dev_env(), a.quick)
        if 'error' in d: sys.exit(f'The workloads failed: {d["error"]}')
        log(f'Workloads with lisette {RELEASED}...' if rpy else '')
        r = work(rpy, url, ENV, a.quick) if rpy else {'error':why}
        if 'error' in r: log(f'Released lisette failed: {r["error"]}')
    finally:
        em.stdin.close(); em.wait(10)
    git = subprocess.run(['git', 'describe', '--always', '--dirty'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    meta = (f'{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · commit `{git}` · Python {platform.python_version()} · '
            f'litellm {d["litellm"]} · {os.cpu_count()} cores · {platform.machine()} · {"quick run" if a.quick else "full run"} · '
            f'load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end · '
            f'all requests to one lisette emulator process on loopback (Anthropic wire format)')
    md = table(figures(d, r, imp), d, r, imp, meta)
    res = HERE/'results'; res.mkdir(exist_ok=True)
    (res/'raw.json').write_text(json.dumps(dict(dev=d, released=r, imports=imp), indent=1))
    (res/'results.md').write_text(md)
    chart(d, r, imp, res/'results.png')
    (HERE/'RESULTS.md').write_text(md + '\n![Benchmark chart](results.png)\n')
    (HERE/'results.png').write_bytes((res/'results.png').read_bytes())
    print(md)
    print(f'Total time: {time.perf_counter()-t0:.0f} s. Written: bench/RESULTS.md, bench/results.png, bench/results/')

if __name__ == '__main__': main()
