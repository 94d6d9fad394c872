"""Turn the transport's neutral stream events into LlamaIndex ``ChatResponse`` chunks.

Conventions (the ones LlamaIndex agents read): every chunk's ``message`` is the *cumulative*
assistant message (``ThinkingBlock``, ``TextBlock``, ``ToolCallBlock``\\ s so far); ``delta`` is
the new answer text only; ``additional_kwargs["thinking_delta"]`` the new reasoning text only.
Every event yields a chunk, so the first one is never dropped. The last chunk is built from
the transport's :class:`~minimax_transport.types.Finish` result: the complete, replayable
message with parsed tool arguments, ``raw["usage"]`` and the token counts.

Example:
    >>> from minimax_transport.types import ReasoningDelta, TextDelta
    >>> state = StreamState()
    >>> state.on_event(ReasoningDelta("Think.")).additional_kwargs["thinking_delta"]
    'Think.'
    >>> chunk = state.on_event(TextDelta("Hi"))
    >>> chunk.delta, chunk.message.content
    ('Hi', 'Hi')
"""

from __future__ import annotations

import dataclasses
from typing import Any

from llama_index.core.base.llms.types import ChatResponse

from minimax_transport.types import (
    Finish,
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    Usage,
    UsageEvent,
)

from .messages import build_assistant_message, response_kwargs, result_raw, result_to_message

THINKING_DELTA_KEY = "thinking_delta"


class _PendingCall:
    __slots__ = ("arguments", "id", "name")

    def __init__(self) -> None:
        self.id: str | None = None
        self.name: str = ""
        self.arguments: str = ""


class StreamState:
    """Accumulates one streamed answer and builds the cumulative chunk for each event."""

    def __init__(self) -> None:
        self.content = ""
        self.reasoning = ""
        self.calls: dict[int, _PendingCall] = {}
        self.usage: Usage | None = None

    def on_event(self, event: StreamEvent) -> ChatResponse | None:
        """The chunk to yield for ``event`` (``None`` for the usage event, whose counts arrive
        on the final chunk)."""
        if isinstance(event, Finish):
            result = event.result
            if result.usage is None and self.usage is not None:
                result.usage = self.usage
            return ChatResponse(
                message=result_to_message(result),
                delta="",
                raw=result_raw(result),
                additional_kwargs={THINKING_DELTA_KEY: None, **response_kwargs(result)},
            )
        if isinstance(event, UsageEvent):
            self.usage = event.usage
            return None
        delta = ""
        thinking_delta: str | None = None
        if isinstance(event, ReasoningDelta):
            self.reasoning += event.text
            thinking_delta = event.text
        elif isinstance(event, TextDelta):
            self.content += event.text
            delta = event.text
        elif isinstance(event, ToolCallDelta):
            call = self.calls.setdefault(event.index, _PendingCall())
            if event.id:
                call.id = event.id
            if event.name:
                call.name = event.name
            call.arguments += event.arguments
        if not self.calls and _FAST is not None:
            fast: ChatResponse = _FAST.response(
                message=_FAST.message(self.content, self.reasoning),
                delta=delta,
                raw=_event_raw(event),
                additional_kwargs={THINKING_DELTA_KEY: thinking_delta},
            )
            return fast
        return ChatResponse(
            message=self._message(),
            delta=delta,
            raw=_event_raw(event),
            additional_kwargs={THINKING_DELTA_KEY: thinking_delta},
        )

    def _message(self) -> Any:
        calls = [self.calls[i] for i in sorted(self.calls)]
        return build_assistant_message(
            content=self.content,
            reasoning=self.reasoning or None,
            tool_calls=[(c.id, c.name, c.arguments, c.arguments) for c in calls],
        )


# ------------------------------------------------------------------ the per-chunk fast path
# Every text or reasoning delta yields a ``ChatResponse`` whose message holds the cumulative
# blocks. LlamaIndex's constructors validate all of it again (``ChatMessage`` alone ~3 µs, its
# content/blocks validator) although the values are known-good strings. The fast path builds
# the same objects the way pydantic's ``model_construct`` does: from templates the real
# constructors produced (``__dict__``, fields set, extras), with fresh mutable values per
# chunk. At import the result is compared with the real path (``build_assistant_message`` +
# ``ChatResponse``); if LlamaIndex ever builds something else, the real path is used.
# Chunks carrying tool calls always take the real path.

_new = object.__new__
_set = object.__setattr__


class _Prebuilt:
    """Instances of one pydantic model, built from a template instance without validation;
    every value that differs per instance (or is mutable) must be passed in."""

    __slots__ = ("cls", "fields", "fields_set")

    def __init__(self, real: Any) -> None:
        if real.__pydantic_private__ is not None or real.__pydantic_extra__ is not None:
            raise TypeError("private attributes or extras: use the constructor")
        self.cls = type(real)
        self.fields = dict(real.__dict__)
        self.fields_set = frozenset(real.model_fields_set)

    def __call__(self, **values: Any) -> Any:
        obj = _new(self.cls)
        fields = self.fields.copy()
        fields.update(values)
        _set(obj, "__dict__", fields)
        _set(obj, "__pydantic_fields_set__", set(self.fields_set))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj


class _FastPath:
    def __init__(self) -> None:
        real = build_assistant_message(content="a", reasoning="r", tool_calls=())
        thinking, text = real.blocks
        self.thinking = _Prebuilt(thinking)
        self.text = _Prebuilt(text)
        self.chat_message = _Prebuilt(real)
        self.response = _Prebuilt(
            ChatResponse(message=real, delta="", raw={}, additional_kwargs={})
        )

    def message(self, content: str, reasoning: str) -> Any:
        text = self.text(text=content)
        if reasoning:
            blocks = [self.thinking(content=reasoning, additional_information={}), text]
        else:
            blocks = [text]
        return self.chat_message(blocks=blocks, additional_kwargs={})


def _same(a: Any, b: Any) -> bool:
    """Same class, fields, fields set and extras, recursively through lists of models."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if not hasattr(a, "__pydantic_fields_set__"):
        return bool(a == b)
    return (
        type(a) is type(b)
        and a.__dict__.keys() == b.__dict__.keys()
        and all(_same(a.__dict__[k], b.__dict__[k]) for k in a.__dict__)
        and a.model_fields_set == b.model_fields_set
        and a.__pydantic_extra__ == b.__pydantic_extra__
        and a.__pydantic_private__ == b.__pydantic_private__
    )


def _pick_fast_path() -> _FastPath | None:
    try:
        fast = _FastPath()
    except TypeError:
        return None
    for content, reasoning in (("", "r"), ("t", "r"), ("t", "")):
        kw: dict[str, Any] = {
            "delta": content,
            "raw": {"text": content},
            "additional_kwargs": {"k": None},
        }
        real = ChatResponse(
            message=build_assistant_message(
                content=content, reasoning=reasoning or None, tool_calls=()
            ),
            **kw,
        )
        if not _same(fast.response(message=fast.message(content, reasoning), **kw), real):
            return None
    return fast


_FAST = _pick_fast_path()


def _event_raw(event: StreamEvent) -> dict[str, Any]:
    """``dataclasses.asdict(event)``, written out for the per-chunk events: ``asdict`` recurses
    and deep-copies (~2.5 µs a chunk, ~5 µs for a tool-call fragment); the values here are
    strings, ints and ``None``, so the plain dict is the same."""
    kind = type(event)
    if kind is TextDelta or kind is ReasoningDelta:
        return {"text": event.text, "type": event.type}  # type: ignore[union-attr]
    if kind is ToolCallDelta:
        return {
            "index": event.index,  # type: ignore[union-attr]
            "id": event.id,  # type: ignore[union-attr]
            "name": event.name,  # type: ignore[union-attr]
            "arguments": event.arguments,  # type: ignore[union-attr]
            "type": event.type,
        }
    return dataclasses.asdict(event)


__all__ = ["THINKING_DELTA_KEY", "StreamState"]
