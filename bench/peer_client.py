"""One contender of `peers.py` in a fresh process: `python peer_client.py NAME URL [--quick]` prints one JSON object.
Each contender makes the same requests (model, prompt, max tokens, temperature 0, the same `add` tool) against the emulator
on loopback, and every reply's text is checked, so a contender that breaks can't look fast. CPU time is `time.process_time`
of the whole process, so work done in other threads (LiteLLM's logging) counts."""
import time, sys, os, json, gc
T0 = time.perf_counter()  # before any contender's import: import + set-up is timed from here

NAME,URL = sys.argv[1],sys.argv[2]
QUICK,WARM = '--quick' in sys.argv,'--warm' in sys.argv  # --warm: import, set up and take one turn (compiles the bytecode), nothing timed
AM,OM = 'claude-sonnet-4-5','gpt-4.1'  # the Anthropic and OpenAI models every contender names
Q = 'Hi, my name is Ada.'  # the emulator greets a greeting back: every contender must get the same reply (`peers.py` checks)
TQ = 'What is (1+2)+3?'  # the emulator computes it with two tool rounds, so three model calls
MAXTOK,SMAXTOK = 1024,16000
NCHUNKS = 300 if QUICK else 2000
SQ = f'Stream {NCHUNKS} chunks'  # `bench/emu.py` answers with NCHUNKS text deltas: the numbers 0 .. 3*NCHUNKS-1
SA = ' '.join(map(str, range(3*NCHUNKS)))
HIST = [o for i in range(100) for o in ({'role':'user', 'content':f'Question {i}: how is item {i}?'},
                                         {'role':'assistant', 'content':f'Item {i} is fine.'})]
ADDS = []
def add(a:int, b:int)->int:
    "Add two integers"
    ADDS.append((a, b))
    return a+b
ADD_A = dict(name='add', description='Add two integers', input_schema=dict(type='object', properties=dict(a=dict(type='integer'), b=dict(type='integer')), required=['a', 'b']))
T0B = {'temperature':0}  # anthropic>=1 dropped `temperature` from `messages.create`: SDK callers put it in the body
ADD_O = dict(type='function', function=dict(name='add', description='Add two integers', parameters=ADD_A['input_schema']))

# ## The contenders: `setup(wire)` builds what a turn needs; `turn`, `loop` and `stream` return the reply's text
class Httpx:
    "The floor: httpx posting the wire format by hand"
    wires = ('anthropic', 'openai')
    def setup(self, wire):
        import httpx
        if not hasattr(self, 'c'): self.c = httpx.Client(timeout=600)
    def post(self, wire, body, stream=False):
        if wire == 'anthropic':
            return self.c.build_request('POST', URL+'/v1/messages', json=dict(model=AM, **body),
                                        headers={'x-api-key':'sk-bench', 'anthropic-version':'2023-06-01'})
        return self.c.build_request('POST', URL+'/v1/chat/completions', json=dict(model=OM, **body), headers={'authorization':'Bearer sk-bench'})
    def call(self, wire, msgs, **kw):
        r = self.c.send(self.post(wire, dict(messages=msgs, max_tokens=MAXTOK, temperature=0, **kw)))
        r.raise_for_status()
        return r.json()
    def turn(self, wire, hist=()):
        r = self.call(wire, [*hist, {'role':'user', 'content':Q}])
        return r['content'][0]['text'] if wire == 'anthropic' else r['choices'][0]['message']['content']
    def loop(self, wire):
        msgs = [{'role':'user', 'content':TQ}]
        while True:
            if wire == 'anthropic':
                r = self.call(wire, msgs, tools=[ADD_A])
                msgs.append({'role':'assistant', 'content':r['content']})
                tcs = [o for o in r['content'] if o['type'] == 'tool_use']
                if not tcs: return ''.join(o['text'] for o in r['content'] if o['type'] == 'text')
                msgs.append({'role':'user', 'content':[{'type':'tool_result', 'tool_use_id':o['id'], 'content':str(add(**o['input']))} for o in tcs]})
            else:
                m = self.call(wire, msgs, tools=[ADD_O])['choices'][0]['message']
                msgs.append(m)
                if not m.get('tool_calls'): return m['content']
                msgs += [{'role':'tool', 'tool_call_id':o['id'], 'content':str(add(**json.loads(o['function']['arguments'])))} for o in m['tool_calls']]
    def stream(self, wire):
        body = dict(messages=[{'role':'user', 'content':SQ}], max_tokens=SMAXTOK, temperature=0, stream=True)
        r,out = self.c.send(self.post(wire, body), stream=True),[]
        for l in r.iter_lines():
            if not l.startswith('data: ') or l == 'data: [DONE]': continue
            d = json.loads(l[6:])
            if wire == 'anthropic':
                if d['type'] == 'content_block_delta' and d['delta']['type'] == 'text_delta': out.append(d['delta']['text'])
            elif d['choices'] and (t := d['choices'][0]['delta'].get('content')): out.append(t)
        r.close()
        return ''.join(out)

class SDK:
    "The providers' own SDKs (anthropic, openai), with their stream helpers that build the final message"
    wires = ('anthropic', 'openai')
    def setup(self, wire):
        if wire == 'anthropic':
            from anthropic import Anthropic
            self.a = Anthropic(base_url=URL, api_key='sk-bench')
        else:
            from openai import OpenAI
            self.o = OpenAI(base_url=URL+'/v1', api_key='sk-bench')
    def turn(self, wire, hist=()):
        msgs = [*hist, {'role':'user', 'content':Q}]
        if wire == 'anthropic': return self.a.messages.create(model=AM, messages=msgs, max_tokens=MAXTOK, extra_body=T0B).content[0].text
        return self.o.chat.completions.create(model=OM, messages=msgs, max_tokens=MAXTOK, temperature=0).choices[0].message.content
    def loop(self, wire):
        msgs = [{'role':'user', 'content':TQ}]
        while True:
            if wire == 'anthropic':
                r = self.a.messages.create(model=AM, messages=msgs, max_tokens=MAXTOK, extra_body=T0B, tools=[ADD_A])
                msgs.append({'role':'assistant', 'content':r.content})
                tcs = [o for o in r.content if o.type == 'tool_use']
                if not tcs: return ''.join(o.text for o in r.content if o.type == 'text')
                msgs.append({'role':'user', 'content':[{'type':'tool_result', 'tool_use_id':o.id, 'content':str(add(**o.input))} for o in tcs]})
            else:
                m = self.o.chat.completions.create(model=OM, messages=msgs, max_tokens=MAXTOK, temperature=0, tools=[ADD_O]).choices[0].message
                msgs.append(m)
                if not m.tool_calls: return m.content
                msgs += [{'role':'tool', 'tool_call_id':o.id, 'content':str(add(**json.loads(o.function.arguments)))} for o in m.tool_calls]
    def stream(self, wire):
        msgs = [{'role':'user', 'content':SQ}]
        if wire == 'anthropic':
            with self.a.messages.stream(model=AM, messages=msgs, max_tokens=SMAXTOK, extra_body=T0B) as s:
                for _ in s.text_stream: pass
                return s.get_final_message().content[0].text
        with self.o.chat.completions.stream(model=OM, messages=msgs, max_tokens=SMAXTOK, temperature=0) as s:
            for _ in s: pass
            return s.get_final_completion().choices[0].message.content

class Chatlas:
    "chatlas: `ChatAnthropic` and `ChatOpenAICompletions` (the Chat Completions wire), one chat per wire, its turns reset each time"
    wires = ('anthropic', 'openai')
    def setup(self, wire):
        import chatlas
        if wire == 'anthropic': self.a = chatlas.ChatAnthropic(model=AM, api_key='sk-bench', max_tokens=MAXTOK, cache='none', kwargs=dict(base_url=URL))
        else: self.o = chatlas.ChatOpenAICompletions(model=OM, api_key='sk-bench', base_url=URL+'/v1')
        self.tl = {}
    def chat(self, wire, hist=()):
        c = self.a if wire == 'anthropic' else self.o
        c.set_turns(hist)
        return c
    def okw(self, wire, n): return {'extra_body':T0B, 'max_tokens':n} if wire == 'anthropic' else {'temperature':0, 'max_tokens':n}
    def turns(self, wire, hist):
        import chatlas
        return [(chatlas.UserTurn if o['role'] == 'user' else chatlas.AssistantTurn)(o['content']) for o in hist]
    def turn(self, wire, hist=()): return self.chat(wire, hist).chat(Q, echo='none', stream=False, kwargs=self.okw(wire, MAXTOK)).get_content()
    def loop(self, wire):
        if wire not in self.tl:
            import chatlas
            self.tl[wire] = (chatlas.ChatAnthropic(model=AM, api_key='sk-bench', max_tokens=MAXTOK, cache='none', kwargs=dict(base_url=URL)) if wire == 'anthropic'
                             else chatlas.ChatOpenAICompletions(model=OM, api_key='sk-bench', base_url=URL+'/v1'))
            self.tl[wire].register_tool(add)
        c = self.tl[wire]; c.set_turns([])
        return c.chat(TQ, echo='none', stream=False, kwargs=self.okw(wire, MAXTOK)).get_content()
    def stream(self, wire):
        c = self.chat(wire)
        for _ in c.stream(SQ, kwargs=self.okw(wire, SMAXTOK)): pass
        return c.get_last_turn().text

class Claudette:
    "claudette (Anthropic only): `Chat` with its `Client` on an `Anthropic` SDK client"
    wires = ('anthropic',)
    def setup(self, wire):
        from anthropic import Anthropic
        import claudette
        self.cl = claudette.Client(AM, cli=Anthropic(base_url=URL, api_key='sk-bench'))
        self.c = claudette.Chat(cli=self.cl)
        self.t = claudette.Chat(cli=self.cl, tools=[add])
    def turn(self, wire, hist=()):
        self.c.h = list(hist)
        return self.c(Q, maxtok=MAXTOK).content[0].text
    def loop(self, wire):
        self.t.h = []
        for _ in self.t.toolloop(TQ, maxtok=MAXTOK): pass
        return self.t.h[-1]['content'][0].text
    def stream(self, wire):
        self.c.h = []
        return ''.join(self.c(SQ, maxtok=SMAXTOK, stream=True))

class PydanticAI:
    "pydantic-ai: an `Agent` on `AnthropicModel` or `OpenAIChatModel` (the Chat Completions wire)"
    wires = ('anthropic', 'openai')
    def setup(self, wire):
        from pydantic_ai import Agent
        if wire == 'anthropic':
            from pydantic_ai.models.anthropic import AnthropicModel
            from pydantic_ai.providers.anthropic import AnthropicProvider
            m = AnthropicModel(AM, provider=AnthropicProvider(base_url=URL, api_key='sk-bench'))
        else:
            from pydantic_ai.models.openai import OpenAIChatModel
            from pydantic_ai.providers.openai import OpenAIProvider
            m = OpenAIChatModel(OM, provider=OpenAIProvider(base_url=URL+'/v1', api_key='sk-bench'))
        setattr(self, wire, (Agent(m), Agent(m, tools=[add])))
    def turns(self, wire, hist):
        from pydantic_ai.messages import ModelRequest, ModelResponse, UserPromptPart, TextPart
        return [ModelRequest(parts=[UserPromptPart(o['content'])]) if o['role'] == 'user' else ModelResponse(parts=[TextPart(o['content'])]) for o in hist]
    def turn(self, wire, hist=()):
        return getattr(self, wire)[0].run_sync(Q, message_history=list(hist) or None, model_settings=dict(max_tokens=MAXTOK, temperature=0)).output
    def loop(self, wire): return getattr(self, wire)[1].run_sync(TQ, model_settings=dict(max_tokens=MAXTOK, temperature=0)).output
    def stream(self, wire):
        r = getattr(self, wire)[0].run_stream_sync(SQ, model_settings=dict(max_tokens=SMAXTOK, temperature=0))
        for _ in r.stream_text(delta=True, debounce_by=None): pass
        return r.get_output()

class LiteLLM:
    "Raw LiteLLM: `completion`, the tool loop by hand, and a stream built into the complete reply with `stream_chunk_builder` (which a chat's history needs)"
    wires = ('anthropic', 'openai')
    def setup(self, wire):
        import litellm
        self.l = litellm
    def kw(self, wire): return dict(model='anthropic/'+AM, api_base=URL) if wire == 'anthropic' else dict(model='openai/'+OM, api_base=URL+'/v1')
    def turn(self, wire, hist=()): return self.l.completion(messages=[*hist, {'role':'user', 'content':Q}], max_tokens=MAXTOK, temperature=0, **self.kw(wire)).choices[0].message.content
    def loop(self, wire):
        msgs = [{'role':'user', 'content':TQ}]
        while True:
            m = self.l.completion(messages=msgs, tools=[ADD_O], max_tokens=MAXTOK, temperature=0, **self.kw(wire)).choices[0].message
            msgs.append(m)
            if not m.tool_calls: return m.content
            msgs += [{'role':'tool', 'tool_call_id':o.id, 'name':'add', 'content':str(add(**json.loads(o.function.arguments)))} for o in m.tool_calls]
    def stream(self, wire):
        cs = list(self.l.completion(messages=[{'role':'user', 'content':SQ}], stream=True, max_tokens=SMAXTOK, temperature=0, **self.kw(wire)))
        return self.l.stream_chunk_builder(cs).choices[0].message.content

class Lisette:
    "lisette (this repo's): one `Chat` per wire, its history reset each time"
    wires = ('anthropic', 'openai')
    def setup(self, wire):
        from lisette.core import Chat
        self.Chat,m = Chat,('anthropic/'+AM if wire == 'anthropic' else 'openai/'+OM)
        self.base = {'anthropic':URL, 'openai':URL+'/v1'}
        setattr(self, wire, (Chat(m), Chat(m, tools=[add])))
    def turn(self, wire, hist=()):
        c = getattr(self, wire)[0]; c.hist = list(hist)
        return c(Q, api_base=self.base[wire], max_tokens=MAXTOK).choices[0].message.content
    def loop(self, wire):
        c = getattr(self, wire)[1]; c.hist = []
        return c(TQ, api_base=self.base[wire], max_tokens=MAXTOK, max_steps=5).choices[0].message.content
    def stream(self, wire):
        c = getattr(self, wire)[0]; c.hist = []
        for _ in c(SQ, stream=True, api_base=self.base[wire], max_tokens=SMAXTOK): pass
        return c.hist[-1]['content'] if isinstance(c.hist[-1], dict) else c.hist[-1].content

PEERS = dict(httpx=Httpx, sdk=SDK, chatlas=Chatlas, claudette=Claudette, pydantic_ai=PydanticAI, litellm=LiteLLM, lisette=Lisette)

# ## Measuring
def rss_mb():
    with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20

def check(got, want, what):
    "Raise unless reply `got` is `want` (for a greeting: starts with 'Hello'); else `got`"
    ok = (got or '').startswith('Hello') if want is None else (got or '').strip() == want
    if not ok: raise AssertionError(f'{NAME}, {what}: reply {str(got)[:80]!r}, expected {(want or "a greeting")[:80]!r}')
    return got

def versions():
    from importlib.metadata import version, PackageNotFoundError
    def v(k):
        try: return version(k)
        except PackageNotFoundError: return None
    return {k:v(k) for k in PKGS[NAME]}

PKGS = dict(httpx=['httpx'], sdk=['anthropic', 'openai'], chatlas=['chatlas', 'anthropic', 'openai'], claudette=['claudette', 'anthropic'],
            pydantic_ai=['pydantic-ai-slim', 'anthropic', 'openai'], litellm=['litellm'], lisette=['litellm'])

def cpu(f, n, r):
    "CPU seconds of the whole process per call of `f`, in each of `r` rounds of `n` calls, after two calls of warm-up"
    f(); f(); gc.collect()
    res = []
    for _ in range(r):
        t = time.process_time()
        for _ in range(n): f()
        res.append((time.process_time()-t)/n)
    return res

def main():
    p = PEERS[NAME]()
    c0 = time.process_time()
    p.setup('anthropic')
    out = dict(name=NAME, import_setup=time.perf_counter()-T0, import_setup_cpu=time.process_time())
    t,c = time.perf_counter(),time.process_time()
    reply = check(p.turn('anthropic'), None, 'first turn')
    out |= dict(reply=reply, first_turn=time.perf_counter()-t, first_turn_cpu=time.process_time()-c, rss=rss_mb(), versions=versions())
    if WARM: return print(json.dumps(out))
    for w in p.wires[1:]: p.setup(w)
    n,r = (8, 3) if QUICK else (20, 5)
    def turn(w): check(p.turn(w), reply, f'turn, {w}')
    def loop(w):
        ADDS.clear(); res = p.loop(w)
        if '6' not in (res or '') or ADDS != [(1, 2), (3, 3)]: raise AssertionError(f'{NAME}, tool loop, {w}: reply {str(res)[:80]!r}, tool calls {ADDS}')
    def stream(w): check(p.stream(w), SA, f'stream, {w}')
    hs = {w:(p.turns(w, HIST) if hasattr(p, 'turns') else HIST) for w in p.wires}
    def hist(w): check(p.turn(w, hs[w]), reply, f'turn on a history, {w}')
    for w in p.wires:
        out[f'turn_{w}'] = cpu(lambda: turn(w), n, r)
        out[f'loop_{w}'] = cpu(lambda: loop(w), max(2, n//3), r)
        out[f'stream_{w}'] = [o/NCHUNKS for o in cpu(lambda: stream(w), 1, r)]
        out[f'hist_{w}'] = cpu(lambda: hist(w), max(2, n//2), r)
    out['chunks'] = NCHUNKS
    print(json.dumps(out))

if __name__ == '__main__': main()
