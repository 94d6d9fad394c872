"""Scenario responses built from the verbatim captures in ``captures/`` (
docs/wire-format.md 'Captured examples' and the 'Streamed tool-call shapes' production lines).

A scenario is selected by the URL path ``/scenario/<name>/v1/chat/completions``. Where a
capture is a single line (the docs/wire-format.md 'Streamed tool-call shapes' tool-call deltas), the scenario wraps that verbatim line in
the surrounding chunks a MiniMax stream has (inline ``<think>`` prelude, trailing usage chunk,
``[DONE]``); the docstring of each entry says which parts are verbatim.
Follow-up turns of a tool loop (last message ``role: "tool"``) are answered by the emulator's
brain in the same reasoning mode as the first turn.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .. import wire
from ..recorded import a10_errors, capture_json, sse_payloads
from . import brain

Response = tuple[int, str, bytes]  # status, content-type, body
JSON = "application/json; charset=utf-8"
SSE = "text/event-stream"


def _json(obj: Any, status: int = 200) -> Response:
    return status, JSON, json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _follow_up(
    body: dict[str, Any], *, split: bool, model: str, empty_arguments: str = "{}"
) -> Response:
    """The brain's answer (after a tool result, or to any turn), in the given reasoning mode."""
    answer = brain.decide(body)
    seed = json.dumps(body, sort_keys=True)
    if body.get("stream"):
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        events = wire.stream_events(
            seed=seed,
            model=model,
            answer=answer,
            prompt_tokens=brain.prompt_tokens(body),
            split=split,
            include_usage=include_usage,
            empty_arguments=empty_arguments,
        )
        return 200, SSE, wire.sse(events)
    return _json(
        wire.completion_body(
            seed=seed,
            model=model,
            answer=answer,
            prompt_tokens=brain.prompt_tokens(body),
            split=split,
            empty_arguments=empty_arguments,
        )
    )


def _is_follow_up(body: dict[str, Any]) -> bool:
    messages = body.get("messages") or []
    return bool(messages) and messages[-1].get("role") == "tool"


# ------------------------------------------------------------------ non-streamed captures


def a1_inline_think(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' verbatim: M2.7-highspeed, inline ``<think>``, answer "56"."""
    return _json(capture_json("a1_inline_think.json"))


def a2_tool_call_inline_think(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: tool call with inline think (M2.1)' verbatim (get_weather, inline think); follow-up answered inline."""
    if _is_follow_up(body):
        return _follow_up(body, split=False, model="MiniMax-M2.1")
    if body.get("stream"):
        # The docs/wire-format.md 'Example: tool call with inline think (M2.1)' message streamed the MiniMax way: content pieces, then the whole call.
        message = capture_json("a2_tool_call_inline_think.json")["choices"][0]["message"]
        content = message["content"]
        pieces = [content[i : i + 40] for i in range(0, len(content), 40)]
        chunks: list[dict[str, Any]] = []
        for p in pieces:
            chunks.append({"content": p})
        call = dict(message["tool_calls"][0])
        chunks.append({"tool_calls": [call]})
        rid, created, model = "055b7928a143b2d21ad6b2bab2c8f8b2", 1762412072, "MiniMax-M2.1"
        events = [
            wire.chunk(
                rid,
                wire.assistant_delta(**delta),
                model=model,
                created=created,
                finish="tool_calls" if n == len(chunks) - 1 else None,
            )
            for n, delta in enumerate(chunks)
        ]
        usage = {
            "total_tokens": 560,
            "total_characters": 0,
            "prompt_tokens": 222,
            "completion_tokens": 338,
        }
        events.append(wire.usage_chunk(rid, usage, model=model, created=created))
        return 200, SSE, wire.sse(events)
    return _json(capture_json("a2_tool_call_inline_think.json"))


def a3_tool_call_reasoning_split(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: tool call with split reasoning (M2.1)' verbatim (get_weather, ``reasoning_details``); follow-up answered split."""
    if _is_follow_up(body):
        return _follow_up(body, split=True, model="MiniMax-M2.1")
    return _json(capture_json("a3_tool_call_split.json"))


def a7_m1_reasoning_content(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: native v2 answer with reasoning_content (M1)' verbatim: M1 on the native v2 endpoint, ``reasoning_content`` field."""
    return _json(capture_json("a7_m1_reasoning_content.json"))


# ------------------------------------------------------------------ streamed captures


def a5_stream_inline_usage(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)' verbatim: M2.7 production stream, inline think, trailing usage chunk + [DONE]."""
    return 200, SSE, wire.sse(sse_payloads("a5_stream_inline_usage.sse"))


def a9_stream_inline(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: official stream example (M2.7)' verbatim: M2.7 OpenAPI stream example (no usage chunk) + [DONE]."""
    return 200, SSE, wire.sse(capture_json("a9_stream_events.json"))


def a8_v2_stream_final_message(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: native v2 stream ending with a full message (M1)' verbatim: native v2 stream ending with a full ``chat.completion`` event."""
    return 200, SSE, wire.sse(capture_json("a8_v2_stream_events.json"))


def a6_same_index_different_ids(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: parallel tool calls reusing index 0' verbatim (devrix fixture): two parallel calls both on ``index: 0``."""
    return 200, SSE, wire.sse(sse_payloads("a6_same_index_different_ids.sse"))


_RID, _CREATED, _MODEL = "06606d9933ccdc19dddfa3af953a03d3", 1779514009, "MiniMax-M2.7"


def _chunk(
    delta: dict[str, Any], *, finish: str | None = None, rid: str = _RID, usage: Any = None
) -> dict[str, Any]:
    return wire.chunk(
        rid,
        {**wire.ASSISTANT, **delta},
        model=_MODEL,
        created=_CREATED,
        finish=finish,
        usage=usage,
    )


def _usage_chunk(rid: str = _RID) -> dict[str, Any]:
    usage = {
        "total_tokens": 300,
        "total_characters": 0,
        "prompt_tokens": 250,
        "completion_tokens": 50,
        "completion_tokens_details": {"reasoning_tokens": 20},
    }
    return wire.usage_chunk(rid, usage, model=_MODEL, created=_CREATED)


def stream_tool_whole_call_on_finish_chunk(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Streamed tool-call shapes' verbatim production line (whole call, ``index: 1``, on the finish chunk), after an
    inline think prelude; trailing usage chunk and [DONE] added."""
    verbatim = (
        '{"id":"06606d99","choices":[{"finish_reason":"tool_calls","index":0,"delta":{"role":"assistant",'
        '"name":"MiniMax AI","tool_calls":[{"id":"call_function_jpaq2z2bgfh7_2","type":"function",'
        '"function":{"name":"read_file","arguments":"{\\"paths\\": [\\"src/providers/minimax.rs\\"]}"},'
        '"index":1}]}}],"created":1779514009,"model":"MiniMax-M2.7","object":"chat.completion.chunk"}'
    )
    first = _chunk(
        {"content": "<think>\nI should read the provider file.\n</think>\n\n"}, rid="06606d99"
    )
    return 200, SSE, wire.sse([first, verbatim, _usage_chunk("06606d99")])


def stream_tool_argument_fragments(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Streamed tool-call shapes': id/name only on the first delta, then ``arguments`` fragments; the last fragment
    line (with its zero ``usage`` object) is the verbatim production line."""
    zero = {"total_tokens": 0, "total_characters": 0}
    lines = [
        json.dumps(
            _chunk({"content": "<think>\nSearch the code for the event tag.\n</th"}, usage=zero)
        ),
        json.dumps(_chunk({"content": "ink>\n\n"}, usage=zero)),
        json.dumps(
            _chunk(
                {
                    "tool_calls": [
                        {
                            "id": "call_function_k3v9x2m1qa_1",
                            "type": "function",
                            "function": {"name": "grep", "arguments": '{"pattern": "'},
                            "index": 0,
                        }
                    ]
                },
                usage=zero,
            )
        ),
        json.dumps(
            _chunk(
                {"tool_calls": [{"function": {"arguments": "on_tool_"}, "index": 0}]}, usage=zero
            )
        ),
        # verbatim production line (the "…" of the reference elided the sensitivity flags):
        '{"id":"06606d9933ccdc19dddfa3af953a03d3","choices":[{"index":0,"delta":{"role":"assistant",'
        '"name":"MiniMax AI","tool_calls":[{"function":{"arguments":"|event::\\"}"},"index":0}]}}],'
        '"created":1779514009,"model":"MiniMax-M2.7","object":"chat.completion.chunk",'
        '"usage":{"total_tokens":0,"total_characters":0},"input_sensitive":false}',
        json.dumps(_chunk({}, finish="tool_calls", usage=zero)),
        _usage_chunk(),
    ]
    return 200, SSE, wire.sse(lines)


def stream_tool_arguments_object(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Streamed tool-call shapes' (oh-my-pi#1779): ``arguments`` streamed as a JSON object instead of a string."""
    lines = [
        _chunk({"content": "<think>\nWeather lookup.\n</think>\n\n"}),
        _chunk(
            {
                "tool_calls": [
                    {
                        "id": "call_function_5521907733_1",
                        "type": "function",
                        "function": {
                            "name": "get_weather",
                            "arguments": {"location": "San Francisco, US"},
                        },
                        "index": 0,
                    }
                ]
            },
            finish="tool_calls",
        ),
        _usage_chunk(),
    ]
    return 200, SSE, wire.sse(lines)


def stream_tool_finish_reason_tool_call(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Streamed tool-call shapes': singular ``finish_reason: "tool_call"`` (observed in production logs)."""
    lines = [
        _chunk({"content": "<think>\nCall the weather tool.\n</think>\n\n"}),
        _chunk(
            {
                "tool_calls": [
                    {
                        "id": "call_function_8812093311_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"location": "Paris"}'},
                        "index": 0,
                    }
                ]
            },
            finish="tool_call",
        ),
        _usage_chunk(),
    ]
    return 200, SSE, wire.sse(lines)


def stream_text_then_tool_calls(body: dict[str, Any]) -> Response:
    """Inline think, a visible sentence, then two parallel calls (ids ``_1``/``_2``, indices
    0/1) — the case where LangChain's v1 content blocks, keyed
    by index, must keep the two calls apart."""
    if _is_follow_up(body):
        return _follow_up(body, split=False, model="MiniMax-M2.7")
    lines = [
        _chunk({"content": "<think>\nTwo cities: call get_weather twice.\n</th"}),
        _chunk({"content": "ink>\n\nLet me check both cities."}),
        _chunk(
            {
                "tool_calls": [
                    {
                        "id": "call_function_4410021931_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"location": '},
                        "index": 0,
                    }
                ]
            }
        ),
        _chunk({"tool_calls": [{"function": {"arguments": '"Paris"}'}, "index": 0}]}),
        _chunk(
            {
                "tool_calls": [
                    {
                        "id": "call_function_4410021931_2",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"location": "Tokyo"}'},
                        "index": 1,
                    }
                ]
            },
            finish="tool_calls",
        ),
        _usage_chunk(),
    ]
    return 200, SSE, wire.sse(lines)


def stream_split_reasoning_details(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Cumulative or incremental reasoning' (issue MiniMax-M2#95): incremental ``reasoning_details`` fragments, then clean
    content, plus the docs/wire-format.md 'Example: filler chunk (M2.5)' filler chunk verbatim in the middle."""
    rid = "0640a1b2c3d4e5f60718293a4b5c6d7e"
    filler = capture_json("a6_filler_chunk.json")

    def rd(text: str) -> dict[str, Any]:
        return {
            "content": "",
            "reasoning_details": [
                {
                    "type": "reasoning.text",
                    "id": "reasoning-text-1",
                    "format": "MiniMax-response-v1",
                    "index": 0,
                    "text": text,
                }
            ],
        }

    lines = [
        _chunk(rd("The user"), rid=rid),
        _chunk(rd(" is asking how I am. I should reply warmly."), rid=rid),
        filler,
        _chunk({"content": "I'm doing great"}, rid=rid),
        _chunk({"content": ", thanks for asking!"}, finish="stop", rid=rid),
        _usage_chunk(rid),
    ]
    return 200, SSE, wire.sse(lines)


# ------------------------------------------------------------------ errors (docs/wire-format.md 'Example: error envelopes', 'Error envelopes')


def _a10(i: int) -> Any:
    return a10_errors()[i]


def a10_unknown_model(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: error envelopes' verbatim: HTTP 400, 2013 unknown model."""
    return _json(_a10(0), 400)


def a10_context_window(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: error envelopes' verbatim: HTTP 400, 2013 context window exceeds limit."""
    return _json(_a10(1), 400)


def a10_login_fail_base_resp(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: error envelopes' verbatim: HTTP 200 with ``base_resp`` 1004 (login fail)."""
    return _json(_a10(2), 200)


def a10_tool_id_not_found(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: error envelopes' verbatim: ``{"error": {..., "code": "invalid_prompt"}}`` (HTTP 400)."""
    return _json(_a10(6), 400)


def a10_system_error_1033(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Example: error envelopes' verbatim: Anthropic-style ``api_error`` 1033 (HTTP 500; retryable)."""
    return _json(_a10(7), 500)


def http401_login_fail(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Error envelopes' verbatim: HTTP 401 ``authorized_error`` (1004)."""
    message = (
        "login fail: Please carry the API secret key in the 'Authorization' field of the"
        " request header (1004)"
    )
    error = wire.openai_error(
        401, message, kind="authorized_error", request_id="0640ba838096cbdbe96fe03bc1654ebe"
    )
    return _json(error, 401)


def base_resp_1008_insufficient_balance(body: dict[str, Any]) -> Response:
    """Insufficient balance as a success-looking answer: HTTP 200, ``choices: null`` + ``base_resp`` 1008 (also in an SSE line)."""
    payload = {
        "choices": None,
        "base_resp": {"status_code": 1008, "status_msg": "insufficient balance"},
    }
    if body.get("stream"):
        return 200, SSE, wire.sse([payload])
    return _json(payload)


def base_resp_1002_rate_limit(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Error envelopes' item 2: rate limiting as HTTP 200 + ``base_resp`` 1002."""
    return _json(wire.base_resp_error_body(1002, "rate limit"))


def sse_embedded_error(body: dict[str, Any]) -> Response:
    """docs/wire-format.md 'Error envelopes' (devrix test): an SSE-embedded ``data: {"error": …}`` event after some content."""
    lines = [
        json.dumps(_chunk({"content": "<think>\nStarting"})),
        json.dumps(
            {
                "error": {
                    "message": "invalid params, tool call result does not follow tool call (2013)",
                    "type": "bad_request_error",
                }
            }
        ),
    ]
    return 200, SSE, wire.sse(lines, done=False)


def empty_tool_arguments(body: dict[str, Any]) -> Response:
    """The emulated model, except that a call to a tool without parameters carries
    ``arguments: ""`` — what MiniMax streams for such a tool (issue #10 §3); the non-streamed
    answer uses the same ``""`` so both paths meet it. Replaying ``""`` is refused with 2013."""
    model = str(body.get("model") or "MiniMax-M2.7")
    split = bool(body.get("reasoning_split"))
    return _follow_up(body, split=split, model=model, empty_arguments="")


SCENARIOS: dict[str, Callable[[dict[str, Any]], Response]] = {
    fn.__name__: fn
    for fn in (
        a1_inline_think,
        a2_tool_call_inline_think,
        a3_tool_call_reasoning_split,
        a7_m1_reasoning_content,
        a5_stream_inline_usage,
        a9_stream_inline,
        a8_v2_stream_final_message,
        a6_same_index_different_ids,
        stream_tool_whole_call_on_finish_chunk,
        stream_tool_argument_fragments,
        stream_tool_arguments_object,
        stream_tool_finish_reason_tool_call,
        stream_split_reasoning_details,
        stream_text_then_tool_calls,
        a10_unknown_model,
        a10_context_window,
        a10_login_fail_base_resp,
        a10_tool_id_not_found,
        a10_system_error_1033,
        http401_login_fail,
        base_resp_1008_insufficient_balance,
        base_resp_1002_rate_limit,
        sse_embedded_error,
        empty_tool_arguments,
    )
}
