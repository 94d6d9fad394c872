"""M3 / M3.1 answers through LlamaIndex ``MiniMax`` against the loopback emulator
(127.0.0.1, an OS-picked port): split and inline reasoning with an image in the history,
thinking switched off, effort levels; the history sent back as MiniMax returned it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from llama_index.core.base.llms.types import ImageBlock, TextBlock, ThinkingBlock
from llama_index.core.llms import ChatMessage

from llama_index_minimax import MiniMax
from minimax_testing.emulator import MiniMaxEmulator
from minimax_transport import RECEIVED_KEY, REPLAY_KEY
from tests.langchain.seed_image_cassettes import synthetic_png

IMAGE_TURN = ChatMessage(
    role="user",
    blocks=[
        TextBlock(text="What is in this picture?"),
        ImageBlock(image=synthetic_png(32, 16), image_mimetype="image/png"),
    ],
)


def _wire_fields(replay: dict[str, Any]) -> dict[str, Any]:
    """The replay payload's wire fields (without what they were parsed into)."""
    return {k: v for k, v in replay.items() if k != RECEIVED_KEY}


@pytest.fixture(scope="module")
def emulator() -> Iterator[MiniMaxEmulator]:
    with MiniMaxEmulator(port=0) as emu:
        yield emu


def _llm(emulator: MiniMaxEmulator, wire: Any, **kwargs: Any) -> MiniMax:
    return MiniMax(
        api_key="test-key-not-a-real-key",
        api_base=emulator.base_url,
        preset="minimax",
        http_client=wire.sync_client,
        async_http_client=wire.async_client,
        **{"model": "MiniMax-M3", **kwargs},
    )


@pytest.mark.parametrize("split", [None, False], ids=["split", "inline"])
@pytest.mark.parametrize("stream", [False, True], ids=["chat", "stream_chat"])
def test_m3_reasoning_with_an_image_in_history(
    emulator: MiniMaxEmulator, wire: Any, split: bool | None, stream: bool
) -> None:
    llm = _llm(emulator, wire, reasoning_split=split)

    def ask(messages: list[ChatMessage]) -> ChatMessage:
        if not stream:
            return llm.chat(messages).message
        chunks = list(llm.stream_chat(messages))
        assert chunks
        return chunks[-1].message

    first = ask([IMAGE_TURN])
    assert first.content == "I see a 32x16 PNG image."
    thinking = [b for b in first.blocks if isinstance(b, ThinkingBlock)]
    assert thinking and (thinking[0].content or "").startswith("The user sent 1 attachment")
    assert wire.bodies[0]["messages"][0]["content"][1]["type"] == "image_url"

    second = ask([IMAGE_TURN, first, ChatMessage(role="user", content="Hello again")])
    assert second.content == "Hello! How can I help you today?"
    history = wire.bodies[1]["messages"]
    assert history[0]["content"][1]["type"] == "image_url"
    assert history[1] == {"role": "assistant", **_wire_fields(first.additional_kwargs[REPLAY_KEY])}
    if split is False:
        assert history[1]["content"].startswith("<think>\n")
    elif not stream:
        assert history[1]["reasoning_content"] == history[1]["reasoning_details"][0]["text"]


def test_m3_thinking_disabled(emulator: MiniMaxEmulator, wire: Any) -> None:
    resp = _llm(emulator, wire, thinking_dict={"type": "disabled"}).chat(
        [ChatMessage(role="user", content="Hello")]
    )
    assert wire.last["thinking"] == {"type": "disabled"}
    assert resp.message.content == "Hello! How can I help you today?"
    assert not [b for b in resp.message.blocks if isinstance(b, ThinkingBlock)]


def test_m31_effort_changes_the_reasoning(emulator: MiniMaxEmulator, wire: Any) -> None:
    llm = _llm(emulator, wire, model="MiniMax-M3.1-Flash", reasoning_effort="low")
    hello = [ChatMessage(role="user", content="Hello")]
    low = llm.chat(hello)
    high = llm.chat(hello, reasoning_effort="xhigh")
    assert [b["reasoning_effort"] for b in wire.bodies] == ["low", "xhigh"]
    assert low.additional_kwargs["reasoning_tokens"] < high.additional_kwargs["reasoning_tokens"]


async def test_function_agent_on_m3_without_thinking(emulator: MiniMaxEmulator, wire: Any) -> None:
    """A streaming ``FunctionAgent`` tool loop on M3 with thinking switched off: the setting is
    on every request, no reasoning comes back, the tool result is used."""
    from llama_index.core.agent.workflow import AgentStream, FunctionAgent
    from llama_index.core.tools import FunctionTool

    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    llm = _llm(emulator, wire, thinking={"type": "disabled"})
    agent = FunctionAgent(tools=[FunctionTool.from_defaults(add)], llm=llm)
    handler = agent.run(user_msg="What is 1 + 2?")
    events = [ev async for ev in handler.stream_events()]
    result = await handler
    assert str(result.response.content) == "The tool returned: 3"
    assert len(wire.bodies) == 2
    assert all(b["thinking"] == {"type": "disabled"} for b in wire.bodies)
    assert not any(isinstance(e, AgentStream) and e.thinking_delta for e in events)
    assert wire.bodies[1]["messages"][-1] == {
        "role": "tool",
        "tool_call_id": wire.bodies[1]["messages"][-2]["tool_calls"][0]["id"],
        "content": "3",
    }
