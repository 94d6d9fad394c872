"""Property tests (hypothesis): how a Messages SSE stream is chunked never changes the neutral
result, the events' concatenated text, or the replay blocks (signatures included); the
committed Messages cassettes are exactly what their generator writes, and each is replayed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minimax_transport import (
    ChatRequest,
    ChatResult,
    Finish,
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    ToolSpec,
    UserMessage,
)
from minimax_transport.catalog import resolve_model
from minimax_transport.messages_parser import MessagesStreamParser
from minimax_transport.presets import get_preset

from . import messages_cassettes
from .messages_cassettes import CASSETTES, CASSETTES_LIST, load

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PRESET = get_preset("minimax-anthropic")
TOOLS = [
    ToolSpec("get_weather", "", {"type": "object", "properties": {"location": {"type": "string"}}})
]
STREAMS = [
    c.name for c in CASSETTES_LIST if c.events is not None and not c.name.startswith("error_")
]


def _request(name: str) -> ChatRequest:
    model = "MiniMax-M2.7" if name.startswith("m27") else "MiniMax-M3"
    return ChatRequest(model, [UserMessage("q")], tools=TOOLS)


def _run(name: str, chunks: list[bytes]) -> tuple[ChatResult, list[StreamEvent]]:
    request = _request(name)
    parser = MessagesStreamParser(request, resolve_model(request.model), PRESET)
    events: list[StreamEvent] = []
    for c in chunks:
        events.extend(parser.feed(c))
    events.extend(parser.close())
    assert isinstance(events[-1], Finish)
    return events[-1].result, events


def _summary(result: ChatResult, events: list[StreamEvent]) -> tuple[Any, ...]:
    calls: dict[int, list[str]] = {}
    for e in events:
        if isinstance(e, ToolCallDelta):
            calls.setdefault(e.index, []).append(e.arguments)
    return (
        result.content,
        result.reasoning,
        result.finish_reason,
        [(c.id, c.name, c.arguments) for c in result.tool_calls],
        result.usage,
        json.dumps(result.replay["blocks"]),
        "".join(e.text for e in events if isinstance(e, ReasoningDelta)),
        "".join(e.text for e in events if isinstance(e, TextDelta)),
        {i: "".join(p) for i, p in calls.items()},
    )


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    out, prev = [], 0
    for p in points:
        out.append(data[prev:p])
        prev = p
    out.append(data[prev:])
    return out


@pytest.mark.parametrize("name", STREAMS)
@SETTINGS
@given(cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=40))
def test_rechunking_never_changes_the_result(name: str, cuts: list[int]) -> None:
    data = load(name)[1]
    whole = _summary(*_run(name, [data]))
    assert _summary(*_run(name, _split(data, cuts))) == whole


@pytest.mark.parametrize("name", STREAMS)
def test_byte_by_byte(name: str) -> None:
    data = load(name)[1]
    assert _summary(*_run(name, [data[i : i + 1] for i in range(len(data))])) == _summary(
        *_run(name, [data])
    )


def test_cassette_files_are_generated_and_all_used() -> None:
    assert messages_cassettes.main(["--check"]) == 0
    on_disk = {p.name for p in CASSETTES.iterdir()}
    assert on_disk == {c.filename for c in CASSETTES_LIST}
    # Every cassette is replayed by a test module (by name).
    from pathlib import Path

    here = Path(__file__).parent
    sources = "".join(p.read_text() for p in here.glob("test_messages*.py"))
    unused = [
        c.name for c in CASSETTES_LIST if f'"{c.name}"' not in sources and c.name not in STREAMS
    ]
    assert unused == []


@pytest.mark.parametrize("name", STREAMS)
@SETTINGS
@given(cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=20))
def test_rechunked_through_the_client(name: str, cuts: list[int]) -> None:
    """The same through httpx and ``MiniMaxClient.stream`` (a body delivered in those chunks)."""
    import httpx

    from .mock_http import SSE, ChunkStream, Recorder, mock_client

    data = load(name)[1]
    chunks: list[bytes | BaseException] = list(_split(data, cuts))
    rec = Recorder(lambda r: httpx.Response(200, headers=SSE, stream=ChunkStream(chunks)))
    client = mock_client(rec, base_url="https://api.minimax.io/anthropic")
    events = list(client.stream(_request(name)))
    final = events[-1]
    assert isinstance(final, Finish)
    assert _summary(final.result, events) == _summary(*_run(name, [data]))
