"""The API key: where it is read from, whether it can be sent, and keeping it out of errors.

See docs/wire-format.md, 'Authentication'. The key is held as a pydantic ``SecretStr``, read
from the argument or ``MINIMAX_API_KEY``, checked at the first request (never at
construction), and removed from any error text that echoes it (:func:`redact`).

Example:
    >>> key = resolve_api_key(" sk-abc\\n")
    >>> key.get_secret_value(), str(key)
    ('sk-abc', '**********')
    >>> require_api_key(key)
    'sk-abc'
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .errors import InvalidAPIKeyError, MiniMaxError, MissingAPIKeyError

if TYPE_CHECKING:  # pydantic's SecretStr is imported when a key is first resolved
    from pydantic import SecretStr

API_KEY_ENV = "MINIMAX_API_KEY"
#: What replaces the key wherever it would be shown.
MASK = "**********"


def resolve_api_key(api_key: SecretStr | str | None) -> SecretStr | None:
    """The key from the argument, else ``MINIMAX_API_KEY``, else ``None`` (checked at first
    request, see :func:`require_api_key`). Surrounding whitespace is stripped from either
    source (a key read from a file ends with a newline); a blank argument counts as none."""
    from pydantic import SecretStr

    if isinstance(api_key, SecretStr):
        api_key = api_key.get_secret_value()
    key = (api_key or "").strip() or (os.environ.get(API_KEY_ENV) or "").strip()
    return SecretStr(key) if key else None


def require_api_key(api_key: SecretStr | None) -> str:
    """The key's value, or :class:`MissingAPIKeyError` naming ``MINIMAX_API_KEY``, or
    :class:`InvalidAPIKeyError` when it cannot be an HTTP header value (checked before any
    request; the message says what and where, never the key)."""
    if api_key is None or not api_key.get_secret_value():
        raise MissingAPIKeyError(
            f"No MiniMax API key: pass api_key=... or set the {API_KEY_ENV} environment variable."
        )
    key = api_key.get_secret_value()
    problem = key_problem(key)
    if problem is not None:
        raise InvalidAPIKeyError(
            f"The MiniMax API key {problem}; a key is printable ASCII without spaces. Check "
            f"the value passed as api_key or {API_KEY_ENV} (nothing was sent)."
        )
    return key


def key_problem(key: str) -> str | None:
    """What makes ``key`` unusable as a bearer token in an HTTP header, without quoting it:
    e.g. ``"contains a line break at position 12 of 40"``; ``None`` when it is usable.

    Example:
        >>> key_problem("sk-abc"), key_problem("sk-a\\tbc")
        (None, 'contains a control character (U+0009) at position 5 of 7')
    """
    if key.isascii() and key.isprintable() and " " not in key:
        return None
    for i, ch in enumerate(key):
        code = ord(ch)
        if ch in "\r\n":
            what = "a line break"
        elif code < 0x20 or code == 0x7F:
            what = f"a control character (U+{code:04X})"
        elif ch == " ":
            what = "a space"
        elif code > 0x7E:
            what = f"a non-ASCII character (U+{code:04X})"
        else:
            continue
        return f"contains {what} at position {i + 1} of {len(key)}"
    return None  # pragma: no cover - the fast check above only fails on such a character


def redact(exc: MiniMaxError, api_key: SecretStr | None) -> MiniMaxError:
    """``exc`` with the API key removed from its message and body (defence in depth: error
    bodies can echo the key). Keys shorter than 4 characters are not searched for."""
    key = api_key.get_secret_value() if api_key else ""
    if key and len(key) >= 4:
        if key in exc.message:
            exc.message = exc.message.replace(key, MASK)
            exc.args = (str(exc),)
        if isinstance(exc.body, str) and key in exc.body:
            exc.body = exc.body.replace(key, MASK)
        elif exc.body is not None and key in repr(exc.body):
            exc.body = None
    return exc


__all__ = [
    "API_KEY_ENV",
    "MASK",
    "key_problem",
    "redact",
    "require_api_key",
    "resolve_api_key",
]
