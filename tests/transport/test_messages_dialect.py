"""The Messages dialect (MiniMax's Anthropic-compatible endpoint) in isolation: request bodies,
the SSE and non-streamed parsers on the Messages cassettes, typed errors, replay of signed
thinking across a tool loop. The same results as the chat dialect: reasoning never in the
answer, tool calls parsed, usage once, finish reasons mapped."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

from minimax_testing import wire
from minimax_transport import (
    AssistantMessage,
    AuthenticationError,
    BadRequestError,
    ChatRequest,
    ChatResult,
    ContextWindowExceededError,
    Finish,
    InsufficientBalanceError,
    InvalidRequestError,
    ModelControlError,
    ModelControlWarning,
    RateLimitError,
    ReasoningBudgetExhaustedError,
    ReasoningDelta,
    ServerError,
    StreamEvent,
    StreamInterruptedError,
    SystemMessage,
    TextDelta,
    ToolCall,
    ToolCallDelta,
    ToolMessage,
    ToolSpec,
    UsageEvent,
    UserMessage,
)
from minimax_transport.catalog import resolve_model
from minimax_transport.errors import MiniMaxError, UnsupportedFeatureError, error_from_body
from minimax_transport.messages_parser import MessagesStreamParser, messages_error, parse_message
from minimax_transport.messages_request import (
    ModelNotOnDialectError,
    build_messages_body,
)
from minimax_transport.presets import get_preset

from .messages_cassettes import ANSWER_2, BY_NAME, REASONING, REASONING_2, WEATHER_ARGS, load

PRESET = get_preset("minimax-anthropic")
WEATHER = ToolSpec(
    "get_weather",
    "Weather for a city",
    {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
)


def body_for(request: ChatRequest, *, stream: bool = False, **overrides: Any) -> dict[str, Any]:
    info = resolve_model(request.model, **overrides)
    return build_messages_body(request, info, PRESET, stream=stream)


def parse_body(name: str, request: ChatRequest) -> ChatResult:
    status, raw, _ = load(name)
    assert status == 200
    return parse_message(json.loads(raw), request, resolve_model(request.model), PRESET)


def parse_sse(
    data: bytes | list[bytes], request: ChatRequest
) -> tuple[ChatResult, list[StreamEvent]]:
    parser = MessagesStreamParser(request, resolve_model(request.model), PRESET)
    events: list[StreamEvent] = []
    for chunk in [data] if isinstance(data, bytes) else data:
        events.extend(parser.feed(chunk))
    events.extend(parser.close())
    assert isinstance(events[-1], Finish)
    return events[-1].result, events


def stream_cassette(name: str, request: ChatRequest) -> tuple[ChatResult, list[StreamEvent]]:
    return parse_sse(load(name)[1], request)


def req(*messages: Any, model: str = "MiniMax-M3", **kw: Any) -> ChatRequest:
    return ChatRequest(model, list(messages) or [UserMessage("hi")], **kw)


# ------------------------------------------------------------------------------ request body


def test_body_system_messages_sampling_and_budget() -> None:
    body = body_for(
        req(
            SystemMessage("a"),
            UserMessage("hi"),
            SystemMessage("b"),
            temperature=0,
            top_p=1.7,
        )
    )
    assert body["system"] == "a\n\nb"
    assert body["messages"] == [{"role": "user", "content": "hi"}]
    assert body["temperature"] == 0.01  # (0, 1] on this endpoint, even for M3
    assert body["top_p"] == 1.0
    assert body["max_tokens"] == 32_768  # required here: the family's generous default
    assert "stream" not in body
    assert body_for(req(temperature=1.8))["temperature"] == 1.0
    streamed = body_for(req(max_tokens=100), stream=True)
    assert streamed["stream"] is True and streamed["max_tokens"] == 100
    assert "stream_options" not in streamed and "reasoning_split" not in streamed


def test_thinking_defaults_per_family() -> None:
    assert body_for(req())["thinking"] == {"type": "adaptive"}  # omitted would disable it
    off = req(extra_body={"thinking": {"type": "disabled"}})
    assert body_for(off)["thinking"] == {"type": "disabled"}
    with pytest.warns(UserWarning, match="adaptive"):
        enabled = req(extra_body={"thinking": {"type": "enabled", "budget_tokens": 2048}})
        assert body_for(enabled)["thinking"] == {"type": "adaptive"}
    assert "thinking" not in body_for(req(model="MiniMax-M2.7"))  # always reasons
    with pytest.warns(UserWarning, match="always"):
        m2_off = req(model="MiniMax-M2.5", extra_body={"thinking": {"type": "disabled"}})
        assert "thinking" not in body_for(m2_off)
    assert "thinking" not in body_for(req(model="some-proxy-model"))
    with pytest.raises(InvalidRequestError, match="thinking"):
        body_for(req(extra_body={"thinking": "on"}))


@pytest.mark.parametrize(
    "model", ["MiniMax-M1", "MiniMax-Text-01", "abab6.5s-chat", "abab5.5-chat", "minimax/m1"]
)
def test_models_not_served_are_refused(model: str) -> None:
    with pytest.raises(ModelNotOnDialectError, match="chat endpoint") as info:
        body_for(req(model=model))
    assert isinstance(info.value, InvalidRequestError)


@pytest.mark.parametrize("model", ["MiniMax-M3", "MiniMax-M2.7-highspeed", "my-finetune-v2"])
def test_served_and_unknown_models_pass(model: str) -> None:
    assert body_for(req(model=model))["model"] == model


def test_tools_and_tool_choice() -> None:
    bare = ToolSpec("now", "", None)
    body = body_for(req(tools=[WEATHER, bare], tool_choice="auto"))
    assert body["tools"] == [
        {
            "name": "get_weather",
            "description": "Weather for a city",
            "input_schema": WEATHER.parameters,
        },
        {"name": "now", "description": "", "input_schema": {"type": "object", "properties": {}}},
    ]
    assert body["tool_choice"] == {"type": "auto"}
    assert body_for(req(tools=[WEATHER], tool_choice="none"))["tool_choice"] == {"type": "none"}
    honoured = {"tool_choice_forcing": True}
    assert body_for(req(tools=[WEATHER], tool_choice="required"), **honoured)["tool_choice"] == {
        "type": "any"
    }
    named = body_for(req(tools=[WEATHER, bare], tool_choice="now"), **honoured)
    assert named["tool_choice"] == {"type": "tool", "name": "now"}
    # A family that ignores forcing: emulated as on the chat dialect (instruction, one tool).
    emulated = body_for(
        req(SystemMessage("sys"), UserMessage("x"), tools=[WEATHER, bare], tool_choice="now")
    )
    assert "tool_choice" not in emulated
    assert [t["name"] for t in emulated["tools"]] == ["now"]
    assert (
        emulated["system"].startswith("sys\n\nTool use is required")
        and "`now`" in emulated["system"]
    )


def test_ignored_params_never_sent_metadata_passes() -> None:
    body = body_for(
        req(
            stop=["END"],
            extra_body={
                "top_k": 5,
                "stop_sequences": ["x"],
                "service_tier": "auto",
                "metadata": {"user_id": "u-1"},
            },
        )
    )
    for key in ("top_k", "stop_sequences", "service_tier", "stop"):
        assert key not in body
    assert body["metadata"] == {"user_id": "u-1"}


def test_tool_results_merge_into_one_user_turn_results_first() -> None:
    call = ToolCall("call_1", "get_weather", {"location": "Paris"}, '{"location": "Paris"}')
    call2 = ToolCall("call_2", "get_weather", {"location": "Rome"})
    body = body_for(
        req(
            UserMessage("weather?"),
            AssistantMessage("", tool_calls=[call, call2]),
            ToolMessage("18C", "call_1"),
            ToolMessage("boom", "call_2", is_error=True),
            UserMessage("and tomorrow?"),
        )
    )
    assert body["messages"][1] == {
        "role": "assistant",
        "content": [
            {
                "type": "tool_use",
                "id": "call_1",
                "name": "get_weather",
                "input": {"location": "Paris"},
            },
            {
                "type": "tool_use",
                "id": "call_2",
                "name": "get_weather",
                "input": {"location": "Rome"},
            },
        ],
    }
    assert body["messages"][2] == {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "call_1", "content": "18C"},
            {"type": "tool_result", "tool_use_id": "call_2", "content": "boom", "is_error": True},
            {"type": "text", "text": "and tomorrow?"},
        ],
    }
    assert len(body["messages"]) == 3


def test_history_is_validated_before_sending() -> None:
    with pytest.raises(InvalidRequestError, match="tool_call_id"):
        body_for(req(UserMessage("x"), ToolMessage("r", "call_missing")))


def test_images_and_cache_control() -> None:
    parts = [
        {"type": "text", "text": "what is this?", "cache_control": {"type": "ephemeral"}},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
    ]
    body = body_for(req(UserMessage(parts)))
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "what is this?", "cache_control": {"type": "ephemeral"}},
        {
            "type": "image",
            "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
        },
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
    ]
    with pytest.raises(UnsupportedFeatureError, match="no image"):
        body_for(req(UserMessage(parts), model="MiniMax-M2.7"))


def test_response_format_is_refused_not_dropped() -> None:
    with pytest.raises(UnsupportedFeatureError, match="function_calling") as info:
        body_for(req(response_format={"type": "json_object"}))
    assert info.value.feature == "response_format"
    assert "response_format" not in body_for(req(response_format={"type": "text"}))


def test_strict_tools_warn_when_dropped() -> None:
    strict = ToolSpec("f", "", {"type": "object", "properties": {}}, strict=True)
    with pytest.warns(UserWarning, match="strict"):
        assert "strict" not in body_for(req(tools=[strict]))["tools"][0]


# ------------------------------------------------------------------------------ parsing


def test_non_streamed_signed_answer() -> None:
    r = parse_body("m3_text_signed", req())
    assert (r.content, r.reasoning, r.finish_reason) == ("56", "7 times 8 is 56.", "stop")
    assert r.usage is not None and (r.usage.prompt_tokens, r.usage.total_tokens) == (
        42,
        42 + r.usage.completion_tokens,
    )
    body = BY_NAME["m3_text_signed"].body
    assert r.replay["blocks"] == body["content"]
    assert len(r.replay["blocks"][0]["signature"]) == 64
    assert r.id == body["id"] and r.model == "MiniMax-M3"


@pytest.mark.parametrize(
    ("streamed", "whole"),
    [
        ("m3_text_signed_stream", "m3_text_signed"),
        ("m3_tool_use_stream_unsigned_start", "m3_tool_use"),
        ("m3_after_tool_stream", "m3_after_tool"),
    ],
)
def test_stream_equals_non_streamed(streamed: str, whole: str) -> None:
    request = req(tools=[WEATHER])
    s, events = stream_cassette(streamed, request)
    n = parse_body(whole, request)
    assert (s.content, s.reasoning, s.finish_reason, s.tool_calls, s.usage) == (
        n.content,
        n.reasoning,
        n.finish_reason,
        n.tool_calls,
        n.usage,
    )
    # Replay blocks rebuilt from the deltas are the blocks of the whole message, signature
    # included (also when content_block_start had no signature field).
    assert json.dumps(s.replay["blocks"]) == json.dumps(n.replay["blocks"])
    assert "".join(e.text for e in events if isinstance(e, ReasoningDelta)) == s.reasoning
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == s.content
    assert [type(e) for e in events[-2:]] == [UsageEvent, Finish]
    assert sum(isinstance(e, UsageEvent) for e in events) == 1


def test_streamed_tool_call_deltas() -> None:
    r, events = stream_cassette("m3_tool_use_stream_unsigned_start", req(tools=[WEATHER]))
    deltas = [e for e in events if isinstance(e, ToolCallDelta)]
    assert deltas[0].index == 0 and deltas[0].name == "get_weather"
    assert deltas[0].id and deltas[0].id.startswith("call_function_")
    assert all(d.index == 0 and d.id is None for d in deltas[1:])
    assert json.loads("".join(d.arguments for d in deltas)) == WEATHER_ARGS
    assert [(c.name, c.arguments) for c in r.tool_calls] == [("get_weather", WEATHER_ARGS)]
    assert r.finish_reason == "tool_calls" and r.content == "" and r.reasoning == REASONING


def test_xml_tool_call_in_text_block_is_recovered() -> None:
    r, events = stream_cassette(
        "m27_xml_tool_call_in_text_stream", req(model="MiniMax-M2.7", tools=[WEATHER])
    )
    assert [(c.name, c.arguments) for c in r.tool_calls] == [("get_weather", WEATHER_ARGS)]
    assert r.content == "" and "minimax:tool_call" not in "".join(
        e.text for e in events if isinstance(e, TextDelta)
    )
    assert r.finish_reason == "tool_calls" and r.reasoning == REASONING


def test_cache_usage() -> None:
    r = parse_body("m3_cache_usage", req())
    assert r.usage is not None
    assert r.usage.prompt_tokens == 21 + 188086
    assert r.usage.completion_tokens == 393
    assert r.usage.total_tokens == 21 + 188086 + 393
    assert r.usage.cached_tokens == 0


def test_usage_zero_in_message_start_is_replaced_by_message_delta() -> None:
    r, _ = stream_cassette("m3_text_signed_stream", req())
    assert r.usage is not None and r.usage.prompt_tokens == 42 and r.usage.completion_tokens > 0


def _events(*pairs: tuple[str, dict[str, Any]]) -> bytes:
    return wire.messages_sse(list(pairs))


def _delta(index: int, **delta: Any) -> tuple[str, dict[str, Any]]:
    return ("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})


def _stop(reason: str) -> tuple[str, dict[str, Any]]:
    return (
        "message_delta",
        {"type": "message_delta", "delta": {"stop_reason": reason}, "usage": {"output_tokens": 9}},
    )


def test_max_tokens_spent_on_thinking_is_an_error() -> None:
    data = _events(_delta(0, type="thinking_delta", thinking="hmm"), _stop("max_tokens"))
    with pytest.raises(ReasoningBudgetExhaustedError):
        parse_sse(data, req())


def test_stream_cut_before_the_end_is_interrupted() -> None:
    data = _events(_delta(0, type="text_delta", text="Hel"))
    with pytest.raises(StreamInterruptedError):
        parse_sse(data, req())


def test_refusal_is_a_content_filter_error() -> None:
    from minimax_transport import ContentFilterError

    with pytest.raises(ContentFilterError):
        parse_sse(_events(_stop("refusal")), req())


def test_client_side_stop_cuts_and_replay_is_rebuilt() -> None:
    data = _events(
        _delta(0, type="thinking_delta", thinking="think"),
        _delta(0, type="signature_delta", signature="sig"),
        _delta(1, type="text_delta", text="one two END three"),
        _stop("end_turn"),
    )
    r, _ = parse_sse(data, req(stop=["END"]))
    assert r.content == "one two " and r.finish_reason == "stop"  # exact text up to the cut
    blocks = body_for(req(UserMessage("x"), r.to_assistant_message(), UserMessage("y")))[
        "messages"
    ][1]["content"]
    assert blocks == [
        {"type": "thinking", "thinking": "think", "signature": "sig"},
        {"type": "text", "text": "one two "},
    ]


def test_unknown_events_and_pings_are_ignored() -> None:
    data = (
        b': keep-alive\n\nevent: ping\ndata: {"type": "ping"}\n\n'
        b'event: vendor_thing\ndata: {"type": "vendor_thing", "x": 1}\n\n'
    ) + _events(
        _delta(0, type="text_delta", text="ok"),
        _stop("end_turn"),
        ("message_stop", {"type": "message_stop"}),
    )
    r, events = parse_sse(data, req())
    assert r.content == "ok" and [type(e) for e in events] == [TextDelta, UsageEvent, Finish]


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("name", "cls", "code", "status"),
    [
        ("error_http500_1033", ServerError, 1033, 500),
        ("error_http400_context_window", ContextWindowExceededError, 2013, 400),
        ("error_http401_authentication", AuthenticationError, None, 401),
        ("error_http429_rate_limit", RateLimitError, 1002, 429),
        ("error_http200_base_resp_1004", AuthenticationError, 1004, 200),
        ("error_http200_base_resp_1008_in_message", InsufficientBalanceError, 1008, 200),
    ],
)
def test_error_envelopes_are_typed(
    name: str, cls: type[MiniMaxError], code: int | None, status: int
) -> None:
    got_status, raw, _ = load(name)
    assert got_status == status
    body = json.loads(raw)
    if status >= 400:
        err = error_from_body(status, body)
    else:
        with pytest.raises(MiniMaxError) as info:
            parse_message(body, req(), resolve_model("MiniMax-M3"), PRESET)
        err = info.value
    assert type(err) is cls and err.code == code
    if name == "error_http400_context_window":
        assert err.request_id == "0640ba84a1b2c3d4e5f60718293a4b5c"


def test_error_event_mid_stream_is_typed_and_retryable() -> None:
    with pytest.raises(ServerError) as info:
        stream_cassette("error_overloaded_midstream", req())
    assert info.value.retryable and "Overloaded" in str(info.value)


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("invalid_request_error", BadRequestError),
        ("authentication_error", AuthenticationError),
        ("rate_limit_error", RateLimitError),
        ("api_error", ServerError),
        ("overloaded_error", ServerError),
    ],
)
def test_every_anthropic_error_type_maps(kind: str, cls: type[MiniMaxError]) -> None:
    err = messages_error(wire.messages_error_body(kind, "something"))
    assert type(err) is cls
    with pytest.raises(cls):
        parse_sse(_events(("error", wire.messages_error_body(kind, "x"))), req())


# ------------------------------------------------------------------------------ replay


def test_signed_thinking_replayed_byte_exact_across_a_tool_loop() -> None:
    request = req(SystemMessage("sys"), UserMessage("weather in SF?"), tools=[WEATHER])
    first = parse_body("m3_tool_use", request)
    call = first.tool_calls[0]
    history = [
        *request.messages,
        first.to_assistant_message(),
        ToolMessage("18°C, sunny", call.id),
    ]
    body2 = body_for(req(*history, tools=[WEATHER]))
    sent = body2["messages"][1]
    assert sent["role"] == "assistant"
    assert json.dumps(sent["content"]) == json.dumps(BY_NAME["m3_tool_use"].body["content"])
    assert body2["messages"][2] == {
        "role": "user",
        "content": [{"type": "tool_result", "tool_use_id": call.id, "content": "18°C, sunny"}],
    }
    second = parse_body("m3_after_tool", req(*history, tools=[WEATHER]))
    assert (second.content, second.reasoning) == (ANSWER_2, REASONING_2)
    body3 = body_for(
        req(*history, second.to_assistant_message(), UserMessage("thanks"), tools=[WEATHER])
    )
    assert json.dumps(body3["messages"][1]["content"]) == json.dumps(
        BY_NAME["m3_tool_use"].body["content"]
    )
    assert json.dumps(body3["messages"][3]["content"]) == json.dumps(
        BY_NAME["m3_after_tool"].body["content"]
    )


def test_streamed_turn_replays_like_the_whole_one() -> None:
    r, _ = stream_cassette("m3_tool_use_stream_unsigned_start", req(tools=[WEATHER]))
    call = r.tool_calls[0]
    body = body_for(
        req(UserMessage("q"), r.to_assistant_message(), ToolMessage("ok", call.id), tools=[WEATHER])
    )
    blocks = body["messages"][1]["content"]
    assert json.dumps(blocks) == json.dumps(BY_NAME["m3_tool_use"].body["content"])
    assert blocks[0]["signature"] == wire.thinking_signature(REASONING)


def _history_with(msg: AssistantMessage) -> list[dict[str, Any]]:
    content: list[dict[str, Any]] = body_for(req(UserMessage("q"), msg, UserMessage("next")))[
        "messages"
    ][1]["content"]
    return content


def test_edited_answer_is_rebuilt_keeping_signed_thinking() -> None:
    msg = parse_body("m3_text_signed", req()).to_assistant_message()
    msg.content = "fifty-six"
    signed = BY_NAME["m3_text_signed"].body["content"][0]
    assert _history_with(msg) == [signed, {"type": "text", "text": "fifty-six"}]


def test_edited_reasoning_goes_back_unsigned() -> None:
    msg = parse_body("m3_text_signed", req()).to_assistant_message()
    msg.reasoning = "redacted"
    assert _history_with(msg) == [
        {"type": "thinking", "thinking": "redacted"},
        {"type": "text", "text": "56"},
    ]


def test_edited_tool_arguments_are_sent_as_edited() -> None:
    msg = parse_body("m3_tool_use", req(tools=[WEATHER])).to_assistant_message()
    msg.tool_calls[0].arguments = {"location": "Paris"}
    blocks = body_for(req(UserMessage("q"), msg, ToolMessage("r", msg.tool_calls[0].id)))[
        "messages"
    ][1]["content"]
    assert blocks[0]["signature"]  # reasoning unchanged: the signed block stays
    assert blocks[1]["input"] == {"location": "Paris"}


def test_messages_turn_sent_on_the_chat_dialect_goes_inline_without_signature() -> None:
    from minimax_transport.request_builder import build_request_body

    msg = parse_body("m3_tool_use", req(tools=[WEATHER])).to_assistant_message()
    chat = ChatRequest(
        "MiniMax-M3", [UserMessage("q"), msg, ToolMessage("r", msg.tool_calls[0].id)]
    )
    sent = build_request_body(
        chat, resolve_model("MiniMax-M3"), get_preset("minimax"), stream=False
    )
    turn = sent["messages"][1]
    assert turn["content"] == f"<think>\n{REASONING}\n</think>\n\n"
    assert turn["tool_calls"][0]["function"]["name"] == "get_weather"
    assert "signature" not in json.dumps(sent) and "blocks" not in turn


def test_chat_dialect_and_hand_built_turns_become_blocks() -> None:
    chat_turn = AssistantMessage(
        "56",
        reasoning="7*8",
        replay={"content": "<think>\n7*8\n</think>\n\n56"},
    )
    assert _history_with(chat_turn) == [
        {"type": "thinking", "thinking": "7*8"},
        {"type": "text", "text": "56"},
    ]
    assert _history_with(AssistantMessage("plain")) == [{"type": "text", "text": "plain"}]


def test_no_warning_on_plain_requests() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        body_for(req(SystemMessage("s"), UserMessage("u"), tools=[WEATHER], tool_choice="auto"))


def test_reasoning_effort_maps_to_output_config_only_where_the_catalog_has_levels() -> None:
    """The decision is the chat dialect's (controls.py); only its wire form differs."""
    high = req(
        model="MiniMax-M3.1-Flash",
        extra_body={"reasoning_effort": "high", "output_config": {"display": "full"}},
    )
    body = body_for(high)
    assert body["output_config"] == {"display": "full", "effort": "high"}
    assert "reasoning_effort" not in body
    m3 = req(extra_body={"reasoning_effort": "high", "output_config": {"display": "full"}})
    with pytest.warns(ModelControlWarning, match="no reasoning-effort control"):
        plain = body_for(m3)
    assert plain["output_config"] == {"display": "full"} and "reasoning_effort" not in plain
    with pytest.raises(ModelControlError, match="extreme"):
        body_for(req(model="MiniMax-M3.1-Flash", reasoning_effort="extreme"))


def test_several_thinking_blocks_read_as_paragraphs() -> None:
    blocks = [
        {"type": "thinking", "thinking": "first", "signature": "s1"},
        {"type": "text", "text": "a"},
        {"type": "thinking", "thinking": "second", "signature": "s2"},
        {"type": "text", "text": "b"},
    ]
    body = {"type": "message", "content": blocks, "stop_reason": "end_turn"}
    whole = parse_message(body, req(), resolve_model("MiniMax-M3"), PRESET)
    assert (whole.reasoning, whole.content, whole.reasoning_signature) == (
        "first\n\nsecond",
        "ab",
        "s2",
    )
    events: list[tuple[str, dict[str, Any]]] = []
    for i, b in enumerate(blocks):
        start = {**b, "thinking": ""} if b["type"] == "thinking" else {**b, "text": ""}
        start.pop("signature", None)
        events.append(
            (
                "content_block_start",
                {"type": "content_block_start", "index": i, "content_block": start},
            )
        )
        if b["type"] == "thinking":
            events.append(_delta(i, type="thinking_delta", thinking=b["thinking"]))
            events.append(_delta(i, type="signature_delta", signature=b["signature"]))
        else:
            events.append(_delta(i, type="text_delta", text=b["text"]))
    streamed, evs = parse_sse(_events(*events, _stop("end_turn")), req())
    assert streamed.reasoning == whole.reasoning
    assert "".join(e.text for e in evs if isinstance(e, ReasoningDelta)) == whole.reasoning
    assert streamed.replay["blocks"] == blocks
    # Replayed verbatim: both signed blocks, in place.
    sent = body_for(req(UserMessage("q"), streamed.to_assistant_message(), UserMessage("n")))
    assert sent["messages"][1]["content"] == blocks
