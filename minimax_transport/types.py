"""Neutral, framework-free message, request, result and stream-event types.

These are what the adapters (LangChain, LlamaIndex) map to and from; nothing here knows
about the wire dialects (that is :mod:`minimax_transport.request_builder` and
:mod:`minimax_transport.response_parser`) nor about any framework.

Example:
    >>> from minimax_transport.types import ChatRequest, UserMessage
    >>> req = ChatRequest(model="MiniMax-M2.7", messages=[UserMessage("Hi")])
    >>> req.messages[0].role
    'user'

Replay payload
--------------
An :class:`AssistantMessage` that came from MiniMax carries ``replay``: a plain JSON-able
dict holding the wire fields of the assistant turn exactly as MiniMax returned them
(``content`` raw, with its ``<think>`` block, and whichever of ``reasoning_details`` /
``reasoning_content`` / ``reasoning`` / ``tool_calls`` the host sent), plus, under
:data:`RECEIVED_KEY`, what those fields meant when they arrived: the clean answer, the
reasoning text and the parsed tool calls. The request builder sends the wire fields back
verbatim (docs/wire-format.md, 'Replay and interleaved thinking') only while the message still holds
that answer, reasoning and those calls; once any of them was edited, the turn is rebuilt from the
message as it stands now (see :mod:`minimax_transport.replay`). Adapters store the dict untouched in
their message objects under :data:`REPLAY_KEY`; it survives a JSON round trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from typing_extensions import Required, TypedDict

#: The key adapters use to store the replay payload on their assistant messages
#: (``AIMessage.additional_kwargs[REPLAY_KEY]``, ``ChatMessage.additional_kwargs[REPLAY_KEY]``).
REPLAY_KEY = "minimax_replay"
#: The key, inside a replay payload, of the record of what was received:
#: ``{"content": str, "reasoning": str | None, "tool_calls": [{"id", "name", "arguments"}]}``.
RECEIVED_KEY = "received"
#: Wire fields carrying reasoning as text (``reasoning_content`` is MiniMax's, ``reasoning``
#: an aggregator's), read in this order.
REASONING_TEXT_FIELDS = ("reasoning_content", "reasoning")
#: Every wire field carrying structured reasoning, in the order a replay writes them.
REASONING_FIELDS = ("reasoning_details", *REASONING_TEXT_FIELDS)

JSONDict = dict[str, Any]


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class SystemMessage:
    """A system prompt. Several are merged into one leading message on the wire.

    ``cache_control`` (e.g. ``{"type": "ephemeral"}``) marks the end of a cacheable prefix:
    when any system message carries one, the merged system message is sent as a list of text
    parts, one per system message, each with its own ``cache_control``.
    """

    content: str
    cache_control: JSONDict | None = None
    role: Literal["system"] = "system"


@dataclass(slots=True)
class UserMessage:
    """A user turn. ``content`` is text or a list of OpenAI-style content parts."""

    content: str | list[JSONDict]
    name: str | None = None
    role: Literal["user"] = "user"


@dataclass(slots=True)
class ToolCall:
    """A parsed tool call.

    ``arguments`` is the parsed JSON object; ``raw_arguments`` the string as received (or as
    it will be sent). The string is sent while it says the same as ``arguments`` (or while
    ``arguments`` is empty); once ``arguments`` was edited, ``arguments`` is sent.
    """

    id: str
    name: str
    arguments: JSONDict
    raw_arguments: str = ""


@dataclass(slots=True)
class InvalidToolCall:
    """A tool call whose arguments are not a JSON object: kept with the parse error."""

    id: str | None
    name: str | None
    raw_arguments: str
    error: str


@dataclass(slots=True)
class AssistantMessage:
    """An assistant turn (from MiniMax, or built by hand).

    ``content`` is the clean answer, ``reasoning`` the reasoning text. ``replay`` is the
    verbatim wire payload (see module docstring); when absent and ``reasoning`` is set, the
    canonical inline form ``<think>\\n…\\n</think>\\n\\n<answer>`` is sent instead.
    """

    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    reasoning: str | None = None
    replay: JSONDict | None = None
    invalid_tool_calls: list[InvalidToolCall] = field(default_factory=list)
    role: Literal["assistant"] = "assistant"


@dataclass(slots=True)
class ToolMessage:
    """The result of a tool call, answering ``tool_call_id``."""

    content: str
    tool_call_id: str
    name: str | None = None
    is_error: bool = False
    role: Literal["tool"] = "tool"


Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage


# --------------------------------------------------------------------------------------------
# Request
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ToolSpec:
    """A function tool: name, description, JSON-schema parameters (property order kept)."""

    name: str
    description: str = ""
    parameters: JSONDict | None = None
    strict: bool | None = None


#: ``"auto"``, ``"none"``, ``"required"`` (any tool), or a tool name to force.
ToolChoice = str

#: MiniMax's reasoning-effort levels (the M3.1 family), cheapest first.
ReasoningEffort = Literal["low", "medium", "high", "xhigh", "max"]


class ThinkingConfig(TypedDict, total=False):
    """The ``thinking`` setting: ``{"type": "adaptive"}`` or ``{"type": "disabled"}``.

    ChatAnthropic's ``{"type": "enabled", "budget_tokens": N}`` is accepted too and sent as
    ``{"type": "adaptive"}`` on MiniMax's own API (which knows no budget).
    """

    type: Required[Literal["adaptive", "disabled", "enabled"]]
    budget_tokens: int


@dataclass(slots=True)
class ChatRequest:
    """Everything one chat completion needs, in neutral form.

    ``max_tokens`` maps to ``max_completion_tokens`` or ``max_tokens`` as the preset wants;
    ``stop`` is enforced client-side; ``extra_body`` is merged into the JSON body last.
    ``reasoning_split`` overrides the preset's choice when not ``None``. ``thinking`` and
    ``reasoning_effort`` are checked per model by :mod:`minimax_transport.controls` (sent,
    refused, or dropped with a warning) on MiniMax's own API and sent as given elsewhere.
    """

    model: str
    messages: list[Message]
    tools: list[ToolSpec] | None = None
    tool_choice: ToolChoice | None = None
    parallel_tool_calls: bool | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    stop: list[str] | None = None
    response_format: JSONDict | None = None
    reasoning_split: bool | None = None
    thinking: ThinkingConfig | JSONDict | None = None
    reasoning_effort: ReasoningEffort | str | None = None
    n: int | None = None
    stream_usage: bool = True
    extra_body: JSONDict | None = None


# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Usage:
    """Token usage as MiniMax reported it.

    ``reasoning_tokens`` (``completion_tokens_details.reasoning_tokens``), ``cached_tokens``
    (prompt tokens read from the cache) and ``cache_creation_tokens`` (prompt tokens written to
    it) are ``None`` when MiniMax did not send them — never an invented ``0``. The cache
    counters are read at the top level of ``usage`` or under ``prompt_tokens_details``;
    ``cached_tokens`` is the larger of ``cached_tokens`` and ``cache_read_input_tokens`` where
    both appear (see :func:`minimax_transport.assembler.parse_usage`).

    Example:
        >>> Usage(10, 5, 15, cached_tokens=4).as_dict()
        {'prompt_tokens': 10, 'completion_tokens': 5, 'total_tokens': 15, 'cached_tokens': 4}
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    reasoning_tokens: int | None = None
    cached_tokens: int | None = None
    cache_creation_tokens: int | None = None

    def as_dict(self) -> dict[str, int]:
        """The counts, details only where reported."""
        out = {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }
        for key in ("reasoning_tokens", "cached_tokens", "cache_creation_tokens"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(slots=True)
class ChatResult:
    """One completed answer: the same whether it came from a stream or not.

    ``raw`` is the response body for non-streamed calls (``None`` for streams).
    """

    content: str = ""
    reasoning: str | None = None
    replay: JSONDict = field(default_factory=dict)
    tool_calls: list[ToolCall] = field(default_factory=list)
    invalid_tool_calls: list[InvalidToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    usage: Usage | None = None
    model: str | None = None
    id: str | None = None
    request_id: str | None = None
    raw: JSONDict | None = None
    #: The signature of the answer's ``thinking`` block on the Messages dialect (the last
    #: one when there are several); ``None`` elsewhere. Informational: replay sends the
    #: signed blocks from :attr:`replay`.
    reasoning_signature: str | None = None

    def to_assistant_message(self) -> AssistantMessage:
        """The assistant turn to put back in history (replays verbatim)."""
        return AssistantMessage(
            content=self.content,
            tool_calls=list(self.tool_calls),
            reasoning=self.reasoning,
            replay=dict(self.replay) if self.replay else None,
            invalid_tool_calls=list(self.invalid_tool_calls),
        )


# --------------------------------------------------------------------------------------------
# Stream events
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ReasoningDelta:
    """New reasoning text."""

    text: str
    type: Literal["reasoning"] = "reasoning"


@dataclass(slots=True)
class TextDelta:
    """New answer text (never contains reasoning or tool-call markup)."""

    text: str
    type: Literal["text"] = "text"


@dataclass(slots=True)
class ToolCallDelta:
    """A piece of a tool call. ``index`` is the call's position in the final list (0-based);
    ``id``/``name`` are set on the first delta of a call, ``arguments`` is a fragment."""

    index: int
    id: str | None = None
    name: str | None = None
    arguments: str = ""
    type: Literal["tool_call"] = "tool_call"


@dataclass(slots=True)
class UsageEvent:
    """Token usage: emitted exactly once per stream, just before :class:`Finish`."""

    usage: Usage
    type: Literal["usage"] = "usage"


@dataclass(slots=True)
class Finish:
    """The last event of every successful stream: the aggregated result."""

    result: ChatResult
    type: Literal["finish"] = "finish"


StreamEvent = ReasoningDelta | TextDelta | ToolCallDelta | UsageEvent | Finish
