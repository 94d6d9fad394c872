"""``MiniMaxEmbedding`` in LlamaIndex: ``VectorStoreIndex`` on a cassette in MiniMax's
embeddings format, ``Settings.embed_model``, query vs db, async twins, batching."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from llama_index.core import Document, Settings, VectorStoreIndex

from llama_index_minimax import EmbeddingsNotSupportedError, MiniMaxEmbedding
from minimax_testing import wire
from minimax_testing.embeddings_server import EmbeddingsServer
from tests.transport.make_embedding_cassettes import LI_DOCS

QUESTION = "Where is MiniMax headquartered?"


@pytest.fixture
def settings_embed_model() -> Iterator[None]:
    previous = Settings._embed_model
    try:
        yield
    finally:
        Settings._embed_model = previous


def _sent(cassette: Any) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in cassette.requests]


@pytest.mark.vcr("index_and_query.yaml")
def test_vector_store_index_from_documents_and_retrieve(vcr: Any) -> None:
    index = VectorStoreIndex.from_documents(
        [Document(text=t) for t in LI_DOCS], embed_model=MiniMaxEmbedding()
    )
    nodes = index.as_retriever(similarity_top_k=3).retrieve(QUESTION)
    assert sorted(n.node.get_content() for n in nodes) == sorted(LI_DOCS)
    assert _sent(vcr) == [
        {"model": "embo-01", "texts": list(LI_DOCS), "type": "db"},
        {"model": "embo-01", "texts": [QUESTION], "type": "query"},
    ]
    stored = [index.vector_store.get(n.node.node_id) for n in nodes]
    assert sorted(map(tuple, stored)) == sorted(
        tuple(wire.embedding_vector(t, "db", 16)) for t in LI_DOCS
    )


@pytest.mark.vcr("index_and_query.yaml")
@pytest.mark.usefixtures("settings_embed_model")
def test_settings_embed_model(vcr: Any) -> None:
    Settings.embed_model = MiniMaxEmbedding()
    index = VectorStoreIndex.from_documents([Document(text=t) for t in LI_DOCS])
    index.as_retriever().retrieve(QUESTION)
    assert [b["type"] for b in _sent(vcr)] == ["db", "query"]


async def test_async_twins_query_vs_db_and_batching() -> None:
    with EmbeddingsServer() as server:
        emb = MiniMaxEmbedding(
            base_url=server.base_url, preset="minimax", api_key="sk-li", embed_batch_size=2
        )
        q = await emb.aget_query_embedding("q")
        d = await emb.aget_text_embedding("q")
        assert (
            q == wire.embedding_vector("q", "query", 8) != d == wire.embedding_vector("q", "db", 8)
        )
        texts = ["a", "b", "c", "d", "e"]
        vectors = await emb.aget_text_embedding_batch(texts)
        assert vectors == [wire.embedding_vector(t, "db", 8) for t in texts]
        # Batches run concurrently, so they may arrive in any order; the vectors keep input order.
        assert sorted(b["texts"] for b in server.bodies[2:]) == [["a", "b"], ["c", "d"], ["e"]]
        assert emb.get_text_embedding_batch(texts) == vectors
        assert emb.get_query_embedding("q") == q


def test_refuses_self_hosted() -> None:
    emb = MiniMaxEmbedding(base_url="http://127.0.0.1:9/v1", api_key="sk-li")
    with pytest.raises(EmbeddingsNotSupportedError):
        emb.get_text_embedding("x")
