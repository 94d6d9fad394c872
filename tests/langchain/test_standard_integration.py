"""LangChain's standard integration suite (``ChatModelIntegrationTests``) on cassettes.

The cassettes were recorded from the loopback MiniMax-dialect emulator (``minimax_testing/emulator``,
see its README): there is no live key here. They replay with no server running. Two runs of
the whole suite: MiniMax's default inline ``<think>`` wire form (``reasoning_split=False``) and
the split ``reasoning_details`` form (the official preset's default).
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage
from langchain_tests.integration_tests import ChatModelIntegrationTests

from langchain_minimax import ChatMiniMax
from minimax_testing.emulator import BASE_URL


class _MiniMaxStandard(ChatModelIntegrationTests):
    reasoning_split: bool | None = None

    @property
    def chat_model_class(self) -> type[ChatMiniMax]:
        return ChatMiniMax

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {
            "model": "MiniMax-M2.7",
            "base_url": BASE_URL,  # the emulator the cassettes were recorded from
            "preset": "minimax",  # speak the official API's dialect to it
            "reasoning_split": self.reasoning_split,
        }

    @property
    def enable_vcr_tests(self) -> bool:
        return True

    @property
    def has_tool_choice(self) -> bool:
        # M2.x ignores forced tool_choice; the transport emulates it (rule docs/wire-format.md 'tool_choice and forcing emulation').
        return True

    @property
    def supports_json_mode(self) -> bool:
        return True  # prompt + parse of the clean (reasoning-free) answer

    @property
    def model_override_value(self) -> str:
        return "MiniMax-M2.5"

    @property
    def supported_usage_metadata_details(self) -> dict[str, list[Any]]:
        return {
            "invoke": ["reasoning_output", "cache_read_input"],
            "stream": ["reasoning_output", "cache_read_input"],
        }

    def _run(self, prompt: str, stream: bool) -> AIMessage:
        llm = self.chat_model_class(**self.chat_model_params)
        if not stream:
            return llm.invoke(prompt)
        full = None
        for chunk in llm.stream(prompt):
            full = chunk if full is None else full + chunk
        assert full is not None
        return full

    def invoke_with_reasoning_output(self, *, stream: bool = False) -> AIMessage:
        return self._run("Think step by step: what is 17 * 23?", stream)

    def invoke_with_cache_read_input(self, *, stream: bool = False) -> AIMessage:
        return self._run("Hello", stream)


class TestChatMiniMaxStandardInline(_MiniMaxStandard):
    """Inline ``<think>`` in ``content`` on the wire (``reasoning_split=False``)."""

    reasoning_split = False


class TestChatMiniMaxStandardSplit(_MiniMaxStandard):
    """``reasoning_details`` on the wire (the official preset's default)."""

    reasoning_split = None
