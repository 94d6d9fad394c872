"""Abandoned streams close their HTTP response: after many cancelled streams (task cancel,
``break``, ``aclose``) the server sees no connection left open.

Every scripted stream sends the start of an answer and then stalls (up to 5 s) waiting for the
client to go away; the server counts the connection as closed only when the client closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from minimax_testing.fault_server import MODEL, FaultServer, chunk, content_pieces, sse
from minimax_transport import ChatRequest, MiniMaxClient, UserMessage

from .drivers import HAVE_LANGCHAIN, HAVE_LLAMAINDEX

N = 50


def _stalling() -> Any:
    return sse(lambda r: [chunk(p) for p in content_pieces(r.marker)[:2]] + [("stall", 5)])


async def _wait_closed(server: FaultServer, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while server.open_connections and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert server.open_connections == 0, f"{server.open_connections} connections left open"


def _wait_closed_sync(server: FaultServer, timeout: float = 3.0) -> None:
    assert server.wait_for_connections(0, timeout), (
        f"{server.open_connections} connections left open"
    )


# --------------------------------------------------------------------------- stream factories
def _transport(server: FaultServer) -> tuple[Any, Callable[[str], Any], Callable[[str], Any]]:
    client = MiniMaxClient(
        api_key="sk-test",
        base_url=server.base_url,
        max_retries=0,
        timeout=5.0,
        stream_idle_timeout=5.0,
    )

    def astream(marker: str) -> AsyncIterator[Any]:
        return client.astream(ChatRequest(MODEL, [UserMessage(marker)]))

    def stream(marker: str) -> Iterator[Any]:
        return client.stream(ChatRequest(MODEL, [UserMessage(marker)]))

    return client, astream, stream


def _langchain(server: FaultServer) -> tuple[Any, Callable[[str], Any], Callable[[str], Any]]:
    from langchain_minimax import ChatMiniMax

    model = ChatMiniMax(
        model=MODEL,
        api_key="sk-test",
        base_url=server.base_url,
        max_retries=0,
        timeout=5.0,
        stream_idle_timeout=5.0,
    )
    return model.client, model.astream, model.stream


def _llamaindex(server: FaultServer) -> tuple[Any, Callable[[str], Any], Callable[[str], Any]]:
    from llama_index.core.llms import ChatMessage

    from llama_index_minimax import MiniMax

    llm = MiniMax(
        model=MODEL,
        api_key="sk-test",
        api_base=server.base_url,
        max_retries=0,
        timeout=5.0,
        stream_idle_timeout=5.0,
    )

    async def astream(marker: str) -> AsyncIterator[Any]:
        gen = await llm.astream_chat([ChatMessage(role="user", content=marker)])
        try:
            async for c in gen:
                yield c
        finally:
            await gen.aclose()

    def stream(marker: str) -> Iterator[Any]:
        return llm.stream_chat([ChatMessage(role="user", content=marker)])

    return llm.client, astream, stream


SURFACES = [pytest.param(_transport, id="transport")]
if HAVE_LANGCHAIN:
    SURFACES.append(pytest.param(_langchain, id="langchain"))
if HAVE_LLAMAINDEX:
    SURFACES.append(pytest.param(_llamaindex, id="llamaindex"))


# --------------------------------------------------------------------------- async
@pytest.mark.usefixtures("async_stack")
@pytest.mark.parametrize("make", SURFACES)
def test_async_task_cancel_closes_streams(fault_server: FaultServer, make: Any) -> None:
    fault_server.default = _stalling()
    client, astream, _ = make(fault_server)

    async def main() -> None:
        started = [asyncio.Event() for _ in range(N)]

        async def consume(i: int) -> None:
            async for _ in astream(f"cancel-{i}"):
                started[i].set()

        tasks = [asyncio.create_task(consume(i)) for i in range(N)]
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in started)), 5)
        assert fault_server.open_connections == N
        for t in tasks:
            t.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert all(isinstance(r, asyncio.CancelledError) for r in results), results
        await _wait_closed(fault_server)
        await client.aclose()

    asyncio.run(main())
    assert fault_server.request_count == N


@pytest.mark.usefixtures("async_stack")
@pytest.mark.parametrize("make", SURFACES)
def test_async_break_closes_streams(fault_server: FaultServer, make: Any) -> None:
    """``break`` out of ``async for`` (the generator is then finalised by the event loop),
    and ``break`` inside ``contextlib.aclosing`` (closed at once)."""
    fault_server.default = _stalling()
    client, astream, _ = make(fault_server)

    async def one(i: int) -> None:
        if i % 2:
            async with contextlib.aclosing(astream(f"break-{i}")) as gen:
                async for _ in gen:
                    break
        else:
            async for _ in astream(f"break-{i}"):
                break

    async def main() -> None:
        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(N))), 5)
        await _wait_closed(fault_server)
        await client.aclose()

    asyncio.run(main())
    assert fault_server.request_count == N


# --------------------------------------------------------------------------- sync
@pytest.mark.parametrize("make", SURFACES)
def test_sync_break_closes_streams(fault_server: FaultServer, make: Any) -> None:
    fault_server.default = _stalling()
    client, _, stream = make(fault_server)
    n = 20
    for i in range(n):
        gen = stream(f"sync-break-{i}")
        for _ in gen:
            break
        gen.close()
        del gen
    _wait_closed_sync(fault_server)
    assert fault_server.request_count == n
    client.close()


@pytest.mark.parametrize("make", SURFACES)
def test_sync_abandoned_generator_closes(fault_server: FaultServer, make: Any) -> None:
    """A stream dropped without ``close()`` is closed when the generator is collected."""
    fault_server.default = _stalling()
    client, _, stream = make(fault_server)
    for i in range(10):
        for _ in stream(f"sync-drop-{i}"):
            break
    import gc

    gc.collect()
    _wait_closed_sync(fault_server)
    client.close()
