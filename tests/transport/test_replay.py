"""Replay every success cassette (docs/wire-format.md 'Captured examples', 'Streamed tool-call shapes', seeds) through complete/acomplete or
stream/astream and check the neutral result field by field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from minimax_transport import (
    AssistantMessage,
    ChatRequest,
    ChatResult,
    ToolMessage,
    Usage,
    UserMessage,
)
from minimax_transport.catalog import resolve_model
from minimax_transport.presets import get_preset
from minimax_transport.response_parser import parse_completion
from minimax_transport.types import RECEIVED_KEY

from .cassette_specs import (
    A5_CJK_LINES,
    A5_LINES,
    A11_RAW,
    REPLAY,
    SPECS,
    CassetteSpec,
    capture,
    capture_json,
    specs_for,
)
from .conftest import NONSTREAM_MODES, STREAM_MODES, run


def _inline_split(raw: str) -> tuple[str, str]:
    """(reasoning, answer) of a canonical inline ``<think>…</think>answer`` text."""
    head, answer = raw.split("</think>", 1)
    return head.split("<think>", 1)[1].strip(), answer.strip()


def _joined_content(lines: list[str]) -> str:
    out = []
    for ln in lines:
        for c in json.loads(ln).get("choices") or []:
            out.append((c.get("delta") or {}).get("content") or "")
    return "".join(out)


def _message(name: str) -> dict[str, Any]:
    return capture_json(name)["choices"][0]["message"]


A1_REASONING, _ = _inline_split(_message("a1_inline_think.json")["content"])
A5_REASONING, A5_ANSWER = _inline_split(_joined_content(A5_LINES))
A5_CJK_REASONING, A5_CJK_ANSWER = _inline_split(_joined_content(A5_CJK_LINES))
SEED_M27_REASONING, SEED_M27_ANSWER = _inline_split(
    _message("seed_aimlapi_minimax_m2_7_20260402.json")["content"]
)
WEATHER_ARGS = {"location": "San Francisco, US"}
WEATHER_RAW = '{"location": "San Francisco, US"}'

#: What each cassette must parse to. ``tool_calls`` = (id or None for generated, name, args, raw).
EXPECTED: dict[str, dict[str, Any]] = {
    "a1_nonstream_inline_think_m27_highspeed": dict(
        content="56",
        reasoning=A1_REASONING,
        finish_reason="stop",
        usage=Usage(55, 61, 116, 60, None),
        model="MiniMax-M2.7-highspeed",
        id="06407ea121ddc267a22ca62c3e0a6997",
        tool_calls=[],
    ),
    "a2_nonstream_tool_call_inline_think_m21": dict(
        content="",
        reasoning="Alright, the user is asking about the weather in San Francisco. … So I'll "
        "proceed with making the tool call to get_weather with the location parameter.",
        finish_reason="tool_calls",
        usage=Usage(222, 338, 560, None, None),
        model="MiniMax-M2.1",
        id="055b7928a143b2d21ad6b2bab2c8f8b2",
        tool_calls=[("call_function_1202729600_1", "get_weather", WEATHER_ARGS, WEATHER_RAW)],
    ),
    "a3_nonstream_tool_call_split_reasoning_details_m21": dict(
        content="",
        reasoning=_message("a3_tool_call_split.json")["reasoning_details"][0]["text"],
        finish_reason="tool_calls",
        usage=Usage(203, 357, 560, None, None),
        model="MiniMax-M2.1",
        id="05566b8d51ded3a3016d6cc100685cad",
        tool_calls=[("call_function_2831178524_1", "get_weather", WEATHER_ARGS, WEATHER_RAW)],
    ),
    "m3_nonstream_split_reasoning_content_and_details": dict(
        content="**40 km/h**\n\nTotal distance: 120 km ... ",  # trailing space as sent
        # docs/wire-format.md 'Reasoning formats': reasoning_content is read first (the details text is a shorter rendering here).
        reasoning="Average speed = total distance / total time ...",
        finish_reason="stop",
        usage=Usage(40, 140, 180, 90, None),
        model="MiniMax-M3",
        id="0650m3split0000000000000000000000",
        tool_calls=[],
    ),
    "a5_stream_inline_think_trailing_usage_m27": dict(
        content=A5_ANSWER,
        reasoning=A5_REASONING,
        finish_reason="stop",
        usage=Usage(767, 172, 939, 25, 443),
        model="MiniMax-M2.7",
        id="06fb6b59859725e9e95103a455583ff8",
        tool_calls=[],
    ),
    "a5_variant_stream_cjk_emoji_multibyte": dict(
        content=A5_CJK_ANSWER,
        reasoning=A5_CJK_REASONING,
        finish_reason="stop",
        usage=Usage(767, 172, 939, 25, 443),
        model="MiniMax-M2.7",
        id="06fb6b59859725e9e95103a455583ff8",
        tool_calls=[],
    ),
    "a6_stream_filler_chunk_and_same_index_tool_calls": dict(
        content="",
        reasoning=None,
        finish_reason="tool_calls",
        usage=None,  # only a zero usage object was sent: ignored
        model=None,
        id=None,
        tool_calls=[
            (
                "call_function_aaa",
                "bash",
                {"description": "list repo", "command": "ls -la"},
                '{"description": "list repo", "command": "ls -la"}',
            ),
            ("call_function_bbb", "glob", {"pattern": "**/*.go"}, '{"pattern": "**/*.go"}'),
        ],
    ),
    "s44_stream_whole_tool_call_on_finish_chunk": dict(
        content="",
        reasoning="The user wants the provider file. I'll read it.",
        finish_reason="tool_calls",
        usage=None,
        model="MiniMax-M2.7",
        id="06606d99",
        tool_calls=[
            (
                "call_function_jpaq2z2bgfh7_2",
                "read_file",
                {"paths": ["src/providers/minimax.rs"]},
                '{"paths": ["src/providers/minimax.rs"]}',
            )
        ],
    ),
    "s44_stream_tool_call_fragments_id_first_only_finish_tool_call": dict(
        content="",
        reasoning=None,
        finish_reason="tool_calls",  # the singular "tool_call" is normalised
        usage=Usage(400, 20, 420, None, None),
        model="MiniMax-M2.7",
        id="06606d9933ccdc19dddfa3af953a03d3",
        tool_calls=[
            (
                "call_function_jpaq2z2bgfh7_1",
                "grep",
                {"pattern": "StreamEvent||event::"},
                '{"pattern": "StreamEvent||event::"}',
            )
        ],
    ),
    "s44_stream_tool_call_arguments_as_object": dict(
        content="",
        reasoning=None,
        finish_reason="tool_calls",
        usage=None,
        model="MiniMax-M2.7",
        id="0660object",
        tool_calls=[("call_function_obj_1", "get_weather", WEATHER_ARGS, WEATHER_RAW)],
    ),
    "a7_nonstream_v2_m1_reasoning_content": dict(
        content="Hello! How can I assist you?",
        reasoning="...omitted",
        finish_reason="stop",
        usage=Usage(26, 223, 249, 214, None),
        model="MiniMax-M1",
        id="04ecb5d9b1921ae0fb0e8da9017a5474",
        tool_calls=[],
    ),
    "a8_stream_v2_trailing_full_message_m1": dict(
        content="OkayHello! How can I assist you today?",  # not doubled by the final message
        reasoning=None,
        finish_reason="stop",
        usage=Usage(0, 0, 73, None, None),
        model="MiniMax-M1",
        id="02ff7eb7fe6fb505b9d5cb6945a1a98b",
        tool_calls=[],
    ),
    "a9_stream_m27_openapi_example_hello": dict(
        content="Hello! How can I help you today?",
        reasoning='The user says "Hello". I should respond politely, greet them, and ask how I '
        "can help.",
        finish_reason="stop",
        usage=None,
        model="MiniMax-M2.7",
        id="0637a0697354164d5c9d79cd97b388c8",
        tool_calls=[],
    ),
    "a11_nonstream_vllm_append_think_raw_xml_tool_call": dict(
        content="",
        reasoning="…reasoning…",
        finish_reason="tool_calls",
        usage=Usage(120, 48, 168, None, None),
        model="MiniMaxAI/MiniMax-M2.5",
        id="chatcmpl-a11vllmrawxml",
        tool_calls=[
            (
                None,
                "get_weather",
                {"location": "San Francisco", "unit": "celsius"},
                '{"location": "San Francisco", "unit": "celsius"}',
            )
        ],
    ),
    "a11_stream_vllm_no_reasoning_parser_raw_xml_tool_call": dict(
        content="",
        reasoning="…reasoning…",
        finish_reason="tool_calls",
        usage=None,
        model="MiniMaxAI/MiniMax-M2.5",
        id="chatcmpl-a11raw",
        tool_calls=[
            (
                None,
                "get_weather",
                {"location": "San Francisco", "unit": "celsius"},
                '{"location": "San Francisco", "unit": "celsius"}',
            )
        ],
    ),
    "a11_m1_nonstream_self_hosted_tool_calls_json_lines": dict(
        content="",
        reasoning="The user wants the weather in San Francisco. I should call get_weather.",
        finish_reason="tool_calls",
        usage=Usage(90, 40, 130, None, None),
        model="MiniMaxAI/MiniMax-M1-80k",
        id="chatcmpl-m1toolcalls",
        tool_calls=[(None, "get_weather", WEATHER_ARGS, WEATHER_RAW)],
    ),
    "seed_aimlapi_minimax_m2_7_20260402": dict(
        content=SEED_M27_ANSWER,
        reasoning=SEED_M27_REASONING,
        finish_reason="stop",
        usage=Usage(50, 617, 667, 373, 0),  # cached_tokens: 0 was sent
        model="MiniMax-M2.7",
        id="061e124f421132818a05794a3cf7d8c4",
        tool_calls=[],
    ),
    "seed_aimlapi_minimax_m1": dict(
        content="Hello! How can I assist you today?",
        reasoning=None,
        finish_reason="stop",
        usage=Usage(389, 910, 1299, None, None),
        model="MiniMax-M1",
        id="04a9be008b12ad5eec78791d8aebe36f",
        tool_calls=[],
    ),
    "seed_aimlapi_abab6_5s_chat": dict(
        content="Hello! How can I assist you today?",
        reasoning=None,
        finish_reason="stop",
        usage=Usage(22, 4, 26, None, None),
        model="abab6.5s-chat",
        id="04457c4318600c7c5d535374211265b5",
        tool_calls=[],
    ),
    "seed_llmprovider_abab5_5_chat": dict(
        content="Why don't scientists trust atoms? Because they make up everything!",
        reasoning=None,
        finish_reason="stop",
        usage=Usage(10, 16, 26, None, None),
        model="abab5.5-chat",
        id="cmpl-6aF1d2e3G4H5I6J7K8L9M0N1",
        tool_calls=[],
    ),
}


def _cases() -> list[Any]:
    out = []
    for spec in specs_for(REPLAY):
        marks = [pytest.mark.vcr, pytest.mark.default_cassette(spec.name)]
        if not spec.live:
            marks.append(pytest.mark.replay_only)
        for mode in STREAM_MODES if spec.stream else NONSTREAM_MODES:
            out.append(pytest.param(spec, mode, marks=marks, id=f"{spec.name}-{mode}"))
    return out


def test_every_replay_cassette_has_expectations() -> None:
    assert set(EXPECTED) == {s.name for s in specs_for(REPLAY)}


def _check_structure(result: ChatResult) -> None:
    assert "<think>" not in result.content and "</think>" not in result.content
    assert "<minimax:tool_call>" not in result.content and "<tool_calls>" not in result.content
    if result.reasoning is not None:
        assert "<think>" not in result.reasoning and "</think>" not in result.reasoning
    assert result.content or result.tool_calls
    assert result.finish_reason in ("stop", "tool_calls", "length")
    for tc in result.tool_calls:
        assert json.loads(tc.raw_arguments) == tc.arguments


def _check_exact(result: ChatResult, expected: dict[str, Any]) -> None:
    assert result.content == expected["content"]
    assert result.reasoning == expected["reasoning"]
    assert result.finish_reason == expected["finish_reason"]
    assert result.usage == expected["usage"]
    assert result.model == expected["model"]
    assert result.id == expected["id"]
    assert result.invalid_tool_calls == []
    got = [(tc.id, tc.name, tc.arguments, tc.raw_arguments) for tc in result.tool_calls]
    want = expected["tool_calls"]
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        if w[0] is None:  # generated id: stable and unique
            assert g[0].startswith("call_")
            w = (g[0], *w[1:])
        assert g == w


@pytest.mark.parametrize(("spec", "mode"), _cases())
async def test_replay(spec: CassetteSpec, mode: str, vcr: Any, exact: bool) -> None:
    client = spec.client()
    result, _events = await run(client, spec.request, mode)
    assert vcr.play_count == 1 or not exact  # exactly one request, to the cassette's host
    _check_structure(result)
    if exact:
        _check_exact(result, EXPECTED[spec.name])
        if not spec.stream:
            assert result.raw == json.loads(spec.body)


# ------------------------------------------------------------------ replay payload (docs/wire-format.md 'Replay and interleaved thinking')
def _wire_fields(replay: dict[str, Any]) -> dict[str, Any]:
    """The payload's wire fields (without the record of what they were parsed into)."""
    return {k: v for k, v in replay.items() if k != RECEIVED_KEY}


def _assistant_wire_after(result: ChatResult, spec: CassetteSpec) -> dict[str, Any]:
    """The assistant message the next request sends for ``result`` (history round trip)."""
    history = [*spec.request.messages, result.to_assistant_message()]
    for tc in result.tool_calls:
        history.append(ToolMessage("24℃, sunny", tool_call_id=tc.id))
    if not result.tool_calls:
        history.append(UserMessage("thanks"))
    follow_up = ChatRequest(spec.request.model, history, tools=spec.request.tools)
    body = spec.client(api_key="k").build_body(follow_up, stream=False)
    (wire,) = [m for m in body["messages"] if m["role"] == "assistant"]
    return wire


@pytest.mark.vcr
@pytest.mark.default_cassette("a1_nonstream_inline_think_m27_highspeed")
def test_a1_inline_replay_is_raw_content_byte_exact(exact: bool) -> None:
    spec = SPECS["a1_nonstream_inline_think_m27_highspeed"]
    result = spec.client().complete(spec.request)
    raw = result.raw["choices"][0]["message"]["content"]  # type: ignore[index]
    assert _wire_fields(result.replay) == {"content": raw}
    assert result.replay[RECEIVED_KEY] == {
        "content": result.content,
        "reasoning": result.reasoning,
        "tool_calls": [],
    }
    assert _assistant_wire_after(result, spec) == {"role": "assistant", "content": raw}
    if exact:
        assert raw == _message("a1_inline_think.json")["content"]


@pytest.mark.vcr
@pytest.mark.default_cassette("a2_nonstream_tool_call_inline_think_m21")
async def test_a2_inline_tool_call_replay_verbatim(exact: bool) -> None:
    spec = SPECS["a2_nonstream_tool_call_inline_think_m21"]
    result = await spec.client().acomplete(spec.request)
    message = result.raw["choices"][0]["message"]  # type: ignore[index]
    wire = _assistant_wire_after(result, spec)
    assert wire["content"] == message["content"]  # "<think>…</think>\n\n\n", byte for byte
    assert wire["tool_calls"] == message["tool_calls"]
    assert "reasoning_details" not in wire
    if exact:
        assert wire["content"].endswith("</think>\n\n\n")


@pytest.mark.vcr
@pytest.mark.default_cassette("a3_nonstream_tool_call_split_reasoning_details_m21")
def test_a3_split_replay_sends_reasoning_details_verbatim(exact: bool) -> None:
    spec = SPECS["a3_nonstream_tool_call_split_reasoning_details_m21"]
    result = spec.client().complete(spec.request)
    message = result.raw["choices"][0]["message"]  # type: ignore[index]
    wire = _assistant_wire_after(result, spec)
    assert wire["reasoning_details"] == message["reasoning_details"]
    assert wire["content"] == message["content"]
    assert wire["tool_calls"] == message["tool_calls"]
    if exact:
        assert wire["reasoning_details"] == _message("a3_tool_call_split.json")["reasoning_details"]
        assert wire["content"] == "\n"


@pytest.mark.vcr
@pytest.mark.default_cassette("m3_nonstream_split_reasoning_content_and_details")
def test_m3_split_replay_keeps_both_reasoning_fields(exact: bool) -> None:
    spec = SPECS["m3_nonstream_split_reasoning_content_and_details"]
    result = spec.client().complete(spec.request)
    message = result.raw["choices"][0]["message"]  # type: ignore[index]
    wire = _assistant_wire_after(result, spec)
    for key in ("content", "reasoning_details", "reasoning_content"):
        if key in message:
            assert wire[key] == message[key]


@pytest.mark.vcr
@pytest.mark.default_cassette("a5_stream_inline_think_trailing_usage_m27")
def test_a5_streamed_replay_is_raw_content_byte_exact(exact: bool) -> None:
    spec = SPECS["a5_stream_inline_think_trailing_usage_m27"]
    events = list(spec.client().stream(spec.request))
    result = events[-1].result  # type: ignore[union-attr]
    assert result.replay["content"].startswith("<think>")
    if exact:
        assert _wire_fields(result.replay) == {"content": _joined_content(A5_LINES)}
    assert _assistant_wire_after(result, spec)["content"] == result.replay["content"]


@pytest.mark.vcr
@pytest.mark.default_cassette("a8_stream_v2_trailing_full_message_m1")
@pytest.mark.replay_only
async def test_a8_trailing_message_is_replay_authority_not_content() -> None:
    spec = SPECS["a8_stream_v2_trailing_full_message_m1"]
    events = [e async for e in spec.client().astream(spec.request)]
    result = events[-1].result  # type: ignore[union-attr]
    assert result.content.count("Hello! How can I assist you today?") == 1
    # The trailing object:"chat.completion" message is the authority for the replay payload.
    assert result.replay["content"] == "Hello! How can I assist you today?"


@pytest.mark.vcr
@pytest.mark.default_cassette("a11_nonstream_vllm_append_think_raw_xml_tool_call")
@pytest.mark.replay_only
def test_a11_markup_tool_call_ids_usable_in_history() -> None:
    spec = SPECS["a11_nonstream_vllm_append_think_raw_xml_tool_call"]
    client = spec.client()
    assert client.preset.name == "openai-compatible"
    result = client.complete(spec.request)
    assert result.replay["content"] == "<think>" + A11_RAW  # raw output replayed verbatim
    (tc,) = result.tool_calls
    # The generated id can be answered by a tool message (docs/wire-format.md 'History validation' validation passes).
    history = [
        *spec.request.messages,
        result.to_assistant_message(),
        ToolMessage("18℃", tool_call_id=tc.id),
    ]
    body = client.build_body(
        ChatRequest(spec.request.model, history, tools=spec.request.tools), stream=False
    )
    assert body["messages"][-1] == {"role": "tool", "tool_call_id": tc.id, "content": "18℃"}


@pytest.mark.vcr
@pytest.mark.default_cassette("seed_llmprovider_abab5_5_chat")
@pytest.mark.replay_only
def test_llmprovider_seed_request_is_the_documented_example(vcr: Any) -> None:
    spec = SPECS["seed_llmprovider_abab5_5_chat"]
    client = spec.client()
    assert client.preset.name == "llmprovider"
    client.complete(spec.request)
    sent = json.loads(vcr.requests[0].body)
    # 'Example: aggregator responses (AIMLAPI, llmprovider)' capture's example request: system + user, max_tokens 50, temperature 0.7.
    assert sent["messages"] == [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Tell me a joke."},
    ]
    assert sent["max_tokens"] == 50 and sent["temperature"] == 0.7
    assert "max_completion_tokens" not in sent and "reasoning_split" not in sent
    assert vcr.requests[0].uri == "https://platform.llmprovider.ai/v1/chat/completions"


def test_stream_and_nonstream_parse_of_a5_agree() -> None:
    """The streamed docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)' and the non-streamed parse of the equivalent message are identical."""
    spec = SPECS["a5_stream_inline_think_trailing_usage_m27"]
    info, preset = resolve_model(spec.request.model), get_preset("minimax")
    body = {
        "id": "06fb6b59859725e9e95103a455583ff8",
        "model": "MiniMax-M2.7",
        "choices": [
            {
                "finish_reason": "stop",
                "index": 0,
                "message": {"role": "assistant", "content": _joined_content(A5_LINES)},
            }
        ],
        "usage": json.loads(A5_LINES[-1])["usage"],
    }
    non_stream = parse_completion(body, spec.request, info, preset)
    assert non_stream.content == A5_ANSWER
    assert non_stream.reasoning == A5_REASONING
    assert non_stream.usage == Usage(767, 172, 939, 25, 443)
    assert capture("a5_stream_inline_usage.sse").count("data: ") == 7


def test_hand_built_history_uses_canonical_inline_form() -> None:
    spec = SPECS["a1_nonstream_inline_think_m27_highspeed"]
    msg = AssistantMessage(content="56", reasoning="7*8 is 56.")
    req = ChatRequest(spec.request.model, [*spec.request.messages, msg, UserMessage("and 6*7?")])
    body = spec.client(api_key="k").build_body(req, stream=False)
    assert body["messages"][1] == {
        "role": "assistant",
        "content": "<think>\n7*8 is 56.\n</think>\n\n56",
    }
