"""MiniMax's native embeddings endpoint: ``POST {base}/embeddings``, batched and retried.

The wire format (see ``docs/embeddings.md``): the request is
``{"model": "embo-01", "texts": [...], "type": "db" | "query"}`` (``db`` for documents to
store, ``query`` for search queries); the answer is
``{"vectors": [[...], ...], "total_tokens": N, "base_resp": {"status_code": 0, ...}}`` and
errors come as HTTP 200 with a non-zero ``base_resp`` (1002 rate limit, 1004, 1008, 2013), as on
chat. Only MiniMax's own hosts serve it: aggregator and self-hosted presets are refused before
any request.

The call runs on a :class:`~minimax_transport.client.MiniMaxClient`: same key handling,
headers, pooled httpx clients, error mapping and single retry decision (1002 is retried with
backoff, honouring ``Retry-After``).

Batching: texts are split, in order, into requests of at most ``max_batch_texts`` texts and
about ``max_batch_tokens`` estimated tokens (:mod:`.token_estimate`); a single text over the
budget is sent alone. Async runs at most ``max_concurrency`` requests at once. Vectors come
back in input order, with the summed ``total_tokens``.

Example:
    >>> emb = MiniMaxEmbeddingsClient(MiniMaxClient(api_key="sk-test"))
    >>> split_batches(["a", "b", "c"], max_tokens=3500, max_texts=2)
    [(0, 2), (2, 3)]
    >>> emb.embed(["MiniMax is in Shanghai."], "db")     # doctest: +SKIP
    EmbeddingResult(vectors=[[...1536 floats...]], total_tokens=6)
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import httpx

from ._json import loads as _json_loads
from .client import MiniMaxClient, _async_sleep, _request_id
from .errors import (
    InvalidRequestError,
    MiniMaxError,
    ResponseFormatError,
    base_resp_error,
    error_from_body,
)
from .retry import parse_retry_after
from .token_estimate import estimate_text_tokens

if TYPE_CHECKING:
    from .presets import Preset

EmbedType = Literal["db", "query"]

DEFAULT_EMBEDDING_MODEL = "embo-01"
#: Estimated tokens per request (MiniMax users report a context of about 4,096 tokens).
DEFAULT_MAX_BATCH_TOKENS = 3500
#: Texts per request (one client library documents 4,096 as MiniMax's maximum).
DEFAULT_MAX_BATCH_TEXTS = 512
#: Requests in flight at once in the async path.
DEFAULT_MAX_CONCURRENCY = 4
#: Presets whose hosts serve MiniMax's embeddings format.
EMBEDDING_PRESETS = frozenset({"minimax", "minimax-cn"})


class EmbeddingsNotSupportedError(InvalidRequestError):
    """The host (an aggregator or self-hosted preset) does not serve MiniMax's embeddings
    endpoint. Raised before any request."""


class EmptyTextError(InvalidRequestError):
    """An empty string was given to embed (MiniMax has nothing to embed for it)."""


@dataclass(slots=True)
class EmbeddingResult:
    """Vectors in input order, and the ``total_tokens`` MiniMax reported over all requests."""

    vectors: list[list[float]]
    total_tokens: int = 0


def split_batches(
    texts: Sequence[str], *, max_tokens: int, max_texts: int
) -> list[tuple[int, int]]:
    """``[start, end)`` ranges covering ``texts`` in order: each range has at most
    ``max_texts`` texts and at most ``max_tokens`` estimated tokens, except a lone text that
    is over the budget by itself."""
    if max_texts < 1 or max_tokens < 1:
        raise ValueError("max_texts and max_tokens must be at least 1")
    ranges: list[tuple[int, int]] = []
    start = 0
    used = 0
    for i, text in enumerate(texts):
        cost = estimate_text_tokens(text)
        if i > start and (i - start >= max_texts or used + cost > max_tokens):
            ranges.append((start, i))
            start, used = i, 0
        used += cost
    if start < len(texts):
        ranges.append((start, len(texts)))
    return ranges


def check_embeddings_preset(preset: Preset) -> None:
    """Raise :class:`EmbeddingsNotSupportedError` unless ``preset`` serves embeddings."""
    if preset.name not in EMBEDDING_PRESETS:
        raise EmbeddingsNotSupportedError(
            f"The {preset.name!r} preset does not serve MiniMax's embeddings endpoint; use the "
            "official hosts (preset 'minimax' or 'minimax-cn')."
        )


class MiniMaxEmbeddingsClient:
    """Embeds texts through MiniMax's ``/embeddings`` on a :class:`MiniMaxClient`.

    Args:
        client: the client whose key, base URL, preset, pools and retry policy are used.
        model: embedding model (default ``embo-01``).
        max_batch_tokens / max_batch_texts: per-request limits (see module docstring).
        max_concurrency: requests in flight at once in :meth:`aembed`.

    Example:
        >>> emb = MiniMaxEmbeddingsClient(MiniMaxClient(api_key="sk-test"), max_batch_texts=64)
        >>> emb.url
        'https://api.minimax.io/v1/embeddings'
    """

    def __init__(
        self,
        client: MiniMaxClient,
        *,
        model: str = DEFAULT_EMBEDDING_MODEL,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
        max_batch_texts: int = DEFAULT_MAX_BATCH_TEXTS,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    ) -> None:
        self.client = client
        self.model = model
        self.max_batch_tokens = max_batch_tokens
        self.max_batch_texts = max_batch_texts
        self.max_concurrency = max(1, int(max_concurrency))

    @property
    def url(self) -> str:
        return self.client.base_url.rstrip("/") + "/embeddings"

    def __repr__(self) -> str:
        return f"MiniMaxEmbeddingsClient(model={self.model!r}, client={self.client!r})"

    # ------------------------------------------------------------------ preparation
    def _plan(self, texts: Sequence[str], embed_type: str) -> list[tuple[int, int]]:
        if embed_type not in ("db", "query"):
            raise InvalidRequestError(f"embedding type must be 'db' or 'query', not {embed_type!r}")
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise InvalidRequestError(
                    f"text {i} to embed is a {type(text).__name__}, not a str"
                )
            if not text:
                raise EmptyTextError(f"text {i} to embed is an empty string")
        if not texts:
            return []
        check_embeddings_preset(self.client.preset)
        return split_batches(
            texts, max_tokens=self.max_batch_tokens, max_texts=self.max_batch_texts
        )

    def _payload(self, texts: Sequence[str], embed_type: str) -> bytes:
        body = {"model": self.model, "texts": list(texts), "type": embed_type}
        return json.dumps(body, ensure_ascii=False).encode("utf-8")

    # ------------------------------------------------------------------ sync
    def embed(self, texts: Sequence[str], embed_type: EmbedType = "db") -> EmbeddingResult:
        """Vectors for ``texts`` (``type: db`` for documents, ``query`` for queries)."""
        plan = self._plan(texts, embed_type)
        vectors: list[list[float]] = []
        total = 0
        for start, end in plan:
            batch, tokens = self._post(texts[start:end], embed_type)
            vectors.extend(batch)
            total += tokens
        return EmbeddingResult(vectors, total)

    def _post(self, texts: Sequence[str], embed_type: str) -> tuple[list[list[float]], int]:
        client = self.client
        try:
            payload = self._payload(texts, embed_type)
            headers = client._headers()
            http = client._sync_client()
            attempt = 0
            while True:
                try:
                    response = http.post(
                        self.url,
                        content=payload,
                        headers=headers,
                        timeout=client._timeout(stream=False),
                    )
                    return _parse(response, len(texts))
                except (MiniMaxError, httpx.HTTPError) as exc:
                    delay = client._next_delay(exc, attempt, stream=False)
                time.sleep(delay)
                attempt += 1
        except MiniMaxError as exc:
            raise client._redact(exc) from exc.__cause__

    # ------------------------------------------------------------------ async
    async def aembed(self, texts: Sequence[str], embed_type: EmbedType = "db") -> EmbeddingResult:
        """Async twin of :meth:`embed`: batches run with at most ``max_concurrency`` in flight."""
        import asyncio

        plan = self._plan(texts, embed_type)
        if not plan:
            return EmbeddingResult([], 0)
        gate = asyncio.Semaphore(self.max_concurrency)

        async def run(start: int, end: int) -> tuple[list[list[float]], int]:
            async with gate:
                return await self._apost(texts[start:end], embed_type)

        results = await asyncio.gather(*(run(s, e) for s, e in plan))
        vectors: list[list[float]] = []
        total = 0
        for batch, tokens in results:
            vectors.extend(batch)
            total += tokens
        return EmbeddingResult(vectors, total)

    async def _apost(self, texts: Sequence[str], embed_type: str) -> tuple[list[list[float]], int]:
        client = self.client
        try:
            payload = self._payload(texts, embed_type)
            headers = client._headers()
            http = client._async_client()
            attempt = 0
            while True:
                try:
                    response = await http.post(
                        self.url,
                        content=payload,
                        headers=headers,
                        timeout=client._timeout(stream=False),
                    )
                    return _parse(response, len(texts))
                except (MiniMaxError, httpx.HTTPError) as exc:
                    delay = client._next_delay(exc, attempt, stream=False)
                await _async_sleep(delay)
                attempt += 1
        except MiniMaxError as exc:
            raise client._redact(exc) from exc.__cause__


def _parse(response: httpx.Response, expected: int) -> tuple[list[list[float]], int]:
    """A response → (vectors, total_tokens), or the typed error (HTTP errors, HTTP-200
    ``base_resp`` errors, bodies that are not an embeddings answer)."""
    request_id = _request_id(response.headers)
    content = response.content
    body: Any
    try:
        body = _json_loads(content) if content else None
    except (ValueError, UnicodeDecodeError):
        body = content.decode("utf-8", "replace")
    if response.status_code >= 400:
        err = error_from_body(
            response.status_code,
            body,
            request_id=request_id,
            fallback_message=f"MiniMax embeddings request failed with HTTP {response.status_code}",
        )
        err.retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise err
    if not isinstance(body, dict):
        raise ResponseFormatError(
            "MiniMax returned an embeddings body that is not a JSON object",
            status_code=response.status_code,
            request_id=request_id,
            body=body,
        )
    envelope_error = base_resp_error(body, response.status_code)
    if envelope_error is not None:
        envelope_error.request_id = envelope_error.request_id or request_id
        envelope_error.retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise envelope_error
    vectors = body.get("vectors")
    if not isinstance(vectors, list) or len(vectors) != expected:
        got = len(vectors) if isinstance(vectors, list) else "no"
        raise ResponseFormatError(
            f"MiniMax returned {got} vectors for {expected} texts",
            status_code=response.status_code,
            request_id=request_id,
        )
    tokens = body.get("total_tokens")
    return vectors, tokens if isinstance(tokens, int) and not isinstance(tokens, bool) else 0


__all__ = [
    "DEFAULT_EMBEDDING_MODEL",
    "DEFAULT_MAX_BATCH_TEXTS",
    "DEFAULT_MAX_BATCH_TOKENS",
    "DEFAULT_MAX_CONCURRENCY",
    "EMBEDDING_PRESETS",
    "EmbedType",
    "EmbeddingResult",
    "EmbeddingsNotSupportedError",
    "EmptyTextError",
    "MiniMaxEmbeddingsClient",
    "check_embeddings_preset",
    "split_batches",
]
