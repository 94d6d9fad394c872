"""The retry layer, counted: how many requests reach the (mock) server in each failure mode."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from minimax_transport import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentFilterError,
    InsufficientBalanceError,
    RateLimitError,
    ReasoningDelta,
    RetryPolicy,
    ServerError,
    StreamInterruptedError,
    TextDelta,
)
from minimax_transport.retry import parse_retry_after

from .conftest import run
from .mock_http import (
    SSE,
    ChunkStream,
    Recorder,
    answer,
    json_reply,
    mock_client,
    sse_events,
    sse_reply,
)
from .test_request_building import hi

MODES = ["complete", "acomplete", "stream", "astream"]


def ok(mode: str) -> Any:
    if mode in ("stream", "astream"):
        return sse_reply(sse_events({"content": "fine"}))
    return answer("fine")


def http_error(
    status: int,
    message: str = "boom",
    code: int | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    text = f"{message} ({code})" if code else message
    return json_reply(
        {"type": "error", "error": {"type": "api_error", "message": text}},
        status=status,
        headers=headers,
    )


def base_resp(code: int) -> Any:
    return json_reply({"base_resp": {"status_code": code, "status_msg": f"code {code}"}})


@pytest.mark.parametrize("mode", MODES)
async def test_500_then_success_is_retried(mode: str) -> None:
    rec = Recorder(http_error(500), ok(mode))
    result, _ = await run(mock_client(rec), hi(), mode)
    assert result.content == "fine"
    assert rec.count == 2


@pytest.mark.parametrize("mode", MODES)
async def test_500_three_times_gives_up_after_max_retries(mode: str) -> None:
    rec = Recorder(http_error(500, "system error", 1033))
    with pytest.raises(ServerError) as info:
        await run(mock_client(rec), hi(), mode)
    assert rec.count == 3  # 1 + max_retries=2
    assert info.value.status_code == 500 and info.value.code == 1033


async def test_max_retries_argument_counts_retries() -> None:
    for max_retries, expected in ((0, 1), (1, 2), (4, 5)):
        rec = Recorder(http_error(503))
        policy = RetryPolicy(max_retries=max_retries, initial_delay=0.0, jitter=False)
        with pytest.raises(ServerError):
            mock_client(rec, retry_policy=policy).complete(hi())
        assert rec.count == expected
    rec = Recorder(http_error(503))
    client = mock_client(rec, retry_policy=None, max_retries=0)
    with pytest.raises(ServerError):
        client.complete(hi())
    assert rec.count == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("code", [1000, 1001, 1002, 1013, 1024, 1033, 1039, 2045, 2056])
async def test_http200_retryable_base_resp_codes_retried(mode: str, code: int) -> None:
    rec = Recorder(base_resp(code), ok(mode))
    result, _ = await run(mock_client(rec), hi(), mode)
    assert result.content == "fine" and rec.count == 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("reply", "cls"),
    [
        (http_error(400, "invalid params, unknown model 'x'", 2013), BadRequestError),
        (base_resp(2013), BadRequestError),
        (base_resp(1004), AuthenticationError),
        (http_error(401, "login fail", 1004), AuthenticationError),
        (base_resp(1008), InsufficientBalanceError),
        (base_resp(1026), ContentFilterError),
        (base_resp(1027), ContentFilterError),
    ],
    ids=[
        "http400-2013",
        "200-2013",
        "200-1004",
        "http401-1004",
        "200-1008",
        "200-1026",
        "200-1027",
    ],
)
async def test_non_retryable_errors_sent_once(mode: str, reply: Any, cls: type) -> None:
    rec = Recorder(reply, ok(mode))
    with pytest.raises(cls):
        await run(mock_client(rec), hi(), mode)
    assert rec.count == 1


@pytest.mark.parametrize("mode", ["complete", "acomplete", "stream"])
async def test_429_retry_after_zero_honoured(mode: str) -> None:
    rec = Recorder(http_error(429, "rate limit", 1002, headers={"Retry-After": "0"}), ok(mode))
    # A slow backoff: only Retry-After: 0 lets this finish quickly.
    policy = RetryPolicy(max_retries=2, initial_delay=5.0, max_delay=5.0, jitter=False)
    start = time.monotonic()
    result, _ = await run(mock_client(rec, retry_policy=policy), hi(), mode)
    assert time.monotonic() - start < 2.0
    assert result.content == "fine" and rec.count == 2


async def test_retry_after_too_long_is_not_waited_for() -> None:
    rec = Recorder(
        http_error(429, "rate limit", 1002, headers={"Retry-After": "3600"}), answer("fine")
    )
    with pytest.raises(RateLimitError) as info:
        mock_client(rec).complete(hi())
    assert info.value.retry_after == 3600.0
    assert rec.count == 1


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after("2.5") == 2.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("garbage") is None


def test_backoff_is_exponential_and_capped() -> None:
    policy = RetryPolicy(max_retries=10, initial_delay=0.5, max_delay=3.0, jitter=False)
    err = RateLimitError("slow", code=1002)
    assert [policy.next_delay(err, a) for a in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    jittered = RetryPolicy(max_retries=3, initial_delay=1.0, jitter=True)
    assert all(0.5 <= jittered.next_delay(err, 0) <= 1.0 for _ in range(50))  # type: ignore[operator]
    assert policy.next_delay(BadRequestError("bad", code=2013), 0) is None


@pytest.mark.parametrize("mode", MODES)
async def test_connection_error_retried(mode: str) -> None:
    rec = Recorder(httpx.ConnectError("refused"), ok(mode))
    result, _ = await run(mock_client(rec), hi(), mode)
    assert result.content == "fine" and rec.count == 2


@pytest.mark.parametrize("mode", MODES)
async def test_connection_error_every_time_gives_typed_error(mode: str) -> None:
    rec = Recorder(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        await run(mock_client(rec), hi(), mode)
    assert not isinstance(info.value, APITimeoutError)  # its subclass: not this failure
    assert rec.count == 3


@pytest.mark.parametrize("mode", ["complete", "astream"])
async def test_timeout_retried_then_typed(mode: str) -> None:
    rec = Recorder(httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        await run(mock_client(rec), hi(), mode)
    assert rec.count == 3


def _broken_stream(*chunks: bytes | BaseException) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=SSE, stream=ChunkStream(list(chunks)))

    return reply


FIRST_EVENT = sse_events({"content": "<think>\nplanning"}, finish=None, done=False)
SECOND_EVENT = sse_events({"content": " more\n</think>\n\nHi"}, finish=None, done=False)


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_stream_failing_after_first_event_is_not_retried(mode: str) -> None:
    rec = Recorder(_broken_stream(FIRST_EVENT, httpx.ReadError("connection reset")), ok(mode))
    client = mock_client(rec)
    events: list[Any] = []
    with pytest.raises(StreamInterruptedError):
        if mode == "stream":
            for e in client.stream(hi()):
                events.append(e)
        else:
            async for e in client.astream(hi()):
                events.append(e)
    assert rec.count == 1
    assert events and isinstance(events[0], ReasoningDelta)


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_stream_failing_before_any_event_is_retried(mode: str) -> None:
    rec = Recorder(_broken_stream(httpx.ReadError("reset before data")), ok(mode))
    result, _ = await run(mock_client(rec), hi(), mode)
    assert result.content == "fine" and rec.count == 2


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_stream_ending_without_finish_or_done_is_interrupted(mode: str) -> None:
    rec = Recorder(_broken_stream(FIRST_EVENT, SECOND_EVENT), ok(mode))
    events: list[Any] = []
    client = mock_client(rec)
    with pytest.raises(StreamInterruptedError):
        if mode == "stream":
            for e in client.stream(hi()):
                events.append(e)
        else:
            async for e in client.astream(hi()):
                events.append(e)
    assert rec.count == 1
    assert any(isinstance(e, TextDelta) for e in events)


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_stream_ending_at_eof_after_finish_reason_is_a_success(mode: str) -> None:
    body = sse_events({"content": "Hi"}, {"content": " there"}, finish="stop", done=False)
    rec = Recorder(_broken_stream(body))
    result, _ = await run(mock_client(rec), hi(), mode)
    assert result.content == "Hi there" and rec.count == 1


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_retryable_error_event_before_any_delivery_is_retried(mode: str) -> None:
    err = b'data: {"base_resp":{"status_code":1002,"status_msg":"rate limit"}}\n\n'
    rec = Recorder(_broken_stream(err), ok(mode))
    result, _ = await run(mock_client(rec), hi(), mode)
    assert result.content == "fine" and rec.count == 2


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_error_event_after_delivery_is_raised_not_retried(mode: str) -> None:
    err = b'data: {"base_resp":{"status_code":1002,"status_msg":"rate limit"}}\n\n'
    rec = Recorder(_broken_stream(FIRST_EVENT, err), ok(mode))
    client = mock_client(rec)
    with pytest.raises(RateLimitError):
        if mode == "stream":
            list(client.stream(hi()))
        else:
            [e async for e in client.astream(hi())]
    assert rec.count == 1


def test_key_never_in_error_messages() -> None:
    key = "sk-secret-key-abcdef"
    rec = Recorder(
        json_reply(
            {
                "type": "error",
                "error": {"type": "authorized_error", "message": f"bad key {key} (1004)"},
            },
            status=401,
        )
    )
    with pytest.raises(AuthenticationError) as info:
        mock_client(rec, api_key=key).complete(hi())
    assert key not in str(info.value) and key not in info.value.message
