"""Build the assistant ``ChatMessage`` / ``ChatResponse`` without validating them again.

Every answer and every streamed chunk becomes a ``ChatMessage`` (``ThinkingBlock``,
``TextBlock``) inside a ``ChatResponse``. LlamaIndex's ``ChatMessage`` constructor costs
several times its blocks' (its own ``__init__``, the blocks union, an ``after`` validator),
although our values are already the right types: blocks we just built, fresh dicts. This
module builds the ``ChatMessage`` and the ``ChatResponse`` the way pydantic's
``model_construct`` does, from *templates* the real constructors produced: the template's
``__dict__`` and fields set, with the per-instance values passed in (every mutable value must
be passed in fresh). The blocks keep their constructors, which are as fast as a copy.

It is an optimisation only, checked rather than assumed: at import, :func:`pick` builds sample
messages and responses both ways (the shapes our adapter produces: with and without
reasoning, token counts, replay payloads) and compares class, fields, fields set, extras and
private state at every depth. If any differs (a LlamaIndex release that adds a field or a
validator that changes values), :data:`FAST` is ``None`` and callers use the constructors.
Messages with tool calls always use the constructors.

Example:
    >>> from llama_index_minimax.prebuilt import FAST
    >>> message = FAST.message("Hi", "Think.", None, {}, {})
    >>> [type(b).__name__ for b in message.blocks], message.content
    (['ThinkingBlock', 'TextBlock'], 'Hi')
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    MessageRole,
    TextBlock,
    ThinkingBlock,
)

_new = object.__new__
_set = object.__setattr__


class Prebuilt:
    """Instances of one pydantic model built from a template instance without validation;
    every value that differs per instance (or is mutable) must be passed in."""

    __slots__ = ("cls", "fields", "fields_set")

    def __init__(self, template: Any) -> None:
        if template.__pydantic_private__ is not None or template.__pydantic_extra__ is not None:
            raise TypeError("private attributes or extras: use the constructor")
        self.cls = type(template)
        self.fields = dict(template.__dict__)
        self.fields_set = frozenset(template.model_fields_set)

    def __call__(self, **values: Any) -> Any:
        obj = _new(self.cls)
        fields = self.fields.copy()
        fields.update(values)
        _set(obj, "__dict__", fields)
        _set(obj, "__pydantic_fields_set__", set(self.fields_set))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj


def constructed_message(
    content: str,
    reasoning: str | None,
    num_tokens: int | None,
    info: dict[str, Any],
    additional_kwargs: dict[str, Any],
) -> ChatMessage:
    """The assistant message (no tool calls) built by LlamaIndex's constructors."""
    return ChatMessage(
        role=MessageRole.ASSISTANT,
        blocks=_blocks(content, reasoning, num_tokens, info),
        additional_kwargs=additional_kwargs,
    )


def _blocks(
    content: str, reasoning: str | None, num_tokens: int | None, info: dict[str, Any]
) -> list[Any]:
    """A ``ThinkingBlock`` (if there is reasoning), then the ``TextBlock``, built by their
    constructors on both paths (see :class:`AssistantBuilder`)."""
    text = TextBlock(text=content)
    if reasoning:
        thinking = ThinkingBlock(
            content=reasoning, num_tokens=num_tokens, additional_information=info
        )
        return [thinking, text]
    return [text]


class AssistantBuilder:
    """Prebuilt assistant messages and responses (see the module docstring). The blocks
    themselves are built by their constructors: pydantic-core validates a ``TextBlock`` or a
    ``ThinkingBlock`` as fast as a copy of a template could be made; the cost is in
    ``ChatMessage`` (its ``__init__``, blocks union and ``after`` validator) and
    ``ChatResponse``."""

    __slots__ = ("chat_message", "chunk", "response")

    def __init__(self) -> None:
        template = constructed_message("a", "r", None, {}, {})
        self.chat_message = Prebuilt(template)
        # A streamed chunk sets ``delta``; a whole answer (chat()) leaves it unset.
        self.chunk = Prebuilt(
            ChatResponse(message=template, delta="", raw={}, additional_kwargs={})
        )
        self.response = Prebuilt(ChatResponse(message=template, raw={}, additional_kwargs={}))

    def message(
        self,
        content: str,
        reasoning: str | None,
        num_tokens: int | None,
        info: dict[str, Any],
        additional_kwargs: dict[str, Any],
    ) -> ChatMessage:
        """What :func:`constructed_message` builds with the same (freshly made) arguments."""
        message: ChatMessage = self.chat_message(
            blocks=_blocks(content, reasoning, num_tokens, info),
            additional_kwargs=additional_kwargs,
        )
        return message


def same(a: Any, b: Any) -> bool:
    """Same class, fields, fields set, extras and private state, recursively through lists and
    dicts of models."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if not hasattr(a, "__pydantic_fields_set__"):
        return type(a) is type(b) and bool(a == b)
    return (
        type(a) is type(b)
        and a.__dict__.keys() == b.__dict__.keys()
        and all(same(a.__dict__[k], b.__dict__[k]) for k in a.__dict__)
        and a.model_fields_set == b.model_fields_set
        and a.__pydantic_extra__ == b.__pydantic_extra__
        and a.__pydantic_private__ == b.__pydantic_private__
    )


#: The sample shapes checked at import: (content, reasoning, num_tokens, info, kwargs).
SAMPLES: tuple[tuple[str, str | None, int | None, dict[str, Any], dict[str, Any]], ...] = (
    ("", "r", None, {}, {}),
    ("t", "r", None, {}, {}),
    ("t", None, None, {}, {}),
    ("56", "7 × 8.", 12, {"replay": {"content": "<think>7 × 8.</think>56"}}, {"replay": {}}),
    ("ok", "sig", None, {"signature": "abc"}, {"invalid_tool_calls": [{"id": "c"}]}),
)


def _fresh(sample: tuple[Any, ...]) -> tuple[Any, ...]:
    content, reasoning, num_tokens, info, kwargs = sample
    return (content, reasoning, num_tokens, dict(info), dict(kwargs))


def pick() -> AssistantBuilder | None:
    """The builder, if it builds exactly what the constructors build on every sample."""
    try:
        fast = AssistantBuilder()
    except TypeError:
        return None
    for sample in SAMPLES:
        content = sample[0]
        real_message = constructed_message(*_fresh(sample))
        if not same(fast.message(*_fresh(sample)), real_message):
            return None
        kwargs: dict[str, Any] = {"raw": {"text": content}, "additional_kwargs": {"k": 1}}
        checks = (
            (fast.chunk(message=fast.message(*_fresh(sample)), delta=content, **kwargs), True),
            (fast.response(message=fast.message(*_fresh(sample)), **kwargs), False),
        )
        for built, with_delta in checks:
            delta: dict[str, Any] = {"delta": content} if with_delta else {}
            real = ChatResponse(message=real_message, **kwargs, **delta)
            if not same(built, real):
                return None
    return fast


#: The checked builder, or ``None`` when this LlamaIndex builds something else.
FAST = pick()


def response(
    message: ChatMessage, raw: Any, additional_kwargs: dict[str, Any], delta: str | None = None
) -> ChatResponse:
    """``ChatResponse(message=…, raw=…, additional_kwargs=…)`` (and ``delta=`` unless
    ``None``), through :data:`FAST` when it is available; ``additional_kwargs`` must be a
    fresh dict."""
    if FAST is None:
        if delta is None:
            return ChatResponse(message=message, raw=raw, additional_kwargs=additional_kwargs)
        return ChatResponse(
            message=message, delta=delta, raw=raw, additional_kwargs=additional_kwargs
        )
    built: ChatResponse
    if delta is None:
        built = FAST.response(message=message, raw=raw, additional_kwargs=additional_kwargs)
    else:
        built = FAST.chunk(
            message=message, delta=delta, raw=raw, additional_kwargs=additional_kwargs
        )
    return built


__all__ = [
    "FAST",
    "AssistantBuilder",
    "Prebuilt",
    "constructed_message",
    "pick",
    "response",
    "same",
]
