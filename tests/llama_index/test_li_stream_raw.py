"""``ChatResponse.raw`` of streamed chunks: the hand-written dict equals ``dataclasses.asdict``
of the transport event (issue 6 replaced the latter on the per-chunk path)."""

from __future__ import annotations

import dataclasses

from llama_index_minimax.streaming import _event_raw
from minimax_transport.types import ReasoningDelta, TextDelta, ToolCallDelta


def test_event_raw_is_asdict() -> None:
    events = [
        TextDelta("Hello"),
        TextDelta(""),
        ReasoningDelta("thinking…"),
        ToolCallDelta(0, "call_1", "get_weather", '{"loc'),
        ToolCallDelta(1, None, None, ""),
    ]
    for event in events:
        raw = _event_raw(event)
        assert raw == dataclasses.asdict(event)
        assert list(raw) == list(dataclasses.asdict(event))  # same key order too
