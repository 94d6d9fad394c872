"""LangChain's standard unit suite (``langchain-tests`` ``ChatModelUnitTests``)."""

from __future__ import annotations

from langchain_tests.unit_tests import ChatModelUnitTests

from langchain_minimax import ChatMiniMax


class TestChatMiniMaxUnit(ChatModelUnitTests):
    @property
    def chat_model_class(self) -> type[ChatMiniMax]:
        return ChatMiniMax

    @property
    def chat_model_params(self) -> dict:
        return {"model": "MiniMax-M2.7", "api_key": "test-key-not-a-real-key"}

    @property
    def init_from_env_params(self) -> tuple[dict, dict, dict]:
        return (
            {"MINIMAX_API_KEY": "env-key", "MINIMAX_BASE_URL": "https://api.minimaxi.com/v1"},
            {"model": "MiniMax-M2.7"},
            {"api_key": "env-key", "base_url": "https://api.minimaxi.com/v1"},
        )
