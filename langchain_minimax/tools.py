"""Tool binding helpers: LangChain tool definitions and ``tool_choice`` values → neutral form.

Only the LangChain side of the mapping lives here; every ``tool_choice`` spelling is
normalised by the transport (:func:`minimax_transport.call_params.normalize_tool_choice`,
re-exported here), which also emulates forcing where MiniMax does not honour it
(docs/wire-format.md, 'tool_choice and forcing emulation').

Example:
    >>> normalize_tool_choice("any"), normalize_tool_choice(True), normalize_tool_choice("auto")
    ('required', 'required', 'auto')
    >>> normalize_tool_choice({"type": "function", "function": {"name": "get_weather"}})
    'get_weather'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel

from minimax_transport.call_params import normalize_tool_choice
from minimax_transport.types import ToolSpec

#: What ``bind_tools`` accepts as a tool.
ToolLike = dict[str, Any] | type[BaseModel] | Callable[..., Any] | BaseTool


def format_tool(tool: ToolLike, *, strict: bool | None = None) -> dict[str, Any]:
    """Any LangChain tool definition → the OpenAI function-tool dict (what agents inspect)."""
    return convert_to_openai_tool(tool, strict=strict)


def to_tool_spec(tool: Any) -> ToolSpec:
    """One bound tool (an OpenAI dict, or anything ``bind_tools`` accepts) → a neutral spec."""
    fn = (tool if _is_openai_function_tool(tool) else format_tool(tool))["function"]
    return ToolSpec(
        name=fn["name"],
        description=fn.get("description") or "",
        parameters=fn.get("parameters"),
        strict=fn.get("strict"),
    )


def to_tool_specs(tools: Sequence[Any]) -> list[ToolSpec]:
    """Bound tools → neutral specs."""
    return [to_tool_spec(tool) for tool in tools]


def _is_openai_function_tool(tool: Any) -> bool:
    return (
        isinstance(tool, dict)
        and tool.get("type") == "function"
        and isinstance(tool.get("function"), dict)
        and "name" in tool["function"]
    )


__all__ = [
    "ToolLike",
    "format_tool",
    "normalize_tool_choice",  # the transport's, re-exported
    "to_tool_spec",
    "to_tool_specs",
]
