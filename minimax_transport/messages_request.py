"""Neutral request → the JSON body for MiniMax's Anthropic-compatible ``/v1/messages``.

The second dialect of the transport (``docs/anthropic-endpoint.md``). The same
:class:`~minimax_transport.types.ChatRequest` that the chat dialect sends to
``/chat/completions`` becomes an Anthropic Messages body here:

* system messages → one top-level ``system`` (a string; text blocks when any carries
  ``cache_control``), with the tool-forcing instruction appended as on the chat dialect;
* user text and content parts → ``text`` / ``image`` blocks; tool results → ``tool_result``
  blocks in one user turn (consecutive user turns are merged: Messages alternates roles);
* assistant turns from this dialect → their content blocks **verbatim** (signed ``thinking``
  blocks unmodified) while the answer, reasoning and tool calls are unchanged; otherwise
  rebuilt from the message as it stands now (received thinking blocks kept while the reasoning
  is unchanged, else one unsigned ``thinking`` block); turns from the chat dialect or built by
  hand → an unsigned ``thinking`` block, a ``text`` block and ``tool_use`` blocks;
* ``tools`` → ``{"name", "description", "input_schema"}``; ``tool_choice`` → ``auto`` /
  ``none`` / ``any`` / ``{"type": "tool", "name"}`` (emulated like the chat dialect where the
  family ignores forcing);
* ``max_tokens`` always sent (required here), the family's default when not given;
  ``temperature`` / ``top_p`` mapped into (0, 1] — the range this endpoint documents for every
  model; ``stop`` applied client-side only (``stop_sequences`` is ignored by MiniMax);
* ``thinking``, ``reasoning_effort`` and ``cache_control``: decided by
  :func:`~minimax_transport.controls.decide_controls` (the one table for both dialects,
  including M3 / M3.1 getting ``{"type": "adaptive"}`` when the caller set nothing: this
  endpoint disables thinking when the field is omitted); mapped here to the ``thinking``
  config and ``output_config.effort`` (never a raw ``reasoning_effort`` field);
* models this endpoint does not serve (M1, Text-01, abab) are refused with
  :class:`ModelNotOnDialectError` before any request; unknown ids pass.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.presets import get_preset
    >>> from minimax_transport.types import ChatRequest, SystemMessage, UserMessage
    >>> req = ChatRequest("MiniMax-M3", [SystemMessage("be brief"), UserMessage("hi")],
    ...                   temperature=0)
    >>> body = build_messages_body(req, resolve_model(req.model),
    ...                            get_preset("minimax-anthropic"), stream=False)
    >>> body["system"], body["messages"], body["temperature"], body["thinking"]
    ('be brief', [{'role': 'user', 'content': 'hi'}], 0.01, {'type': 'adaptive'})
"""

from __future__ import annotations

import json
from typing import Any

from .catalog import ModelInfo
from .controls import CONTROL_FIELDS, decide_controls
from .errors import InvalidRequestError, UnsupportedFeatureError
from .forcing import forced_name, forcing_instruction, needs_forcing_emulation
from .presets import Preset
from .replay import BLOCKS_KEY, is_unchanged
from .request_builder import (
    MIN_POSITIVE,
    _strip_cache_control,
    _warn_cache_control_dropped,
    _warn_strict_dropped,
    check_model_support,
    clamp,
    validate_request,
)
from .types import (
    RECEIVED_KEY,
    AssistantMessage,
    ChatRequest,
    JSONDict,
    Message,
    SystemMessage,
    ToolMessage,
    ToolSpec,
    UserMessage,
)

#: Model families this endpoint does not serve ("for other models, please use the standard
#: MiniMax API interface": docs/anthropic-endpoint.md, 'Models').
REFUSED_FAMILIES = frozenset({"minimax-m1", "minimax-text-01", "abab6.5", "abab5.5"})
#: The temperature range this endpoint documents for every model: (0, 1].
TEMPERATURE_MAX = 1.0

_EMPTY_SCHEMA: JSONDict = {"type": "object", "properties": {}}


class ModelNotOnDialectError(InvalidRequestError):
    """The model is not served on MiniMax's Anthropic-compatible endpoint (M1, Text-01,
    abab): refused before any request. Use a chat preset (``minimax`` / ``minimax-cn``).

    Example:
        >>> err = ModelNotOnDialectError("MiniMax-M1")
        >>> err.model, "chat" in str(err)
        ('MiniMax-M1', True)
    """

    def __init__(self, model: str) -> None:
        self.model = model
        super().__init__(
            f"{model} is not served on MiniMax's Anthropic-compatible endpoint (it serves "
            "MiniMax-M3 and the M2.x family). Use the chat endpoint for this model: "
            "preset='minimax' (or 'minimax-cn') with base URL .../v1."
        )


def check_model(info: ModelInfo) -> None:
    """Refuse a model family this endpoint does not serve (unknown ids pass)."""
    if info.family in REFUSED_FAMILIES:
        raise ModelNotOnDialectError(info.model)


def _effective_arguments(arguments: JSONDict, raw: str) -> Any:
    """The call's arguments as they stand now: the parsed object, else the raw string parsed
    (a call handed over with only its string, as the model sent it)."""
    if arguments or not raw.strip():
        return arguments
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def _tool_use_ids(blocks: list[Any]) -> list[Any]:
    return [b.get("id") for b in blocks if isinstance(b, dict) and b.get("type") == "tool_use"]


def assistant_blocks(msg: AssistantMessage) -> list[JSONDict]:
    """The content blocks of an assistant turn: verbatim while unchanged, else rebuilt."""
    replay = msg.replay or {}
    blocks = replay.get(BLOCKS_KEY)
    received = replay.get(RECEIVED_KEY)
    if (
        isinstance(blocks, list)
        and is_unchanged(msg, received)
        and _tool_use_ids(blocks) == [tc.id for tc in msg.tool_calls]
    ):
        return list(blocks)
    out: list[JSONDict] = []
    reasoning = msg.reasoning or None
    if reasoning:
        same = isinstance(received, dict) and (received.get("reasoning") or None) == reasoning
        kept = [
            b
            for b in (blocks if isinstance(blocks, list) and same else [])
            if isinstance(b, dict) and b.get("type") in ("thinking", "redacted_thinking")
        ]
        # Signed blocks stay as received; reasoning that was edited, came from the chat
        # dialect or was written by hand goes back as one unsigned thinking block.
        out.extend(kept or [{"type": "thinking", "thinking": reasoning}])
    if msg.content:
        out.append({"type": "text", "text": msg.content})
    for tc in msg.tool_calls:
        out.append(
            {
                "type": "tool_use",
                "id": tc.id,
                "name": tc.name,
                "input": _effective_arguments(tc.arguments, tc.raw_arguments),
            }
        )
    return out


def _image_block(url: str) -> JSONDict:
    if url.startswith("data:") and ";base64," in url:
        head, data = url[5:].split(";base64,", 1)
        return {"type": "image", "source": {"type": "base64", "media_type": head, "data": data}}
    return {"type": "image", "source": {"type": "url", "url": url}}


def user_blocks(
    content: str | list[JSONDict], info: ModelInfo, *, cache_control: bool = True
) -> str | list[JSONDict]:
    """User content: a string stays a string; OpenAI-style parts become Messages blocks
    (``text`` kept with its ``cache_control``, ``image_url`` → ``image``); blocks already in
    the Messages shape pass unchanged. ``cache_control=False`` removes every
    ``cache_control``, with the chat dialect's one-time warning."""
    if isinstance(content, str):
        return content
    if not cache_control:
        content, stripped = _strip_cache_control(content)
        if stripped:
            _warn_cache_control_dropped()
    out: list[JSONDict] = []
    for part in content:
        if not isinstance(part, dict):
            continue
        kind = part.get("type")
        block: JSONDict
        if kind == "image_url":
            image = part.get("image_url")
            url = image.get("url") if isinstance(image, dict) else image
            if not isinstance(url, str):
                raise InvalidRequestError("an image_url content part has no url")
            block = _image_block(url)
        else:
            block = {k: v for k, v in part.items() if k != "cache_control"}
        if "cache_control" in part:
            block["cache_control"] = part["cache_control"]
        out.append(block)
    return out


def _system_blocks(parts: list[SystemMessage]) -> str | list[JSONDict]:
    if any(getattr(m, "cache_control", None) for m in parts):
        blocks: list[JSONDict] = []
        for m in parts:
            block: JSONDict = {"type": "text", "text": m.content}
            cc = getattr(m, "cache_control", None)
            if cc:
                block["cache_control"] = dict(cc)
            blocks.append(block)
        return blocks
    return "\n\n".join(m.content for m in parts)


def _as_blocks(content: Any) -> list[JSONDict]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    return list(content)


def build_messages(
    messages: list[Message],
    info: ModelInfo,
    extra_system: str | None = None,
    *,
    cache_control: bool = True,
) -> tuple[str | list[JSONDict] | None, list[JSONDict]]:
    """``(system, messages)`` for the body. Consecutive user-side turns (user text, tool
    results) are merged into one user message, tool results first. ``cache_control=False``
    (a host that does not take it: :func:`~minimax_transport.controls.keeps_cache_control`)
    removes every ``cache_control`` with one warning, as on the chat dialect."""
    system_parts: list[SystemMessage] = []
    out: list[JSONDict] = []

    def user_turn(blocks: list[JSONDict] | str) -> None:
        last = out[-1] if out else None
        if last is None or last["role"] != "user":
            out.append({"role": "user", "content": blocks})
            return
        merged = [*_as_blocks(last["content"]), *_as_blocks(blocks)]
        # tool_result blocks must open the user turn that answers the tool calls.
        merged.sort(key=lambda b: not (isinstance(b, dict) and b.get("type") == "tool_result"))
        last["content"] = merged

    for msg in messages:
        if isinstance(msg, SystemMessage):
            if msg.content:
                system_parts.append(msg)
        elif isinstance(msg, UserMessage):
            user_turn(user_blocks(msg.content, info, cache_control=cache_control))
        elif isinstance(msg, AssistantMessage):
            blocks = assistant_blocks(msg)
            out.append({"role": "assistant", "content": blocks})
        elif isinstance(msg, ToolMessage):
            result: JSONDict = {
                "type": "tool_result",
                "tool_use_id": msg.tool_call_id,
                "content": msg.content,
            }
            if msg.is_error:
                result["is_error"] = True
            user_turn([result])
    if extra_system:
        system_parts.append(SystemMessage(extra_system))
    if not cache_control and any(m.cache_control for m in system_parts):
        _warn_cache_control_dropped()
        system_parts = [SystemMessage(m.content) for m in system_parts]
    return (_system_blocks(system_parts) if system_parts else None), out


def tool_wire(tool: ToolSpec) -> JSONDict:
    """A Messages tool: name, description and an object ``input_schema`` (order kept)."""
    params = tool.parameters if isinstance(tool.parameters, dict) else None
    if not params:
        params = dict(_EMPTY_SCHEMA)
    elif params.get("type") == "object" and "properties" not in params:
        params = {**params, "properties": {}}
    return {"name": tool.name, "description": tool.description or "", "input_schema": params}


def tool_choice_wire(choice: str) -> JSONDict:
    if choice == "auto":
        return {"type": "auto"}
    if choice == "none":
        return {"type": "none"}
    if choice == "required":
        return {"type": "any"}
    return {"type": "tool", "name": choice}


# --------------------------------------------------------------------------------------------
# Body
# --------------------------------------------------------------------------------------------


def build_messages_body(
    request: ChatRequest, info: ModelInfo, preset: Preset, *, stream: bool
) -> JSONDict:
    """The JSON body for ``request`` on a Messages preset (validates first)."""
    validate_request(request)
    check_model(info)
    check_model_support(request, info, preset)  # images for text-only models, as on chat
    decision = decide_controls(request, info, preset)  # the one table for both dialects
    rf = request.response_format
    if rf and rf.get("type") != "text":
        raise UnsupportedFeatureError(
            "response_format has no equivalent on MiniMax's Anthropic-compatible endpoint "
            "(it would be ignored, so the answer would not follow the schema). Use a forced "
            "tool call — LangChain: with_structured_output(schema, "
            "method='function_calling'); LlamaIndex: structured_predict — or the chat "
            "endpoint (preset='minimax') with MiniMax-M3.",
            model=request.model,
            feature="response_format",
        )
    emulate = needs_forcing_emulation(request, info)
    system, messages = build_messages(
        request.messages,
        info,
        forcing_instruction(request) if emulate else None,
        cache_control=decision.cache_control,
    )
    body: JSONDict = {"model": request.model}
    if system is not None:
        body["system"] = system
    body["messages"] = messages
    body["max_tokens"] = request.max_tokens or info.default_max_tokens
    if stream:
        body["stream"] = True
    temperature = clamp(request.temperature, 0.0, TEMPERATURE_MAX, True)
    if temperature is not None:
        body["temperature"] = temperature
    top_p = clamp(request.top_p, 0.0, 1.0, True)
    if top_p is not None:
        body["top_p"] = top_p
    if request.tools:
        tools = request.tools
        choice = request.tool_choice
        name = forced_name(request)
        if emulate and name:
            tools = [t for t in tools if t.name == name]
        _warn_strict_dropped(tools, preset)
        body["tools"] = [tool_wire(t) for t in tools]
        if choice is not None and not (emulate and choice not in ("auto", "none")):
            body["tool_choice"] = tool_choice_wire(choice)
    if request.extra_body:
        body.update({k: v for k, v in request.extra_body.items() if k not in CONTROL_FIELDS})
    # The decision's wire form here: a thinking config, and the effort in output_config.
    if decision.thinking is not None:
        body["thinking"] = decision.thinking
    if decision.effort is not None:
        config = body.get("output_config")
        body["output_config"] = {
            **(config if isinstance(config, dict) else {}),
            "effort": decision.effort,
        }
    # After extra_body, as on the chat dialect: fields MiniMax ignores here are never sent.
    for key in preset.rejected_params:
        body.pop(key, None)
    return body


__all__ = [
    "MIN_POSITIVE",
    "REFUSED_FAMILIES",
    "ModelNotOnDialectError",
    "assistant_blocks",
    "build_messages",
    "build_messages_body",
    "check_model",
    "tool_choice_wire",
    "tool_wire",
    "user_blocks",
]
