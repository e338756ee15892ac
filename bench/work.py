"""The workloads, run by `run.py` in a fresh process with the Python of the lisette under test (this repo's or the released
one): `python work.py URL [--quick]` prints one JSON object of raw timings (seconds). Works with either lisette's API."""
import os, sys, json, time, asyncio, gc
from importlib.metadata import version
os.environ.setdefault('LITELLM_LOCAL_MODEL_COST_MAP', 'True')
for k in ('ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY'): os.environ.setdefault(k, 'sk-bench')
import warnings; warnings.filterwarnings('ignore')
import litellm
from litellm import completion, acompletion, Message, ModelResponse
import lisette
from lisette.core import Chat
try: from lisette.asink import AsyncChat
except ImportError: from lisette.core import AsyncChat

URL = sys.argv[1]
QUICK = '--quick' in sys.argv
DEV = hasattr(Chat, '_prep_msgs')  # this repo's lisette; the released one has `_prep_msg`
M = 'anthropic/claude-sonnet-4-5'
Q = "Hi, my name is Ada."
SQ = [{'role':'user', 'content':'Stream 2000 chunks'}]
TQ = 'What is (1+2)+3?'  # the emulator needs two tool rounds, so three model calls
CQ = ' '.join(f'What is {2*i+1}+{2*i+2}?' for i in range(8))  # eight independent sums: eight parallel calls
now = time.perf_counter

def add(a:int, b:int)->int:
    "Add two integers"
    return a+b

async def slow_add(a:int, b:int)->int:
    "Add two integers"
    await asyncio.sleep(0.2)
    return a+b

# The by-hand variants send the very schema lisette makes, so both send the same request
S_ADD,S_SLOW = Chat(M, tools=[add]).tool_schemas,Chat(M, tools=[slow_add]).tool_schemas

def umsg(q): return [{'role':'user', 'content':q}]
def raw_kw(**kw): return dict(model=M, temperature=0, api_base=URL) | kw
def lkw(**kw): return dict(api_base=URL, max_steps=5) | kw  # max_steps: the released default (2) would add a wrap-up prompt
def tool_res(tc, res): return {'role':'tool', 'tool_call_id':tc.id, 'name':tc.function.name, 'content':str(res)}

def timed(f):
    t = now(); f(); return now()-t

def pairs(fs, n, warm=3):
    "Time each of the functions `fs` `n` times, interleaved (order flipped every round), after `warm` untimed rounds"
    for _ in range(warm): [f() for f in fs.values()]
    res = {k:[] for k in fs}
    for i in range(n):
        for k in (list(fs) if i%2 else list(fs)[::-1]): res[k].append(timed(fs[k]))
    return res

# 1. Per-turn overhead
def turn_chat(): Chat(M)(Q, api_base=URL)
def turn_raw(): completion(messages=umsg(Q), **raw_kw())

# 2. Streaming a long reply
nchunks = []
def stream_chat():
    nchunks.append(sum(1 for o in Chat(M)(SQ[0]['content'], stream=True, api_base=URL, max_tokens=16000) if not isinstance(o, (ModelResponse, dict))))
def stream_raw(): nchunks.append(sum(1 for o in completion(messages=SQ, stream=True, **raw_kw(max_tokens=16000))))
def stream_raw_built():
    "Raw LiteLLM plus what keeping history needs: the complete message built from the chunks"
    litellm.stream_chunk_builder(list(completion(messages=SQ, stream=True, **raw_kw(max_tokens=16000))))

# 3. Tool loop
ncalls = []
def loop_chat():
    res = Chat(M, tools=[add])(TQ, return_all=True, **lkw())
    ncalls.append(sum(isinstance(o, ModelResponse) for o in res))
def loop_raw():
    msgs = umsg(TQ)
    while True:
        m = completion(messages=msgs, tools=S_ADD, **raw_kw()).choices[0].message
        msgs.append(m)
        if not m.tool_calls: return
        msgs += [tool_res(tc, add(**json.loads(tc.function.arguments))) for tc in m.tool_calls]

# 4. Async throughput
async def a_chat(): await AsyncChat(M)(Q, api_base=URL)
async def a_raw(): await acompletion(messages=umsg(Q), **raw_kw())
async def burst(f, n=100):
    t = now(); await asyncio.gather(*[f() for _ in range(n)]); return now()-t

# 5. Concurrent tools: returns (whole turn, tool phase); the tool phase runs from the reply asking for the calls to the last result
ntools = []
async def ctools_chat():
    t0,t1,t2 = now(),None,None
    async for o in await AsyncChat(M, tools=[slow_add])(CQ, return_all=True, **lkw()):
        if isinstance(o, ModelResponse) and t1 is None: t1 = now()
        if isinstance(o, dict) and o.get('role') == 'tool': t2 = now()
    return now()-t0, t2-t1
async def ctools_raw():
    t0,msgs = now(),umsg(CQ)
    m = (await acompletion(messages=msgs, tools=S_SLOW, **raw_kw())).choices[0].message
    t1 = now()
    res = await asyncio.gather(*[slow_add(**json.loads(tc.function.arguments)) for tc in m.tool_calls])
    t2 = now()
    ntools.append(len(m.tool_calls))
    msgs += [m] + [tool_res(tc, r) for tc,r in zip(m.tool_calls, res)]
    await acompletion(messages=msgs, tools=S_SLOW, **raw_kw())
    return now()-t0, t2-t1

async def apairs(fs, n, warm=1):
    "`pairs` for coroutine functions `fs`, each returning its own timing"
    for _ in range(warm): [await f() for f in fs.values()]
    res = {k:[] for k in fs}
    for i in range(n):
        for k in (list(fs) if i%2 else list(fs)[::-1]): res[k].append(await fs[k]())
    return res

def throughput(n):
    async def chat(): return await burst(a_chat)
    async def raw(): return await burst(a_raw)
    return asyncio.run(apairs(dict(lisette=chat, raw=raw), n))

def ctools(n):
    ct = asyncio.run(apairs(dict(lisette=ctools_chat, raw=ctools_raw), n))
    return dict(ctools={k:[a for a,b in v] for k,v in ct.items()}, ctools_phase={k:[b for a,b in v] for k,v in ct.items()}, ctools_n=ntools[-1])

# 6. History scaling: a history cycling through a user message, a tool call, its result and a text answer
def mk_hist(n):
    tc = {'id':'toolu_01', 'type':'function', 'function':{'name':'add', 'arguments':'{"a": 1, "b": 2}'}}
    cyc = [lambda i: {'role':'user', 'content':f'Question {i}: what is 1+2? ' + 'Some more words here. '*5},
           lambda i: Message(content='I will use the tool.', role='assistant', tool_calls=[tc]),
           lambda i: {'role':'tool', 'tool_call_id':'toolu_01', 'name':'add', 'content':'3'},
           lambda i: Message(content=f'The answer is 3. ' + 'And some explanation. '*5, role='assistant')]
    return [cyc[i%4](i) for i in range(n)]

def prep_times(n, budget):
    c = Chat(M)
    c.hist = mk_hist(n)
    f = c._prep_msgs if DEV else c._prep_msg
    f(); ts,t0 = [],now()
    while len(ts) < 15 or (now()-t0 < budget and len(ts) < 200): ts.append(timed(f))
    return ts

# 3b. Tool loops of current models: a thinking Claude, OpenAI's Responses API (gpt-5.4 thinking with tools goes to POST /v1/responses)
# and Gemini 3 (/v1alpha). These models take no temperature from lisette by default, so the by-hand calls send none either
MODELS = dict(think_loop=('anthropic/claude-sonnet-4-5', '', dict(reasoning_effort='medium'), dict(think='m')),
              responses=('openai/gpt-5.4', '/v1', dict(reasoning_effort='medium'), dict(think='m')),
              gemini3=('gemini/gemini-3-flash-preview', '/v1alpha', {}, {}))
WHERE = dict(think_loop='thinking (Anthropic)', responses='POST /v1/responses', gemini3='POST /v1alpha/models/...:generateContent')

def model_loop(k):
    "(lisette's tool loop, the same by hand) for workload `k` of `MODELS`"
    m,path,rkw,lkw_ = MODELS[k]
    def chat():
        res = Chat(m, tools=[add])(TQ, return_all=True, **lkw(api_base=URL+path), **lkw_)
        ncalls.append(sum(isinstance(o, ModelResponse) for o in res))
    def raw():
        msgs = umsg(TQ)
        while True:
            m_ = completion(model=m, messages=msgs, tools=S_ADD, api_base=URL+path, **rkw).choices[0].message
            msgs.append(m_)
            if not m_.tool_calls: return
            msgs += [tool_res(tc, add(**json.loads(tc.function.arguments))) for tc in m_.tool_calls]
    return chat,raw

def probe(k):
    "Why workload `k` can't run against this emulator (it doesn't answer the model's path), or None if it can"
    try: model_loop(k)[1](); model_loop(k)[0](); return None
    except Exception as e: return f"the emulator doesn't answer {WHERE[k]} for {MODELS[k][0]} ({short(e)})"

# 4b. Many conversations: `nconv` AsyncChats alive at once, each taking `nturns` turns, at most `inflight` requests at a time
def rss():
    "Resident memory of this process, bytes"
    with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')

def many(nconv, nturns, inflight=100, raw=False):
    """Memory per conversation (RSS) after each round of turns, the time of each round, and the Python memory blocks left per
    conversation once they are all dropped; `raw`: the same conversations kept by hand as lists of messages for `acompletion`"""
    async def turn(c, i):
        if not raw: return await c(f'{Q} This is turn {i}.', api_base=URL)
        c.append({'role':'user', 'content':f'{Q} This is turn {i}.'})
        c.append((await acompletion(messages=c, **raw_kw())).choices[0].message)
    async def go():
        sem = asyncio.Semaphore(inflight)
        async def one(c, i):
            async with sem: await turn(c, i)
        for c in [[] if raw else AsyncChat(M) for _ in range(inflight)]: await turn(c, 0)  # one-time allocations (clients, caches) first
        await asyncio.sleep(1); gc.collect(); base,blocks = rss(),sys.getallocatedblocks()
        chats = [[] if raw else AsyncChat(M) for _ in range(nconv)]
        res = dict(made=(rss()-base)/nconv, rounds=[], secs=[])
        for i in range(nturns):
            t = now(); await asyncio.gather(*[one(c, i) for c in chats]); res['secs'].append(now()-t)
            gc.collect(); res['rounds'].append((rss()-base)/nconv)
        res['hist_len'] = len(chats[0] if raw else chats[0].hist)
        del chats
        await asyncio.sleep(1); gc.collect()  # LiteLLM's logging tasks of the last turns finish first
        res['blocks_left'] = (sys.getallocatedblocks()-blocks)/nconv
        return res
    return asyncio.run(go())

def short(e):
    "One line about exception `e`, without the bug-report link LiteLLM appends"
    return f'{type(e).__name__}: ' + str(e).split(' This looks like a bug')[0].split('\n')[0][:200]

def many_main():
    """`work.py URL --many lisette|raw`: 10,000 conversations (2,000 with --quick) taking 3 turns each (raw: 2), in this fresh
    process, so that memory measured is theirs alone"""
    raw = sys.argv[sys.argv.index('--many')+1] == 'raw'
    n = 2_000 if QUICK else 10_000
    gc.collect(); gc.freeze()
    print(json.dumps(dict(nconv=n, **many(n, 2 if raw else 3, raw=raw))))

def main():
    k = 0.3 if QUICK else 1
    gc.collect(); gc.freeze()  # the import-time objects are left out of later collections, for both variants alike
    out = dict(flavour='dev' if DEV else 'released', lisette=getattr(lisette, '__version__', '?'), litellm=version('litellm'), secs={}, errors={})
    def run(nm, f):
        "Run workload `f`, adding the dict of timings it returns to `out`, or its error to `out['errors']`"
        t = now()
        gc.collect()
        try: out.update(f())
        except Exception as e: out['errors'][nm] = short(e)
        out['secs'][nm] = round(now()-t, 1)
    run('per_turn', lambda: dict(per_turn=pairs(dict(lisette=turn_chat, raw=turn_raw), int(250*k))))
    run('stream', lambda: dict(stream=pairs(dict(lisette=stream_chat, raw=stream_raw, raw_built=stream_raw_built), max(3, int(8*k)), warm=1)))
    out['stream_chunks'] = max(nchunks, default=0)
    run('tool_loop', lambda: dict(tool_loop=pairs(dict(lisette=loop_chat, raw=loop_raw), int(80*k))))
    out['tool_loop_calls'] = ncalls[-1] if ncalls else 0
    run('async', lambda: {'async':throughput(max(3, int(10*k)))})
    run('ctools', lambda: ctools(max(3, int(8*k))))
    out['skipped'] = {}
    for nm in MODELS:
        if (why := probe(nm)): out['skipped'][nm] = why; continue
        ncalls.clear(); chat,raw = model_loop(nm)
        run(nm, lambda: {nm:pairs(dict(lisette=chat, raw=raw), int(40*k)), f'{nm}_calls':ncalls[-1] if ncalls else 0})
    run('hist', lambda: dict(hist={n:prep_times(n, 0.3*k) for n in (10, 100, 500, 1000, 2000, 5000)}))
    print(json.dumps(out))

if __name__ == '__main__': many_main() if '--many' in sys.argv else main()
