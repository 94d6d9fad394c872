"""The Messages dialect through :class:`MiniMaxClient` (all four call paths, ``httpx``
``MockTransport``): the URL and headers, the Messages cassettes replayed as HTTP responses,
the client's retry layer, tool-choice emulation and replay across a tool loop."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from minimax_testing import wire
from minimax_testing.wire import Answer
from minimax_transport import (
    AuthenticationError,
    ChatRequest,
    MiniMaxClient,
    ServerError,
    ToolChoiceNotHonouredError,
    ToolMessage,
    ToolSpec,
    UserMessage,
)
from minimax_transport.messages_request import ModelNotOnDialectError

from .conftest import NONSTREAM_MODES, STREAM_MODES, run
from .messages_cassettes import ANSWER_2, BY_NAME, REASONING, WEATHER_ARGS, load
from .mock_http import SSE, ChunkStream, Recorder, json_reply, mock_client

MODES = (*NONSTREAM_MODES, *STREAM_MODES)
WEATHER = ToolSpec(
    "get_weather", "Weather", {"type": "object", "properties": {"location": {"type": "string"}}}
)
BASE = "https://api.minimax.io/anthropic"


def cassette_reply(name: str) -> Any:
    status, raw, ctype = load(name)

    def reply(request: httpx.Request) -> httpx.Response:
        if ctype == "text/event-stream":
            return httpx.Response(status, headers=SSE, stream=ChunkStream([raw]))
        return httpx.Response(status, content=raw, headers={"content-type": ctype})

    return reply


def pair(stem: str, mode: str) -> str:
    """The cassette of ``stem`` for a streamed or non-streamed call."""
    streamed = {
        "m3_text_signed": "m3_text_signed_stream",
        "m3_tool_use": "m3_tool_use_stream_unsigned_start",
        "m3_after_tool": "m3_after_tool_stream",
    }
    return streamed[stem] if mode in STREAM_MODES else stem


def client_for(rec: Recorder, **kw: Any) -> MiniMaxClient:
    kw.setdefault("base_url", BASE)
    return mock_client(rec, **kw)


@pytest.mark.parametrize("mode", MODES)
async def test_url_headers_and_answer(mode: str) -> None:
    rec = Recorder(cassette_reply(pair("m3_text_signed", mode)))
    client = client_for(rec)
    assert client.preset.name == "minimax-anthropic"
    result, _ = await run(client, ChatRequest("MiniMax-M3", [UserMessage("7*8?")]), mode)
    assert (result.content, result.reasoning) == ("56", "7 times 8 is 56.")
    sent = rec.requests[0]
    assert str(sent.url) == BASE + "/v1/messages"
    assert sent.headers["authorization"] == "Bearer sk-test-key-1234"
    assert "x-api-key" not in sent.headers
    body = json.loads(sent.content)
    assert body["thinking"] == {"type": "adaptive"} and body["max_tokens"] == 32_768
    assert body.get("stream", False) is (mode in STREAM_MODES)


@pytest.mark.parametrize("mode", MODES)
async def test_china_host_is_detected(mode: str) -> None:
    rec = Recorder(cassette_reply(pair("m3_text_signed", mode)))
    client = client_for(rec, base_url="https://api.minimaxi.com/anthropic/")
    assert client.preset.name == "minimax-cn-anthropic"
    await run(client, ChatRequest("MiniMax-M3", [UserMessage("x")]), mode)
    assert str(rec.requests[0].url) == "https://api.minimaxi.com/anthropic/v1/messages"


@pytest.mark.parametrize("mode", MODES)
async def test_refused_model_sends_nothing(mode: str) -> None:
    rec = Recorder(cassette_reply("m3_text_signed"))
    with pytest.raises(ModelNotOnDialectError):
        await run(client_for(rec), ChatRequest("MiniMax-M1", [UserMessage("x")]), mode)
    assert rec.count == 0


@pytest.mark.parametrize("mode", MODES)
async def test_tool_loop_replays_signed_blocks_byte_exact(mode: str) -> None:
    rec = Recorder(
        cassette_reply(pair("m3_tool_use", mode)), cassette_reply(pair("m3_after_tool", mode))
    )
    client = client_for(rec)
    history: list[Any] = [UserMessage("weather in SF?")]
    first, _ = await run(client, ChatRequest("MiniMax-M3", history, tools=[WEATHER]), mode)
    assert [(c.name, c.arguments) for c in first.tool_calls] == [("get_weather", WEATHER_ARGS)]
    assert first.reasoning == REASONING
    history += [first.to_assistant_message(), ToolMessage("18°C", first.tool_calls[0].id)]
    second, _ = await run(client, ChatRequest("MiniMax-M3", history, tools=[WEATHER]), mode)
    assert second.content == ANSWER_2
    sent = rec.bodies()[1]["messages"]
    want = json.dumps(BY_NAME["m3_tool_use"].body["content"], ensure_ascii=False)
    assert json.dumps(sent[1]["content"], ensure_ascii=False) == want
    assert sent[2]["content"][0]["type"] == "tool_result"


@pytest.mark.parametrize("mode", MODES)
async def test_transient_error_is_retried_auth_is_not(mode: str) -> None:
    rec = Recorder(
        cassette_reply("error_http500_1033"), cassette_reply(pair("m3_text_signed", mode))
    )
    result, _ = await run(client_for(rec), ChatRequest("MiniMax-M3", [UserMessage("x")]), mode)
    assert result.content == "56" and rec.count == 2
    rec = Recorder(cassette_reply("error_http401_authentication"))
    with pytest.raises(AuthenticationError):
        await run(client_for(rec), ChatRequest("MiniMax-M3", [UserMessage("x")]), mode)
    assert rec.count == 1


@pytest.mark.parametrize("mode", STREAM_MODES)
async def test_error_event_after_first_delta_is_raised_not_retried(mode: str) -> None:
    raw = load("error_overloaded_midstream")[1]
    cut = raw.index(b"event: error")

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=SSE, stream=ChunkStream([raw[:cut], raw[cut:]]))

    rec = Recorder(reply)
    with pytest.raises(ServerError, match="Overloaded"):
        await run(client_for(rec), ChatRequest("MiniMax-M3", [UserMessage("x")]), mode)
    assert rec.count == 1


@pytest.mark.parametrize("mode", MODES)
async def test_forced_tool_choice_is_emulated_and_checked(mode: str) -> None:
    answer = Answer(reasoning="r", text="no tool")
    kw: dict[str, Any] = {
        "seed": "t",
        "model": "MiniMax-M2.7",
        "answer": answer,
        "prompt_tokens": 5,
    }
    if mode in STREAM_MODES:
        sse = wire.messages_sse(wire.message_stream_events(**kw))
        rec = Recorder(lambda r: httpx.Response(200, headers=SSE, stream=ChunkStream([sse])))
    else:
        rec = Recorder(json_reply(wire.message_body(**kw)))
    request = ChatRequest(
        "MiniMax-M2.7", [UserMessage("x")], tools=[WEATHER], tool_choice="get_weather"
    )
    with pytest.raises(ToolChoiceNotHonouredError):
        await run(client_for(rec), request, mode)
    first = rec.bodies()[0]
    assert "tool_choice" not in first and "get_weather" in first["system"]
    if mode in NONSTREAM_MODES:
        assert rec.count == 2  # asked again once, with the reminder
        # The reminder joins the user turn (Messages alternates roles).
        last = rec.bodies()[1]["messages"][-1]
        assert last["role"] == "user" and "did not call a tool" in last["content"][-1]["text"]


def test_key_never_in_errors() -> None:
    key = "sk-secret-abcdef123456"
    echo = wire.messages_error_body("authentication_error", f"bad key {key}")
    rec = Recorder(json_reply(echo, status=401))
    client = client_for(rec, api_key=key)
    with pytest.raises(AuthenticationError) as info:
        client.complete(ChatRequest("MiniMax-M3", [UserMessage("x")]))
    assert key not in str(info.value) and key not in repr(info.value.body)
    assert key not in repr(client)
