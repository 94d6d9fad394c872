"""Call parameters as both adapters receive them → one neutral :class:`ChatRequest`.

``ChatMiniMax`` (LangChain) and ``MiniMax`` (LlamaIndex) get the same parameters in layers —
constructor fields, then per-call keyword arguments — and hand them here, so these rules
hold for both:

* a later layer overrides an earlier one; a ``None`` value means "not set" (it never
  overrides);
* keys naming a :class:`ChatRequest` field (:data:`REQUEST_FIELDS`) set that field; any
  other key is sent in the request body (``extra_body``), and an ``extra_body`` dict is
  merged into it;
* ``max_completion_tokens`` is an alias of ``max_tokens`` (``max_tokens`` wins in a layer
  holding both), ``thinking_dict`` of ``thinking`` (likewise);
* ``stop`` may be one string or a list; ``tool_choice`` is normalised by
  :func:`normalize_tool_choice` and kept only when tools are sent.

Example:
    >>> from minimax_transport.types import UserMessage
    >>> req = build_chat_request(
    ...     "MiniMax-M2.7", [UserMessage("Hi")],
    ...     {"temperature": 0.5, "max_tokens": 1024},
    ...     {"max_completion_tokens": 256, "stop": "END", "presence_penalty": 0.1},
    ... )
    >>> req.temperature, req.max_tokens, req.stop, req.extra_body
    (0.5, 256, ['END'], {'presence_penalty': 0.1})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .types import ChatRequest, Message, ToolChoice, ToolSpec

#: Keys that set a :class:`ChatRequest` field; any other key goes into the request body.
REQUEST_FIELDS = frozenset(
    {
        "model",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "temperature",
        "top_p",
        "max_tokens",
        "stop",
        "response_format",
        "reasoning_split",
        "thinking",
        "reasoning_effort",
        "n",
        "stream_usage",
    }
)

_REQUIRED = ("any", "required")


def normalize_tool_choice(tool_choice: Any, *, required: bool = False) -> ToolChoice | None:
    """Every ``tool_choice`` spelling the frameworks pass → ``"auto"``, ``"none"``,
    ``"required"``, a tool name, or ``None`` (no preference; ``"required"`` if ``required``).

    Accepted: ``"auto"``, ``"none"``, ``"any"`` / ``"required"`` / ``True`` (some tool), a tool
    name, ``False`` / ``None`` (no preference), and dicts in the OpenAI
    (``{"type": "function", "function": {"name": …}}``), Anthropic (``{"type": "tool",
    "name": …}``, ``{"type": "any"}``, ``{"type": "auto"}``) or plain (``{"name": …}``)
    shapes. Anything else raises ``ValueError``.

    Example:
        >>> normalize_tool_choice("any"), normalize_tool_choice(True), normalize_tool_choice(None)
        ('required', 'required', None)
        >>> normalize_tool_choice({"type": "function", "function": {"name": "get_weather"}})
        'get_weather'
        >>> normalize_tool_choice(None, required=True)
        'required'
    """
    if tool_choice is None or tool_choice is False:
        return "required" if required else None
    if tool_choice is True:
        return "required"
    if isinstance(tool_choice, str):
        return "required" if tool_choice in _REQUIRED else tool_choice
    if isinstance(tool_choice, dict):
        kind = tool_choice.get("type")
        fn = tool_choice.get("function")
        if isinstance(fn, dict) and fn.get("name"):
            return str(fn["name"])
        if tool_choice.get("name"):
            return str(tool_choice["name"])
        if kind in _REQUIRED:
            return "required"
        if kind in ("auto", "none"):
            return str(kind)
    raise ValueError(
        f"Unsupported tool_choice {tool_choice!r}: use 'auto', 'none', 'any', 'required', True, "
        "a tool name, or a dict naming a function."
    )


def normalize_stop(stop: str | Sequence[str] | None) -> list[str] | None:
    """``stop`` as one string or a sequence → a list (``None`` / empty → ``None``)."""
    if not stop:
        return None
    return [stop] if isinstance(stop, str) else list(stop)


def split_call_params(
    *layers: Mapping[str, Any] | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(fields, extra_body)`` from parameter layers (later layers win, ``None`` = not set).

    Example:
        >>> split_call_params({"top_p": 0.9}, {"top_p": None, "extra_body": {"x": 1}, "seed": 7})
        ({'top_p': 0.9}, {'x': 1, 'seed': 7})
    """
    fields: dict[str, Any] = {}
    extra_body: dict[str, Any] = {}
    for layer in layers:
        for key, value in (layer or {}).items():
            if value is None:
                continue
            if key == "extra_body" and isinstance(value, Mapping):
                extra_body.update(value)
            elif key == "max_completion_tokens":
                if layer is not None and layer.get("max_tokens") is None:
                    fields["max_tokens"] = value
            elif key == "thinking_dict":  # llama-index-llms-anthropic's name for ``thinking``
                if layer is not None and layer.get("thinking") is None:
                    fields["thinking"] = value
            elif key in REQUEST_FIELDS:
                fields[key] = value
            else:
                extra_body[key] = value
    return fields, extra_body


def build_chat_request(
    model: str,
    messages: list[Message],
    *layers: Mapping[str, Any] | None,
    tool_spec: Callable[[Any], ToolSpec] | None = None,
    response_format: Callable[[Any], dict[str, Any] | None] | None = None,
) -> ChatRequest:
    """The neutral request for ``messages``: ``model`` unless a layer names another,
    parameters from ``layers`` (see the module docstring). ``tool_spec`` turns one of the
    framework's tool objects into a :class:`ToolSpec` (``ToolSpec``\\ s pass through);
    ``response_format`` turns the framework's schema form into the wire dict."""
    fields, extra_body = split_call_params(*layers)
    tools = fields.pop("tools", None)
    if tools:
        fields["tools"] = [t if isinstance(t, ToolSpec) else _spec(t, tool_spec) for t in tools]
        fields["tool_choice"] = normalize_tool_choice(fields.get("tool_choice"))
    else:
        fields.pop("tool_choice", None)
    if "stop" in fields:
        fields["stop"] = normalize_stop(fields["stop"])
    if response_format is not None and "response_format" in fields:
        fields["response_format"] = response_format(fields["response_format"])
    if "stream_usage" in fields:
        fields["stream_usage"] = bool(fields["stream_usage"])
    return ChatRequest(
        model=fields.pop("model", None) or model,
        messages=messages,
        extra_body=extra_body or None,
        **fields,
    )


def _spec(tool: Any, tool_spec: Callable[[Any], ToolSpec] | None) -> ToolSpec:
    if tool_spec is None:
        raise ValueError(f"tools must be ToolSpec objects, got {tool!r}")
    return tool_spec(tool)


__all__ = [
    "REQUEST_FIELDS",
    "build_chat_request",
    "normalize_stop",
    "normalize_tool_choice",
    "split_call_params",
]
