"""One wall-clock deadline for a whole sync non-streamed attempt, response headers included.

httpx bounds each socket read by ``timeout``, not the attempt: a server that sends its status
line and then one header byte every 0.25 s is read for as long as it keeps trickling. The async
path bounds the whole attempt with ``asyncio.wait_for``; the sync path has no such tool, so:

* :class:`AttemptDeadline` is a read/write timeout that also carries the attempt's deadline.
  As a ``float`` it is an ordinary timeout (what any network stream uses per read);
* the pools :class:`~minimax_transport.client.MiniMaxClient` creates get a
  :class:`DeadlineBackend` (see :func:`install`), whose streams give each read or write only
  what is left until that deadline and raise
  :class:`~minimax_transport.http_errors.AttemptTimeout` once it has passed.

A streamed request carries plain ``float`` timeouts, so its reads go straight through (one
type check per socket read, no clock). A client passed in by the user (``http_client``) is
never modified: there the headers are bounded per read, the body still per attempt.

Example:
    >>> d = AttemptDeadline(2.0, at=100.0)
    >>> float(d), d.at
    (2.0, 100.0)
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from .http_errors import AttemptTimeout


class AttemptDeadline(float):
    """A timeout in seconds (its ``float`` value) that ends at ``at`` (``time.monotonic()``)
    on a :class:`DeadlineStream`."""

    __slots__ = ("at",)
    at: float

    def __new__(cls, seconds: float, at: float) -> AttemptDeadline:
        obj = super().__new__(cls, seconds)
        obj.at = at
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (AttemptDeadline, (float(self), self.at))


def _passed() -> AttemptTimeout:
    return AttemptTimeout("attempt deadline passed")


def _left(deadline: AttemptDeadline) -> float:
    left = deadline.at - time.monotonic()
    if left <= 0:
        raise _passed()
    return left


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads and writes end at an :class:`AttemptDeadline`."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if type(timeout) is not AttemptDeadline:
            return self._stream.read(max_bytes, timeout)
        try:
            return self._stream.read(max_bytes, _left(timeout))
        except httpcore.ReadTimeout:
            raise _passed() from None

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if type(timeout) is not AttemptDeadline:
            return self._stream.write(buffer, timeout)
        try:
            return self._stream.write(buffer, _left(timeout))
        except httpcore.WriteTimeout:
            raise _passed() from None

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps a network backend so its streams are :class:`DeadlineStream`\\ s."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def install(client: httpx.Client) -> None:
    """Give the connection pools of a client this package created (its default transport
    and any proxy mounts) a :class:`DeadlineBackend`. A transport that is not httpx's own
    pool is left alone (then only the body is bounded per attempt)."""
    transports = [client._transport, *client._mounts.values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(
            backend, DeadlineBackend
        ):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]


def set_deadline(request: httpx.Request, at: float) -> None:
    """Make ``request``'s read and write timeouts end at ``at`` (``time.monotonic()``)."""
    timeouts = request.extensions.get("timeout")
    if isinstance(timeouts, dict):
        for phase in ("read", "write"):
            seconds = max(0.001, at - time.monotonic())
            timeouts[phase] = AttemptDeadline(seconds, at)


__all__ = ["AttemptDeadline", "DeadlineBackend", "DeadlineStream", "install", "set_deadline"]
