"""httpx clients that answer every request with one Messages-dialect response, for the
adapters' Messages suites (tests/langchain/test_messages_suites.py,
tests/llama_index/test_li_messages_suites.py).

The responses are either a committed Messages cassette (``tests/cassettes/messages``, built by
``python -m tests.make_cassettes`` from MiniMax's documented event shapes) or events built on
the spot with the wire kit's Messages builders (``minimax_testing.wire``); nothing here writes
MiniMax's format by hand.
"""

from __future__ import annotations

from typing import Any

import httpx

from minimax_testing import wire
from minimax_testing.recorder import RequestRecorder
from tests.transport.messages_cassettes import load
from tests.transport.mock_http import ChunkStream

SSE = {"content-type": "text/event-stream"}


class MessagesMock(RequestRecorder[httpx.Request]):
    """Scripted replies (one per request, the last repeated); every request recorded."""

    def __init__(self, *replies: tuple[int, bytes, str]) -> None:
        super().__init__()
        self.replies = list(replies)
        self.sync_client = httpx.Client(transport=httpx.MockTransport(self._reply))
        self.async_client = httpx.AsyncClient(transport=httpx.MockTransport(self._reply))

    def _reply(self, request: httpx.Request) -> httpx.Response:
        index = self.record(request, request.content, request.headers)
        status, raw, ctype = self.replies[min(index, len(self.replies) - 1)]
        if ctype == "text/event-stream":
            return httpx.Response(status, headers=SSE, stream=ChunkStream([raw]))
        return httpx.Response(status, content=raw, headers={"content-type": ctype})

    @classmethod
    def cassette(cls, *names: str) -> MessagesMock:
        """Reply with the committed Messages cassettes ``names``, in order."""
        return cls(*(load(n) for n in names))

    @classmethod
    def events(cls, events: list[tuple[str, dict[str, Any]]]) -> MessagesMock:
        """Reply with a Messages SSE stream built by ``wire.message_stream_events``."""
        return cls((200, wire.messages_sse(events), "text/event-stream"))
