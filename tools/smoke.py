#!/usr/bin/env python
"""Smoke test of an installed lisette (e.g. the wheel in a fresh environment): a chat, a tool loop and a streamed
reply against the offline emulator, on each provider, and an MCP server's tools in a chat. Needs no key and no network;
run it from outside the repo so that the installed package, not the source tree, is imported.

  python tools/smoke.py"""
import asyncio, os, sys
os.environ.setdefault('LITELLM_LOCAL_MODEL_COST_MAP', 'True')
import lisette
from lisette.core import Chat, contents, delta_text
from lisette.asink import AsyncChat
from lisette.replay import emulated
from litellm import ModelResponse

assert 'site-packages' in lisette.__file__, f'lisette imported from {lisette.__file__}, not from an installed package'

def add(
    a:int, # The first number
    b:int, # The second number
)->int:
    "Add two integers"
    return a + b

models = ['anthropic/claude-sonnet-4-5', 'openai/gpt-4.1', 'gemini/gemini-2.5-flash']
with emulated():
    for m in models:
        chat = Chat(m)
        chat("Hey my name is Rens")
        r = chat("What's my name?")
        assert 'Rens' in contents(r), contents(r)

        chat = Chat(m, tools=[add])
        r = chat("What is ((5 + 3) + 7) + 11? Use the tool, one step at a time.", max_steps=5)
        assert [o['content'] for o in chat.hist if o['role'] == 'tool'] == ['8', '15', '26'], chat.hist
        assert '26' in contents(r), contents(r)

        chat = Chat(m)
        parts = [o for o in chat("Count to 5", stream=True)]
        text = ''.join(delta_text(o) or '' for o in parts if not isinstance(o, ModelResponse))
        assert isinstance(parts[-1], ModelResponse) and text == contents(parts[-1]) and '5' in text, text

        async def arun():
            achat = AsyncChat(m, tools=[add])
            return await achat("What is 1234 + 4321? Use the tool.")
        assert '5555' in contents(asyncio.run(arun()))
        print(f'ok {m}: chat with history, tool loop, stream, async tool loop')

# an MCP server process (the page's demo server) and its tools in a chat, with the MCP SDK this environment resolved
from pathlib import Path
from lisette.mcp import mcp_tools
demo = Path(__file__).resolve().parent.parent/'nbs'/'mcp_demo_server.py'
with emulated(), mcp_tools(sys.executable, str(demo), names=['add', 'greet']) as tools:
    r = Chat(models[0], tools=tools)("What is 12+30?")
    assert '42' in contents(r) and tools[1](name='Ada') == 'Hello, Ada!', contents(r)
print('ok mcp: a stdio server, its tools in a tool loop')

import fastcore, litellm
from importlib.metadata import version
print(f"lisette {lisette.__version__} with litellm {version('litellm')}, fastcore {fastcore.__version__}, toolslm {version('toolslm')}, mcp {version('mcp')}, "
      f"python {sys.version.split()[0]}: smoke test passed")
