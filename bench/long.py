"""Long conversations: a 300-turn tool-using conversation through the emulator, for Claude, GPT-5.x and Gemini 3.

Each turn asks for a product; the model calls `mul`, whose result carries a long working (1% of the model's context window,
at most 4,000 tokens, so it stays under lisette's `tool_chars`), and answers. Four ways of running the same turns, each against a fresh emulator:

- lisette with `cache=True` (compaction on, as by default)
- lisette without caching (compaction on)
- lisette with `cache=True` and `compaction=False`
- a plain LiteLLM loop (`litellm.completion` and the tool calls by hand), sending the whole conversation each time

Reported per run: turns completed (a run stops at the first error, such as the window refusing the request), model calls,
input tokens sent, the share of them read from the cache after the third turn, tokens written to the cache, the largest
request's input tokens against the model's window, compactions and cost (summaries included).

    python bench/long.py                  # 300 turns, all three models (several minutes)
    python bench/long.py --turns 60 --models anthropic/claude-sonnet-4-5

Writes bench/LONG.md (the table the "Long conversations" page shows) unless --no-write.
"""
import argparse, json, os, sys, time
from pathlib import Path
os.environ.setdefault('LITELLM_LOCAL_MODEL_COST_MAP', 'True')
from lisette.replay import emulated, offline_env

MODELS = ['anthropic/claude-sonnet-4-5', 'openai/gpt-5.4', 'gemini/gemini-3-flash-preview']

def mul_tool(size):
    "A `mul` tool whose result carries about `size` tokens of working"
    def mul(a:int, b:int)->dict:
        "Multiply two integers; the working comes with the product"
        line = f"{a} times {b} is {a*b}. "
        return {'product': a*b, 'working': line * (4*size // len(line))}
    return mul

def questions(n): return [f"What is {101 + 7*i} * {13 + 3*i}?" for i in range(n)]

def window(model):
    from lisette.core import _model_info
    return _model_info(model).get('max_input_tokens')

class Meter:
    "What each model call of a run read, wrote and sent, by turn"
    def __init__(self): self.calls,self.turn = [],0
    def add(self, u): self.calls.append((self.turn, u.prompt, u.cache_read, u.cache_write))
    def figures(self):
        after = [c for c in self.calls if c[0] >= 3]
        sent = sum(c[1] for c in after)
        return dict(calls=len(self.calls), prompt=sum(c[1] for c in self.calls), share=sum(c[2] for c in after) / sent if sent else 0.,
                    written=sum(c[3] for c in self.calls), largest=max((c[1] for c in self.calls), default=0))

def run_lisette(model, turns, **kw):
    from lisette.core import Chat
    from lisette.policies import Use
    m,w = Meter(),window(model)
    chat = Chat(model, sp="You are a careful assistant. Use the tool for every product.", tools=[mul_tool(min(w // 100, 4000))], **kw)
    chat.on('reply', lambda ev: m.add(Use.from_response(ev.response)))
    done,err,compactions,last = 0,None,0,None
    for q in questions(turns):
        m.turn = done
        try: chat(q)
        except Exception as e: err = type(e).__name__; break
        if chat._compacted is not last: compactions,last = compactions + 1,chat._compacted
        done += 1
    return dict(turns=done, error=err, compactions=compactions, cost=chat.use.cost, all_prompt=chat.use.prompt, **m.figures())

def run_plain(model, turns):
    import litellm
    from lisette.core import lite_mk_func
    from lisette.policies import Use
    m,w,cost = Meter(),window(model),0.
    f = mul_tool(min(w // 100, 4000))
    msgs,tools = [{'role':'system', 'content':"You are a careful assistant. Use the tool for every product."}],[lite_mk_func(f)]
    done,err = 0,None
    for q in questions(turns):
        m.turn = done
        msgs.append({'role':'user', 'content':q})
        try:
            for _ in range(5):
                r = litellm.completion(model=model, messages=msgs, tools=tools)
                u = Use.from_response(r)
                m.add(u)
                cost += u.cost
                msg = r.choices[0].message
                msgs.append(msg.model_dump(exclude_none=True))
                if not msg.tool_calls: break
                for tc in msg.tool_calls:
                    res = f(**json.loads(tc.function.arguments))
                    msgs.append({'role':'tool', 'tool_call_id':tc.id, 'name':tc.function.name, 'content':json.dumps(res)})
        except Exception as e: err = type(e).__name__; break
        done += 1
    return dict(turns=done, error=err, compactions=0, cost=cost, all_prompt=sum(c[1] for c in m.calls), **m.figures())

RUNS = {'lisette, cache=True': lambda m,n: run_lisette(m, n, cache=True),
        'lisette, no cache': lambda m,n: run_lisette(m, n),
        'lisette, cache=True, compaction=False': lambda m,n: run_lisette(m, n, cache=True, compaction=False),
        'plain LiteLLM loop': run_plain}

def table(res, turns):
    rows = ['| Model | Run | Turns done | Model calls | Input tokens | Read from cache after turn 3 | Written to cache | Largest request (window) | '
            'Compactions | Cost |', '|---|---|---|---|---|---|---|---|---|---|']
    for (model,run),r in res.items():
        done = f"{r['turns']}" + (f" (then {r['error']})" if r['error'] else '')
        rows.append(f"| {model} | {run} | {done} | {r['calls']} | {r['all_prompt']:,} | {r['share']:.1%} | {r['written']:,} | "
                    f"{r['largest']:,} ({window(model):,}) | {r['compactions']} | ${r['cost']:.2f} |")
    return '\n'.join(rows)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--turns', type=int, default=300)
    ap.add_argument('--models', nargs='*', default=MODELS)
    ap.add_argument('--runs', nargs='*', default=list(RUNS))
    ap.add_argument('--no-write', action='store_true')
    a = ap.parse_args()
    res,t0 = {},time.time()
    offline_env()
    for model in a.models:
        for run in a.runs:
            with emulated():
                t = time.time()
                res[(model, run)] = r = RUNS[run](model, a.turns)
            print(f"{model} | {run}: {r} ({time.time()-t:.0f} s)", file=sys.stderr, flush=True)
    out = (f"# Long conversations\n\n{a.turns} turns, each a tool call (its result 1% of the model's context window, at most 4,000 tokens) and an answer, "
           f"through lisette's emulator (its cache accounting and prices from LiteLLM's map); `python bench/long.py` "
           f"({time.time()-t0:.0f} s).\n\n" + table(res, a.turns) + '\n')
    print(out)
    if not a.no_write: (Path(__file__).parent/'LONG.md').write_text(out)

if __name__ == '__main__': main()
