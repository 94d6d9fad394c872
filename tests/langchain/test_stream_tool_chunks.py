"""Streamed tool-call chunks: the fast construction equals LangChain's own (issue 6).

``langchain_minimax.messages._tool_call_delta_chunk`` skips LangChain's partial-JSON parse
for fragments that cannot be a JSON object; the chunk it returns must be indistinguishable
from ``AIMessageChunk(tool_call_chunks=[...])`` — fields, fields set, serialization, and the
message that ``+`` aggregates.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from langchain_core.messages import AIMessageChunk
from langchain_core.messages.tool import tool_call_chunk

from langchain_minimax.messages import PROVIDER, _tool_call_delta_chunk, event_to_chunk
from minimax_transport.types import ToolCallDelta

FRAGMENTS = [
    "",
    " ",
    "{",
    "}",
    '{"location": "Sa',
    'n Francisco"}',
    '"San Fran',
    "xxxxxxxxxxxx",
    "12",
    "[1, 2",
    "null",
    "true",
    ' {"a": 1}',
    '\n{"a',
    '"a\\',
    '\u00a0{"a": 1}',
    "\t",
    '"}',
]


def _reference(event: ToolCallDelta) -> AIMessageChunk:
    return AIMessageChunk(
        content="",
        tool_call_chunks=[
            tool_call_chunk(name=event.name, args=event.arguments, id=event.id, index=event.index)
        ],
        response_metadata={"model_provider": PROVIDER},
    )


def _same(a: AIMessageChunk, b: AIMessageChunk) -> None:
    assert a == b
    assert a.model_dump() == b.model_dump()
    assert a.model_dump_json() == b.model_dump_json()
    assert a.model_fields_set == b.model_fields_set
    assert a.tool_calls == b.tool_calls and a.invalid_tool_calls == b.invalid_tool_calls


def test_fragments_equal_langchain_construction() -> None:
    for frag in FRAGMENTS:
        for name, call_id in ((None, None), ("get_weather", "call_function_1_1")):
            event = ToolCallDelta(0, call_id, name, frag)
            fast = _tool_call_delta_chunk(event, {"model_provider": PROVIDER})
            _same(fast, _reference(event))
            chunk = event_to_chunk(event, "MiniMax-M2.7")
            assert chunk is not None
            _same(chunk, _reference(event))


@settings(max_examples=150, deadline=None)
@given(
    args=st.dictionaries(st.text(max_size=6), st.text(max_size=12) | st.integers(), max_size=4),
    size=st.integers(min_value=1, max_value=9),
)
def test_streamed_call_aggregates_like_langchain(args: dict[str, object], size: int) -> None:
    raw = json.dumps(args, ensure_ascii=False)
    frags = [raw[i : i + size] for i in range(0, len(raw), size)]
    events = [
        ToolCallDelta(0, "call_1" if i == 0 else None, "f" if i == 0 else None, f)
        for i, f in enumerate(frags)
    ]
    fast = [event_to_chunk(e, "m") for e in events]
    ref = [_reference(e) for e in events]
    for a, b in zip(fast, ref, strict=True):
        assert a is not None
        _same(a, b)
    total_fast = fast[0]
    total_ref = ref[0]
    for a, b in zip(fast[1:], ref[1:], strict=True):
        total_fast = total_fast + a  # type: ignore[operator]
        total_ref = total_ref + b
    assert total_fast == total_ref
    assert total_fast is not None and total_fast.tool_calls[0]["args"] == args
