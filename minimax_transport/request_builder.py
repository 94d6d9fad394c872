"""Neutral request → the JSON body for ``/chat/completions`` (docs/wire-format.md, 'Request
parameters').

* 'One system message': all system messages merged into one leading message.
* 'Sampling parameters': temperature / top_p mapped into the family's range (0 is never rejected: it
  becomes the smallest allowed value); ignored or host-rejected fields dropped; ``n > 1`` refused.
* 'Output budget': ``max_completion_tokens`` (or ``max_tokens``, per preset) with a generous
  default.
* 'tool_choice and forcing emulation': ``tool_choice`` other than auto/none is emulated
  where the family ignores it (:mod:`.forcing`).
* 'Tool definitions': tool schemas always carry name, description and an object ``parameters``
  (order kept); never an empty ``tools`` list.
* 'Requesting split reasoning': ``reasoning_split`` per preset and model (overridable).
* docs/models-and-controls.md, 'What the implementation decided': ``thinking`` /
  ``reasoning_effort`` per model on the official presets, as given elsewhere, and
  ``cache_control`` only where the host accepts it — decided by :mod:`.controls` (the one
  table for both dialects); this module maps the decision to the chat fields.
* 'Replay and interleaved thinking': assistant turns from MiniMax replayed verbatim while unchanged,
  else rebuilt from the message as it stands now; hand-built reasoning → inline form
  (:mod:`.replay`).
* 'History validation': every tool message answers a tool call of the assistant turn before it;
  replayed arguments are valid JSON — checked before anything is sent.
* Nothing the user asked for is dropped in silence: ``response_format`` on a model whose
  catalog entry says MiniMax ignores it, or an image for a model without image input, raises
  :class:`~minimax_transport.errors.UnsupportedFeatureError` before any request; ``strict``
  tools reach hosts that take the flag and are dropped with a warning elsewhere.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.presets import get_preset
    >>> from minimax_transport.types import ChatRequest, SystemMessage, UserMessage
    >>> req = ChatRequest("MiniMax-M2.7", [SystemMessage("a"), SystemMessage("b"),
    ...                   UserMessage("hi")], temperature=0)
    >>> body = build_request_body(req, resolve_model(req.model), get_preset("minimax"), stream=False)
    >>> body["messages"][0], body["temperature"], body["reasoning_split"]
    ({'role': 'system', 'content': 'a\\n\\nb'}, 0.01, True)
"""

from __future__ import annotations

import json
import warnings

from .catalog import ModelInfo, warn_if_deprecated
from .controls import CONTROL_FIELDS, chat_fields, decide_controls
from .errors import InvalidRequestError, UnsupportedFeatureError
from .forcing import (
    UNFORCED_CHOICES,
    forced_name,
    forcing_instruction,
    forcing_reminder,
    is_forced,
    needs_forcing_emulation,
)
from .presets import Preset
from .replay import assistant_wire, canonical_inline
from .types import (
    AssistantMessage,
    ChatRequest,
    JSONDict,
    Message,
    SystemMessage,
    ToolMessage,
    ToolSpec,
    UserMessage,
)

#: Smallest temperature / top_p sent when the family's range excludes 0.
MIN_POSITIVE = 0.01
_EMPTY_SCHEMA: JSONDict = {"type": "object", "properties": {}}


def clamp(value: float | None, lo: float, hi: float, exclusive_lo: bool) -> float | None:
    """Map ``value`` into ``[lo, hi]`` (or ``(lo, hi]``), never rejecting it."""
    if value is None:
        return None
    v = float(value)
    if v > hi:
        return hi
    if exclusive_lo and v <= lo:
        return lo + MIN_POSITIVE
    return max(v, lo)


# --------------------------------------------------------------------------------------------
# Validation (docs/wire-format.md, 'History validation', and bad input)
# --------------------------------------------------------------------------------------------


def validate_request(request: ChatRequest) -> None:
    """Raise :class:`InvalidRequestError` for input MiniMax would refuse (or garble)."""
    if not request.model or not isinstance(request.model, str):
        raise InvalidRequestError("A model name is required")
    if not request.messages:
        raise InvalidRequestError("The message list is empty: send at least one message")
    if request.n is not None and request.n != 1:
        raise InvalidRequestError(f"MiniMax only supports n=1 (got n={request.n})")
    if request.max_tokens is not None and request.max_tokens < 1:
        raise InvalidRequestError(f"max_tokens must be positive (got {request.max_tokens})")
    known_ids: set[str] = set()
    invalid_ids: dict[str, str] = {}  # calls the model made with unparsable arguments
    for i, msg in enumerate(request.messages):
        if isinstance(msg, ToolMessage):
            if not msg.tool_call_id:
                raise InvalidRequestError(f"messages[{i}]: a tool message needs its tool_call_id")
            if msg.tool_call_id not in known_ids and msg.tool_call_id in invalid_ids:
                raise InvalidRequestError(
                    f"messages[{i}]: tool message answers tool call {msg.tool_call_id!r}, whose "
                    f"arguments are not valid JSON ({invalid_ids[msg.tool_call_id][:80]!r}); "
                    "MiniMax refuses such history with error 2013: repair the call's arguments "
                    "or drop the call and its result"
                )
            if msg.tool_call_id not in known_ids:
                raise InvalidRequestError(
                    f"messages[{i}]: tool message for tool_call_id={msg.tool_call_id!r} does not "
                    "follow an assistant message that made that tool call (MiniMax would refuse "
                    "it with error 2013)"
                )
        elif isinstance(msg, AssistantMessage):
            known_ids = set()
            for tc in msg.tool_calls:
                _check_arguments(i, tc.id, tc.raw_arguments)
                known_ids.add(tc.id)
            invalid_ids = {itc.id: itc.raw_arguments for itc in msg.invalid_tool_calls if itc.id}
        elif isinstance(msg, UserMessage):
            known_ids = set()
            invalid_ids = {}
        elif not isinstance(msg, SystemMessage):  # system turns are hoisted
            role = getattr(msg, "role", type(msg).__name__)
            raise InvalidRequestError(
                f"messages[{i}]: unknown role {role!r} (expected system, user, assistant or tool)"
            )
    if request.tools:
        names = set()
        for t in request.tools:
            if not t.name:
                raise InvalidRequestError("Every tool needs a non-empty name")
            names.add(t.name)
        name = forced_name(request)
        if name is not None and name not in names:
            raise InvalidRequestError(
                f"tool_choice names {name!r}, which is not among the tools: {sorted(names)}"
            )


#: ``response_format`` values that ask for nothing beyond the default (plain text).
_NO_FORMAT_TYPES = ("text",)
#: OpenAI-style content part types that carry an image.
_IMAGE_PART_TYPES = frozenset({"image_url", "image", "input_image"})


def honours_response_format(info: ModelInfo, preset: Preset) -> bool:
    """MiniMax honours it on this model (catalog), or the host enforces it itself."""
    return info.response_format or preset.enforces_response_format


def check_model_support(request: ChatRequest, info: ModelInfo, preset: Preset) -> None:
    """Raise :class:`UnsupportedFeatureError` for what would be silently dropped:
    ``response_format`` where neither the model (catalog) nor the host honours it, images for a
    catalogued model without image input, video for one without video input (an unknown id's
    media are sent: the server decides).
    Called before any request, so nothing is sent."""
    rf = request.response_format
    if rf and not honours_response_format(info, preset) and rf.get("type") not in _NO_FORMAT_TYPES:
        raise UnsupportedFeatureError(
            f"{request.model} ignores response_format (MiniMax drops it silently on this "
            "model, so the answer would not follow the schema). Use a forced tool call "
            "instead — LangChain: with_structured_output(schema, method='function_calling'), "
            "or create_agent(response_format=ToolStrategy(schema)) (or the bare schema); "
            "LlamaIndex: structured_predict / as_structured_llm. Models that honour "
            "response_format: MiniMax-M3, MiniMax-Text-01. If your host enforces it anyway, "
            "set model_overrides={'response_format': True}.",
            model=request.model,
            feature="response_format",
        )
    if not info.known or (info.image_input and info.video_input):
        return
    for i, msg in enumerate(request.messages):
        if not isinstance(msg, UserMessage) or isinstance(msg.content, str):
            continue
        for part in msg.content:
            kind = part.get("type") if isinstance(part, dict) else None
            if kind in _IMAGE_PART_TYPES and not info.image_input:
                raise UnsupportedFeatureError(
                    f"messages[{i}] contains an image, but {request.model} takes no image "
                    "input (MiniMax drops it silently and answers as if it were not there). "
                    "Use an image-capable model (MiniMax-M3, MiniMax-Text-01), or set "
                    "model_overrides={'image_input': True} if your host accepts images.",
                    model=request.model,
                    feature="image_input",
                )
            if kind == "video_url" and not info.video_input:
                raise UnsupportedFeatureError(
                    f"messages[{i}] contains a video, but {request.model} takes no video "
                    "input. Use a video-capable model (MiniMax-M3, the M3.1 family), or set "
                    "model_overrides={'video_input': True} if your host accepts video.",
                    model=request.model,
                    feature="video_input",
                )


def _check_arguments(i: int, call_id: str, raw: str) -> None:
    if not call_id:
        raise InvalidRequestError(f"messages[{i}]: an assistant tool call has no id")
    if raw.strip():
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise InvalidRequestError(
                f"messages[{i}]: tool call {call_id!r} has arguments that are not valid JSON "
                f"({exc}); MiniMax refuses such history with error 2013"
            ) from None
        if not isinstance(value, dict):
            raise InvalidRequestError(
                f"messages[{i}]: tool call {call_id!r} arguments must be a JSON object"
            )


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def _assistant_wire(msg: AssistantMessage) -> JSONDict:
    """Verbatim (docs/wire-format.md, 'Replay and interleaved thinking') while the message is
    unchanged from what was received, else rebuilt from the message as it stands now
    (:mod:`minimax_transport.replay`)."""
    return assistant_wire(msg)


def build_messages(
    messages: list[Message], extra_system: str | None = None, *, cache_control: bool = True
) -> list[JSONDict]:
    """Wire messages: one merged leading system message (docs/wire-format.md, 'One
    system message'), then the rest in order.

    When any system message carries ``cache_control``, the merged system message is a list of
    text parts (one per system message, each with its ``cache_control``) instead of one
    string. ``cache_control=False`` (hosts that do not accept it) removes every
    ``cache_control`` — from system messages and from user content parts — with a warning.
    """
    system_parts: list[SystemMessage] = []
    rest: list[JSONDict] = []
    dropped = False
    for msg in messages:
        if isinstance(msg, SystemMessage):
            if msg.content:
                system_parts.append(msg)
        elif isinstance(msg, UserMessage):
            content = msg.content
            if not cache_control and isinstance(content, list):
                content, stripped = _strip_cache_control(content)
                dropped = dropped or stripped
            user: JSONDict = {"role": "user", "content": content}
            if msg.name:
                user["name"] = msg.name
            rest.append(user)
        elif isinstance(msg, AssistantMessage):
            rest.append(_assistant_wire(msg))
        elif isinstance(msg, ToolMessage):
            rest.append({"role": "tool", "tool_call_id": msg.tool_call_id, "content": msg.content})
    if extra_system:
        system_parts.append(SystemMessage(extra_system))
    if not cache_control and any(m.cache_control for m in system_parts):
        dropped = True
        system_parts = [SystemMessage(m.content) for m in system_parts]
    if dropped:
        _warn_cache_control_dropped()
    if not system_parts:
        return rest
    if any(m.cache_control for m in system_parts):
        parts: list[JSONDict] = []
        for m in system_parts:
            part: JSONDict = {"type": "text", "text": m.content}
            if m.cache_control:
                part["cache_control"] = dict(m.cache_control)
            parts.append(part)
        return [{"role": "system", "content": parts}, *rest]
    return [{"role": "system", "content": "\n\n".join(m.content for m in system_parts)}, *rest]


def _strip_cache_control(parts: list[JSONDict]) -> tuple[list[JSONDict], bool]:
    stripped = False
    out: list[JSONDict] = []
    for part in parts:
        if isinstance(part, dict) and "cache_control" in part:
            part = {k: v for k, v in part.items() if k != "cache_control"}
            stripped = True
        out.append(part)
    return out, stripped


_cache_warning_given = False


def _warn_cache_control_dropped() -> None:
    global _cache_warning_given
    if _cache_warning_given:
        return
    _cache_warning_given = True
    warnings.warn(
        "cache_control is not sent to this host (only MiniMax's own API accepts explicit "
        "prompt-caching breakpoints); automatic prefix caching still applies where the host "
        "has it.",
        UserWarning,
        stacklevel=4,
    )


def tool_wire(tool: ToolSpec, *, send_strict: bool = False) -> JSONDict:
    """Name, description and an object ``parameters`` schema, property order kept
    (docs/wire-format.md, 'Tool definitions'); the tool's ``strict`` flag when ``send_strict``
    (the host takes it; never ``null``)."""
    params = tool.parameters if isinstance(tool.parameters, dict) else None
    if not params:
        params = dict(_EMPTY_SCHEMA)
    elif params.get("type") == "object" and "properties" not in params:
        params = {**params, "properties": {}}
    function: JSONDict = {
        "name": tool.name,
        "description": tool.description or "",
        "parameters": params,
    }
    if send_strict and tool.strict is not None:
        function["strict"] = bool(tool.strict)
    return {"type": "function", "function": function}


def _warn_strict_dropped(tools: list[ToolSpec], preset: Preset) -> None:
    names = [t.name for t in tools if t.strict]
    if names:
        warnings.warn(
            f"strict=True on tools {names} is not sent: the {preset.name!r} host takes no "
            "per-tool 'strict' flag, so argument schemas are not enforced server-side "
            "(validate the arguments yourself, or use a host that takes it: presets "
            "'openrouter', 'openai-compatible').",
            UserWarning,
            stacklevel=4,
        )


# --------------------------------------------------------------------------------------------
# Body
# --------------------------------------------------------------------------------------------


def build_request_body(
    request: ChatRequest, info: ModelInfo, preset: Preset, *, stream: bool
) -> JSONDict:
    """The JSON body for ``request`` on ``preset`` (validates first)."""
    validate_request(request)
    check_model_support(request, info, preset)
    warn_if_deprecated(info)
    decision = decide_controls(request, info, preset)
    emulate = needs_forcing_emulation(request, info)
    body: JSONDict = {
        "model": request.model,
        "messages": build_messages(
            request.messages,
            forcing_instruction(request) if emulate else None,
            cache_control=decision.cache_control,
        ),
    }
    if stream:
        body["stream"] = True
        if preset.send_stream_options and request.stream_usage:
            body["stream_options"] = {"include_usage": True}
    temperature = clamp(
        request.temperature,
        info.temperature_min,
        info.temperature_max,
        info.temperature_min_exclusive,
    )
    if temperature is not None:
        body["temperature"] = temperature
    top_p = clamp(request.top_p, 0.0, 1.0, True)
    if top_p is not None:
        body["top_p"] = top_p
    body[preset.max_tokens_param] = request.max_tokens or info.default_max_tokens
    if request.tools:
        tools = request.tools
        name = forced_name(request)
        if emulate and name:
            tools = [t for t in tools if t.name == name]
        if not preset.tool_strict:
            _warn_strict_dropped(tools, preset)
        body["tools"] = [tool_wire(t, send_strict=preset.tool_strict) for t in tools]
        choice = request.tool_choice
        if choice in UNFORCED_CHOICES:
            body["tool_choice"] = choice
        elif choice is not None and not emulate:
            body["tool_choice"] = (
                "required"
                if choice == "required"
                else {"type": "function", "function": {"name": choice}}
            )
        if request.parallel_tool_calls is not None:
            body["parallel_tool_calls"] = request.parallel_tool_calls
    if request.stop and info.honours_stop:
        body["stop"] = list(request.stop)
    if request.response_format and honours_response_format(info, preset):
        body["response_format"] = request.response_format
    split = request.reasoning_split
    if split is None:
        split = preset.send_reasoning_split and info.supports_reasoning_split
        if split:
            body["reasoning_split"] = True
    elif preset.send_reasoning_split or split:
        body["reasoning_split"] = bool(split)
    if request.extra_body:
        body.update(request.extra_body)
        for key in CONTROL_FIELDS:  # decided by control_fields, whichever way they were set
            body.pop(key, None)
    body.update(chat_fields(decision))
    # After extra_body: adapters pass unmodelled kwargs (presence_penalty, n…) through it, and
    # the host still ignores or rejects them. Override the preset to force one through.
    for key in preset.rejected_params:
        body.pop(key, None)
    return body


__all__ = [
    "MIN_POSITIVE",
    "build_messages",
    "build_request_body",
    "canonical_inline",
    "check_model_support",
    "clamp",
    "forcing_instruction",
    "forcing_reminder",
    "honours_response_format",
    "is_forced",
    "needs_forcing_emulation",
    "tool_wire",
    "validate_request",
]
