"""Plain, deterministic tests for behaviours a mutation run found unprotected.

Each test here names the behaviour it pins; all run over ``httpx.MockTransport`` (no sockets,
no threads) or on the SSE decoder directly, with MiniMax envelopes built by
``minimax_testing/wire.py``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from minimax_testing import wire
from minimax_transport import (
    ChatRequest,
    Finish,
    MiniMaxClient,
    ReasoningDelta,
    ServerError,
    TextDelta,
    UserMessage,
)
from minimax_transport.sse import SSEDecoder

from .mock_http import SSE, ChunkStream, Recorder

MODEL = "MiniMax-M2.7"
KEY = "sk-pinned-distinctive-987654321"


def _client(recorder: Recorder) -> MiniMaxClient:
    transport = httpx.MockTransport(recorder)
    return MiniMaxClient(
        api_key=KEY,
        base_url="https://api.minimax.io/v1",
        max_retries=0,
        http_client=httpx.Client(transport=transport),
        async_http_client=httpx.AsyncClient(transport=transport),
    )


def _request() -> ChatRequest:
    return ChatRequest(MODEL, [UserMessage("hi")])


def _sse_reply(body: bytes) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=SSE, stream=ChunkStream([body]))

    return reply


def _events(answer: wire.Answer, **kw: Any) -> list[dict[str, Any]]:
    kw.setdefault("include_usage", True)
    return wire.stream_events(
        seed="pinned", model=MODEL, answer=answer, prompt_tokens=7, split=False, **kw
    )


def _stream(client: MiniMaxClient) -> list[Any]:
    return list(client.stream(_request()))


# ------------------------------------------------------------------------------------ usage
def test_usage_comes_from_the_last_chunk_that_carries_it() -> None:
    """Two chunks carry usage with different numbers: the later one is the answer's usage."""
    answer = wire.Answer(reasoning="Add them.", text="The answer is 4.")
    events = _events(answer)
    early = wire.usage_dict(3, wire.Answer(reasoning="x", text="y"))
    late = events[-1]["usage"]
    assert early["total_tokens"] != late["total_tokens"]
    events[-2]["usage"] = early  # the finish chunk carries a first (earlier) usage
    client = _client(Recorder(_sse_reply(wire.sse(events))))
    out = _stream(client)
    result = out[-1].result
    assert isinstance(out[-1], Finish)
    assert result.content == "The answer is 4."
    got = result.usage
    assert (got.prompt_tokens, got.completion_tokens, got.total_tokens) == (
        late["prompt_tokens"],
        late["completion_tokens"],
        late["total_tokens"],
    )


# -------------------------------------------------------------------------------------- SSE
def _decode_all(data: bytes, step: int) -> list[tuple[str | None, str]]:
    decoder = SSEDecoder()
    out: list[tuple[str | None, str]] = []
    for i in range(0, len(data), step):
        out += decoder.feed(data[i : i + step])
    return out + decoder.close()


def test_crlf_framed_multiline_named_event_decodes_as_its_lf_form() -> None:
    lf = (
        b": keep-alive\n"
        b"event: message\n"
        b'data: {"a":\n'
        b"data:  1}\n"
        b"\n"
        b"event: ping\n"
        b"data: one\n"
        b"data: two\n"
        b"\n"
        b"data: [DONE]\n"
        b"\n"
    )
    crlf = lf.replace(b"\n", b"\r\n")
    expected = [("message", '{"a":\n 1}'), ("ping", "one\ntwo"), (None, "[DONE]")]
    for step in (len(crlf), 1, 2, 3, 7):
        assert _decode_all(lf, step) == expected
        assert _decode_all(crlf, step) == expected, f"CRLF, {step}-byte chunks"


def test_close_delivers_a_last_event_without_its_blank_line() -> None:
    for tail in (b"", b"\n", b"\r\n"):
        decoder = SSEDecoder()
        assert decoder.feed(b"data: first\n\nevent: last\ndata: x\ndata: y" + tail) == [
            (None, "first")
        ]
        assert decoder.close() == [("last", "x\ny")], tail


@pytest.mark.parametrize("tail", [b"", b"\n"])
def test_stream_whose_finish_chunk_lacks_the_blank_line_still_ends_with_its_answer(
    tail: bytes,
) -> None:
    answer = wire.Answer(reasoning="Think.", text="Forty-two.")
    body = wire.sse(_events(answer, include_usage=False), done=False)
    assert body.endswith(b"\n\n")
    client = _client(Recorder(_sse_reply(body[:-2] + tail)))
    out = _stream(client)
    assert isinstance(out[-1], Finish)
    assert out[-1].result.content == "Forty-two."
    assert out[-1].result.finish_reason == "stop"
    assert "".join(e.text for e in out if isinstance(e, TextDelta)) == "Forty-two."


# --------------------------------------------------------------------------- final flush
@pytest.mark.parametrize("ending", ["<", "</th", "</think", "<minimax:tool", " 1 <"])
@pytest.mark.parametrize("streamed", [True, False])
def test_answer_ending_in_a_partial_tag_survives_the_final_flush(
    ending: str, streamed: bool
) -> None:
    text = f"x < y, so the tag is{ending}"
    answer = wire.Answer(reasoning="Compare x and y.", text=text)
    if streamed:
        reply = _sse_reply(wire.sse(_events(answer)))
    else:
        body = wire.completion_body(
            seed="pinned", model=MODEL, answer=answer, prompt_tokens=7, split=False
        )

        def reply(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, json=body)

    client = _client(Recorder(reply))
    if streamed:
        out = _stream(client)
        result = out[-1].result
        assert "".join(e.text for e in out if isinstance(e, TextDelta)) == text
    else:
        result = client.complete(_request())
    assert result.content == text
    assert result.reasoning == "Compare x and y."


# -------------------------------------------------------------------------- key redaction
def test_key_is_redacted_on_the_async_stream_error_path() -> None:
    """A mid-stream error event that echoes the Authorization header, read by ``astream``."""

    def reply(request: httpx.Request) -> httpx.Response:
        auth = request.headers["authorization"]
        events = _events(wire.Answer(reasoning="r", text="partial"), include_usage=False)[:1]
        events.append(
            {"error": {"type": "api_error", "message": f"system error for {auth} (1033)"}}
        )
        return httpx.Response(200, headers=SSE, stream=ChunkStream([wire.sse(events)]))

    client = _client(Recorder(reply))

    async def main() -> ServerError:
        with pytest.raises(ServerError) as info:
            async for _ in client.astream(_request()):
                pass
        return info.value

    exc = asyncio.run(main())
    assert exc.code == 1033
    for text in (str(exc), repr(exc), exc.message, repr(exc.body), repr(exc.args)):
        assert KEY not in text
        assert "987654321" not in text
    assert "**********" in exc.message


# ---------------------------------------------------------------------- JSON to a stream
@pytest.mark.parametrize("split", [True, False], ids=["split", "inline"])
@pytest.mark.parametrize("run_async", [False, True], ids=["sync", "async"])
def test_stream_request_answered_with_json_keeps_answer_and_reasoning_apart(
    split: bool, run_async: bool
) -> None:
    answer = wire.Answer(reasoning="Seven times eight.", text="56")
    body = wire.completion_body(
        seed="pinned", model=MODEL, answer=answer, prompt_tokens=7, split=split
    )
    recorder = Recorder(lambda request: httpx.Response(200, json=body))
    client = _client(recorder)
    if run_async:

        async def main() -> list[Any]:
            return [e async for e in client.astream(_request())]

        out = asyncio.run(main())
    else:
        out = _stream(client)
    assert json.loads(recorder.requests[0].content)["stream"] is True
    assert "".join(e.text for e in out if isinstance(e, TextDelta)) == "56"
    assert "".join(e.text for e in out if isinstance(e, ReasoningDelta)) == "Seven times eight."
    result = out[-1].result
    assert isinstance(out[-1], Finish)
    assert (result.content, result.reasoning) == ("56", "Seven times eight.")
