"""An edited assistant message goes on the wire as edited, never as the stale original.

``ChatMiniMax`` keeps MiniMax's verbatim wire fields on each answer (the replay payload) and
sends them back only while the message still holds the answer, reasoning and tool calls it
was received with. These tests edit messages the way users and LangChain's own middleware do
(``model_copy(update=...)``, ``PIIMiddleware``, ``ContextEditingMiddleware``) and assert on the
request bodies the loopback MiniMax-dialect emulator received. Both reasoning shapes are
covered: inline ``<think>`` in ``content`` (``reasoning_split=False``) and ``reasoning_details``
(``reasoning_split=True``). They also pin that a tool called with ``arguments: ""`` is replayed
as ``"{}"`` (MiniMax refuses ``""`` with error 2013, and so does the emulator).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain.agents.middleware import (
    ClearToolUsesEdit,
    ContextEditingMiddleware,
    PIIMiddleware,
)
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    ToolMessage,
    messages_from_dict,
    messages_to_dict,
)
from langchain_core.tools import tool

from langchain_minimax import REPLAY_KEY, ChatMiniMax
from minimax_testing.emulator import MiniMaxEmulator

EMAIL = "help.desk@example.com"


@tool
def get_weather(city: str) -> str:
    """Get the weather in a city."""
    return "12℃, cloudy"


@tool
def current_time() -> str:
    """Get the current time."""
    return "10:42"


@pytest.fixture
def emulator() -> Iterator[MiniMaxEmulator]:
    with MiniMaxEmulator(port=0) as emu:
        yield emu


def _llm(emu: MiniMaxEmulator, split: bool, scenario: str | None = None, **kw: Any) -> ChatMiniMax:
    url = emu.scenario_url(scenario) if scenario else emu.base_url
    return ChatMiniMax(
        model="MiniMax-M2.7",
        base_url=url,
        preset="minimax",
        max_retries=0,
        reasoning_split=split,
        **kw,
    )


def _ask(model: Any, messages: list[Any], stream: bool) -> AIMessage:
    if not stream:
        out = model.invoke(messages)
        assert isinstance(out, AIMessage)
        return out
    full: Any = None
    for chunk in model.stream(messages):
        full = chunk if full is None else full + chunk
    assert isinstance(full, AIMessage)  # the aggregated AIMessageChunk
    return full


async def _aask(model: Any, messages: list[Any], stream: bool) -> AIMessage:
    if not stream:
        out = await model.ainvoke(messages)
        assert isinstance(out, AIMessage)
        return out
    full: Any = None
    async for chunk in model.astream(messages):
        full = chunk if full is None else full + chunk
    assert isinstance(full, AIMessage)  # the aggregated AIMessageChunk
    return full


def _assistant(body: dict[str, Any], n: int = 0) -> dict[str, Any]:
    return [m for m in body["messages"] if m["role"] == "assistant"][n]


MODES = [
    pytest.param(
        split, stream, id=f"{'split' if split else 'inline'}-{'stream' if stream else 'invoke'}"
    )
    for split in (False, True)
    for stream in (False, True)
]


# ------------------------------------------------------------------ model_copy edits
@pytest.mark.parametrize(("split", "stream"), MODES)
def test_edited_tool_call_arguments_are_sent(
    emulator: MiniMaxEmulator, split: bool, stream: bool
) -> None:
    bound = _llm(emulator, split).bind_tools([get_weather])
    question = HumanMessage("How is the weather in Paris?")
    first = _ask(bound, [question], stream)
    (call,) = first.tool_calls
    assert call["args"] == {"city": "Paris"}
    reasoning = first.additional_kwargs["reasoning_content"]
    received = first.additional_kwargs[REPLAY_KEY]
    edited = first.model_copy(update={"tool_calls": [{**call, "args": {"city": "Berlin"}}]})
    final = _ask(bound, [question, edited, ToolMessage("12℃", tool_call_id=call["id"])], stream)
    assert final.text == "The tool returned: 12℃"
    wire = _assistant(emulator.received[-1])
    assert [c["function"] for c in wire["tool_calls"]] == [
        {"name": "get_weather", "arguments": '{"city": "Berlin"}'}
    ]
    assert wire["tool_calls"][0]["id"] == call["id"]
    if split:  # reasoning untouched: the received entries, verbatim
        assert wire["content"] == ""
        assert wire["reasoning_details"] == received["reasoning_details"]
    else:
        assert wire["content"] == f"<think>\n{reasoning}\n</think>\n\n"


@pytest.mark.parametrize(("split", "stream"), MODES)
async def test_edited_content_is_sent_async(
    emulator: MiniMaxEmulator, split: bool, stream: bool
) -> None:
    llm = _llm(emulator, split)
    hello = HumanMessage("Hello")
    first = await _aask(llm, [hello], stream)
    assert first.text == "Hello! How can I help you today?"
    reasoning = first.additional_kwargs["reasoning_content"]
    edited = first.model_copy(update={"content": "EDITED"})
    await _aask(llm, [hello, edited, HumanMessage("How are you?")], stream)
    wire = _assistant(emulator.received[-1])
    assert "How can I help" not in json.dumps(wire)
    if split:
        assert wire["content"] == "EDITED"
        assert wire["reasoning_details"] == first.additional_kwargs[REPLAY_KEY]["reasoning_details"]
    else:
        assert wire == {"role": "assistant", "content": f"<think>\n{reasoning}\n</think>\n\nEDITED"}


@pytest.mark.parametrize("split", [False, True])
def test_edited_reasoning_is_sent(emulator: MiniMaxEmulator, split: bool) -> None:
    llm = _llm(emulator, split)
    first = llm.invoke([HumanMessage("Hello")])
    kwargs = {**first.additional_kwargs, "reasoning_content": "Greet back."}
    edited = first.model_copy(update={"additional_kwargs": kwargs})
    llm.invoke([HumanMessage("Hello"), edited, HumanMessage("How are you?")])
    wire = _assistant(emulator.received[-1])
    if split:  # one reasoning.text entry with the current reasoning
        assert wire["content"] == "Hello! How can I help you today?"
        assert wire["reasoning_details"] == [
            {"type": "reasoning.text", "text": "Greet back.", "format": "MiniMax-response-v1"}
        ]
    else:
        assert wire["content"] == (
            "<think>\nGreet back.\n</think>\n\nHello! How can I help you today?"
        )


@pytest.mark.parametrize(("split", "stream"), MODES)
def test_unedited_message_is_replayed_verbatim_after_json_round_trip(
    emulator: MiniMaxEmulator, split: bool, stream: bool
) -> None:
    bound = _llm(emulator, split).bind_tools([get_weather])
    question = HumanMessage("How is the weather in Paris?")
    first = _ask(bound, [question], stream)
    history: list[BaseMessage] = [
        question,
        first,
        ToolMessage("12℃", tool_call_id=first.tool_calls[0]["id"]),
    ]
    restored = messages_from_dict(json.loads(json.dumps(messages_to_dict(history))))
    _ask(bound, restored, stream)
    wire = _assistant(emulator.received[-1])
    emulated = emulator.received[0]  # the first request: the answer to it is deterministic
    assert emulated["messages"][-1]["content"] == "How is the weather in Paris?"
    received = first.additional_kwargs[REPLAY_KEY]
    for key in ("content", "reasoning_details", "tool_calls"):
        if key in received:
            assert wire[key] == received[key]
    if not split:
        assert wire["content"].startswith("<think>\n") and wire["content"].endswith(
            "</think>\n\n\n"
        )


# ------------------------------------------------------------------ LangChain middleware
PII_MODES = [
    pytest.param(
        split,
        streaming,
        id=f"{'split' if split else 'inline'}-{'streaming' if streaming else 'invoke'}",
    )
    for split in (False, True)
    for streaming in (False, True)
]


def _pii_agent(emu: MiniMaxEmulator, split: bool, streaming: bool) -> Any:
    return create_agent(
        _llm(emu, split, streaming=streaming),
        [],
        middleware=[PIIMiddleware("email", strategy="redact", apply_to_output=True)],
    )


def _check_redacted(emu: MiniMaxEmulator, state: dict[str, Any]) -> None:
    answer = state["messages"][1]
    assert answer.text == "Write to [REDACTED_EMAIL] and we will get back to you."
    assert EMAIL not in answer.additional_kwargs["reasoning_content"]  # only in the answer
    second = emu.received[-1]
    assert "[REDACTED_EMAIL]" in _assistant(second)["content"]
    assert EMAIL not in json.dumps(second, ensure_ascii=False)


@pytest.mark.parametrize(("split", "streaming"), PII_MODES)
def test_pii_middleware_redaction_reaches_the_wire(
    emulator: MiniMaxEmulator, split: bool, streaming: bool
) -> None:
    agent = _pii_agent(emulator, split, streaming)
    state = agent.invoke({"messages": [("user", "What is the support contact?")]})
    assert EMAIL in json.dumps(state["messages"][1].additional_kwargs[REPLAY_KEY])
    state = agent.invoke({"messages": [*state["messages"], ("user", "Thanks!")]})
    assert len(emulator.received) == 2
    _check_redacted(emulator, state)


@pytest.mark.parametrize(("split", "streaming"), PII_MODES)
async def test_pii_middleware_redaction_reaches_the_wire_async(
    emulator: MiniMaxEmulator, split: bool, streaming: bool
) -> None:
    agent = _pii_agent(emulator, split, streaming)
    state = await agent.ainvoke({"messages": [("user", "What is the support contact?")]})
    state = await agent.ainvoke({"messages": [*state["messages"], ("user", "Thanks!")]})
    _check_redacted(emulator, state)


def _context_editing_agent(emu: MiniMaxEmulator, split: bool, streaming: bool) -> Any:
    edit = ClearToolUsesEdit(trigger=0, keep=0, clear_tool_inputs=True)
    return create_agent(
        _llm(emu, split, streaming=streaming),
        [get_weather],
        middleware=[ContextEditingMiddleware(edits=[edit])],
    )


def _check_cleared(emu: MiniMaxEmulator, state: dict[str, Any]) -> None:
    call_msg = state["messages"][1]
    assert call_msg.tool_calls[0]["args"] == {"city": "Paris"}  # the state keeps the original
    assert state["messages"][-1].text == "The tool returned: [cleared]"
    second = emu.received[-1]
    wire = _assistant(second)
    assert [c["function"]["arguments"] for c in wire["tool_calls"]] == ["{}"]
    tool = [m for m in second["messages"] if m["role"] == "tool"]
    assert [m["content"] for m in tool] == ["[cleared]"]


@pytest.mark.parametrize(("split", "streaming"), PII_MODES)
def test_context_editing_cleared_tool_uses_reach_the_wire(
    emulator: MiniMaxEmulator, split: bool, streaming: bool
) -> None:
    agent = _context_editing_agent(emulator, split, streaming)
    state = agent.invoke({"messages": [("user", "How is the weather in Paris?")]})
    assert len(emulator.received) == 2
    _check_cleared(emulator, state)


@pytest.mark.parametrize("split", [False, True])
async def test_context_editing_cleared_tool_uses_reach_the_wire_async(
    emulator: MiniMaxEmulator, split: bool
) -> None:
    agent = _context_editing_agent(emulator, split, streaming=False)
    state = await agent.ainvoke({"messages": [("user", "How is the weather in Paris?")]})
    _check_cleared(emulator, state)


# ------------------------------------------------------------------ empty tool arguments
@pytest.mark.parametrize(("split", "stream"), MODES)
def test_empty_tool_arguments_are_replayed_as_empty_object(
    emulator: MiniMaxEmulator, split: bool, stream: bool
) -> None:
    bound = _llm(emulator, split, scenario="empty_tool_arguments").bind_tools([current_time])
    question = HumanMessage("What does current_time say?")
    first = _ask(bound, [question], stream)
    (call,) = first.tool_calls
    assert call["args"] == {}
    assert first.additional_kwargs[REPLAY_KEY]["tool_calls"][0]["function"]["arguments"] == ""
    final = _ask(bound, [question, first, current_time.invoke(call)], stream)
    assert final.text == "The tool returned: 10:42"  # the emulator refuses "" with 2013
    wire = _assistant(emulator.received[-1])
    assert wire["tool_calls"][0]["function"]["arguments"] == "{}"


@pytest.mark.parametrize("stream", [False, True])
async def test_empty_tool_arguments_are_replayed_as_empty_object_async(
    emulator: MiniMaxEmulator, stream: bool
) -> None:
    bound = _llm(emulator, False, scenario="empty_tool_arguments").bind_tools([current_time])
    question = HumanMessage("What does current_time say?")
    first = await _aask(bound, [question], stream)
    tool_msg = await current_time.ainvoke(first.tool_calls[0])
    final = await _aask(bound, [question, first, tool_msg], stream)
    assert final.text == "The tool returned: 10:42"
    assert _assistant(emulator.received[-1])["tool_calls"][0]["function"]["arguments"] == "{}"
