"""The one request recorder every fake MiniMax server in the kit uses.

The loopback emulator, the fault server, the embeddings server, the in-process
:class:`~minimax_testing.emulator.replies.WireReplies` and the tests' ``httpx.MockTransport``
handlers all log what reached them here, in arrival order and thread-safely: the request object
of the server's own kind (:attr:`RequestRecorder.requests`), its decoded JSON body
(:attr:`RequestRecorder.bodies`, ``{}`` when the body is not a JSON object) and its headers with
lower-cased names (:attr:`RequestRecorder.headers`). The servers expose these under the names
their tests read (``emulator.received``, ``server.bodies``, ``server.requests``, ``rec.body()``).

Example:
    >>> rec: RequestRecorder[str] = RequestRecorder()
    >>> rec.record("POST /v1/chat/completions", b'{"model": "MiniMax-M2.7"}',
    ...            {"Authorization": "Bearer k"})
    0
    >>> rec.body(), rec.count, rec.headers[0]["authorization"]
    ({'model': 'MiniMax-M2.7'}, 1, 'Bearer k')
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class RecordedBodies(list[dict[str, Any]]):
    """The decoded request bodies, in order: a list, also callable (``rec.bodies()`` returns a
    copy) for the handlers that spell it as a method."""

    def __call__(self) -> list[dict[str, Any]]:
        return list(self)


def decode_body(raw: bytes | str | Mapping[str, Any] | None) -> dict[str, Any]:
    """A request body as a JSON object (``{}`` for an empty, non-JSON or non-object body)."""
    if isinstance(raw, Mapping):
        return dict(raw)
    try:
        obj = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return obj if isinstance(obj, dict) else {}


class RequestRecorder(Generic[T]):
    """Every request a fake server received, in order (see the module docstring)."""

    def __init__(self) -> None:
        self._record_lock = threading.Lock()
        self.requests: list[T] = []
        self.bodies = RecordedBodies()
        self.headers: list[dict[str, str]] = []

    def record(
        self,
        request: T,
        body: bytes | str | Mapping[str, Any] | None,
        headers: Mapping[str, str] | None = None,
    ) -> int:
        """Log one request; returns how many were logged before it (its index)."""
        decoded = decode_body(body)
        names = {k.lower(): v for k, v in (headers or {}).items()}
        with self._record_lock:
            index = len(self.requests)
            self.requests.append(request)
            self.bodies.append(decoded)
            self.headers.append(names)
        return index

    @property
    def count(self) -> int:
        return len(self.requests)

    def __len__(self) -> int:
        return len(self.requests)

    def body(self) -> dict[str, Any]:
        """The body of the only request recorded (fails unless exactly one was)."""
        (only,) = self.bodies
        return only

    def header(self, name: str) -> list[str]:
        """Header ``name`` (case-insensitive) of every request, ``""`` where it was absent."""
        return [h.get(name.lower(), "") for h in self.headers]

    def clear(self) -> None:
        with self._record_lock:
            self.requests.clear()
            self.bodies.clear()
            self.headers.clear()


__all__ = ["RecordedBodies", "RequestRecorder", "decode_body"]
