"""The fast path that builds LlamaIndex messages and responses without re-validation
(``llama_index_minimax/prebuilt.py``) builds exactly what the constructors build: every chunk
of a reasoning-then-text stream, every final message and ``chat()`` response equals the one
LlamaIndex's constructors build, in fields, fields set, extras and private state, at every
depth; with the fast path switched off the adapter gives the same objects."""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatResponse

from llama_index_minimax import messages, prebuilt, streaming
from llama_index_minimax.messages import build_assistant_message, result_to_message
from llama_index_minimax.prebuilt import constructed_message, same
from llama_index_minimax.streaming import THINKING_DELTA_KEY, StreamState
from minimax_transport.types import (
    REPLAY_KEY,
    ChatResult,
    Finish,
    InvalidToolCall,
    ReasoningDelta,
    TextDelta,
    ToolCall,
    ToolCallDelta,
    Usage,
)


def _constructed(content: str, reasoning: str, delta: str, thinking: str | None, raw: Any) -> Any:
    return ChatResponse(
        message=constructed_message(content, reasoning or None, None, {}, {}),
        delta=delta,
        raw=raw,
        additional_kwargs={THINKING_DELTA_KEY: thinking},
    )


def test_fast_path_is_active() -> None:
    assert prebuilt.FAST is not None
    assert streaming.FAST is prebuilt.FAST and messages.FAST is prebuilt.FAST


def test_each_chunk_equals_the_constructed_one() -> None:
    events = [
        ReasoningDelta("Let me "),
        ReasoningDelta("think ✓."),
        TextDelta(""),
        TextDelta("Hel"),
        TextDelta("lo\n"),
    ]
    state = StreamState()
    content = reasoning = ""
    for event in events:
        chunk = state.on_event(event)
        if isinstance(event, ReasoningDelta):
            reasoning += event.text
            want = _constructed(content, reasoning, "", event.text, streaming._event_raw(event))
        else:
            content += event.text
            want = _constructed(content, reasoning, event.text, None, streaming._event_raw(event))
        assert same(chunk, want), (chunk, want)
        assert chunk == want


def test_text_only_stream_and_fresh_mutables() -> None:
    state = StreamState()
    a = state.on_event(TextDelta("a"))
    b = state.on_event(TextDelta("b"))
    assert a is not None and b is not None
    assert same(b, _constructed("ab", "", "b", None, {"text": "b", "type": "text"}))
    assert a.message.additional_kwargs is not b.message.additional_kwargs
    assert a.message.blocks is not b.message.blocks
    assert a.message.content == "a" and b.message.content == "ab"


def test_tool_call_chunks_take_the_constructor_path() -> None:
    state = StreamState()
    state.on_event(TextDelta("x"))
    chunk = state.on_event(ToolCallDelta(index=0, id="c1", name="f", arguments='{"a"'))
    assert chunk is not None
    want = ChatResponse(
        message=build_assistant_message(
            content="x", reasoning=None, tool_calls=[("c1", "f", '{"a"', '{"a"')]
        ),
        delta="",
        raw=streaming._event_raw(ToolCallDelta(index=0, id="c1", name="f", arguments='{"a"')),
        additional_kwargs={THINKING_DELTA_KEY: None},
    )
    assert same(chunk, want)
    assert chunk.message.blocks[-1].tool_kwargs == '{"a"'


def _result(**changes: Any) -> ChatResult:
    fields: dict[str, Any] = {
        "content": "56",
        "reasoning": "7 × 8 = 56.",
        "replay": {"role": "assistant", "content": "<think>7 × 8 = 56.</think>56"},
        "finish_reason": "stop",
        "usage": Usage(48, 21, 69, reasoning_tokens=12),
        "model": "MiniMax-M2.5",
        "id": "r1",
        "raw": {"id": "r1", "usage": {"prompt_tokens": 48}},
    }
    fields.update(changes)
    return ChatResult(**fields)


RESULTS = {
    "reasoning, replay, reasoning tokens": _result(),
    "no reasoning": _result(reasoning=None, replay={}),
    "signature": _result(reasoning_signature="sig-1"),
    "invalid tool call": _result(
        invalid_tool_calls=[InvalidToolCall("c9", "f", "{oops", "not JSON")]
    ),
    "no usage": _result(usage=None),
}


@pytest.mark.parametrize("name", list(RESULTS))
def test_final_message_equals_the_constructed_one(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = RESULTS[name]
    fast = result_to_message(result)
    monkeypatch.setattr(messages, "FAST", None)
    real = result_to_message(result)
    assert same(fast, real), (fast, real)
    assert fast.content == "56"
    if result.reasoning:
        thinking = fast.blocks[0]
        assert thinking.content == "7 × 8 = 56." and thinking.num_tokens == (
            12 if result.usage else None
        )
        assert thinking.additional_information[REPLAY_KEY] == result.replay
        assert thinking.additional_information[REPLAY_KEY] is not result.replay
        if result.reasoning_signature:
            assert thinking.additional_information["signature"] == "sig-1"
    if result.invalid_tool_calls:
        assert fast.additional_kwargs[messages.INVALID_TOOL_CALLS_KEY][0]["raw_arguments"] == (
            "{oops"
        )


def test_messages_with_tool_calls_are_the_same_with_or_without_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = _result(tool_calls=[ToolCall("c1", "get_weather", {"city": "Paris"})])
    fast = result_to_message(result)
    monkeypatch.setattr(messages, "FAST", None)
    assert same(fast, result_to_message(result))
    assert [type(b).__name__ for b in fast.blocks] == [
        "ThinkingBlock",
        "TextBlock",
        "ToolCallBlock",
    ]
    assert list(fast.additional_kwargs) == [messages.LEGACY_TOOL_CALLS_KEY, REPLAY_KEY]


@pytest.mark.parametrize("delta", [None, ""])
def test_responses_equal_the_constructed_ones(
    delta: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = result_to_message(_result())
    fast = prebuilt.response(message, {"id": "r1"}, {"finish_reason": "stop"}, delta=delta)
    monkeypatch.setattr(prebuilt, "FAST", None)
    real = prebuilt.response(message, {"id": "r1"}, {"finish_reason": "stop"}, delta=delta)
    assert same(fast, real)
    assert fast.model_fields_set == (
        {"message", "raw", "additional_kwargs"} | ({"delta"} if delta is not None else set())
    )


def test_final_stream_chunk_equals_the_constructed_one() -> None:
    state = StreamState()
    result = _result(raw=None)
    chunk = state.on_event(Finish(result))
    assert chunk is not None
    want = ChatResponse(
        message=build_assistant_message(
            content="56",
            reasoning=result.reasoning,
            tool_calls=(),
            replay=result.replay,
            reasoning_tokens=12,
        ),
        delta="",
        raw=messages.result_raw(result),
        additional_kwargs={THINKING_DELTA_KEY: None, **messages.response_kwargs(result)},
    )
    assert same(chunk, want)
    assert chunk.additional_kwargs["prompt_tokens"] == 48


def test_a_changed_llamaindex_turns_the_fast_path_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """If LlamaIndex's constructors built something else, ``pick`` finds out at import."""
    real = prebuilt.constructed_message

    def changed(*args: Any) -> Any:
        message = real(*args)
        message.additional_kwargs["added_by_a_new_validator"] = True
        return message

    monkeypatch.setattr(prebuilt, "constructed_message", changed)
    assert prebuilt.pick() is None
