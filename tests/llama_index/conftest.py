"""Fixtures for the LlamaIndex adapter suite.

``wire`` records every request body the adapter really sends (httpx event hooks on the
clients handed to ``MiniMax``); vcrpy answers from the cassettes, which match on method and URL
only, so the assertions on what was sent live in the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from llama_index_minimax import MiniMax
from minimax_testing.recorder import RequestRecorder


class Wire(RequestRecorder[httpx.Request]):
    """The requests sent, in order (:attr:`bodies`: their JSON bodies)."""

    def __init__(self) -> None:
        super().__init__()
        self.sync_client = httpx.Client(event_hooks={"request": [self._record]})
        self.async_client = httpx.AsyncClient(event_hooks={"request": [self._arecord]})

    def _record(self, request: httpx.Request) -> None:
        self.record(request, request.read(), request.headers)

    async def _arecord(self, request: httpx.Request) -> None:
        self.record(request, await request.aread(), request.headers)

    @property
    def last(self) -> dict[str, Any]:
        return self.bodies[-1]

    def messages(self, n: int = -1) -> list[dict[str, Any]]:
        return list(self.bodies[n]["messages"])


@pytest.fixture
def wire() -> Iterator[Wire]:
    w = Wire()
    yield w
    w.sync_client.close()


@pytest.fixture
def make_llm(wire: Wire) -> Any:
    """``make_llm(**kwargs)`` → a ``MiniMax`` wired to the recording clients, no retry wait."""

    def make(**kwargs: Any) -> MiniMax:
        kwargs.setdefault("model", "MiniMax-M2.7")
        llm = MiniMax(http_client=wire.sync_client, async_http_client=wire.async_client, **kwargs)
        llm.client.retry_policy.initial_delay = 0.0
        llm.client.retry_policy.jitter = False
        return llm

    return make


@pytest.fixture
def llm(make_llm: Any) -> MiniMax:
    return make_llm()  # type: ignore[no-any-return]
