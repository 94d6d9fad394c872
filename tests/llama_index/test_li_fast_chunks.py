"""The per-chunk fast path of the LlamaIndex stream builds exactly what the constructors
build: every chunk of a reasoning-then-text stream equals ``ChatResponse(message=
build_assistant_message(...), ...)`` in fields, fields set and extras, at every depth."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.llms.types import ChatResponse

from llama_index_minimax import streaming
from llama_index_minimax.messages import build_assistant_message
from llama_index_minimax.streaming import THINKING_DELTA_KEY, StreamState
from minimax_transport.types import ReasoningDelta, TextDelta, ToolCallDelta


def _constructed(content: str, reasoning: str, delta: str, thinking: str | None, raw: Any) -> Any:
    return ChatResponse(
        message=build_assistant_message(
            content=content, reasoning=reasoning or None, tool_calls=()
        ),
        delta=delta,
        raw=raw,
        additional_kwargs={THINKING_DELTA_KEY: thinking},
    )


def test_fast_path_is_active() -> None:
    assert streaming._FAST is not None


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
        assert streaming._same(chunk, want), (chunk, want)
        assert chunk == want


def test_text_only_stream_and_fresh_mutables() -> None:
    state = StreamState()
    a = state.on_event(TextDelta("a"))
    b = state.on_event(TextDelta("b"))
    assert a is not None and b is not None
    assert streaming._same(b, _constructed("ab", "", "b", None, {"text": "b", "type": "text"}))
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
    assert streaming._same(chunk, want)
