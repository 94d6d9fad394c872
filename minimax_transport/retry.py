"""The one retry layer: exponential backoff with full jitter, ``Retry-After`` honoured.

What is retried is the error's ``retryable``, read from the one table
:data:`minimax_transport.errors.RETRYABLE` (connection errors and timeouts, rate limits, server
errors, HTTP 408/409/429/5xx; see docs/wire-format.md, 'Error codes and retryability'). Never:
authentication, balance, bad request, content filter. This module decides only when.

Example:
    >>> from minimax_transport.errors import RateLimitError, BadRequestError
    >>> policy = RetryPolicy(max_retries=2, jitter=False)
    >>> policy.next_delay(RateLimitError("slow down", code=1002), attempt=0)
    0.5
    >>> policy.next_delay(BadRequestError("bad", code=2013), attempt=0) is None
    True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from .errors import MiniMaxError


@dataclass(slots=True)
class RetryPolicy:
    """How many times and how long to wait. ``max_retries`` counts retries, not attempts."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    #: Longest ``Retry-After`` honoured; a longer one is not waited for (the error is raised).
    max_retry_after: float = 60.0
    jitter: bool = True

    def next_delay(self, error: MiniMaxError, attempt: int) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, or ``None`` to give up."""
        if attempt >= self.max_retries or not error.retryable:
            return None
        if error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            return max(0.0, error.retry_after)
        backoff = min(self.max_delay, self.initial_delay * (2.0**attempt))
        if self.jitter:
            return float(random.uniform(backoff / 2, backoff))
        return backoff


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date); ``None`` if absent."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


__all__ = ["RetryPolicy", "parse_retry_after"]
