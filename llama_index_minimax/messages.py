"""Mapping between LlamaIndex chat messages and the transport's neutral types.

This module only *maps*: LlamaIndex ``ChatMessage`` blocks to
:mod:`minimax_transport.types` messages (outbound) and a
:class:`~minimax_transport.types.ChatResult` back to a LlamaIndex ``ChatMessage`` (inbound).
Every MiniMax wire rule (``<think>`` parsing, ``reasoning_details``, replay form, tool-call
accumulation, JSON validation of arguments) lives in :mod:`minimax_transport`.

Assistant turns carry the transport's *replay payload* (the verbatim wire fields of the turn)
in ``ChatMessage.additional_kwargs[REPLAY_KEY]`` and in the ``ThinkingBlock``'s
``additional_information[REPLAY_KEY]``; passing such a message back in history sends it
exactly as MiniMax returned it while its ``TextBlock``, ``ThinkingBlock`` and
``ToolCallBlock`` blocks still hold what was received — an edited message is sent as edited (the
transport decides; this module only passes the blocks as they are now). A hand-built
``ThinkingBlock`` (no payload) is sent as reasoning, which the transport writes in the
canonical inline ``<think>`` form.

Example:
    >>> from llama_index.core.llms import ChatMessage
    >>> [type(m).__name__ for m in to_neutral_messages(
    ...     [ChatMessage(role="system", content="Be brief."), ChatMessage(role="user", content="Hi")])]
    ['SystemMessage', 'UserMessage']
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from llama_index.core.base.llms.types import (
    AudioBlock,
    CachePoint,
    ChatMessage,
    ContentBlock,
    DocumentBlock,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
    VideoBlock,
)

from minimax_transport.types import (
    REPLAY_KEY,
    AssistantMessage,
    ChatResult,
    InvalidToolCall,
    JSONDict,
    Message,
    SystemMessage,
    ToolCall,
    ToolMessage,
    Usage,
    UserMessage,
)

from .prebuilt import FAST

#: ``ChatMessage.additional_kwargs`` key holding tool calls whose arguments are not a JSON
#: object (a list of ``{"id", "name", "raw_arguments", "error"}``).
INVALID_TOOL_CALLS_KEY = "minimax_invalid_tool_calls"
#: ``ChatMessage.additional_kwargs`` key of the OpenAI-style tool-call list (LlamaIndex legacy).
LEGACY_TOOL_CALLS_KEY = "tool_calls"

_ASSISTANT_ROLES = {MessageRole.ASSISTANT, MessageRole.CHATBOT, MessageRole.MODEL}
_SYSTEM_ROLES = {MessageRole.SYSTEM, MessageRole.DEVELOPER}
_TOOL_ROLES = {MessageRole.TOOL, MessageRole.FUNCTION}


# ------------------------------------------------------------------------------------------
# Outbound: LlamaIndex → neutral
# ------------------------------------------------------------------------------------------


def to_neutral_messages(messages: Sequence[ChatMessage]) -> list[Message]:
    """Map LlamaIndex messages to the transport's neutral messages (order kept). A system
    message with a ``CachePoint`` becomes one neutral system message per text block, the block
    before each ``CachePoint`` carrying its ``cache_control``."""
    out: list[Message] = []
    for m in messages:
        if m.role in _SYSTEM_ROLES and any(isinstance(b, CachePoint) for b in m.blocks):
            out.extend(_cached_system(m.blocks))
        else:
            out.append(to_neutral_message(m))
    return out


def cache_control(point: CachePoint) -> JSONDict:
    """``cache_control`` for a ``CachePoint`` (as llama-index-llms-anthropic maps it; the
    ``ttl`` only when it is not the default five minutes)."""
    out: JSONDict = {"type": point.cache_control.type}
    if point.cache_control.ttl and point.cache_control.ttl != "5m":
        out["ttl"] = point.cache_control.ttl
    return out


def _cached_system(blocks: Sequence[ContentBlock]) -> list[SystemMessage]:
    out: list[SystemMessage] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            out.append(SystemMessage(content=block.text))
        elif isinstance(block, CachePoint) and out:
            out[-1].cache_control = cache_control(block)
    return out


def to_neutral_message(message: ChatMessage) -> Message:
    """Map one LlamaIndex message (by role) to a neutral message."""
    role = message.role
    if role in _SYSTEM_ROLES:
        return SystemMessage(content=_text_of(message.blocks))
    if role in _ASSISTANT_ROLES:
        return _to_assistant(message)
    if role in _TOOL_ROLES:
        kw = message.additional_kwargs
        tool_call_id = kw.get("tool_call_id") or kw.get("id") or ""
        return ToolMessage(
            content=_text_of(message.blocks),
            tool_call_id=str(tool_call_id),
            name=kw.get("name") or kw.get("tool_name"),
            is_error=bool(kw.get("is_error", False)),
        )
    return _to_user(message)


def _text_of(blocks: Sequence[ContentBlock]) -> str:
    return "\n".join(b.text for b in blocks if isinstance(b, TextBlock))


def _to_user(message: ChatMessage) -> UserMessage:
    name = message.additional_kwargs.get("name")
    parts: list[JSONDict] = []
    has_media = False
    for block in message.blocks:
        if isinstance(block, TextBlock):
            parts.append({"type": "text", "text": block.text})
        elif isinstance(block, ImageBlock):
            has_media = True
            parts.append({"type": "image_url", "image_url": _image_url(block)})
        elif isinstance(block, VideoBlock):
            has_media = True
            parts.append({"type": "video_url", "video_url": {"url": _video_url(block)}})
        elif isinstance(block, CachePoint):
            if parts:  # marks the end of the cacheable prefix: the block before it
                parts[-1]["cache_control"] = cache_control(block)
                has_media = True  # keep the list form so the marker reaches the wire
        elif isinstance(block, (AudioBlock, DocumentBlock)):
            raise ValueError(
                f"MiniMax chat models do not accept {type(block).__name__} input; "
                "send text, images or (MiniMax-M3) video."
            )
        # ThinkingBlock / ToolCallBlock / citations in a user turn carry nothing to send.
    if not has_media:
        return UserMessage(content="\n".join(str(p["text"]) for p in parts), name=name)
    return UserMessage(content=parts, name=name)


def _image_url(block: ImageBlock) -> JSONDict:
    out: JSONDict
    if block.url is not None and block.image is None and block.path is None:
        out = {"url": str(block.url)}
    else:
        data = block.resolve_image(as_base64=True).read().decode("ascii")
        mimetype = block.image_mimetype or "image/png"
        out = {"url": f"data:{mimetype};base64,{data}"}
    if block.detail:
        out["detail"] = block.detail
    return out


def _video_url(block: VideoBlock) -> str:
    if block.url is not None and block.video is None and block.path is None:
        return str(block.url)
    data = base64.b64encode(block.resolve_video().read()).decode("ascii")
    mimetype = block.video_mimetype or "video/mp4"
    return f"data:{mimetype};base64,{data}"


def _to_assistant(message: ChatMessage) -> AssistantMessage:
    texts: list[str] = []
    reasonings: list[str] = []
    tool_calls: list[ToolCall] = []
    replay: JSONDict | None = message.additional_kwargs.get(REPLAY_KEY) or None
    for block in message.blocks:
        if isinstance(block, TextBlock):
            texts.append(block.text)
        elif isinstance(block, ThinkingBlock):
            if block.content:
                reasonings.append(block.content)
            if replay is None:
                replay = block.additional_information.get(REPLAY_KEY) or None
        elif isinstance(block, ToolCallBlock):
            tool_calls.append(_to_tool_call(block))
    if not tool_calls and replay is None:
        # Only a hand-built message: one from MiniMax lists its calls as ToolCallBlocks (the
        # legacy list beside them is a copy, stale once the blocks are edited or removed).
        tool_calls = _legacy_tool_calls(message.additional_kwargs.get(LEGACY_TOOL_CALLS_KEY))
    invalid = [
        InvalidToolCall(
            id=item.get("id"),
            name=item.get("name"),
            raw_arguments=str(item.get("raw_arguments", "")),
            error=str(item.get("error", "")),
        )
        for item in message.additional_kwargs.get(INVALID_TOOL_CALLS_KEY) or []
        if isinstance(item, dict)
    ]
    return AssistantMessage(
        content="\n".join(texts),
        tool_calls=tool_calls,
        reasoning="\n".join(reasonings) or None,
        replay=dict(replay) if isinstance(replay, dict) else None,
        invalid_tool_calls=invalid,
    )


def _legacy_tool_calls(items: Any) -> list[ToolCall]:
    """OpenAI-style ``additional_kwargs["tool_calls"]`` of a hand-built message (no blocks)."""
    calls: list[ToolCall] = []
    for item in items if isinstance(items, list) else []:
        function = item.get("function") if isinstance(item, dict) else None
        if not isinstance(function, dict) or not function.get("name"):
            continue
        args = function.get("arguments")
        calls.append(
            ToolCall(
                id=str(item.get("id") or ""),
                name=str(function["name"]),
                arguments=dict(args) if isinstance(args, dict) else {},
                raw_arguments=args if isinstance(args, str) else "",
            )
        )
    return calls


def _to_tool_call(block: ToolCallBlock) -> ToolCall:
    call_id = block.tool_call_id or ""
    if isinstance(block.tool_kwargs, dict):
        return ToolCall(id=call_id, name=block.tool_name, arguments=dict(block.tool_kwargs))
    # A string as the model sent it: handed over untouched; the transport validates it.
    return ToolCall(id=call_id, name=block.tool_name, arguments={}, raw_arguments=block.tool_kwargs)


# ------------------------------------------------------------------------------------------
# Inbound: neutral → LlamaIndex
# ------------------------------------------------------------------------------------------


def usage_kwargs(usage: Usage | None) -> dict[str, int]:
    """Token counts for ``ChatResponse.additional_kwargs`` (empty when not reported)."""
    return usage.as_dict() if usage is not None else {}


def build_assistant_message(
    *,
    content: str,
    reasoning: str | None,
    tool_calls: Sequence[tuple[str | None, str, dict[str, Any] | str, str]],
    replay: JSONDict | None = None,
    invalid_tool_calls: Sequence[InvalidToolCall] = (),
    reasoning_tokens: int | None = None,
    reasoning_signature: str | None = None,
) -> ChatMessage:
    """The LlamaIndex assistant message: ``ThinkingBlock`` (if any reasoning), then a
    ``TextBlock`` with the clean answer, then one ``ToolCallBlock`` per call.

    ``tool_calls`` are ``(id, name, kwargs, raw_arguments)``; kwargs is a dict (final) or the
    argument string received so far (while streaming). They are also listed, OpenAI-style, in
    ``additional_kwargs["tool_calls"]``: parts of llama-index-core (streamed structured output,
    chat engines) still look there to know that a message calls tools.
    """
    info: dict[str, Any] = {}
    if reasoning:
        if replay:
            info[REPLAY_KEY] = dict(replay)
        if reasoning_signature:
            # As llama-index-llms-anthropic keeps a thinking block's signature.
            info["signature"] = reasoning_signature
    additional_kwargs: dict[str, Any] = {}
    if replay:
        additional_kwargs[REPLAY_KEY] = dict(replay)
    if invalid_tool_calls:
        additional_kwargs[INVALID_TOOL_CALLS_KEY] = [
            {"id": c.id, "name": c.name, "raw_arguments": c.raw_arguments, "error": c.error}
            for c in invalid_tool_calls
        ]
    if not tool_calls and FAST is not None:
        # The same objects without re-validation (checked at import; see prebuilt.py).
        return FAST.message(content, reasoning, reasoning_tokens or None, info, additional_kwargs)
    blocks: list[ContentBlock] = []
    if reasoning:
        blocks.append(
            ThinkingBlock(
                content=reasoning, num_tokens=reasoning_tokens or None, additional_information=info
            )
        )
    blocks.append(TextBlock(text=content))
    legacy_calls: list[JSONDict] = []
    for call_id, name, kwargs, raw_arguments in tool_calls:
        blocks.append(ToolCallBlock(tool_call_id=call_id, tool_name=name, tool_kwargs=kwargs))
        legacy_calls.append(
            {
                "id": call_id,
                "type": "function",
                "function": {"name": name, "arguments": raw_arguments},
            }
        )
    if legacy_calls:
        # First in the dict, as before (key order shows in dumps and reprs).
        additional_kwargs = {LEGACY_TOOL_CALLS_KEY: legacy_calls, **additional_kwargs}
    return ChatMessage(
        role=MessageRole.ASSISTANT, blocks=blocks, additional_kwargs=additional_kwargs
    )


def result_to_message(result: ChatResult) -> ChatMessage:
    """The final LlamaIndex assistant message for a completed answer (replay attached)."""
    return build_assistant_message(
        content=result.content,
        reasoning=result.reasoning,
        tool_calls=[
            (tc.id, tc.name, dict(tc.arguments), tc.raw_arguments) for tc in result.tool_calls
        ],
        replay=result.replay,
        invalid_tool_calls=result.invalid_tool_calls,
        reasoning_tokens=result.usage.reasoning_tokens if result.usage else None,
        reasoning_signature=result.reasoning_signature,
    )


def result_raw(result: ChatResult) -> dict[str, Any]:
    """``ChatResponse.raw``: the response body (or, for streams, a summary) with a ``usage``
    dict that ``TokenCountingHandler`` reads (``prompt_tokens`` / ``completion_tokens``)."""
    if result.raw is not None:
        raw: dict[str, Any] = dict(result.raw)
    else:
        raw = {"id": result.id, "model": result.model, "finish_reason": result.finish_reason}
    if result.usage is not None:
        wire_usage = raw.get("usage")
        base = dict(wire_usage) if isinstance(wire_usage, dict) else {}
        raw["usage"] = {**base, **result.usage.as_dict()}
    return raw


def response_kwargs(result: ChatResult) -> dict[str, Any]:
    """``ChatResponse.additional_kwargs`` for a completed answer: token counts (prompt,
    completion, total; reasoning, cached and cache-creation tokens only where MiniMax reported
    them) and the finish reason."""
    out: dict[str, Any] = dict(usage_kwargs(result.usage))
    if result.finish_reason is not None:
        out["finish_reason"] = result.finish_reason
    return out


__all__ = [
    "INVALID_TOOL_CALLS_KEY",
    "LEGACY_TOOL_CALLS_KEY",
    "build_assistant_message",
    "response_kwargs",
    "result_raw",
    "result_to_message",
    "to_neutral_message",
    "to_neutral_messages",
    "usage_kwargs",
]
