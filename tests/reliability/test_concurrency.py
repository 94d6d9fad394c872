"""Many concurrent calls through one shared client / model instance: each gets its own answer.

The server echoes the per-request marker (the last user message) and jitters its chunks so
answers interleave on the wire; any cross-talk between requests would show up as a wrong
marker, a mixed answer or a reasoning text from another request.
"""

from __future__ import annotations

import asyncio
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from minimax_testing.fault_server import (
    FaultServer,
    Request,
    answer,
    answer_for,
    echo_actions,
    reasoning_for,
)

from .drivers import ADAPTER_DRIVERS, TRANSPORT_DRIVERS, Answer, Driver, Settings

N_ASYNC = 200
N_THREADS = 32
CALLS_PER_THREAD = 4


def _jittered(r: Request) -> list[Any]:
    rnd = random.Random(r.marker)
    out: list[Any] = []
    for a in echo_actions(r.marker):
        out.append(a)
        if rnd.random() < 0.5:
            out.append(("sleep", rnd.random() * 0.01))
    return out


def _check(marker: str, got: Answer, framework: str) -> None:
    assert got.content == answer_for(marker), (marker, got.content)
    if framework == "transport":
        assert got.reasoning == reasoning_for(marker)


ASYNC_DRIVERS = [d for d in TRANSPORT_DRIVERS + ADAPTER_DRIVERS if d.is_async]
SYNC_DRIVERS = [d for d in TRANSPORT_DRIVERS + ADAPTER_DRIVERS if not d.is_async]


@pytest.mark.parametrize("driver_cls", ASYNC_DRIVERS, ids=lambda d: d.name)
def test_hundreds_of_concurrent_async_calls(
    fault_server: FaultServer, driver_cls: type[Driver]
) -> None:
    fault_server.default = answer(stream_actions=_jittered)
    driver = driver_cls(
        Settings(fault_server.base_url, max_retries=0, timeout=20, stream_idle_timeout=20)
    )
    invoke, stream = _async_calls(driver)

    async def main() -> list[tuple[str, Answer]]:
        async def one(i: int) -> tuple[str, Answer]:
            marker = f"a{i:04d}-{random.getrandbits(32):08x}"
            got = await (stream(marker) if i % 2 else invoke(marker))
            return marker, got

        try:
            return await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(N_ASYNC))), 30)
        finally:
            await driver.client().aclose()

    results = asyncio.run(main())
    for marker, got in results:
        _check(marker, got, driver.framework)
    assert fault_server.request_count == N_ASYNC
    assert sorted(r.marker for r in fault_server.requests) == sorted(m for m, _ in results)


@pytest.mark.parametrize("driver_cls", SYNC_DRIVERS, ids=lambda d: d.name)
def test_tens_of_threads_share_one_instance(
    fault_server: FaultServer, driver_cls: type[Driver]
) -> None:
    fault_server.default = answer(stream_actions=_jittered)
    driver = driver_cls(
        Settings(fault_server.base_url, max_retries=0, timeout=20, stream_idle_timeout=20)
    )

    def worker(t: int) -> list[tuple[str, Answer]]:
        out = []
        for k in range(CALLS_PER_THREAD):
            marker = f"t{t:02d}-{k}-{random.getrandbits(32):08x}"
            got = driver.stream(marker) if (t + k) % 2 else driver.invoke(marker)
            out.append((marker, got))
        return out

    with ThreadPoolExecutor(N_THREADS) as pool:
        results = [r for chunk in pool.map(worker, range(N_THREADS), timeout=30) for r in chunk]
    driver.close()
    for marker, got in results:
        _check(marker, got, driver.framework)
    assert fault_server.request_count == N_THREADS * CALLS_PER_THREAD


def _async_calls(driver: Driver) -> tuple[Any, Any]:
    """Coroutine versions of the driver's calls, for running many in one event loop."""
    from .drivers import (
        LangChainSync,
        LlamaIndexSync,
        TransportSync,
        _collect,
        _li_messages,
        _request,
    )

    target = driver.target
    if isinstance(driver, TransportSync):

        async def invoke(m: str) -> Answer:
            r = await target.acomplete(_request(m))
            return Answer(r.content, r.reasoning)

        async def stream(m: str) -> Answer:
            return _collect([e async for e in target.astream(_request(m))])

    elif isinstance(driver, LangChainSync):

        async def invoke(m: str) -> Answer:
            return LangChainSync._answer(await target.ainvoke(m))

        async def stream(m: str) -> Answer:
            return LangChainSync._from_chunks([c async for c in target.astream(m)])

    else:
        assert isinstance(driver, LlamaIndexSync)

        async def invoke(m: str) -> Answer:
            return LlamaIndexSync._answer(await target.achat(_li_messages(m)))

        async def stream(m: str) -> Answer:
            gen = await target.astream_chat(_li_messages(m))
            return LlamaIndexSync._from_chunks([c async for c in gen])

    return invoke, stream
