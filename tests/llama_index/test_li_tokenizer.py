"""``minimax_tokenizer`` as the tokenizer of LlamaIndex's ``TokenCountingHandler``."""

from __future__ import annotations

from llama_index.core import Document, Settings, VectorStoreIndex
from llama_index.core.callbacks import CallbackManager, TokenCountingHandler
from llama_index.core.embeddings import MockEmbedding

from llama_index_minimax import minimax_tokenizer
from minimax_transport.token_estimate import estimate_text_tokens

TEXTS = ["MiniMax is an AI company headquartered in Shanghai.", "上海是中国的城市。"]


def test_token_counting_handler_counts_embedding_tokens_with_the_estimate() -> None:
    counter = TokenCountingHandler(tokenizer=minimax_tokenizer)
    previous = Settings._callback_manager
    Settings.callback_manager = CallbackManager([counter])
    try:
        embed = MockEmbedding(embed_dim=8)
        VectorStoreIndex.from_documents([Document(text=t) for t in TEXTS], embed_model=embed)
    finally:
        Settings._callback_manager = previous
    assert counter.total_embedding_token_count == sum(estimate_text_tokens(t) for t in TEXTS)
    assert counter.total_embedding_token_count == 10 + 9


def test_tokenizer_is_str_to_list() -> None:
    pieces = minimax_tokenizer("Hello, world!")
    assert pieces == ["Hello", ",", "world", "!"]
