"""Typed errors, and the mapping from MiniMax's error envelopes to them.

See docs/wire-format.md, 'Errors' ('Error envelopes', 'Error codes and retryability'). The
hierarchy::

    MiniMaxError
    ├── AuthenticationError
    │   ├── PermissionDeniedError
    │   ├── MissingAPIKeyError
    │   └── InvalidAPIKeyError
    ├── InsufficientBalanceError
    ├── RateLimitError                          retried
    ├── ContentFilterError
    ├── BadRequestError
    │   ├── ContextWindowExceededError
    │   ├── InvalidRequestError  (also ValueError)
    │   │   └── UnsupportedFeatureError
    │   └── NotFoundError
    ├── ModelNotOnPlanError
    ├── ServerError                             retried
    ├── APIConnectionError                      retried
    │   └── APITimeoutError                     retried
    ├── StreamInterruptedError
    ├── ResponseFormatError
    ├── ToolChoiceNotHonouredError
    └── ReasoningBudgetExhaustedError

(``APITimeoutError`` is an ``APIConnectionError``, as in the openai and anthropic SDKs: catch
it first when both need handling.) Whether an error is retried is decided by one table,
:data:`RETRYABLE` below — by class, MiniMax code or HTTP status.

Every failure reaches the caller as a :class:`MiniMaxError` subclass carrying
``status_code`` (HTTP status or ``None``), ``code`` (MiniMax numeric code or ``None``),
``message`` and ``request_id``. Messages never contain the API key.

Example:
    >>> err = error_from_body(400, {"type": "error", "error": {"type": "bad_request_error",
    ...     "message": "invalid params, context window exceeds limit (2013)"}})
    >>> type(err).__name__, err.code
    ('ContextWindowExceededError', 2013)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_CODE_RE = re.compile(r"\((\d{3,6})\)\s*$")

RATE_LIMIT_CODES = frozenset({1002, 1039, 2045, 2056, 1041})
TRANSIENT_CODES = frozenset({1000, 1001, 1013, 1024, 1033})
AUTH_CODES = frozenset({1004, 2049})
BALANCE_CODES = frozenset({1008, 1028, 1030})
CONTENT_FILTER_CODES = frozenset({1026, 1027, 1042})
BAD_REQUEST_CODES = frozenset({2013, 20132})
PLAN_CODES = frozenset({2061})
#: HTTP statuses worth retrying whatever the error class (part of :data:`RETRYABLE`).
RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504, 520, 522, 524, 529})
#: MiniMax codes worth retrying: those of the retried classes (rate limits, transient server
#: errors), so a code and its class never disagree (part of :data:`RETRYABLE`).
RETRYABLE_CODES = RATE_LIMIT_CODES | TRANSIENT_CODES


class MiniMaxError(Exception):
    """Base of every error this package raises.

    Attributes: ``message``, ``status_code`` (HTTP), ``code`` (MiniMax numeric code),
    ``request_id``, ``retryable``.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: int | None = None,
        request_id: str | None = None,
        body: Any = None,
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.body = body
        #: Seconds to wait before retrying, from a ``Retry-After`` header (``None`` if absent).
        self.retry_after: float | None = None
        super().__init__(self.__str__())

    @property
    def retryable(self) -> bool:
        """Worth retrying, per the one table :data:`RETRYABLE` (class, code or status)."""
        return RETRYABLE.covers(self)

    def __str__(self) -> str:
        parts = []
        if self.status_code is not None:
            parts.append(f"HTTP {self.status_code}")
        if self.code is not None:
            parts.append(f"MiniMax code {self.code}")
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        suffix = f" [{', '.join(parts)}]" if parts else ""
        return f"{self.message}{suffix}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_error,
            (type(self), self.message, self.status_code, self.code, self.request_id),
        )


def _rebuild_error(
    cls: type[MiniMaxError],
    message: str,
    status_code: int | None,
    code: int | None,
    request_id: str | None,
) -> MiniMaxError:
    return cls(message, status_code=status_code, code=code, request_id=request_id)


class AuthenticationError(MiniMaxError):
    """Bad, missing or region-mismatched API key (1004, 2049, HTTP 401/403)."""


class PermissionDeniedError(AuthenticationError):
    """HTTP 403 without a MiniMax key code: the key is valid but may not make this request."""


class MissingAPIKeyError(AuthenticationError):
    """No API key was given and ``MINIMAX_API_KEY`` is not set."""


class InvalidAPIKeyError(AuthenticationError):
    """The API key cannot be sent as an HTTP header (a line break, a control character, a
    space or a non-ASCII character inside it, once surrounding whitespace is stripped).

    Raised before any request and never retried; the message says what is wrong and where,
    never the key itself.

    Example:
        >>> from minimax_transport.credentials import require_api_key
        >>> from pydantic import SecretStr
        >>> try:
        ...     require_api_key(SecretStr("sk-abc\u201d"))
        ... except InvalidAPIKeyError as exc:
        ...     print(exc.message.split(";")[0])
        The MiniMax API key contains a non-ASCII character (U+201D) at position 7 of 7
    """


class InsufficientBalanceError(MiniMaxError):
    """The account has no balance left (1008, HTTP 402)."""


class RateLimitError(MiniMaxError):
    """Rate, token or usage limit (1002, 1039, 1041, 2045, 2056, HTTP 429). Retried."""


class ContentFilterError(MiniMaxError):
    """Input or output refused by the sensitivity filter (1026, 1027, 1042). Not retried.

    ``partial_text`` is the answer text MiniMax sent before it cut the answer
    (``finish_reason: "content_filter"``), ``""`` when nothing was sent. A stream raises this at
    its end, after the text deltas already delivered; ``partial_text`` is the whole of it.

    Example:
        >>> err = ContentFilterError("filtered", code=1027, partial_text="Once upon")
        >>> err.partial_text, err.retryable
        ('Once upon', False)
    """

    def __init__(self, message: str, *, partial_text: str = "", **kwargs: Any) -> None:
        #: The answer text received before the filter cut it (``""`` if none).
        self.partial_text = partial_text
        super().__init__(message, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_content_filter_error,
            (
                type(self),
                self.message,
                self.status_code,
                self.code,
                self.request_id,
                self.partial_text,
            ),
        )


def _rebuild_content_filter_error(
    cls: type[ContentFilterError],
    message: str,
    status_code: int | None,
    code: int | None,
    request_id: str | None,
    partial_text: str,
) -> ContentFilterError:
    return cls(
        message,
        status_code=status_code,
        code=code,
        request_id=request_id,
        partial_text=partial_text,
    )


class BadRequestError(MiniMaxError):
    """Invalid parameters (2013, HTTP 400/422). Not retried."""


class ContextWindowExceededError(BadRequestError):
    """The prompt is longer than the model's context window (2013 'context window exceeds')."""


class InvalidRequestError(BadRequestError, ValueError):
    """The request was refused client-side before anything was sent (bad history, n > 1,
    unknown role…). Also a ``ValueError``, Python's convention for bad arguments."""


class UnsupportedFeatureError(InvalidRequestError):
    """The request asks for something the model's catalog entry says MiniMax would silently
    ignore (``response_format`` on M2.x, an image for a text-only model). Refused before
    anything is sent, instead of an answer that quietly lacks it.

    Attributes: ``model`` and ``feature`` (``"response_format"``, ``"image_input"``).

    Example:
        >>> err = UnsupportedFeatureError("no images", model="MiniMax-M2.7", feature="image_input")
        >>> err.model, err.feature, isinstance(err, ValueError)
        ('MiniMax-M2.7', 'image_input', True)
    """

    def __init__(self, message: str, *, model: str = "", feature: str = "", **kw: Any) -> None:
        super().__init__(message, **kw)
        self.model = model
        self.feature = feature


class ModelNotOnPlanError(MiniMaxError):
    """The model is not available on the key's plan (2061)."""


class NotFoundError(BadRequestError):
    """Unknown endpoint (HTTP 404): usually a wrong base URL."""


class ServerError(MiniMaxError):
    """Server-side failure or overload (1000, 1001, 1013, 1024, 1033, HTTP 5xx). Retried."""


class APIConnectionError(MiniMaxError):
    """The connection failed or was reset. Retried (a stream only before its first event)."""


class APITimeoutError(APIConnectionError):
    """Connect, read or stream-idle timeout (a kind of connection error, as in the openai and
    anthropic SDKs). Retried (a stream only before its first event)."""


class StreamInterruptedError(MiniMaxError):
    """The stream ended (reset, EOF, malformed event) before a finish reason or ``[DONE]``."""


class ResponseFormatError(MiniMaxError):
    """The server answered with something that is not a MiniMax response (bad JSON, no choices)."""


class ToolChoiceNotHonouredError(MiniMaxError):
    """A tool call was required (``tool_choice``) but the model answered without one, even
    after the emulated forcing (docs/wire-format.md, 'tool_choice and forcing emulation')."""


class ReasoningBudgetExhaustedError(MiniMaxError):
    """``finish_reason == "length"`` with no visible answer and no tool call: the reasoning
    used the whole ``max_tokens`` budget (docs/wire-format.md, 'Output budget'). Raise
    ``max_tokens``."""


@dataclass(frozen=True)
class RetryTable:
    """Which errors are worth retrying: an error is when its class is one of ``classes``, its
    MiniMax code one of ``codes`` or its HTTP status one of ``statuses``. The retry policy
    (:mod:`.retry`) asks nothing else.

    Example:
        >>> RETRYABLE.covers(BadRequestError("busy", status_code=409))
        True
        >>> RETRYABLE.covers(RateLimitError("connection limit", code=1041))
        True
    """

    classes: tuple[type[MiniMaxError], ...]
    codes: frozenset[int]
    statuses: frozenset[int]

    def covers(self, error: MiniMaxError) -> bool:
        return (
            isinstance(error, self.classes)
            or (error.code is not None and error.code in self.codes)
            or (error.status_code is not None and error.status_code in self.statuses)
        )


#: The one retryability table (docs/wire-format.md, 'Error codes and retryability').
RETRYABLE = RetryTable(
    classes=(RateLimitError, ServerError, APIConnectionError),
    codes=RETRYABLE_CODES,
    statuses=RETRYABLE_STATUS,
)


def parse_code(message: str) -> int | None:
    """The MiniMax code written as ``(NNNN)`` at the end of an error message, if any."""
    m = _CODE_RE.search(message.strip())
    return int(m.group(1)) if m else None


def class_for(status_code: int | None, code: int | None, message: str = "") -> type[MiniMaxError]:
    """The error class for an HTTP status and/or MiniMax code."""
    if code is not None:
        if code in AUTH_CODES:
            return AuthenticationError
        if code in BALANCE_CODES:
            return InsufficientBalanceError
        if code in RATE_LIMIT_CODES:
            return RateLimitError
        if code in CONTENT_FILTER_CODES:
            return ContentFilterError
        if code in PLAN_CODES:
            return ModelNotOnPlanError
        if code in TRANSIENT_CODES:
            return ServerError
        if code in BAD_REQUEST_CODES:
            if "context window" in message or "context length" in message:
                return ContextWindowExceededError
            return BadRequestError
    if status_code is not None:
        if status_code == 401:
            return AuthenticationError
        if status_code == 403:
            return PermissionDeniedError
        if status_code == 402:
            return InsufficientBalanceError
        if status_code == 429:
            return RateLimitError
        if status_code == 404:
            return NotFoundError
        if status_code == 408:
            return APITimeoutError
        if status_code == 422 and "sensitive" in message:
            return ContentFilterError
        if status_code in (400, 413, 422):
            if "context window" in message or "context length" in message:
                return ContextWindowExceededError
            return BadRequestError
        if status_code >= 500:
            return ServerError
    return MiniMaxError


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def error_from_body(
    status_code: int | None,
    body: Any,
    *,
    request_id: str | None = None,
    fallback_message: str = "",
) -> MiniMaxError:
    """Build the typed error for an error body (any envelope of docs/wire-format.md, 'Error
    envelopes') or a raw text body."""
    message = ""
    code: int | None = None
    if isinstance(body, dict):
        request_id = request_id or _str_or_none(body.get("request_id"))
        err = body.get("error")
        base = body.get("base_resp")
        if isinstance(err, dict):
            message = str(err.get("message") or err.get("type") or "")
            code = _as_int(err.get("code"))
            http_code = _as_int(err.get("http_code"))
            if status_code is None or status_code == 200:
                status_code = http_code if http_code is not None else status_code
        elif isinstance(err, str):
            message = err
        if isinstance(base, dict) and _as_int(base.get("status_code")):
            code = code or _as_int(base.get("status_code"))
            message = message or str(base.get("status_msg") or "")
        if code is None and message:
            code = parse_code(message)
    elif isinstance(body, str):
        message = body.strip()[:500]
        code = parse_code(message)
    if not message:
        message = fallback_message or "MiniMax request failed"
    cls = class_for(status_code, code, message)
    return cls(message, status_code=status_code, code=code, request_id=request_id, body=body)


def base_resp_error(body: Any, status_code: int | None = 200) -> MiniMaxError | None:
    """The error carried by an HTTP-200 body or stream event, or ``None`` if it is a success:
    ``base_resp.status_code != 0`` or an ``error`` object (docs/wire-format.md, 'Error
    envelopes')."""
    if not isinstance(body, dict):
        return None
    err = body.get("error")
    if err:
        return error_from_body(status_code, body)
    base = body.get("base_resp")
    if isinstance(base, dict):
        sc = _as_int(base.get("status_code"))
        if sc:
            return error_from_body(status_code, body)
    return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


__all__ = [
    "RETRYABLE",
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ContentFilterError",
    "ContextWindowExceededError",
    "InsufficientBalanceError",
    "InvalidAPIKeyError",
    "InvalidRequestError",
    "MiniMaxError",
    "MissingAPIKeyError",
    "ModelNotOnPlanError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ReasoningBudgetExhaustedError",
    "ResponseFormatError",
    "RetryTable",
    "ServerError",
    "StreamInterruptedError",
    "ToolChoiceNotHonouredError",
    "UnsupportedFeatureError",
    "base_resp_error",
    "class_for",
    "error_from_body",
    "parse_code",
]
