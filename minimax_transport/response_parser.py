"""Non-streamed response body → :class:`~minimax_transport.types.ChatResult` (docs/wire-format.md,
'Reasoning formats', 'Tool-call responses', 'Usage', 'Errors').

The ``message`` is fed to the same :class:`ResponseAssembler` a stream uses, as one delta, so
the two paths agree; the replay payload is the message's wire fields exactly as received.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.presets import get_preset
    >>> from minimax_transport.types import ChatRequest, UserMessage
    >>> body = {"choices": [{"finish_reason": "stop", "message": {"content": "<think>x</think>\\n\\n56"}}],
    ...         "base_resp": {"status_code": 0}}
    >>> req = ChatRequest("MiniMax-M2.7", [UserMessage("7*8?")])
    >>> r = parse_completion(body, req, resolve_model(req.model), get_preset("minimax"))
    >>> (r.content, r.reasoning, r.replay["content"])
    ('56', 'x', '<think>x</think>\\n\\n56')
"""

from __future__ import annotations

from typing import Any

from .assembler import ResponseAssembler
from .catalog import ModelInfo
from .errors import ContentFilterError, ResponseFormatError, base_resp_error
from .presets import Preset
from .types import (
    REASONING_FIELDS,
    ChatRequest,
    ChatResult,
    Finish,
    JSONDict,
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    UsageEvent,
)

#: Wire fields of an assistant message that are replayed verbatim (docs/wire-format.md,
#: 'Replay and interleaved thinking').
REPLAY_FIELDS = ("content", *REASONING_FIELDS, "tool_calls")


def replay_payload(message: JSONDict) -> JSONDict:
    """The verbatim replay payload of a non-streamed assistant ``message``."""
    return {k: message[k] for k in REPLAY_FIELDS if message.get(k) is not None}


def parse_completion(
    body: JSONDict, request: ChatRequest, info: ModelInfo, preset: Preset
) -> ChatResult:
    """Parse a ``chat.completion`` body (raises typed errors for error envelopes)."""
    err = base_resp_error(body)
    if err is not None:
        raise err
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        if body.get("input_sensitive") or body.get("output_sensitive"):
            raise ContentFilterError(
                "MiniMax's sensitivity filter refused the request (no choices returned)",
                code=1027 if body.get("output_sensitive") else 1026,
                request_id=_str(body.get("request_id")),
            )
        raise ResponseFormatError(
            "MiniMax returned no choices", body=body, request_id=_str(body.get("request_id"))
        )
    choice = choices[0]
    message: Any = choice.get("message")
    if not isinstance(message, dict):
        message = choice.get("delta") if isinstance(choice.get("delta"), dict) else None
    if message is None:
        raise ResponseFormatError("MiniMax returned a choice without a message", body=body)
    asm = ResponseAssembler(info, preset, tools=request.tools, stop=request.stop)
    asm.id = _str(body.get("id"))
    asm.model = _str(body.get("model"))
    asm.set_usage(body.get("usage"))
    asm.add_delta(message)
    asm.set_finish_reason(choice.get("finish_reason"))
    if (
        not message.get("content")
        and not message.get("tool_calls")
        and (body.get("output_sensitive") or body.get("input_sensitive"))
    ):
        raise ContentFilterError(
            "MiniMax's sensitivity filter refused the request (empty reply)",
            code=1027 if body.get("output_sensitive") else 1026,
        )
    result = asm.finalize(replay=replay_payload(message))
    result.raw = body
    return result


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def result_as_events(result: ChatResult) -> list[StreamEvent]:
    """A whole result as the events a stream of it would give (reasoning, text, tool calls,
    usage, then :class:`~minimax_transport.types.Finish`): what a stream call yields when the
    host ignored ``stream=true`` and answered with one JSON body."""
    events: list[StreamEvent] = []
    if result.reasoning:
        events.append(ReasoningDelta(result.reasoning))
    if result.content:
        events.append(TextDelta(result.content))
    for i, tc in enumerate(result.tool_calls):
        events.append(ToolCallDelta(i, tc.id, tc.name, tc.raw_arguments))
    if result.usage is not None:
        events.append(UsageEvent(result.usage))
    events.append(Finish(result))
    return events


__all__ = ["REPLAY_FIELDS", "parse_completion", "replay_payload", "result_as_events"]
