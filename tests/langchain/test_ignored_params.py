"""Nothing the user asks for is dropped in silence (LangChain side).

* ``response_format`` on a model whose catalog entry says MiniMax ignores it (M2.x) raises
  ``UnsupportedFeatureError`` (also LangChain's ``ModelInvalidRequestError`` and a
  ``ValueError``) naming the model and what to use instead — before any request. Models that
  honour it (M3, Text-01) get it on the wire, and ``ProviderStrategy`` works there.
* ``bind_tools(..., strict=True)`` puts ``strict`` in each tool's schema where the host takes it
  (OpenRouter, OpenAI-compatible servers) and warns where it does not (MiniMax's own API).
* An image for a model without image input (M2.x) raises before any request; M3 forwards it.

Requests are counted on the loopback fault server (MiniMax wire shapes, captures docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)'/'Example: streamed answer with inline think and trailing usage chunk (M2.7)').
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain.agents.structured_output import ProviderStrategy
from langchain_core import exceptions as lc
from langchain_core.messages import HumanMessage
from langchain_core.tools import tool
from pydantic import BaseModel

from langchain_minimax import ChatMiniMax
from minimax_testing.fault_server import FaultServer, completion, json_response
from minimax_transport import errors as transport


class Joke(BaseModel):
    """A joke."""

    setup: str
    punchline: str


@tool
def get_weather(city: str) -> str:
    """Weather in a city."""
    return "sunny"


IMAGE = {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
MODES = ["invoke", "stream", "ainvoke", "astream"]


@pytest.fixture
def server() -> Iterator[FaultServer]:
    s = FaultServer().start()
    try:
        yield s
    finally:
        s.stop()


def _llm(server: FaultServer, model: str = "MiniMax-M2.7", **kw: Any) -> ChatMiniMax:
    params: dict[str, Any] = {
        "model": model,
        "api_key": "sk-test-ignored-params",
        "base_url": server.base_url,
        "max_retries": 0,
        "timeout": 5.0,
    }
    params.update(kw)
    return ChatMiniMax(**params)


def _call(runnable: Any, mode: str, value: Any, **kw: Any) -> Any:
    if mode == "invoke":
        return runnable.invoke(value, **kw)
    if mode == "stream":
        return list(runnable.stream(value, **kw))

    async def run() -> Any:
        try:
            if mode == "ainvoke":
                return await runnable.ainvoke(value, **kw)
            return [c async for c in runnable.astream(value, **kw)]
        finally:
            bound = getattr(runnable, "bound", runnable)
            if isinstance(bound, ChatMiniMax):
                await bound.client.aclose()

    return asyncio.run(run())


def _assert_refused(info: pytest.ExceptionInfo[Any], model: str, feature: str) -> None:
    err = info.value
    assert isinstance(err, transport.UnsupportedFeatureError)
    assert isinstance(err, lc.ModelInvalidRequestError) and isinstance(err, ValueError)
    assert not err.is_retryable
    assert (err.model, err.feature) == (model, feature)
    assert model in str(err)


# ------------------------------------------------------------------------ response_format


@pytest.mark.parametrize("mode", MODES)
def test_response_format_at_invoke_on_m2_is_refused(server: FaultServer, mode: str) -> None:
    with pytest.raises(transport.UnsupportedFeatureError) as info:
        _call(_llm(server, preset="minimax"), mode, "joke", response_format=Joke)
    _assert_refused(info, "MiniMax-M2.7", "response_format")
    assert "ToolStrategy" in str(info.value) and "function_calling" in str(info.value)
    assert server.request_count == 0


@pytest.mark.parametrize("mode", MODES)
def test_response_format_through_bind_tools_on_m2_is_refused(
    server: FaultServer, mode: str
) -> None:
    llm = _llm(server, model="MiniMax-M2.5", preset="openrouter")
    bound = llm.bind_tools([get_weather], response_format=Joke)
    with pytest.raises(lc.ModelInvalidRequestError) as info:
        _call(bound, mode, "joke")
    _assert_refused(info, "MiniMax-M2.5", "response_format")
    assert server.request_count == 0


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_provider_strategy_in_create_agent_on_m2_is_refused(
    server: FaultServer, is_async: bool
) -> None:
    """Before: the schema was dropped and ProviderStrategy failed parsing the free-text
    answer as JSON. Now: a typed error naming the fix, and no request at all."""
    agent = create_agent(
        model=_llm(server, preset="minimax"),
        tools=[get_weather],
        response_format=ProviderStrategy(Joke),
    )
    inputs = {"messages": [HumanMessage("Tell me a joke")]}
    with pytest.raises(transport.UnsupportedFeatureError) as info:  # raised before any pool
        _call(agent, "ainvoke" if is_async else "invoke", inputs)
    _assert_refused(info, "MiniMax-M2.7", "response_format")
    assert server.request_count == 0


@pytest.mark.parametrize("model", ["MiniMax-M3", "MiniMax-Text-01"])
def test_provider_strategy_where_the_model_honours_it(server: FaultServer, model: str) -> None:
    server.script(json_response(200, completion('{"setup": "Why?", "punchline": "Because."}')))
    llm = _llm(server, model=model, preset="minimax")
    agent = create_agent(model=llm, response_format=ProviderStrategy(Joke))
    result = agent.invoke({"messages": [HumanMessage("Tell me a joke")]})
    assert result["structured_response"] == Joke(setup="Why?", punchline="Because.")
    rf = server.requests[0].body["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["name"] == "Joke"
    assert rf["json_schema"]["schema"]["required"] == ["setup", "punchline"]


def test_response_format_override_self_hosted_and_plain_text(server: FaultServer) -> None:
    """``model_overrides`` sends it anyway; a self-hosted server (vLLM / SGLang guided
    decoding) enforces it itself, so it is sent there; ``{"type": "text"}`` asks for nothing
    beyond the default and is not refused."""
    forced = _llm(server, preset="minimax", model_overrides={"response_format": True})
    forced.invoke("joke", response_format=Joke)
    assert server.requests[-1].body["response_format"]["json_schema"]["name"] == "Joke"
    _llm(server, preset="openai-compatible").invoke("joke", response_format=Joke)
    assert server.requests[-1].body["response_format"]["json_schema"]["name"] == "Joke"
    _llm(server, preset="minimax").invoke("hi", response_format={"type": "text"})
    assert "response_format" not in server.requests[-1].body
    assert server.request_count == 3


def test_auto_strategy_still_uses_a_tool_on_m2() -> None:
    """A bare schema in create_agent picks ToolStrategy on M2.x (profile says no native
    structured output), so it is never refused."""
    profile = ChatMiniMax(api_key="sk-test").profile
    assert profile is not None and profile["structured_output"] is False


# ----------------------------------------------------------------------------------- strict


@pytest.mark.parametrize(
    ("strict", "expected"), [(True, True), (False, False), (None, None)], ids=["T", "F", "None"]
)
def test_strict_reaches_each_tool_where_the_host_takes_it(
    server: FaultServer, strict: bool | None, expected: bool | None
) -> None:
    llm = _llm(server)
    assert llm.client.preset.name == "openai-compatible"  # a loopback host
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        llm.bind_tools([get_weather, Joke], strict=strict).invoke("weather?")
    tools = server.requests[0].body["tools"]
    assert [t["function"].get("strict") for t in tools] == [expected, expected]
    if strict:  # LangChain's strict schema travels along
        assert tools[0]["function"]["parameters"]["additionalProperties"] is False


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_strict_dropped_with_a_warning_on_minimax(server: FaultServer, is_async: bool) -> None:
    bound = _llm(server, preset="minimax").bind_tools([get_weather], strict=True)
    with pytest.warns(UserWarning, match=r"strict=True on tools \['get_weather'\] is not sent"):
        _call(bound, "ainvoke" if is_async else "invoke", "weather?")
    fn = server.requests[0].body["tools"][0]["function"]
    assert "strict" not in fn and fn["name"] == "get_weather"


def test_strict_false_is_dropped_silently_on_minimax(server: FaultServer) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _llm(server, preset="minimax").bind_tools([get_weather], strict=False).invoke("w?")
    assert "strict" not in server.requests[0].body["tools"][0]["function"]


# ----------------------------------------------------------------------------------- images


def _image_message() -> HumanMessage:
    return HumanMessage(content=[{"type": "text", "text": "What is this?"}, IMAGE])


@pytest.mark.parametrize("mode", MODES)
def test_image_to_a_text_only_model_is_refused(server: FaultServer, mode: str) -> None:
    with pytest.raises(lc.ModelInvalidRequestError) as info:
        _call(_llm(server), mode, [_image_message()])
    _assert_refused(info, "MiniMax-M2.7", "image_input")
    assert "MiniMax-M3" in str(info.value)
    assert server.request_count == 0


def test_image_in_an_agent_on_m2_is_refused(server: FaultServer) -> None:
    agent = create_agent(model=_llm(server), tools=[get_weather])
    with pytest.raises(transport.UnsupportedFeatureError):
        agent.invoke({"messages": [_image_message()]})
    assert server.request_count == 0


@pytest.mark.parametrize("mode", MODES)
def test_m3_still_forwards_images(server: FaultServer, mode: str) -> None:
    _call(_llm(server, model="MiniMax-M3"), mode, [_image_message()])
    assert server.requests[0].body["messages"][-1]["content"] == [
        {"type": "text", "text": "What is this?"},
        IMAGE,
    ]
