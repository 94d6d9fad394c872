"""An edited assistant ``ChatMessage`` goes on the wire as edited, never as the stale original.

``MiniMax`` keeps MiniMax's verbatim wire fields on each answer (the replay payload) and sends
them back only while the message's ``TextBlock``, ``ThinkingBlock`` and ``ToolCallBlock`` blocks
still hold what was received. These tests replace blocks, keep messages in LlamaIndex memory
(``Memory``, which stores them as JSON, and ``ChatMemoryBuffer``) and assert on the request
bodies the loopback MiniMax-dialect emulator received, for both reasoning shapes (inline
``<think>`` and ``reasoning_details``). They also pin that a tool called with ``arguments: ""``
is replayed as ``"{}"`` (MiniMax refuses ``""`` with error 2013, and so does the emulator).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from llama_index.core.agent.workflow import FunctionAgent
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)
from llama_index.core.memory import ChatMemoryBuffer, Memory
from llama_index.core.tools import FunctionTool

from llama_index_minimax import REPLAY_KEY, MiniMax
from minimax_testing.emulator import MiniMaxEmulator


def get_weather(city: str) -> str:
    """Get the weather in a city."""
    return "12℃, cloudy"


def current_time() -> str:
    """Get the current time."""
    return "10:42"


WEATHER = FunctionTool.from_defaults(get_weather)
CLOCK = FunctionTool.from_defaults(current_time)
HELLO = ChatMessage(role="user", content="Hello")
WEATHER_Q = ChatMessage(role="user", content="How is the weather in Paris?")
MODES = [
    pytest.param(split, mode, id=f"{'split' if split else 'inline'}-{mode}")
    for split in (False, True)
    for mode in ("chat", "stream")
]


@pytest.fixture
def emulator() -> Iterator[MiniMaxEmulator]:
    with MiniMaxEmulator(port=0) as emu:
        yield emu


def _llm(emu: MiniMaxEmulator, split: bool, scenario: str | None = None) -> MiniMax:
    return MiniMax(
        model="MiniMax-M2.7",
        api_key="test-key-not-a-real-key",
        api_base=emu.scenario_url(scenario) if scenario else emu.base_url,
        preset="minimax",
        max_retries=0,
        reasoning_split=split,
    )


def _chat(llm: MiniMax, messages: list[ChatMessage], mode: str, **kw: Any) -> ChatResponse:
    if mode == "chat":
        return llm.chat_with_tools(chat_history=messages, **kw) if kw else llm.chat(messages)
    last: ChatResponse | None = None
    stream = (
        llm.stream_chat_with_tools(chat_history=messages, **kw) if kw else llm.stream_chat(messages)
    )
    chunks = list(stream)
    last = chunks[-1] if chunks else None
    assert last is not None
    return last


async def _achat(llm: MiniMax, messages: list[ChatMessage], mode: str, **kw: Any) -> ChatResponse:
    if mode == "chat":
        if kw:
            return await llm.achat_with_tools(chat_history=messages, **kw)
        return await llm.achat(messages)
    last: ChatResponse | None = None
    if kw:
        stream = await llm.astream_chat_with_tools(chat_history=messages, **kw)
    else:
        stream = await llm.astream_chat(messages)
    chunks = [c async for c in stream]
    last = chunks[-1] if chunks else None
    assert last is not None
    return last


def _assistant(body: dict[str, Any]) -> dict[str, Any]:
    return next(m for m in body["messages"] if m["role"] == "assistant")


def _reasoning(message: ChatMessage) -> str:
    return next(b.content for b in message.blocks if isinstance(b, ThinkingBlock) and b.content)


def _replace(message: ChatMessage, kind: type, new: Any) -> ChatMessage:
    blocks = [new if isinstance(b, kind) else b for b in message.blocks]
    return message.model_copy(update={"blocks": blocks})


def _tool_result(call: ToolCallBlock, text: str) -> ChatMessage:
    return ChatMessage(
        role="tool",
        content=text,
        additional_kwargs={"tool_call_id": call.tool_call_id, "name": call.tool_name},
    )


# ------------------------------------------------------------------ replaced blocks
@pytest.mark.parametrize(("split", "mode"), MODES)
def test_replaced_text_block_is_sent(emulator: MiniMaxEmulator, split: bool, mode: str) -> None:
    llm = _llm(emulator, split)
    first = _chat(llm, [HELLO], mode).message
    assert first.content == "Hello! How can I help you today?"
    edited = _replace(first, TextBlock, TextBlock(text="EDITED"))
    _chat(llm, [HELLO, edited, ChatMessage(role="user", content="How are you?")], mode)
    wire = _assistant(emulator.received[-1])
    assert "How can I help" not in json.dumps(wire)
    if split:
        assert wire["content"] == "EDITED"
        assert wire["reasoning_details"] == first.additional_kwargs[REPLAY_KEY]["reasoning_details"]
    else:
        assert wire == {
            "role": "assistant",
            "content": f"<think>\n{_reasoning(first)}\n</think>\n\nEDITED",
        }


@pytest.mark.parametrize(("split", "mode"), MODES)
async def test_replaced_tool_call_kwargs_are_sent_async(
    emulator: MiniMaxEmulator, split: bool, mode: str
) -> None:
    llm = _llm(emulator, split)
    first = (await _achat(llm, [WEATHER_Q], mode, tools=[WEATHER])).message
    (call,) = [b for b in first.blocks if isinstance(b, ToolCallBlock)]
    assert call.tool_kwargs == {"city": "Paris"}
    moved = call.model_copy(update={"tool_kwargs": {"city": "Berlin"}})
    edited = _replace(first, ToolCallBlock, moved)
    history = [WEATHER_Q, edited, _tool_result(call, "3℃, snow")]
    final = await _achat(llm, history, mode, tools=[WEATHER])
    assert final.message.content == "The tool returned: 3℃, snow"
    wire = _assistant(emulator.received[-1])
    assert [(c["id"], c["function"]) for c in wire["tool_calls"]] == [
        (call.tool_call_id, {"name": "get_weather", "arguments": '{"city": "Berlin"}'})
    ]
    if split:
        assert wire["reasoning_details"] == first.additional_kwargs[REPLAY_KEY]["reasoning_details"]
    else:
        assert wire["content"] == f"<think>\n{_reasoning(first)}\n</think>\n\n"


@pytest.mark.parametrize("split", [False, True])
def test_replaced_thinking_block_is_sent(emulator: MiniMaxEmulator, split: bool) -> None:
    llm = _llm(emulator, split)
    first = llm.chat([HELLO]).message
    edited = _replace(first, ThinkingBlock, ThinkingBlock(content="Greet back."))
    llm.chat([HELLO, edited, ChatMessage(role="user", content="How are you?")])
    wire = _assistant(emulator.received[-1])
    if split:
        assert wire["content"] == "Hello! How can I help you today?"
        assert wire["reasoning_details"] == [
            {"type": "reasoning.text", "text": "Greet back.", "format": "MiniMax-response-v1"}
        ]
    else:
        assert (
            wire["content"] == "<think>\nGreet back.\n</think>\n\nHello! How can I help you today?"
        )


def test_removed_tool_call_blocks_are_not_sent(emulator: MiniMaxEmulator) -> None:
    llm = _llm(emulator, False)
    first = llm.chat_with_tools(tools=[WEATHER], chat_history=[WEATHER_Q]).message
    assert first.additional_kwargs["tool_calls"]  # the legacy copy stays on the message
    blocks = [b for b in first.blocks if not isinstance(b, ToolCallBlock)]
    edited = first.model_copy(update={"blocks": blocks})
    llm.chat([WEATHER_Q, edited, ChatMessage(role="user", content="Hello")])
    wire = _assistant(emulator.received[-1])
    assert "tool_calls" not in wire
    assert wire["content"] == f"<think>\n{_reasoning(first)}\n</think>\n\n"


# ------------------------------------------------------------------ memory
def _memories() -> list[Any]:
    return [
        pytest.param(
            lambda: Memory.from_defaults(session_id="replay", token_limit=40_000), id="Memory"
        ),
        pytest.param(
            lambda: ChatMemoryBuffer.from_defaults(token_limit=40_000), id="ChatMemoryBuffer"
        ),
    ]


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("make_memory", _memories())
def test_memory_keeps_unedited_turns_verbatim(
    emulator: MiniMaxEmulator, split: bool, make_memory: Any
) -> None:
    llm = _llm(emulator, split)
    memory = make_memory()
    first = llm.chat_with_tools(tools=[WEATHER], chat_history=[WEATHER_Q]).message
    (call,) = [b for b in first.blocks if isinstance(b, ToolCallBlock)]
    memory.put_messages([WEATHER_Q, first, _tool_result(call, "12℃, cloudy")])
    history = memory.get()
    if isinstance(memory, Memory):
        assert history[1] is not first  # read back from its JSON row
    llm.chat_with_tools(tools=[WEATHER], chat_history=history)
    wire = _assistant(emulator.received[-1])
    received = first.additional_kwargs[REPLAY_KEY]
    for key in ("content", "reasoning_details", "tool_calls"):
        if key in received:
            assert wire[key] == received[key]  # byte-exact, as MiniMax sent it


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("make_memory", _memories())
async def test_memory_sends_edited_turns_as_edited(
    emulator: MiniMaxEmulator, split: bool, make_memory: Any
) -> None:
    llm = _llm(emulator, split)
    memory = make_memory()
    first = (await llm.achat([HELLO])).message
    await memory.aput_messages([HELLO, first])
    (stored,) = [m for m in await memory.aget() if m.role == "assistant"]
    redacted = _replace(stored, TextBlock, TextBlock(text="Hello! [REDACTED]"))
    await memory.aset([HELLO, redacted])
    history = [*await memory.aget(), ChatMessage(role="user", content="How are you?")]
    await llm.achat(history)
    wire = _assistant(emulator.received[-1])
    assert "How can I help" not in json.dumps(wire)
    if split:
        assert wire["content"] == "Hello! [REDACTED]"
    else:
        assert wire["content"] == f"<think>\n{_reasoning(first)}\n</think>\n\nHello! [REDACTED]"


# ------------------------------------------------------------------ empty tool arguments
@pytest.mark.parametrize(("split", "mode"), MODES)
def test_empty_tool_arguments_are_replayed_as_empty_object(
    emulator: MiniMaxEmulator, split: bool, mode: str
) -> None:
    llm = _llm(emulator, split, scenario="empty_tool_arguments")
    question = ChatMessage(role="user", content="What does current_time say?")
    first = _chat(llm, [question], mode, tools=[CLOCK]).message
    (call,) = [b for b in first.blocks if isinstance(b, ToolCallBlock)]
    assert call.tool_kwargs == {}
    assert first.additional_kwargs[REPLAY_KEY]["tool_calls"][0]["function"]["arguments"] == ""
    final = _chat(llm, [question, first, _tool_result(call, "10:42")], mode, tools=[CLOCK])
    assert final.message.content == "The tool returned: 10:42"  # the emulator refuses ""
    assert _assistant(emulator.received[-1])["tool_calls"][0]["function"]["arguments"] == "{}"


@pytest.mark.parametrize("mode", ["chat", "stream"])
async def test_empty_tool_arguments_are_replayed_as_empty_object_async(
    emulator: MiniMaxEmulator, mode: str
) -> None:
    llm = _llm(emulator, False, scenario="empty_tool_arguments")
    question = ChatMessage(role="user", content="What does current_time say?")
    first = (await _achat(llm, [question], mode, tools=[CLOCK])).message
    (call,) = [b for b in first.blocks if isinstance(b, ToolCallBlock)]
    history = [question, first, _tool_result(call, "10:42")]
    final = await _achat(llm, history, mode, tools=[CLOCK])
    assert final.message.content == "The tool returned: 10:42"
    assert _assistant(emulator.received[-1])["tool_calls"][0]["function"]["arguments"] == "{}"


@pytest.mark.parametrize("split", [False, True])
async def test_function_agent_memory_replays_unedited_and_sends_edited(
    emulator: MiniMaxEmulator, split: bool
) -> None:
    agent = FunctionAgent(tools=[WEATHER], llm=_llm(emulator, split))
    memory = Memory.from_defaults(session_id="agent", token_limit=40_000)
    await agent.run(user_msg="How is the weather in Paris?", memory=memory)
    stored = await memory.aget_all()
    call_turn, answer_turn = [m for m in stored if m.role == "assistant"]
    assert answer_turn.content == "The tool returned: 12℃, cloudy"
    redacted = _replace(answer_turn, TextBlock, TextBlock(text="The tool returned: [REDACTED]"))
    await memory.aset([redacted if m is answer_turn else m for m in stored])
    await agent.run(user_msg="Hello", memory=memory)
    assert len(emulator.received) == 3
    sent = [m for m in emulator.received[-1]["messages"] if m["role"] == "assistant"]
    received = call_turn.additional_kwargs[REPLAY_KEY]
    for key in ("content", "reasoning_details", "tool_calls"):  # unedited: verbatim
        if key in received:
            assert sent[0][key] == received[key]
    assert "The tool returned: 12℃" not in json.dumps(sent[1], ensure_ascii=False)
    if split:
        assert sent[1]["content"] == "The tool returned: [REDACTED]"
    else:  # the reasoning was not edited: it is still sent
        reasoning = _reasoning(answer_turn)
        assert sent[1]["content"] == (
            f"<think>\n{reasoning}\n</think>\n\nThe tool returned: [REDACTED]"
        )
