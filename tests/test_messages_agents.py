"""Both adapters' agent loops on the Messages dialect (MiniMax's Anthropic-compatible endpoint),
against the loopback emulator's ``/anthropic/v1/messages``: LangChain ``create_agent`` and a
LlamaIndex ``FunctionAgent``, sync and async, streamed and not. The user's code differs from
the chat dialect only in the base URL. The emulator verifies what MiniMax documents for this
endpoint: each tool result answers the previous turn's ``tool_use`` ids, and a signed
``thinking`` block comes back with its signature unmodified (HTTP 400 otherwise)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage
from langchain_core.tools import tool
from llama_index.core.agent.workflow import AgentStream, FunctionAgent, ToolCallResult
from llama_index.core.tools import FunctionTool

from langchain_minimax import ChatMiniMax
from llama_index_minimax import MiniMax
from minimax_testing.emulator import MiniMaxEmulator
from minimax_testing.wire import thinking_signature

KEY = "test-key-not-a-real-key"


@pytest.fixture
def emulator() -> Iterator[MiniMaxEmulator]:
    with MiniMaxEmulator(port=0) as emu:
        yield emu


@tool
def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "24℃, sunny"


def weather(location: str) -> str:
    """Get the weather at a location."""
    return "24℃, sunny"


def _assistant_blocks(body: dict[str, Any]) -> list[dict[str, Any]]:
    turn = next(m for m in body["messages"] if m["role"] == "assistant")
    blocks: list[dict[str, Any]] = turn["content"]
    return blocks


def _check_replayed(emu: MiniMaxEmulator) -> None:
    assert len(emu.received) == 2
    first, second = emu.received
    assert first["thinking"] == {"type": "adaptive"}  # M3: omitted would disable thinking
    blocks = _assistant_blocks(second)
    assert [b["type"] for b in blocks] == ["thinking", "tool_use"]
    assert blocks[0]["signature"] == thinking_signature(blocks[0]["thinking"])
    assert blocks[1]["name"] in ("get_weather", "weather")
    result = second["messages"][-1]["content"][0]
    assert result == {
        "type": "tool_result",
        "tool_use_id": blocks[1]["id"],
        "content": "24℃, sunny",
    }


@pytest.mark.parametrize("streaming", [False, True])
def test_langchain_create_agent(emulator: MiniMaxEmulator, streaming: bool) -> None:
    llm = ChatMiniMax(
        model="MiniMax-M3",
        api_key=KEY,
        base_url=emulator.anthropic_base_url,
        streaming=streaming,
        max_retries=0,
    )
    agent = create_agent(llm, [get_weather])
    state = agent.invoke({"messages": [("user", "How is the weather in Paris?")]})
    kinds = [type(m).__name__ for m in state["messages"]]
    assert kinds == ["HumanMessage", "AIMessage", "ToolMessage", "AIMessage"]
    call, final = state["messages"][1], state["messages"][3]
    assert isinstance(call, AIMessage) and isinstance(final, AIMessage)
    assert call.tool_calls[0]["args"] == {"location": "Paris"}
    assert "get_weather tool fits" in call.additional_kwargs["reasoning_content"]
    assert final.text == "The tool returned: 24℃, sunny"
    assert final.additional_kwargs["reasoning_content"].startswith("The tool returned")
    _check_replayed(emulator)


async def test_langchain_create_agent_async(emulator: MiniMaxEmulator) -> None:
    llm = ChatMiniMax(model="MiniMax-M3", api_key=KEY, base_url=emulator.anthropic_base_url)
    agent = create_agent(llm, [get_weather])
    state = await agent.ainvoke({"messages": [("user", "How is the weather in Paris?")]})
    assert state["messages"][-1].text == "The tool returned: 24℃, sunny"
    _check_replayed(emulator)


async def test_llama_index_function_agent(emulator: MiniMaxEmulator) -> None:
    llm = MiniMax(
        model="MiniMax-M3", api_key=KEY, api_base=emulator.anthropic_base_url, max_retries=0
    )
    agent = FunctionAgent(
        tools=[FunctionTool.from_defaults(weather)], llm=llm, system_prompt="You are helpful."
    )
    handler = agent.run(user_msg="How is the weather in Paris?")
    events = [ev async for ev in handler.stream_events()]
    result = await handler
    assert str(result.response.content) == "The tool returned: 24℃, sunny"
    calls = [e for e in events if isinstance(e, ToolCallResult)]
    assert [(c.tool_name, c.tool_kwargs) for c in calls] == [("weather", {"location": "Paris"})]
    streams = [e for e in events if isinstance(e, AgentStream)]
    thinking = "".join(e.thinking_delta or "" for e in streams)
    assert "weather tool fits" in thinking and "The tool returned" in thinking
    assert "weather tool fits" not in "".join(e.delta for e in streams)
    _check_replayed(emulator)
    assert emulator.received[0]["system"] == "You are helpful."
    assert emulator.received[0]["stream"] is True


def test_edited_signed_thinking_is_refused_by_the_emulator(emulator: MiniMaxEmulator) -> None:
    """The emulator really checks signatures: a tampered payload is a typed 400."""
    from minimax_transport import BadRequestError

    llm = ChatMiniMax(
        model="MiniMax-M3", api_key=KEY, base_url=emulator.anthropic_base_url, max_retries=0
    )
    first = llm.bind_tools([get_weather]).invoke("How is the weather in Paris?")
    payload = json.loads(json.dumps(first.additional_kwargs["minimax_replay"]))
    payload["blocks"][0]["thinking"] += " (tampered)"
    tampered = first.model_copy(
        update={"additional_kwargs": {**first.additional_kwargs, "minimax_replay": payload}}
    )
    from langchain_core.messages import HumanMessage, ToolMessage

    history = [
        HumanMessage("How is the weather in Paris?"),
        tampered,
        ToolMessage("24℃, sunny", tool_call_id=first.tool_calls[0]["id"]),
    ]
    with pytest.raises(BadRequestError, match="signature"):
        llm.bind_tools([get_weather]).invoke(history)


@pytest.mark.parametrize("streaming", [False, True])
def test_signature_in_framework_blocks(emulator: MiniMaxEmulator, streaming: bool) -> None:
    """LangChain: the reasoning block's ``extras["signature"]``; LlamaIndex: the
    ``ThinkingBlock``'s ``additional_information["signature"]`` (as the Anthropic integrations
    keep them). The chat dialect has no signature: none is invented."""
    from llama_index.core.base.llms.types import ChatMessage, ThinkingBlock

    lc = ChatMiniMax(
        model="MiniMax-M3", api_key=KEY, base_url=emulator.anthropic_base_url, streaming=streaming
    )
    msg = lc.invoke("Hello")
    reasoning = next(b for b in msg.content_blocks if b["type"] == "reasoning")
    assert reasoning["extras"]["signature"] == thinking_signature(reasoning["reasoning"])

    li = MiniMax(model="MiniMax-M3", api_key=KEY, api_base=emulator.anthropic_base_url)
    messages = [ChatMessage(role="user", content="Hello")]
    resp = list(li.stream_chat(messages))[-1] if streaming else li.chat(messages)
    block = next(b for b in resp.message.blocks if isinstance(b, ThinkingBlock))
    assert block.additional_information["signature"] == thinking_signature(block.content or "")

    chat = ChatMiniMax(model="MiniMax-M2.7", api_key=KEY, base_url=emulator.base_url)
    plain = next(b for b in chat.invoke("Hello").content_blocks if b["type"] == "reasoning")
    assert "extras" not in plain


def test_structured_output_falls_back_to_tool_calling(emulator: MiniMaxEmulator) -> None:
    """No response_format on this endpoint: the adapter learns it from the transport's
    per-dialect profile and uses a forced tool call instead (with a warning)."""
    from pydantic import BaseModel

    class Joke(BaseModel):
        setup: str
        punchline: str

    llm = ChatMiniMax(model="MiniMax-M3", api_key=KEY, base_url=emulator.anthropic_base_url)
    assert llm.profile is not None and llm.profile["structured_output"] is False
    assert ChatMiniMax(model="MiniMax-M3", api_key=KEY).model_info().response_format is True
    with pytest.warns(UserWarning, match="response_format"):
        structured = llm.with_structured_output(Joke, method="json_schema")
    joke = structured.invoke("Tell me a joke about cats")
    assert isinstance(joke, Joke) and joke.setup == "Why did the cat sit on the computer?"
    sent = emulator.received[-1]
    assert "response_format" not in sent and [t["name"] for t in sent["tools"]] == ["Joke"]


def test_edited_turns_are_rebuilt_and_accepted(emulator: MiniMaxEmulator) -> None:
    """The replay rule on this dialect, through both frameworks: an edited answer is rebuilt
    with the received signed thinking block (the emulator verifies the signature); an edited
    reasoning goes back as one unsigned thinking block."""
    from langchain_core.messages import HumanMessage, ToolMessage
    from llama_index.core.base.llms.types import ChatMessage, TextBlock, ThinkingBlock

    lc = ChatMiniMax(
        model="MiniMax-M3", api_key=KEY, base_url=emulator.anthropic_base_url, max_retries=0
    ).bind_tools([get_weather])
    first = lc.invoke("How is the weather in Paris?")
    assert isinstance(first, AIMessage)
    edited = first.model_copy(update={"content": "Let me look that up."})
    result = ToolMessage("24℃, sunny", tool_call_id=first.tool_calls[0]["id"])
    lc.invoke([HumanMessage("How is the weather in Paris?"), edited, result])
    blocks = _assistant_blocks(emulator.received[-1])
    assert [b["type"] for b in blocks] == ["thinking", "text", "tool_use"]
    assert blocks[0]["signature"] == thinking_signature(blocks[0]["thinking"])
    assert blocks[1] == {"type": "text", "text": "Let me look that up."}

    li = MiniMax(model="MiniMax-M3", api_key=KEY, api_base=emulator.anthropic_base_url)
    answer = li.chat([ChatMessage(role="user", content="Hello")]).message
    redacted = answer.model_copy(
        update={
            "blocks": [
                ThinkingBlock(content="[redacted]") if isinstance(b, ThinkingBlock) else b
                for b in answer.blocks
            ]
        }
    )
    li.chat(
        [
            ChatMessage(role="user", content="Hello"),
            redacted,
            ChatMessage(role="user", content="Hi"),
        ]
    )
    assert _assistant_blocks(emulator.received[-1]) == [
        {"type": "thinking", "thinking": "[redacted]"},
        {"type": "text", "text": next(b.text for b in answer.blocks if isinstance(b, TextBlock))},
    ]
