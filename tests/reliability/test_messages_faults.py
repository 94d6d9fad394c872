"""The fault matrix on the Messages dialect (MiniMax's Anthropic-compatible endpoint): every
fault → a typed error or the correct answer, with exact request counts, through the transport
and both adapters, sync and async (six drivers), against the hostile loopback server.

The same client (retry layer, timeouts, stream rules) serves both dialects; these cases pin
that the Messages wire — Anthropic error envelopes, ``event:``-named SSE, ``message_stop`` —
reaches it the same way. Bodies are built by ``minimax_testing/wire.py``'s Messages builders.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from minimax_testing import wire
from minimax_testing.fault_server import (
    MODEL,
    FaultServer,
    Request,
    Step,
    answer_for,
    json_response,
    reasoning_for,
    sse,
    stream_or_json,
)
from minimax_testing.wire import Answer
from minimax_transport.errors import (
    AuthenticationError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    MiniMaxError,
    ResponseFormatError,
    ServerError,
    StreamInterruptedError,
)

from .drivers import ALL_DRIVERS, Driver, Settings

RID = "req-messages-0001"


def _answer(marker: str) -> Answer:
    return Answer(reasoning=reasoning_for(marker), text=answer_for(marker))


def _events(marker: str) -> list[tuple[str, dict[str, Any]]]:
    return wire.message_stream_events(
        seed=marker, model=MODEL, answer=_answer(marker), prompt_tokens=10, chunk_chars=7
    )


def _raw(events: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    """One HTTP chunk per SSE event."""
    return [wire.messages_sse([e]) for e in events]


def _first_text(events: list[tuple[str, dict[str, Any]]]) -> int:
    """Index just after the first text delta (the caller has seen answer text by then)."""
    for i, (_, data) in enumerate(events):
        if (data.get("delta") or {}).get("type") == "text_delta":
            return i + 1
    raise AssertionError("no text delta")


def ok() -> Step:
    """The correct answer, streamed or not as the request asks."""

    def stream(r: Request) -> list[Any]:
        return _raw(_events(r.marker))

    async def body(ex: Any) -> bool:
        msg = wire.message_body(
            seed=ex.request.marker, model=MODEL, answer=_answer(ex.request.marker), prompt_tokens=10
        )
        return await ex.json(200, msg)

    return stream_or_json(sse(stream), body)


def error(status: int, kind: str, message: str, **extra: Any) -> Step:
    return json_response(status, wire.messages_error_body(kind, message, **extra))


def cut_stream(upto: Callable[[list[Any]], int], *then: Any) -> Step:
    def acts(r: Request) -> list[Any]:
        events = _events(r.marker)
        return [*_raw(events[: upto(events)]), *then]

    return sse(acts, headers={"X-Request-Id": RID})


def _noisy(r: Request) -> list[Any]:
    out: list[Any] = []
    for i, chunk in enumerate(_raw(_events(r.marker))):
        out.append(chunk)
        out.append(
            [
                b": keep-alive\n\n",
                b'event: ping\ndata: {"type": "ping"}\n\n',
                b'event: vendor_event\ndata: {"type": "vendor_event", "x": 1}\n\n',
            ][i % 3]
        )
    return out


@dataclass
class Case:
    name: str
    steps: Callable[[], list[Step]]
    expect: type[MiniMaxError] | str
    requests: int
    modes: tuple[str, ...] = ("invoke", "stream")
    code: int | None = None


def _before_stop(events: list[Any]) -> int:
    return next(i for i, (name, _) in enumerate(events) if name == "message_stop")


CASES = [
    Case("answer", lambda: [ok()], "answer", 1),
    Case(
        "500-1033-twice-then-ok",
        lambda: [error(500, "api_error", "system error (1033)")] * 2 + [ok()],
        "answer",
        3,
    ),
    Case(
        "529-overloaded-always",
        lambda: [error(529, "overloaded_error", "Overloaded")] * 3,
        ServerError,
        3,
    ),
    Case(
        "429-rate-limit-then-ok",
        lambda: [error(429, "rate_limit_error", "rate limit exceeded(RPM) (1002)"), ok()],
        "answer",
        2,
    ),
    Case(
        "401-authentication",
        lambda: [error(401, "authentication_error", "invalid api key")],
        AuthenticationError,
        1,
    ),
    Case(
        "400-context-window",
        lambda: [
            error(400, "bad_request_error", "invalid params, context window exceeds limit (2013)")
        ],
        ContextWindowExceededError,
        1,
        code=2013,
    ),
    Case(
        "200-base-resp-1008",
        lambda: [json_response(200, wire.base_resp_error_body(1008, "insufficient balance"))],
        InsufficientBalanceError,
        1,
        code=1008,
    ),
    Case(
        "reset-before-first-event-then-ok",
        lambda: [sse([("reset",)]), ok()],
        "answer",
        2,
        ("stream",),
    ),
    Case(
        "reset-after-answer-text",
        lambda: [cut_stream(_first_text, ("reset",))],
        StreamInterruptedError,
        1,
        ("stream",),
    ),
    Case(
        "close-before-stop-reason",
        lambda: [cut_stream(_first_text, ("close",))],
        StreamInterruptedError,
        1,
        ("stream",),
    ),
    Case(
        "close-after-stop-reason-before-message-stop",
        lambda: [cut_stream(_before_stop, ("close",))],
        "answer",
        1,
        ("stream",),
    ),
    Case(
        "error-event-after-answer-text",
        lambda: [
            cut_stream(
                _first_text,
                wire.messages_sse([("error", wire.messages_error_body("overloaded_error", "x"))]),
            )
        ],
        ServerError,
        1,
        ("stream",),
    ),
    Case(
        "malformed-event-after-answer-text",
        lambda: [cut_stream(_first_text, b"event: content_block_delta\ndata: {oops\n\n")],
        ResponseFormatError,
        1,
        ("stream",),
    ),
    Case("pings-comments-unknown-events", lambda: [sse(_noisy)], "answer", 1, ("stream",)),
]

PARAMS = [
    pytest.param(d, c, mode, id=f"{d.name}-{mode}-{c.name}")
    for c in CASES
    for mode in c.modes
    for d in ALL_DRIVERS
]


@pytest.mark.parametrize(("driver_cls", "case", "mode"), PARAMS)
def test_messages_fault(
    driver_cls: type[Driver], case: Case, mode: str, fault_server: FaultServer
) -> None:
    fault_server.script(*case.steps())
    base_url = fault_server.base_url.removesuffix("/v1") + "/anthropic"
    driver = driver_cls(Settings(base_url, timeout=2.0, stream_idle_timeout=2.0))
    assert driver.client().preset.name == "minimax-anthropic"
    marker = f"m-{case.name}"
    call = driver.stream if mode == "stream" else driver.invoke
    start = time.monotonic()
    try:
        if isinstance(case.expect, str):
            got = call(marker)
            assert got.content == answer_for(marker)
            if driver.framework == "transport":
                assert got.reasoning == reasoning_for(marker)
        else:
            with pytest.raises(MiniMaxError) as info:
                call(marker)
            exc = info.value
            cls = type(exc)
            if cls.__module__ == "langchain_minimax.errors":
                cls = cls.__bases__[1]
            assert cls is case.expect, repr(exc)
            if case.code is not None:
                assert exc.code == case.code
    finally:
        elapsed = time.monotonic() - start
        driver.close()
    assert elapsed < 4.0
    assert fault_server.request_count == case.requests
    assert fault_server.pending_steps == 0
    assert all(r.path == "/anthropic/v1/messages" for r in fault_server.requests)
