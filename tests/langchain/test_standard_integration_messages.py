"""LangChain's standard integration suite a second time, on MiniMax's Anthropic-compatible
endpoint (the Messages dialect): the same ``ChatMiniMax``, only the base URL differs.

Cassettes recorded from the loopback emulator's ``/anthropic/v1/messages`` (see
``minimax_testing/emulator/README.md``); they replay with no server. The model is MiniMax-M3, whose
thinking this endpoint disables unless asked: the transport sends ``thinking: adaptive``, so the
answers carry signed ``thinking`` blocks (replayed unmodified: the emulator refuses an altered
signature with HTTP 400).
"""

from __future__ import annotations

from typing import Any

from minimax_testing.emulator import ANTHROPIC_BASE_URL
from tests.langchain.test_standard_integration import _MiniMaxStandard


class TestChatMiniMaxStandardMessages(_MiniMaxStandard):
    """The Messages dialect, selected by a base URL ending in ``/anthropic``."""

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": "MiniMax-M3", "base_url": ANTHROPIC_BASE_URL}

    @property
    def supported_usage_metadata_details(self) -> dict[str, list[Any]]:
        # No reasoning-token count on this endpoint; cache counters are reported.
        return {"invoke": ["cache_read_input"], "stream": ["cache_read_input"]}
