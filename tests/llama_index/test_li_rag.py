"""RAG: ``VectorStoreIndex`` over a few documents (offline embedding) answering through MiniMax,
with clean answers and token counts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from llama_index.core import Document, Settings, VectorStoreIndex
from llama_index.core.callbacks import CallbackManager, TokenCountingHandler
from llama_index.core.embeddings import MockEmbedding

DOCS = [
    Document(text="MiniMax is an AI company headquartered in Shanghai."),
    Document(text="MiniMax-M2.7 has a context window of 204,800 tokens."),
    Document(text="The Eiffel Tower is in Paris."),
]


@pytest.fixture
def counter() -> Iterator[TokenCountingHandler]:
    """The usual set-up: a ``TokenCountingHandler`` on ``Settings.callback_manager``."""
    handler = TokenCountingHandler()
    previous = Settings._callback_manager
    Settings.callback_manager = CallbackManager([handler])
    try:
        yield handler
    finally:
        Settings._callback_manager = previous


def _index() -> VectorStoreIndex:
    return VectorStoreIndex.from_documents(DOCS, embed_model=MockEmbedding(embed_dim=8))


@pytest.mark.vcr("query_engine.yaml")
def test_query_engine_clean_answer_and_token_counts(
    make_llm: Any, wire: Any, counter: TokenCountingHandler
) -> None:
    llm = make_llm()
    engine = _index().as_query_engine(llm=llm, similarity_top_k=3)
    response = engine.query("Where is MiniMax headquartered?")
    assert str(response) == "MiniMax is headquartered in Shanghai."
    assert len(response.source_nodes) == 3
    assert counter.prompt_llm_token_count == 412
    assert counter.completion_llm_token_count == 23
    assert counter.total_llm_token_count == 435
    sent = wire.last["messages"]
    prompt = "\n".join(m["content"] for m in sent)
    assert "headquartered in Shanghai" in prompt  # retrieved context reached the model
    assert "Where is MiniMax headquartered?" in prompt


@pytest.mark.vcr("query_engine.yaml")
async def test_async_query_engine(make_llm: Any) -> None:
    engine = _index().as_query_engine(llm=make_llm())
    response = await engine.aquery("Where is MiniMax headquartered?")
    assert str(response) == "MiniMax is headquartered in Shanghai."


@pytest.mark.vcr("query_engine_stream.yaml")
def test_streaming_query_engine(make_llm: Any, wire: Any, counter: TokenCountingHandler) -> None:
    llm = make_llm()
    engine = _index().as_query_engine(llm=llm, streaming=True)
    response = engine.query("Where is MiniMax headquartered?")
    text = "".join(response.response_gen)
    assert text == "Shanghai."
    assert wire.last["stream"] is True
    assert counter.prompt_llm_token_count == 405
    assert counter.completion_llm_token_count == 12


@pytest.mark.vcr("query_engine.yaml")
def test_condense_plus_context_chat_engine(make_llm: Any, wire: Any) -> None:
    engine = _index().as_chat_engine(
        llm=make_llm(), chat_mode="condense_plus_context", similarity_top_k=3
    )
    response = engine.chat("Where is MiniMax headquartered?")
    assert str(response) == "MiniMax is headquartered in Shanghai."
    history = engine.chat_history
    assert history[-1].content == "MiniMax is headquartered in Shanghai."
    assert "<think>" not in (history[-1].content or "")
    assert wire.last["messages"][0]["role"] == "system"
    assert "headquartered in Shanghai" in wire.last["messages"][0]["content"]
