"""LangChain test configuration: cassette matching, and the emulator while recording.

Replay (the default, ``MINIMAX_RECORD_MODE=none``) needs no server: every HTTP exchange comes
from ``tests/cassettes/langchain/<module>/``. Recording starts the loopback MiniMax-dialect
emulator (``minimax_testing/emulator``) on 127.0.0.1:18517 when ``MINIMAX_EMULATOR=1``; see
``minimax_testing/emulator/README.md`` for the exact command.
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

RECORDING = os.environ.get("MINIMAX_RECORD_MODE", "none") != "none"
USE_EMULATOR = os.environ.get("MINIMAX_EMULATOR") == "1"

_ID_KEYS = {"id", "tool_call_id"}


def _normalize(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _normalize_value(k, v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_normalize(v) for v in obj]
    return obj


def _normalize_value(key: str, value: Any) -> Any:
    if key in _ID_KEYS:
        return "<id>"
    if key == "description" and isinstance(value, str):
        # Tool descriptions come from docstrings, which Python 3.13 dedents at compile time
        # (3.10-3.12 keep the source indentation): compare them cleaned, as inspect does.
        return inspect.cleandoc(value)
    return _normalize(value)


def _load_body(request: Any) -> Any:
    body = request.body or b""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    try:
        return _normalize(json.loads(body))
    except ValueError:
        return body


def json_body_without_ids(r1: Any, r2: Any) -> None:
    """vcrpy matcher: JSON bodies equal once every ``id`` / ``tool_call_id`` is masked
    (``tool_example_to_messages`` in the standard suite mints fresh uuids each run)."""
    assert _load_body(r1) == _load_body(r2)


def _drop_volatile_headers(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in {"date", "server"}:
            del headers[name]
    return response


@pytest.fixture(scope="session")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    return {
        **vcr_config,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "json_body_without_ids"],
        "before_record_response": _drop_volatile_headers,
    }


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("json_body_without_ids", json_body_without_ids)


@pytest.fixture(scope="session", autouse=True)
def _emulator_for_recording() -> Iterator[None]:
    """Start the emulator only when recording cassettes from it."""
    if not (RECORDING and USE_EMULATOR):
        yield
        return
    from minimax_testing.emulator import MiniMaxEmulator

    with MiniMaxEmulator():
        yield


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test of the standard integration suite runs on a cassette."""
    for item in items:
        if "test_standard_integration" not in str(item.fspath):
            continue
        if item.name == "test_stream_time":
            # pytest-benchmark replays the same recorded stream many times.
            item.add_marker(pytest.mark.vcr(allow_playback_repeats=True))
        elif not item.get_closest_marker("vcr"):
            item.add_marker(pytest.mark.vcr)
