"""CPU time lisette itself spends, which other load on the machine hardly moves: `python cpu.py URL [--quick]` prints one JSON
object. Every LiteLLM call lisette makes (`completion`, each chunk of its stream, `stream_chunk_builder`, each step of an
`acompletion` coroutine) is timed with `time.thread_time`, the CPU time of this thread alone; lisette's own time is the CPU
time of the whole lisette call minus that. Waiting for the emulator and other processes' work count in neither. Works with
this repo's lisette and the released one; the breakdown by step is only measured for this repo's."""
import sys, json, time, asyncio, gc, copy, types
import work as W
import lisette.core as lc
try: import lisette.asink as la
except ImportError: la = lc

tt = time.thread_time

class Meter:
    "Adds up, in `s`, the CPU time of this thread spent inside what it wraps"
    def __init__(self): self.s = 0.
    def fn(self, f):
        "`f`, timed"
        def g(*a, **kw):
            t = tt()
            try: return f(*a, **kw)
            finally: self.s += tt()-t
        return g
    def it(self, s):
        "Iterator `s` with each `next` timed"
        it = iter(s)
        while True:
            t = tt()
            try: o = next(it)
            except StopIteration: self.s += tt()-t; return
            self.s += tt()-t
            yield o
    def co(self, aw): return _Stepped(aw.__await__(), self)

class _Stepped:
    "An awaitable that runs awaitable iterator `it`, timing each of its steps (the work between two suspensions)"
    def __init__(self, it, m): self.it,self.m = it,m
    def __await__(self):
        it,m,val,exc = self.it,self.m,None,None
        while True:
            t = tt()
            try: y = it.throw(exc) if exc is not None else it.send(val)
            except StopIteration as e: m.s += tt()-t; return e.value
            except BaseException: m.s += tt()-t; raise
            m.s += tt()-t
            val = exc = None
            try: val = yield y
            except BaseException as e: exc = e

LIT,BUILD = Meter(),Meter()  # LiteLLM's calls, and building the complete reply from the chunks
_completion,_acompletion,_scb = lc.completion,la.acompletion,lc.stream_chunk_builder
def m_completion(**kw):
    r = LIT.fn(_completion)(**kw)
    return LIT.it(r) if kw.get('stream') else r
lc.completion = m_completion
lc.stream_chunk_builder = BUILD.fn(_scb)
if la is not lc: la.stream_chunk_builder = lc.stream_chunk_builder
la.acompletion = lambda **kw: LIT.co(_acompletion(**kw))
if la is not lc and hasattr(lc, 'acompletion'): lc.acompletion = la.acompletion

# This repo's lisette: each step of a turn timed on its own (a nested step is also in the step calling it). The wrappers cost
# about a microsecond a call, so they are only in place for the rounds that measure the steps
STEPS,_ORIG = {},{}
if W.DEV:
    # lisette's `copy.deepcopy`, not LiteLLM's: core gets a copy of the `copy` module of its own
    lc.copy = types.ModuleType('copy'); lc.copy.__dict__.update(copy.__dict__)
    for o,nm,lbl in [*[(lc.Chat, nm, f'Chat.{nm}') for nm in ('__init__', '_start', '_req', '_prep_msgs', '_record')], (lc, '_norm_msg', '_norm_msg'),
                     (lc, '_copy', '_copy (messages)'), (lc.copy, 'deepcopy', 'copy.deepcopy (options, tool schemas)'),
                     (lc.Use, 'from_response', 'Use.from_response'), (lc.Retry, '__call__', 'Retry.__call__')]:
        STEPS[lbl],_ORIG[lbl] = Meter(),(o, nm, o.__dict__[nm] if isinstance(o, type) else getattr(o, nm))
TOP = ('Chat.__init__', 'Chat._start', 'Chat._req', 'Chat._record')  # not nested in one another

def steps(on):
    "Put the step timers in place (`on`) or take them out"
    for lbl,(o,nm,f) in _ORIG.items():
        if not on: setattr(o, nm, f); continue
        g = STEPS[lbl].fn(f.__get__(None, o) if isinstance(f, classmethod) else f)
        setattr(o, nm, g)

def _reset():
    for m in [LIT, BUILD, *STEPS.values()]: m.s = 0.

def own(f, n, by_step=False):
    "Per call of `f` (run `n` times): (lisette's own CPU seconds, LiteLLM's, building the reply, {step: seconds} if `by_step`)"
    steps(by_step); _reset(); t = tt()
    for _ in range(n): f()
    tot = tt()-t
    steps(False)
    st = {k:m.s/n for k,m in STEPS.items()} if by_step else {}
    if 'Retry.__call__' in st: st['Retry.__call__'] -= LIT.s/n  # the retry wrapper's own time, without the call it wraps
    return (tot-LIT.s-BUILD.s)/n, LIT.s/n, BUILD.s/n, st

def aown(n, conc, f=None):
    "Per async turn, `n` bursts of `conc` concurrent `AsyncChat` turns (or coroutines of `f`): (own, LiteLLM's) CPU seconds"
    tot,f = Meter(),f or W.a_chat
    async def one(): await tot.co(f())
    async def go():
        for _ in range(n): await asyncio.gather(*[one() for _ in range(conc)])
    _reset(); asyncio.run(go())
    return (tot.s-LIT.s)/(n*conc), LIT.s/(n*conc)

def araw(n, conc):
    "CPU seconds of the whole process (all threads: LiteLLM logs in threads of its own) per raw `acompletion` turn, in bursts of `conc`"
    async def go():
        for _ in range(n): await asyncio.gather(*[W.a_raw() for _ in range(conc)])
    t = time.process_time(); asyncio.run(go())
    return (time.process_time()-t)/(n*conc)

def raw_cpu(f, n):
    t = tt()
    for _ in range(n): f()
    return (tt()-t)/n

def rounds(f, r):
    "`f()` `r` times after a warm-up: a list of its results"
    f(); gc.collect()
    return [f() for _ in range(r)]

def paired(f, g, r):
    """`f()` and `g()` `r` times each after a warm-up, taking turns (which goes first alternates): their lists of results. Each
    ratio of lisette's figure over raw LiteLLM's is then of two rounds run side by side, so a change in the machine's speed
    during the run moves both"""
    f(); g(); gc.collect()
    fs,gs = [],[]
    for i in range(r):
        if i % 2: gs.append(g()); fs.append(f())
        else: fs.append(f()); gs.append(g())
    return fs,gs

# The meters cost something themselves (each `time.thread_time` is a system call), and what they cost outside the LiteLLM calls they time
# would count as lisette's: it is measured on bare LiteLLM calls made through the same meters, and taken off lisette's figures
RKW = dict(model=W.M, temperature=0, api_base=W.URL)
def bare(): lc.completion(messages=[{'role':'user', 'content':W.Q}], **RKW)
def bare_stream(): sum(1 for _ in lc.completion(messages=[dict(o) for o in W.SQ], stream=True, max_tokens=16000, **RKW))
def abare(): return la.acompletion(messages=[{'role':'user', 'content':W.Q}], **RKW)

def main():
    q = W.QUICK
    r,k = (3, 0.4) if q else (7, 1)
    gc.collect(); gc.freeze()
    out = dict(flavour='dev' if W.DEV else 'released', steps=list(STEPS), top=list(TOP) if W.DEV else [])
    med = lambda xs: sorted(xs)[len(xs)//2]
    m1 = med([o[0] for o in rounds(lambda: own(bare, int(100*k)), r)])  # per LiteLLM call
    ms = med([o[0] for o in rounds(lambda: own(bare_stream, 1), r)])  # per stream of the same length as lisette's
    ma = med([o[0] for o in rounds(lambda: aown(max(1, int(3*k)), 100, abare), r)])  # per async call
    out['meter'] = dict(call=m1, stream=ms, acall=ma)
    pt,praw = paired(lambda: own(W.turn_chat, int(100*k)), lambda: raw_cpu(W.turn_raw, int(100*k)), r)
    ps = rounds(lambda: own(W.turn_chat, int(100*k), True)[3], r) if W.DEV else []
    out['per_turn'] = dict(own=[o[0]-m1 for o in pt], litellm=[o[1] for o in pt], steps={s:[o[s] for o in ps] for s in STEPS}, raw=praw)
    tl,traw = paired(lambda: own(W.loop_chat, int(30*k)), lambda: raw_cpu(W.loop_raw, int(30*k)), r)
    out['tool_loop'] = dict(own=[o[0]-3*m1 for o in tl], litellm=[o[1] for o in tl], raw=traw)
    W.nchunks.clear()
    sr,sraw = paired(lambda: own(W.stream_chat, 1), lambda: raw_cpu(W.stream_raw_built, 1), r)
    out['stream'] = dict(own=[o[0]-ms for o in sr], litellm=[o[1] for o in sr], build=[o[2] for o in sr], chunks=max(W.nchunks), raw_built=sraw)
    ar,araw_ = paired(lambda: aown(max(1, int(3*k)), 100), lambda: araw(max(1, int(3*k)), 100), r)
    out['async'] = dict(own=[o[0]-ma for o in ar], litellm=[o[1] for o in ar], raw_process=araw_)
    print(json.dumps(out))

if __name__ == '__main__': main()
