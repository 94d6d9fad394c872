"""The fault matrix: every fault → a typed error or the correct answer, with exact request counts.

Each case runs against the transport and both adapters, sync and async (six drivers), through
the hostile loopback server. ``max_retries=2`` everywhere (at most 3 requests); timeouts are a
fraction of a second so a hang would show as a slow test, and every call is also bounded by a
wall-clock assertion.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

import minimax_transport.stream_parser as stream_parser_mod
from minimax_testing.fault_server import (
    FaultServer,
    Request,
    answer,
    answer_for,
    base_resp,
    chunk,
    completion,
    content_pieces,
    echo_actions,
    hang,
    json_response,
    minimax_error,
    partial_json,
    raw_response,
    reasoning_for,
    reset_now,
    sse,
    stream_or_json,
    usage_chunk,
)
from minimax_transport.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentFilterError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    MiniMaxError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    StreamInterruptedError,
)
from minimax_transport.sse import SSEDecoder

from .drivers import ALL_DRIVERS, Driver, Settings, transport_class

RID = "req-fault-0001"
RID_HEADERS = {"X-Request-Id": RID}
BODY_RID = "0640ba836689481a9c9410847decb247"
BIG = 5 * 1024 * 1024  # one 5 MiB event: accepted (the decoder's limit is 32 MiB)


@dataclass
class Err:
    cls: type[MiniMaxError]
    code: int | None = None
    status_code: int | None = None
    request_id: str | None = None


@dataclass
class Case:
    name: str
    steps: Callable[[], list[Any]]
    expect: Err | str  # "answer" or a typed error
    requests: int
    modes: tuple[str, ...] = ("invoke", "stream")
    settings: dict[str, Any] = field(default_factory=dict)
    content: Callable[[str], str] | None = None  # expected content (default: the echo answer)
    max_seconds: float = 4.0


def head(r: Request, n: int = 2) -> list[Any]:
    """The first ``n`` chunks of the echo answer (enough for events to reach the caller)."""
    return [chunk(p) for p in content_pieces(r.marker)[:n]]


def tail(r: Request, n: int = 2) -> list[Any]:
    return echo_actions(r.marker)[n:]


def _big_actions(r: Request) -> list[Any]:
    return [
        chunk("<think>\nbig\n</think>\n\n"),
        chunk("A" * BIG),
        chunk(r.marker, finish="stop"),
        usage_chunk(),
        ("done",),
    ]


UNKNOWN_NOISE: list[Any] = [
    b": keep-alive comment\n\n",
    b"event: ping\ndata: keepalive\n\n",
    b'event: ping\ndata: {"type": "ping"}\n\n',
    b"id: 17\nretry: 100\n\n",
    {"object": "chat.completion.heartbeat", "heartbeat": True},
    {
        "choices": [{"index": 0, "delta": {"role": "", "reasoning_content": ""}}],
        "created": 1771279826,
        "object": "chat.completion.chunk",
        "usage": {"total_tokens": 0, "total_characters": 0},
        "input_sensitive": False,
        "output_sensitive": False,
    },
]


def _noisy(r: Request) -> list[Any]:
    acts: list[Any] = []
    for i, a in enumerate(echo_actions(r.marker)):
        if isinstance(a, dict) and a.get("choices"):
            a = dict(a, brand_new_field={"nested": [1, 2]}, x_trace=i)
            a["choices"] = [dict(a["choices"][0], logprobs=None, future="x")]
            a["choices"][0]["delta"] = dict(a["choices"][0]["delta"], sparkle="*")
        acts.append(a)
        acts.append(UNKNOWN_NOISE[i % len(UNKNOWN_NOISE)])
    return acts


def _slow(r: Request) -> list[Any]:
    acts = echo_actions(r.marker)
    # Long reasoning silences: longer than the (naive) 0.1 s request timeout, within the
    # 1 s stream idle timeout.
    return [acts[0], ("sleep", 0.25), *acts[1:3], ("sleep", 0.15), *acts[3:]]


CASES: list[Case] = [
    # ---------------------------------------------------------------- connection faults
    Case(
        "reset-mid-stream",
        lambda: [sse(lambda r: [*head(r), ("reset",)], headers=RID_HEADERS)],
        Err(StreamInterruptedError, request_id=RID),
        1,
        ("stream",),
    ),
    Case("reset-before-first-event-then-ok", lambda: [sse([("reset",)])], "answer", 2, ("stream",)),
    Case("reset-before-answer-then-ok", lambda: [reset_now()], "answer", 2),
    Case("reset-before-answer-always", lambda: [reset_now()] * 3, Err(APIConnectionError), 3),
    Case("partial-body-then-reset-then-ok", lambda: [partial_json(0.5)], "answer", 2, ("invoke",)),
    Case(
        "partial-body-then-close-always",
        lambda: [partial_json(0.5, then="close")] * 3,
        Err(APIConnectionError),
        3,
        ("invoke",),
    ),
    Case(
        "close-mid-stream-no-finish",
        lambda: [sse(lambda r: [*head(r), ("close",)], headers=RID_HEADERS)],
        Err(StreamInterruptedError, request_id=RID),
        1,
        ("stream",),
    ),
    Case(
        "close-mid-stream-after-finish",
        lambda: [sse(lambda r: [*echo_actions(r.marker, usage=False, done=False), ("close",)])],
        "answer",
        1,
        ("stream",),
    ),
    # ---------------------------------------------------------------- stalls and slowness
    Case(
        "stall-after-chunks",
        lambda: [sse(lambda r: [*head(r), ("stall", 5)], headers=RID_HEADERS)],
        Err(APITimeoutError, request_id=RID),
        1,
        ("stream",),
        {"stream_idle_timeout": 0.15},
    ),
    Case(
        "stall-before-first-event-always",
        lambda: [sse([("stall", 5)])] * 3,
        Err(APITimeoutError),
        3,
        ("stream",),
        {"stream_idle_timeout": 0.1},
    ),
    Case(
        "no-answer-always",
        lambda: [hang()] * 3,
        Err(APITimeoutError),
        3,
        ("invoke",),
        {"timeout": 0.1},
    ),
    Case(
        "slow-reasoning-within-idle-timeout",
        lambda: [sse(_slow)],
        "answer",
        1,
        ("stream",),
        {"timeout": 0.1, "stream_idle_timeout": 1.0},
    ),
    # ---------------------------------------------------------------- HTTP / envelope errors
    Case(
        "429-retry-after-then-ok",
        lambda: [
            json_response(
                429,
                minimax_error(429, "rate limit exceeded (1002)", kind="rate_limit_error"),
                {"Retry-After": "0"},
            )
        ],
        "answer",
        2,
    ),
    Case(
        "429-no-retry-after-always",
        lambda: (
            [
                json_response(
                    429, minimax_error(429, "rate limit exceeded (1002)", kind="rate_limit_error")
                )
            ]
            * 3
        ),
        Err(RateLimitError, code=1002, status_code=429, request_id=BODY_RID),
        3,
    ),
    Case(
        "200-base-resp-1002-then-ok",
        lambda: [json_response(200, base_resp(1002, "rate limit exceeded"), RID_HEADERS)],
        "answer",
        2,
    ),
    Case(
        "200-base-resp-1002-always",
        lambda: [json_response(200, base_resp(1002, "rate limit exceeded"), RID_HEADERS)] * 3,
        Err(RateLimitError, code=1002, status_code=200, request_id=RID),
        3,
    ),
    Case(
        "sse-base-resp-1002-then-ok",
        lambda: [sse([base_resp(1002, "rate limit exceeded")])],
        "answer",
        2,
        ("stream",),
    ),
    Case(
        "500-twice-then-ok",
        lambda: (
            [json_response(500, minimax_error(500, "system error (1000)", kind="api_error"))] * 2
        ),
        "answer",
        3,
    ),
    Case(
        "500-three-times",
        lambda: (
            [json_response(500, minimax_error(500, "system error (1000)", kind="api_error"))] * 3
        ),
        Err(ServerError, code=1000, status_code=500, request_id=BODY_RID),
        3,
    ),
    Case(
        "503-plain-text-then-ok",
        lambda: [raw_response(503, b"upstream overloaded", "text/plain")],
        "answer",
        2,
    ),
    Case(
        "401-auth",
        lambda: [
            json_response(
                401, minimax_error(401, "invalid api key (2049)", kind="authentication_error")
            )
        ],
        Err(AuthenticationError, code=2049, status_code=401, request_id=BODY_RID),
        1,
    ),
    Case(
        "200-base-resp-1004",
        lambda: [
            json_response(
                200,
                {
                    "base_resp": {
                        "status_code": 1004,
                        "status_msg": "login fail: Please carry the API secret key",
                    }
                },
            )
        ],
        Err(AuthenticationError, code=1004),
        1,
    ),
    Case(
        "200-base-resp-1008",
        lambda: [json_response(200, base_resp(1008, "insufficient balance"))],
        Err(InsufficientBalanceError, code=1008),
        1,
    ),
    Case(
        "400-bad-request",
        lambda: [
            json_response(400, minimax_error(400, "invalid params, invalid chat setting (2013)"))
        ],
        Err(BadRequestError, code=2013, status_code=400, request_id=BODY_RID),
        1,
    ),
    Case(
        "400-context-window",
        lambda: [
            json_response(
                400, minimax_error(400, "invalid params, context window exceeds limit (2013)")
            )
        ],
        Err(ContextWindowExceededError, code=2013, status_code=400, request_id=BODY_RID),
        1,
    ),
    Case(
        "200-not-json",
        lambda: [raw_response(200, b"<html>gateway</html>", "application/json")],
        Err(ResponseFormatError, status_code=200),
        1,
        ("invoke",),
    ),
    Case(
        "200-invalid-utf8-body",
        lambda: [raw_response(200, b'{"choices": "\xff\xfe"}')],
        Err(ResponseFormatError),
        1,
        ("invoke",),
    ),
    Case(
        "200-no-choices",
        lambda: [
            json_response(
                200, {"id": "x", "object": "chat.completion", "base_resp": {"status_code": 0}}
            )
        ],
        Err(ResponseFormatError),
        1,
        ("invoke",),
    ),
    Case(
        "json-answer-to-stream-request",
        lambda: [
            stream_or_json(
                json_response(200, completion("<think>\nr\n</think>\n\nwhole")), answer()
            )
        ],
        "answer",
        1,
        ("stream",),
        content=lambda m: "whole",
    ),
    # ---------------------------------------------------------------- malformed streams
    Case(
        "malformed-json-mid-stream",
        lambda: [
            sse(
                lambda r: [
                    *head(r),
                    b'data: {"choices": [{"index": 0, "delta": {"content": "x"\n\n',
                    *tail(r),
                ],
                headers=RID_HEADERS,
            )
        ],
        Err(ResponseFormatError, request_id=RID),
        1,
        ("stream",),
    ),
    Case(
        "malformed-json-first-event",
        lambda: [sse([b"data: {not json\n\n"])],
        Err(ResponseFormatError),
        1,
        ("stream",),
    ),
    Case(
        "non-object-event",
        lambda: [sse(lambda r: [*head(r), b"data: [1, 2]\n\n", *tail(r)])],
        Err(ResponseFormatError),
        1,
        ("stream",),
    ),
    Case(
        "invalid-utf8-mid-stream",
        lambda: [
            sse(
                lambda r: [
                    *head(r),
                    b'data: {"choices":[{"index":0,"delta":{"content":"\xff\xfe"}}]}\n\n',
                    *tail(r),
                ]
            )
        ],
        Err(ResponseFormatError),
        1,
        ("stream",),
    ),
    Case(
        "oversized-event-5MiB",
        lambda: [sse(_big_actions)],
        "answer",
        1,
        ("stream",),
        content=lambda m: "A" * BIG + m,
        max_seconds=10,
    ),
    Case(
        "no-done-graceful-after-finish",
        lambda: [sse(lambda r: echo_actions(r.marker, done=False))],
        "answer",
        1,
        ("stream",),
    ),
    Case(
        "no-done-graceful-no-finish",
        lambda: [
            sse(
                lambda r: echo_actions(r.marker, finish=False, usage=False, done=False),
                headers=RID_HEADERS,
            )
        ],
        Err(StreamInterruptedError, request_id=RID),
        1,
        ("stream",),
    ),
    Case(
        "no-done-usage-but-no-finish",
        lambda: [sse(lambda r: echo_actions(r.marker, finish=False, done=False))],
        Err(StreamInterruptedError),
        1,
        ("stream",),
    ),
    Case(
        "error-event-mid-stream",
        lambda: [
            sse(
                lambda r: [
                    *head(r),
                    {
                        "error": {"type": "api_error", "message": "system error (1033)"},
                        "request_id": "rid-mid-stream",
                    },
                    *tail(r),
                ]
            )
        ],
        Err(ServerError, code=1033, request_id="rid-mid-stream"),
        1,
        ("stream",),
    ),
    Case(
        "error-event-first-then-ok",
        lambda: [sse([{"error": {"type": "api_error", "message": "system error (1033)"}}])],
        "answer",
        2,
        ("stream",),
    ),
    Case(
        "error-event-non-retryable",
        lambda: [
            sse(
                [
                    {
                        "error": {
                            "type": "bad_request_error",
                            "message": "invalid params, x (2013)",
                            "http_code": "400",
                        },
                        "request_id": "rid-2013",
                    }
                ]
            )
        ],
        Err(BadRequestError, code=2013, status_code=400, request_id="rid-2013"),
        1,
        ("stream",),
    ),
    Case(
        "base-resp-error-mid-stream",
        lambda: [
            sse(
                lambda r: [
                    *head(r),
                    {
                        "choices": [],
                        "base_resp": {"status_code": 1027, "status_msg": "output sensitive"},
                    },
                ]
            )
        ],
        Err(ContentFilterError, code=1027),
        1,
        ("stream",),
    ),
    Case("unknown-fields-and-event-types", lambda: [sse(_noisy)], "answer", 1, ("stream",)),
]


def _driver(cls: type[Driver], server: FaultServer, overrides: dict[str, Any]) -> Driver:
    base = {"timeout": 2.0, "stream_idle_timeout": 2.0}
    base.update(overrides)
    return cls(Settings(server.base_url, **base))


PARAMS = [
    pytest.param(d, c, mode, id=f"{d.name}-{mode}-{c.name}")
    for c in CASES
    for mode in c.modes
    for d in ALL_DRIVERS
]


@pytest.mark.parametrize(("driver_cls", "case", "mode"), PARAMS)
def test_fault(driver_cls: type[Driver], case: Case, mode: str, fault_server: FaultServer) -> None:
    fault_server.script(*case.steps())
    driver = _driver(driver_cls, fault_server, case.settings)
    marker = f"m-{case.name}"
    call = driver.stream if mode == "stream" else driver.invoke
    start = time.monotonic()
    try:
        if isinstance(case.expect, Err):
            with pytest.raises(MiniMaxError) as info:
                call(marker)
            exc = info.value
            # The exact class (a subclass would hide a mis-classification).
            cls = transport_class(exc)
            if case.expect.cls is MiniMaxError:
                assert isinstance(exc, MiniMaxError)
            else:
                assert cls is case.expect.cls, repr(exc)
            for attr in ("code", "status_code", "request_id"):
                want = getattr(case.expect, attr)
                if want is not None:
                    assert getattr(exc, attr) == want, (attr, repr(exc))
            assert str(exc)
        else:
            got = call(marker)
            want = case.content(marker) if case.content else answer_for(marker)
            assert got.content == want
            if driver.framework == "transport" and case.content is None:
                assert got.reasoning == reasoning_for(marker)
    finally:
        elapsed = time.monotonic() - start
        driver.close()
    assert elapsed < case.max_seconds, f"took {elapsed:.2f}s"
    assert fault_server.request_count == case.requests
    assert fault_server.pending_steps == 0


def test_oversized_event_over_limit_is_typed_error(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the per-event limit: a typed error, not a memory blow-up (limit lowered to 1 MiB
    so the test stays cheap; the default is 32 MiB)."""
    monkeypatch.setattr(
        stream_parser_mod, "SSEDecoder", lambda: SSEDecoder(max_event_bytes=1024 * 1024)
    )
    for cls in ALL_DRIVERS[:2]:
        driver = _driver(cls, fault_server, {})
        fault_server.script(sse(_big_actions))
        with pytest.raises(ResponseFormatError, match="larger than"):
            driver.stream("m-big")
        driver.close()
