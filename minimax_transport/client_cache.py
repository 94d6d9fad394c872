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

The adapters call :meth:`ClientCache.get_for` with themselves as the source on every call: it
compares the raw attribute values (and the three environment variables) with those of the
last call, a few microseconds, and builds and validates a :class:`ClientConfig` only when one
of them changed.
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


_MISSING = object()
_SOURCE_NAMES: dict[type, tuple[str, ...]] = {}


def _source_names(cls: type) -> tuple[str, ...]:
    """The attribute names :meth:`ClientConfig.from_attributes` reads (computed once)."""
    names = _SOURCE_NAMES.get(cls)
    if names is None:
        own = tuple(n for n in _field_names(cls) if n != "settings")
        assert own[:3] == ("api_key", "base_url", "preset"), own  # fingerprint() relies on it
        names = _SOURCE_NAMES[cls] = own + _field_names(TransportSettings)
    return names


def fingerprint(source: object, overrides: dict[str, Any]) -> tuple[Any, ...]:
    """What :meth:`ClientConfig.from_attributes` would read from ``source`` with
    ``overrides``, unvalidated (a dict as its items, so an edit in place is noticed), plus
    the environment variables the config falls back to where its value is ``None``: equal
    fingerprints give equal configs."""
    values = [
        overrides[n] if n in overrides else getattr(source, n, _MISSING)
        for n in _source_names(ClientConfig)
    ]
    for i, value in enumerate(values):
        if type(value) is dict:
            values[i] = tuple(value.items())
    base_url, preset = values[1], values[2]  # (the names start api_key, base_url, preset)
    env = os.environ
    return (
        *values,
        env.get(API_KEY_ENV),  # also read for a key that is blank once stripped
        env.get(BASE_URL_ENV) if not base_url or base_url is _MISSING else None,
        env.get(PRESET_ENV) if not preset or preset is _MISSING else None,
    )


class ClientCache:
    """Holds the client for the last :class:`ClientConfig` asked for (see the module
    docstring). Pickles empty: an unpickled model builds its client again."""

    __slots__ = ("_entry", "_fast", "_lock")

    def __init__(self) -> None:
        self._entry: tuple[tuple[Any, ...], MiniMaxClient] | None = None
        # (fingerprint, client) of the last get_for, one attribute so threads read a pair
        self._fast: tuple[tuple[Any, ...], MiniMaxClient] | None = None
        self._lock = threading.Lock()

    def get_for(self, source: object, **overrides: Any) -> MiniMaxClient:
        """The client for ``ClientConfig.from_attributes(source, **overrides)``; the config is
        built (and validated) only when ``source``'s attributes, ``overrides`` or the
        environment changed since the last call.

        Example:
            >>> class Model:
            ...     api_key, max_retries = "sk-test", 0
            >>> cache, model = ClientCache(), Model()
            >>> cache.get_for(model) is cache.get_for(model)
            True
            >>> model.max_retries = 2
            >>> cache.get_for(model).max_retries
            2
        """
        fp = fingerprint(source, overrides)
        fast = self._fast
        if fast is not None and fast[0] == fp:
            return fast[1]
        client = self.get(ClientConfig.from_attributes(source, **overrides))
        self._fast = (fp, client)
        return client

    def get(self, config: ClientConfig) -> MiniMaxClient:
        """The client for ``config``: the cached one, or a new one (closing the old one's
        sync pool; its async pools close with their event loops)."""
        key = config.key()
        entry = self._entry  # (key, client), one attribute so a thread never reads half
        if entry is not None and entry[0] == key:
            return entry[1]
        with self._lock:  # threads sharing a model build one client, not one each
            entry = self._entry
            if entry is None or entry[0] != key:
                if entry is not None:
                    entry[1].close()
                self._fast = None
                entry = self._entry = (key, config.build())
        return entry[1]

    def close(self) -> None:
        """Close the cached client's pools (not an ``http_client`` you passed)."""
        if self._entry is not None:
            self._entry[1].close()

    async def aclose(self) -> None:
        """Close this event loop's async pool and the sync pool of the cached client."""
        if self._entry is not None:
            await self._entry[1].aclose()

    def __reduce__(self) -> tuple[Any, ...]:
        return (ClientCache, ())


__all__ = ["ClientCache", "ClientConfig"]
