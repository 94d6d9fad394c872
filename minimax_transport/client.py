"""The HTTP client: sync and async, one retry layer, pooled httpx clients created lazily.

Example:
    >>> from minimax_transport import MiniMaxClient, ChatRequest, UserMessage
    >>> client = MiniMaxClient(api_key="sk-...")           # or MINIMAX_API_KEY
    >>> req = ChatRequest(model="MiniMax-M2.7", messages=[UserMessage("Hi")])
    >>> result = client.complete(req)                       # doctest: +SKIP
    >>> for event in client.stream(req):                    # doctest: +SKIP
    ...     print(event)

This module moves bytes: it owns the httpx pools, timeouts and deadlines, the retry loop and
reading bodies. Everything else is delegated: :mod:`.request_builder` builds the body,
:mod:`.forcing` emulates a forced ``tool_choice``, :mod:`.response_parser` parses a
non-streamed body (and serves it as events when a host ignored ``stream=true``),
:mod:`.stream_parser` turns SSE bytes into neutral events, :mod:`.http_errors` maps failures
to typed errors, :mod:`.retry` decides when to retry, :mod:`.credentials` checks the key and
keeps it out of errors.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import ssl
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from . import forcing
from ._json import loads as _json_loads
from ._version import __version__
from .aiohttp_transport import AsyncTransportName, new_async_client, resolve_async_transport
from .catalog import ModelInfo, resolve_model
from .credentials import MASK, redact, require_api_key, resolve_api_key
from .deadline import AttemptDeadline, set_deadline
from .deadline import install as install_deadlines
from .dialects import (
    AnyStreamParser,
    build_body,
    dialect_model_info,
    parse_body,
    stream_parser,
)
from .direct_send import AsyncPost, DirectSender, Post, send
from .errors import MiniMaxError
from .http_errors import AttemptTimeout, append_note, check_answer, map_httpx_error
from .presets import Endpoint, Preset, resolve_endpoint
from .response_parser import result_as_events
from .retry import RetryPolicy
from .settings import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_STREAM_IDLE_TIMEOUT,
    DEFAULT_TIMEOUT,
    TransportSettings,
)
from .types import ChatRequest, ChatResult, StreamEvent

if TYPE_CHECKING:
    from pydantic import SecretStr

logger = logging.getLogger("minimax_transport")

USER_AGENT = f"minimax-integrations/{__version__}"


class MiniMaxClient:
    """Talks to a MiniMax-compatible ``/v1/chat/completions`` endpoint, or to MiniMax's
    Anthropic-compatible ``/anthropic/v1/messages`` (presets ``minimax-anthropic`` /
    ``minimax-cn-anthropic``, detected from a base URL ending in ``/anthropic``): same
    requests, results, events, errors and retries on both (:mod:`.dialects`).

    Args:
        api_key: key (``str`` or ``SecretStr``); default ``MINIMAX_API_KEY``. Checked at the
            first request, not here.
        base_url: default ``MINIMAX_BASE_URL``, else the preset's URL (international).
        preset: preset name or :class:`~minimax_transport.presets.Preset`; default detected
            from the base URL's host.
        timeout: seconds per attempt (``None``: 600 s); a non-streamed attempt ends then even
            if bytes keep trickling in (headers included, on the pools this object creates:
            with your own ``http_client`` the headers are bounded per read).
        connect_timeout: connect timeout in seconds (default 10 s, capped by ``timeout``).
        stream_idle_timeout: longest silence allowed inside a stream (default
            ``min(timeout, 300 s)``).
        max_retries: retries after the first attempt (so ``2`` means at most 3 requests).
        max_retry_after: longest ``Retry-After`` waited for (default 60 s); a longer one
            raises the ``RateLimitError`` at once.
        async_transport: ``"auto"`` (aiohttp when ``httpx-aiohttp`` is installed, else httpx),
            ``"aiohttp"`` or ``"httpx"``: the HTTP stack of the async pools this object
            creates (see :mod:`~minimax_transport.aiohttp_transport`). Sync stays on httpx.
        settings: all of the above as one :class:`~minimax_transport.settings.TransportSettings`
            (then the individual arguments must be left unset).
        default_headers: extra headers on every request.
        retry_policy: backoff delays and jitter; when given, its ``max_retries`` and
            ``max_retry_after`` replace the settings' (``client.settings`` reports them).
        http_client / async_http_client: your own httpx clients (proxies, transports, tests);
            they are used as given and never closed by this object.

    The pools this object creates are closed by :meth:`close` / :meth:`aclose` (or by using
    it as a context manager); an async pool is also closed when its event loop shuts down
    (``asyncio.run`` returning), so nothing is left open between ``asyncio.run`` calls.
        model_overrides: catalog fields to override for every model (e.g. ``context_window``).

    Example:
        >>> c = MiniMaxClient(api_key="sk-test", base_url="https://api.minimaxi.com/v1")
        >>> c.preset.name
        'minimax-cn'
    """

    def __init__(
        self,
        *,
        api_key: SecretStr | str | None = None,
        base_url: str | None = None,
        preset: str | Preset | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        stream_idle_timeout: float | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float | None = None,
        async_transport: AsyncTransportName = "auto",
        settings: TransportSettings | None = None,
        default_headers: dict[str, str] | None = None,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        model_overrides: dict[str, Any] | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self._api_key = resolve_api_key(api_key)
        self.endpoint: Endpoint = resolve_endpoint(base_url, preset)
        if settings is None:
            settings = TransportSettings(
                timeout=timeout,
                connect_timeout=connect_timeout,
                stream_idle_timeout=stream_idle_timeout,
                max_retries=max_retries,
                max_retry_after=max_retry_after,
                async_transport=async_transport,
            )
        if retry_policy is not None:  # one source of truth: the settings report its numbers
            settings = settings.replace(
                max_retries=retry_policy.max_retries, max_retry_after=retry_policy.max_retry_after
            )
        self.settings: TransportSettings = settings
        #: The stack of the async pools this object creates: ``"aiohttp"`` or ``"httpx"``.
        self.async_transport = resolve_async_transport(settings.async_transport)
        self.retry_policy = retry_policy or RetryPolicy(
            max_retries=settings.max_retries, max_retry_after=settings.retry_after_limit
        )
        self.default_headers = dict(default_headers or {})
        self.model_overrides = dict(model_overrides or {})
        self._model_infos: dict[str, tuple[dict[str, Any], ModelInfo]] = {}
        self._user_http_client = http_client
        self._user_async_http_client = async_http_client
        self._http_client: httpx.Client | None = None
        self._sync_sender: DirectSender[httpx.Client] | None = None
        self._async_clients: dict[int, _LoopPool] = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- introspection
    @property
    def preset(self) -> Preset:
        return self.endpoint.preset

    @property
    def base_url(self) -> str:
        return self.endpoint.base_url

    @property
    def api_key(self) -> SecretStr | None:
        return self._api_key

    @property
    def timeout(self) -> float:
        """Seconds per attempt (effective value)."""
        return self.settings.attempt_timeout

    @property
    def connect_timeout(self) -> float:
        return self.settings.connect

    @property
    def stream_idle_timeout(self) -> float:
        return self.settings.stream_idle

    @property
    def max_retries(self) -> int:
        return self.settings.max_retries

    def model_info(self, model: str) -> ModelInfo:
        """The catalog entry for ``model`` on this client's dialect, with its overrides applied
        (the overrides win); looked up once per model and overrides (a call needs it twice,
        ~10 µs each)."""
        overrides = self.model_overrides
        hit = self._model_infos.get(model)
        if hit is not None and hit[0] == overrides:
            return hit[1]
        info = dialect_model_info(resolve_model(model), self.preset).with_overrides(**overrides)
        if len(self._model_infos) >= 64:
            self._model_infos.clear()
        self._model_infos[model] = (dict(overrides), info)
        return info

    def build_body(self, request: ChatRequest, *, stream: bool) -> dict[str, Any]:
        """The JSON body that would be sent (validates the history first)."""
        return build_body(request, self.model_info(request.model), self.preset, stream=stream)

    def __repr__(self) -> str:
        return (
            f"MiniMaxClient(base_url={self.base_url!r}, preset={self.preset.name!r}, "
            f"api_key={MASK if self._api_key else None})"
        )

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        # Never pickle the key: an unpickled client reads MINIMAX_API_KEY again.
        state["_api_key"] = None
        state["_http_client"] = None
        state["_sync_sender"] = None
        state["_async_clients"] = {}
        state["_lock"] = None
        state["_user_http_client"] = None
        state["_user_async_http_client"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._api_key = resolve_api_key(None)
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- httpx plumbing
    def _timeout(self, *, stream: bool) -> httpx.Timeout:
        s = self.settings
        read = s.stream_idle if stream else s.attempt_timeout
        return httpx.Timeout(s.attempt_timeout, connect=s.connect, read=read)

    def _headers(self) -> dict[str, str]:
        key = require_api_key(self._api_key)
        # Bearer on both dialects: MiniMax's Messages reference declares Bearer auth, and an
        # x-api-key header was seen failing with 1033 on the China host where Bearer worked
        # (docs/anthropic-endpoint.md, 'Authentication').
        headers = {
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
            "User-Agent": USER_AGENT,
        }
        headers.update(self.default_headers)
        return headers

    def _sync_client(self) -> httpx.Client:
        if self._user_http_client is not None:
            return self._user_http_client
        client = self._http_client
        if client is None or client.is_closed:
            with self._lock:
                client = self._http_client
                if client is None or client.is_closed:
                    client = _new_pool(httpx.Client, self._timeout(stream=False))
                    install_deadlines(client)
                    self._sync_sender = DirectSender(client)
                    self._http_client = client
        return client

    def _sender(self) -> DirectSender[httpx.Client] | None:
        """The direct sender of the sync pool this object created (``None`` for yours)."""
        client = self._sync_client()
        sender = self._sync_sender
        return sender if sender is not None and sender.client is client else None

    def _post(self, payload: bytes, headers: dict[str, str], *, stream: bool) -> Any:
        """``with self._post(…) as response``: the POST to the endpoint, body unread."""
        url = _parsed_url(self.endpoint.url)
        timeout = self._timeout(stream=stream)
        sender = self._sender()
        if sender is None:
            client = self._sync_client()
            return client.stream("POST", url, content=payload, headers=headers, timeout=timeout)
        return Post(sender, sender.request(url, payload, headers, timeout))

    def _apost(self, payload: bytes, headers: dict[str, str], *, stream: bool) -> Any:
        """``async with self._apost(…) as response``: the async twin of :meth:`_post`."""
        url = _parsed_url(self.endpoint.url)
        timeout = self._timeout(stream=stream)
        if self._user_async_http_client is not None:
            return self._user_async_http_client.stream(
                "POST", url, content=payload, headers=headers, timeout=timeout
            )
        sender = self._async_pool().sender
        return AsyncPost(sender, sender.request(url, payload, headers, timeout))

    def _async_client(self) -> httpx.AsyncClient:
        if self._user_async_http_client is not None:
            return self._user_async_http_client
        return self._async_pool().client

    def _async_pool(self) -> _LoopPool:
        """The running event loop's pool this object created (made on first use)."""
        # An AsyncClient is bound to the event loop it first ran on: keep one per loop.
        import asyncio  # here, not at import time: sync-only users never load asyncio

        loop = asyncio.get_running_loop()
        entry = self._async_clients.get(id(loop))
        if entry is not None and entry.loop is loop and not entry.client.is_closed:
            return entry
        for key, old in list(self._async_clients.items()):
            if old.loop.is_closed() or old.client.is_closed:
                del self._async_clients[key]
        client = _new_pool(
            httpx.AsyncClient,
            self._timeout(stream=False),
            aiohttp=self.async_transport == "aiohttp",
        )
        entry = _LoopPool(loop, client, _close_at_loop_shutdown(client), DirectSender(client))
        self._async_clients[id(loop)] = entry
        return entry

    def close(self) -> None:
        """Close the httpx clients this object created (not the ones you passed in).

        Async pools of event loops that are no longer running are forgotten (they were
        closed when their loop shut down); a pool of a running loop needs :meth:`aclose`.
        """
        if self._http_client is not None:
            self._http_client.close()
            self._http_client = None
        for key, entry in list(self._async_clients.items()):
            if not entry.loop.is_running():
                del self._async_clients[key]

    async def aclose(self) -> None:
        """Close the pools this object created: the current event loop's async pool (and the
        sync pool). Pools of other loops are closed when those loops shut down."""
        import asyncio

        loop = asyncio.get_running_loop()
        entry = self._async_clients.pop(id(loop), None)
        if entry is not None and entry.loop is loop:
            await entry.closer.aclose()  # closes the pool
            await entry.client.aclose()
        self.close()

    def __enter__(self) -> MiniMaxClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> MiniMaxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _redact(self, exc: MiniMaxError) -> MiniMaxError:
        return redact(exc, self._api_key)

    def _next_delay(
        self,
        exc: MiniMaxError | httpx.HTTPError,
        attempt: int,
        *,
        stream: bool,
        delivered: bool = False,
        request_id: str | None = None,
    ) -> float:
        """Seconds to wait before the next attempt, or raise the typed error: the one retry
        decision shared by the four call paths. A stream whose first event reached the caller
        (``delivered``) is never retried."""
        policy = self.retry_policy
        if isinstance(exc, MiniMaxError):
            if delivered:
                raise exc
            delay = policy.next_delay(exc, attempt)
            if delay is None:
                if (
                    exc.retryable
                    and attempt < policy.max_retries
                    and exc.retry_after is not None
                    and exc.retry_after > policy.max_retry_after
                ):
                    append_note(
                        exc,
                        f"Retry-After is {exc.retry_after:g} s, longer than max_retry_after="
                        f"{policy.max_retry_after:g} s: not retried",
                    )
                raise exc
        else:
            err = map_httpx_error(
                exc,
                self.endpoint.url,
                self.settings,
                attempts=attempt + 1,
                stream=stream,
                delivered=delivered,
            )
            if request_id is not None:
                err.request_id = request_id
            delay = None if delivered else policy.next_delay(err, attempt)
            if delay is None:
                raise err from exc
        logger.debug("retrying MiniMax request in %.2fs (attempt %d)", delay, attempt + 1)
        return delay

    # ---------------------------------------------------------------- request helpers
    def _prepare(self, request: ChatRequest, *, stream: bool) -> tuple[bytes, ModelInfo]:
        info = self.model_info(request.model)
        body = build_body(request, info, self.preset, stream=stream)
        return json.dumps(body, ensure_ascii=False).encode("utf-8"), info

    # ---------------------------------------------------------------- sync API
    def complete(self, request: ChatRequest) -> ChatResult:
        """One non-streamed completion (with retries and tool-choice emulation)."""
        try:
            result = self._complete_once(request)
            info = self.model_info(request.model)
            if forcing.needs_retry(request, info, result):
                result = self._complete_once(forcing.retry_request(request))
                forcing.check_result(request, info, result)
            return result
        except MiniMaxError as exc:
            raise self._redact(exc) from exc.__cause__

    def _complete_once(self, request: ChatRequest) -> ChatResult:
        payload, info = self._prepare(request, stream=False)
        headers = self._headers()
        attempt = 0
        while True:
            try:
                deadline = time.monotonic() + self.settings.attempt_timeout
                url, timeout = _parsed_url(self.endpoint.url), self._timeout(stream=False)
                sender = self._sender()
                if sender is None:
                    client = self._sync_client()
                    http_request = client.build_request(
                        "POST", url, content=payload, headers=headers, timeout=timeout
                    )
                else:
                    http_request = sender.request(url, payload, headers, timeout)
                # Headers and body end at the attempt's deadline (see .deadline).
                set_deadline(http_request, deadline)
                if sender is None:
                    response = client.send(http_request, stream=True)
                else:
                    response = send(sender, http_request)
                try:
                    content = _read_body(response, deadline)
                finally:
                    response.close()
                return _handle_completion_response(
                    response.status_code,
                    content,
                    response.headers,
                    request,
                    info,
                    self.preset,
                    self.endpoint,
                )
            except (MiniMaxError, httpx.HTTPError) as exc:
                delay = self._next_delay(exc, attempt, stream=False)
            time.sleep(delay)
            attempt += 1

    def stream(self, request: ChatRequest) -> Iterator[StreamEvent]:
        """Stream neutral events; the last one is :class:`~minimax_transport.types.Finish`.

        Retried only while no event has reached the caller. Closing the generator closes the
        HTTP response.
        """
        try:
            yield from self._stream(request)
        except MiniMaxError as exc:
            raise self._redact(exc) from exc.__cause__

    def _stream(self, request: ChatRequest) -> Iterator[StreamEvent]:
        payload, info = self._prepare(request, stream=True)
        headers = self._headers()
        attempt = 0
        while True:
            delivered = False
            request_id: str | None = None
            try:
                with self._post(payload, headers, stream=True) as response:
                    if response.status_code >= 400 or not _is_event_stream(response):
                        body = response.read()
                        result = _handle_completion_response(
                            response.status_code,
                            body,
                            response.headers,
                            request,
                            info,
                            self.preset,
                            self.endpoint,
                            stream=True,
                        )
                        # A host that ignored stream=true: replay the whole result as events.
                        for event in result_as_events(result):
                            delivered = True
                            yield event
                        return
                    request_id = _request_id(response.headers)
                    parser = stream_parser(request, info, self.preset, request_id=request_id)
                    try:
                        for chunk in _body_chunks(response):
                            for event in parser.feed(chunk):
                                delivered = True
                                yield event
                            if parser.done:
                                break
                    except httpx.HTTPError as exc:
                        _end_after_finish(parser, exc)
                    for event in parser.close():
                        delivered = True
                        yield event
                    forcing.check_result(request, info, parser.result)
                    return
            except (MiniMaxError, httpx.HTTPError) as exc:
                delay = self._next_delay(
                    exc, attempt, stream=True, delivered=delivered, request_id=request_id
                )
            time.sleep(delay)
            attempt += 1

    # ---------------------------------------------------------------- async API
    async def acomplete(self, request: ChatRequest) -> ChatResult:
        """Async twin of :meth:`complete`."""
        try:
            result = await self._acomplete_once(request)
            info = self.model_info(request.model)
            if forcing.needs_retry(request, info, result):
                result = await self._acomplete_once(forcing.retry_request(request))
                forcing.check_result(request, info, result)
            return result
        except MiniMaxError as exc:
            raise self._redact(exc) from exc.__cause__

    async def _acomplete_once(self, request: ChatRequest) -> ChatResult:
        payload, info = self._prepare(request, stream=False)
        headers = self._headers()
        attempt = 0
        while True:
            try:
                status, content, resp_headers = await _apost_within(
                    self._apost(payload, headers, stream=False), self.settings.attempt_timeout
                )
                return _handle_completion_response(
                    status, content, resp_headers, request, info, self.preset, self.endpoint
                )
            except (MiniMaxError, httpx.HTTPError) as exc:
                delay = self._next_delay(exc, attempt, stream=False)
            await _async_sleep(delay)
            attempt += 1

    async def astream(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        """Async twin of :meth:`stream`. Cancelling or breaking out closes the response."""
        gen = self._astream(request)
        try:
            async for event in gen:
                yield event
        except MiniMaxError as exc:
            raise self._redact(exc) from exc.__cause__
        finally:
            await gen.aclose()

    async def _astream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        payload, info = self._prepare(request, stream=True)
        headers = self._headers()
        attempt = 0
        while True:
            delivered = False
            request_id: str | None = None
            try:
                async with self._apost(payload, headers, stream=True) as response:
                    if response.status_code >= 400 or not _is_event_stream(response):
                        body = await response.aread()
                        result = _handle_completion_response(
                            response.status_code,
                            body,
                            response.headers,
                            request,
                            info,
                            self.preset,
                            self.endpoint,
                            stream=True,
                        )
                        for event in result_as_events(result):
                            delivered = True
                            yield event
                        return
                    request_id = _request_id(response.headers)
                    parser = stream_parser(request, info, self.preset, request_id=request_id)
                    try:
                        async for chunk in _abody_chunks(response):
                            for event in parser.feed(chunk):
                                delivered = True
                                yield event
                            if parser.done:
                                break
                    except httpx.HTTPError as exc:
                        _end_after_finish(parser, exc)
                    for event in parser.close():
                        delivered = True
                        yield event
                    forcing.check_result(request, info, parser.result)
                    return
            except (MiniMaxError, httpx.HTTPError) as exc:
                delay = self._next_delay(
                    exc, attempt, stream=True, delivered=delivered, request_id=request_id
                )
            await _async_sleep(delay)
            attempt += 1


# -------------------------------------------------------------------- module helpers


@dataclasses.dataclass(slots=True)
class _LoopPool:
    """An event loop's async pool, and the suspended async generator that closes it when the
    loop shuts down its async generators (``asyncio.run`` does, before closing the loop)."""

    loop: Any
    client: httpx.AsyncClient
    closer: AsyncGenerator[None, None]
    sender: DirectSender[httpx.AsyncClient]


def _close_at_loop_shutdown(client: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    """An async generator, started inside the running loop (so the loop tracks it) and parked
    at its ``yield``: when the loop runs ``shutdown_asyncgens()`` it is closed, and its
    ``finally`` closes ``client`` while the loop still runs — no pool outlives its loop."""

    async def closer() -> AsyncGenerator[None, None]:
        try:
            yield
        finally:
            if not client.is_closed:
                await client.aclose()

    gen = closer()
    try:
        gen.asend(None).send(None)  # runs to the ``yield``; no await happens before it
    except StopIteration:
        pass
    return gen


def _handle_completion_response(
    status_code: int,
    content: bytes | bytearray,
    headers: httpx.Headers,
    request: ChatRequest,
    info: ModelInfo,
    preset: Preset,
    endpoint: Endpoint | None = None,
    *,
    stream: bool = False,
) -> ChatResult:
    """The result of a read, non-streamed answer (or the typed error it carries)."""
    request_id = _request_id(headers)
    body = check_answer(
        status_code,
        _take_json_body(content),
        headers,
        endpoint,
        request_id=request_id,
        stream=stream,
    )
    result = parse_body(body, request, info, preset)
    result.request_id = result.request_id or request_id
    return result


_PoolT = TypeVar("_PoolT", httpx.Client, httpx.AsyncClient)


def _new_pool(cls: type[_PoolT], timeout: httpx.Timeout, *, aiohttp: bool = False) -> _PoolT:
    """The one place the transport creates an httpx client (sync or async; an async one on
    aiohttp's sockets when ``aiohttp``)."""
    if cls is httpx.Client:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
    else:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=64)
        if aiohttp:
            return new_async_client(timeout, limits, _ssl_context())  # type: ignore[return-value]
    return cls(verify=_ssl_context(), timeout=timeout, limits=limits)


@functools.lru_cache(maxsize=64)
def _parsed_url(url: str) -> httpx.URL:
    """``url`` parsed once: httpx parses a ``str`` URL again on every request (~15 µs)."""
    return httpx.URL(url)


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """One default SSL context for every pool this module creates: loading the CA bundle
    costs ~40 ms, and a new async pool is made per event loop (``asyncio.run`` per call)."""
    return httpx.create_ssl_context()


def _end_after_finish(parser: AnyStreamParser, exc: httpx.HTTPError) -> None:
    """A read error after the answer already ended (finish reason seen) only loses the trailing
    usage chunk: end the stream normally. Before that, it is an interruption: re-raise."""
    if not parser.complete:
        raise exc
    parser.end_input()  # drop any half-received trailing event
    logger.debug("MiniMax stream ended uncleanly after its finish: %s", type(exc).__name__)


def _request_id(headers: httpx.Headers) -> str | None:
    for name in ("x-request-id", "request-id", "trace-id", "x-trace-id", "minimax-request-id"):
        value = headers.get(name)
        if value:
            return str(value)
    return None


async def _async_sleep(delay: float) -> None:
    import asyncio

    await asyncio.sleep(delay)


def _body_chunks(response: httpx.Response) -> Iterator[bytes]:
    """The body as it arrives: ``iter_raw`` (no decoder layer, ~0.3 µs less per chunk) unless
    the body is content-encoded (a gzipping proxy), where ``iter_bytes`` decodes it."""
    if response.headers.get("content-encoding", "identity").strip().lower() == "identity":
        return response.iter_raw()
    return response.iter_bytes()


def _abody_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    if response.headers.get("content-encoding", "identity").strip().lower() == "identity":
        return response.aiter_raw()
    return response.aiter_bytes()


def _is_event_stream(response: httpx.Response) -> bool:
    """Whether a stream request's answer is read as SSE. JSON (a host that ignored
    ``stream=true``, or an error envelope) and HTML (a proxy's error page) are not."""
    ctype = response.headers.get("content-type", "").lower()
    return "json" not in ctype and "html" not in ctype


_DEADLINE_SLACK = 0.1


def _read_body(response: httpx.Response, deadline: float) -> bytes:
    """The whole (decoded) body, or :class:`AttemptTimeout` once ``deadline`` passes: httpx's
    read timeout bounds each read, not the attempt, so a trickled body is cut off here. One
    growing buffer, no list of chunks to join."""
    # Each body read may wait only for what is left of the attempt: httpcore reads the
    # request's timeout mapping when the body is first iterated, so shrink it now (without
    # effect on transports that do not read it; the check below still ends the attempt).
    timeouts = response.request.extensions.get("timeout")
    if isinstance(timeouts, dict):
        timeouts["read"] = AttemptDeadline(max(0.001, deadline - time.monotonic()), deadline)
    buf = bytearray()
    try:
        for chunk in response.iter_bytes():
            buf += chunk
            if time.monotonic() > deadline:
                raise AttemptTimeout("attempt deadline passed", request=response.request)
    except httpx.ReadTimeout as exc:
        raise AttemptTimeout("attempt deadline passed", request=response.request) from exc
    return buf  # type: ignore[return-value]  # bytes-like; json decoders accept it


async def _apost_within(post: Any, seconds: float) -> tuple[int, bytes, httpx.Headers]:
    """Enter ``post`` (an unsent POST, :meth:`MiniMaxClient._apost`) and read the whole body
    within ``seconds`` (one deadline for the attempt)."""
    import asyncio

    async def attempt() -> tuple[int, bytes, httpx.Headers]:
        async with post as response:
            buf = bytearray()
            async for chunk in response.aiter_bytes():
                buf += chunk
            return response.status_code, buf, response.headers  # type: ignore[return-value]

    # A hair later than httpx's own timeouts (connect and each read are bounded by the same
    # ``seconds``), so those fire first and name their phase; this catches a trickle.
    # ``asyncio.timeout`` (3.11+) runs the attempt in the caller's task; ``wait_for`` before
    # 3.12 wraps it in a second task per call.
    limit = seconds + _DEADLINE_SLACK
    within = getattr(asyncio, "timeout", None)
    try:
        if within is None:
            return await asyncio.wait_for(attempt(), limit)
        async with within(limit):
            return await attempt()
    except asyncio.TimeoutError:
        raise AttemptTimeout("attempt deadline passed") from None


#: Bodies from this size up are parsed by the stdlib from one decoded ``str`` (see
#: :func:`_take_json_body`); smaller ones by the fast decoder of :mod:`._json`.
LARGE_BODY_BYTES = 1 << 20


def _take_json_body(buffer: bytes | bytearray) -> Any:
    """The read body as JSON (as text when it is not JSON; ``None`` if empty).

    Memory on huge answers: the body arrives in one growing ``bytearray`` (see
    :func:`_read_body`), which is emptied as soon as it is decoded, so the raw bytes are not
    kept beside the text while it is parsed; a large body is then parsed by the stdlib from
    that one ``str`` (``orjson`` reserves several times the input size up front, and
    ``json.loads(bytes)`` would decode a second copy). Peak: about twice the body, once.
    """
    content = buffer
    if not content:
        return None
    if len(content) < LARGE_BODY_BYTES:
        try:
            return _json_loads(content)
        except (ValueError, UnicodeDecodeError):
            return content.decode("utf-8", "replace")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return json.loads(content)  # UTF-16/32, which the stdlib detects
        except ValueError:
            return content.decode("utf-8", "replace")
    del content
    if isinstance(buffer, bytearray):
        buffer.clear()  # the caller's reference must not keep the raw bytes alive either
    try:
        return json.loads(text)
    except ValueError:
        return text


__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_STREAM_IDLE_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "MiniMaxClient",
    "TransportSettings",
]
