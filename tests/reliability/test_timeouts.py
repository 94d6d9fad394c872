"""Timeouts mean what the README says, on all six surfaces (transport, LangChain, LlamaIndex ×
sync, async), and one settings table gives every setting the same meaning everywhere.

* a stall inside a stream is bounded by ``timeout`` when ``stream_idle_timeout`` is not set;
* a non-streamed body trickled one byte every 0.25 s ends near ``timeout`` (whole attempt),
  and so do response headers trickled the same way;
* a TCP handshake that never completes (a loopback listener whose accept queue is full) ends
  after ``connect_timeout``, itself capped by ``timeout``.

Every call is bounded by a wall-clock assertion.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from minimax_testing.fault_server import (
    MODEL,
    FaultServer,
    chunk,
    sse,
    stall_after_headers,
    trickle,
    trickle_headers,
)
from minimax_transport import MiniMaxClient, TransportSettings
from minimax_transport.errors import APITimeoutError, MiniMaxError

from .drivers import ALL_DRIVERS, HAVE_LANGCHAIN, HAVE_LLAMAINDEX, Driver, Settings, transport_class

DRIVERS = pytest.mark.parametrize("driver_cls", ALL_DRIVERS, ids=lambda d: d.name)


def _timed(call: Any, marker: str) -> tuple[MiniMaxError, float]:
    start = time.monotonic()
    with pytest.raises(MiniMaxError) as info:
        call(marker)
    return info.value, time.monotonic() - start


# ------------------------------------------------------------------------ stream idle
@DRIVERS
def test_stall_inside_stream_is_bounded_by_timeout(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    """``timeout=1`` and no ``stream_idle_timeout``: a server silent after its first event
    is given up on after ~1 s (min(timeout, 300 s)), not 300 s."""
    fault_server.script(sse([chunk("<think>\nhm"), ("stall", 8)]))
    driver = driver_cls(Settings(fault_server.base_url, timeout=1.0, stream_idle_timeout=None))
    try:
        exc, elapsed = _timed(driver.stream, "m-idle")
    finally:
        driver.close()
    assert transport_class(exc) is APITimeoutError, repr(exc)
    assert "stream_idle_timeout=1s" in str(exc)
    assert 0.9 <= elapsed < 2.5, elapsed
    assert fault_server.request_count == 1  # an event reached the caller: not retried


@DRIVERS
def test_explicit_stream_idle_timeout_wins_over_timeout(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    """``stream_idle_timeout`` set by the user is used as given: silences of 0.6 s inside a
    stream with ``timeout=0.3`` are fine when ``stream_idle_timeout=2``."""
    fault_server.script(
        sse(
            [
                chunk("<think>\nslow"),
                ("sleep", 0.6),
                chunk("\n</think>\n\nok"),
                ("sleep", 0.6),
                chunk("", finish="stop"),
                ("done",),
            ]
        )
    )
    driver = driver_cls(Settings(fault_server.base_url, timeout=0.3, stream_idle_timeout=2.0))
    try:
        got = driver.stream("m-idle-set")
    finally:
        driver.close()
    assert got.content == "ok"


# ------------------------------------------------------------------------ whole attempt
@DRIVERS
def test_trickled_body_ends_near_timeout(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    """One byte every 0.25 s, ``timeout=1``: each read succeeds, but the attempt ends near
    1 s (before: read for as long as the server kept trickling)."""
    fault_server.script(trickle(0.25))
    driver = driver_cls(Settings(fault_server.base_url, timeout=1.0, max_retries=0))
    try:
        exc, elapsed = _timed(driver.invoke, "m-trickle")
    finally:
        driver.close()
    assert transport_class(exc) is APITimeoutError, repr(exc)
    assert "within timeout=1s" in str(exc) and "(1 attempt)" in str(exc)
    assert 0.9 <= elapsed < 1.8, elapsed


@DRIVERS
def test_trickled_headers_end_near_timeout(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    """The status line at once, then one header byte every 0.25 s, ``timeout=1``: each read
    succeeds, but the attempt ends near 1 s with the same error as a trickled body (before,
    on the sync surfaces: read for as long as the headers kept trickling)."""
    fault_server.script(trickle_headers(0.25))
    driver = driver_cls(Settings(fault_server.base_url, timeout=1.0, max_retries=0))
    try:
        exc, elapsed = _timed(driver.invoke, "m-trickle-headers")
    finally:
        driver.close()
    assert transport_class(exc) is APITimeoutError, repr(exc)
    assert "the answer was not complete within timeout=1s" in str(exc), str(exc)
    assert "(1 attempt)" in str(exc)
    assert 0.9 <= elapsed < 1.8, elapsed
    assert fault_server.request_count == 1


# ------------------------------------------------------------------------ connect
@pytest.fixture
def full_backlog() -> Iterator[str]:
    """A 127.0.0.1 listener that never accepts, its accept queue (``listen(0)``) filled by
    connections that are never accepted: a further handshake gets no answer (SYNs dropped),
    so only a connect timeout ends it."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(0)
    port = srv.getsockname()[1]
    fillers = []
    for _ in range(4):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            s.connect(("127.0.0.1", port))
        fillers.append(s)
    time.sleep(0.05)
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.settimeout(0.15)
    try:
        probe.connect(("127.0.0.1", port))
        pytest.skip("this kernel completes handshakes beyond a full accept queue")
    except TimeoutError:
        pass
    finally:
        probe.close()
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        for s in fillers:
            s.close()
        srv.close()


@DRIVERS
@pytest.mark.parametrize(
    ("given", "bound", "mode"),
    [
        # the default 10 s, capped by an explicit timeout
        ({"timeout": 0.3, "connect_timeout": None}, 0.3, "invoke"),
        ({"timeout": 0.3, "connect_timeout": None}, 0.3, "stream"),
        ({"timeout": 5.0, "connect_timeout": 0.3}, 0.3, "invoke"),  # connect_timeout itself
        ({"timeout": 0.3, "connect_timeout": 3.0}, 0.3, "invoke"),  # an explicit timeout caps it
    ],
    ids=["capped-default-invoke", "capped-default-stream", "connect-timeout", "timeout-caps"],
)
def test_connect_is_bounded(
    driver_cls: type[Driver], given: dict[str, Any], bound: float, mode: str, full_backlog: str
) -> None:
    driver = driver_cls(Settings(full_backlog, max_retries=0, **given))
    call = driver.stream if mode == "stream" else driver.invoke
    try:
        exc, elapsed = _timed(call, "m-connect")
    finally:
        driver.close()
    assert transport_class(exc) is APITimeoutError, repr(exc)
    port = full_backlog.split(":")[2].split("/")[0]
    assert f"Could not reach 127.0.0.1:{port}/v1/chat/completions (1 attempt)" in str(exc)
    assert f"connect_timeout={bound:g}s" in str(exc)
    assert bound * 0.8 <= elapsed < bound + 1.0, elapsed


# ------------------------------------------------------------------------ settings table
#: (constructor settings, effective (timeout, connect, stream idle, max_retries,
#: max_retry_after)). ``None`` → not passed at all.
TABLE: list[tuple[dict[str, Any], tuple[float, float, float, int, float]]] = [
    ({}, (600.0, 10.0, 300.0, 2, 60.0)),
    ({"timeout": None}, (600.0, 10.0, 300.0, 2, 60.0)),
    ({"timeout": 3}, (3.0, 3.0, 3.0, 2, 60.0)),
    ({"timeout": 1000}, (1000.0, 10.0, 300.0, 2, 60.0)),
    ({"timeout": 3, "stream_idle_timeout": 30}, (3.0, 3.0, 30.0, 2, 60.0)),
    ({"stream_idle_timeout": 5}, (600.0, 10.0, 5.0, 2, 60.0)),
    ({"connect_timeout": 2}, (600.0, 2.0, 300.0, 2, 60.0)),
    ({"timeout": 4, "connect_timeout": 20}, (4.0, 4.0, 4.0, 2, 60.0)),
    ({"max_retries": 0}, (600.0, 10.0, 300.0, 0, 60.0)),
    ({"max_retries": 5}, (600.0, 10.0, 300.0, 5, 60.0)),
    ({"max_retry_after": 5}, (600.0, 10.0, 300.0, 2, 5.0)),
    ({"max_retry_after": 0}, (600.0, 10.0, 300.0, 2, 0.0)),
]

BAD: list[dict[str, Any]] = [
    {"max_retries": -1},
    {"timeout": -1},
    {"timeout": 0},
    {"connect_timeout": -0.5},
    {"stream_idle_timeout": 0},
    {"max_retry_after": -1},
]


def _build(surface: str, kw: dict[str, Any]) -> MiniMaxClient:
    if surface == "transport":
        return MiniMaxClient(api_key="sk-test", **kw)
    if surface == "langchain":
        from langchain_minimax import ChatMiniMax

        return ChatMiniMax(model=MODEL, api_key="sk-test", **kw).client
    from llama_index_minimax import MiniMax

    return MiniMax(model=MODEL, api_key="sk-test", **kw).client


SURFACES = ["transport"]
if HAVE_LANGCHAIN:
    SURFACES.append("langchain")
if HAVE_LLAMAINDEX:
    SURFACES.append("llamaindex")


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(("given", "want"), TABLE, ids=[str(g) for g, _ in TABLE])
def test_settings_table(
    surface: str, given: dict[str, Any], want: tuple[float, float, float, int, float]
) -> None:
    client = _build(surface, given)
    s = client.settings
    assert (
        s.attempt_timeout,
        s.connect,
        s.stream_idle,
        s.max_retries,
        s.retry_after_limit,
    ) == want
    # What the HTTP layer is given, and the retry policy.
    t = client._timeout(stream=True)
    assert (t.connect, t.read) == (want[1], want[2])
    t = client._timeout(stream=False)
    assert (t.connect, t.read, t.pool) == (want[1], want[0], want[0])
    assert client.retry_policy.max_retries == want[3]
    assert client.retry_policy.max_retry_after == want[4]
    assert client.settings == TransportSettings(**given)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("given", BAD, ids=[str(g) for g in BAD])
def test_bad_settings_raise_value_error(surface: str, given: dict[str, Any]) -> None:
    name = next(iter(given))
    with pytest.raises(ValueError, match=name):
        _build(surface, given)


@DRIVERS
def test_stall_after_headers_ends_at_timeout(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    """Headers after 0.6 s, then silence: the attempt still ends near ``timeout=1`` (the
    body's reads get only what is left of the attempt, not a fresh ``timeout`` each)."""
    fault_server.script(stall_after_headers(0.6, 8))
    driver = driver_cls(Settings(fault_server.base_url, timeout=1.0, max_retries=0))
    try:
        exc, elapsed = _timed(driver.invoke, "m-stall-body")
    finally:
        driver.close()
    assert transport_class(exc) is APITimeoutError, repr(exc)
    assert "within timeout=1s" in str(exc)
    assert 0.9 <= elapsed < 1.5, elapsed


def test_deadline_backend_only_on_pools_the_client_creates() -> None:
    """The pool the transport creates reads through the deadline-aware backend; an
    ``http_client`` passed in is used as given (its backend untouched)."""
    import httpx

    from minimax_transport.deadline import DeadlineBackend

    own = MiniMaxClient(api_key="sk-test")
    theirs = httpx.Client()
    given = MiniMaxClient(api_key="sk-test", http_client=theirs)
    try:
        assert isinstance(own._sync_client()._transport._pool._network_backend, DeadlineBackend)
        assert given._sync_client() is theirs
        assert not isinstance(theirs._transport._pool._network_backend, DeadlineBackend)
    finally:
        own.close()
        theirs.close()
