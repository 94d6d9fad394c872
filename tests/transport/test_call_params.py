"""Call parameters and the client cache: one set of rules, used by both adapters."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from minimax_transport.call_params import (
    build_chat_request,
    normalize_tool_choice,
    split_call_params,
)
from minimax_transport.client_cache import ClientCache, ClientConfig
from minimax_transport.settings import TransportSettings
from minimax_transport.types import ToolSpec, UserMessage

ADD = ToolSpec(name="add", description="Add.", parameters={"type": "object", "properties": {}})
HI = [UserMessage("hi")]


@pytest.mark.parametrize(
    ("choice", "required", "expected"),
    [
        (None, False, None),
        (None, True, "required"),
        (False, False, None),
        (True, False, "required"),
        ("any", False, "required"),
        ("required", False, "required"),
        ("auto", True, "auto"),
        ("none", False, "none"),
        ("add", False, "add"),
        ({"type": "function", "function": {"name": "add"}}, False, "add"),
        ({"type": "tool", "name": "add"}, False, "add"),
        ({"type": "any"}, False, "required"),
        ({"type": "auto"}, False, "auto"),
    ],
)
def test_normalize_tool_choice(choice: Any, required: bool, expected: str | None) -> None:
    assert normalize_tool_choice(choice, required=required) == expected


@pytest.mark.parametrize("choice", [42, {"type": "function"}, ["add"]])
def test_normalize_tool_choice_rejects(choice: Any) -> None:
    with pytest.raises(ValueError, match="Unsupported tool_choice"):
        normalize_tool_choice(choice)


def test_layers_none_alias_and_extra_body() -> None:
    fields, extra = split_call_params(
        {"temperature": 0.5, "max_tokens": 100, "extra_body": {"a": 1}},
        {"temperature": None, "max_completion_tokens": 50, "seed": 7, "extra_body": {"b": 2}},
        {"max_tokens": 10, "max_completion_tokens": 99},
    )
    assert fields == {"temperature": 0.5, "max_tokens": 10}
    assert extra == {"a": 1, "seed": 7, "b": 2}


def test_build_chat_request() -> None:
    req = build_chat_request(
        "MiniMax-M2.7",
        HI,
        {"stop": "END", "stream_usage": 0, "tool_choice": "any"},
        {"model": "MiniMax-M3", "tools": [ADD, "raw"], "tool_choice": True},
        tool_spec=lambda t: ToolSpec(name=t, description="", parameters=None),
    )
    assert req.model == "MiniMax-M3"
    assert req.stop == ["END"] and req.stream_usage is False
    assert [t.name for t in req.tools or []] == ["add", "raw"]
    assert req.tool_choice == "required"
    # tool_choice without tools is dropped; a framework tool without a converter is an error
    assert build_chat_request("m", HI, {"tool_choice": "add"}).tool_choice is None
    with pytest.raises(ValueError, match="ToolSpec"):
        build_chat_request("m", HI, {"tools": ["raw"]})


def test_client_cache_reuses_and_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ClientCache()
    config = ClientConfig(api_key="sk-one", settings=TransportSettings(max_retries=1))
    first = cache.get(config)
    assert (
        cache.get(ClientConfig(api_key="sk-one", settings=TransportSettings(max_retries=1)))
        is first
    )
    closed: list[Any] = []
    monkeypatch.setattr(first, "close", lambda: closed.append(first))
    second = cache.get(config.replace(api_key="sk-two"))
    assert second is not first and closed == [first]
    assert second.api_key is not None and second.api_key.get_secret_value() == "sk-two"
    # the key's hash, never the key, is part of the cache key
    assert "sk-two" not in repr(config.replace(api_key="sk-two").key())
    monkeypatch.setenv("MINIMAX_BASE_URL", "https://api.minimaxi.com/v1")
    third = cache.get(config.replace(api_key="sk-two"))
    assert third is not second and third.preset.name == "minimax-cn"
    assert pickle.loads(pickle.dumps(cache)).get(config) is not third


def test_retry_policy_is_reported_by_the_settings() -> None:
    from minimax_transport import MiniMaxClient, RetryPolicy

    client = MiniMaxClient(
        api_key="sk-test", retry_policy=RetryPolicy(max_retries=5, max_retry_after=3.0)
    )
    assert client.max_retries == client.settings.max_retries == 5
    assert client.settings.retry_after_limit == 3.0
