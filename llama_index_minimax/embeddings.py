"""``MiniMaxEmbedding``: a LlamaIndex embedding model over MiniMax's native embeddings endpoint."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding, Embedding
from pydantic import Field, PrivateAttr, SecretStr

from minimax_transport.client_cache import ClientCache, ClientConfig
from minimax_transport.embeddings import (
    DEFAULT_EMBEDDING_MODEL,
    DEFAULT_MAX_BATCH_TEXTS,
    DEFAULT_MAX_BATCH_TOKENS,
    DEFAULT_MAX_CONCURRENCY,
    MiniMaxEmbeddingsClient,
)


class MiniMaxEmbedding(BaseEmbedding):
    """MiniMax embeddings (``embo-01``, 1,536 dimensions) for LlamaIndex.

    Documents and nodes are embedded with ``type: "db"``, queries with ``type: "query"``
    (MiniMax embeds the two differently). LlamaIndex hands over ``embed_batch_size`` texts at
    a time; each group is split further so no request exceeds ``max_batch_tokens`` estimated
    tokens, and the async path runs up to ``max_concurrency`` requests at once. Only MiniMax's
    official hosts serve this endpoint (others raise ``EmbeddingsNotSupportedError`` before
    any request).

    Example:
        >>> from llama_index.core import Settings
        >>> from llama_index_minimax import MiniMaxEmbedding
        >>> Settings.embed_model = MiniMaxEmbedding(api_key="sk-test")
        >>> Settings.embed_model.model_name
        'embo-01'
        >>> # VectorStoreIndex.from_documents(docs, embed_model=MiniMaxEmbedding())
    """

    model_name: str = Field(default=DEFAULT_EMBEDDING_MODEL)
    embed_batch_size: int = Field(default=DEFAULT_MAX_BATCH_TEXTS, gt=0, le=2048)
    api_key: SecretStr | None = Field(default=None, exclude=True)
    """API key; default ``MINIMAX_API_KEY``."""
    base_url: str | None = None
    """API base URL; default ``MINIMAX_BASE_URL``, else the international API."""
    preset: str | None = None
    """Host preset (``minimax`` or ``minimax-cn``); default detected from ``base_url``."""
    max_retries: int = 2
    timeout: float | None = None
    max_batch_tokens: int = Field(default=DEFAULT_MAX_BATCH_TOKENS, gt=0)
    max_concurrency: int = Field(default=DEFAULT_MAX_CONCURRENCY, gt=0)

    _clients: ClientCache = PrivateAttr(default_factory=ClientCache)
    _http_client: Any = PrivateAttr(default=None)
    _async_http_client: Any = PrivateAttr(default=None)

    def __init__(
        self,
        model_name: str = DEFAULT_EMBEDDING_MODEL,
        *,
        api_key: SecretStr | str | None = None,
        http_client: Any = None,
        async_http_client: Any = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(api_key, str):
            api_key = SecretStr(api_key)
        fields: dict[str, Any] = {"model_name": model_name, "api_key": api_key, **kwargs}
        super().__init__(**fields)
        self._http_client = http_client
        self._async_http_client = async_http_client
        self.client  # noqa: B018  (a bad setting raises here, not at the first call)

    def client_config(self) -> ClientConfig:
        """The connection settings, as the transport's client cache keys them."""
        return ClientConfig.from_attributes(self, **self._config_overrides())

    def _config_overrides(self) -> dict[str, Any]:
        """The config fields this class keeps under other names."""
        return {"http_client": self._http_client, "async_http_client": self._async_http_client}

    @classmethod
    def class_name(cls) -> str:
        return "MiniMaxEmbedding"

    @property
    def client(self) -> MiniMaxEmbeddingsClient:
        """The transport's embeddings client (batching, retries, pooled connections) on the
        cached transport client."""
        return MiniMaxEmbeddingsClient(
            self._clients.get_for(self, **self._config_overrides()),
            model=self.model_name,
            max_batch_tokens=self.max_batch_tokens,
            max_batch_texts=self.embed_batch_size,
            max_concurrency=self.max_concurrency,
        )

    def close(self) -> None:
        """Close the connection pools this object created (not an ``http_client`` you passed)."""
        self._clients.close()

    async def aclose(self) -> None:
        """Close this event loop's async pool and the sync pool."""
        await self._clients.aclose()

    def _get_query_embedding(self, query: str) -> Embedding:
        return self.client.embed([query], "query").vectors[0]

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return (await self.client.aembed([query], "query")).vectors[0]

    def _get_text_embedding(self, text: str) -> Embedding:
        return self.client.embed([text], "db").vectors[0]

    async def _aget_text_embedding(self, text: str) -> Embedding:
        return (await self.client.aembed([text], "db")).vectors[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return self.client.embed(texts, "db").vectors

    async def _aget_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return (await self.client.aembed(texts, "db")).vectors


__all__ = ["MiniMaxEmbedding"]
