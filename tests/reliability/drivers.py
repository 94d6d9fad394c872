"""One calling convention over the six surfaces under test.

``transport`` (``MiniMaxClient``), ``langchain`` (``ChatMiniMax``) and ``llamaindex``
(``MiniMax``), each sync and async; every async driver once per async HTTP stack
(``async_transport="aiohttp"`` when ``httpx-aiohttp`` is installed, and ``"httpx"``), so the
whole suite runs on both. Every driver exposes blocking ``invoke(marker)`` and
``stream(marker)`` returning an :class:`Answer`; async drivers run their coroutine in a fresh
event loop and close the transport's async pool at the end so connection counts are exact.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from minimax_testing.fault_server import MODEL
from minimax_transport import (
    ChatRequest,
    Finish,
    MiniMaxClient,
    ReasoningDelta,
    TextDelta,
    UserMessage,
)
from minimax_transport.aiohttp_transport import aiohttp_available

HAVE_LANGCHAIN = importlib.util.find_spec("langchain_minimax") is not None
HAVE_LLAMAINDEX = importlib.util.find_spec("llama_index_minimax") is not None
#: The async HTTP stacks under test (``async_transport`` values).
ASYNC_STACKS: list[str] = (["aiohttp"] if aiohttp_available() else []) + ["httpx"]


@dataclass
class Answer:
    content: str
    reasoning: str | None = None
    #: Text deltas as the caller saw them (streams only).
    deltas: list[str] = field(default_factory=list)


@dataclass
class Settings:
    """Constructor settings given to every surface; a ``None`` one is not passed at all (so
    the surface's own default applies, as for a user who leaves it out)."""

    base_url: str
    api_key: str = "sk-test-reliability"
    max_retries: int = 2
    timeout: float | None = 5.0
    stream_idle_timeout: float | None = 5.0
    connect_timeout: float | None = 2.0
    max_retry_after: float | None = None

    def client_kwargs(self) -> dict[str, Any]:
        """The timeout/retry settings that were given (same names on all three surfaces)."""
        names = ("max_retries", "timeout", "stream_idle_timeout", "connect_timeout")
        kw = {n: getattr(self, n) for n in names if getattr(self, n) is not None}
        if self.max_retry_after is not None:
            kw["max_retry_after"] = self.max_retry_after
        return kw


class Driver:
    name = "base"
    framework = "transport"
    is_async = False
    #: ``async_transport`` given to the surface (async drivers only).
    stack: str | None = None

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.target = self.build()

    def build(self) -> Any:
        raise NotImplementedError

    def client(self) -> MiniMaxClient:
        raise NotImplementedError

    def client_kwargs(self) -> dict[str, Any]:
        kw = self.settings.client_kwargs()
        if self.stack is not None:
            kw["async_transport"] = self.stack
        return kw

    def invoke(self, marker: str) -> Answer:
        raise NotImplementedError

    def stream(self, marker: str) -> Answer:
        raise NotImplementedError

    def close(self) -> None:
        self.client().close()

    def run(self, coro_fn: Callable[[], Any]) -> Any:
        """Run an async body in a fresh loop, closing the async pool afterwards."""

        async def main() -> Any:
            try:
                return await coro_fn()
            finally:
                await self.client().aclose()

        return asyncio.run(main())


# -------------------------------------------------------------------------------- transport
def _request(marker: str) -> ChatRequest:
    return ChatRequest(MODEL, [UserMessage(marker)])


def _collect(events: list[Any]) -> Answer:
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    reasoning = "".join(e.text for e in events if isinstance(e, ReasoningDelta)) or None
    finish = events[-1]
    assert isinstance(finish, Finish), f"stream did not end with Finish: {events[-3:]}"
    assert finish.result.content == "".join(deltas)
    return Answer(finish.result.content, reasoning, deltas)


class TransportSync(Driver):
    name = "transport-sync"

    def build(self) -> MiniMaxClient:
        s = self.settings
        return MiniMaxClient(api_key=s.api_key, base_url=s.base_url, **self.client_kwargs())

    def client(self) -> MiniMaxClient:
        return self.target  # type: ignore[no-any-return]

    def invoke(self, marker: str) -> Answer:
        r = self.target.complete(_request(marker))
        return Answer(r.content, r.reasoning)

    def stream(self, marker: str) -> Answer:
        return _collect(list(self.target.stream(_request(marker))))


class TransportAsync(TransportSync):
    name = "transport-async"
    is_async = True

    def invoke(self, marker: str) -> Answer:
        async def body() -> Answer:
            r = await self.target.acomplete(_request(marker))
            return Answer(r.content, r.reasoning)

        return self.run(body)  # type: ignore[no-any-return]

    def stream(self, marker: str) -> Answer:
        async def body() -> Answer:
            return _collect([e async for e in self.target.astream(_request(marker))])

        return self.run(body)  # type: ignore[no-any-return]


# -------------------------------------------------------------------------------- LangChain
class LangChainSync(Driver):
    name = "langchain-sync"
    framework = "langchain"

    def build(self) -> Any:
        from langchain_minimax import ChatMiniMax

        s = self.settings
        return ChatMiniMax(
            model=MODEL, api_key=s.api_key, base_url=s.base_url, **self.client_kwargs()
        )

    def client(self) -> MiniMaxClient:
        return self.target.client  # type: ignore[no-any-return]

    @staticmethod
    def _answer(msg: Any) -> Answer:
        from langchain_minimax.messages import REASONING_KEY

        assert isinstance(msg.content, str)
        return Answer(msg.content, msg.additional_kwargs.get(REASONING_KEY))

    @staticmethod
    def _from_chunks(chunks: list[Any]) -> Answer:
        deltas = [c.content for c in chunks if isinstance(c.content, str) and c.content]
        full = chunks[0]
        for c in chunks[1:]:
            full = full + c
        from langchain_minimax.messages import REASONING_KEY

        assert full.content == "".join(deltas)
        assert full.response_metadata.get("finish_reason"), "stream ended without a finish"
        return Answer(full.content, full.additional_kwargs.get(REASONING_KEY), deltas)

    def invoke(self, marker: str) -> Answer:
        return self._answer(self.target.invoke(marker))

    def stream(self, marker: str) -> Answer:
        return self._from_chunks(list(self.target.stream(marker)))


class LangChainAsync(LangChainSync):
    name = "langchain-async"
    is_async = True

    def invoke(self, marker: str) -> Answer:
        async def body() -> Answer:
            return self._answer(await self.target.ainvoke(marker))

        return self.run(body)  # type: ignore[no-any-return]

    def stream(self, marker: str) -> Answer:
        async def body() -> Answer:
            return self._from_chunks([c async for c in self.target.astream(marker)])

        return self.run(body)  # type: ignore[no-any-return]


# -------------------------------------------------------------------------------- LlamaIndex
def _li_messages(marker: str) -> list[Any]:
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role="user", content=marker)]


def _li_reasoning(message: Any) -> str | None:
    from llama_index.core.base.llms.types import ThinkingBlock

    parts = [b.content or "" for b in message.blocks if isinstance(b, ThinkingBlock)]
    return "".join(parts) or None


class LlamaIndexSync(Driver):
    name = "llamaindex-sync"
    framework = "llamaindex"

    def build(self) -> Any:
        from llama_index_minimax import MiniMax

        s = self.settings
        return MiniMax(model=MODEL, api_key=s.api_key, api_base=s.base_url, **self.client_kwargs())

    def client(self) -> MiniMaxClient:
        return self.target.client  # type: ignore[no-any-return]

    @staticmethod
    def _answer(resp: Any) -> Answer:
        return Answer(resp.message.content or "", _li_reasoning(resp.message))

    @staticmethod
    def _from_chunks(chunks: list[Any]) -> Answer:
        deltas = [c.delta for c in chunks if c.delta]
        last = chunks[-1]
        assert (last.message.content or "") == "".join(deltas)
        assert last.additional_kwargs.get("finish_reason"), "stream ended without a finish"
        return Answer(last.message.content or "", _li_reasoning(last.message), deltas)

    def invoke(self, marker: str) -> Answer:
        return self._answer(self.target.chat(_li_messages(marker)))

    def stream(self, marker: str) -> Answer:
        return self._from_chunks(list(self.target.stream_chat(_li_messages(marker))))


class LlamaIndexAsync(LlamaIndexSync):
    name = "llamaindex-async"
    is_async = True

    def invoke(self, marker: str) -> Answer:
        async def body() -> Answer:
            return self._answer(await self.target.achat(_li_messages(marker)))

        return self.run(body)  # type: ignore[no-any-return]

    def stream(self, marker: str) -> Answer:
        async def body() -> Answer:
            gen = await self.target.astream_chat(_li_messages(marker))
            return self._from_chunks([c async for c in gen])

        return self.run(body)  # type: ignore[no-any-return]


def _on_stacks(cls: type[Driver]) -> list[type[Driver]]:
    """``cls`` once per async stack: ``transport-async-aiohttp``, ``transport-async-httpx``…"""
    return [
        type(f"{cls.__name__}_{stack}", (cls,), {"name": f"{cls.name}-{stack}", "stack": stack})
        for stack in ASYNC_STACKS
    ]


TRANSPORT_DRIVERS: list[type[Driver]] = [TransportSync, *_on_stacks(TransportAsync)]
ADAPTER_DRIVERS: list[type[Driver]] = []
if HAVE_LANGCHAIN:
    ADAPTER_DRIVERS += [LangChainSync, *_on_stacks(LangChainAsync)]
if HAVE_LLAMAINDEX:
    ADAPTER_DRIVERS += [LlamaIndexSync, *_on_stacks(LlamaIndexAsync)]
ALL_DRIVERS = TRANSPORT_DRIVERS + ADAPTER_DRIVERS


def transport_class(exc: BaseException) -> type[BaseException]:
    """The exact transport class of ``exc``: ChatMiniMax raises the transport class under
    LangChain's ModelError family (``langchain_minimax.errors``), built from it as its second
    base; comparing exact classes keeps a mis-classification from hiding behind a subclass."""
    cls = type(exc)
    if cls.__module__ == "langchain_minimax.errors":
        assert exc.is_retryable is exc.retryable  # type: ignore[attr-defined]
        cls = cls.__bases__[1]
    return cls
