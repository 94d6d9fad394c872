"""Offline token estimates for MiniMax models: no tokenizer download, standard library only.

MiniMax does not publish its tokenizer as a small file the runtime can load, so this module
counts *pieces* of text the way a large BPE vocabulary usually splits them, and adds the fixed
costs MiniMax's chat template puts around a prompt:

* an English word is one token per started 8 letters; a run of digits one per 3 digits;
  a run of punctuation or symbols one per 2 characters; a run of line breaks one token;
* each CJK character (Han, kana, hangul) counts as one token. **This per-character figure is
  an assumption not yet checked against a live MiniMax count for CJK text**; the calibration
  pairs below are all English;
* every message adds :data:`PER_MESSAGE_TOKENS` (role markers, separators), and the prompt
  adds the template's fixed preamble (:data:`M_SERIES_PROMPT_TOKENS` for the M-series and
  unknown models, :data:`LEGACY_PROMPT_TOKENS` for ``abab*``);
* tools add :data:`TOOLS_PREAMBLE_TOKENS` once (the instructions the template wraps around
  the tool list) plus their JSON schema counted as text.

Calibrated on every recorded request/response pair this repository holds where both the
request and MiniMax's ``prompt_tokens`` are known (table and tolerance pinned by
``tests/transport/test_token_estimate.py``: each estimate within ±20 %).

Example:
    >>> estimate_text_tokens("Hello, world!")
    4
    >>> from minimax_transport.types import UserMessage
    >>> estimate_prompt_tokens([UserMessage("What is 7 times 8? Answer with just the number.")],
    ...                        model="MiniMax-M2.7")
    54
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from .types import AssistantMessage, Message, ToolMessage, ToolSpec, UserMessage

#: Template tokens around each message (role marker, name, separators).
PER_MESSAGE_TOKENS = 3
#: Fixed prompt cost on M-series models (template header and default system prompt).
M_SERIES_PROMPT_TOKENS = 39
#: Fixed prompt cost on legacy ``abab*`` models.
LEGACY_PROMPT_TOKENS = 18
#: Instructions the chat template wraps around a non-empty tool list.
TOOLS_PREAMBLE_TOKENS = 78
#: Per tool, around its JSON schema.
PER_TOOL_TOKENS = 4

_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0002fa1f"
)
# One match per estimated token: long words, digit runs and symbol runs are cut into
# 8-letter, 3-digit and 2-character pieces by the pattern itself (counted by ``findall`` in C).
_PIECE = re.compile(rf"[{_CJK}]|\d{{1,3}}|[^\W\d_{_CJK}]{{1,8}}|\n+|(?:[^\w\s]|_){{1,2}}")


def estimate_text_tokens(text: str) -> int:
    """Estimated MiniMax tokens in ``text`` alone (no message overhead)."""
    return len(_PIECE.findall(text)) if text else 0


def _content_text(content: str | list[dict[str, Any]]) -> str:
    if isinstance(content, str):
        return content
    parts = []
    for part in content:
        if part.get("type") == "text":
            parts.append(str(part.get("text") or ""))
    return "\n".join(parts)


def _image_parts(content: str | list[dict[str, Any]]) -> int:
    if isinstance(content, str):
        return 0
    return sum(1 for part in content if part.get("type") not in (None, "text"))


#: A rough flat cost per image or other non-text part (MiniMax does not document one).
PER_IMAGE_TOKENS = 85


def estimate_message_tokens(message: Message) -> int:
    """Estimated tokens of one neutral message, including :data:`PER_MESSAGE_TOKENS`."""
    total = PER_MESSAGE_TOKENS
    if isinstance(message, UserMessage):
        total += estimate_text_tokens(_content_text(message.content))
        total += PER_IMAGE_TOKENS * _image_parts(message.content)
        if message.name:
            total += estimate_text_tokens(message.name)
    elif isinstance(message, AssistantMessage):
        total += estimate_text_tokens(message.content)
        if message.reasoning:
            total += estimate_text_tokens(message.reasoning)
        for call in message.tool_calls:
            total += PER_TOOL_TOKENS + estimate_text_tokens(call.name)
            total += estimate_text_tokens(
                call.raw_arguments or json.dumps(call.arguments, ensure_ascii=False)
            )
    elif isinstance(message, ToolMessage):
        total += estimate_text_tokens(message.content)
    else:
        total += estimate_text_tokens(message.content)
    return total


def estimate_tools_tokens(tools: Sequence[ToolSpec] | None) -> int:
    """Estimated tokens the tool list adds to a prompt (0 without tools)."""
    if not tools:
        return 0
    total = TOOLS_PREAMBLE_TOKENS
    for tool in tools:
        schema = {
            "name": tool.name,
            "description": tool.description,
            "parameters": tool.parameters or {},
        }
        total += PER_TOOL_TOKENS + estimate_text_tokens(json.dumps(schema, ensure_ascii=False))
    return total


def prompt_overhead_tokens(model: str | None) -> int:
    """The fixed prompt cost of ``model``'s chat template."""
    if model and model.lower().startswith("abab"):
        return LEGACY_PROMPT_TOKENS
    return M_SERIES_PROMPT_TOKENS


def estimate_prompt_tokens(
    messages: Sequence[Message],
    tools: Sequence[ToolSpec] | None = None,
    *,
    model: str | None = None,
) -> int:
    """Estimated ``prompt_tokens`` MiniMax will report for ``messages`` (and ``tools``)."""
    return (
        prompt_overhead_tokens(model)
        + sum(estimate_message_tokens(m) for m in messages)
        + estimate_tools_tokens(tools)
    )


def tokenize(text: str) -> list[str]:
    """``text`` split into one string per estimated token (for counters that take ``len``).

    Example:
        >>> tokenize("Hello, world!")
        ['Hello', ',', 'world', '!']
    """
    return list(_PIECE.findall(text))


__all__ = [
    "LEGACY_PROMPT_TOKENS",
    "M_SERIES_PROMPT_TOKENS",
    "PER_IMAGE_TOKENS",
    "PER_MESSAGE_TOKENS",
    "PER_TOOL_TOKENS",
    "TOOLS_PREAMBLE_TOKENS",
    "estimate_message_tokens",
    "estimate_prompt_tokens",
    "estimate_text_tokens",
    "estimate_tools_tokens",
    "prompt_overhead_tokens",
    "tokenize",
]
