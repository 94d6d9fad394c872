"""Transport-test helpers: run a request in each of the four client modes, replay-only guard."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from minimax_transport import (
    ChatRequest,
    ChatResult,
    Finish,
    MiniMaxClient,
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    UsageEvent,
)

RECORDING = os.environ.get("MINIMAX_RECORD_MODE", "none") != "none"  # as in tests/conftest.py

NONSTREAM_MODES = ("complete", "acomplete")
STREAM_MODES = ("stream", "astream")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "replay_only: the cassette reproduces something a live run cannot; skipped while "
        "recording if its cassette file is missing.",
    )


@pytest.fixture(autouse=True)
def _no_endpoint_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Transport tests name their host explicitly (cassette specs pass ``base_url``), so a
    ``MINIMAX_BASE_URL`` / ``MINIMAX_PRESET`` left in the environment while recording must not
    redirect them. (The key is kept: recording needs the real one.)"""
    monkeypatch.delenv("MINIMAX_BASE_URL", raising=False)
    monkeypatch.delenv("MINIMAX_PRESET", raising=False)


@pytest.fixture(autouse=True)
def _replay_only_guard(request: pytest.FixtureRequest) -> None:
    if not RECORDING or request.node.get_closest_marker("replay_only") is None:
        return
    marker = request.node.get_closest_marker("default_cassette")
    if marker is None:
        return
    cassette_dir = Path(request.getfixturevalue("vcr_cassette_dir"))
    name = marker.args[0]
    if not (cassette_dir / (name if name.endswith(".yaml") else name + ".yaml")).exists():
        pytest.skip("replay-only cassette: cannot be recorded live")


@pytest.fixture
def exact(vcr: Any) -> bool:
    """True when the cassette was replayed from disk (exact assertions on the capture apply);
    False while it is being recorded live (only structural assertions apply)."""
    return bool(vcr is not None and vcr.rewound)


async def run(
    client: MiniMaxClient, request: ChatRequest, mode: str
) -> tuple[ChatResult, list[StreamEvent]]:
    """The result (and the events, for streams) of ``request`` through one client method."""
    if mode == "complete":
        return client.complete(request), []
    if mode == "acomplete":
        return await client.acomplete(request), []
    events: list[StreamEvent] = []
    if mode == "stream":
        events = list(client.stream(request))
    elif mode == "astream":
        events = [e async for e in client.astream(request)]
    else:  # pragma: no cover
        raise ValueError(mode)
    check_event_invariants(events)
    final = events[-1]
    assert isinstance(final, Finish)
    return final.result, events


def check_event_invariants(events: list[StreamEvent]) -> None:
    """What every successful stream must satisfy, whatever the capture."""
    assert events and isinstance(events[-1], Finish)
    assert sum(isinstance(e, Finish) for e in events) == 1
    usage_events = [e for e in events if isinstance(e, UsageEvent)]
    result = events[-1].result  # type: ignore[union-attr]
    if result.usage is None:
        assert usage_events == []
    else:
        assert len(usage_events) == 1 and events[-2] is usage_events[0]
        assert usage_events[0].usage == result.usage
    text = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert "<think>" not in text and "</think>" not in text
    assert text == result.content
    reasoning = "".join(e.text for e in events if isinstance(e, ReasoningDelta))
    assert reasoning == (result.reasoning or "")
    # Tool-call deltas rebuild exactly the raw arguments of every call.
    by_index: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for e in events:
        if isinstance(e, ToolCallDelta):
            by_index.setdefault(e.index, []).append(e.arguments)
            if e.name:
                names[e.index] = e.name
    calls = [*result.tool_calls, *result.invalid_tool_calls]
    assert len(by_index) == len(calls)
    if result.invalid_tool_calls:
        return
    for i, call in enumerate(result.tool_calls):
        assert names[i] == call.name
        assert "".join(by_index[i]) == call.raw_arguments or (
            not "".join(by_index[i]) and call.raw_arguments == "{}"
        )
