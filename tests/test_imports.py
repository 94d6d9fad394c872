"""Each package's public names, pinned: adding or removing one is a deliberate change here."""

from __future__ import annotations

import importlib

import pytest

PUBLIC: dict[str, set[str]] = {
    "minimax_transport": {
        "ThinkingConfig",
        "ReasoningEffort",
        "ModelControlWarning",
        "ModelControlError",
        "EFFORT_LEVELS",
        "APIConnectionError",
        "APITimeoutError",
        "AssistantMessage",
        "AuthenticationError",
        "BadRequestError",
        "ChatRequest",
        "ChatResult",
        "ContentFilterError",
        "ContextWindowExceededError",
        "EmbeddingResult",
        "EmbeddingsNotSupportedError",
        "EmptyTextError",
        "Finish",
        "InsufficientBalanceError",
        "InvalidAPIKeyError",
        "InvalidRequestError",
        "InvalidToolCall",
        "KNOWN_MODELS",
        "Message",
        "MiniMaxClient",
        "MiniMaxEmbeddingsClient",
        "MiniMaxError",
        "MissingAPIKeyError",
        "ModelInfo",
        "ModelNotOnDialectError",
        "ModelNotOnPlanError",
        "NotFoundError",
        "PRESETS",
        "PermissionDeniedError",
        "Preset",
        "RECEIVED_KEY",
        "REPLAY_KEY",
        "RateLimitError",
        "ReasoningBudgetExhaustedError",
        "ReasoningDelta",
        "ResponseFormatError",
        "RetryPolicy",
        "ServerError",
        "StreamEvent",
        "StreamInterruptedError",
        "SystemMessage",
        "TextDelta",
        "ToolCall",
        "ToolCallDelta",
        "ToolChoiceNotHonouredError",
        "ToolMessage",
        "ToolSpec",
        "TransportSettings",
        "UnsupportedFeatureError",
        "Usage",
        "UsageEvent",
        "UserMessage",
        "__version__",
        "detect_preset",
        "get_preset",
        "resolve_model",
    },
    "langchain_minimax": {
        "ChatMiniMax",
        "MiniMaxEmbeddings",
        "REASONING_KEY",
        "REPLAY_KEY",
        "__version__",
    },
    "llama_index_minimax": {
        "APIConnectionError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ContentFilterError",
        "ContextWindowExceededError",
        "DEFAULT_MODEL",
        "EmbeddingsNotSupportedError",
        "EmptyTextError",
        "INVALID_TOOL_CALLS_KEY",
        "InsufficientBalanceError",
        "MiniMax",
        "MiniMaxEmbedding",
        "MiniMaxError",
        "MiniMaxToolCallError",
        "MissingAPIKeyError",
        "REPLAY_KEY",
        "RateLimitError",
        "ServerError",
        "THINKING_DELTA_KEY",
        "ToolChoiceNotHonouredError",
        "__version__",
        "minimax_tokenizer",
    },
}


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_all_is_pinned(package: str) -> None:
    module = importlib.import_module(package)
    assert set(module.__all__) == PUBLIC[package]
    assert len(module.__all__) == len(set(module.__all__)), "duplicate names in __all__"


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_every_public_name_exists(package: str) -> None:
    module = importlib.import_module(package)
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert not missing, missing
