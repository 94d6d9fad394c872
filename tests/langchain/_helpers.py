"""Shared helpers for the LangChain tests (not a test module)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from langchain_core.messages import AIMessageChunk

from langchain_minimax import ChatMiniMax
from minimax_testing.emulator import scenario_base_url


def scenario_llm(name: str, **kwargs: Any) -> ChatMiniMax:
    """A ChatMiniMax pointed at emulator scenario ``name`` (recorded in the cassette), speaking
    the official API's dialect (``preset="minimax"``), never retrying unless asked."""
    params: dict[str, Any] = {
        "model": "MiniMax-M2.7",
        "base_url": scenario_base_url(name),
        "preset": "minimax",
        "max_retries": 0,
    }
    params.update(kwargs)
    return ChatMiniMax(**params)


def aggregate(chunks: Iterable[AIMessageChunk]) -> tuple[AIMessageChunk, list[AIMessageChunk]]:
    seen: list[AIMessageChunk] = []
    full: AIMessageChunk | None = None
    for chunk in chunks:
        seen.append(chunk)
        full = chunk if full is None else full + chunk
    assert full is not None
    return full, seen
