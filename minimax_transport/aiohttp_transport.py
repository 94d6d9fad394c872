"""The async HTTP stack on aiohttp: an httpx transport the async pools use when it is installed.

httpcore's async connection pool does work that grows with the number of requests in flight;
at 64+ concurrent calls it, not this package, limits throughput. ``httpx-aiohttp`` (the
``aiohttp`` extra: ``pip install "minimax-integrations[aiohttp]"``) keeps httpx's API and
moves the sockets to aiohttp, whose pool does not. ``async_transport`` picks the stack:

* ``"auto"`` (default): aiohttp when ``httpx-aiohttp`` is installed, else httpx's own;
* ``"aiohttp"``: aiohttp, or ``ImportError`` naming the extra when it is missing;
* ``"httpx"``: httpx on httpcore.

A user's own ``async_http_client`` always wins; sync calls always use httpx.

What the transport promises holds on this stack because this module enforces it, not aiohttp's
defaults: failures arrive as the httpx exceptions :mod:`.http_errors` maps (a dropped connection
is a ``ReadError``, not the ``ConnectTimeout`` ``httpx-aiohttp`` would report); a stream that
stays silent for the read timeout (``stream_idle_timeout``) raises ``httpx.ReadTimeout`` from
this module's own watchdog; a body that is not read to its end closes its connection; the
aiohttp session is closed with the httpx client that owns it (one per event loop, see
:mod:`.client`).

Example:
    >>> resolve_async_transport("httpx")
    'httpx'
    >>> resolve_async_transport("auto") in ("aiohttp", "httpx")
    True
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import ssl
from collections.abc import AsyncIterator
from typing import Any, Literal

import httpx

AsyncTransportName = Literal["auto", "aiohttp", "httpx"]
ASYNC_TRANSPORTS: tuple[str, ...] = ("auto", "aiohttp", "httpx")

INSTALL_HINT = 'pip install "minimax-integrations[aiohttp]"  (or: pip install httpx-aiohttp)'


@functools.lru_cache(maxsize=1)
def aiohttp_available() -> bool:
    """Whether ``httpx-aiohttp`` (and so aiohttp) can be imported."""
    return importlib.util.find_spec("httpx_aiohttp") is not None


def resolve_async_transport(choice: str) -> Literal["aiohttp", "httpx"]:
    """The stack ``choice`` means on this machine (``ImportError`` for a missing aiohttp)."""
    if choice == "httpx":
        return "httpx"
    if choice == "aiohttp":
        if not aiohttp_available():
            raise ImportError(f'async_transport="aiohttp" needs httpx-aiohttp: {INSTALL_HINT}')
        return "aiohttp"
    if choice == "auto":
        return "aiohttp" if aiohttp_available() else "httpx"
    raise ValueError(f"async_transport must be one of {ASYNC_TRANSPORTS}, got {choice!r}")


def new_async_client(
    timeout: httpx.Timeout, limits: httpx.Limits, verify: ssl.SSLContext
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` whose requests go through aiohttp (its session is created at
    the first request, inside the running loop, and closed by the client's ``aclose``)."""
    return httpx.AsyncClient(
        transport=_transport_class()(verify=verify, limits=limits),
        timeout=timeout,
        limits=limits,
    )


@functools.lru_cache(maxsize=1)
def _transport_class() -> Any:
    """The transport class, defined on first use so importing this module never needs aiohttp."""
    import aiohttp
    from httpx_aiohttp import AiohttpTransport

    class MiniMaxAiohttpTransport(AiohttpTransport):  # type: ignore[misc]
        """``AiohttpTransport`` with the error mapping and body stream described above."""

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            try:
                response: httpx.Response = await super().handle_async_request(request)
            except (httpx.HTTPError, aiohttp.ClientError, asyncio.TimeoutError) as exc:
                raise _as_httpx_error(exc, request) from _origin(exc)
            timeouts = request.extensions.get("timeout") or {}
            inner: Any = response.stream
            response.stream = _Body(inner._aiohttp_response, request, timeouts.get("read"))
            return response

    return MiniMaxAiohttpTransport


def _origin(exc: BaseException) -> BaseException:
    """The aiohttp exception behind ``exc`` (``httpx-aiohttp`` raises its mapping from it)."""
    cause = exc.__cause__
    if isinstance(exc, httpx.HTTPError) and cause is not None:
        return cause
    return exc


def _as_httpx_error(exc: BaseException, request: httpx.Request) -> httpx.HTTPError:
    """The httpx exception httpcore would raise for the same failure."""
    import aiohttp

    origin = _origin(exc)
    if origin is exc and isinstance(exc, httpx.HTTPError):
        return exc
    message = f"{type(origin).__name__}: {origin}".rstrip(": ")
    if isinstance(origin, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message, request=request)
    if isinstance(origin, asyncio.TimeoutError):  # aiohttp's sock_read (and other) timeouts
        return httpx.ReadTimeout(message, request=request)
    if isinstance(origin, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message, request=request)
    if isinstance(origin, (aiohttp.ClientResponseError, aiohttp.ClientPayloadError)):
        return httpx.RemoteProtocolError(message, request=request)
    if isinstance(origin, (aiohttp.ClientError, OSError)):
        return httpx.ReadError(message, request=request)
    if isinstance(exc, httpx.HTTPError):
        return exc
    return httpx.TransportError(message, request=request)


class _IdleWatch:
    """The stream-idle timeout as one timer per body (not one per read): each read records
    when it started; the timer, when due, cancels the reading task if that read has waited
    for ``idle`` seconds, else sets itself for the read's own due time. Time spent by the
    consumer between reads never counts (the server is not silent then; the data waits)."""

    __slots__ = ("_handle", "_idle", "_loop", "fired", "reading", "since", "task")

    def __init__(self, idle: float) -> None:
        self._loop = asyncio.get_running_loop()
        self._idle = idle
        self.since = self._loop.time()
        self.reading = False
        self.fired = False
        self.task: asyncio.Task[Any] | None = None
        self._handle = self._loop.call_at(self.since + idle, self._check)

    def _check(self) -> None:
        now = self._loop.time()
        due = self.since + self._idle if self.reading else now + self._idle
        if self.reading and now >= due and self.task is not None:
            self.fired = True
            self.task.cancel()
            return
        self._handle = self._loop.call_at(due, self._check)

    def stop(self) -> None:
        self._handle.cancel()


class _Body(httpx.AsyncByteStream):
    """An aiohttp response body as httpx reads it: chunks as they arrive, errors mapped,
    the idle timeout enforced here, and the connection closed unless the body was read."""

    def __init__(self, response: Any, request: httpx.Request, idle: float | None) -> None:
        self._response = response
        self._request = request
        self._idle = idle

    async def __aiter__(self) -> AsyncIterator[bytes]:
        import aiohttp

        content = self._response.content
        watch = _IdleWatch(self._idle) if self._idle else None
        try:
            if watch is None:
                while chunk := await content.readany():
                    yield chunk
                return
            clock = watch._loop.time
            current_task = asyncio.current_task
            while True:
                watch.task = current_task()
                watch.since = clock()
                watch.reading = True
                try:
                    chunk = await content.readany()
                finally:
                    watch.reading = False
                if not chunk:
                    return
                yield chunk
        except asyncio.CancelledError:
            if watch is not None and watch.fired and _uncancel(watch.task) == 0:
                raise httpx.ReadTimeout(
                    f"no data for {self._idle:g}s", request=self._request
                ) from None
            raise
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
            raise _as_httpx_error(exc, self._request) from exc
        finally:
            if watch is not None:
                watch.stop()

    async def aclose(self) -> None:
        response = self._response
        if response.content.is_eof():
            response.release()  # the connection goes back to the pool
        else:
            response.close()  # unread body (cancelled, broken off): drop the connection


def _uncancel(task: asyncio.Task[Any] | None) -> int:
    """``task.uncancel()`` where it exists (3.11+): the cancellations still pending."""
    uncancel = getattr(task, "uncancel", None)
    return int(uncancel()) if uncancel is not None else 0


__all__ = [
    "ASYNC_TRANSPORTS",
    "AsyncTransportName",
    "aiohttp_available",
    "new_async_client",
    "resolve_async_transport",
]
