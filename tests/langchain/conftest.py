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
import re
from collections.abc import Iterator
from typing import Any

import pytest

from minimax_testing.emulator.server import CLIENT_UUID, HOST, PORT, RECORDED_PORT
from tests.conftest import _scrub_request

RECORDING = os.environ.get("MINIMAX_RECORD_MODE", "none") != "none"
USE_EMULATOR = os.environ.get("MINIMAX_EMULATOR") == "1"

_ID_KEYS = {"id", "tool_call_id", "tool_use_id"}  # tool_use_id: the Messages dialect


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


def _stable_request(request: Any) -> Any:
    """While recording: an emulator on another port (``MINIMAX_EMULATOR_PORT``) is recorded as
    the usual one; the random uuid4 ids a client minted (LangChain's few-shot tool examples)
    become ``00000000-0000-4000-8000-<n>``, numbered in order of appearance (same length, so
    ``content-length`` stays true). Matching masks ids anyway."""
    request = _scrub_request(request)
    if PORT != RECORDED_PORT:
        live, recorded = f"{HOST}:{PORT}", f"{HOST}:{RECORDED_PORT}"
        request.uri = request.uri.replace(live, recorded, 1)
        if request.headers.get("host") == live:
            request.headers["host"] = recorded
    body = request.body
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if not text or not CLIENT_UUID.search(text):
        return request
    seen: dict[str, str] = {}

    def stable(m: re.Match[str]) -> str:
        return seen.setdefault(m.group(), f"00000000-0000-4000-8000-{len(seen) + 1:012d}")

    text = CLIENT_UUID.sub(stable, text)
    request.body = text.encode() if isinstance(body, bytes) else text
    return request


def _interaction_order(pair: tuple[Any, Any]) -> tuple[int, str]:
    body = _load_body(pair[0])
    if not isinstance(body, dict):
        return 0, str(body)
    return len(body.get("messages") or ()), json.dumps(body, sort_keys=True)


class StableOrderPersister:
    """Saves a recording's interactions in a deterministic order, so re-recording from the
    emulator is byte-stable (``python -m tests.make_cassettes langchain --check``): concurrent
    requests (``batch``/``abatch``) finish in any order, so interactions are sorted by
    conversation length, then by request body (ids masked); requests with equal bodies (retries)
    keep the order they were sent in. Replay matches on the body, so the order changes nothing
    there. Loading and writing stay with the persister it wraps (pytest-recording's)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def load_cassette(self, cassette_path: Any, serializer: Any) -> Any:
        return self.inner.load_cassette(cassette_path, serializer)

    def save_cassette(
        self, cassette_path: Any, cassette_dict: dict[str, Any], serializer: Any
    ) -> None:
        pairs = sorted(
            zip(cassette_dict["requests"], cassette_dict["responses"], strict=True),
            key=_interaction_order,
        )
        ordered = {"requests": [p[0] for p in pairs], "responses": [p[1] for p in pairs]}
        self.inner.save_cassette(cassette_path, ordered, serializer=serializer)


@pytest.fixture(scope="session")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    return {
        **vcr_config,
        # The user agent carries the package version: recording it would make every
        # cassette stale on each release.
        "filter_headers": [*vcr_config["filter_headers"], ("user-agent", None)],
        "before_record_request": _stable_request,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "json_body_without_ids"],
        "before_record_response": _drop_volatile_headers,
    }


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("json_body_without_ids", json_body_without_ids)
    if RECORDING:
        vcr.register_persister(StableOrderPersister(vcr.persister))


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
        elif item.name == "test_image_inputs":
            # The OpenAI-style and the standard base64 image blocks produce the same body,
            # so the one recorded exchange answers both.
            item.add_marker(pytest.mark.vcr(allow_playback_repeats=True))
        elif not item.get_closest_marker("vcr"):
            item.add_marker(pytest.mark.vcr)


@pytest.fixture(autouse=True)
def _cassettes_recorded_on_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cassettes were recorded by vcrpy on httpx's own async stack, and vcrpy records an
    aiohttp exchange in another shape: these suites keep the stack that recorded them
    (``async_transport="auto"`` resolves to ``"httpx"`` here). Both async stacks are covered
    by ``tests/reliability`` (every async driver runs on each)."""
    import minimax_transport.client as transport_client

    real = transport_client.resolve_async_transport

    def resolve(choice: str) -> Any:
        return "httpx" if choice == "auto" else real(choice)

    monkeypatch.setattr(transport_client, "resolve_async_transport", resolve)
