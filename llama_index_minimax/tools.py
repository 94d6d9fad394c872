"""Tools: LlamaIndex ``BaseTool`` → neutral ``ToolSpec``, and assistant messages →
``ToolSelection``\\ s (``tool_choice`` forms are normalised by the transport's
:func:`minimax_transport.call_params.normalize_tool_choice`).

Example:
    >>> from llama_index.core.tools import FunctionTool
    >>> def add(a: int, b: int) -> int:
    ...     '''Add two integers.'''
    ...     return a + b
    >>> spec = tool_to_spec(FunctionTool.from_defaults(add))
    >>> spec.name, list(spec.parameters["properties"])
    ('add', ['a', 'b'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from llama_index.core.base.llms.types import ChatMessage, ChatResponse, ToolCallBlock
from llama_index.core.llms.llm import ToolSelection
from llama_index.core.llms.utils import parse_partial_json

from minimax_transport.errors import MiniMaxError
from minimax_transport.types import ToolSpec

from .messages import INVALID_TOOL_CALLS_KEY, LEGACY_TOOL_CALLS_KEY

if TYPE_CHECKING:
    from llama_index.core.tools.types import BaseTool


class MiniMaxToolCallError(MiniMaxError, ValueError):
    """The model called a tool with arguments that are not a JSON object.

    Part of the transport's :class:`~minimax_transport.errors.MiniMaxError` hierarchy (and a
    ``ValueError`` for code that catches that).

    Attributes: ``tool_name``, ``tool_call_id``, ``raw_arguments`` (as the model sent them)
    and ``error`` (why they could not be parsed).
    """

    def __init__(
        self, tool_name: str | None, tool_call_id: str | None, raw_arguments: str, error: str
    ) -> None:
        self.tool_name = tool_name
        self.tool_call_id = tool_call_id
        self.raw_arguments = raw_arguments
        self.error = error
        super().__init__(
            f"MiniMax called tool {tool_name!r} (id {tool_call_id!r}) with arguments that are "
            f"not a JSON object: {error}. Raw arguments: {raw_arguments[:500]!r}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.tool_name, self.tool_call_id, self.raw_arguments, self.error))


def tool_to_spec(tool: BaseTool, strict: bool | None = None) -> ToolSpec:
    """The neutral tool spec (name, description, JSON-schema parameters in their order)."""
    meta = tool.metadata
    return ToolSpec(
        name=meta.get_name(),
        description=meta.description or "",
        parameters=meta.get_parameters_dict(),
        strict=strict,
    )


def tool_selections(
    response: ChatResponse, error_on_no_tool_call: bool = True
) -> list[ToolSelection]:
    """The tool calls of ``response`` as ``ToolSelection``\\ s.

    Final messages carry the arguments the transport parsed; a chunk still streaming carries
    the argument text received so far, read with LlamaIndex's partial-JSON helper. Calls whose
    final arguments are not a JSON object raise :class:`MiniMaxToolCallError`.
    """
    message = response.message
    invalid = message.additional_kwargs.get(INVALID_TOOL_CALLS_KEY) or []
    if invalid:
        first = invalid[0]
        raise MiniMaxToolCallError(
            first.get("name"),
            first.get("id"),
            str(first.get("raw_arguments", "")),
            str(first.get("error", "")),
        )
    blocks = tool_call_blocks(message)
    if not blocks:
        if error_on_no_tool_call:
            raise ValueError(
                f"Expected at least one tool call, but got 0 tool calls. "
                f"Response: {message.content!r}"
            )
        return []
    selections = []
    for block in blocks:
        kwargs = block.tool_kwargs
        if isinstance(kwargs, str):
            try:
                kwargs = parse_partial_json(kwargs) if kwargs.strip() else {}
            except (ValueError, TypeError):
                kwargs = {}
        selections.append(
            ToolSelection(
                tool_id=block.tool_call_id or block.tool_name,
                tool_name=block.tool_name,
                tool_kwargs=kwargs if isinstance(kwargs, dict) else {},
            )
        )
    return selections


def tool_call_blocks(message: ChatMessage) -> list[ToolCallBlock]:
    return [b for b in message.blocks if isinstance(b, ToolCallBlock)]


def keep_first_tool_call(message: ChatMessage) -> None:
    """Drop every tool call after the first (``allow_parallel_tool_calls=False``)."""
    seen = False
    blocks = []
    for block in message.blocks:
        if isinstance(block, ToolCallBlock):
            if seen:
                continue
            seen = True
        blocks.append(block)
    message.blocks = blocks
    legacy = message.additional_kwargs.get(LEGACY_TOOL_CALLS_KEY)
    if isinstance(legacy, list):
        message.additional_kwargs[LEGACY_TOOL_CALLS_KEY] = legacy[:1]


__all__ = [
    "MiniMaxToolCallError",
    "keep_first_tool_call",
    "tool_call_blocks",
    "tool_selections",
    "tool_to_spec",
]
