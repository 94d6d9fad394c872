"""LangChain integration for MiniMax chat models.

Example:
    >>> from langchain_minimax import ChatMiniMax
    >>> llm = ChatMiniMax(model="MiniMax-M2.7", api_key="sk-test")
    >>> llm.profile["reasoning_output"], llm.profile["structured_output"]
    (True, False)

Importing this package registers the ``"minimax"`` content-block translator with
langchain-core (see :mod:`langchain_minimax.block_translator`).
"""

try:
    import langchain_core  # noqa: F401
except ModuleNotFoundError as exc:  # only the framework's absence, never an error inside it
    if exc.name != "langchain_core":
        raise
    raise ImportError(
        "langchain_minimax needs LangChain (langchain-core), which is not installed: "
        'pip install "minimax-integrations[langchain]"',
        name=exc.name,
    ) from exc

from minimax_transport import __version__
from minimax_transport.types import REPLAY_KEY

from . import block_translator  # noqa: F401  (importing it registers the translator)
from .chat_models import ChatMiniMax
from .embeddings import MiniMaxEmbeddings
from .messages import REASONING_KEY

__all__ = [
    "REASONING_KEY",
    "REPLAY_KEY",
    "ChatMiniMax",
    "MiniMaxEmbeddings",
    "__version__",
]
