"""Tool binding helpers: LangChain tool definitions and ``tool_choice`` values → neutral form.

Only the LangChain side of the mapping lives here (which ``tool_choice`` spellings LangChain
users and agents pass). Whether MiniMax honours a forced choice, and emulating it where it
does not (docs/wire-format.md, 'tool_choice and forcing emulation'), is the transport's job.

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

from minimax_transport.types import ToolSpec

#: What ``bind_tools`` accepts as a tool.
ToolLike = dict[str, Any] | type[BaseModel] | Callable[..., Any] | BaseTool

_REQUIRED = {"any", "required"}


def format_tool(tool: ToolLike, *, strict: bool | None = None) -> dict[str, Any]:
    """Any LangChain tool definition → the OpenAI function-tool dict (what agents inspect)."""
    return convert_to_openai_tool(tool, strict=strict)


def normalize_tool_choice(tool_choice: Any) -> str | None:
    """``tool_choice`` as LangChain spells it → ``"auto"``, ``"none"``, ``"required"``, a tool
    name, or ``None``.

    Accepted: ``"auto"``, ``"none"``, ``"any"`` / ``"required"`` / ``True`` (some tool),
    a tool name, ``False`` / ``None`` (no preference), and dicts in the OpenAI
    (``{"type": "function", "function": {"name": …}}``), Anthropic
    (``{"type": "tool", "name": …}``, ``{"type": "any"}``, ``{"type": "auto"}``) or plain
    (``{"name": …}``) shapes.
    """
    if tool_choice is None or tool_choice is False:
        return None
    if tool_choice is True:
        return "required"
    if isinstance(tool_choice, str):
        if tool_choice in _REQUIRED:
            return "required"
        return tool_choice
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


def to_tool_specs(tools: Sequence[Any]) -> list[ToolSpec]:
    """Bound tools (OpenAI dicts, or anything ``bind_tools`` accepts) → neutral specs."""
    specs: list[ToolSpec] = []
    for tool in tools:
        formatted = tool if _is_openai_function_tool(tool) else format_tool(tool)
        fn = formatted["function"]
        specs.append(
            ToolSpec(
                name=fn["name"],
                description=fn.get("description") or "",
                parameters=fn.get("parameters"),
                strict=fn.get("strict"),
            )
        )
    return specs


def _is_openai_function_tool(tool: Any) -> bool:
    return (
        isinstance(tool, dict)
        and tool.get("type") == "function"
        and isinstance(tool.get("function"), dict)
        and "name" in tool["function"]
    )


__all__ = ["ToolLike", "format_tool", "normalize_tool_choice", "to_tool_specs"]
