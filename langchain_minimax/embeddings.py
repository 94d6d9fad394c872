"""``MiniMaxEmbeddings``: LangChain ``Embeddings`` over MiniMax's native embeddings endpoint."""

from __future__ import annotations

from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.utils import from_env, secret_from_env
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, model_validator
from typing_extensions import Self

from minimax_transport.client_cache import ClientCache, ClientConfig
from minimax_transport.embeddings import (
    DEFAULT_EMBEDDING_MODEL,
    DEFAULT_MAX_BATCH_TEXTS,
    DEFAULT_MAX_BATCH_TOKENS,
    DEFAULT_MAX_CONCURRENCY,
    MiniMaxEmbeddingsClient,
)


class MiniMaxEmbeddings(BaseModel, Embeddings):
    """MiniMax embeddings (``embo-01``, 1,536 dimensions) for LangChain.

    ``embed_documents`` sends ``type: "db"`` (texts to store), ``embed_query`` sends
    ``type: "query"`` (search queries): MiniMax embeds the two differently, so use each for
    its purpose. Texts are batched under ``batch_size`` texts and ``max_batch_tokens``
    estimated tokens per request; the async twins run up to ``max_concurrency`` requests at
    once. Vectors come back in input order. Only MiniMax's official hosts serve this endpoint
    (an aggregator or self-hosted base URL raises ``EmbeddingsNotSupportedError`` before any
    request); no GroupId is needed.

    Example:
        >>> from langchain_minimax import MiniMaxEmbeddings
        >>> emb = MiniMaxEmbeddings(api_key="sk-test")
        >>> emb.model, emb.batch_size
        ('embo-01', 512)
        >>> emb.embed_query("Where is MiniMax headquartered?")   # doctest: +SKIP
        [0.0123, -0.0456, ...]
    """

    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)

    model: str = DEFAULT_EMBEDDING_MODEL
    """Embedding model id."""
    api_key: SecretStr | None = Field(
        default_factory=secret_from_env("MINIMAX_API_KEY", default=None)
    )
    """API key; default ``MINIMAX_API_KEY``."""
    base_url: str | None = Field(default_factory=from_env("MINIMAX_BASE_URL", default=None))
    """API base URL (``…/v1``); default ``MINIMAX_BASE_URL``, else the international API."""
    preset: str | None = None
    """Host preset (``minimax`` or ``minimax-cn``); default detected from ``base_url``."""
    max_retries: int = 2
    """Retries after the first attempt (rate limit 1002, server errors, connection errors)."""
    timeout: float | None = None
    """Request timeout in seconds (``None``: the transport's default)."""
    batch_size: int = Field(default=DEFAULT_MAX_BATCH_TEXTS, gt=0)
    """Most texts per request."""
    max_batch_tokens: int = Field(default=DEFAULT_MAX_BATCH_TOKENS, gt=0)
    """Most estimated tokens per request (a longer single text is sent alone)."""
    max_concurrency: int = Field(default=DEFAULT_MAX_CONCURRENCY, gt=0)
    """Requests in flight at once in ``aembed_documents``."""
    default_headers: dict[str, str] | None = None
    http_client: Any | None = Field(default=None, exclude=True)
    """An ``httpx.Client`` to use for sync calls."""
    http_async_client: Any | None = Field(default=None, exclude=True)
    """An ``httpx.AsyncClient`` to use for async calls."""

    _clients: ClientCache = PrivateAttr(default_factory=ClientCache)

    @model_validator(mode="after")
    def _check_settings(self) -> Self:
        self.client  # noqa: B018  (a bad setting raises here, not at the first call)
        return self

    def client_config(self) -> ClientConfig:
        """The connection settings, as the transport's client cache keys them."""
        return ClientConfig.from_attributes(self, async_http_client=self.http_async_client)

    @property
    def client(self) -> MiniMaxEmbeddingsClient:
        """The transport's embeddings client (batching, retries, pooled connections) on the
        cached transport client."""
        return MiniMaxEmbeddingsClient(
            self._clients.get_for(self, async_http_client=self.http_async_client),
            model=self.model,
            max_batch_tokens=self.max_batch_tokens,
            max_batch_texts=self.batch_size,
            max_concurrency=self.max_concurrency,
        )

    def close(self) -> None:
        """Close the connection pools this object created (not an ``http_client`` you passed)."""
        self._clients.close()

    async def aclose(self) -> None:
        """Close this event loop's async pool and the sync pool."""
        await self._clients.aclose()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for texts to store (``type: "db"``), in order."""
        return self.client.embed(texts, "db").vectors

    def embed_query(self, text: str) -> list[float]:
        """The vector for a search query (``type: "query"``)."""
        return self.client.embed([text], "query").vectors[0]

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        """Async twin of :meth:`embed_documents` (native, bounded concurrency)."""
        return (await self.client.aembed(texts, "db")).vectors

    async def aembed_query(self, text: str) -> list[float]:
        """Async twin of :meth:`embed_query`."""
        return (await self.client.aembed([text], "query")).vectors[0]


__all__ = ["MiniMaxEmbeddings"]
