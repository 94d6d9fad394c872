"""Framework-free transport for MiniMax chat models (see README).

Example:
    >>> from minimax_transport import MiniMaxClient, ChatRequest, UserMessage
    >>> client = MiniMaxClient(api_key="sk-...")
    >>> client.complete(ChatRequest("MiniMax-M2.7", [UserMessage("Hi")]))  # doctest: +SKIP
"""

from ._version import __version__
from .catalog import KNOWN_MODELS, ModelInfo, resolve_model
from .client import MiniMaxClient
from .embeddings import (
    EmbeddingResult,
    EmbeddingsNotSupportedError,
    EmptyTextError,
    MiniMaxEmbeddingsClient,
)
from .errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentFilterError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    InvalidAPIKeyError,
    InvalidRequestError,
    MiniMaxError,
    MissingAPIKeyError,
    ModelNotOnPlanError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ReasoningBudgetExhaustedError,
    ResponseFormatError,
    ServerError,
    StreamInterruptedError,
    ToolChoiceNotHonouredError,
    UnsupportedFeatureError,
)
from .messages_request import ModelNotOnDialectError
from .presets import PRESETS, Preset, detect_preset, get_preset
from .retry import RetryPolicy
from .settings import TransportSettings
from .types import (
    RECEIVED_KEY,
    REPLAY_KEY,
    AssistantMessage,
    ChatRequest,
    ChatResult,
    Finish,
    InvalidToolCall,
    Message,
    ReasoningDelta,
    StreamEvent,
    SystemMessage,
    TextDelta,
    ToolCall,
    ToolCallDelta,
    ToolMessage,
    ToolSpec,
    Usage,
    UsageEvent,
    UserMessage,
)

__all__ = [
    "KNOWN_MODELS",
    "PRESETS",
    "RECEIVED_KEY",
    "REPLAY_KEY",
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
    "Message",
    "MiniMaxClient",
    "MiniMaxEmbeddingsClient",
    "MiniMaxError",
    "MissingAPIKeyError",
    "ModelInfo",
    "ModelNotOnDialectError",
    "ModelNotOnPlanError",
    "NotFoundError",
    "PermissionDeniedError",
    "Preset",
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
]
