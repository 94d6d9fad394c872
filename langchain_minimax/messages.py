"""Mapping between LangChain messages and the transport's neutral types.

Nothing here knows MiniMax's wire dialect: ``<think>`` splitting, ``reasoning_details``,
tool-argument parsing, usage fields and replay are all done by :mod:`minimax_transport`. This
module only moves fields from one shape to the other:

* LangChain history → :mod:`minimax_transport.types` messages (:func:`to_neutral_messages`).
  An :class:`~langchain_core.messages.AIMessage` that came from MiniMax carries the verbatim
  replay payload in ``additional_kwargs[REPLAY_KEY]`` (``"minimax_replay"``) and the reasoning
  in ``additional_kwargs["reasoning_content"]``; both are handed to the transport unchanged.
* A :class:`~minimax_transport.types.ChatResult` → :class:`AIMessage` (:func:`to_ai_message`).
* Stream events → :class:`AIMessageChunk` (:func:`event_to_chunk`); the replay payload, usage
  and the final response metadata ride only on the last chunk (``chunk_position="last"``) so
  LangChain's chunk merging never concatenates them.

Example:
    >>> from langchain_core.messages import HumanMessage, SystemMessage
    >>> [m.role for m in to_neutral_messages([SystemMessage("be brief"), HumanMessage("hi")])]
    ['system', 'user']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, cast

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.ai import InputTokenDetails, OutputTokenDetails, UsageMetadata
from langchain_core.messages.tool import invalid_tool_call, tool_call, tool_call_chunk
from langchain_core.outputs import ChatGenerationChunk

from minimax_transport import types as neutral
from minimax_transport.errors import InvalidRequestError
from minimax_transport.types import REPLAY_KEY

from .block_translator import PROVIDER
from .content import cache_control_of, has_cache_control, to_parts

#: ``additional_kwargs`` key holding the reasoning text (read by core and other tools).
REASONING_KEY = "reasoning_content"
#: ``additional_kwargs`` key holding the thinking block's signature (MiniMax's
#: Anthropic-compatible endpoint only); shown as ``extras["signature"]`` of the reasoning block.
SIGNATURE_KEY = "reasoning_signature"


# --------------------------------------------------------------------------------------------
# LangChain → neutral
# --------------------------------------------------------------------------------------------


def _text(content: str | list[Any]) -> str:
    """The text of message content (text blocks joined; other blocks ignored)."""
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for block in content:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "".join(parts)


def _reasoning_from_blocks(content: str | list[Any]) -> str | None:
    if isinstance(content, str):
        return None
    parts = [
        str(b.get("reasoning", ""))
        for b in content
        if isinstance(b, dict) and b.get("type") == "reasoning" and b.get("reasoning")
    ]
    return "".join(parts) or None


def _user_content(message: HumanMessage) -> str | list[dict[str, Any]]:
    content = message.content
    if isinstance(content, str):
        return content
    if not has_cache_control(content) and all(
        isinstance(b, str) or (isinstance(b, dict) and b.get("type") == "text") for b in content
    ):
        return _text(content)
    # Multimodal or cache breakpoints: LangChain (v0 / v1 / OpenAI) blocks → content parts.
    return to_parts(content)


def _system_messages(content: str | list[Any]) -> list[neutral.SystemMessage]:
    """One system message, or — when a block carries ``cache_control`` — one per text block,
    each keeping its ``cache_control`` (the transport then sends a list of parts)."""
    if not has_cache_control(content):
        return [neutral.SystemMessage(_text(content))]
    out = []
    for block in content:
        if isinstance(block, str):
            out.append(neutral.SystemMessage(block))
        elif isinstance(block, dict) and block.get("type") == "text":
            out.append(
                neutral.SystemMessage(
                    str(block.get("text", "")), cache_control=cache_control_of(block)
                )
            )
    return out


def _tool_content(message: ToolMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    text = _text(content)
    others = [
        b
        for b in content
        if not (isinstance(b, str) or (isinstance(b, dict) and b.get("type") == "text"))
    ]
    if not others:
        return text
    return json.dumps(content, ensure_ascii=False, default=str)


def _assistant(message: AIMessage) -> neutral.AssistantMessage:
    kwargs = message.additional_kwargs
    reasoning = kwargs.get(REASONING_KEY)
    if not isinstance(reasoning, str) or not reasoning:
        reasoning = _reasoning_from_blocks(message.content)
    replay = kwargs.get(REPLAY_KEY)
    return neutral.AssistantMessage(
        content=_text(message.content),
        tool_calls=[
            neutral.ToolCall(id=tc.get("id") or "", name=tc["name"], arguments=dict(tc["args"]))
            for tc in message.tool_calls
        ],
        reasoning=reasoning,
        replay=replay if isinstance(replay, dict) else None,
        invalid_tool_calls=[
            neutral.InvalidToolCall(
                id=itc.get("id"),
                name=itc.get("name"),
                raw_arguments=itc.get("args") or "",
                error=itc.get("error") or "",
            )
            for itc in message.invalid_tool_calls
        ],
    )


def to_neutral_message(message: BaseMessage) -> neutral.Message:
    """One LangChain message → one neutral message (``ValueError`` for unsupported roles)."""
    if isinstance(message, SystemMessage):
        return neutral.SystemMessage(_text(message.content))
    if isinstance(message, HumanMessage):
        return neutral.UserMessage(_user_content(message), name=message.name)
    if isinstance(message, AIMessage):
        return _assistant(message)
    if isinstance(message, ToolMessage):
        return neutral.ToolMessage(
            content=_tool_content(message),
            tool_call_id=message.tool_call_id,
            name=message.name,
            is_error=message.status == "error",
        )
    if isinstance(message, ChatMessage):
        role = message.role
        if role == "system":
            return neutral.SystemMessage(_text(message.content))
        if role in ("user", "human"):
            return neutral.UserMessage(_text(message.content), name=message.name)
        if role in ("assistant", "ai"):
            return neutral.AssistantMessage(content=_text(message.content))
    raise InvalidRequestError(
        f"ChatMiniMax cannot send a {type(message).__name__} "
        f"(role {getattr(message, 'role', message.type)!r}); use System, Human, AI or Tool messages."
    )


def to_neutral_messages(messages: Sequence[BaseMessage]) -> list[neutral.Message]:
    """A LangChain history → neutral messages, in order (a system message whose blocks carry
    ``cache_control`` becomes one neutral system message per block)."""
    out: list[neutral.Message] = []
    for m in messages:
        if isinstance(m, SystemMessage) and has_cache_control(m.content):
            out.extend(_system_messages(m.content))
        else:
            out.append(to_neutral_message(m))
    return out


# --------------------------------------------------------------------------------------------
# neutral → LangChain
# --------------------------------------------------------------------------------------------


def usage_metadata(usage: neutral.Usage) -> UsageMetadata:
    """LangChain usage. ``input_token_details`` holds ``cache_read`` / ``cache_creation`` and
    ``output_token_details`` holds ``reasoning`` only where MiniMax reported them: a detail it
    did not send is absent, never ``0``."""
    meta: dict[str, Any] = {
        "input_tokens": usage.prompt_tokens,
        "output_tokens": usage.completion_tokens,
        "total_tokens": usage.total_tokens,
    }
    inputs = InputTokenDetails()
    if usage.cached_tokens is not None:
        inputs["cache_read"] = usage.cached_tokens
    if usage.cache_creation_tokens is not None:
        inputs["cache_creation"] = usage.cache_creation_tokens
    if inputs:
        meta["input_token_details"] = inputs
    if usage.reasoning_tokens is not None:
        meta["output_token_details"] = OutputTokenDetails(reasoning=usage.reasoning_tokens)
    return cast(UsageMetadata, meta)


def response_metadata(result: neutral.ChatResult, requested_model: str) -> dict[str, Any]:
    """``model_name`` (as served), ``model_provider``, ``id``, ``finish_reason`` and friends."""
    meta: dict[str, Any] = {
        "model_provider": PROVIDER,
        "model_name": result.model or requested_model,
        "id": result.id,
        "finish_reason": result.finish_reason,
    }
    if result.request_id:
        meta["request_id"] = result.request_id
    if result.usage is not None:
        meta["token_usage"] = result.usage.as_dict()
    return meta


def _additional_kwargs(result: neutral.ChatResult) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if result.reasoning:
        kwargs[REASONING_KEY] = result.reasoning
    kwargs[REPLAY_KEY] = result.replay
    if result.reasoning_signature:
        kwargs[SIGNATURE_KEY] = result.reasoning_signature
    return kwargs


def to_ai_message(result: neutral.ChatResult, requested_model: str) -> AIMessage:
    """A non-streamed result → :class:`AIMessage` (clean content, reasoning, replay, usage)."""
    return AIMessage(
        content=result.content,
        additional_kwargs=_additional_kwargs(result),
        tool_calls=[
            tool_call(name=tc.name, args=tc.arguments, id=tc.id) for tc in result.tool_calls
        ],
        invalid_tool_calls=[
            invalid_tool_call(name=itc.name, args=itc.raw_arguments, id=itc.id, error=itc.error)
            for itc in result.invalid_tool_calls
        ],
        usage_metadata=usage_metadata(result.usage) if result.usage is not None else None,
        response_metadata=response_metadata(result, requested_model),
    )


def event_to_chunk(event: neutral.StreamEvent, requested_model: str) -> AIMessageChunk | None:
    """A stream event → :class:`AIMessageChunk` (``None`` for events folded elsewhere).

    ``UsageEvent`` is not turned into a chunk: the same usage is on ``Finish``, whose chunk
    is the only one carrying ``usage_metadata`` (so it is counted exactly once).
    """
    if isinstance(event, neutral.TextDelta):
        return _delta_chunk(event.text, None)
    if isinstance(event, neutral.ReasoningDelta):
        return _delta_chunk("", event.text)
    base_meta = {"model_provider": PROVIDER}
    if isinstance(event, neutral.ToolCallDelta):
        return _tool_call_delta_chunk(event, base_meta)
    if isinstance(event, neutral.Finish):
        result = event.result
        final_kwargs: dict[str, Any] = {REPLAY_KEY: result.replay}
        if result.reasoning_signature:
            final_kwargs[SIGNATURE_KEY] = result.reasoning_signature
        return AIMessageChunk(
            content="",
            additional_kwargs=final_kwargs,
            usage_metadata=usage_metadata(result.usage) if result.usage is not None else None,
            response_metadata=response_metadata(result, requested_model),
            chunk_position="last",
        )
    return None


# ------------------------------------------------------------------ the per-chunk fast path
# A text or reasoning delta is the hot path of a stream (one chunk per delta). LangChain's
# constructor validates every field of ``AIMessageChunk`` (and ``ChatGenerationChunk``) again
# although the values here are known to be valid: a str and fixed-shape dicts. The fast path
# builds the same object the way pydantic's ``model_construct`` does — instance ``__dict__``,
# fields set, extras — from a template the real constructor produced, with fresh mutable
# containers per chunk. The template is checked once against the constructor (same
# ``__dict__``, same fields set); if LangChain ever builds something else, the constructor is
# used from then on. ``tests/langchain`` asserts equality of both paths.

_new = object.__new__
_set = object.__setattr__


def _delta_chunk_slow(text: str, reasoning: str | None) -> AIMessageChunk:
    if reasoning is None:
        return AIMessageChunk(content=text, response_metadata={"model_provider": PROVIDER})
    return AIMessageChunk(
        content=text,
        additional_kwargs={REASONING_KEY: reasoning},
        response_metadata={"model_provider": PROVIDER},
    )


_TEXT_FIELDS_SET = frozenset({"content", "response_metadata"})
_REASONING_FIELDS_SET = frozenset({"content", "additional_kwargs", "response_metadata"})


def _delta_chunk_fast(text: str, reasoning: str | None) -> AIMessageChunk:
    d = _CHUNK_TEMPLATE.copy()
    d["content"] = text
    if reasoning is None:
        d["additional_kwargs"] = {}
        fields_set = set(_TEXT_FIELDS_SET)
    else:
        d["additional_kwargs"] = {REASONING_KEY: reasoning}
        fields_set = set(_REASONING_FIELDS_SET)
    d["response_metadata"] = {"model_provider": PROVIDER}
    d["tool_calls"] = []
    d["invalid_tool_calls"] = []
    d["tool_call_chunks"] = []
    chunk = _new(AIMessageChunk)
    _set(chunk, "__dict__", d)
    _set(chunk, "__pydantic_fields_set__", fields_set)
    _set(chunk, "__pydantic_extra__", {})
    _set(chunk, "__pydantic_private__", None)
    return chunk


def _same(a: Any, b: Any) -> bool:
    return bool(
        type(a) is type(b)
        and a.__dict__ == b.__dict__
        and a.model_fields_set == b.model_fields_set
        and a.__pydantic_extra__ == b.__pydantic_extra__
        and a.__pydantic_private__ == b.__pydantic_private__
    )


def _pick_delta_chunk() -> Callable[[str, str | None], AIMessageChunk]:
    """The fast builder if it reproduces the constructor exactly, else the constructor."""
    global _CHUNK_TEMPLATE
    _CHUNK_TEMPLATE = _delta_chunk_slow("", None).__dict__
    for text, reasoning in (("x", None), ("", "y")):
        if not _same(_delta_chunk_fast(text, reasoning), _delta_chunk_slow(text, reasoning)):
            return _delta_chunk_slow
    return _delta_chunk_fast


_CHUNK_TEMPLATE: dict[str, Any] = {}
_delta_chunk = _pick_delta_chunk()


def _generation_chunk_fast(message: AIMessageChunk) -> ChatGenerationChunk:
    content = message.content
    if not isinstance(content, str):
        return ChatGenerationChunk(message=message)
    gen = _new(ChatGenerationChunk)
    _set(gen, "__dict__", {**_GENERATION_TEMPLATE, "text": content, "message": message})
    _set(gen, "__pydantic_fields_set__", {"message", "text"})
    _set(gen, "__pydantic_extra__", None)
    _set(gen, "__pydantic_private__", None)
    return gen


def _pick_generation_chunk() -> Any:
    global _GENERATION_TEMPLATE
    probe = _delta_chunk_slow("x", None)
    real = ChatGenerationChunk(message=probe)
    _GENERATION_TEMPLATE = dict(real.__dict__)
    if type(real.__pydantic_extra__) is not type(None) or not _same(
        _generation_chunk_fast(probe), real
    ):
        return ChatGenerationChunk
    return _generation_chunk_fast


_GENERATION_TEMPLATE: dict[str, Any] = {}

#: ``ChatGenerationChunk(message=chunk)`` for a chunk of :func:`event_to_chunk`, built without
#: validating it again (its ``text`` is the chunk's string content, as the validator sets it).
generation_chunk: Any = _pick_generation_chunk()


_JSON_WS = " \t\n\r"


def _tool_call_delta_chunk(event: neutral.ToolCallDelta, meta: dict[str, Any]) -> AIMessageChunk:
    """The chunk for one tool-call fragment, equal to what
    ``AIMessageChunk(tool_call_chunks=[...])`` builds, without its most expensive case.

    LangChain's ``init_tool_calls`` validator parses every fragment with
    ``parse_partial_json`` to fill the chunk's own ``tool_calls`` / ``invalid_tool_calls``. A
    fragment whose first non-whitespace character is not ``{`` can never parse to an object
    (the parser only ever keeps a prefix), so the validator ends by listing it as invalid —
    after a ``json.loads`` attempt on every prefix (~50 µs for a 12-character fragment, the
    bulk of a streamed tool call). That fixed outcome is set directly here; fragments that
    may be objects still go through LangChain's own validator. Equality (fields, fields set,
    ``+`` aggregation) is checked in ``tests/langchain/test_stream_tool_chunks.py``.
    """
    args = event.arguments
    tcc = tool_call_chunk(name=event.name, args=args, id=event.id, index=event.index)
    if not args or args.lstrip(_JSON_WS)[:1] == "{":
        return AIMessageChunk(content="", tool_call_chunks=[tcc], response_metadata=meta)
    chunk = AIMessageChunk(content="", response_metadata=meta)
    # The validator's assignments, in its order (so ``model_fields_set`` is the same too).
    chunk.tool_call_chunks = [tcc]
    chunk.tool_calls = []
    chunk.invalid_tool_calls = [
        invalid_tool_call(name=event.name, args=args, id=event.id, error=None)
    ]
    return chunk


__all__ = [
    "REASONING_KEY",
    "REPLAY_KEY",
    "SIGNATURE_KEY",
    "event_to_chunk",
    "generation_chunk",
    "response_metadata",
    "to_ai_message",
    "to_neutral_message",
    "to_neutral_messages",
    "usage_metadata",
]
