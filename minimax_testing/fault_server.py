"""A hostile loopback HTTP/1.1 server for fault-injection tests (issue 7).

* Binds ``127.0.0.1`` on an ephemeral port, runs an asyncio loop in a daemon thread, and is
  started/stopped by the ``fault_server`` fixture (``conftest.py``).
* Bounded: at most ``max_requests`` requests (later ones get a 503 and the connection is
  closed), every scripted step is cut off after ``max_step_seconds``, and stopping the server
  aborts every open connection.
* Per request behaviour is scripted by the test: :meth:`FaultServer.script` queues *steps*
  (async callables ``step(exchange) -> keep_alive``); a request with no queued step gets
  :attr:`FaultServer.default` (an echo answer). Streams are SSE over chunked encoding, one
  event per chunk/write.
* It records every request (:attr:`FaultServer.requests`) and counts open connections
  (:attr:`FaultServer.open_connections`), so tests can assert exact request counts and that
  nothing is left open.

The answers use MiniMax's real wire shapes (docs/wire-format.md 'Streaming', captures 'Example: plain answer with inline think (M2.7-highspeed)'/'Example: streamed answer with inline think and trailing usage chunk (M2.7)'/'Example: official stream example (M2.7)'/'Example: error envelopes'): inline
``<think>`` in ``content``, ``name: "MiniMax AI"``, ``audio_content``, the sensitivity flags,
a trailing usage chunk with ``choices: []`` and ``base_resp``, then ``data: [DONE]``.

The echo answer contains the per-request *marker*: the text of the last user message, so
concurrent callers can check they got their own answer.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import socket
import struct
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from minimax_testing import wire
from minimax_testing.recorder import RequestRecorder

HOST = "127.0.0.1"
MODEL = "MiniMax-M2.7"
CREATED = 1789671513


# --------------------------------------------------------------------------------------------
# Requests and exchanges
# --------------------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    raw_body: bytes
    time: float = field(default_factory=time.monotonic)

    @property
    def body(self) -> dict[str, Any]:
        try:
            obj = json.loads(self.raw_body or b"{}")
        except ValueError:
            return {}
        return obj if isinstance(obj, dict) else {}

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def marker(self) -> str:
        """The text of the last user message (tests put a unique marker there)."""
        for m in reversed(self.body.get("messages") or []):
            if isinstance(m, dict) and m.get("role") == "user":
                c = m.get("content")
                if isinstance(c, str):
                    return c
                if isinstance(c, list):
                    return "".join(p.get("text", "") for p in c if isinstance(p, dict))
        return ""


class Exchange:
    """One request/response on a connection; the helpers a step uses to answer."""

    def __init__(
        self,
        server: FaultServer,
        request: Request,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self.server = server
        self.request = request
        self.reader = reader
        self.writer = writer
        self.events_sent = 0

    # ---- whole responses
    async def send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> bool:
        head = [
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
            f"Content-Type: {content_type}",
            f"Content-Length: {len(body)}",
        ]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        return True

    async def json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> bool:
        return await self.send(status, json.dumps(obj).encode(), headers=headers)

    # ---- SSE over chunked encoding
    async def start_sse(self, status: int = 200, headers: dict[str, str] | None = None) -> None:
        head = [
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
            "Content-Type: text/event-stream",
            "Transfer-Encoding: chunked",
            "Cache-Control: no-cache",
        ]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        await self.writer.drain()

    async def chunk(self, data: bytes) -> None:
        """One HTTP chunk, written and flushed on its own."""
        if not data:
            return
        self.writer.write(b"%x\r\n" % len(data) + data + b"\r\n")
        await self.writer.drain()

    async def event(self, obj: Any) -> None:
        await self.chunk(
            b"data: " + obj + b"\n\n" if isinstance(obj, bytes) else wire.sse_line(obj)
        )
        self.events_sent += 1

    async def done(self) -> None:
        await self.chunk(wire.sse_line("[DONE]"))

    async def end(self) -> bool:
        """Terminate the chunked body properly (the connection stays usable)."""
        self.writer.write(b"0\r\n\r\n")
        await self.writer.drain()
        return True

    # ---- violence
    def reset(self) -> bool:
        """Abort the TCP connection with an RST (SO_LINGER 0)."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()
        return False

    async def close(self) -> bool:
        """Close the connection (FIN) without finishing the response."""
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()
        return False

    async def stall(self, seconds: float) -> bool:
        """Send nothing for ``seconds`` (or until the client goes away). True if it left."""
        try:
            data = await asyncio.wait_for(self.reader.read(1), timeout=seconds)
        except asyncio.TimeoutError:
            return False
        except ConnectionError:
            return True
        return data == b""


Step = Callable[[Exchange], Awaitable[bool]]

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FaultServer(RequestRecorder[Request]):
    """See the module docstring. Use as a context manager or via the pytest fixture; records
    every request as the kit's :class:`~minimax_testing.recorder.RequestRecorder`."""

    def __init__(self, *, max_requests: int = 3000, max_step_seconds: float = 10.0) -> None:
        super().__init__()
        self.max_requests = max_requests
        self.max_step_seconds = max_step_seconds
        self.default: Step = answer()
        self.open_connections = 0
        self.total_connections = 0
        self.port = 0
        self._steps: collections.deque[Step] = collections.deque()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None

    # ---- lifecycle
    def start(self) -> FaultServer:
        self._thread = threading.Thread(target=self._run, name="fault-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("fault server did not start")
        if self._startup_error is not None:
            raise self._startup_error
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return
        with contextlib.suppress(RuntimeError):
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(5)
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(loop.stop)
        self._thread.join(5)
        self._loop = None

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    # ---- scripting and observation
    def script(self, *steps: Step) -> None:
        """Queue steps: the next requests get them in order, later ones the default."""
        with self._lock:
            self._steps.extend(steps)

    @property
    def request_count(self) -> int:
        return self.count

    @property
    def pending_steps(self) -> int:
        return len(self._steps)

    def wait_for_connections(self, n: int = 0, timeout: float = 3.0) -> bool:
        """Wait until at most ``n`` connections are open (the client closed the rest)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.open_connections <= n:
                return True
            time.sleep(0.01)
        return self.open_connections <= n

    # ---- internals
    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            self._server = loop.run_until_complete(
                asyncio.start_server(self._handle, HOST, 0, backlog=2048, limit=1 << 20)
            )
            self.port = self._server.sockets[0].getsockname()[1]
        except BaseException as exc:  # pragma: no cover - surfaced by start()
            self._startup_error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for w in list(self._writers):
            w.transport.abort()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _next_step(self) -> Step:
        with self._lock:
            return self._steps.popleft() if self._steps else self.default

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open_connections += 1
        self.total_connections += 1
        self._writers.add(writer)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                over = self.record(request, request.raw_body, request.headers) >= self.max_requests
                ex = Exchange(self, request, reader, writer)
                if over:
                    await ex.json(
                        503,
                        {"error": "fault server request budget exhausted"},
                        {"Connection": "close"},
                    )
                    break
                keep = await asyncio.wait_for(self._next_step()(ex), self.max_step_seconds)
                if not keep or writer.is_closing():
                    break
        except (
            ConnectionError,
            asyncio.IncompleteReadError,
            asyncio.TimeoutError,
            asyncio.LimitOverrunError,
            ValueError,
            OSError,
        ):
            pass
        finally:
            self._writers.discard(writer)
            if not writer.is_closing():
                writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)
            self.open_connections -= 1


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "0") or 0)
    body = await reader.readexactly(length) if length else b""
    return Request(method, path, headers, body)


# --------------------------------------------------------------------------------------------
# MiniMax wire shapes
# --------------------------------------------------------------------------------------------

RESPONSE_ID = "06fb6b59859725e9e95103a455583ff8"
USAGE = {
    "total_tokens": 939,
    "total_characters": 0,
    "prompt_tokens": 767,
    "completion_tokens": 172,
    "completion_tokens_details": {"reasoning_tokens": 25},
    "prompt_tokens_details": {"cached_tokens": 443},
}


def chunk(
    content: str | None = None,
    *,
    finish: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A ``chat.completion.chunk`` exactly as MiniMax sends it (docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)'); ``extra`` overrides
    top-level fields."""
    delta = wire.assistant_delta() if content is None else wire.assistant_delta(content=content)
    if tool_calls is not None:
        delta["tool_calls"] = tool_calls
    obj = wire.chunk(RESPONSE_ID, delta, model=MODEL, created=CREATED, finish=finish)
    obj.update(extra)
    return obj


def usage_chunk() -> dict[str, Any]:
    """The trailing usage chunk: ``choices: []`` + usage + ``base_resp`` (docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)')."""
    return wire.usage_chunk(RESPONSE_ID, USAGE, model=MODEL, created=CREATED)


def completion(content: str, *, finish: str = "stop") -> dict[str, Any]:
    """A non-streamed ``chat.completion`` body (docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)')."""
    message = {"content": content, **wire.ASSISTANT, "audio_content": ""}
    return wire.completion(
        RESPONSE_ID, message, model=MODEL, finish=finish, usage=USAGE, created=CREATED
    )


def reasoning_for(marker: str) -> str:
    return f"The user sent {marker}. I should echo it."


def answer_for(marker: str) -> str:
    return f"echo:{marker}"


def content_pieces(marker: str) -> list[str]:
    """The raw ``content`` deltas of the echo answer: the think block straddles chunks."""
    return [
        "<think>\nThe user",
        f" sent {marker}. I should echo it.\n</th",
        "ink>\n\n",
        "echo:",
        marker,
    ]


def raw_content(marker: str) -> str:
    return "".join(content_pieces(marker))


# --------------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------------

Action = Any  # dict (event), bytes (raw chunk), or a tuple command, see ``sse``


def echo_actions(
    marker: str, *, finish: bool = True, usage: bool = True, done: bool = True
) -> list[Action]:
    pieces = content_pieces(marker)
    actions: list[Action] = [chunk(p) for p in pieces[:-1]]
    actions.append(chunk(pieces[-1], finish="stop" if finish else None))
    if usage:
        actions.append(usage_chunk())
    if done:
        actions.append(("done",))
    return actions


def sse(
    actions: Iterable[Action] | Callable[[Request], Iterable[Action]],
    *,
    headers: dict[str, str] | None = None,
    status: int = 200,
) -> Step:
    """A streamed response made of actions: a dict is one ``data:`` event, ``bytes`` one raw
    chunk, and tuples are commands: ``("done",)``, ``("sleep", s)``, ``("stall", s)``,
    ``("reset",)``, ``("close",)``, ``("end",)``. The body is terminated properly unless the
    actions reset or close the connection."""

    async def step(ex: Exchange) -> bool:
        acts = actions(ex.request) if callable(actions) else actions
        await ex.start_sse(status, headers)
        for act in acts:
            if isinstance(act, dict):
                await ex.event(act)
            elif isinstance(act, bytes):
                await ex.chunk(act)
            elif act[0] == "done":
                await ex.done()
            elif act[0] == "sleep":
                await asyncio.sleep(act[1])
            elif act[0] == "stall":
                if await ex.stall(act[1]):
                    return False
            elif act[0] == "reset":
                return ex.reset()
            elif act[0] == "close":
                return await ex.close()
            elif act[0] == "end":
                return await ex.end()
        return await ex.end()

    return step


def answer(
    *,
    stream_actions: Callable[[Request], Iterable[Action]] | None = None,
    headers: dict[str, str] | None = None,
) -> Step:
    """The correct echo answer: streamed (MiniMax chunks) or not, as the request asks."""

    async def step(ex: Exchange) -> bool:
        req = ex.request
        if req.stream:
            acts = (stream_actions or (lambda r: echo_actions(r.marker)))(req)
            return await sse(list(acts), headers=headers)(ex)
        return await ex.json(200, completion(raw_content(req.marker)), headers)

    return step


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Step:
    """A JSON response (error envelope or completion) whatever the request's ``stream``."""

    async def step(ex: Exchange) -> bool:
        return await ex.json(status, body, headers)

    return step


def raw_response(
    status: int,
    body: bytes,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Step:
    async def step(ex: Exchange) -> bool:
        return await ex.send(status, body, content_type, headers)

    return step


def reset_now() -> Step:
    """Read the request, then reset the connection without answering."""

    async def step(ex: Exchange) -> bool:
        return ex.reset()

    return step


def hang(seconds: float = 5.0) -> Step:
    """Read the request and never answer (until the client leaves or ``seconds`` pass)."""

    async def step(ex: Exchange) -> bool:
        await ex.stall(seconds)
        return False

    return step


def trickle(interval: float = 0.25, status: int = 200) -> Step:
    """A non-streamed answer sent one byte every ``interval`` seconds (each read succeeds, the
    whole body takes minutes)."""

    async def step(ex: Exchange) -> bool:
        body = json.dumps(completion(raw_content(ex.request.marker))).encode()
        ex.writer.write(
            b"HTTP/1.1 %d OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % (status, len(body))
        )
        for i in range(len(body)):
            ex.writer.write(body[i : i + 1])
            await ex.writer.drain()
            await asyncio.sleep(interval)
        return True

    return step


def trickle_headers(interval: float = 0.25, padding: int = 200) -> Step:
    """A non-streamed answer whose status line comes at once and whose headers then arrive one
    byte every ``interval`` seconds (a ``padding``-byte header makes them last ~minutes); each
    read succeeds, only a whole-attempt deadline ends the wait."""

    async def step(ex: Exchange) -> bool:
        body = json.dumps(completion(raw_content(ex.request.marker))).encode()
        ex.writer.write(b"HTTP/1.1 200 OK\r\n")
        await ex.writer.drain()
        head = b"Content-Type: application/json\r\nContent-Length: %d\r\nX-Padding: %s\r\n\r\n" % (
            len(body),
            b"." * padding,
        )
        for i in range(len(head)):
            await asyncio.sleep(interval)
            ex.writer.write(head[i : i + 1])
            await ex.writer.drain()
        ex.writer.write(body)
        await ex.writer.drain()
        return True

    return step


def stall_after_headers(delay: float, stall: float) -> Step:
    """Wait ``delay`` s, send the headers of a JSON answer, then nothing for ``stall`` s."""

    async def step(ex: Exchange) -> bool:
        await asyncio.sleep(delay)
        ex.writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        await ex.writer.drain()
        await ex.stall(stall)
        return False

    return step


def partial_json(fraction: float = 0.5, *, then: str = "reset") -> Step:
    """A non-streamed answer cut after ``fraction`` of its Content-Length."""

    async def step(ex: Exchange) -> bool:
        body = json.dumps(completion(raw_content(ex.request.marker))).encode()
        cut = body[: int(len(body) * fraction)]
        ex.writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % len(body)
            + cut
        )
        await ex.writer.drain()
        if then == "reset":
            return ex.reset()
        return await ex.close()

    return step


def stream_or_json(stream_step: Step, json_step: Step) -> Step:
    """Pick a step by the request's ``stream`` flag."""

    async def step(ex: Exchange) -> bool:
        return await (stream_step if ex.request.stream else json_step)(ex)

    return step


# Error envelopes (docs/wire-format.md 'Example: error envelopes'), built by the wire kit.
minimax_error = wire.openai_error
base_resp = wire.base_resp_error


__all__ = [
    "MODEL",
    "Exchange",
    "FaultServer",
    "Request",
    "Step",
    "answer",
    "answer_for",
    "base_resp",
    "chunk",
    "completion",
    "content_pieces",
    "echo_actions",
    "hang",
    "json_response",
    "minimax_error",
    "partial_json",
    "raw_content",
    "raw_response",
    "reasoning_for",
    "reset_now",
    "sse",
    "stream_or_json",
    "trickle",
    "trickle_headers",
    "usage_chunk",
]
