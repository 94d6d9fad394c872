"""A small incremental Server-Sent-Events decoder over raw bytes.

Hand-written rather than ``httpx-sse`` because the transport needs to feed it arbitrary byte
chunks (re-chunking tests, fault injection), to bound the size of one event, and to fail with a
typed error on invalid UTF-8; it also skips httpx's text and line decoders on the per-chunk hot
path (``python -m bench.bench_sse_decoder`` measures it). Follows the SSE spec for what MiniMax and
OpenAI-compatible hosts send: ``data:`` lines (joined with ``\\n``), ``event:`` names, comments,
``\\n`` / ``\\r\\n`` / ``\\r`` line ends, a blank line dispatching the event.

Example:
    >>> d = SSEDecoder()
    >>> d.feed(b'data: {"a":') + d.feed(b' 1}\\n\\ndata: [DONE]\\n\\n')
    [(None, '{"a": 1}'), (None, '[DONE]')]
"""

from __future__ import annotations

from .errors import ResponseFormatError

#: Largest single event accepted (bytes); a larger one is a typed error, not a memory blow-up.
MAX_EVENT_BYTES = 32 * 1024 * 1024

Event = tuple[str | None, str]


class SSEDecoder:
    """Feed bytes, get ``(event_name, data)`` tuples for every complete event."""

    __slots__ = ("_buf", "_data", "_data_len", "_error", "_event", "_max")

    def __init__(self, max_event_bytes: int = MAX_EVENT_BYTES) -> None:
        self._buf = b""
        self._data: list[str] = []
        self._data_len = 0
        self._event: str | None = None
        self._max = max_event_bytes
        self._error: ResponseFormatError | None = None

    def feed(self, chunk: bytes) -> list[Event]:
        """The events completed by ``chunk``. Bad bytes raise ``ResponseFormatError`` — after
        the events that came before them in the stream: those are returned first and the
        error is raised by the next call, so the outcome never depends on the chunking."""
        if self._error is not None:
            raise self._error
        out: list[Event] = []
        try:
            return self._feed(chunk, out)
        except ResponseFormatError as exc:
            if not out:
                raise
            self._error = exc
            self._buf = b""
            self._data = []
            self._data_len = 0
            return out

    def _feed(self, chunk: bytes, out: list[Event]) -> list[Event]:
        if not chunk:
            return out
        if (
            chunk[:6] == b"data: "
            and chunk.find(b"\n") == len(chunk) - 2
            and chunk[-1:] == b"\n"
            and not self._buf
            and not self._data
            and self._event is None
            and b"\r" not in chunk
        ):
            # Fastest path: exactly one event of one data line (how MiniMax and most
            # OpenAI-compatible hosts write a stream: one event per HTTP chunk).
            if len(chunk) - 8 > self._max:
                raise ResponseFormatError(f"MiniMax stream event larger than {self._max} bytes")
            try:
                return [(None, chunk[6:-2].decode("utf-8"))]
            except UnicodeDecodeError as exc:
                raise ResponseFormatError(f"MiniMax stream sent invalid UTF-8: {exc}") from None
        if not self._buf and not self._data and self._event is None and b"\r" not in chunk:
            # Fast path (the common case: whole events, ``\n`` line ends, nothing pending):
            # split on the blank lines; a block that is one ``data:`` line is an event as is.
            *blocks, buf = chunk.split(b"\n\n")
            for block in blocks:
                if block[:6] == b"data: " and b"\n" not in block:
                    if len(block) - 6 > self._max:
                        raise ResponseFormatError(
                            f"MiniMax stream event larger than {self._max} bytes"
                        )
                    try:
                        out.append((None, block[6:].decode("utf-8")))
                    except UnicodeDecodeError as exc:
                        raise ResponseFormatError(
                            f"MiniMax stream sent invalid UTF-8: {exc}"
                        ) from None
                elif block:
                    for line in block.split(b"\n"):
                        self._line(line, out)
                    self._dispatch(out)
            if not buf:
                return out
        else:
            buf = self._buf + chunk if self._buf else chunk
        start = 0
        n = len(buf)
        while start < n:
            nl = buf.find(b"\n", start)
            cr = buf.find(b"\r", start, nl if nl != -1 else n)
            if cr != -1:
                # "\r\n" or a lone "\r" ends the line; a trailing "\r" may be half of "\r\n".
                if cr + 1 == n:
                    break
                end, nxt = cr, cr + 2 if buf[cr + 1 : cr + 2] == b"\n" else cr + 1
            elif nl != -1:
                end, nxt = nl, nl + 1
            else:
                break
            self._line(buf[start:end], out)
            start = nxt
        self._buf = buf[start:]
        if len(self._buf) + self._data_len > self._max:
            raise ResponseFormatError(f"MiniMax stream event larger than {self._max} bytes")
        return out

    def close(self) -> list[Event]:
        """End of stream: a last line or event without its terminating blank line counts."""
        if self._error is not None:
            raise self._error
        out: list[Event] = []
        if self._buf:
            self._line(self._buf.rstrip(b"\r"), out)
            self._buf = b""
        self._dispatch(out)
        return out

    def _line(self, line: bytes, out: list[Event]) -> None:
        if not line:
            self._dispatch(out)
            return
        if line[:1] == b":":
            return
        colon = line.find(b":")
        if colon == -1:
            field, value = line, b""
        else:
            field = line[:colon]
            value = line[colon + 1 :]
            if value[:1] == b" ":
                value = value[1:]
        if field == b"data":
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ResponseFormatError(f"MiniMax stream sent invalid UTF-8: {exc}") from None
            self._data.append(text)
            self._data_len += len(value)
            if self._data_len > self._max:
                raise ResponseFormatError(f"MiniMax stream event larger than {self._max} bytes")
        elif field == b"event":
            self._event = value.decode("utf-8", "replace")
        # "id" and "retry" are not used by chat completions; unknown fields are ignored.

    def _dispatch(self, out: list[Event]) -> None:
        if self._data:
            data = self._data[0] if len(self._data) == 1 else "\n".join(self._data)
            out.append((self._event, data))
        self._data = []
        self._data_len = 0
        self._event = None


__all__ = ["MAX_EVENT_BYTES", "SSEDecoder"]
