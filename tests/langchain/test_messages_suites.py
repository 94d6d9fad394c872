"""ChatMiniMax's reasoning, tool-call, replay, usage and error behaviour on the Messages
dialect (MiniMax's Anthropic-compatible endpoint): the behavioural content of
test_reasoning.py, test_tool_calls.py, test_replay.py, test_edited_replay.py and test_errors.py,
which run on the chat dialect.

Conversations run against the loopback emulator's ``/anthropic/v1/messages`` (it refuses a
signed thinking block whose signature does not match, and a tool result that answers no
``tool_use`` of the previous turn); single responses the emulator cannot produce (parallel
calls, cache counters, error envelopes, the ``<minimax:tool_call>`` quirk) come from the
committed Messages cassettes or the wire kit's Messages builders (tests/messages_mock.py).
The agent loops of tests/test_messages_agents.py are not repeated here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain.agents.middleware import ClearToolUsesEdit, ContextEditingMiddleware, PIIMiddleware
from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAPIError,
    ModelAuthenticationError,
    ModelError,
    ModelRateLimitError,
)
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolMessage,
    messages_from_dict,
    messages_to_dict,
)
from langchain_core.tools import tool

from langchain_minimax import REPLAY_KEY, ChatMiniMax
from minimax_testing import wire
from minimax_testing.emulator import MiniMaxEmulator
from minimax_testing.wire import Answer, thinking_signature
from minimax_transport import (
    AuthenticationError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    RateLimitError,
    ServerError,
)
from tests.messages_mock import MessagesMock
from tests.transport.messages_cassettes import WEATHER_ARGS

KEY = "test-key-not-a-real-key"
QUESTION = "What is 7 times 8? Answer with just the number."
REASONING = f'The user says: "{QUESTION}". I should answer helpfully and concisely.'
MODES = ["invoke", "stream", "ainvoke", "astream"]
EMAIL = "help.desk@example.com"


@tool
def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "12℃, cloudy"


@pytest.fixture
def emulator() -> Iterator[MiniMaxEmulator]:
    with MiniMaxEmulator(port=0) as emu:
        yield emu


def _llm(emu: MiniMaxEmulator, model: str = "MiniMax-M3", **kw: Any) -> ChatMiniMax:
    return ChatMiniMax(
        model=model, api_key=KEY, base_url=emu.anthropic_base_url, max_retries=0, **kw
    )


def _mocked(mock: MessagesMock, model: str = "MiniMax-M3", **kw: Any) -> ChatMiniMax:
    return ChatMiniMax(
        model=model,
        api_key=KEY,
        base_url="https://api.minimax.io/anthropic",
        max_retries=0,
        http_client=mock.sync_client,
        http_async_client=mock.async_client,
        **kw,
    )


async def _ask(model: Any, messages: Any, mode: str) -> tuple[AIMessage, list[AIMessageChunk]]:
    """The answer in ``mode`` and, when streamed, its chunks (the answer is their sum)."""
    chunks: list[AIMessageChunk] = []
    if mode == "invoke":
        out = model.invoke(messages)
    elif mode == "ainvoke":
        out = await model.ainvoke(messages)
    else:
        if mode == "stream":
            chunks = list(model.stream(messages))
        else:
            chunks = [c async for c in model.astream(messages)]
        out = chunks[0]
        for c in chunks[1:]:
            out = out + c
    assert isinstance(out, AIMessage)
    return out, chunks


def _assistant(body: dict[str, Any], n: int = 0) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [m for m in body["messages"] if m["role"] == "assistant"][n][
        "content"
    ]
    return blocks


# ------------------------------------------------------------------ reasoning
@pytest.mark.parametrize("mode", MODES)
async def test_reasoning_kept_out_of_the_answer(emulator: MiniMaxEmulator, mode: str) -> None:
    msg, chunks = await _ask(_llm(emulator), QUESTION, mode)
    assert msg.content == "56" and msg.text == "56"
    assert msg.additional_kwargs["reasoning_content"] == REASONING
    assert [b["type"] for b in msg.content_blocks] == ["reasoning", "text"]
    reasoning = msg.content_blocks[0]
    assert reasoning["reasoning"] == REASONING
    assert reasoning.get("extras", {})["signature"] == thinking_signature(REASONING)
    assert msg.response_metadata["model_provider"] == "minimax"
    assert msg.response_metadata["model_name"] == "MiniMax-M3"
    assert msg.response_metadata["finish_reason"] == "stop"
    usage = msg.usage_metadata
    assert usage is not None and usage["output_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    if chunks:  # no chunk carries reasoning as answer text; the text arrives in pieces
        assert all("user says" not in c.text for c in chunks)
        assert "".join(c.text for c in chunks) == "56"
        assert "".join(c.additional_kwargs.get("reasoning_content", "") for c in chunks) == (
            REASONING
        )
        assert sum(1 for c in chunks if c.usage_metadata) == 1


@pytest.mark.parametrize("mode", ["invoke", "stream"])
async def test_v1_output_keeps_the_signature(emulator: MiniMaxEmulator, mode: str) -> None:
    msg, _ = await _ask(_llm(emulator, output_version="v1"), QUESTION, mode)
    assert isinstance(msg.content, list)
    assert [b["type"] for b in msg.content] == ["reasoning", "text"]
    assert msg.content[0]["extras"]["signature"] == thinking_signature(REASONING)
    assert msg.text == "56"


async def test_stream_and_invoke_agree(emulator: MiniMaxEmulator) -> None:
    llm = _llm(emulator)
    a, _ = await _ask(llm, QUESTION, "invoke")
    b, _ = await _ask(llm, QUESTION, "astream")
    assert (a.text, a.additional_kwargs["reasoning_content"]) == (
        b.text,
        b.additional_kwargs["reasoning_content"],
    )
    assert a.usage_metadata == b.usage_metadata


def test_m2_family_reasons_on_this_dialect(emulator: MiniMaxEmulator) -> None:
    msg = _llm(emulator, model="MiniMax-M2.7").invoke("Hello")
    assert msg.text == "Hello! How can I help you today?"
    assert msg.additional_kwargs["reasoning_content"].startswith('The user says: "Hello"')


# ------------------------------------------------------------------ tool calls
@pytest.mark.parametrize("mode", MODES)
async def test_tool_call_name_args_id(emulator: MiniMaxEmulator, mode: str) -> None:
    bound = _llm(emulator).bind_tools([get_weather])
    msg, chunks = await _ask(bound, "How is the weather in Paris?", mode)
    assert msg.text == ""
    (call,) = msg.tool_calls
    tool_use = next(
        b for b in msg.additional_kwargs[REPLAY_KEY]["blocks"] if b["type"] == "tool_use"
    )
    assert (call["name"], call["args"], call["id"]) == (
        "get_weather",
        {"location": "Paris"},
        tool_use["id"],
    )
    assert msg.response_metadata["finish_reason"] == "tool_calls"
    assert "get_weather tool fits" in msg.additional_kwargs["reasoning_content"]
    if chunks:  # input_json_delta fragments: id and name on the first fragment only
        parts = [tc for c in chunks for tc in c.tool_call_chunks]
        assert len(parts) > 1
        assert parts[0]["id"] == tool_use["id"] and parts[0]["name"] == "get_weather"
        assert all(p["id"] is None and p["name"] is None for p in parts[1:])
        assert json.loads("".join(p["args"] or "" for p in parts)) == {"location": "Paris"}


PARALLEL = Answer(
    reasoning="Two cities: two calls.",
    text="Let me check both.",
    tool_calls=[("get_weather", {"location": "Paris"}), ("get_weather", {"location": "Tokyo"})],
)


@pytest.mark.parametrize("output_version", ["v0", "v1"])
def test_stream_reasoning_text_then_parallel_tool_calls(output_version: str) -> None:
    events = wire.message_stream_events(
        seed="parallel", model="MiniMax-M3", answer=PARALLEL, prompt_tokens=30
    )
    mock = MessagesMock.events(events)
    llm = _mocked(mock, output_version=output_version)
    full: Any = None
    for chunk in llm.bind_tools([get_weather]).stream("Weather in Paris and Tokyo?"):
        full = chunk if full is None else full + chunk
    sent = mock.body()
    assert sent["stream"] is True and [t["name"] for t in sent["tools"]] == ["get_weather"]
    assert [(c["name"], c["args"]) for c in full.tool_calls] == [
        ("get_weather", {"location": "Paris"}),
        ("get_weather", {"location": "Tokyo"}),
    ]
    assert [c["id"] for c in full.tool_calls] == [
        wire.tool_call_id("parallel", 1),
        wire.tool_call_id("parallel", 2),
    ]
    assert full.text == "Let me check both."
    assert full.additional_kwargs["reasoning_content"] == "Two cities: two calls."


def test_xml_tool_call_in_a_text_block_is_recovered() -> None:
    llm = _mocked(MessagesMock.cassette("m27_xml_tool_call_in_text_stream"), model="MiniMax-M2.7")
    full: Any = None
    for chunk in llm.bind_tools([get_weather]).stream("Weather in San Francisco?"):
        full = chunk if full is None else full + chunk
    assert [(c["name"], c["args"]) for c in full.tool_calls] == [("get_weather", WEATHER_ARGS)]
    assert "minimax:tool_call" not in full.text


# ------------------------------------------------------------------ replay
@pytest.mark.parametrize("mode", MODES)
async def test_tool_loop_replays_blocks_byte_exact(emulator: MiniMaxEmulator, mode: str) -> None:
    bound = _llm(emulator).bind_tools([get_weather])
    question = HumanMessage("How is the weather in Paris?")
    first, _ = await _ask(bound, [question], mode)
    received = first.additional_kwargs[REPLAY_KEY]["blocks"]
    assert [b["type"] for b in received] == ["thinking", "tool_use"]
    history: list[BaseMessage] = [
        question,
        first,
        ToolMessage("12℃, cloudy", tool_call_id=first.tool_calls[0]["id"]),
    ]
    restored = messages_from_dict(json.loads(json.dumps(messages_to_dict(history))))
    final, _ = await _ask(bound, restored, mode)
    assert final.text == "The tool returned: 12℃, cloudy"
    sent = emulator.received[-1]
    assert json.dumps(_assistant(sent), ensure_ascii=False) == json.dumps(
        received, ensure_ascii=False
    )
    assert sent["messages"][-1]["content"][0]["tool_use_id"] == received[1]["id"]


def test_hand_built_reasoning_goes_as_an_unsigned_thinking_block(emulator: MiniMaxEmulator) -> None:
    llm = _llm(emulator)
    hand = AIMessage("Hi there.", additional_kwargs={"reasoning_content": "Greet back."})
    llm.invoke([HumanMessage("Hello"), hand, HumanMessage("How are you?")])
    assert _assistant(emulator.received[-1]) == [
        {"type": "thinking", "thinking": "Greet back."},
        {"type": "text", "text": "Hi there."},
    ]


def test_chat_dialect_answer_replayed_on_messages(emulator: MiniMaxEmulator) -> None:
    """A turn received on the chat dialect goes to the Messages dialect as blocks: its
    reasoning as an unsigned thinking block, never as ``<think>`` text."""
    chat = ChatMiniMax(model="MiniMax-M2.7", api_key=KEY, base_url=emulator.base_url)
    first = chat.invoke("Hello")
    _llm(emulator, model="MiniMax-M2.7").invoke([HumanMessage("Hello"), first, HumanMessage("Hi")])
    blocks = _assistant(emulator.received[-1])
    assert blocks == [
        {"type": "thinking", "thinking": first.additional_kwargs["reasoning_content"]},
        {"type": "text", "text": "Hello! How can I help you today?"},
    ]


def test_messages_answer_replayed_on_chat(emulator: MiniMaxEmulator) -> None:
    first = _llm(emulator, model="MiniMax-M2.7").invoke("Hello")
    chat = ChatMiniMax(model="MiniMax-M2.7", api_key=KEY, base_url=emulator.base_url)
    chat.invoke([HumanMessage("Hello"), first, HumanMessage("Hi")])
    wire_msg = next(m for m in emulator.received[-1]["messages"] if m["role"] == "assistant")
    reasoning = first.additional_kwargs["reasoning_content"]
    assert (
        wire_msg["content"] == f"<think>\n{reasoning}\n</think>\n\nHello! How can I help you today?"
    )
    assert "signature" not in json.dumps(wire_msg)


# ------------------------------------------------------------------ edited messages
@pytest.mark.parametrize("mode", MODES)
async def test_edited_tool_call_arguments_are_sent(emulator: MiniMaxEmulator, mode: str) -> None:
    bound = _llm(emulator).bind_tools([get_weather])
    question = HumanMessage("How is the weather in Paris?")
    first, _ = await _ask(bound, [question], mode)
    (call,) = first.tool_calls
    received = first.additional_kwargs[REPLAY_KEY]["blocks"]
    edited = first.model_copy(update={"tool_calls": [{**call, "args": {"location": "Berlin"}}]})
    final, _ = await _ask(
        bound, [question, edited, ToolMessage("12℃", tool_call_id=call["id"])], mode
    )
    assert final.text == "The tool returned: 12℃"
    blocks = _assistant(emulator.received[-1])
    assert blocks[0] == received[0]  # the signed thinking block, unmodified
    assert blocks[-1] == {
        "type": "tool_use",
        "id": call["id"],
        "name": "get_weather",
        "input": {"location": "Berlin"},
    }


@pytest.mark.parametrize("mode", ["invoke", "astream"])
async def test_edited_reasoning_is_sent_unsigned(emulator: MiniMaxEmulator, mode: str) -> None:
    llm = _llm(emulator)
    first, _ = await _ask(llm, [HumanMessage("Hello")], mode)
    kwargs = {**first.additional_kwargs, "reasoning_content": "Greet back."}
    edited = first.model_copy(update={"additional_kwargs": kwargs})
    await _ask(llm, [HumanMessage("Hello"), edited, HumanMessage("How are you?")], mode)
    assert _assistant(emulator.received[-1]) == [
        {"type": "thinking", "thinking": "Greet back."},
        {"type": "text", "text": "Hello! How can I help you today?"},
    ]


@pytest.mark.parametrize("streaming", [False, True])
async def test_pii_middleware_redaction_reaches_the_wire(
    emulator: MiniMaxEmulator, streaming: bool
) -> None:
    agent = create_agent(
        _llm(emulator, streaming=streaming),
        [],
        middleware=[PIIMiddleware("email", strategy="redact", apply_to_output=True)],
    )
    state = await agent.ainvoke({"messages": [("user", "What is the support contact?")]})
    assert EMAIL in json.dumps(state["messages"][1].additional_kwargs[REPLAY_KEY])
    state = agent.invoke({"messages": [*state["messages"], ("user", "Thanks!")]})
    assert state["messages"][1].text == "Write to [REDACTED_EMAIL] and we will get back to you."
    second = emulator.received[-1]
    blocks = _assistant(second)
    assert blocks[0]["type"] == "thinking" and "signature" in blocks[0]  # reasoning untouched
    assert blocks[1] == {
        "type": "text",
        "text": "Write to [REDACTED_EMAIL] and we will get back to you.",
    }
    assert EMAIL not in json.dumps(second, ensure_ascii=False)


@pytest.mark.parametrize("streaming", [False, True])
def test_context_editing_cleared_tool_uses_reach_the_wire(
    emulator: MiniMaxEmulator, streaming: bool
) -> None:
    edit = ClearToolUsesEdit(trigger=0, keep=0, clear_tool_inputs=True)
    agent = create_agent(
        _llm(emulator, streaming=streaming),
        [get_weather],
        middleware=[ContextEditingMiddleware(edits=[edit])],
    )
    state = agent.invoke({"messages": [("user", "How is the weather in Paris?")]})
    assert state["messages"][1].tool_calls[0]["args"] == {"location": "Paris"}
    assert state["messages"][-1].text == "The tool returned: [cleared]"
    second = emulator.received[-1]
    assert [b["input"] for b in _assistant(second) if b["type"] == "tool_use"] == [{}]
    assert second["messages"][-1]["content"][0]["content"] == "[cleared]"


# ------------------------------------------------------------------ usage
@pytest.mark.parametrize("mode", ["invoke", "ainvoke"])
async def test_cache_counters_in_usage_metadata(mode: str) -> None:
    msg, _ = await _ask(_mocked(MessagesMock.cassette("m3_cache_usage")), "Hi", mode)
    assert msg.usage_metadata == {
        "input_tokens": 21 + 188086,
        "output_tokens": 393,
        "total_tokens": 21 + 188086 + 393,
        "input_token_details": {"cache_read": 0, "cache_creation": 188086},
    }


def test_streamed_cache_counters() -> None:
    usage = {
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 1000,
        "input_tokens": 20,
        "output_tokens": 7,
    }
    events = wire.message_stream_events(
        seed="cached",
        model="MiniMax-M3",
        answer=Answer("Easy.", "56"),
        prompt_tokens=0,
        usage=usage,
    )
    full: Any = None
    for chunk in _mocked(MessagesMock.events(events)).stream(QUESTION):
        full = chunk if full is None else full + chunk
    assert full.usage_metadata["input_tokens"] == 1020
    assert full.usage_metadata["input_token_details"] == {"cache_read": 1000, "cache_creation": 0}


# ------------------------------------------------------------------ errors
ERRORS = [  # (cassette, transport class, langchain-core class, text in the message)
    ("error_http401_authentication", AuthenticationError, ModelAuthenticationError, "api key"),
    ("error_http400_context_window", ContextWindowExceededError, ContextOverflowError, "window"),
    ("error_http429_rate_limit", RateLimitError, ModelRateLimitError, "1002"),
    ("error_http500_1033", ServerError, ModelAPIError, "1033"),
    ("error_http200_base_resp_1004", AuthenticationError, ModelAuthenticationError, "1004"),
    ("error_http200_base_resp_1008_in_message", InsufficientBalanceError, ModelError, "balance"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("cassette", "kind", "core_kind", "text"), ERRORS)
async def test_error_envelopes_are_typed(
    cassette: str, kind: type[Exception], core_kind: type[Exception], text: str, mode: str
) -> None:
    llm = _mocked(MessagesMock.cassette(cassette))
    with pytest.raises(kind, match=text) as info:
        await _ask(llm, "Hi", mode)
    assert isinstance(info.value, core_kind)
    assert KEY not in str(info.value) and KEY not in repr(info.value)


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_error_event_mid_stream_is_typed(mode: str) -> None:
    llm = _mocked(MessagesMock.cassette("error_overloaded_midstream"))
    with pytest.raises(ServerError, match="Overloaded"):
        await _ask(llm, QUESTION, mode)
