"""Standard content blocks for MiniMax messages (``model_provider == "minimax"``).

Registered with :func:`langchain_core.messages.block_translators.register_translator` when
``langchain_minimax`` is imported, so ``AIMessage.content_blocks`` yields, in order, a
``reasoning`` block (from ``additional_kwargs["reasoning_content"]``), the ``text`` block and
the ``tool_call`` / ``invalid_tool_call`` blocks.

Streaming chunks carry fixed block indices — reasoning ``0``, text ``1``, tool call *i*
``2 + i`` — so that with ``output_version="v1"`` a tool call streamed after reasoning and text
never merges into the text block (the index collision ChatOpenAI and ChatDeepSeek have).

Example:
    >>> from langchain_core.messages import AIMessage
    >>> import langchain_minimax  # registers the translator
    >>> msg = AIMessage("56", additional_kwargs={"reasoning_content": "7*8"},
    ...                 response_metadata={"model_provider": "minimax"})
    >>> [b["type"] for b in msg.content_blocks]
    ['reasoning', 'text']
"""

from __future__ import annotations

from typing import cast

from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.messages import content as types
from langchain_core.messages.block_translators import register_translator

PROVIDER = "minimax"
REASONING_INDEX = 0
TEXT_INDEX = 1
TOOL_CALL_INDEX_OFFSET = 2

# The block literals below are ``cast`` to core's TypedDicts: langchain-core >= 1.8 declares
# their optional keys with ``typing.NotRequired``, which exists (and which mypy honours) only
# from Python 3.11, while this package is type-checked for 3.10 -- there every key would
# count as required. The casts do not change a single key at runtime.


def _reasoning_block(message: AIMessage, *, indexed: bool) -> list[types.ContentBlock]:
    reasoning = message.additional_kwargs.get("reasoning_content")
    if not isinstance(reasoning, str) or not reasoning:
        return []
    block = cast(types.ReasoningContentBlock, {"type": "reasoning", "reasoning": reasoning})
    signature = message.additional_kwargs.get("reasoning_signature")
    if isinstance(signature, str) and signature:
        # The thinking block's signature (Anthropic-compatible endpoint), as
        # langchain-anthropic keeps it: in the reasoning block's extras.
        block["extras"] = {"signature": signature}
    if indexed:
        block["index"] = REASONING_INDEX
    return [block]


def _text_blocks(message: AIMessage, *, indexed: bool) -> list[types.ContentBlock]:
    if not isinstance(message.content, str):
        # List content (v1 blocks, other providers' formats): core's best-effort parser.
        raise NotImplementedError
    if not message.content:
        return []
    block = cast(types.TextContentBlock, {"type": "text", "text": message.content})
    if indexed:
        block["index"] = TEXT_INDEX
    return [block]


def _tool_call_blocks(message: AIMessage) -> list[types.ContentBlock]:
    blocks: list[types.ContentBlock] = []
    for tc in message.tool_calls:
        call = {"type": "tool_call", "id": tc.get("id"), "name": tc["name"], "args": tc["args"]}
        blocks.append(cast(types.ToolCall, call))
    for itc in message.invalid_tool_calls:
        invalid = {
            "type": "invalid_tool_call",
            "id": itc.get("id"),
            "name": itc.get("name"),
            "args": itc.get("args"),
            "error": itc.get("error"),
        }
        blocks.append(cast(types.InvalidToolCall, invalid))
    return blocks


def translate_content(message: AIMessage) -> list[types.ContentBlock]:
    """Blocks of a finished MiniMax :class:`AIMessage`: reasoning, text, tool calls."""
    return [
        *_reasoning_block(message, indexed=False),
        *_text_blocks(message, indexed=False),
        *_tool_call_blocks(message),
    ]


def translate_content_chunk(message: AIMessageChunk) -> list[types.ContentBlock]:
    """Blocks of a MiniMax :class:`AIMessageChunk`, with collision-free indices."""
    blocks = [
        *_reasoning_block(message, indexed=True),
        *_text_blocks(message, indexed=True),
    ]
    if message.chunk_position == "last":
        blocks.extend(_tool_call_blocks(message))
        return blocks
    for tcc in message.tool_call_chunks:
        chunk = cast(
            types.ToolCallChunk,
            {
                "type": "tool_call_chunk",
                "id": tcc.get("id"),
                "name": tcc.get("name"),
                "args": tcc.get("args"),
            },
        )
        idx = tcc.get("index")
        if isinstance(idx, int):
            chunk["index"] = TOOL_CALL_INDEX_OFFSET + idx
        blocks.append(chunk)
    return blocks


def register() -> None:
    """Register the translator for provider ``"minimax"`` (idempotent)."""
    register_translator(PROVIDER, translate_content, translate_content_chunk)


register()

__all__: list[str] = [
    "PROVIDER",
    "register",
    "translate_content",
    "translate_content_chunk",
]
