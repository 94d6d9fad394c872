"""Scenario responses built from the verbatim captures in ``captures/`` (``minimax-wire.md``
appendix A1–A10 and the §4.4 production lines).

A scenario is selected by the URL path ``/scenario/<name>/v1/chat/completions``. Where a
capture is a single line (the §4.4 tool-call deltas), the scenario wraps that verbatim line in
the surrounding chunks a MiniMax stream has (inline ``<think>`` prelude, trailing usage chunk,
``[DONE]``); the docstring of each entry says which parts are verbatim.
Follow-up turns of a tool loop (last message ``role: "tool"``) are answered by the emulator's
brain in the same reasoning mode as the first turn.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import brain, wire

CAPTURES = Path(__file__).parent / "captures"

Response = tuple[int, str, bytes]  # status, content-type, body
JSON = "application/json; charset=utf-8"
SSE = "text/event-stream"


def capture_json(name: str) -> Any:
    return json.loads((CAPTURES / name).read_text(encoding="utf-8"))


def capture_bytes(name: str) -> bytes:
    return (CAPTURES / name).read_bytes()


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
    """A1 verbatim: M2.7-highspeed, inline ``<think>``, answer "56"."""
    return _json(capture_json("a1_inline_think.json"))


def a2_tool_call_inline_think(body: dict[str, Any]) -> Response:
    """A2 verbatim (get_weather, inline think); follow-up answered inline."""
    if _is_follow_up(body):
        return _follow_up(body, split=False, model="MiniMax-M2.1")
    if body.get("stream"):
        # The A2 message streamed the MiniMax way: content pieces, then the whole call.
        message = capture_json("a2_tool_call_inline_think.json")["choices"][0]["message"]
        content = message["content"]
        pieces = [content[i : i + 40] for i in range(0, len(content), 40)]
        chunks: list[dict[str, Any]] = []
        for p in pieces:
            chunks.append({"content": p})
        call = dict(message["tool_calls"][0])
        chunks.append({"tool_calls": [call]})
        events = []
        for n, delta in enumerate(chunks):
            choice: dict[str, Any] = {
                "index": 0,
                "delta": {**delta, "role": "assistant", "name": "MiniMax AI", "audio_content": ""},
            }
            if n == len(chunks) - 1:
                choice = {"finish_reason": "tool_calls", **choice}
            events.append(
                {
                    "id": "055b7928a143b2d21ad6b2bab2c8f8b2",
                    "choices": [choice],
                    "created": 1762412072,
                    "model": "MiniMax-M2.1",
                    "object": "chat.completion.chunk",
                    "usage": None,
                    **wire.SENSITIVE_FLAGS,
                }
            )
        events.append(
            {
                "id": "055b7928a143b2d21ad6b2bab2c8f8b2",
                "choices": [],
                "created": 1762412072,
                "model": "MiniMax-M2.1",
                "object": "chat.completion.chunk",
                "usage": {
                    "total_tokens": 560,
                    "total_characters": 0,
                    "prompt_tokens": 222,
                    "completion_tokens": 338,
                },
                "base_resp": wire.BASE_RESP_OK,
            }
        )
        return 200, SSE, wire.sse(events)
    return _json(capture_json("a2_tool_call_inline_think.json"))


def a3_tool_call_reasoning_split(body: dict[str, Any]) -> Response:
    """A3 verbatim (get_weather, ``reasoning_details``); follow-up answered split."""
    if _is_follow_up(body):
        return _follow_up(body, split=True, model="MiniMax-M2.1")
    return _json(capture_json("a3_tool_call_reasoning_split.json"))


def a7_m1_reasoning_content(body: dict[str, Any]) -> Response:
    """A7 verbatim: M1 on the native v2 endpoint, ``reasoning_content`` field."""
    return _json(capture_json("a7_m1_reasoning_content.json"))


# ------------------------------------------------------------------ streamed captures


def a5_stream_inline_usage(body: dict[str, Any]) -> Response:
    """A5 verbatim: M2.7 production stream, inline think, trailing usage chunk + [DONE]."""
    return 200, SSE, capture_bytes("a5_stream_inline_usage.sse")


def a9_stream_inline(body: dict[str, Any]) -> Response:
    """A9 verbatim: M2.7 OpenAPI stream example (no usage chunk) + [DONE]."""
    return 200, SSE, capture_bytes("a9_stream_inline.sse")


def a8_v2_stream_final_message(body: dict[str, Any]) -> Response:
    """A8 verbatim: native v2 stream ending with a full ``chat.completion`` event."""
    return 200, SSE, capture_bytes("a8_v2_stream_final_message.sse")


def a6_same_index_different_ids(body: dict[str, Any]) -> Response:
    """A6 verbatim (devrix fixture): two parallel calls both on ``index: 0``."""
    return 200, SSE, capture_bytes("a6_same_index_different_ids.sse")


_ENVELOPE = {"created": 1779514009, "model": "MiniMax-M2.7", "object": "chat.completion.chunk"}


def _chunk(
    delta: dict[str, Any],
    *,
    finish: str | None = None,
    rid: str = "06606d9933ccdc19dddfa3af953a03d3",
    usage: Any = None,
) -> dict[str, Any]:
    choice: dict[str, Any] = {
        "index": 0,
        "delta": {"role": "assistant", "name": "MiniMax AI", **delta},
    }
    if finish:
        choice = {"finish_reason": finish, **choice}
    return {"id": rid, "choices": [choice], **_ENVELOPE, "usage": usage, **wire.SENSITIVE_FLAGS}


def _usage_chunk(rid: str = "06606d9933ccdc19dddfa3af953a03d3") -> dict[str, Any]:
    return {
        "id": rid,
        "choices": [],
        **_ENVELOPE,
        "usage": {
            "total_tokens": 300,
            "total_characters": 0,
            "prompt_tokens": 250,
            "completion_tokens": 50,
            "completion_tokens_details": {"reasoning_tokens": 20},
        },
        "base_resp": wire.BASE_RESP_OK,
    }


def _raw_line(line: str) -> bytes:
    return f"data: {line}\n\n".encode()


def stream_tool_whole_call_on_finish_chunk(body: dict[str, Any]) -> Response:
    """§4.4 verbatim production line (whole call, ``index: 1``, on the finish chunk), after an
    inline think prelude; trailing usage chunk and [DONE] added."""
    verbatim = (
        '{"id":"06606d99","choices":[{"finish_reason":"tool_calls","index":0,"delta":{"role":"assistant",'
        '"name":"MiniMax AI","tool_calls":[{"id":"call_function_jpaq2z2bgfh7_2","type":"function",'
        '"function":{"name":"read_file","arguments":"{\\"paths\\": [\\"src/providers/minimax.rs\\"]}"},'
        '"index":1}]}}],"created":1779514009,"model":"MiniMax-M2.7","object":"chat.completion.chunk"}'
    )
    out = _raw_line(
        json.dumps(
            _chunk(
                {"content": "<think>\nI should read the provider file.\n</think>\n\n"},
                rid="06606d99",
            )
        )
    )
    out += _raw_line(verbatim)
    out += _raw_line(json.dumps(_usage_chunk("06606d99")))
    return 200, SSE, out + b"data: [DONE]\n\n"


def stream_tool_argument_fragments(body: dict[str, Any]) -> Response:
    """§4.4: id/name only on the first delta, then ``arguments`` fragments; the last fragment
    line (with its zero ``usage`` object) is the verbatim production line."""
    rid = "06606d9933ccdc19dddfa3af953a03d3"
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
        json.dumps(_usage_chunk(rid)),
    ]
    return 200, SSE, b"".join(_raw_line(x) for x in lines) + b"data: [DONE]\n\n"


def stream_tool_arguments_object(body: dict[str, Any]) -> Response:
    """§4.4 (oh-my-pi#1779): ``arguments`` streamed as a JSON object instead of a string."""
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
    return 200, SSE, b"".join(_raw_line(json.dumps(x)) for x in lines) + b"data: [DONE]\n\n"


def stream_tool_finish_reason_tool_call(body: dict[str, Any]) -> Response:
    """§4.4: singular ``finish_reason: "tool_call"`` (observed in production logs)."""
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
    return 200, SSE, b"".join(_raw_line(json.dumps(x)) for x in lines) + b"data: [DONE]\n\n"


def stream_text_then_tool_calls(body: dict[str, Any]) -> Response:
    """Inline think, a visible sentence, then two parallel calls (ids ``_1``/``_2``, indices
    0/1) — the v1 block-index collision case of the anchors (§2.4)."""
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
    return 200, SSE, b"".join(_raw_line(json.dumps(x)) for x in lines) + b"data: [DONE]\n\n"


def stream_split_reasoning_details(body: dict[str, Any]) -> Response:
    """§3.2 (issue MiniMax-M2#95): incremental ``reasoning_details`` fragments, then clean
    content, plus the A6 filler chunk verbatim in the middle."""
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
    return 200, SSE, b"".join(_raw_line(json.dumps(x)) for x in lines) + b"data: [DONE]\n\n"


# ------------------------------------------------------------------ errors (A10, §6.1)


def _a10(i: int) -> Any:
    return capture_json("a10_errors.json")[i]


def a10_unknown_model(body: dict[str, Any]) -> Response:
    """A10 verbatim: HTTP 400, 2013 unknown model."""
    return _json(_a10(0), 400)


def a10_context_window(body: dict[str, Any]) -> Response:
    """A10 verbatim: HTTP 400, 2013 context window exceeds limit."""
    return _json(_a10(1), 400)


def a10_login_fail_base_resp(body: dict[str, Any]) -> Response:
    """A10 verbatim: HTTP 200 with ``base_resp`` 1004 (login fail)."""
    return _json(_a10(2), 200)


def a10_tool_id_not_found(body: dict[str, Any]) -> Response:
    """A10 verbatim: ``{"error": {..., "code": "invalid_prompt"}}`` (HTTP 400)."""
    return _json(_a10(6), 400)


def a10_system_error_1033(body: dict[str, Any]) -> Response:
    """A10 verbatim: Anthropic-style ``api_error`` 1033 (HTTP 500; retryable)."""
    return _json(_a10(7), 500)


def http401_login_fail(body: dict[str, Any]) -> Response:
    """§6.1 verbatim: HTTP 401 ``authorized_error`` (1004)."""
    return _json(
        {
            "type": "error",
            "error": {
                "type": "authorized_error",
                "message": "login fail: Please carry the API secret key in the 'Authorization' field of the request header (1004)",
                "http_code": "401",
            },
            "request_id": "0640ba838096cbdbe96fe03bc1654ebe",
        },
        401,
    )


def base_resp_1008_insufficient_balance(body: dict[str, Any]) -> Response:
    """Anchors §1.3 #5: HTTP 200, ``choices: null`` + ``base_resp`` 1008 (also in an SSE line)."""
    payload = {
        "choices": None,
        "base_resp": {"status_code": 1008, "status_msg": "insufficient balance"},
    }
    if body.get("stream"):
        return 200, SSE, _raw_line(json.dumps(payload)) + b"data: [DONE]\n\n"
    return _json(payload)


def base_resp_1002_rate_limit(body: dict[str, Any]) -> Response:
    """§6.1 item 2: rate limiting as HTTP 200 + ``base_resp`` 1002."""
    return _json({"base_resp": {"status_code": 1002, "status_msg": "rate limit"}})


def sse_embedded_error(body: dict[str, Any]) -> Response:
    """§6.1 (devrix test): an SSE-embedded ``data: {"error": …}`` event after some content."""
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
    return 200, SSE, b"".join(_raw_line(x) for x in lines)


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
