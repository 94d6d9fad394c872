"""How an assistant turn from MiniMax goes back on the wire (docs/wire-format.md, 'Replay and
interleaved thinking').

A result's replay payload holds the turn's wire fields exactly as received and, under
:data:`~minimax_transport.types.RECEIVED_KEY`, the clean answer, reasoning and tool calls they
were parsed into (:func:`received_record`). When the turn is sent again:

* **verbatim** — while the message's answer text, reasoning text and tool calls (ids, names,
  arguments) are all unchanged from that record, the received wire fields are sent back byte
  for byte (tool-call arguments that arrived empty are sent as ``"{}"``, which is what they
  mean: MiniMax rejects ``""`` with error 2013);
* **rebuilt** — otherwise (an edit, a redaction, a cleared tool input, or a payload without a
  record), the turn is written from the message as it stands now, in the shape it was received
  in: inline hosts get ``<think>\\n{reasoning}\\n</think>\\n\\n{answer}`` (just the answer when no
  reasoning is left); ``reasoning_details`` hosts get ``content`` = the answer and the received
  entries verbatim if the reasoning is unchanged, else one ``reasoning.text`` entry with the
  current reasoning; ``reasoning_content`` / ``reasoning`` hosts get that field with the current
  reasoning. Tool calls are always the message's current ones.

A message with no payload (built by hand) is written the same way, in the inline form; so is a
turn received on the Messages dialect (payload key :data:`BLOCKS_KEY`) and sent on the chat
dialect (its thinking signature is dropped). The Messages dialect applies the same rule to its
content blocks (:func:`minimax_transport.messages_request.assistant_blocks`).

Example:
    >>> from minimax_transport.types import AssistantMessage
    >>> raw = "<think>\\nx\\n</think>\\n\\n56"
    >>> payload = {"content": raw, **received_record("56", "x", [])}
    >>> assistant_wire(AssistantMessage("56", reasoning="x", replay=payload))["content"] == raw
    True
    >>> assistant_wire(AssistantMessage("EDITED", reasoning="x", replay=payload))["content"]
    '<think>\\nx\\n</think>\\n\\nEDITED'
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

from .types import REASONING_FIELDS, RECEIVED_KEY, AssistantMessage, JSONDict, ToolCall

#: The replay-payload key of a turn received on the Messages dialect
#: (:mod:`minimax_transport.messages_request`): its content blocks exactly as received, signed
#: ``thinking`` blocks included.
BLOCKS_KEY = "blocks"


def canonical_inline(reasoning: str, content: str) -> str:
    """The canonical inline form of a reasoning + answer turn."""
    return f"<think>\n{reasoning}\n</think>\n\n{content}"


def received_record(content: str, reasoning: str | None, calls: Sequence[ToolCall]) -> JSONDict:
    """``{RECEIVED_KEY: …}``: what a turn's wire fields were parsed into (JSON-able, copied so
    an in-place edit of the message's arguments never edits the record too)."""
    return {
        RECEIVED_KEY: {
            "content": content,
            "reasoning": reasoning or None,
            "tool_calls": [
                {"id": tc.id, "name": tc.name, "arguments": copy.deepcopy(tc.arguments)}
                for tc in calls
            ],
        }
    }


_UNPARSABLE = object()


def _effective(tc: ToolCall) -> tuple[Any, str]:
    """``(arguments, wire text)`` of a call as it stands now.

    ``raw_arguments`` is used while it says the same as ``arguments`` (byte-exact), or when
    ``arguments`` is empty (a string handed over as the model sent it); ``arguments`` edited
    since the string was received win over it.
    """
    raw = tc.raw_arguments
    if raw.strip():
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = _UNPARSABLE
        if parsed == tc.arguments or not tc.arguments:
            return parsed, raw
    return tc.arguments, json.dumps(tc.arguments, ensure_ascii=False)


def tool_call_wire(tc: ToolCall) -> JSONDict:
    """A tool call as the message holds it now (never with empty arguments)."""
    arguments = _effective(tc)[1]
    return {"id": tc.id, "type": "function", "function": {"name": tc.name, "arguments": arguments}}


def is_unchanged(msg: AssistantMessage, record: Any) -> bool:
    """The message still holds the answer, reasoning and tool calls of ``record``."""
    if not isinstance(record, dict):
        return False
    if msg.content != record.get("content") or (msg.reasoning or None) != (
        record.get("reasoning") or None
    ):
        return False
    calls = record.get("tool_calls")
    if not isinstance(calls, list) or len(calls) != len(msg.tool_calls):
        return False
    for tc, rec in zip(msg.tool_calls, calls, strict=True):
        if not isinstance(rec, dict):
            return False
        if (tc.id, tc.name) != (rec.get("id"), rec.get("name")):
            return False
        if _effective(tc)[0] != rec.get("arguments"):
            return False
    return True


def _sendable(call: Any) -> Any:
    """A received wire tool call, with empty (or object) arguments as a JSON string."""
    if not isinstance(call, dict):
        return call
    fn = call.get("function")
    if not isinstance(fn, dict):
        return call
    args = fn.get("arguments")
    if isinstance(args, str) and args.strip():
        return call
    text = "{}" if args is None or isinstance(args, str) else json.dumps(args, ensure_ascii=False)
    return {**call, "function": {**fn, "arguments": text}}


def _verbatim(msg: AssistantMessage, replay: JSONDict) -> JSONDict:
    out: JSONDict = {"role": "assistant"}
    content = replay.get("content")
    out["content"] = content if content is not None else msg.content
    for key in REASONING_FIELDS:
        if replay.get(key) is not None:
            out[key] = replay[key]
    if msg.tool_calls:
        raw_calls = replay.get("tool_calls")
        ids = [tc.id for tc in msg.tool_calls]
        if (
            isinstance(raw_calls, list)
            and [c.get("id") for c in raw_calls if isinstance(c, dict)] == ids
        ):
            out["tool_calls"] = [_sendable(c) for c in raw_calls]
        else:
            # Calls parsed from markup in the content, or received next to calls whose
            # arguments were not JSON (which are not sent): the valid calls, as held now.
            out["tool_calls"] = [tool_call_wire(tc) for tc in msg.tool_calls]
    return out


def _reasoning_entry(reasoning: str, received: Any) -> JSONDict:
    entry: JSONDict = {"type": "reasoning.text", "text": reasoning}
    first = received[0] if isinstance(received, list) and received else None
    if isinstance(first, dict) and isinstance(first.get("format"), str):
        entry["format"] = first["format"]
    return entry


def _rebuilt(msg: AssistantMessage, replay: JSONDict | None) -> JSONDict:
    out: JSONDict = {"role": "assistant"}
    reasoning = msg.reasoning or None
    shape = replay or {}
    structured = [k for k in REASONING_FIELDS if shape.get(k) is not None]
    if not structured:
        out["content"] = canonical_inline(reasoning, msg.content) if reasoning else msg.content
    else:
        out["content"] = msg.content
        if reasoning:
            record = shape.get(RECEIVED_KEY)
            same = isinstance(record, dict) and (record.get("reasoning") or None) == reasoning
            for key in structured:
                if key != "reasoning_details":
                    out[key] = reasoning
                elif same:
                    out[key] = shape[key]
                else:
                    out[key] = [_reasoning_entry(reasoning, shape[key])]
    if msg.tool_calls:
        out["tool_calls"] = [tool_call_wire(tc) for tc in msg.tool_calls]
    return out


def assistant_wire(msg: AssistantMessage) -> JSONDict:
    """The wire form of an assistant turn: verbatim while unchanged, else rebuilt (decided
    once per message)."""
    replay = msg.replay
    if replay and BLOCKS_KEY in replay:
        # Received on the Messages dialect, sent on the chat dialect: the reasoning goes back
        # in the inline form (its thinking-block signature has no place here and is dropped).
        return _rebuilt(msg, None)
    if replay and is_unchanged(msg, replay.get(RECEIVED_KEY)):
        return _verbatim(msg, replay)
    return _rebuilt(msg, replay)


__all__ = [
    "BLOCKS_KEY",
    "assistant_wire",
    "canonical_inline",
    "is_unchanged",
    "received_record",
    "tool_call_wire",
]
