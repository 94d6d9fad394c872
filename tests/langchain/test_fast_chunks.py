"""The per-chunk fast path builds exactly what LangChain's constructors build: for text and
reasoning deltas, ``event_to_chunk`` and ``generation_chunk`` give objects with the same
fields, the same fields set, the same extras, and the same ``+`` aggregation as
``AIMessageChunk(...)`` / ``ChatGenerationChunk(message=...)``."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk

from langchain_minimax import messages
from langchain_minimax.messages import REASONING_KEY, event_to_chunk, generation_chunk
from minimax_transport import types as neutral

TEXTS = ["", "Hello", " world\n", "日本語 ✓", "<think>", "a" * 5000]


def _fields(obj: Any) -> tuple[Any, ...]:
    return (type(obj), obj.__dict__, obj.model_fields_set, obj.__pydantic_extra__)


def _constructed(event: neutral.StreamEvent) -> AIMessageChunk:
    meta = {"model_provider": "minimax"}
    if isinstance(event, neutral.TextDelta):
        return AIMessageChunk(content=event.text, response_metadata=meta)
    assert isinstance(event, neutral.ReasoningDelta)
    return AIMessageChunk(
        content="", additional_kwargs={REASONING_KEY: event.text}, response_metadata=meta
    )


def test_fast_path_is_active() -> None:
    """Otherwise the equality tests below would compare the constructor with itself."""
    assert messages._delta_chunk is messages._delta_chunk_fast
    assert generation_chunk is messages._generation_chunk_fast


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("kind", [neutral.TextDelta, neutral.ReasoningDelta])
def test_delta_chunks_equal_constructed_ones(kind: type[Any], text: str) -> None:
    event = kind(text)
    fast, real = event_to_chunk(event, "MiniMax-M2.7"), _constructed(event)
    assert fast is not None
    assert _fields(fast) == _fields(real)
    assert fast == real and repr(fast) == repr(real)
    gen_fast, gen_real = generation_chunk(fast), ChatGenerationChunk(message=real)
    assert _fields(gen_fast) == _fields(gen_real)
    assert gen_fast.text == gen_real.text


def test_chunks_do_not_share_mutable_parts() -> None:
    a = event_to_chunk(neutral.TextDelta("a"), "m")
    b = event_to_chunk(neutral.TextDelta("b"), "m")
    assert a is not None and b is not None
    for name in ("additional_kwargs", "response_metadata", "tool_calls", "tool_call_chunks"):
        assert getattr(a, name) is not getattr(b, name), name
    a.response_metadata["x"] = 1
    assert "x" not in b.response_metadata


def test_aggregation_equals_constructed() -> None:
    events = [
        neutral.ReasoningDelta("Let me "),
        neutral.ReasoningDelta("think."),
        neutral.TextDelta("Hel"),
        neutral.TextDelta("lo"),
    ]
    fast = [event_to_chunk(e, "m") for e in events]
    real = [_constructed(e) for e in events]
    total_fast, total_real = fast[0], real[0]
    for f, r in zip(fast[1:], real[1:], strict=True):
        assert f is not None and r is not None
        total_fast = total_fast + f  # type: ignore[operator]
        total_real = total_real + r
    assert _fields(total_fast) == _fields(total_real)
    assert total_fast.content == "Hello"
    assert total_fast.additional_kwargs[REASONING_KEY] == "Let me think."
