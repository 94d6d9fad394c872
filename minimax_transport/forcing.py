"""Tool-choice forcing, emulated where the model family ignores it.

MiniMax's M2.x family silently ignores a forced ``tool_choice`` (``"required"`` or a tool's
name; see docs/wire-format.md, 'tool_choice and forcing emulation'). Where the catalog says so
(``ModelInfo.tool_choice_forcing`` is false) the transport emulates it:

1. the request carries no ``tool_choice``; a named choice narrows ``tools`` to that tool, and
   an instruction to call it is appended to the system message (:func:`forcing_instruction`);
2. a non-streamed answer without a tool call is asked again once, with a reminder turn
   (:func:`retry_request`), and still none raises
   :class:`~minimax_transport.errors.ToolChoiceNotHonouredError` (:func:`check_result`);
   a stream (which cannot be asked again once delivered) raises it at its end.

Sync and async calls share every decision here; the client only sends the requests.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.types import ChatRequest, ToolSpec, UserMessage
    >>> req = ChatRequest("MiniMax-M2.7", [UserMessage("hi")],
    ...                   tools=[ToolSpec("add", "Add.", {})], tool_choice="add")
    >>> needs_forcing_emulation(req, resolve_model(req.model))
    True
    >>> forced_name(req)
    'add'
"""

from __future__ import annotations

import dataclasses
import logging

from .catalog import ModelInfo
from .errors import ToolChoiceNotHonouredError
from .types import ChatRequest, ChatResult, UserMessage

logger = logging.getLogger("minimax_transport")

#: ``tool_choice`` values that force nothing (sent as they are).
UNFORCED_CHOICES = ("auto", "none")


def is_forced(request: ChatRequest) -> bool:
    """A tool call is required (``"required"`` or a tool's name, with tools given)."""
    return bool(request.tools) and request.tool_choice not in (None, *UNFORCED_CHOICES)


def needs_forcing_emulation(request: ChatRequest, info: ModelInfo) -> bool:
    """True when a tool call is required but the family ignores a forced ``tool_choice``."""
    return is_forced(request) and not info.tool_choice_forcing


def forced_name(request: ChatRequest) -> str | None:
    """The tool ``tool_choice`` names, or ``None`` (no choice, or auto/none/required)."""
    choice = request.tool_choice
    if choice in (None, "auto", "none", "required"):
        return None
    return choice


def forcing_instruction(request: ChatRequest) -> str:
    """The system-message instruction that replaces a forced ``tool_choice``."""
    name = forced_name(request)
    if name:
        return (
            f"Tool use is required for this reply: respond only by calling the `{name}` "
            "tool with valid JSON arguments. Do not answer with plain text."
        )
    return (
        "Tool use is required for this reply: respond only by calling one of the provided "
        "tools with valid JSON arguments. Do not answer with plain text."
    )


def forcing_reminder(request: ChatRequest) -> str:
    """The follow-up user turn sent when a forced tool call was not made."""
    return "Your previous reply did not call a tool. " + forcing_instruction(request)


def needs_retry(request: ChatRequest, info: ModelInfo, result: ChatResult) -> bool:
    """A non-streamed answer must be asked again: forcing is emulated and no tool was called.
    Logs the decision (the same for sync and async calls)."""
    if result.tool_calls or not needs_forcing_emulation(request, info):
        return False
    logger.debug("tool_choice %r ignored by the model; asking again", request.tool_choice)
    return True


def retry_request(request: ChatRequest) -> ChatRequest:
    """``request`` with the reminder turn appended (the one emulated retry)."""
    messages = [*request.messages, UserMessage(forcing_reminder(request))]
    return dataclasses.replace(request, messages=messages)


def check_result(request: ChatRequest, info: ModelInfo, result: ChatResult | None) -> None:
    """Raise :class:`ToolChoiceNotHonouredError` when emulated forcing produced no tool call."""
    if result is None or result.tool_calls or not needs_forcing_emulation(request, info):
        return
    raise ToolChoiceNotHonouredError(
        f"tool_choice={request.tool_choice!r} was requested but {request.model} answered "
        "without calling a tool (this model family ignores forced tool_choice; the "
        "forcing was emulated and retried once)."
    )


__all__ = [
    "UNFORCED_CHOICES",
    "check_result",
    "forced_name",
    "forcing_instruction",
    "forcing_reminder",
    "is_forced",
    "needs_forcing_emulation",
    "needs_retry",
    "retry_request",
]
