"""The two wire dialects behind one client: which builder and parsers a preset uses.

``Preset.dialect`` is ``"chat"`` (``/chat/completions``: :mod:`.request_builder`,
:mod:`.response_parser`, :mod:`.stream_parser`) or ``"messages"`` (MiniMax's
Anthropic-compatible ``/v1/messages``: :mod:`.messages_request`, :mod:`.messages_parser`).
Both produce the same neutral results and events, so :class:`~minimax_transport.MiniMaxClient`
(retries, timeouts, keys, forcing emulation) is the same for both.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.presets import get_preset
    >>> from minimax_transport.types import ChatRequest, UserMessage
    >>> req = ChatRequest("MiniMax-M3", [UserMessage("hi")])
    >>> sorted(build_body(req, resolve_model("MiniMax-M3"), get_preset("minimax-anthropic"),
    ...                   stream=False))
    ['max_tokens', 'messages', 'model', 'thinking']
"""

from __future__ import annotations

from typing import Any

from .catalog import ModelInfo, resolve_model
from .errors import MiniMaxError, base_resp_error
from .messages_parser import MessagesStreamParser, messages_error, parse_message
from .messages_request import build_messages_body
from .presets import Preset, resolve_endpoint
from .request_builder import build_request_body
from .response_parser import parse_completion
from .stream_parser import StreamParser
from .types import ChatRequest, ChatResult, JSONDict

AnyStreamParser = StreamParser | MessagesStreamParser

#: Where a model's profile differs on the Messages dialect (docs/anthropic-endpoint.md,
#: 'Request parameters'): temperature is (0, 1] for every model, and there is no
#: ``response_format`` (adapters fall back to tool calling for structured output).
MESSAGES_PROFILE: dict[str, Any] = {
    "temperature_min": 0.0,
    "temperature_max": 1.0,
    "temperature_min_exclusive": True,
    "response_format": False,
}


def dialect_model_info(info: ModelInfo, preset: Preset) -> ModelInfo:
    """``info`` with the preset dialect's differences applied (the chat dialect has none).

    Example:
        >>> from minimax_transport.catalog import resolve_model
        >>> from minimax_transport.presets import get_preset
        >>> m3 = dialect_model_info(resolve_model("MiniMax-M3"), get_preset("minimax-anthropic"))
        >>> m3.temperature_max, m3.response_format
        (1.0, False)
    """
    if preset.dialect == "messages":
        return info.with_overrides(**MESSAGES_PROFILE)
    return info


def endpoint_model_info(
    model: str,
    *,
    base_url: str | None = None,
    preset: str | Preset | None = None,
    overrides: dict[str, Any] | None = None,
) -> ModelInfo:
    """The catalog entry for ``model`` on the endpoint ``base_url`` / ``preset`` resolve to
    (environment defaults as for a client), the dialect's differences and ``overrides``
    applied — what the adapters show as the model's profile.

    Example:
        >>> endpoint_model_info("MiniMax-M3", base_url="https://api.minimax.io/anthropic").response_format
        False
    """
    endpoint = resolve_endpoint(base_url, preset)
    info = dialect_model_info(resolve_model(model), endpoint.preset)
    return info.with_overrides(**(overrides or {}))


def build_body(request: ChatRequest, info: ModelInfo, preset: Preset, *, stream: bool) -> JSONDict:
    """The JSON body for ``request`` in the preset's dialect (validates first)."""
    if preset.dialect == "messages":
        return build_messages_body(request, info, preset, stream=stream)
    return build_request_body(request, info, preset, stream=stream)


def body_error(body: Any, preset: Preset, status_code: int | None = 200) -> MiniMaxError | None:
    """The typed error an HTTP-200 body carries, or ``None``."""
    if preset.dialect == "messages":
        return messages_error(body, status_code)
    return base_resp_error(body, status_code)


def parse_body(body: JSONDict, request: ChatRequest, info: ModelInfo, preset: Preset) -> ChatResult:
    """A non-streamed success body → :class:`ChatResult`."""
    if preset.dialect == "messages":
        return parse_message(body, request, info, preset)
    return parse_completion(body, request, info, preset)


def stream_parser(
    request: ChatRequest, info: ModelInfo, preset: Preset, *, request_id: str | None = None
) -> AnyStreamParser:
    """The SSE parser for the preset's dialect."""
    if preset.dialect == "messages":
        return MessagesStreamParser(request, info, preset, request_id=request_id)
    return StreamParser(request, info, preset, request_id=request_id)


__all__ = [
    "MESSAGES_PROFILE",
    "AnyStreamParser",
    "body_error",
    "build_body",
    "dialect_model_info",
    "endpoint_model_info",
    "parse_body",
    "stream_parser",
]
