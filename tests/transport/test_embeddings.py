"""The transport's embeddings call: request bodies, batching and order, HTTP-200 error
envelopes, retries, refused presets, key hygiene — against a loopback server speaking
MiniMax's embeddings format (``minimax_testing/wire.py``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minimax_testing import wire
from minimax_testing.embeddings_server import EmbeddingsServer
from minimax_transport import (
    AuthenticationError,
    BadRequestError,
    EmbeddingsNotSupportedError,
    EmptyTextError,
    InsufficientBalanceError,
    MiniMaxClient,
    MiniMaxEmbeddingsClient,
    RateLimitError,
)
from minimax_transport.embeddings import split_batches
from minimax_transport.token_estimate import estimate_text_tokens

KEY = "sk-embed-secret-0123456789"


@pytest.fixture
def server() -> Iterator[EmbeddingsServer]:
    with EmbeddingsServer() as s:
        yield s


def make(server: EmbeddingsServer, **kwargs: Any) -> MiniMaxEmbeddingsClient:
    retries = kwargs.pop("max_retries", 2)
    client = MiniMaxClient(
        api_key=KEY, base_url=server.base_url, preset="minimax", max_retries=retries
    )
    client.retry_policy.initial_delay = 0.0
    client.retry_policy.jitter = False
    return MiniMaxEmbeddingsClient(client, **kwargs)


def vec(text: str, embed_type: str) -> list[float]:
    return wire.embedding_vector(text, embed_type, 8)


def test_request_body_and_vectors_in_order(server: EmbeddingsServer) -> None:
    emb = make(server)
    result = emb.embed(["alpha", "beta", "gamma"], "db")
    assert server.bodies == [
        {"model": "embo-01", "texts": ["alpha", "beta", "gamma"], "type": "db"}
    ]
    assert server.auth == [f"Bearer {KEY}"]
    assert result.vectors == [vec("alpha", "db"), vec("beta", "db"), vec("gamma", "db")]
    assert result.total_tokens == sum(wire.count_tokens(t) for t in ["alpha", "beta", "gamma"])
    q = emb.embed(["alpha"], "query")
    assert server.bodies[-1]["type"] == "query"
    assert q.vectors == [vec("alpha", "query")] != [vec("alpha", "db")]


def test_count_limit_splits_and_keeps_order(server: EmbeddingsServer) -> None:
    texts = [f"text {i}" for i in range(7)]
    result = make(server, max_batch_texts=3).embed(texts, "db")
    assert [b["texts"] for b in server.bodies] == [texts[0:3], texts[3:6], texts[6:7]]
    assert result.vectors == [vec(t, "db") for t in texts]
    assert result.total_tokens == sum(wire.count_tokens(t) for t in texts)


def test_token_budget_splits(server: EmbeddingsServer) -> None:
    texts = ["word " * 30, "word " * 30, "word " * 30]  # 30 estimated tokens each
    assert estimate_text_tokens(texts[0]) == 30
    make(server, max_batch_tokens=60).embed(texts, "db")
    assert [len(b["texts"]) for b in server.bodies] == [2, 1]


async def test_async_bounded_concurrency_and_order() -> None:
    with EmbeddingsServer(latency=0.05) as server:
        texts = [f"t{i}" for i in range(20)]
        result = await make(server, max_batch_texts=2, max_concurrency=3).aembed(texts, "query")
        assert len(server.bodies) == 10
        assert server.max_in_flight == 3
        assert result.vectors == [vec(t, "query") for t in texts]
        assert sorted(t for b in server.bodies for t in b["texts"]) == sorted(texts)


def test_empty_list_sends_nothing_and_empty_string_is_refused(server: EmbeddingsServer) -> None:
    emb = make(server)
    assert emb.embed([], "db").vectors == []
    assert asyncio.run(emb.aembed([], "db")).vectors == []
    with pytest.raises(EmptyTextError, match="text 1"):
        emb.embed(["ok", ""], "db")
    with pytest.raises(EmptyTextError):
        asyncio.run(emb.aembed([""], "query"))
    assert server.bodies == []


@pytest.mark.parametrize(
    "base_url, preset",
    [
        ("https://api.aimlapi.com/v1", None),
        ("https://openrouter.ai/api/v1", None),
        ("http://127.0.0.1:9/v1", None),
        ("http://127.0.0.1:9/v1", "vllm"),
        ("https://platform.llmprovider.ai/v1", None),
    ],
)
def test_aggregator_and_self_hosted_presets_refused_before_any_request(
    base_url: str, preset: str | None
) -> None:
    emb = MiniMaxEmbeddingsClient(MiniMaxClient(api_key=KEY, base_url=base_url, preset=preset))
    with pytest.raises(EmbeddingsNotSupportedError, match="minimax-cn"):
        emb.embed(["x"], "db")  # port 9 would refuse a connection: nothing was attempted
    with pytest.raises(EmbeddingsNotSupportedError):
        asyncio.run(emb.aembed(["x"], "db"))


def test_official_hosts_accepted() -> None:
    for url in ("https://api.minimax.io/v1", "https://api.minimaxi.com/v1"):
        emb = MiniMaxEmbeddingsClient(MiniMaxClient(api_key=KEY, base_url=url))
        assert emb.url == url + "/embeddings"


@pytest.mark.parametrize(
    "code, error",
    [(1004, AuthenticationError), (1008, InsufficientBalanceError), (2013, BadRequestError)],
)
def test_http200_error_envelopes_are_typed_and_not_retried(
    server: EmbeddingsServer, code: int, error: type[Exception]
) -> None:
    server.error(code)
    with pytest.raises(error) as info:
        make(server).embed(["x"], "db")
    assert info.value.code == code  # type: ignore[attr-defined]
    assert len(server.bodies) == 1


def test_1002_is_retried_then_succeeds(server: EmbeddingsServer) -> None:
    server.error(1002, times=2)
    result = make(server, max_retries=2).embed(["x"], "db")
    assert len(server.bodies) == 3 and result.vectors == [vec("x", "db")]


async def test_1002_async_gives_up_after_max_retries() -> None:
    with EmbeddingsServer() as server:
        server.error(1002, times=5)
        with pytest.raises(RateLimitError) as info:
            await make(server, max_retries=1).aembed(["x"], "db")
        assert info.value.code == 1002
        assert len(server.bodies) == 2


def test_1002_honours_retry_after(
    server: EmbeddingsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr("minimax_transport.embeddings.time.sleep", waits.append)
    server.error(1002, headers={"Retry-After": "3"})
    make(server).embed(["x"], "db")
    assert waits == [3.0]


def test_wrong_vector_count_is_a_response_format_error(server: EmbeddingsServer) -> None:
    from minimax_transport import ResponseFormatError

    server.script.append((200, wire.embeddings_body(["a"], "db", 8), {}))
    with pytest.raises(ResponseFormatError, match="1 vectors for 2 texts"):
        make(server).embed(["a", "b"], "db")


def test_key_never_in_errors_or_logs(
    server: EmbeddingsServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.script.append((200, wire.base_resp_error_body(1004, f"bad key {KEY}"), {}))
    emb = make(server)
    with pytest.raises(AuthenticationError) as info:
        emb.embed(["x"], "db")
    assert KEY not in str(info.value) and KEY not in repr(info.value.body)
    assert KEY not in repr(emb) and KEY not in caplog.text


@settings(max_examples=200)
@given(
    texts=st.lists(st.text(min_size=1, max_size=40), max_size=60),
    max_texts=st.integers(1, 10),
    max_tokens=st.integers(1, 60),
)
def test_batch_splitting_covers_every_text_once_in_order(
    texts: list[str], max_texts: int, max_tokens: int
) -> None:
    ranges = split_batches(texts, max_tokens=max_tokens, max_texts=max_texts)
    flat = [i for s, e in ranges for i in range(s, e)]
    assert flat == list(range(len(texts)))  # every text exactly once, in order
    for s, e in ranges:
        assert 1 <= e - s <= max_texts
        cost = sum(estimate_text_tokens(t) for t in texts[s:e])
        assert cost <= max_tokens or e - s == 1


@pytest.fixture(scope="module")
def shared_server() -> Iterator[EmbeddingsServer]:
    with EmbeddingsServer() as s:
        yield s


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=20), max_size=30), max_texts=st.integers(1, 7))
def test_embedded_vectors_match_inputs_in_order(
    shared_server: EmbeddingsServer, texts: list[str], max_texts: int
) -> None:
    shared_server.bodies.clear()
    result = make(shared_server, max_batch_texts=max_texts).embed(texts, "db")
    assert result.vectors == [vec(t, "db") for t in texts]
    assert [t for b in shared_server.bodies for t in b["texts"]] == texts


def test_embedding_cassettes_match_their_generator() -> None:
    from .make_embedding_cassettes import main

    assert main(["--check"]) == 0


def test_emulator_serves_embeddings() -> None:
    import socket

    import httpx

    from minimax_testing.emulator import MiniMaxEmulator

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with MiniMaxEmulator(port=port) as emulator:
        client = MiniMaxClient(api_key=KEY, base_url=emulator.base_url, preset="minimax")
        result = MiniMaxEmbeddingsClient(client).embed(["a", "b"], "query")
        assert result.vectors == [wire.embedding_vector(t, "query") for t in ("a", "b")]
        assert len(result.vectors[0]) == 1536
        with pytest.raises(BadRequestError) as info:
            # OpenAI's body shape: MiniMax answers HTTP 200 with base_resp 2013
            response = httpx.post(
                emulator.base_url + "/embeddings",
                json={"model": "embo-01", "input": ["a"]},
                headers={"Authorization": f"Bearer {KEY}"},
            )
            assert response.status_code == 200
            from minimax_transport.embeddings import _parse

            _parse(response, 1)
        assert info.value.code == 2013
        client.close()
