"""Connection pools are closed, on all six surfaces (transport, LangChain, LlamaIndex × sync,
async):

* ``asyncio.run(llm.ainvoke(...))`` three times, then ``gc.collect()``: no ResourceWarning,
  checked in a subprocess run with ``python -W error::ResourceWarning``;
* the async pool is reused within one event loop and closed when ``asyncio.run`` returns,
  without any explicit ``aclose``;
* ``close()`` / ``aclose()`` and ``with`` / ``async with`` close what the object opened.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from minimax_testing.fault_server import FaultServer, answer_for

from .drivers import ALL_DRIVERS, ASYNC_STACKS, HAVE_LANGCHAIN, HAVE_LLAMAINDEX, Driver, Settings

ROOT = Path(__file__).resolve().parents[2]
ASYNC_DRIVERS = [d for d in ALL_DRIVERS if d.is_async]
SYNC_DRIVERS = [d for d in ALL_DRIVERS if not d.is_async]

SCRIPT = textwrap.dedent(
    """
    import asyncio, gc, sys

    from minimax_transport import ChatRequest, MiniMaxClient, UserMessage
    from minimax_testing.fault_server import MODEL, FaultServer

    caught = []
    sys.unraisablehook = lambda u: caught.append(f"{u.exc_type.__name__}: {u.exc_value}")

    surface = sys.argv[1]
    server = FaultServer().start()
    kw = dict(api_key="sk-test", max_retries=0, timeout=5, async_transport=sys.argv[2])
    if surface == "transport":
        llm = MiniMaxClient(base_url=server.base_url, **kw)
        req = ChatRequest(MODEL, [UserMessage("hi")])
        ainvoke, invoke = (lambda: llm.acomplete(req)), (lambda: llm.complete(req))

        async def astream():
            return [e async for e in llm.astream(req)]

        stream = lambda: list(llm.stream(req))
    elif surface == "langchain":
        from langchain_minimax import ChatMiniMax

        llm = ChatMiniMax(model=MODEL, base_url=server.base_url, **kw)
        ainvoke, invoke = (lambda: llm.ainvoke("hi")), (lambda: llm.invoke("hi"))

        async def astream():
            return [c async for c in llm.astream("hi")]

        stream = lambda: list(llm.stream("hi"))
    else:
        from llama_index.core.llms import ChatMessage
        from llama_index_minimax import MiniMax

        llm = MiniMax(model=MODEL, api_base=server.base_url, **kw)
        msgs = [ChatMessage(role="user", content="hi")]
        ainvoke, invoke = (lambda: llm.achat(msgs)), (lambda: llm.chat(msgs))

        async def astream():
            return [c async for c in await llm.astream_chat(msgs)]

        stream = lambda: list(llm.stream_chat(msgs))

    async def as_coro(make):
        return await make()

    for _ in range(3):
        asyncio.run(as_coro(ainvoke))
    asyncio.run(as_coro(astream))
    invoke()
    stream()
    getattr(llm, "close", lambda: None)()  # (close is tested on its own below)
    gc.collect()
    server.stop()
    gc.collect()
    print("CAUGHT", len(caught), caught)
    sys.exit(1 if caught else 0)
    """
)

SURFACES = ["transport"]
if HAVE_LANGCHAIN:
    SURFACES.append("langchain")
if HAVE_LLAMAINDEX:
    SURFACES.append("llamaindex")


@pytest.mark.parametrize("stack", ASYNC_STACKS)
@pytest.mark.parametrize("surface", SURFACES)
def test_no_resource_warning_after_asyncio_run(surface: str, stack: str) -> None:
    """Three ``asyncio.run(ainvoke)``, one ``asyncio.run`` stream, then sync calls and
    ``close()``: with ResourceWarning as an error, nothing is reported (before: an unclosed
    transport per run)."""
    proc = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", "-c", SCRIPT, surface, stack],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "CAUGHT 0 []" in proc.stdout, out
    assert "ResourceWarning" not in out and "unclosed" not in out.lower(), out


@pytest.mark.parametrize("driver_cls", ASYNC_DRIVERS, ids=lambda d: d.name)
def test_async_pool_reused_in_a_loop_and_closed_with_it(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    driver = driver_cls(Settings(fault_server.base_url))
    target: Any = driver.target

    async def twice() -> list[str]:
        got = []
        for marker in ("m-pool-1", "m-pool-2"):
            if driver.framework == "transport":
                got.append((await target.acomplete(_transport_req(marker))).content)
            elif driver.framework == "langchain":
                got.append((await target.ainvoke(marker)).content)
            else:
                got.append((await target.achat(_li_msgs(marker))).message.content)
        assert fault_server.open_connections == 1  # still open inside the loop: kept alive
        return got

    assert asyncio.run(twice()) == [answer_for("m-pool-1"), answer_for("m-pool-2")]
    assert fault_server.total_connections == 1  # one pooled connection for both calls
    # asyncio.run returned: the loop shut down, and its pool was closed with it.
    assert fault_server.wait_for_connections(0, timeout=2.0), fault_server.open_connections
    # A new loop gets a new pool, and works.
    assert asyncio.run(twice()) == [answer_for("m-pool-1"), answer_for("m-pool-2")]
    assert fault_server.wait_for_connections(0, timeout=2.0)


@pytest.mark.parametrize("driver_cls", ASYNC_DRIVERS, ids=lambda d: d.name)
def test_async_with_and_aclose_close_the_pool(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    driver = driver_cls(Settings(fault_server.base_url))
    target: Any = driver.target

    async def main() -> None:
        async with target as llm:
            assert llm is target
            await _acall(driver, llm, "m-ctx")
            assert fault_server.open_connections == 1
        assert fault_server.wait_for_connections(0, timeout=2.0)  # closed inside the loop
        await _acall(driver, target, "m-after")  # usable again: a fresh pool
        await target.aclose()
        assert fault_server.wait_for_connections(0, timeout=2.0)

    asyncio.run(main())
    assert fault_server.total_connections == 2


@pytest.mark.parametrize("driver_cls", SYNC_DRIVERS, ids=lambda d: d.name)
def test_with_and_close_close_the_pool(driver_cls: type[Driver], fault_server: FaultServer) -> None:
    driver = driver_cls(Settings(fault_server.base_url))
    target: Any = driver.target
    with target as llm:
        assert llm is target
        assert driver.invoke("m-ctx").content == answer_for("m-ctx")
        assert driver.invoke("m-ctx2").content == answer_for("m-ctx2")
        assert fault_server.open_connections == 1  # one kept-alive pooled connection
    assert fault_server.wait_for_connections(0, timeout=2.0)
    assert fault_server.total_connections == 1
    assert driver.stream("m-again").content == answer_for("m-again")  # a fresh pool
    target.close()
    assert fault_server.wait_for_connections(0, timeout=2.0)
    assert fault_server.total_connections == 2


def _transport_req(marker: str) -> Any:
    from minimax_testing.fault_server import MODEL
    from minimax_transport import ChatRequest, UserMessage

    return ChatRequest(MODEL, [UserMessage(marker)])


def _li_msgs(marker: str) -> Any:
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role="user", content=marker)]


async def _acall(driver: Driver, target: Any, marker: str) -> None:
    if driver.framework == "transport":
        content = (await target.acomplete(_transport_req(marker))).content
    elif driver.framework == "langchain":
        content = (await target.ainvoke(marker)).content
    else:
        content = (await target.achat(_li_msgs(marker))).message.content
    assert content == answer_for(marker)
