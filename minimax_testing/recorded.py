"""The verbatim MiniMax captures in ``captures/``, stored once, read here (see its README).

Example::

    from minimax_testing import recorded, wire

    body = recorded.capture_json("a1_inline_think.json")  # a non-streamed answer
    stream = wire.sse(recorded.sse_payloads("a5_stream_inline_usage.sse"))  # + data: [DONE]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CAPTURES = Path(__file__).parent / "captures"


def capture_text(name: str) -> str:
    return (CAPTURES / name).read_text(encoding="utf-8")


def capture_json(name: str) -> Any:
    """A ``.json`` capture, decoded (a fresh object on every call)."""
    return json.loads(capture_text(name))


def capture_jsonl(name: str) -> list[Any]:
    """A ``.jsonl`` capture: one decoded envelope per line."""
    return [json.loads(line) for line in capture_text(name).splitlines() if line.strip()]


def sse_payloads(name: str) -> list[str]:
    """The ``data:`` payloads of an ``.sse`` capture, verbatim (no ``[DONE]``); frame them
    with :func:`minimax_testing.wire.sse`."""
    return [
        line[len("data: ") :]
        for line in capture_text(name).splitlines()
        if line.startswith("data: ") and line != "data: [DONE]"
    ]


def a10_errors() -> list[Any]:
    """The error envelopes of the errors capture, in order: unknown model (HTTP 400), context
    window (HTTP 400), login fail (HTTP 200 ``base_resp`` 1004), then the other envelopes."""
    return [
        capture_json("a10_http400_unknown_model.json"),
        capture_json("a10_http400_context_window.json"),
        capture_json("a10_http200_base_resp_1004.json"),
        *capture_jsonl("a10_other_envelopes.jsonl"),
    ]


__all__ = [
    "CAPTURES",
    "a10_errors",
    "capture_json",
    "capture_jsonl",
    "capture_text",
    "sse_payloads",
]
