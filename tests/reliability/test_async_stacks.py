"""The async HTTP stack setting (``async_transport``): what each value builds, that a user's
own client wins, that both adapters pass it through, that this package's own idle watchdog
ends a silent aiohttp stream, and that an error event is raised the same way however the
bytes before it were chunked."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

import minimax_transport.aiohttp_transport as aio_mod
from minimax_testing.fault_server import MODEL, FaultServer, chunk, sse
from minimax_transport import ChatRequest, MiniMaxClient, UserMessage
from minimax_transport.errors import APITimeoutError, MiniMaxError, ServerError
from minimax_transport.settings import TransportSettings

from .drivers import HAVE_LANGCHAIN, HAVE_LLAMAINDEX

needs_aiohttp = pytest.mark.skipif(
    not aio_mod.aiohttp_available(), reason="httpx-aiohttp is not installed"
)


def _pool_transport(client: MiniMaxClient) -> Any:
    async def main() -> Any:
        try:
            return client._async_client()._transport
        finally:
            await client.aclose()

    return asyncio.run(main())


@needs_aiohttp
def test_auto_and_aiohttp_use_aiohttp_and_httpx_uses_httpcore() -> None:
    for choice in ("auto", "aiohttp"):
        client = MiniMaxClient(api_key="sk-test", async_transport=choice)  # type: ignore[arg-type]
        assert client.async_transport == "aiohttp"
        assert type(_pool_transport(client)).__name__ == "MiniMaxAiohttpTransport"
    client = MiniMaxClient(api_key="sk-test", async_transport="httpx")
    assert client.async_transport == "httpx"
    assert isinstance(_pool_transport(client), httpx.AsyncHTTPTransport)
    # sync always stays on httpx
    assert isinstance(client._sync_client()._transport, httpx.HTTPTransport)


def test_users_own_async_client_wins() -> None:
    mine = httpx.AsyncClient()
    client = MiniMaxClient(api_key="sk-test", async_transport="httpx", async_http_client=mine)

    async def main() -> Any:
        return client._async_client()

    assert asyncio.run(main()) is mine


def test_bad_value_and_missing_aiohttp(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="async_transport must be one of"):
        TransportSettings(async_transport="trio")  # type: ignore[arg-type]
    monkeypatch.setattr(aio_mod, "aiohttp_available", lambda: False)
    with pytest.raises(ImportError, match=r"minimax-integrations\[aiohttp\]"):
        MiniMaxClient(api_key="sk-test", async_transport="aiohttp")
    assert MiniMaxClient(api_key="sk-test").async_transport == "httpx"  # auto falls back


@pytest.mark.skipif(not HAVE_LANGCHAIN, reason="langchain not installed")
def test_chatminimax_passes_the_setting() -> None:
    from langchain_minimax import ChatMiniMax

    model = ChatMiniMax(model=MODEL, api_key="sk-test", async_transport="httpx")
    assert model.client.settings.async_transport == "httpx"
    assert model.client.async_transport == "httpx"


@pytest.mark.skipif(not HAVE_LLAMAINDEX, reason="llama-index not installed")
def test_llamaindex_passes_the_setting() -> None:
    from llama_index_minimax import MiniMax

    llm = MiniMax(model=MODEL, api_key="sk-test", async_transport="httpx")
    assert llm.client.settings.async_transport == "httpx"
    assert llm.client.async_transport == "httpx"


@needs_aiohttp
def test_idle_watchdog_is_ours_not_aiohttps(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With aiohttp's own read timeout switched off, a stream silent for longer than
    ``stream_idle_timeout`` still ends, as a typed timeout, near the limit."""
    import aiohttp

    real_timeout = aiohttp.ClientTimeout

    def no_sock_read(**kw: Any) -> Any:
        kw["sock_read"] = None
        return real_timeout(**kw)

    monkeypatch.setattr("httpx_aiohttp.transport.ClientTimeout", no_sock_read)
    fault_server.script(sse([chunk("Hi"), ("stall", 5.0)]))
    client = MiniMaxClient(
        api_key="sk-test",
        base_url=fault_server.base_url,
        max_retries=0,
        stream_idle_timeout=0.4,
        async_transport="aiohttp",
    )

    async def main() -> float:
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            with pytest.raises(APITimeoutError, match=r"stream_idle_timeout=0\.4s"):
                async for _ in client.astream(ChatRequest(MODEL, [UserMessage("m")])):
                    pass
            return loop.time() - start
        finally:
            await client.aclose()

    assert asyncio.run(main()) < 2.0


def test_error_event_after_events_in_one_chunk_is_raised_after_them() -> None:
    """Deltas and an error event in ONE chunk: the deltas reach the caller, then the typed
    error, as when they arrive in separate chunks (and so a stream that already delivered
    events is not retried)."""
    from minimax_testing import wire
    from minimax_transport.catalog import resolve_model
    from minimax_transport.presets import get_preset
    from minimax_transport.stream_parser import StreamParser

    req = ChatRequest(MODEL, [UserMessage("m")])

    def parser() -> StreamParser:
        return StreamParser(req, resolve_model(MODEL), get_preset("minimax"))

    delta = wire.sse([chunk("Hello")], done=False)
    error = wire.sse(
        [{"error": {"type": "api_error", "message": "system error (1033)"}}], done=False
    )
    for chunks in ([delta + error], [delta, error]):
        p = parser()
        seen: list[Any] = []
        with pytest.raises(MiniMaxError) as info:
            for c in chunks:
                seen += p.feed(c)
            seen += p.close()
        assert type(info.value) is ServerError
        assert [getattr(e, "text", None) for e in seen] == ["Hello"]
