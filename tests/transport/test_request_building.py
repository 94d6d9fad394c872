"""Request-building rules (docs/wire-format.md 'One system message'–'Requesting split reasoning', 'Replay and interleaved thinking', 'History validation', auth), asserted on the body from ``build_body`` and on
the request actually sent (``httpx.MockTransport``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from minimax_transport import (
    AssistantMessage,
    ChatRequest,
    InvalidRequestError,
    MissingAPIKeyError,
    SystemMessage,
    TextDelta,
    ToolCall,
    ToolChoiceNotHonouredError,
    ToolMessage,
    ToolSpec,
    UserMessage,
)
from minimax_transport.catalog import resolve_model
from minimax_transport.presets import get_preset
from minimax_transport.replay import received_record
from minimax_transport.request_builder import build_request_body

from .cassette_specs import A11_RAW, WEATHER
from .mock_http import Recorder, answer, mock_client, sse_events, sse_reply, tool_call

OFFICIAL = "https://api.minimax.io/v1"
HOSTS = {
    "minimax": "https://api.minimax.io/v1",
    "minimax-cn": "https://api.minimaxi.com/v1",
    "aimlapi": "https://api.aimlapi.com/v1",
    "llmprovider": "https://platform.llmprovider.ai/v1",
    "openrouter": "https://openrouter.ai/api/v1",
    "openai-compatible": "http://127.0.0.1:8000/v1",
}


def body_for(
    request: ChatRequest,
    *,
    base_url: str = OFFICIAL,
    stream: bool = False,
    reply: Any = None,
    **client_kwargs: Any,
) -> dict[str, Any]:
    """The body as built AND as sent: both must agree."""
    if reply is None:
        reply = sse_reply(sse_events({"content": "ok"})) if stream else answer("ok")
    rec = Recorder(reply)
    client = mock_client(rec, base_url=base_url, **client_kwargs)
    built = client.build_body(request, stream=stream)
    if stream:
        list(client.stream(request))
    else:
        client.complete(request)
    sent = rec.body()
    assert sent == built
    assert list(sent) == list(built)  # same key order too
    return sent


def hi(model: str = "MiniMax-M2.7", **kw: Any) -> ChatRequest:
    return ChatRequest(model, [UserMessage("hi")], **kw)


# ------------------------------------------------------------------ docs/wire-format.md 'One system message'
def test_r2_system_messages_merged_into_one_leading_message() -> None:
    req = ChatRequest(
        "MiniMax-M2.7",
        [
            SystemMessage("You are terse."),
            UserMessage("hi"),
            SystemMessage("Answer in French."),
            AssistantMessage("salut"),
            UserMessage("ça va?"),
        ],
    )
    body = body_for(req)
    assert body["messages"] == [
        {"role": "system", "content": "You are terse.\n\nAnswer in French."},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "salut"},
        {"role": "user", "content": "ça va?"},
    ]
    assert [m["role"] for m in body["messages"]].count("system") == 1


def test_r2_no_system_message_when_none_given() -> None:
    assert body_for(hi())["messages"] == [{"role": "user", "content": "hi"}]


# ------------------------------------------------------------------ docs/wire-format.md 'Sampling parameters' temperature / top_p
@pytest.mark.parametrize(
    ("model", "given", "sent"),
    [
        ("MiniMax-M2.7", 0, 0.01),
        ("MiniMax-M2.7", 0.0, 0.01),
        ("MiniMax-M2.7", -1, 0.01),
        ("MiniMax-M2.7", 0.7, 0.7),
        ("MiniMax-M2.7", 1.0, 1.0),
        ("MiniMax-M2.7", 1.5, 1.0),
        ("MiniMax-M2.1", 0, 0.01),
        ("MiniMax-M1", 0, 0.01),
        ("abab6.5s-chat", 2, 1.0),
        ("MiniMax-M3", 0, 0.0),
        ("MiniMax-M3", 1.7, 1.7),
        ("MiniMax-M3", 2.5, 2.0),
    ],
)
def test_r3_temperature_mapped_into_family_range(model: str, given: float, sent: float) -> None:
    assert body_for(hi(model, temperature=given))["temperature"] == sent


def test_r3_top_p_mapped_and_absent_when_unset() -> None:
    assert body_for(hi(top_p=0))["top_p"] == 0.01
    assert body_for(hi(top_p=1.4))["top_p"] == 1.0
    body = body_for(hi())
    assert "temperature" not in body and "top_p" not in body


@pytest.mark.parametrize(
    "param",
    [
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "functions",
        "function_call",
        "parallel_tool_calls",
        "n",
    ],
)
def test_r3_ignored_params_dropped_on_official_even_via_extra_body(param: str) -> None:
    req = hi(extra_body={param: 0.5, "mask_sensitive_info": True})
    for preset in ("minimax", "minimax-cn"):
        body = body_for(req, base_url=HOSTS[preset])
        assert param not in body
        assert body["mask_sensitive_info"] is True  # other extra_body fields pass through


def test_r3_params_kept_where_the_host_accepts_them() -> None:
    req = hi(extra_body={"presence_penalty": 0.5, "frequency_penalty": 0.1})
    for preset in ("aimlapi", "llmprovider", "openai-compatible"):
        body = body_for(req, base_url=HOSTS[preset])
        assert body["presence_penalty"] == 0.5 and body["frequency_penalty"] == 0.1


def test_r3_parallel_tool_calls_dropped_on_official_and_llmprovider() -> None:
    req = hi(tools=[WEATHER], parallel_tool_calls=True)
    assert "parallel_tool_calls" not in body_for(req)
    assert "parallel_tool_calls" not in body_for(req, base_url=HOSTS["llmprovider"])
    assert body_for(req, base_url=HOSTS["aimlapi"])["parallel_tool_calls"] is True


@pytest.mark.parametrize("mode", ["complete", "stream", "acomplete", "astream"])
async def test_n_greater_than_one_refused_before_any_request(mode: str) -> None:
    rec = Recorder(answer("x"))
    client = mock_client(rec)
    with pytest.raises(InvalidRequestError, match="n=1"):
        await _call(client, hi(n=2), mode)
    assert rec.count == 0
    assert body_for(hi(n=1))["messages"]  # n=1 is fine (and not sent)
    assert "n" not in body_for(hi(n=1))


async def test_empty_message_list_refused_before_any_request() -> None:
    rec = Recorder(answer("x"))
    client = mock_client(rec)
    with pytest.raises(InvalidRequestError, match="empty"):
        client.complete(ChatRequest("MiniMax-M2.7", []))
    with pytest.raises(InvalidRequestError):
        await client.acomplete(ChatRequest("MiniMax-M2.7", []))
    assert rec.count == 0


# ------------------------------------------------------------------ docs/wire-format.md 'Output budget' max tokens
@pytest.mark.parametrize(
    ("preset", "param"),
    [
        ("minimax", "max_completion_tokens"),
        ("minimax-cn", "max_completion_tokens"),
        ("aimlapi", "max_tokens"),
        ("llmprovider", "max_tokens"),
        ("openrouter", "max_tokens"),
        ("openai-compatible", "max_tokens"),
    ],
)
def test_r4_max_tokens_param_per_preset_with_catalog_default(preset: str, param: str) -> None:
    other = {"max_tokens", "max_completion_tokens"} - {param}
    for model in ("MiniMax-M2.7", "MiniMax-M3", "MiniMax-M1", "abab5.5-chat"):
        body = body_for(hi(model), base_url=HOSTS[preset])
        assert body[param] == resolve_model(model).default_max_tokens
        assert not other & set(body)
    assert body_for(hi(max_tokens=777), base_url=HOSTS[preset])[param] == 777


def test_r4_default_budget_is_generous_for_reasoning_models() -> None:
    assert resolve_model("MiniMax-M2.7").default_max_tokens >= 8192
    assert resolve_model("MiniMax-M3").default_max_tokens >= 8192


# ------------------------------------------------------------------ stream_options
@pytest.mark.parametrize(
    "preset", ["minimax", "minimax-cn", "aimlapi", "openrouter", "openai-compatible"]
)
def test_stream_options_include_usage_on_streams(preset: str) -> None:
    body = body_for(hi(), base_url=HOSTS[preset], stream=True)
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    non_stream = body_for(hi(), base_url=HOSTS[preset])
    assert "stream" not in non_stream and "stream_options" not in non_stream


def test_stream_options_not_sent_to_llmprovider() -> None:
    body = body_for(hi("abab5.5-chat"), base_url=HOSTS["llmprovider"], stream=True)
    assert body["stream"] is True and "stream_options" not in body


# ------------------------------------------------------------------ docs/wire-format.md 'Requesting split reasoning' reasoning_split
def test_r7_reasoning_split_default_on_official_m2x_only() -> None:
    for model in (
        "MiniMax-M2",
        "MiniMax-M2.1",
        "MiniMax-M2.5-highspeed",
        "MiniMax-M2.7",
        "MiniMax-M3",
    ):
        assert body_for(hi(model))["reasoning_split"] is True
        assert body_for(hi(model), base_url=HOSTS["minimax-cn"])["reasoning_split"] is True
    for model in ("MiniMax-M1", "MiniMax-Text-01", "abab6.5s-chat"):
        assert "reasoning_split" not in body_for(hi(model))
    for preset in ("aimlapi", "llmprovider", "openrouter", "openai-compatible"):
        assert "reasoning_split" not in body_for(hi(), base_url=HOSTS[preset])


def test_r7_reasoning_split_overridable() -> None:
    assert body_for(hi(reasoning_split=False))["reasoning_split"] is False
    assert body_for(hi(reasoning_split=True), base_url=HOSTS["aimlapi"])["reasoning_split"] is True
    assert body_for(hi(extra_body={"reasoning_split": False}))["reasoning_split"] is False


# ------------------------------------------------------------------ docs/wire-format.md 'Tool definitions' tools
def test_r6_never_an_empty_tools_list() -> None:
    for tools in (None, []):
        body = body_for(hi(tools=tools, tool_choice="auto"))
        assert "tools" not in body and "tool_choice" not in body


def test_r6_tool_schema_always_complete_and_order_kept() -> None:
    props = {"zeta": {"type": "string"}, "alpha": {"type": "integer"}, "mid": {"type": "boolean"}}
    tools = [
        ToolSpec("no_params"),
        ToolSpec("object_without_properties", "d", {"type": "object"}),
        ToolSpec(
            "ordered",
            "Ordered props.",
            {"type": "object", "properties": props, "required": ["zeta"]},
        ),
    ]
    body = body_for(hi(tools=tools))
    fns = [t["function"] for t in body["tools"]]
    assert all(t["type"] == "function" for t in body["tools"])
    assert fns[0] == {
        "name": "no_params",
        "description": "",
        "parameters": {"type": "object", "properties": {}},
    }
    assert fns[1]["parameters"] == {"type": "object", "properties": {}}
    assert list(fns[2]["parameters"]["properties"]) == ["zeta", "alpha", "mid"]
    assert fns[2]["description"] == "Ordered props."


def test_r6_property_order_kept_in_the_bytes_sent() -> None:
    rec = Recorder(answer("ok"))
    props = {"zeta": {"type": "string"}, "alpha": {"type": "string"}}
    mock_client(rec).complete(
        hi(tools=[ToolSpec("t", "d", {"type": "object", "properties": props})])
    )
    raw = rec.requests[0].content.decode()
    assert raw.index('"zeta"') < raw.index('"alpha"')


def test_tool_without_name_refused() -> None:
    with pytest.raises(InvalidRequestError):
        body_for(hi(tools=[ToolSpec("")]))


# ------------------------------------------------------------------ docs/wire-format.md 'tool_choice and forcing emulation' tool_choice
def test_r5_auto_and_none_passed_through() -> None:
    for choice in ("auto", "none"):
        body = body_for(hi(tools=[WEATHER], tool_choice=choice))
        assert body["tool_choice"] == choice
        assert body["messages"] == [{"role": "user", "content": "hi"}]


GLOBE = ToolSpec(
    "get_time", "Time in a city.", {"type": "object", "properties": {"city": {"type": "string"}}}
)


def test_r5_required_emulated_on_m2x() -> None:
    rec = Recorder(
        answer(
            "",
            tool_calls=[tool_call("get_weather", '{"location": "Paris"}')],
            finish_reason="tool_calls",
        )
    )
    client = mock_client(rec)
    result = client.complete(hi(tools=[WEATHER, GLOBE], tool_choice="required"))
    assert rec.count == 1 and result.tool_calls[0].name == "get_weather"
    body = rec.body()
    assert "tool_choice" not in body
    assert [t["function"]["name"] for t in body["tools"]] == ["get_weather", "get_time"]
    assert body["messages"][0]["role"] == "system"
    assert "Tool use is required" in body["messages"][0]["content"]


def test_r5_named_choice_emulated_on_m2x_sends_only_that_tool() -> None:
    req = ChatRequest(
        "MiniMax-M2.7",
        [SystemMessage("Be brief."), UserMessage("time in Paris")],
        tools=[WEATHER, GLOBE],
        tool_choice="get_time",
    )
    body = body_for(req, reply=answer("", tool_calls=[tool_call("get_time", '{"city": "Paris"}')]))
    assert "tool_choice" not in body
    assert [t["function"]["name"] for t in body["tools"]] == ["get_time"]
    system = body["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("Be brief.\n\n")
    assert "`get_time`" in system["content"]


def test_r5_forcing_sent_natively_when_the_family_honours_it() -> None:
    over = {"tool_choice_forcing": True}
    body = body_for(hi(tools=[WEATHER, GLOBE], tool_choice="get_time"), model_overrides=over)
    assert body["tool_choice"] == {"type": "function", "function": {"name": "get_time"}}
    assert len(body["tools"]) == 2
    body = body_for(hi(tools=[WEATHER], tool_choice="required"), model_overrides=over)
    assert body["tool_choice"] == "required"


def test_r5_named_choice_must_be_a_given_tool() -> None:
    with pytest.raises(InvalidRequestError, match="not among the tools"):
        body_for(hi(tools=[WEATHER], tool_choice="nope"))


@pytest.mark.parametrize("mode", ["complete", "acomplete"])
async def test_r5_not_honoured_after_one_retry_raises(mode: str) -> None:
    rec = Recorder(answer("Sunny, probably."))
    client = mock_client(rec)
    req = hi(tools=[WEATHER, GLOBE], tool_choice="get_weather")
    with pytest.raises(ToolChoiceNotHonouredError):
        await _call(client, req, mode)
    assert rec.count == 2  # the request, then exactly one re-ask
    first, second = rec.bodies()
    assert second["messages"][:-1] == first["messages"]
    assert second["messages"][-1]["role"] == "user"
    assert "did not call a tool" in second["messages"][-1]["content"]
    assert [t["function"]["name"] for t in second["tools"]] == ["get_weather"]


async def test_r5_retry_that_calls_the_tool_succeeds() -> None:
    rec = Recorder(
        answer("Let me think."),
        answer("", tool_calls=[tool_call("get_weather", '{"location": "Oslo"}')]),
    )
    result = await mock_client(rec).acomplete(hi(tools=[WEATHER], tool_choice="required"))
    assert rec.count == 2
    assert result.tool_calls[0].arguments == {"location": "Oslo"}


def test_r5_stream_without_forced_call_raises_after_the_stream() -> None:
    rec = Recorder(sse_reply(sse_events({"content": "No tools today."})))
    events = []
    with pytest.raises(ToolChoiceNotHonouredError):
        for e in mock_client(rec).stream(hi(tools=[WEATHER], tool_choice="required")):
            events.append(e)
    assert rec.count == 1
    assert any(isinstance(e, TextDelta) for e in events)


# ------------------------------------------------------------------ stop (client-side)
def test_stop_not_sent_to_m2x_and_enforced_non_stream() -> None:
    rec = Recorder(answer("<think>\nplan\n</think>\n\nHello STOP world", finish_reason="length"))
    result = mock_client(rec).complete(hi(stop=["STOP"]))
    assert "stop" not in rec.body()
    assert result.content == "Hello "  # cut exactly at the stop sequence
    assert result.finish_reason == "stop"
    assert result.reasoning == "plan"


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_stop_enforced_in_streams_across_chunks(mode: str) -> None:
    body = sse_events(
        {"content": "<think>\nplan\n</think>\n\nHel"},
        {"content": "lo EN"},
        {"content": "D and more"},
        {"content": " text"},
        finish="length",
    )
    rec = Recorder(sse_reply([body[:50], body[50:120], body[120:]]))
    result, events = await _call(mock_client(rec), hi(stop=["END"]), mode)
    assert "stop" not in rec.body()
    assert result.content == "Hello "
    assert result.finish_reason == "stop"
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "Hello "


def test_stop_sent_to_families_that_honour_it() -> None:
    assert body_for(hi("MiniMax-M1", stop=["END"]))["stop"] == ["END"]
    assert "stop" not in body_for(hi("MiniMax-M3", stop=["END"]))


# ------------------------------------------------------------------ docs/wire-format.md 'Replay and interleaved thinking' replay
def test_r9_replay_payload_sent_verbatim() -> None:
    details = [
        {
            "type": "reasoning.text",
            "id": "reasoning-text-1",
            "format": "MiniMax-response-v1",
            "index": 0,
            "text": "Think…",
        }
    ]
    raw_calls = [
        {
            "id": "call_function_1_1",
            "type": "function",
            "index": 0,
            "function": {"name": "get_weather", "arguments": '{"location":  "Rome"}'},
        }
    ]
    calls = [
        ToolCall("call_function_1_1", "get_weather", {"location": "Rome"}, '{"location":  "Rome"}')
    ]
    msg = AssistantMessage(
        content="",
        reasoning="Think…",
        tool_calls=calls,
        replay={
            "content": "\n",
            "reasoning_details": details,
            "tool_calls": raw_calls,
            **received_record("", "Think…", calls),
        },
    )
    req = ChatRequest(
        "MiniMax-M2.1",
        [UserMessage("weather?"), msg, ToolMessage("20℃", "call_function_1_1")],
        tools=[WEATHER],
    )
    assistant = body_for(req)["messages"][1]
    assert assistant == {
        "role": "assistant",
        "content": "\n",
        "reasoning_details": details,
        "tool_calls": raw_calls,
    }


def test_r9_inline_raw_content_byte_exact() -> None:
    raw = '<think>\n\nThe user just says "Hello"\n\n</think>\n\n\nHello!  '
    record = received_record("Hello!", 'The user just says "Hello"', [])
    msg = AssistantMessage(
        content="Hello!", reasoning='The user just says "Hello"', replay={"content": raw, **record}
    )
    req = ChatRequest("MiniMax-M2.7", [UserMessage("Hello"), msg, UserMessage("again")])
    rec = Recorder(answer("ok"))
    mock_client(rec).complete(req)
    assert rec.body()["messages"][1]["content"] == raw
    assert json.dumps(raw, ensure_ascii=False).encode() in rec.requests[0].content


def test_r9_hand_built_reasoning_rebuilt_in_canonical_inline_form() -> None:
    msg = AssistantMessage(content="Paris.", reasoning="Capital of France.")
    req = ChatRequest("MiniMax-M2.7", [UserMessage("Capital?"), msg, UserMessage("Sure?")])
    assert body_for(req)["messages"][1] == {
        "role": "assistant",
        "content": "<think>\nCapital of France.\n</think>\n\nParis.",
    }


def test_r9_hand_built_tool_call_serialised() -> None:
    msg = AssistantMessage(tool_calls=[ToolCall("c1", "get_weather", {"location": "Rome"})])
    req = ChatRequest(
        "MiniMax-M2.7", [UserMessage("w?"), msg, ToolMessage("sun", "c1")], tools=[WEATHER]
    )
    wire = body_for(req)["messages"][1]
    assert wire["tool_calls"] == [
        {
            "id": "c1",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"location": "Rome"}'},
        }
    ]


def test_r9_replay_of_markup_tool_calls_from_self_hosted() -> None:
    """docs/wire-format.md 'Example: self-hosted output with raw XML tool call': a turn whose tool call came from content markup replays the raw content."""
    info, preset = resolve_model("MiniMaxAI/MiniMax-M2.5"), get_preset("openai-compatible")
    calls = [ToolCall("call_x_1", "get_weather", {"location": "San Francisco"})]
    msg = AssistantMessage(
        content="",
        reasoning="…reasoning…",
        tool_calls=calls,
        replay={"content": "<think>" + A11_RAW, **received_record("", "…reasoning…", calls)},
    )
    req = ChatRequest(
        "MiniMaxAI/MiniMax-M2.5", [UserMessage("w?"), msg, ToolMessage("18℃", "call_x_1")]
    )
    body = build_request_body(req, info, preset, stream=False)
    assert body["messages"][1]["content"] == "<think>" + A11_RAW


# ------------------------------------------------------------------ docs/wire-format.md 'History validation' history validation
@pytest.mark.parametrize(
    "messages",
    [
        [UserMessage("hi"), ToolMessage("orphan", "call_1")],
        [UserMessage("hi"), AssistantMessage("no calls"), ToolMessage("orphan", "call_1")],
        [
            UserMessage("hi"),
            AssistantMessage(tool_calls=[ToolCall("call_1", "get_weather", {})]),
            ToolMessage("wrong id", "call_2"),
        ],
        [
            UserMessage("hi"),
            AssistantMessage(tool_calls=[ToolCall("call_1", "get_weather", {})]),
            UserMessage("interleaved"),
            ToolMessage("late", "call_1"),
        ],
        [
            UserMessage("hi"),
            AssistantMessage(tool_calls=[ToolCall("call_1", "get_weather", {}, '{"a": ')]),
            ToolMessage("r", "call_1"),
        ],
        [
            UserMessage("hi"),
            AssistantMessage(tool_calls=[ToolCall("call_1", "get_weather", {}, "[1, 2]")]),
            ToolMessage("r", "call_1"),
        ],
        [UserMessage("hi"), ToolMessage("no id", "")],
    ],
    ids=[
        "tool-first",
        "no-calls",
        "wrong-id",
        "user-between",
        "bad-json",
        "non-object",
        "empty-id",
    ],
)
@pytest.mark.parametrize("mode", ["complete", "stream", "acomplete", "astream"])
async def test_r16_bad_history_refused_before_any_request(messages: list[Any], mode: str) -> None:
    rec = Recorder(answer("x"))
    with pytest.raises(InvalidRequestError):
        await _call(mock_client(rec), ChatRequest("MiniMax-M2.7", messages, tools=[WEATHER]), mode)
    assert rec.count == 0


def test_r16_valid_parallel_tool_history_accepted() -> None:
    calls = [
        ToolCall("c1", "get_weather", {"location": "A"}, '{"location": "A"}'),
        ToolCall("c2", "get_weather", {"location": "B"}, '{"location": "B"}'),
    ]
    req = ChatRequest(
        "MiniMax-M2.7",
        [
            UserMessage("A and B?"),
            AssistantMessage(tool_calls=calls),
            ToolMessage("a", "c1"),
            ToolMessage("b", "c2"),
        ],
        tools=[WEATHER],
    )
    body = body_for(req)
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "tool", "tool"]
    assert body["messages"][3] == {"role": "tool", "tool_call_id": "c2", "content": "b"}


# ------------------------------------------------------------------ auth
def test_authorization_bearer_and_no_group_id() -> None:
    rec = Recorder(answer("ok"))
    mock_client(rec, api_key="sk-live-abc").complete(hi())
    sent = rec.requests[0]
    assert sent.headers["authorization"] == "Bearer sk-live-abc"
    assert str(sent.url) == "https://api.minimax.io/v1/chat/completions"
    assert "groupid" not in str(sent.url).lower()
    assert not any("group" in k.lower() for k in sent.headers)
    assert "group" not in sent.content.decode().lower()


@pytest.mark.parametrize("mode", ["complete", "stream", "acomplete", "astream"])
async def test_missing_key_raised_at_first_request_not_construction(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MINIMAX_API_KEY", raising=False)
    rec = Recorder(answer("x"))
    client = mock_client(rec, api_key=None)  # no error here
    assert client.api_key is None
    with pytest.raises(MissingAPIKeyError, match="MINIMAX_API_KEY"):
        await _call(client, hi(), mode)
    assert rec.count == 0


def test_key_from_env_and_never_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIMAX_API_KEY", "sk-from-env-999")
    rec = Recorder(answer("ok"))
    client = mock_client(rec, api_key=None)
    client.complete(hi())
    assert rec.requests[0].headers["authorization"] == "Bearer sk-from-env-999"
    assert "sk-from-env-999" not in repr(client)


# ------------------------------------------------------------------ helpers
async def _call(client: Any, request: ChatRequest, mode: str) -> Any:
    from .conftest import run

    return await run(client, request, mode)
