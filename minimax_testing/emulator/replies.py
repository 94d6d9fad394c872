"""An in-process ``httpx.MockTransport`` answering every chat request with one wire answer.

The bodies and SSE events come from :mod:`minimax_testing.wire` (MiniMax's official-endpoint
shapes): a non-streamed request gets :func:`~minimax_testing.wire.completion_body`, a streamed
one :func:`~minimax_testing.wire.stream_events` framed as SSE, with the trailing usage chunk when
``stream_options.include_usage`` was asked. Nothing listens on a socket.

Example:
    >>> from minimax_testing.wire import Answer
    >>> replies = WireReplies(Answer(reasoning=None, text="Hi"))
    >>> with httpx.Client(transport=replies.transport()) as c:
    ...     c.post("https://api.minimax.io/v1/chat/completions",
    ...            json={"model": "MiniMax-Text-01"}).json()["choices"][0]["message"]["content"]
    'Hi'
"""

from __future__ import annotations

import json

import httpx

from .. import wire
from ..recorder import RequestRecorder


class WireReplies(RequestRecorder[httpx.Request]):
    """Answers with ``answer`` (inline ``<think>`` unless ``split``); records every request
    (:attr:`bodies`, :attr:`requests`, as :class:`~minimax_testing.recorder.RequestRecorder`)."""

    def __init__(self, answer: wire.Answer, *, split: bool = False, chunk_chars: int = 7) -> None:
        super().__init__()
        self.answer = answer
        self.split = split
        self.chunk_chars = chunk_chars

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.record(request, request.content, request.headers)
        body = self.bodies[-1]
        model = str(body.get("model") or "MiniMax-M2.7")
        seed = json.dumps(body.get("messages"), sort_keys=True)
        if not body.get("stream"):
            return httpx.Response(
                200,
                json=wire.completion_body(
                    seed=seed, model=model, answer=self.answer, prompt_tokens=20, split=self.split
                ),
            )
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        events = wire.stream_events(
            seed=seed,
            model=model,
            answer=self.answer,
            prompt_tokens=20,
            split=self.split,
            include_usage=include_usage,
            chunk_chars=self.chunk_chars,
        )
        return httpx.Response(
            200,
            headers={"content-type": "text/event-stream"},
            stream=httpx.ByteStream(wire.sse(events)),
        )

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def clients(self) -> tuple[httpx.Client, httpx.AsyncClient]:
        """A sync and an async client answered by this transport."""
        return httpx.Client(transport=self.transport()), httpx.AsyncClient(
            transport=self.transport()
        )
