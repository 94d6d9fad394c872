"""LlamaIndex integration for MiniMax chat models.

Example:
    >>> from llama_index_minimax import MiniMax
    >>> llm = MiniMax(model="MiniMax-M2.7")   # key from MINIMAX_API_KEY at the first call
    >>> llm.metadata.is_function_calling_model
    True

Errors raised by calls are the transport's typed errors (``minimax_transport.MiniMaxError``
and subclasses, with ``status_code`` and MiniMax ``code``), re-exported here.
"""

try:
    import llama_index.core  # noqa: F401
except ModuleNotFoundError as exc:  # only the framework's absence, never an error inside it
    if exc.name not in ("llama_index", "llama_index.core"):
        raise
    raise ImportError(
        "llama_index_minimax needs LlamaIndex (llama-index-core), which is not installed: "
        'pip install "minimax-integrations[llama-index]"',
        name=exc.name,
    ) from exc

from minimax_transport import REPLAY_KEY, __version__
from minimax_transport.embeddings import EmbeddingsNotSupportedError, EmptyTextError
from minimax_transport.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentFilterError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    MiniMaxError,
    MissingAPIKeyError,
    RateLimitError,
    ServerError,
    ToolChoiceNotHonouredError,
)

from .base import DEFAULT_MODEL, MiniMax
from .embeddings import MiniMaxEmbedding
from .messages import INVALID_TOOL_CALLS_KEY
from .streaming import THINKING_DELTA_KEY
from .tokenizer import minimax_tokenizer
from .tools import MiniMaxToolCallError

__all__ = [
    "DEFAULT_MODEL",
    "INVALID_TOOL_CALLS_KEY",
    "REPLAY_KEY",
    "THINKING_DELTA_KEY",
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ContentFilterError",
    "ContextWindowExceededError",
    "EmbeddingsNotSupportedError",
    "EmptyTextError",
    "InsufficientBalanceError",
    "MiniMax",
    "MiniMaxEmbedding",
    "MiniMaxError",
    "MiniMaxToolCallError",
    "MissingAPIKeyError",
    "RateLimitError",
    "ServerError",
    "ToolChoiceNotHonouredError",
    "__version__",
    "minimax_tokenizer",
]
