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

# ## The figures: each is (name, value for raw LiteLLM, this repo, released, target text, met?, as good as released?)
def mark(ok): return '—' if ok is None else ('✅ met' if ok else '❌ missed')

def figures(d, r, imp):
    "Rows of the table from the timings of this repo (`d`), the released lisette (`r`, may hold 'error') and the imports"
    rel = r and 'error' not in r
    rows = []
    def add(name, raw, dev, relv, target, met, cmp_dev=None, cmp_rel=None, higher=False):
        "`cmp_*`: the numbers compared with the released lisette (lower is better unless `higher`)"
        good = None
        if rel and cmp_dev is not None and cmp_rel is not None:
            good = cmp_dev >= cmp_rel*(1-TOL) if higher else cmp_dev <= cmp_rel*(1+TOL)
        rows.append((name, raw, dev, relv if rel else 'n/a', target, met, good))
    ratio = lambda x,k: pratio(x[k]['lisette'], x[k]['raw'])
    for k,nm,target in (('per_turn', '1. Per-turn: `Chat(m)(msg)` vs `completion`', 5), ('stream', f'2. Streaming {d["stream_chunks"]} chunks', 5),
                        ('tool_loop', f'3. Tool loop, {d["tool_loop_calls"]} model calls', None)):
        f = ms if k != 'stream' else secs
        rr = ratio(d, k)
        rows_rel = f'{f(r[k]["lisette"])} ({pct(ratio(r, k))})' if rel else None
        add(nm, f(d[k]['raw']), f'{f(d[k]["lisette"])} ({pct(rr)})', rows_rel,
            f'≤ +{target}% over raw' if target else 'no worse than released', rr-1 <= target/100 if target else None,
            rr, ratio(r, k) if rel else None)
    ath = lambda x: 1/pratio(x['async']['lisette'], x['async']['raw'])
    add('4. Async: 100 concurrent turns', thr(d['async']['raw']), f'{thr(d["async"]["lisette"])} ({ath(d)*100:.0f}% of raw)',
        f'{thr(r["async"]["lisette"])} ({ath(r)*100:.0f}% of raw)' if rel else None, '≥ 95% of raw throughput', ath(d) >= .95,
        ath(d), ath(r) if rel else None, higher=True)
    cp = lambda x,k: med(x['ctools_phase'][k])
    add(f'5. {d["ctools_n"]} concurrent 0.2 s tools: tool phase (whole turn)', f'{cp(d, "raw"):.3f} s ({med(d["ctools"]["raw"]):.3f} s)',
        f'{cp(d, "lisette"):.3f} s ({med(d["ctools"]["lisette"]):.3f} s)',
        f'{cp(r, "lisette"):.3f} s ({med(r["ctools"]["lisette"]):.3f} s)' if rel else None, 'tools ≤ 0.25 s', cp(d, 'lisette') <= .25,
        cp(d, 'lisette'), cp(r, 'lisette') if rel else None)
    h1k = lambda x: med(x['hist']['1000'])
    fit = lambda x: linfit(x['hist'])
    lin = lambda x: f'{fit(x)[0]*1e6:.2f} µs/msg, R² {fit(x)[2]:.4f}'
    add('6. Turn prep at 1,000 messages', '—', ms(d['hist']['1000']), ms(r['hist']['1000']) if rel else None, '< 2 ms', h1k(d) < .002,
        h1k(d), h1k(r) if rel else None)
    add('6. Turn prep, 10 → 5,000 messages', '—', lin(d), lin(r) if rel else None, 'linear (R² ≥ 0.99)', fit(d)[2] >= .99,
        fit(d)[0], fit(r)[0] if rel else None)
    dl = med(imp['lisette']) - med(imp['litellm'])
    add('7. Import (fresh process)', secs(imp['litellm']), f'{secs(imp["lisette"])} (+{dl*1e3:.0f} ms)',
        f'{secs(imp["released"])} (+{(med(imp["released"])-med(imp["litellm"]))*1e3:.0f} ms)' if rel and 'released' in imp else None,
        '≤ litellm + 100 ms', dl <= .1, med(imp['lisette']), med(imp['released']) if 'released' in imp else None)
    return rows

def table(rows, d, r, meta):
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
    s = d['stream']
    out += ['', f'Streaming: raw LiteLLM that also builds the complete message (`stream_chunk_builder`, which keeping history needs) '
            f'takes {secs(s["raw_built"])}; lisette is {pct(pratio(s["lisette"], s["raw_built"]))} against that.',
            f'Per turn, lisette adds {(med(d["per_turn"]["lisette"])-med(d["per_turn"]["raw"]))*1e6:.0f} µs (difference of medians).']
    if r and 'error' in r: out += ['', f'The released lisette could not be measured: {r["error"]}']
    return '\n'.join(out) + '\n'

def chart(d, r, imp, path):
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    rel = r and 'error' not in r
    fig,ax = plt.subplots(2, 2, figsize=(12, 8))
    ks = [('per_turn', 'per turn'), ('stream', 'streaming'), ('tool_loop', 'tool loop')]
    w = .38
    for i,(x,lbl) in enumerate([(d, 'this repo'), (r, RELEASED)] if rel else [(d, 'this repo')]):
        vs = [pratio(x[k]['lisette'], x[k]['raw'])*100-100 for k,_ in ks] + [pratio(x['async']['lisette'], x['async']['raw'])*100-100]
        ax[0,0].bar([j+i*w for j in range(4)], vs, w, label=lbl)
    ax[0,0].set_xticks([j+w/2 for j in range(4)], [o for _,o in ks] + ['async time\n(100 turns)'])
    ax[0,0].axhline(5, ls='--', c='r', lw=1, label='target +5%'); ax[0,0].axhline(0, c='k', lw=.5)
    ax[0,0].set_ylabel('% slower than raw LiteLLM'); ax[0,0].set_title('Overhead over raw LiteLLM (median)'); ax[0,0].legend()
    for x,lbl in [(d, 'this repo'), (r, RELEASED)] if rel else [(d, 'this repo')]:
        ns = sorted(map(int, x['hist']))
        ax[0,1].plot(ns, [med(x['hist'][str(n)])*1e3 for n in ns], 'o-', label=lbl)
    ax[0,1].plot([1000], [2], 'r*', ms=12, label='target at 1,000: < 2 ms')
    ax[0,1].set_xlabel('messages in history'); ax[0,1].set_ylabel('ms'); ax[0,1].set_title('Turn preparation vs history length'); ax[0,1].legend()
    cs = [('raw', 'raw', d), ('this repo', 'lisette', d)] + ([(RELEASED, 'lisette', r)] if rel else [])
    ax[1,0].bar([o[0] for o in cs], [med(x['ctools_phase'][k]) for _,k,x in cs], color=['gray', 'C0', 'C1'][:len(cs)])
    ax[1,0].axhline(.25, ls='--', c='r', lw=1, label='target 0.25 s'); ax[1,0].axhline(.2, c='k', lw=.5, label='one tool: 0.2 s')
    ax[1,0].set_ylabel('s'); ax[1,0].set_title('Eight concurrent 0.2 s tools in one turn: tool phase'); ax[1,0].legend()
    ims = [('litellm', 'litellm'), ('lisette (this repo)', 'lisette')] + ([(f'lisette {RELEASED}', 'released')] if 'released' in imp else [])
    ax[1,1].bar([a for a,_ in ims], [med(imp[k]) for _,k in ims], color=['gray', 'C0', 'C1'][:len(ims)])
    ax[1,1].axhline(med(imp['litellm'])+.1, ls='--', c='r', lw=1, label='target: litellm + 100 ms')
    ax[1,1].set_ylabel('s'); ax[1,1].set_title('Import time, fresh process (median)'); ax[1,1].legend()
    fig.tight_layout(); fig.savefig(path, dpi=90); plt.close(fig)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--quick', action='store_true', help='fewer repeats, for trying the suite out (figures are noisier)')
    p.add_argument('--no-released', action='store_true', help='skip the released lisette column')
    p.add_argument('--released-python', help='Python of an environment that has the released lisette (default: a venv made on first use)')
    a = p.parse_args()
    t0 = time.perf_counter()
    rpy,why = (None, 'skipped (--no-released)') if a.no_released else released_python(a.released_python)
    if why: log(f'Released lisette: {why}')
    em = subprocess.Popen([sys.executable, str(HERE/'emu.py')], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dev_env())
    try:
        url = em.stdout.readline().strip()
        log(f'Emulator at {url}. Import times...')
        pys = dict(litellm=(sys.executable, 'import litellm', ENV), lisette=(sys.executable, 'from lisette.core import *', dev_env()))
        if rpy: pys['released'] = (rpy, 'from lisette.core import *', ENV)
        imp = import_times(pys, 3 if a.quick else 7)
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
            f'all requests to one lisette emulator process on loopback (Anthropic wire format)')
    md = table(figures(d, r, imp), d, r, meta)
    res = HERE/'results'; res.mkdir(exist_ok=True)
    (res/'raw.json').write_text(json.dumps(dict(dev=d, released=r, imports=imp), indent=1))
    (res/'results.md').write_text(md)
    chart(d, r, imp, res/'results.png')
    (HERE/'RESULTS.md').write_text(md + '\n![Benchmark chart](results.png)\n')
    (HERE/'results.png').write_bytes((res/'results.png').read_bytes())
    print(md)
    print(f'Total time: {time.perf_counter()-t0:.0f} s. Written: bench/RESULTS.md, bench/results.png, bench/results/')

if __name__ == '__main__': main()
