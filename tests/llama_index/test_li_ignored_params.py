"""Nothing the user asks for is dropped in silence (LlamaIndex side): an image for a model
without image input (M2.x) and ``response_format`` where MiniMax ignores it raise
``UnsupportedFeatureError`` before any request; M3 still forwards images; ``strict`` tools
reach hosts that take the flag and warn elsewhere. Requests are counted on the loopback fault
server (MiniMax wire shapes, captures docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)'/'Example: streamed answer with inline think and trailing usage chunk (M2.7)')."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatMessage, ImageBlock, TextBlock
from llama_index.core.tools import FunctionTool

from llama_index_minimax import MiniMax
from minimax_testing.fault_server import FaultServer
from minimax_transport import errors

MODES = ["chat", "stream_chat", "achat", "astream_chat"]
RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": "Answer", "schema": {"type": "object", "properties": {}}},
}


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


ADD = FunctionTool.from_defaults(add)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    s = FaultServer().start()
    try:
        yield s
    finally:
        s.stop()


def _llm(server: FaultServer, model: str = "MiniMax-M2.7", **kw: Any) -> MiniMax:
    return MiniMax(model=model, api_key="sk-test-li", api_base=server.base_url, max_retries=0, **kw)


def _call(llm: MiniMax, mode: str, messages: list[ChatMessage], **kw: Any) -> str:
    if mode == "chat":
        return llm.chat(messages, **kw).message.content or ""
    if mode == "stream_chat":
        return [r.message.content for r in llm.stream_chat(messages, **kw)][-1] or ""

    async def run() -> str:
        try:
            if mode == "achat":
                return (await llm.achat(messages, **kw)).message.content or ""
            gen = await llm.astream_chat(messages, **kw)
            return [r.message.content async for r in gen][-1] or ""
        finally:
            await llm.client.aclose()

    return asyncio.run(run())


def _image_message() -> ChatMessage:
    return ChatMessage(
        role="user",
        blocks=[TextBlock(text="What is this?"), ImageBlock(url="https://example.com/cat.png")],
    )


@pytest.mark.parametrize("mode", MODES)
def test_image_to_a_text_only_model_is_refused(server: FaultServer, mode: str) -> None:
    with pytest.raises(errors.UnsupportedFeatureError) as info:
        _call(_llm(server), mode, [_image_message()])
    assert (info.value.model, info.value.feature) == ("MiniMax-M2.7", "image_input")
    assert "MiniMax-M3" in str(info.value) and isinstance(info.value, ValueError)
    assert server.request_count == 0


@pytest.mark.parametrize("mode", MODES)
def test_m3_still_forwards_images(server: FaultServer, mode: str) -> None:
    assert _call(_llm(server, model="MiniMax-M3"), mode, [_image_message()]).startswith("echo:")
    assert server.requests[0].body["messages"][-1]["content"] == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
    ]


@pytest.mark.parametrize("mode", MODES)
def test_response_format_on_m2_is_refused(server: FaultServer, mode: str) -> None:
    msg = [ChatMessage(role="user", content="json please")]
    with pytest.raises(errors.UnsupportedFeatureError) as info:
        _call(_llm(server, preset="minimax"), mode, msg, response_format=RESPONSE_FORMAT)
    assert info.value.feature == "response_format" and "MiniMax-M2.7" in str(info.value)
    assert server.request_count == 0


def test_response_format_sent_where_honoured(server: FaultServer) -> None:
    msg = [ChatMessage(role="user", content="json please")]
    _call(_llm(server, model="MiniMax-Text-01"), "chat", msg, response_format=RESPONSE_FORMAT)
    assert server.requests[0].body["response_format"] == RESPONSE_FORMAT


def test_strict_tools_reach_an_openai_compatible_host(server: FaultServer) -> None:
    llm = _llm(server)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        llm.chat_with_tools([ADD], user_msg="1+2?", strict=True)
    assert server.requests[0].body["tools"][0]["function"]["strict"] is True


def test_strict_tools_dropped_with_a_warning_on_minimax(server: FaultServer) -> None:
    llm = _llm(server, preset="minimax")
    with pytest.warns(UserWarning, match="strict=True on tools"):
        llm.chat_with_tools([ADD], user_msg="1+2?", strict=True)
    assert "strict" not in server.requests[0].body["tools"][0]["function"]
