"""Sending on the pools this package creates, without ``httpx.Client``'s per-request layers.

``httpx.Client.send`` runs, for every request, layers a MiniMax call never uses: the auth
flow (we send our own ``Authorization`` header), redirect handling (off), the cookie jar
(merged into each request and filled from each response through the stdlib's
``http.cookiejar``), the ``elapsed`` timer and event hooks. Together with merging the
client's default headers into each request they cost about as much CPU as the rest of a
non-streamed call; on the async path that is throughput at high concurrency.

For a pool the transport created itself (never one you passed as ``http_client`` /
``async_http_client``: those keep every httpx behaviour, your auth, hooks and cookies
included), :class:`DirectSender` builds the same :class:`httpx.Request` the client would
(the client's default headers merged with ours once, not per request; the same timeout
extension) and hands it to the transport the client would pick for the URL (its proxy
mounts included), and logs the request line httpx logs. What the server sees is unchanged,
except that a cookie it sets is not sent back: the API keeps no session, and a shared pool
should not carry one caller's cookie to the next.

Example:
    >>> import httpx
    >>> client = httpx.Client()
    >>> sender = DirectSender(client)
    >>> request = sender.request(
    ...     httpx.URL("https://api.minimax.io/v1/chat/completions"), b"{}",
    ...     {"Authorization": "Bearer sk-test"}, httpx.Timeout(5.0),
    ... )
    >>> request.headers["authorization"], request.headers["user-agent"].startswith("python-httpx")
    ('Bearer sk-test', True)
    >>> client.close()
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx

#: httpx's own logger: the request line httpx logs at INFO is logged here too, unchanged.
_httpx_logger = logging.getLogger("httpx")


def _log_response(request: httpx.Request, response: httpx.Response) -> None:
    """The ``HTTP Request: POST … "HTTP/1.1 200 OK"`` line ``httpx.Client`` logs."""
    if _httpx_logger.isEnabledFor(logging.INFO):
        _httpx_logger.info(
            'HTTP Request: %s %s "%s %d %s"',
            request.method,
            request.url,
            response.http_version,
            response.status_code,
            response.reason_phrase,
        )


_ClientT = TypeVar("_ClientT", httpx.Client, httpx.AsyncClient)


class DirectSender(Generic[_ClientT]):
    """Builds and sends requests on ``client``'s transport (see the module docstring)."""

    __slots__ = ("_headers", "_key", "client")

    def __init__(self, client: _ClientT) -> None:
        self.client: _ClientT = client
        self._key: tuple[Any, ...] | None = None
        self._headers: httpx.Headers | None = None

    def request(
        self, url: httpx.URL, payload: bytes, headers: dict[str, str], timeout: httpx.Timeout
    ) -> httpx.Request:
        """The request ``client.build_request("POST", …)`` would build (no cookies): the same
        headers in the same order (``Host`` first, ``Content-Length`` last), built from a
        template made once per URL and headers instead of merged and normalised per call."""
        key = (url, tuple(headers.items()))
        template = self._headers
        if template is None or key != self._key:
            base: httpx.Headers = httpx.Headers(self.client.headers)
            base.update(headers)
            raw: list[tuple[bytes, bytes]] = [(b"Host", url.netloc)]
            raw.extend(base.raw)
            template = httpx.Headers(raw)
            template.encoding  # noqa: B018  (computed once, copied with the template)
            self._key, self._headers = key, template
        request_headers = httpx.Headers(template, encoding=template.encoding)
        request_headers["Content-Length"] = str(len(payload))
        request = httpx.Request(
            "POST",
            url,
            headers=request_headers,
            stream=httpx.ByteStream(payload),
            extensions={"timeout": timeout.as_dict()},
        )
        request.read()
        return request

    def transport(self, url: httpx.URL) -> Any:
        """The transport the client would use for ``url`` (a proxy mount, or its own)."""
        return self.client._transport_for_url(url)


def send(sender: DirectSender[httpx.Client], request: httpx.Request) -> httpx.Response:
    """Send ``request``; the response's body is not read yet (close it when done)."""
    if sender.client.is_closed:
        raise RuntimeError("Cannot send a request, as the client has been closed.")
    response: httpx.Response = sender.transport(request.url).handle_request(request)
    response.request = request
    _log_response(request, response)
    return response


class Post:
    """``with Post(sender, request) as response``: :func:`send`, closed when the block ends."""

    __slots__ = ("_request", "_response", "_sender")

    def __init__(self, sender: DirectSender[httpx.Client], request: httpx.Request) -> None:
        self._sender = sender
        self._request = request
        self._response: httpx.Response | None = None

    def __enter__(self) -> httpx.Response:
        self._response = send(self._sender, self._request)
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncPost:
    """``async with AsyncPost(sender, request) as response``: the response with its body not
    yet read, closed (its connection returned or dropped) when the block ends."""

    __slots__ = ("_request", "_response", "_sender")

    def __init__(self, sender: DirectSender[httpx.AsyncClient], request: httpx.Request) -> None:
        self._sender = sender
        self._request = request
        self._response: httpx.Response | None = None

    async def __aenter__(self) -> httpx.Response:
        if self._sender.client.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        transport = self._sender.transport(self._request.url)
        response: httpx.Response = await transport.handle_async_request(self._request)
        response.request = self._request
        _log_response(self._request, response)
        self._response = response
        return response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.aclose()


__all__ = ["AsyncPost", "DirectSender", "Post", "send"]
