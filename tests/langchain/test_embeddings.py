"""``MiniMaxEmbeddings``: langchain-tests' unit suite, db vs query on cassettes (bodies matched
as JSON), batching, errors, retries, key hygiene."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.embeddings import Embeddings
from langchain_tests.unit_tests import EmbeddingsUnitTests

from langchain_minimax import MiniMaxEmbeddings
from minimax_testing import wire
from minimax_testing.embeddings_server import EmbeddingsServer
from minimax_transport import BadRequestError, EmbeddingsNotSupportedError


class TestMiniMaxEmbeddingsUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[MiniMaxEmbeddings]:
        return MiniMaxEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"model": "embo-01", "api_key": "sk-test"}

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        return (
            {"MINIMAX_API_KEY": "sk-env", "MINIMAX_BASE_URL": "https://api.minimaxi.com/v1"},
            {},
            {"base_url": "https://api.minimaxi.com/v1"},
        )


@pytest.mark.vcr("embed_query.yaml")
def test_query_type_and_vectors_from_the_cassette(vcr: Any) -> None:
    emb = MiniMaxEmbeddings()
    assert emb.embed_query("foo") == wire.embedding_vector("foo", "query", 16)
    assert emb.embed_query("bar") == wire.embedding_vector("bar", "query", 16)
    assert vcr.play_count == 2


@pytest.mark.vcr("embed_documents.yaml")
async def test_documents_are_db_in_one_request(vcr: Any) -> None:
    emb = MiniMaxEmbeddings()
    vectors = await emb.aembed_documents(["foo", "bar", "baz"])
    assert vectors == [wire.embedding_vector(t, "db", 16) for t in ("foo", "bar", "baz")]
    assert vcr.play_count == 1


@pytest.mark.vcr("rate_limited_then_ok.yaml")
def test_1002_envelope_retried_once(vcr: Any) -> None:
    emb = MiniMaxEmbeddings(max_retries=2)
    emb.client.client.retry_policy.initial_delay = 0.0
    assert emb.embed_documents(["foo"]) == [wire.embedding_vector("foo", "db", 16)]
    assert vcr.play_count == 2


@pytest.mark.vcr("input_field_2013.yaml")
def test_2013_envelope_is_a_typed_error(vcr: Any) -> None:
    with pytest.raises(BadRequestError) as info:
        MiniMaxEmbeddings().embed_documents(["foo"])
    assert info.value.code == 2013 and "texts" in info.value.message
    assert vcr.play_count == 1


def test_native_async_not_the_thread_fallback() -> None:
    assert MiniMaxEmbeddings.aembed_documents is not Embeddings.aembed_documents
    assert MiniMaxEmbeddings.aembed_query is not Embeddings.aembed_query


def test_request_bodies_batching_and_key() -> None:
    with EmbeddingsServer() as server:
        emb = MiniMaxEmbeddings(
            base_url=server.base_url, preset="minimax", api_key="sk-lc-secret-42", batch_size=2
        )
        docs = ["a", "b", "c", "d", "e"]
        assert emb.embed_documents(docs) == [wire.embedding_vector(t, "db", 8) for t in docs]
        assert server.bodies == [
            {"model": "embo-01", "texts": ["a", "b"], "type": "db"},
            {"model": "embo-01", "texts": ["c", "d"], "type": "db"},
            {"model": "embo-01", "texts": ["e"], "type": "db"},
        ]
        emb.embed_query("q")
        assert server.bodies[-1] == {"model": "embo-01", "texts": ["q"], "type": "query"}
        assert set(server.auth) == {"Bearer sk-lc-secret-42"}
        assert "sk-lc-secret-42" not in repr(emb) and "sk-lc-secret-42" not in str(emb)


def test_aggregator_base_url_refused_before_any_request() -> None:
    emb = MiniMaxEmbeddings(base_url="https://openrouter.ai/api/v1", api_key="sk-test")
    with pytest.raises(EmbeddingsNotSupportedError):
        emb.embed_documents(["x"])
