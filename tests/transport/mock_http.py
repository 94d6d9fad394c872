"""``httpx.MockTransport`` helpers: scripted responses, every request recorded and counted."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

from minimax_testing import wire
from minimax_testing.recorder import RequestRecorder
from minimax_transport import MiniMaxClient, RetryPolicy

Reply = Callable[[httpx.Request], httpx.Response]

SSE = {"content-type": "text/event-stream"}


def json_reply(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, headers=headers)

    return reply


def answer(
    text: str, *, tool_calls: list[dict[str, Any]] | None = None, finish_reason: str = "stop"
) -> Reply:
    """A MiniMax non-streamed answer (built by the wire kit) with a small fixed usage."""
    message: dict[str, Any] = {"content": text, **wire.ASSISTANT}
    if tool_calls:
        message["tool_calls"] = tool_calls
    usage = {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}
    body = wire.completion(
        "mock-1", message, model="MiniMax-M2.7", finish=finish_reason, usage=usage
    )
    return json_reply(body)


def tool_call(name: str, args: str, call_id: str = "call_function_1_1") -> dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "index": 0,
        "function": {"name": name, "arguments": args},
    }


def sse_reply(body: bytes | list[bytes], status: int = 200) -> Reply:
    chunks = [body] if isinstance(body, bytes) else body

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=SSE, stream=ChunkStream(chunks))

    return reply


def sse_events(*deltas: dict[str, Any], finish: str | None = "stop", done: bool = True) -> bytes:
    """SSE bytes: one chunk per delta (as given), the last one carrying ``finish``."""
    events = [
        wire.chunk(
            "s1", delta, model="MiniMax-M2.7", finish=finish if i == len(deltas) - 1 else None
        )
        for i, delta in enumerate(deltas)
    ]
    return wire.sse(events, done=done)


class ChunkStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body delivered in the given byte chunks; an exception instance in the list
    is raised at that point (a connection reset mid-stream)."""

    def __init__(self, chunks: list[bytes | BaseException]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        for c in self.chunks:
            if isinstance(c, BaseException):
                raise c
            yield c

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for c in self.chunks:
            if isinstance(c, BaseException):
                raise c
            yield c


class Recorder(RequestRecorder[httpx.Request]):
    """A MockTransport handler replying from a script (the last reply repeats); the kit's
    request recorder keeps ``requests``, ``bodies``/``bodies()``, ``body()`` and ``count``."""

    def __init__(self, *replies: Reply | BaseException) -> None:
        super().__init__()
        self.replies = list(replies)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        n = self.record(request, request.content, request.headers) + 1
        reply = self.replies[min(n, len(self.replies)) - 1]
        if isinstance(reply, BaseException):
            raise reply
        return reply(request)


FAST = RetryPolicy(max_retries=2, initial_delay=0.001, max_delay=0.002, jitter=False)


def mock_client(recorder: Recorder, **kwargs: Any) -> MiniMaxClient:
    transport = httpx.MockTransport(recorder)
    kwargs.setdefault("api_key", "sk-test-key-1234")
    kwargs.setdefault("retry_policy", FAST)
    return MiniMaxClient(
        http_client=httpx.Client(transport=transport),
        async_http_client=httpx.AsyncClient(transport=transport),
        **kwargs,
    )
