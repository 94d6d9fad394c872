"""Tool-call accumulation (docs/wire-format.md, 'Streamed tool-call shapes') and tool-call markup
left in content ('Tool calls left as markup').

:class:`ToolCallAccumulator` takes OpenAI-style ``tool_calls`` delta entries in every shape
MiniMax has been seen to send: fragments keyed by ``index`` with the id only on the first,
the whole call in one delta, two calls reusing ``index: 0`` with different ids, entries with
no ``index`` (abab), the full call repeated in several chunks, ``arguments`` as an object.

Example:
    >>> acc = ToolCallAccumulator()
    >>> _ = acc.add({"index": 0, "id": "call_1", "function": {"name": "f", "arguments": "{\\"a\\""}})
    >>> _ = acc.add({"index": 0, "function": {"arguments": ": 1}"}})
    >>> calls, invalid = acc.finalize()
    >>> calls[0].name, calls[0].arguments
    ('f', {'a': 1})
"""

from __future__ import annotations

import json
import re
from typing import Any

from .types import InvalidToolCall, JSONDict, ToolCall, ToolCallDelta, ToolSpec


class _Call:
    __slots__ = ("id", "name", "parts", "wire_index")

    def __init__(self, wire_index: int | None) -> None:
        self.id: str | None = None
        self.name: str | None = None
        self.parts: list[str] = []
        self.wire_index = wire_index


def _args_to_str(args: Any) -> str:
    if args is None:
        return ""
    if isinstance(args, str):
        return args
    return json.dumps(args, ensure_ascii=False)


def _is_repeat(parts: list[str], args: str) -> bool:
    """``args`` repeats a call already complete (same text, valid JSON) — not a fragment that
    happens to equal what came before (servers that resend the id on every fragment)."""
    if not parts or args != "".join(parts):
        return False
    try:
        json.loads(args)
    except ValueError:
        return False
    return True


class ToolCallAccumulator:
    """Accumulates streamed tool-call deltas into complete calls (docs/wire-format.md, 'Streamed
    tool-call shapes')."""

    __slots__ = ("_by_wire_index", "calls")

    def __init__(self) -> None:
        self.calls: list[_Call] = []
        self._by_wire_index: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.calls)

    def _new(self, wire_index: int | None) -> int:
        self.calls.append(_Call(wire_index))
        pos = len(self.calls) - 1
        if wire_index is not None:
            self._by_wire_index[wire_index] = pos
        return pos

    def _position(self, entry: JSONDict) -> int:
        idx = entry.get("index")
        wire_index = idx if isinstance(idx, int) and not isinstance(idx, bool) else None
        call_id = entry.get("id") or None
        if wire_index is None:
            if call_id is not None:
                for pos, call in enumerate(self.calls):
                    if call.id == call_id:
                        return pos
                return self._new(None)
            return len(self.calls) - 1 if self.calls else self._new(None)
        pos_or_none = self._by_wire_index.get(wire_index)
        if pos_or_none is None:
            return self._new(wire_index)
        call = self.calls[pos_or_none]
        if call_id is not None and call.id is not None and call_id != call.id:
            # Same index, new id: MiniMax's parallel-call bug — a new call (docs/wire-format.md,
            # 'Example: parallel tool calls reusing index 0').
            return self._new(wire_index)
        return pos_or_none

    def add(self, entry: Any) -> list[ToolCallDelta]:
        """Add one ``tool_calls[]`` delta entry; return the neutral delta (if any)."""
        if not isinstance(entry, dict):
            return []
        pos = self._position(entry)
        call = self.calls[pos]
        fn = entry.get("function")
        fn = fn if isinstance(fn, dict) else {}
        out_id: str | None = None
        out_name: str | None = None
        call_id = entry.get("id") or None
        if call_id is not None and call.id is None:
            call.id = str(call_id)
            out_id = call.id
        name = fn.get("name") or None
        if name is not None and call.name is None:
            call.name = str(name)
            out_name = call.name
        args = _args_to_str(fn.get("arguments"))
        if args:
            if not isinstance(fn.get("arguments"), str) and call.parts:
                # An object after fragments: treat it as the whole arguments.
                call.parts = []
            if call_id is not None and name is not None and _is_repeat(call.parts, args):
                # The full call repeated in a later chunk (dify#4271): ignore the repeat.
                args = ""
            else:
                call.parts.append(args)
        if out_id is None and out_name is None and not args:
            return []
        return [ToolCallDelta(pos, out_id, out_name, args)]

    def add_complete(self, call_id: str, name: str, arguments: JSONDict) -> list[ToolCallDelta]:
        """Add a call parsed from markup."""
        pos = self._new(None)
        call = self.calls[pos]
        call.id, call.name = call_id, name
        raw = json.dumps(arguments, ensure_ascii=False)
        call.parts.append(raw)
        return [ToolCallDelta(pos, call_id, name, raw)]

    def finalize(self, id_prefix: str = "call") -> tuple[list[ToolCall], list[InvalidToolCall]]:
        """Parse every call's arguments; bad JSON becomes an :class:`InvalidToolCall`."""
        valid: list[ToolCall] = []
        invalid: list[InvalidToolCall] = []
        for n, call in enumerate(self.calls):
            raw = "".join(call.parts)
            call_id = call.id or f"{id_prefix}_{n + 1}"
            if not call.name:
                invalid.append(InvalidToolCall(call_id, None, raw, "tool call has no name"))
                continue
            text = raw.strip() or "{}"
            try:
                parsed = json.loads(text)
            except ValueError as exc:
                invalid.append(
                    InvalidToolCall(call_id, call.name, raw, f"arguments are not valid JSON: {exc}")
                )
                continue
            if not isinstance(parsed, dict):
                invalid.append(
                    InvalidToolCall(
                        call_id,
                        call.name,
                        raw,
                        f"arguments must be a JSON object, got {type(parsed).__name__}",
                    )
                )
                continue
            valid.append(ToolCall(call_id, call.name, parsed, raw if raw.strip() else "{}"))
        return valid, invalid

    def raw_tool_calls(self, id_prefix: str = "call") -> list[JSONDict]:
        """The calls in wire form (for the replay payload of a streamed answer)."""
        out: list[JSONDict] = []
        for n, call in enumerate(self.calls):
            out.append(
                {
                    "id": call.id or f"{id_prefix}_{n + 1}",
                    "type": "function",
                    "function": {"name": call.name or "", "arguments": "".join(call.parts)},
                }
            )
        return out


# ---------------------------------------------------------------------------------------------
# Markup left in content (docs/wire-format.md, 'Tool calls left as markup')
# ---------------------------------------------------------------------------------------------

_INVOKE_RE = re.compile(r"<invoke\s+name\s*=\s*\"([^\"]+)\"\s*>(.*?)</invoke>", re.S)
_PARAM_RE = re.compile(r"<parameter\s+name\s*=\s*\"([^\"]+)\"\s*>(.*?)</parameter>", re.S)


def _convert(value: str, schema: JSONDict | None) -> Any:
    """Type a raw parameter value with the tool's JSON schema (MiniMax's documented rule)."""
    text = value.strip("\n")
    if text == "null":
        return None
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind == "string":
        return text
    if kind in ("integer", "number", "boolean", "object", "array") or kind is None:
        try:
            return json.loads(text)
        except ValueError:
            if kind == "boolean" and text.lower() in ("true", "false"):
                return text.lower() == "true"
            return text
    return text


def parse_tool_markup(markup: str, tools: list[ToolSpec] | None) -> list[tuple[str, JSONDict]]:
    """``(name, arguments)`` for each call in ``<minimax:tool_call>`` XML or M1 ``<tool_calls>``
    JSON lines. Parameter values are typed with the tool's schema; unknown tools keep JSON
    values as parsed and other text as strings."""
    schemas: dict[str, JSONDict] = {}
    for t in tools or []:
        props = (t.parameters or {}).get("properties")
        schemas[t.name] = props if isinstance(props, dict) else {}
    calls: list[tuple[str, JSONDict]] = []
    if markup.startswith("<tool_calls>"):
        body = markup[len("<tool_calls>") :].removesuffix("</tool_calls>")
        for line in body.splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("name"), str):
                raw_args = obj.get("arguments")
                if isinstance(raw_args, str):
                    try:
                        raw_args = json.loads(raw_args)
                    except ValueError:
                        raw_args = {}
                calls.append((str(obj["name"]), raw_args if isinstance(raw_args, dict) else {}))
        return calls
    for m in _INVOKE_RE.finditer(markup):
        name = m.group(1)
        props = schemas.get(name, {})
        args: JSONDict = {}
        for p in _PARAM_RE.finditer(m.group(2)):
            pname = p.group(1)
            args[pname] = _convert(p.group(2), props.get(pname))
        calls.append((name, args))
    return calls


__all__ = ["ToolCallAccumulator", "parse_tool_markup"]
