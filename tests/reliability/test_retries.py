"""The retry policy, counted at the server: exactly ``max_retries + 1`` attempts for retryable
failures, one for everything else, ``Retry-After`` honoured, streams never retried once an
event reached the caller."""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate

import pytest

from minimax_testing.fault_server import (
    MODEL,
    FaultServer,
    answer_for,
    base_resp,
    chunk,
    content_pieces,
    json_response,
    minimax_error,
    sse,
)
from minimax_transport import ChatRequest, MiniMaxClient, TextDelta, UserMessage
from minimax_transport.errors import (
    AuthenticationError,
    BadRequestError,
    ContentFilterError,
    InsufficientBalanceError,
    MiniMaxError,
    ModelNotOnPlanError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    StreamInterruptedError,
)
from minimax_transport.retry import parse_retry_after

from .drivers import ALL_DRIVERS, Driver, Settings


def _client(server: FaultServer, max_retries: int = 2) -> MiniMaxClient:
    return MiniMaxClient(
        api_key="sk-test",
        base_url=server.base_url,
        max_retries=max_retries,
        timeout=2.0,
        stream_idle_timeout=2.0,
    )


def _req(marker: str = "m") -> ChatRequest:
    return ChatRequest(MODEL, [UserMessage(marker)])


def _e500() -> object:
    return json_response(500, minimax_error(500, "system error (1000)", kind="api_error"))


@pytest.mark.parametrize("max_retries", [0, 1, 4])
@pytest.mark.parametrize("mode", ["complete", "stream"])
def test_attempts_are_exactly_max_retries_plus_one(
    fault_server: FaultServer, max_retries: int, mode: str
) -> None:
    fault_server.script(*[_e500()] * (max_retries + 3))
    client = _client(fault_server, max_retries)
    with pytest.raises(ServerError):
        if mode == "complete":
            client.complete(_req())
        else:
            list(client.stream(_req()))
    assert fault_server.request_count == max_retries + 1
    client.close()


# (HTTP status, body) pairs that must never be retried.
NON_RETRYABLE = [
    (400, minimax_error(400, "invalid params, invalid chat setting (2013)"), BadRequestError),
    (401, minimax_error(401, "invalid api key (2049)"), AuthenticationError),
    (403, {"error": {"message": "forbidden"}}, PermissionDeniedError),
    (402, {"error": {"message": "insufficient balance (1008)"}}, InsufficientBalanceError),
    (404, {"error": {"message": "no route"}}, NotFoundError),
    (422, {"error": {"message": "input sensitive (1026)"}}, ContentFilterError),
    (200, base_resp(1004, "login fail"), AuthenticationError),
    (200, base_resp(2049, "invalid api key"), AuthenticationError),
    (200, base_resp(1008, "insufficient balance"), InsufficientBalanceError),
    (200, base_resp(1026, "input new_sensitive"), ContentFilterError),
    (200, base_resp(1027, "output new_sensitive"), ContentFilterError),
    (200, base_resp(2013, "invalid params"), BadRequestError),
    (200, base_resp(2061, "model not on plan"), ModelNotOnPlanError),
]


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    NON_RETRYABLE,
    ids=[f"{s}-{c.__name__}-{i}" for i, (s, _, c) in enumerate(NON_RETRYABLE)],
)
@pytest.mark.parametrize("mode", ["complete", "stream", "acomplete", "astream"])
def test_non_retryable_tried_once(
    fault_server: FaultServer, status: int, body: object, cls: type[MiniMaxError], mode: str
) -> None:
    fault_server.script(*[json_response(status, body)] * 3)
    client = _client(fault_server, max_retries=3)
    with pytest.raises(MiniMaxError) as info:
        if mode == "complete":
            client.complete(_req())
        elif mode == "stream":
            list(client.stream(_req()))
        elif mode == "acomplete":
            asyncio.run(client.acomplete(_req()))
        else:

            async def consume() -> None:
                async for _ in client.astream(_req()):
                    pass

            asyncio.run(consume())
    assert type(info.value) is cls
    assert not info.value.retryable
    assert fault_server.request_count == 1
    client.close()


@pytest.mark.parametrize("code", [1000, 1001, 1002, 1013, 1024, 1033, 1039, 2045, 2056])
def test_retryable_base_resp_codes(fault_server: FaultServer, code: int) -> None:
    """HTTP 200 + ``base_resp`` with a rate-limit or transient code: retried, then the answer."""
    fault_server.script(json_response(200, base_resp(code, "try again")))
    client = _client(fault_server, max_retries=1)
    assert client.complete(_req("m")).content == answer_for("m")
    assert fault_server.request_count == 2
    fault_server.script(*[json_response(200, base_resp(code, "try again"))] * 2)
    with pytest.raises(MiniMaxError) as info:
        client.complete(_req("m"))
    assert info.value.code == code and info.value.retryable
    assert isinstance(info.value, RateLimitError | ServerError)
    assert fault_server.request_count == 4
    client.close()


@pytest.mark.parametrize("driver_cls", ALL_DRIVERS, ids=lambda d: d.name)
def test_retry_after_is_honoured(fault_server: FaultServer, driver_cls: type[Driver]) -> None:
    """429 + ``Retry-After: 0.3`` → the second request comes >= 0.3 s after the first (the
    test backoff is milliseconds, so the wait can only come from the header)."""
    fault_server.script(
        json_response(429, minimax_error(429, "rate limit exceeded (1002)"), {"Retry-After": "0.3"})
    )
    driver = driver_cls(Settings(fault_server.base_url))
    try:
        assert driver.invoke("m-ra").content == answer_for("m-ra")
    finally:
        driver.close()
    assert fault_server.request_count == 2
    gap = fault_server.requests[1].time - fault_server.requests[0].time
    assert 0.28 <= gap < 2.0, gap


def test_retry_after_http_date_and_too_long(fault_server: FaultServer) -> None:
    when = formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (parse_retry_after(when) or 0) <= 31
    assert parse_retry_after("garbage") is None
    # A Retry-After beyond the policy's limit (60 s) is not slept on: the error is raised now.
    fault_server.script(
        json_response(
            429, minimax_error(429, "rate limit exceeded (1002)"), {"Retry-After": "3600"}
        )
    )
    client = _client(fault_server)
    start = time.monotonic()
    with pytest.raises(RateLimitError) as info:
        client.complete(_req())
    assert time.monotonic() - start < 1.0
    assert info.value.retry_after == 3600
    assert fault_server.request_count == 1
    client.close()


@pytest.mark.usefixtures("async_stack")
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_stream_not_retried_after_first_event(fault_server: FaultServer, is_async: bool) -> None:
    """A retryable failure after an event reached the caller ends the stream with a typed
    error; the events already seen are not replayed from a second request."""
    pieces = content_pieces("m")
    fault_server.script(sse([chunk(pieces[0]), chunk(pieces[1]), ("reset",)]))
    client = _client(fault_server, max_retries=5)
    seen: list[object] = []
    with pytest.raises(StreamInterruptedError):
        if is_async:

            async def consume() -> None:
                async for ev in client.astream(_req("m")):
                    seen.append(ev)

            asyncio.run(consume())
        else:
            for ev in client.stream(_req("m")):
                seen.append(ev)
    assert seen, "events before the fault reached the caller"
    assert not any(isinstance(e, TextDelta) for e in seen)  # only reasoning so far
    assert fault_server.request_count == 1
    client.close()
