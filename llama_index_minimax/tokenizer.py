"""MiniMax's offline token estimate as a LlamaIndex tokenizer (``str -> list``).

Example:
    >>> from llama_index.core.callbacks import TokenCountingHandler
    >>> from llama_index_minimax import minimax_tokenizer
    >>> counter = TokenCountingHandler(tokenizer=minimax_tokenizer)
    >>> len(minimax_tokenizer("Hello, world!"))
    4

Counts follow :mod:`minimax_transport.token_estimate` (no download, standard library only);
LLM calls still report MiniMax's own ``prompt_tokens`` when the response carries usage.
"""

from __future__ import annotations

from minimax_transport.token_estimate import tokenize


def minimax_tokenizer(text: str) -> list[str]:
    """``text`` as one string per estimated MiniMax token; ``len()`` is the estimate."""
    return tokenize(text)


__all__ = ["minimax_tokenizer"]
