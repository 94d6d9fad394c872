"""Errors and retries: one retry layer (the transport's), typed errors reach the user."""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatMessage

from llama_index_minimax import (
    AuthenticationError,
    ContextWindowExceededError,
    MiniMax,
    MissingAPIKeyError,
    ServerError,
)

USER = [ChatMessage(role="user", content="What is 7 times 8?")]


@pytest.mark.vcr("http_500_three_times.yaml")
def test_http_500_max_retries_2_is_at_most_3_requests(make_llm: Any, wire: Any, vcr: Any) -> None:
    llm = make_llm(max_retries=2)
    with pytest.raises(ServerError) as info:
        llm.chat(USER)
    assert info.value.status_code == 500
    assert info.value.code == 1033
    assert len(wire.bodies) == 3
    assert vcr.play_count == 3  # the recorded 4th (successful) answer was never requested


@pytest.mark.vcr("http_500_three_times.yaml")
async def test_http_500_async_at_most_3_requests(make_llm: Any, wire: Any) -> None:
    with pytest.raises(ServerError):
        await make_llm(max_retries=2).achat(USER)
    assert len(wire.bodies) == 3


@pytest.mark.vcr("http_500_three_times.yaml")
def test_max_retries_0_is_one_request(make_llm: Any, wire: Any) -> None:
    with pytest.raises(ServerError):
        make_llm(max_retries=0).complete("7*8?")
    assert len(wire.bodies) == 1


@pytest.mark.vcr("http_500_then_ok.yaml")
def test_http_500_then_success(make_llm: Any, wire: Any) -> None:
    assert make_llm(max_retries=2).chat(USER).message.content == "56"
    assert len(wire.bodies) == 2


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("stream_500_then_ok.yaml")
async def test_stream_retried_before_first_event(make_llm: Any, wire: Any, mode: str) -> None:
    llm = make_llm(max_retries=2)
    if mode == "sync":
        chunks = list(llm.stream_chat(USER))
    else:
        chunks = [c async for c in await llm.astream_chat(USER)]
    assert chunks[-1].message.content == "Hello! How can I help you today?"
    assert len(wire.bodies) == 2


@pytest.mark.vcr("base_resp_1004.yaml")
def test_base_resp_auth_error_not_retried(make_llm: Any, wire: Any) -> None:
    with pytest.raises(AuthenticationError) as info:
        make_llm(max_retries=2).chat(USER)
    assert info.value.code == 1004
    assert "login fail" in str(info.value)
    assert len(wire.bodies) == 1


@pytest.mark.vcr("context_window_2013.yaml")
async def test_context_window_error_typed(make_llm: Any, wire: Any) -> None:
    with pytest.raises(ContextWindowExceededError) as info:
        await make_llm().achat(USER)
    assert info.value.status_code == 400
    assert info.value.code == 2013
    assert info.value.request_id == "0640ba842245a2234f67f9f955956ba6"
    assert len(wire.bodies) == 1


def test_missing_key_raises_at_first_call_not_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MINIMAX_API_KEY", raising=False)
    llm = MiniMax()  # Settings.llm = MiniMax() before the key is set must work
    with pytest.raises(MissingAPIKeyError, match="MINIMAX_API_KEY"):
        llm.complete("hi")
    monkeypatch.setenv("MINIMAX_API_KEY", "sk-set-later")
    assert llm.client.api_key is not None
    assert llm.client.api_key.get_secret_value() == "sk-set-later"


def test_missing_key_in_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINIMAX_API_KEY", raising=False)
    with pytest.raises(MissingAPIKeyError):
        list(MiniMax().stream_chat(USER))
