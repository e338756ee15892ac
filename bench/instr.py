"""Instructions lisette adds per turn, counted by valgrind's callgrind, which gives the same count however loaded the machine is.
`python bench/instr.py URL` runs itself under `valgrind --tool=callgrind` and prints one JSON object: instructions per call of
each workload, lisette's and raw LiteLLM's, and lisette's own per turn with no LiteLLM call in it (`--quick`: fewer calls; `--only turn,async`: those workloads alone). Each measured block runs inside `operator.call`, the only
stretch callgrind collects (`--toggle-collect`), and is dumped on its own (`--dump-after`)."""
import os, sys, re, json, glob, tempfile, subprocess
from pathlib import Path

def measure():
    "Inside valgrind: run the blocks, each in `operator.call`"
    import operator, gc, asyncio
    import work as W
    n = 5 if W.QUICK else 20
    def rep(f, k=n): return lambda: [f() for _ in range(k)]
    # async turns one after another in one event loop: a burst of concurrent ones gives a count that moves by ±5% from run to run with how
    # they happen to be scheduled (and LiteLLM's logging threads), too much to judge a 3% target by
    async def seq(f, k):
        for _ in range(k): await f()
    blocks = dict(turn_lisette=(rep(W.turn_chat), n), turn_raw=(rep(W.turn_raw), n),
                  loop_lisette=(rep(W.loop_chat, 3), 3), loop_raw=(rep(W.loop_raw, 3), 3),
                  stream_lisette=(W.stream_chat, 1), stream_raw_built=(W.stream_raw_built, 1),
                  async_lisette=(lambda: asyncio.run(seq(W.a_chat, 2*n)), 2*n), async_raw=(lambda: asyncio.run(seq(W.a_raw, 2*n)), 2*n))
    if '--only' in sys.argv:  # e.g. --only turn,async
        keep = sys.argv[sys.argv.index('--only')+1].split(',')
        blocks = {k:v for k,v in blocks.items() if k.rsplit('_', 1)[0] in keep}
    for f,_ in blocks.values(): f()  # warm-up, not collected
    gc.collect(); gc.freeze()
    for f,_ in blocks.values(): gc.collect(); operator.call(f)
    if 'turn' in ''.join(blocks):
        # lisette's own instructions, with no LiteLLM call in them: the same turns, each handed back a reply LiteLLM made beforehand
        # (`own_base`, handing them out alone, is taken off). The difference of the two blocks above also holds the work LiteLLM does
        # for the options lisette sends (a timeout, no SDK retries) and the count's own drift between LiteLLM calls (±0.5%)
        import lisette.core as lc
        rs = [lc.completion(messages=W.umsg(W.Q), **W.raw_kw()) for _ in range(2*n+3)]
        lc.completion = lambda **kw: rs.pop()
        for _ in range(3): W.turn_chat()
        blocks['own_turn'],blocks['own_base'] = (rep(W.turn_chat), n),(rep(rs.pop), n)
        for k in ('own_turn', 'own_base'): gc.collect(); operator.call(blocks[k][0])
    print(json.dumps({k:k_ for k,(_,k_) in blocks.items()}))

def main():
    d = tempfile.mkdtemp(prefix='lisette-instr-')
    out = os.path.join(d, 'cg.out')
    cmd = ['valgrind', '--tool=callgrind', f'--callgrind-out-file={out}', '--collect-atstart=no', '--toggle-collect=_operator_call',
           '--dump-after=_operator_call', sys.executable, __file__, *sys.argv[1:], '--inside']
    p = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED='0'))
    if p.returncode: sys.exit(f'valgrind failed: {p.stderr.strip().splitlines()[-1:]}')
    ns = json.loads(p.stdout.strip().splitlines()[-1])
    dumps = sorted(glob.glob(out + '.*'), key=lambda f: int(f.rsplit('.', 1)[1]))
    tot = [int(re.search(r'^summary: (\d+)', Path(f).read_text(), re.M)[1]) for f in dumps]
    print(json.dumps({k:t/n for (k,n),t in zip(ns.items(), tot)}))

if __name__ == '__main__': measure() if '--inside' in sys.argv else main()
