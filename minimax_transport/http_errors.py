"""HTTP-level failures as typed errors: httpx exceptions, error statuses and bodies that are
not a MiniMax answer (docs/wire-format.md, 'Errors').

The client moves bytes and asks this module what a failure means: :func:`map_httpx_error`
for a transport exception (timeouts name their phase and setting), :func:`check_answer` for a
read body (HTTP error status, an HTML page, a non-object body, an error envelope inside an
HTTP 200). Messages name the host and path, never a query string, userinfo or key.

Example:
    >>> import httpx
    >>> from minimax_transport.settings import TransportSettings
    >>> err = map_httpx_error(httpx.ConnectTimeout("slow"), "https://api.minimax.io/v1/x",
    ...                       TransportSettings(), attempts=3, stream=False)
    >>> type(err).__name__, err.retryable
    ('APITimeoutError', True)
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import httpx

from .errors import (
    APIConnectionError,
    APITimeoutError,
    MiniMaxError,
    ResponseFormatError,
    StreamInterruptedError,
    base_resp_error,
    error_from_body,
)
from .messages_parser import messages_error
from .retry import parse_retry_after

if TYPE_CHECKING:
    from .presets import Endpoint
    from .settings import TransportSettings


class AttemptTimeout(httpx.TimeoutException):
    """A non-streamed attempt outlived ``timeout`` while its body was still arriving."""


@functools.lru_cache(maxsize=64)
def where(url: str) -> str:
    """``host[:port]/path`` of a URL, for error messages (never a query string or userinfo);
    cached, an endpoint has one URL."""
    u = httpx.URL(url)
    port = f":{u.port}" if u.port else ""
    return f"{u.host}{port}{u.path}"


def _attempts(n: int) -> str:
    return f"{n} attempt" if n == 1 else f"{n} attempts"


def append_note(exc: MiniMaxError, note: str) -> None:
    """Add ``(note)`` to an error's message (and its ``args``)."""
    exc.message = f"{exc.message} ({note})" if exc.message else note
    exc.args = (str(exc),)


def not_found_hint(endpoint: Endpoint) -> str:
    """What a 404 most likely means: a base URL without ``/v1`` (chat dialect)."""
    base = endpoint.base_url.rstrip("/")
    hint = f"POST {endpoint.url} not found"
    if endpoint.preset.dialect == "chat" and not base.endswith("/v1"):
        hint += f"; did you mean {base}/v1?"
    return hint


def check_answer(
    status_code: int,
    body: Any,
    headers: httpx.Headers,
    endpoint: Endpoint | None,
    *,
    request_id: str | None,
    stream: bool = False,
) -> dict[str, Any]:
    """The decoded body of a read answer if it is a MiniMax answer; else raise its typed error
    (HTTP error status, HTML where a stream was asked for, not a JSON object, error
    envelope with HTTP 200)."""
    place = where(endpoint.url) if endpoint is not None else "MiniMax"
    if status_code >= 400:
        err = error_from_body(
            status_code,
            body,
            request_id=request_id,
            fallback_message=f"MiniMax request to {place} failed",
        )
        err.retry_after = parse_retry_after(headers.get("retry-after"))
        if status_code == 404 and endpoint is not None:
            append_note(err, not_found_hint(endpoint))
        raise err
    ctype = headers.get("content-type", "").lower() if stream else ""
    if stream and "html" in ctype:
        raise ResponseFormatError(
            f"{place} answered a stream request with {ctype.split(';')[0] or 'HTML'}, not an "
            "event stream (text/event-stream): probably a proxy or gateway page, not MiniMax. "
            f"Body starts: {str(body)[:200]!r}",
            status_code=status_code,
            request_id=request_id,
            body=body,
        )
    if not isinstance(body, dict):
        raise ResponseFormatError(
            f"{place} returned a body that is not a JSON object",
            status_code=status_code,
            request_id=request_id,
            body=body,
        )
    if endpoint is not None and endpoint.preset.dialect == "messages":
        envelope_error = messages_error(body, status_code)
    else:
        envelope_error = base_resp_error(body, status_code)
    if envelope_error is not None:
        envelope_error.request_id = envelope_error.request_id or request_id
        raise envelope_error
    return body


def map_httpx_error(
    exc: httpx.HTTPError,
    url: str,
    settings: TransportSettings,
    *,
    attempts: int,
    stream: bool,
    delivered: bool = False,
) -> MiniMaxError:
    """The typed error for an httpx failure, naming where (host and path) and how often."""
    place = where(url)
    tries = _attempts(attempts)
    kind = type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        return APITimeoutError(
            f"Could not reach {place} ({tries}): no connection within "
            f"connect_timeout={settings.connect:g}s"
        )
    if isinstance(exc, AttemptTimeout):
        return APITimeoutError(
            f"MiniMax request to {place} timed out ({tries}): the answer was not complete "
            f"within timeout={settings.attempt_timeout:g}s"
        )
    if isinstance(exc, httpx.ReadTimeout):
        if stream:
            return APITimeoutError(
                f"MiniMax stream from {place} timed out ({tries}): silent for longer than "
                f"stream_idle_timeout={settings.stream_idle:g}s"
            )
        return APITimeoutError(
            f"MiniMax request to {place} timed out ({tries}): no answer within "
            f"timeout={settings.attempt_timeout:g}s"
        )
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"MiniMax request to {place} timed out ({tries}): {kind}")
    if delivered:
        return StreamInterruptedError(f"MiniMax stream from {place} interrupted: {kind}: {exc}")
    return APIConnectionError(f"Could not reach {place} ({tries}): {kind}: {exc}")


__all__ = [
    "AttemptTimeout",
    "append_note",
    "check_answer",
    "map_httpx_error",
    "not_found_hint",
    "where",
]
