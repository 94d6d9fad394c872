"""MiniMax's OpenAI-compatible wire shapes, as captured in docs/wire-format.md ('Example: plain answer with inline think (M2.7-highspeed)', 'Example: tool call with split reasoning (M2.1)', 'Example: streamed answer with inline think and trailing usage chunk (M2.7)', 'Example: official stream example (M2.7)').

Everything here builds bodies and SSE events the way MiniMax's official endpoint does —
never OpenAI's: ``name: "MiniMax AI"`` and ``audio_content: ""`` on every message/delta, the
sensitivity flags on every object, ``base_resp`` on the body and on the trailing usage event,
``usage: null`` on intermediate stream chunks, a trailing usage chunk with ``choices: []``
(only when ``stream_options.include_usage`` was asked), tool-call ids
``call_function_<10 digits>_<n>`` and ``finish_reason`` on the last content chunk.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

SENSITIVE_FLAGS: dict[str, Any] = {
    "input_sensitive": False,
    "output_sensitive": False,
    "input_sensitive_type": 0,
    "output_sensitive_type": 0,
    "output_sensitive_int": 0,
}
BASE_RESP_OK = {"status_code": 0, "status_msg": ""}
CREATED = 1777421217  # fixed so re-recorded cassettes are stable
#: The M3.1 family's reasoning-effort levels, cheapest first.
EFFORT_LEVELS = ("low", "medium", "high", "xhigh", "max")


#: The speaker fields MiniMax puts on every assistant message and delta.
ASSISTANT: dict[str, Any] = {"role": "assistant", "name": "MiniMax AI"}


def assistant_delta(**fields: Any) -> dict[str, Any]:
    """``fields`` then ``role``/``name``/``audio_content``, as on every streamed delta (docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)')."""
    return {**fields, **ASSISTANT, "audio_content": ""}


def chunk(
    rid: str,
    delta: dict[str, Any],
    *,
    model: str,
    created: int = CREATED,
    finish: str | None = None,
    usage: Any = None,
    flags: dict[str, Any] = SENSITIVE_FLAGS,
) -> dict[str, Any]:
    """One ``chat.completion.chunk`` carrying ``delta`` as given (``finish_reason`` first in the
    choice when set, ``usage: null`` on intermediate chunks, the sensitivity flags)."""
    choice: dict[str, Any] = {"index": 0, "delta": delta}
    if finish:
        choice = {"finish_reason": finish, **choice}
    return {
        "id": rid,
        "choices": [choice],
        "created": created,
        "model": model,
        "object": "chat.completion.chunk",
        "usage": usage,
        **flags,
    }


def usage_chunk(
    rid: str, usage: dict[str, Any], *, model: str, created: int = CREATED
) -> dict[str, Any]:
    """The trailing usage chunk (docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)'): ``choices: []``, ``usage`` and ``base_resp``, no flags."""
    return {
        "id": rid,
        "choices": [],
        "created": created,
        "model": model,
        "object": "chat.completion.chunk",
        "usage": usage,
        "base_resp": BASE_RESP_OK,
    }


def completion(
    rid: str,
    message: dict[str, Any],
    *,
    model: str,
    finish: str,
    usage: dict[str, Any],
    created: int = CREATED,
    flags: dict[str, Any] = SENSITIVE_FLAGS,
) -> dict[str, Any]:
    """A non-streamed ``chat.completion`` around ``message`` (docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)')."""
    return {
        "id": rid,
        "choices": [{"finish_reason": finish, "index": 0, "message": message}],
        "created": created,
        "model": model,
        "object": "chat.completion",
        "usage": usage,
        **flags,
        "base_resp": BASE_RESP_OK,
    }


def openai_error(
    status: int,
    message: str,
    *,
    kind: str = "bad_request_error",
    request_id: str = "0640ba836689481a9c9410847decb247",
) -> dict[str, Any]:
    """The OpenAI-style error body MiniMax sends with an HTTP error status (docs/wire-format.md 'Example: error envelopes')."""
    return {
        "type": "error",
        "error": {"type": kind, "message": message, "http_code": str(status)},
        "request_id": request_id,
    }


def base_resp_error(code: int, msg: str) -> dict[str, Any]:
    """An HTTP-200 chat answer that is an error: ``choices: null`` plus a non-zero
    ``base_resp`` (docs/wire-format.md 'Example: error envelopes')."""
    return {
        "id": "",
        "choices": None,
        "created": 0,
        "model": "",
        "object": "",
        "usage": {"total_tokens": 0, "total_characters": 0},
        "input_sensitive": False,
        "output_sensitive": False,
        "base_resp": {"status_code": code, "status_msg": msg},
    }


def sse_line(obj: Any) -> bytes:
    """One SSE event: ``data: <json>\\n\\n`` (a ``str`` is sent as is)."""
    text = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)
    return f"data: {text}\n\n".encode()


def digest(seed: str) -> str:
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def response_id(seed: str) -> str:
    """32 hex chars like MiniMax's ``06407ea121ddc267a22ca62c3e0a6997``."""
    return "06" + digest(seed)[:30]


def tool_call_id(seed: str, n: int) -> str:
    """``call_function_<10 digits>_<n>`` (1-based ``n``), MiniMax's id style (docs/wire-format.md 'Tool-call responses')."""
    digits = str(int(digest(seed)[:12], 16))[-10:].rjust(10, "1")
    return f"call_function_{digits}_{n}"


def count_tokens(text: str) -> int:
    """A rough, deterministic token count (≈ 4 chars per token)."""
    return max(1, (len(text) + 3) // 4)


@dataclass
class UsageShape:
    """Which details the ``usage`` object reports. The default is docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)' capture's shape
    (``completion_tokens_details.reasoning_tokens`` and ``prompt_tokens_details.cached_tokens:
    0``). ``None`` leaves a counter out; with ``cache_control`` MiniMax also reports
    ``cache_read_input_tokens`` / ``cache_creation_input_tokens``, which ``cache_at_top`` puts at
    the top level of ``usage`` instead of under ``prompt_tokens_details``. ``details=False`` is
    docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' capture's shape: no ``*_details`` objects at all."""

    details: bool = True
    cached_tokens: int | None = 0
    cache_read_input_tokens: int | None = None
    cache_creation_input_tokens: int | None = None
    cache_at_top: bool = False


@dataclass
class Answer:
    """What the emulated model says: reasoning, visible text, tool calls (name, args).

    ``reasoning=None`` is a model without reasoning (``MiniMax-Text-01``): ``content`` is the
    text exactly as written, with no ``<think>`` block. A ``finish_reason`` of
    ``"content_filter"`` also raises the ``output_sensitive`` flags, as MiniMax does.
    """

    reasoning: str | None
    text: str = ""
    tool_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    finish_reason: str | None = None
    usage: UsageShape = field(default_factory=UsageShape)

    @property
    def finish(self) -> str:
        if self.finish_reason:
            return self.finish_reason
        return "tool_calls" if self.tool_calls else "stop"


def effort_reasoning(reasoning: str, effort: str) -> str:
    """Deterministic reasoning whose length grows with the effort level (M3.1)."""
    rank = EFFORT_LEVELS.index(effort) if effort in EFFORT_LEVELS else len(EFFORT_LEVELS) - 1
    checks = " ".join(f"Check {i + 1}: the answer still holds." for i in range(rank * 2))
    return f"{reasoning} {checks}".strip()


def inline_content(answer: Answer) -> str:
    """The default M2.x ``content``: ``<think>\\n…\\n</think>\\n\\n`` + answer (docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)'/'Example: tool call with inline think (M2.1)'); just
    the answer for a model without reasoning."""
    if answer.reasoning is None:
        return answer.text
    tail = answer.text if answer.text else "\n"
    return f"<think>\n{answer.reasoning}\n</think>\n\n{tail}"


def usage_dict(prompt_tokens: int, answer: Answer) -> dict[str, Any]:
    reasoning_tokens = count_tokens(answer.reasoning) if answer.reasoning else 0
    visible = answer.text + "".join(json.dumps(a, ensure_ascii=False) for _, a in answer.tool_calls)
    completion = reasoning_tokens + (count_tokens(visible) if visible else 0)
    shape = answer.usage
    usage: dict[str, Any] = {
        "total_tokens": prompt_tokens + completion,
        "total_characters": 0,
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion,
    }
    cache = {
        k: v
        for k, v in (
            ("cached_tokens", shape.cached_tokens),
            ("cache_read_input_tokens", shape.cache_read_input_tokens),
            ("cache_creation_input_tokens", shape.cache_creation_input_tokens),
        )
        if v is not None
    }
    if shape.details:
        usage["completion_tokens_details"] = {"reasoning_tokens": reasoning_tokens}
        if not shape.cache_at_top:
            usage["prompt_tokens_details"] = cache
    if shape.cache_at_top or not shape.details:
        usage.update(cache)
    return usage


def sensitive_flags(answer: Answer) -> dict[str, Any]:
    """The sensitivity flags: all clear, or ``output_sensitive`` for a filtered answer."""
    if answer.finish != "content_filter":
        return SENSITIVE_FLAGS
    return {**SENSITIVE_FLAGS, "output_sensitive": True, "output_sensitive_type": 1}


def _wire_tool_calls(
    seed: str, answer: Answer, empty_arguments: str = "{}"
) -> list[dict[str, Any]]:
    """The calls in wire form; a call without arguments carries ``empty_arguments`` (MiniMax
    streams ``""`` for a tool without parameters)."""
    return [
        {
            "id": tool_call_id(seed, i + 1),
            "type": "function",
            "function": {
                "name": name,
                "arguments": json.dumps(args, ensure_ascii=False) if args else empty_arguments,
            },
            "index": i,
        }
        for i, (name, args) in enumerate(answer.tool_calls)
    ]


def completion_body(
    *,
    seed: str,
    model: str,
    answer: Answer,
    prompt_tokens: int,
    split: bool,
    reasoning_content: bool = False,
    empty_arguments: str = "{}",
) -> dict[str, Any]:
    """A non-streamed ``chat.completion`` (docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' inline, 'Example: tool call with split reasoning (M2.1)' split). ``reasoning_content``:
    split reasoning also as a ``reasoning_content`` string, as M3 sends it (docs/wire-format.md
    'Example: M3 split message')."""
    message: dict[str, Any] = {
        "content": (answer.text or "\n") if split else inline_content(answer),
        **ASSISTANT,
    }
    if answer.tool_calls:
        message["tool_calls"] = _wire_tool_calls(seed, answer, empty_arguments)
    message["audio_content"] = ""
    if split and answer.reasoning and reasoning_content:
        message["reasoning_content"] = answer.reasoning
    if split and answer.reasoning:
        message["reasoning_details"] = [
            {
                "type": "reasoning.text",
                "id": "reasoning-text-1",
                "format": "MiniMax-response-v1",
                "index": 0,
                "text": answer.reasoning,
            }
        ]
    return completion(
        response_id(seed),
        message,
        model=model,
        finish=answer.finish,
        usage=usage_dict(prompt_tokens, answer),
        flags=sensitive_flags(answer),
    )


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def stream_events(
    *,
    seed: str,
    model: str,
    answer: Answer,
    prompt_tokens: int,
    split: bool,
    include_usage: bool,
    chunk_chars: int = 23,
    empty_arguments: str = "{}",
) -> list[dict[str, Any]]:
    """The SSE ``data:`` objects of a streamed answer (docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)'/'Example: official stream example (M2.7)' inline, 'Structured reasoning fields' split, 'Streamed tool-call shapes' tools).

    Inline mode streams the raw ``<think>…</think>`` content in small fixed-size pieces, so the
    tags straddle chunk boundaries (docs/wire-format.md 'Inline think tags in content'). Split mode streams ``reasoning_details`` fragments
    (incremental) and then clean content. Tool calls: the first delta of a call carries
    ``id``/``type``/``name`` and the first argument fragment, the following ones only
    ``index`` + an ``arguments`` fragment (docs/wire-format.md 'Streamed tool-call shapes' "id only on the first delta").
    """
    rid = response_id(seed)
    deltas: list[dict[str, Any]] = []
    if split:
        for piece in _pieces(answer.reasoning, chunk_chars * 2) if answer.reasoning else []:
            deltas.append(
                {
                    "content": "",
                    "reasoning_details": [
                        {
                            "type": "reasoning.text",
                            "id": "reasoning-text-1",
                            "format": "MiniMax-response-v1",
                            "index": 0,
                            "text": piece,
                        }
                    ],
                }
            )
        for piece in _pieces(answer.text or "\n", chunk_chars):
            deltas.append({"content": piece})
    else:
        for piece in _pieces(inline_content(answer), chunk_chars):
            deltas.append({"content": piece})
    for i, call in enumerate(_wire_tool_calls(seed, answer, empty_arguments)):
        args = call["function"]["arguments"]
        fragments = _pieces(args, 12)
        deltas.append(
            {
                "tool_calls": [
                    {
                        "id": call["id"],
                        "type": "function",
                        "function": {"name": call["function"]["name"], "arguments": fragments[0]},
                        "index": i,
                    }
                ]
            }
        )
        for frag in fragments[1:]:
            deltas.append({"tool_calls": [{"function": {"arguments": frag}, "index": i}]})

    events: list[dict[str, Any]] = []
    flags = sensitive_flags(answer)
    for n, delta in enumerate(deltas):
        finish = answer.finish if n == len(deltas) - 1 else None
        events.append(chunk(rid, assistant_delta(**delta), model=model, finish=finish, flags=flags))
    if include_usage:
        events.append(usage_chunk(rid, usage_dict(prompt_tokens, answer), model=model))
    return events


def sse(events: list[Any], *, done: bool = True) -> bytes:
    """Frame events as ``data: {json}\\n\\n`` lines (a ``str`` event is a verbatim line),
    ending with ``data: [DONE]``."""
    out = b"".join(sse_line(e) for e in events)
    return out + sse_line("[DONE]") if done else out


# ------------------------------------------------------------------------------ embeddings
# MiniMax's native embeddings answer, from its documented shape (not a verbatim capture):
# ``{"vectors": [[...], ...], "total_tokens": N, "base_resp": {"status_code": 0, ...}}``;
# errors are HTTP 200 with a non-zero ``base_resp`` and no ``vectors``.

EMBEDDING_DIM = 1536  # embo-01's documented dimension


def embedding_vector(text: str, embed_type: str, dim: int = EMBEDDING_DIM) -> list[float]:
    """A deterministic unit-ish vector for ``text`` (differs between ``db`` and ``query``)."""
    raw = hashlib.sha256(f"{embed_type}\0{text}".encode()).digest()
    while len(raw) < dim:
        raw += hashlib.sha256(raw[-32:]).digest()
    return [round((b - 127.5) / 127.5, 6) for b in raw[:dim]]


def embeddings_envelope(vectors: list[list[float]], total_tokens: int) -> dict[str, Any]:
    """The success body carrying ``vectors``."""
    return {
        "vectors": vectors,
        "total_tokens": total_tokens,
        "base_resp": {"status_code": 0, "status_msg": "success"},
    }


def embeddings_body(texts: list[str], embed_type: str, dim: int = EMBEDDING_DIM) -> dict[str, Any]:
    """The success body for ``texts``; ``total_tokens`` from :func:`count_tokens`."""
    return embeddings_envelope(
        [embedding_vector(t, embed_type, dim) for t in texts],
        sum(count_tokens(t) for t in texts),
    )


def base_resp_error_body(code: int, message: str) -> dict[str, Any]:
    """An HTTP-200 error envelope as MiniMax's native endpoints send it."""
    return {"base_resp": {"status_code": code, "status_msg": message}}


#: Error envelopes reported for ``/v1/embeddings`` (messages as quoted in public reports).
EMBEDDING_ERRORS: dict[int, str] = {
    1002: "rate limit exceeded(RPM)",
    1004: "login fail: Please carry the API secret key in the 'Authorization' field of the request header",
    1008: "insufficient balance",
    2013: "invalid params, binding: expr_path=texts, cause=missing required parameter",
}


def embeddings_answer(body: dict[str, Any], dim: int = EMBEDDING_DIM) -> dict[str, Any]:
    """What the official host answers to an embeddings request ``body`` (validation as
    reported: OpenAI's ``input`` instead of ``texts`` is 2013)."""
    texts = body.get("texts")
    if not isinstance(texts, list) or not texts:
        return base_resp_error_body(2013, EMBEDDING_ERRORS[2013])
    embed_type = body.get("type")
    if embed_type not in ("db", "query"):
        return base_resp_error_body(2013, "invalid params, type must be db or query")
    return embeddings_body([str(t) for t in texts], str(embed_type), dim)


# ------------------------------------------------------------------ Anthropic-compatible Messages
# MiniMax's ``/anthropic/v1/messages`` answers, built from the documented shapes
# (docs/anthropic-endpoint.md): a non-streamed ``message`` as in MiniMax's official example
# (a ``thinking`` block with a 64-hex-char ``signature``, a ``text`` block, ``usage``,
# ``stop_reason``, ``base_resp``), and Anthropic's standard SSE events, which MiniMax's pages
# name only as "stream: fully supported" (not a verbatim capture). Tool-use ids reuse the chat
# dialect's ``call_function_…`` style (an assumption: no captured Messages tool call).

MESSAGES_STOP_REASONS = {"stop": "end_turn", "tool_calls": "tool_use", "length": "max_tokens"}


def thinking_signature(thinking: str) -> str:
    """A 64-hex-char signature (the length MiniMax's official example shows) of the thinking
    text, so the emulator can tell a block sent back unmodified from an edited one."""
    return digest(f"signature\0{thinking}")


def messages_usage(
    prompt_tokens: int,
    answer: Answer,
    *,
    cache_read: int | None = 0,
    cache_creation: int | None = 0,
) -> dict[str, Any]:
    """``usage`` of a Messages answer in the order of MiniMax's prompt-caching example:
    ``cache_creation_input_tokens``, ``cache_read_input_tokens`` (left out when ``None``),
    ``input_tokens`` (the uncached rest), ``output_tokens``."""
    u = usage_dict(prompt_tokens, answer)
    out: dict[str, Any] = {}
    if cache_creation is not None:
        out["cache_creation_input_tokens"] = cache_creation
    if cache_read is not None:
        out["cache_read_input_tokens"] = cache_read
    out["input_tokens"] = prompt_tokens
    out["output_tokens"] = u["completion_tokens"]
    return out


def message_blocks(seed: str, answer: Answer, *, thinking: bool = True) -> list[dict[str, Any]]:
    """The content blocks: signed ``thinking`` (when the answer reasons), ``text``, ``tool_use``."""
    blocks: list[dict[str, Any]] = []
    if thinking and answer.reasoning:
        blocks.append(
            {
                "type": "thinking",
                "thinking": answer.reasoning,
                "signature": thinking_signature(answer.reasoning),
            }
        )
    if answer.text:
        blocks.append({"type": "text", "text": answer.text})
    for i, (name, args) in enumerate(answer.tool_calls):
        blocks.append(
            {"type": "tool_use", "id": tool_call_id(seed, i + 1), "name": name, "input": args}
        )
    return blocks


def message_body(
    *,
    seed: str,
    model: str,
    answer: Answer,
    prompt_tokens: int,
    thinking: bool = True,
    usage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A non-streamed Messages answer, in the order of MiniMax's official example."""
    return {
        "id": response_id(seed),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": message_blocks(seed, answer, thinking=thinking),
        "stop_reason": MESSAGES_STOP_REASONS.get(answer.finish, answer.finish),
        "stop_sequence": None,
        "usage": usage or messages_usage(prompt_tokens, answer),
        "base_resp": BASE_RESP_OK,
    }


def message_stream_events(
    *,
    seed: str,
    model: str,
    answer: Answer,
    prompt_tokens: int,
    thinking: bool = True,
    signature_in_start: bool = True,
    usage: dict[str, Any] | None = None,
    chunk_chars: int = 23,
) -> list[tuple[str, dict[str, Any]]]:
    """``(event name, data)`` pairs of a streamed Messages answer.

    ``message_start`` carries ``input_tokens: 0`` (what clients report MiniMax sends) and the
    real usage comes with ``message_delta``; a ``ping`` follows ``message_start``; thinking is
    streamed in ``thinking_delta`` pieces, then one ``signature_delta``; the thinking block's
    ``content_block_start`` has ``signature: ""`` — or no ``signature`` at all with
    ``signature_in_start=False`` (a reported quirk); tool input arrives as ``input_json_delta``
    fragments after a ``content_block_start`` with ``input: {}``.
    """
    rid = response_id(seed)
    events: list[tuple[str, dict[str, Any]]] = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": rid,
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {"input_tokens": 0, "output_tokens": 0},
                },
            },
        ),
        ("ping", {"type": "ping"}),
    ]

    def block(index: int, start: dict[str, Any], deltas: list[dict[str, Any]]) -> None:
        events.append(
            (
                "content_block_start",
                {"type": "content_block_start", "index": index, "content_block": start},
            )
        )
        for d in deltas:
            events.append(
                ("content_block_delta", {"type": "content_block_delta", "index": index, "delta": d})
            )
        events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))

    for index, b in enumerate(message_blocks(seed, answer, thinking=thinking)):
        if b["type"] == "thinking":
            start: dict[str, Any] = {"type": "thinking", "thinking": ""}
            if signature_in_start:
                start["signature"] = ""
            deltas = [
                {"type": "thinking_delta", "thinking": p}
                for p in _pieces(b["thinking"], chunk_chars)
            ]
            deltas.append({"type": "signature_delta", "signature": b["signature"]})
            block(index, start, deltas)
        elif b["type"] == "text":
            block(
                index,
                {"type": "text", "text": ""},
                [{"type": "text_delta", "text": p} for p in _pieces(b["text"], chunk_chars)],
            )
        else:
            raw = json.dumps(b["input"], ensure_ascii=False)
            block(
                index,
                {"type": "tool_use", "id": b["id"], "name": b["name"], "input": {}},
                [{"type": "input_json_delta", "partial_json": p} for p in _pieces(raw, 12)],
            )
    events.append(
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {
                    "stop_reason": MESSAGES_STOP_REASONS.get(answer.finish, answer.finish),
                    "stop_sequence": None,
                },
                "usage": usage or messages_usage(prompt_tokens, answer),
            },
        )
    )
    events.append(("message_stop", {"type": "message_stop"}))
    return events


def messages_sse(events: list[tuple[str, dict[str, Any]]]) -> bytes:
    """Frame ``(name, data)`` pairs as ``event: name\\ndata: {json}\\n\\n`` (no ``[DONE]``:
    a Messages stream ends with ``message_stop``)."""
    return "".join(
        f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n" for name, data in events
    ).encode("utf-8")


def messages_error_body(kind: str, message: str, **extra: Any) -> dict[str, Any]:
    """Anthropic's error envelope, as MiniMax sends it (the chat endpoint's captured errors
    use the same shape, some with ``http_code`` and a top-level ``request_id``)."""
    return {"type": "error", "error": {"type": kind, "message": message, **extra}}
