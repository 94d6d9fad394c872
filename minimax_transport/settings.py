"""Connection settings shared by the transport and both adapters: one meaning for each.

``ChatMiniMax`` (LangChain) and ``MiniMax`` (LlamaIndex) both build a
:class:`TransportSettings` from their constructor fields and hand it to
:class:`~minimax_transport.client.MiniMaxClient`, so a setting means the same thing in both:

* ``timeout`` — seconds per attempt; ``None`` is the 600 s default. A non-streamed attempt
  (connect, send, wait, read the whole body) ends after ``timeout`` even if bytes keep
  trickling in.
* ``connect_timeout`` — seconds for the TCP/TLS handshake (default 10 s), never longer than
  ``timeout``.
* ``stream_idle_timeout`` — the longest silence allowed inside a stream: the value you set,
  else ``min(timeout, 300 s)``.
* ``max_retries`` — retries after the first attempt (``2`` means at most 3 requests); a
  negative value raises ``ValueError``.
* ``max_retry_after`` — the longest ``Retry-After`` the client waits for (default 60 s); a
  longer one raises the ``RateLimitError`` at once, with ``retry_after`` set.
* ``async_transport`` — the HTTP stack of async calls: ``"auto"`` (default: aiohttp when
  ``httpx-aiohttp`` is installed, else httpx's own), ``"aiohttp"`` or ``"httpx"``; see
  :mod:`~minimax_transport.aiohttp_transport`. Sync calls always use httpx, and your own
  async httpx client always wins.

Example:
    >>> s = TransportSettings(timeout=3)
    >>> s.attempt_timeout, s.connect, s.stream_idle
    (3.0, 3.0, 3.0)
    >>> TransportSettings().stream_idle, TransportSettings(stream_idle_timeout=30).stream_idle
    (300.0, 30.0)
    >>> TransportSettings(max_retries=-1)
    Traceback (most recent call last):
    ...
    ValueError: max_retries must be >= 0, got -1
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from .aiohttp_transport import ASYNC_TRANSPORTS, AsyncTransportName

DEFAULT_TIMEOUT = 600.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_STREAM_IDLE_TIMEOUT = 300.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class TransportSettings:
    """What the user asked for (``None`` = not set), validated once; the effective values are
    the properties (:attr:`attempt_timeout`, :attr:`connect`, :attr:`stream_idle`,
    :attr:`retry_after_limit`). Frozen: derive a variant with :meth:`replace`.

    Example:
        >>> TransportSettings(timeout=2, connect_timeout=5).connect
        2.0
        >>> TransportSettings(timeout=None).attempt_timeout
        600.0
    """

    timeout: float | None = None
    connect_timeout: float | None = None
    stream_idle_timeout: float | None = None
    max_retries: int = DEFAULT_MAX_RETRIES
    max_retry_after: float | None = None
    async_transport: AsyncTransportName = "auto"

    def __post_init__(self) -> None:
        if self.async_transport not in ASYNC_TRANSPORTS:
            raise ValueError(
                f"async_transport must be one of {ASYNC_TRANSPORTS}, got {self.async_transport!r}"
            )
        for name in ("timeout", "connect_timeout", "stream_idle_timeout", "max_retry_after"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{name} must be a number of seconds or None, got {value!r}")
            floor_ok = value >= 0 if name == "max_retry_after" else value > 0
            if math.isnan(value) or not floor_ok:
                raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
            object.__setattr__(self, name, float(value))
        retries = self.max_retries
        if isinstance(retries, bool) or not isinstance(retries, int):
            raise ValueError(f"max_retries must be an int, got {retries!r}")
        if retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {retries}")

    # ------------------------------------------------------------------ effective values
    @property
    def attempt_timeout(self) -> float:
        """Seconds one non-streamed attempt may take (``timeout``, default 600 s)."""
        return DEFAULT_TIMEOUT if self.timeout is None else self.timeout

    @property
    def connect(self) -> float:
        """Connect timeout: ``connect_timeout`` (default 10 s), capped by the timeout."""
        value = DEFAULT_CONNECT_TIMEOUT if self.connect_timeout is None else self.connect_timeout
        return min(value, self.attempt_timeout)

    @property
    def stream_idle(self) -> float:
        """Longest silence inside a stream: ``stream_idle_timeout`` if set, else
        ``min(timeout, 300 s)``."""
        if self.stream_idle_timeout is not None:
            return self.stream_idle_timeout
        return min(self.attempt_timeout, DEFAULT_STREAM_IDLE_TIMEOUT)

    @property
    def retry_after_limit(self) -> float:
        """The longest ``Retry-After`` honoured (``max_retry_after``, default 60 s)."""
        return DEFAULT_MAX_RETRY_AFTER if self.max_retry_after is None else self.max_retry_after

    @classmethod
    def from_attributes(cls, source: object) -> TransportSettings:
        """The settings read from ``source``'s attributes of the same names (an adapter's
        model or embeddings object); an attribute it lacks keeps its default.

        Example:
            >>> class Model:
            ...     timeout, max_retries = 5, 0
            >>> TransportSettings.from_attributes(Model()).max_retries
            0
        """
        names = _field_names(cls)
        return cls(**{name: getattr(source, name) for name in names if hasattr(source, name)})

    def replace(self, **changes: Any) -> TransportSettings:
        """A copy with ``changes`` applied (validated again)."""
        return dataclasses.replace(self, **changes)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, computed once (``dataclasses.fields`` costs ~10 µs; the
    adapters read their settings on every call)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_RETRY_AFTER",
    "DEFAULT_STREAM_IDLE_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "TransportSettings",
]
