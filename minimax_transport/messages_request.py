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
* ``thinking``: M3 gets ``{"type": "adaptive"}`` when the caller set nothing (this endpoint
  disables thinking when the field is omitted, the chat endpoint does not); M2.x always
  reasons, so nothing is sent and ``disabled`` is dropped with a warning;
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
import warnings
from typing import Any

from .catalog import ModelInfo
from .errors import InvalidRequestError, UnsupportedFeatureError
from .forcing import forced_name, forcing_instruction, needs_forcing_emulation
from .presets import Preset
from .replay import BLOCKS_KEY, is_unchanged
from .request_builder import (
    MIN_POSITIVE,
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
#: Families that always reason: ``thinking`` is never sent to them.
ALWAYS_REASONS = frozenset({"minimax-m2"})
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

_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    if key in _warned:
        return
    _warned.add(key)
    warnings.warn(message, UserWarning, stacklevel=5)


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


def user_blocks(content: str | list[JSONDict], info: ModelInfo) -> str | list[JSONDict]:
    """User content: a string stays a string; OpenAI-style parts become Messages blocks
    (``text`` kept with its ``cache_control``, ``image_url`` → ``image``); blocks already in
    the Messages shape pass unchanged."""
    if isinstance(content, str):
        return content
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
    messages: list[Message], info: ModelInfo, extra_system: str | None = None
) -> tuple[str | list[JSONDict] | None, list[JSONDict]]:
    """``(system, messages)`` for the body. Consecutive user-side turns (user text, tool
    results) are merged into one user message, tool results first."""
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
            user_turn(user_blocks(msg.content, info))
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
# thinking
# --------------------------------------------------------------------------------------------


def requested_thinking(request: ChatRequest) -> Any:
    """The caller's ``thinking`` setting: the typed field when the request has one, else
    ``extra_body["thinking"]``."""
    value = getattr(request, "thinking", None)
    if value is None and request.extra_body:
        value = request.extra_body.get("thinking")
    return value


def thinking_field(request: ChatRequest, info: ModelInfo) -> JSONDict | None:
    """The ``thinking`` field to send (``None``: omit it).

    * M3 (and the M3.x families): ``None`` → ``{"type": "adaptive"}`` (this endpoint would
      otherwise disable thinking); ``{"type": "enabled", …}`` → adaptive with a warning (M3
      accepts only adaptive/disabled); adaptive/disabled sent as given.
    * M2.x always reasons: nothing is sent; ``disabled`` is dropped with a warning.
    * Unknown ids: sent as given, nothing when not set.
    """
    value = requested_thinking(request)
    if value is not None and not (isinstance(value, dict) and "type" in value):
        raise InvalidRequestError(
            f"thinking must be a dict like {{'type': 'adaptive'}} or {{'type': 'disabled'}} "
            f"(got {value!r})"
        )
    kind = value.get("type") if isinstance(value, dict) else None
    if info.family.startswith("minimax-m3"):
        if kind is None:
            return {"type": "adaptive"}
        if kind == "enabled":
            _warn_once(
                "thinking-enabled",
                "thinking={'type': 'enabled', ...} is sent to MiniMax as {'type': 'adaptive'}: "
                "MiniMax-M3 accepts only adaptive and disabled thinking, with no token budget.",
            )
            return {"type": "adaptive"}
        return dict(value) if isinstance(value, dict) else None
    if info.family in ALWAYS_REASONS:
        if kind == "disabled":
            _warn_once(
                f"thinking-disabled-{info.model}",
                f"thinking={{'type': 'disabled'}} is not sent to {info.model}: it always "
                "reasons (MiniMax ignores thinking: disabled on the M2.x family).",
            )
        return None
    return dict(value) if isinstance(value, dict) else None


def effort_field(request: ChatRequest, info: ModelInfo) -> JSONDict | None:
    """``output_config`` for a ``reasoning_effort`` setting (the typed field when the request
    has one, else ``extra_body["reasoning_effort"]``): ``{"effort": level}`` only for a model
    whose catalog entry lists that level; otherwise nothing is sent, with a one-time warning
    (never a raw ``reasoning_effort`` field, which this endpoint does not know)."""
    value = getattr(request, "reasoning_effort", None)
    if value is None and request.extra_body:
        value = request.extra_body.get("reasoning_effort")
    if value is None:
        return None
    levels = tuple(getattr(info, "reasoning_effort_levels", ()) or ())
    if value in levels:
        return {"effort": value}
    _warn_once(
        f"effort-{info.model}-{value}",
        f"reasoning_effort={value!r} is not sent to {info.model} on MiniMax's "
        "Anthropic-compatible endpoint: its catalog entry has "
        + (f"the levels {list(levels)}" if levels else "no reasoning-effort levels")
        + ".",
    )
    return None


# --------------------------------------------------------------------------------------------
# Body
# --------------------------------------------------------------------------------------------

#: Body fields decided here, lifted out of ``extra_body`` before it is merged.
_OWNED_FIELDS = ("thinking", "reasoning_effort")


def build_messages_body(
    request: ChatRequest, info: ModelInfo, preset: Preset, *, stream: bool
) -> JSONDict:
    """The JSON body for ``request`` on a Messages preset (validates first)."""
    validate_request(request)
    check_model(info)
    check_model_support(request, info, preset)  # images for text-only models, as on chat
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
        request.messages, info, forcing_instruction(request) if emulate else None
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
    thinking = thinking_field(request, info)
    effort = effort_field(request, info)
    if request.extra_body:
        body.update({k: v for k, v in request.extra_body.items() if k not in _OWNED_FIELDS})
    if thinking is not None:
        body["thinking"] = thinking
    if effort is not None:
        config = body.get("output_config")
        body["output_config"] = {**(config if isinstance(config, dict) else {}), **effort}
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
    "effort_field",
    "thinking_field",
    "tool_choice_wire",
    "tool_wire",
    "user_blocks",
]
