"""One :class:`MiniMaxClient` per set of connection settings, for the adapters' models.

``ChatMiniMax``, ``MiniMax`` and the two embeddings classes describe their connection as a
:class:`ClientConfig` and ask their :class:`ClientCache` for the client: the same config gets
the same client (and its pooled connections); a changed one (a new key, base URL, timeout,
retry count…) closes the old client's sync pool and builds a new client. ``close()`` /
``aclose()`` close the cached client's pools, which is what the models' own ``close()`` /
``aclose()`` / ``with`` blocks do.

Example:
    >>> cache = ClientCache()
    >>> config = ClientConfig(api_key="sk-test", settings=TransportSettings(max_retries=1))
    >>> client = cache.get(config)
    >>> cache.get(config) is client, client.max_retries
    (True, 1)
    >>> cache.get(config.replace(settings=TransportSettings(max_retries=3))) is client
    False
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .client import MiniMaxClient
from .presets import API_KEY_ENV, BASE_URL_ENV, PRESET_ENV
from .settings import TransportSettings, _field_names

if TYPE_CHECKING:
    import httpx
    from pydantic import SecretStr


@dataclass(frozen=True)
class ClientConfig:
    """Everything a :class:`MiniMaxClient` is built from. ``None`` means "the default":
    ``MINIMAX_API_KEY`` / ``MINIMAX_BASE_URL`` / ``MINIMAX_PRESET`` are read when the key is
    computed, so a changed environment variable gets a new client too."""

    api_key: SecretStr | str | None = None
    base_url: str | None = None
    preset: str | None = None
    settings: TransportSettings = field(default_factory=TransportSettings)
    default_headers: dict[str, str] | None = None
    model_overrides: dict[str, Any] | None = None
    http_client: httpx.Client | None = None
    async_http_client: httpx.AsyncClient | None = None

    @classmethod
    def from_attributes(cls, source: object, **overrides: Any) -> ClientConfig:
        """The config read from ``source``'s attributes of the same names (an adapter's
        model), the :class:`TransportSettings` too; ``overrides`` win (for attributes the
        framework spells differently).

        Example:
            >>> class Model:
            ...     api_key, base_url, max_retries = "sk-test", None, 0
            >>> ClientConfig.from_attributes(Model(), preset="minimax-cn").settings.max_retries
            0
        """
        names = [name for name in _field_names(cls) if name != "settings"]
        values = {name: getattr(source, name) for name in names if hasattr(source, name)}
        values["settings"] = TransportSettings.from_attributes(source)
        return cls(**{**values, **overrides})

    def key(self) -> tuple[Any, ...]:
        """What identifies the client: the key's hash (never the key), the resolved URL and
        preset, the settings, headers, overrides and the identity of the httpx clients."""
        key = self.api_key
        if key is not None and not isinstance(key, str):
            key = key.get_secret_value()
        key = (key or "").strip() or (os.environ.get(API_KEY_ENV) or "").strip()
        return (
            hashlib.sha256(key.encode()).hexdigest() if key else None,
            self.base_url or os.environ.get(BASE_URL_ENV),
            self.preset or os.environ.get(PRESET_ENV),
            self.settings,
            tuple(sorted((self.default_headers or {}).items())),
            tuple(sorted((self.model_overrides or {}).items(), key=lambda kv: kv[0])),
            id(self.http_client),
            id(self.async_http_client),
        )

    def build(self) -> MiniMaxClient:
        """A new client for this config."""
        return MiniMaxClient(
            api_key=self.api_key,
            base_url=self.base_url,
            preset=self.preset,
            settings=self.settings,
            default_headers=self.default_headers,
            http_client=self.http_client,
            async_http_client=self.async_http_client,
            model_overrides=self.model_overrides,
        )

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)


class ClientCache:
    """Holds the client for the last :class:`ClientConfig` asked for (see the module
    docstring). Pickles empty: an unpickled model builds its client again."""

    __slots__ = ("_client", "_key", "_lock")

    def __init__(self) -> None:
        self._client: MiniMaxClient | None = None
        self._key: tuple[Any, ...] | None = None
        self._lock = threading.Lock()

    def get(self, config: ClientConfig) -> MiniMaxClient:
        """The client for ``config``: the cached one, or a new one (closing the old one's
        sync pool; its async pools close with their event loops)."""
        key = config.key()
        client = self._client
        if client is not None and self._key == key:
            return client
        with self._lock:  # threads sharing a model build one client, not one each
            client = self._client
            if client is None or self._key != key:
                if client is not None:
                    client.close()
                client = self._client = config.build()
                self._key = key
        return client

    def close(self) -> None:
        """Close the cached client's pools (not an ``http_client`` you passed)."""
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close this event loop's async pool and the sync pool of the cached client."""
        if self._client is not None:
            await self._client.aclose()

    def __reduce__(self) -> tuple[Any, ...]:
        return (ClientCache, ())


__all__ = ["ClientCache", "ClientConfig"]
