"""Framework-free transport for MiniMax chat models (see README).

Example:
    >>> from minimax_transport import MiniMaxClient, ChatRequest, UserMessage
    >>> client = MiniMaxClient(api_key="sk-...")
    >>> client.complete(ChatRequest("MiniMax-M2.7", [UserMessage("Hi")]))  # doctest: +SKIP
"""

from .catalog import EFFORT_LEVELS, KNOWN_MODELS, ModelInfo, resolve_model
from .client import MiniMaxClient
from .controls import ModelControlError, ModelControlWarning
from .errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentFilterError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    InvalidRequestError,
    MiniMaxError,
    MissingAPIKeyError,
    ModelNotOnPlanError,
    NotFoundError,
    RateLimitError,
    ReasoningBudgetExhaustedError,
    ResponseFormatError,
    ServerError,
    StreamInterruptedError,
    ToolChoiceNotHonouredError,
)
from .presets import PRESETS, Preset, detect_preset, get_preset
from .retry import RetryPolicy
from .types import (
    REPLAY_KEY,
    AssistantMessage,
    ChatRequest,
    ChatResult,
    Finish,
    InvalidToolCall,
    Message,
    ReasoningDelta,
    ReasoningEffort,
    StreamEvent,
    SystemMessage,
    TextDelta,
    ThinkingConfig,
    ToolCall,
    ToolCallDelta,
    ToolMessage,
    ToolSpec,
    Usage,
    UsageEvent,
    UserMessage,
)

__all__ = [
    "EFFORT_LEVELS",
    "KNOWN_MODELS",
    "PRESETS",
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
    "Finish",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "InvalidToolCall",
    "Message",
    "MiniMaxClient",
    "MiniMaxError",
    "MissingAPIKeyError",
    "ModelControlError",
    "ModelControlWarning",
    "ModelInfo",
    "ModelNotOnPlanError",
    "NotFoundError",
    "Preset",
    "RateLimitError",
    "ReasoningBudgetExhaustedError",
    "ReasoningDelta",
    "ReasoningEffort",
    "ResponseFormatError",
    "RetryPolicy",
    "ServerError",
    "StreamEvent",
    "StreamInterruptedError",
    "SystemMessage",
    "TextDelta",
    "ThinkingConfig",
    "ToolCall",
    "ToolCallDelta",
    "ToolChoiceNotHonouredError",
    "ToolMessage",
    "ToolSpec",
    "Usage",
    "UsageEvent",
    "UserMessage",
    "detect_preset",
    "get_preset",
    "resolve_model",
]
__version__ = "0.1.0"
