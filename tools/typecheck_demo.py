"""A small program using lisette the way an app does, for a type checker (`python tools/check_typing.py` runs pyright on it in CI).
It is never run: each `assert_type` says what an editor must infer there, and pyright fails on any other type, or a name it can't see."""
import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from typing_extensions import assert_type
from litellm import ModelResponse
from lisette import *
from lisette import Chat as Chat2, __version__

@dataclass
class City:
    name: str
    population: int

def sync_app(model: str) -> str:
    chat = Chat(model, sp='Be brief.', tools=[], retry=Retry(1), budget=Budget(cost=0.5))
    r = chat('hi')
    assert_type(r, ModelResponse)
    txt = contents(r)
    assert_type(txt, str)
    for o in chat('and again', stream=True): print(o)
    assert_type(chat('all', return_all=True), list[Any])
    city = chat.structured(City, 'The largest city in France?')
    assert_type(city, City)
    assert_type(chat.cost, float)
    assert_type(chat.use, Use)
    assert_type(chat.watch_cache(warn=True), CacheWatch)
    assert_type(chat.cache_report().share, float)
    assert_type(chat.compact(), bool)
    assert_type(chat.sent, list)
    chat2 = Chat(model, cache=True, ttl='1h', compaction=Compaction(limit=50_000, keep=3), cache_key='user-42')
    chat.print_hist()
    assert_type(Chat2, type[Chat])
    return f"{txt} ({city.name}, {city.population:,}) for ${chat.cost:.4f}, lisette {__version__}"

async def async_app(model: str) -> str:
    achat = AsyncChat(model, max_concurrency=2)
    r = await achat('hi')
    assert_type(r, ModelResponse)
    async for o in await achat('count to 3', stream=True): print(o)
    city = await achat.structured(City, 'The largest city in France?')
    assert_type(city, City)
    assert_type(await achat.compact(), bool)
    return contents(r) + city.name

def streams(chat: Chat, achat: AsyncChat) -> None:
    assert_type(chat('hi', stream=True), Iterator[Any])
    assert_type(chat.structured(City, 'hi', stream=True), Iterator[Any])
    async def go():
        assert_type(await achat('hi', stream=True), AsyncIterator[Any])
    asyncio.run(go())
