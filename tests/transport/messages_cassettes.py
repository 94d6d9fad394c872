"""Cassettes of MiniMax's Anthropic-compatible endpoint (``/anthropic/v1/messages``).

Built from the documented shapes through ``minimax_testing/wire.py`` (see its Messages section
and docs/anthropic-endpoint.md): no live Messages traffic was captured. Each cassette names
what it reproduces in its ``label``; ``.sse`` files carry it as SSE comment lines (``: …``,
ignored by every SSE parser), ``.json`` files as a ``label`` field next to the HTTP ``status``
and the ``body``.

Usage (from the repository root)::

    python -m tests.transport.messages_cassettes          # (re)write tests/cassettes/messages
    python -m tests.transport.messages_cassettes --check  # exit 1 if a committed file differs
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minimax_testing import wire
from minimax_testing.wire import Answer

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes" / "messages"

WEATHER_ARGS = {"location": "San Francisco, US"}
REASONING = "The user asks for the weather in San Francisco. I should call get_weather."
REASONING_2 = "The tool says 18°C and sunny. Answer briefly."
ANSWER_2 = "It is 18°C and sunny in San Francisco."
XML_TEXT = (
    '<minimax:tool_call>\n<invoke name="get_weather">\n'
    '<parameter name="location">San Francisco, US</parameter>\n</invoke>\n</minimax:tool_call>'
)


@dataclass(frozen=True)
class Cassette:
    name: str
    label: str
    status: int = 200
    body: Any = None  # a JSON body (non-streamed answer or error envelope)
    events: list[tuple[str, dict[str, Any]]] | None = None  # an SSE stream

    @property
    def filename(self) -> str:
        return self.name + (".sse" if self.events is not None else ".json")

    def render(self) -> bytes:
        if self.events is not None:
            head = "".join(f": {line}\n" for line in self.label.splitlines())
            return head.encode() + b"\n" + wire.messages_sse(self.events)
        doc = {"label": self.label, "status": self.status, "body": self.body}
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


def _answer_kwargs(seed: str, answer: Answer, **kw: Any) -> dict[str, Any]:
    return {"seed": seed, "model": "MiniMax-M3", "answer": answer, "prompt_tokens": 42, **kw}


_SIMPLE = Answer(reasoning="7 times 8 is 56.", text="56")
_TOOL = Answer(reasoning=REASONING, tool_calls=[("get_weather", WEATHER_ARGS)])
_AFTER_TOOL = Answer(reasoning=REASONING_2, text=ANSWER_2)


def _usage_cached() -> dict[str, Any]:
    # The documented prompt-caching example's counters.
    return {
        "cache_creation_input_tokens": 188086,
        "cache_read_input_tokens": 0,
        "input_tokens": 21,
        "output_tokens": 393,
    }


def _overload_midstream() -> list[tuple[str, dict[str, Any]]]:
    events = wire.message_stream_events(**_answer_kwargs("overload", _SIMPLE))
    cut = next(i for i, (n, _) in enumerate(events) if n == "content_block_delta") + 1
    return [
        *events[:cut],
        ("error", wire.messages_error_body("overloaded_error", "Overloaded")),
    ]


CASSETTES_LIST: list[Cassette] = [
    Cassette(
        "m3_text_signed",
        "Non-streamed M3 answer: signed thinking block + text block + usage + base_resp, the "
        "shape of MiniMax's official Messages example.",
        body=wire.message_body(**_answer_kwargs("simple", _SIMPLE)),
    ),
    Cassette(
        "m3_text_signed_stream",
        "The same answer streamed with Anthropic's standard events: message_start with "
        "input_tokens 0, ping, thinking_delta pieces then signature_delta, text_delta pieces, "
        "message_delta with the real usage and stop_reason, message_stop.",
        events=wire.message_stream_events(**_answer_kwargs("simple", _SIMPLE)),
    ),
    Cassette(
        "m3_tool_use",
        "Non-streamed M3 tool call: signed thinking block + tool_use block, stop_reason "
        "tool_use (first turn of a tool loop).",
        body=wire.message_body(**_answer_kwargs("tool", _TOOL)),
    ),
    Cassette(
        "m3_tool_use_stream_unsigned_start",
        "The tool call streamed; the thinking block's content_block_start has no signature "
        "field (a reported quirk), the signature arrives as a signature_delta; tool input as "
        "input_json_delta fragments.",
        events=wire.message_stream_events(
            **_answer_kwargs("tool", _TOOL), signature_in_start=False
        ),
    ),
    Cassette(
        "m3_after_tool",
        "Second turn of the tool loop: signed thinking + the final text.",
        body=wire.message_body(**_answer_kwargs("after-tool", _AFTER_TOOL)),
    ),
    Cassette(
        "m3_after_tool_stream",
        "Second turn of the tool loop, streamed.",
        events=wire.message_stream_events(**_answer_kwargs("after-tool", _AFTER_TOOL)),
    ),
    Cassette(
        "m27_xml_tool_call_in_text_stream",
        "M2.7 tool call left as <minimax:tool_call> XML inside a text block (a reported "
        "quirk), streamed: recovered as a tool call as on the chat dialect.",
        events=wire.message_stream_events(
            seed="xml",
            model="MiniMax-M2.7",
            answer=Answer(reasoning=REASONING, text=XML_TEXT, finish_reason="stop"),
            prompt_tokens=42,
        ),
    ),
    Cassette(
        "m3_cache_usage",
        "Usage with prompt-caching counters (the numbers of MiniMax's prompt-caching example: "
        "cache_creation_input_tokens 188086, input_tokens 21, output_tokens 393).",
        body=wire.message_body(**_answer_kwargs("cache", _SIMPLE), usage=_usage_cached()),
    ),
    Cassette(
        "error_overloaded_midstream",
        "An Anthropic-style error event after the first delta (overloaded_error, no code).",
        events=_overload_midstream(),
    ),
    Cassette(
        "error_http500_1033",
        "HTTP 500 with the Anthropic-style envelope reported with an x-api-key header on the "
        "China host: 'system error (1033)'.",
        status=500,
        body=wire.messages_error_body("api_error", "system error (1033)"),
    ),
    Cassette(
        "error_http400_context_window",
        "HTTP 400 Anthropic-style envelope with http_code and request_id, as MiniMax's chat "
        "endpoint was captured sending it: context window exceeded (2013).",
        status=400,
        body={
            **wire.messages_error_body(
                "bad_request_error",
                "invalid params, context window exceeds limit (2013)",
                http_code="400",
            ),
            "request_id": "0640ba84a1b2c3d4e5f60718293a4b5c",
        },
    ),
    Cassette(
        "error_http401_authentication",
        "HTTP 401 Anthropic-style authentication_error without a MiniMax code.",
        status=401,
        body=wire.messages_error_body("authentication_error", "invalid api key"),
    ),
    Cassette(
        "error_http429_rate_limit",
        "HTTP 429 Anthropic-style rate_limit_error (1002).",
        status=429,
        body=wire.messages_error_body("rate_limit_error", "rate limit exceeded(RPM) (1002)"),
    ),
    Cassette(
        "error_http200_base_resp_1004",
        "HTTP 200 body with only a non-zero base_resp (the chat endpoint's captured 1004 "
        "login failure): an error, never an empty answer.",
        body=wire.base_resp_error_body(
            1004,
            "login fail: Please carry the API secret key in the 'Authorization' field of the "
            "request header",
        ),
    ),
    Cassette(
        "error_http200_base_resp_1008_in_message",
        "HTTP 200 message whose base_resp reports insufficient balance (1008).",
        body={
            **wire.message_body(**_answer_kwargs("balance", _SIMPLE)),
            "content": [],
            "base_resp": {"status_code": 1008, "status_msg": "insufficient balance"},
        },
    ),
]

BY_NAME = {c.name: c for c in CASSETTES_LIST}


def load(name: str) -> tuple[int, bytes, str]:
    """``(status, body bytes, content type)`` of a committed cassette, as served on the wire."""
    c = BY_NAME[name]
    raw = (CASSETTES / c.filename).read_bytes()
    if c.events is not None:
        return 200, raw, "text/event-stream"
    doc = json.loads(raw)
    return doc["status"], json.dumps(doc["body"], ensure_ascii=False).encode(), "application/json"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    CASSETTES.mkdir(parents=True, exist_ok=True)
    bad = []
    for c in CASSETTES_LIST:
        path = CASSETTES / c.filename
        data = c.render()
        if check:
            if not path.exists() or path.read_bytes() != data:
                bad.append(c.filename)
        else:
            path.write_bytes(data)
    if bad:
        print("out of date:", ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
