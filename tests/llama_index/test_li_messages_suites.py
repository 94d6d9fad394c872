"""The ``MiniMax`` LLM's reasoning, tool-call, replay, usage and error behaviour on the
Messages dialect (MiniMax's Anthropic-compatible endpoint): the behavioural content of
test_li_chat.py, test_li_tools.py, test_li_agents.py, test_li_edited_replay.py and
test_li_errors.py, which run on the chat dialect.

Conversations run against the loopback emulator's ``/anthropic/v1/messages`` (it refuses a
signed thinking block whose signature does not match, and a tool result that answers no
``tool_use`` of the previous turn); single responses the emulator cannot produce (parallel
calls, cache counters, error envelopes, the ``<minimax:tool_call>`` quirk) come from the
committed Messages cassettes or the wire kit's Messages builders (tests/messages_mock.py).
The FunctionAgent loop of tests/test_messages_agents.py is not repeated here.
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
MODES = ["chat", "stream", "achat", "astream"]


def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "12℃, cloudy"


WEATHER = FunctionTool.from_defaults(get_weather)
WEATHER_Q = ChatMessage(role="user", content="How is the weather in Paris?")
HELLO = ChatMessage(role="user", content="Hello")


@pytest.fixture
def emulator() -> Iterator[MiniMaxEmulator]:
    with MiniMaxEmulator(port=0) as emu:
        yield emu


def _llm(emu: MiniMaxEmulator, model: str = "MiniMax-M3") -> MiniMax:
    return MiniMax(model=model, api_key=KEY, api_base=emu.anthropic_base_url, max_retries=0)


def _mocked(mock: MessagesMock, model: str = "MiniMax-M3") -> MiniMax:
    return MiniMax(
        model=model,
        api_key=KEY,
        api_base="https://api.minimax.io/anthropic",
        max_retries=0,
        http_client=mock.sync_client,
        async_http_client=mock.async_client,
    )


async def _run(
    llm: MiniMax, messages: list[ChatMessage], mode: str, tools: list[Any] | None = None
) -> tuple[ChatResponse, list[ChatResponse]]:
    """The final response in ``mode`` and, when streamed, every chunk."""
    if mode == "chat":
        if tools:
            return llm.chat_with_tools(tools, chat_history=messages), []
        return llm.chat(messages), []
    if mode == "achat":
        if tools:
            return await llm.achat_with_tools(tools, chat_history=messages), []
        return await llm.achat(messages), []
    if mode == "stream":
        gen = (
            llm.stream_chat_with_tools(tools, chat_history=messages)
            if tools
            else llm.stream_chat(messages)
        )
        chunks = list(gen)
    else:
        agen = (
            await llm.astream_chat_with_tools(tools, chat_history=messages)
            if tools
            else await llm.astream_chat(messages)
        )
        chunks = [c async for c in agen]
    return chunks[-1], chunks


def _thinking(message: ChatMessage) -> ThinkingBlock:
    return next(b for b in message.blocks if isinstance(b, ThinkingBlock))


def _calls(message: ChatMessage) -> list[ToolCallBlock]:
    return [b for b in message.blocks if isinstance(b, ToolCallBlock)]


def _tool_result(call: ToolCallBlock, text: str) -> ChatMessage:
    return ChatMessage(
        role="tool",
        content=text,
        additional_kwargs={"tool_call_id": call.tool_call_id, "name": call.tool_name},
    )


def _assistant(body: dict[str, Any], n: int = 0) -> list[dict[str, Any]]:
    turns = [m for m in body["messages"] if m["role"] == "assistant"]
    blocks: list[dict[str, Any]] = turns[n]["content"]
    return blocks


# ------------------------------------------------------------------ reasoning
@pytest.mark.parametrize("mode", MODES)
async def test_thinking_block_kept_out_of_the_answer(emulator: MiniMaxEmulator, mode: str) -> None:
    resp, chunks = await _run(_llm(emulator), [ChatMessage(role="user", content=QUESTION)], mode)
    assert resp.message.content == "56"
    block = _thinking(resp.message)
    assert block.content == REASONING
    assert block.additional_information["signature"] == thinking_signature(REASONING)
    assert resp.additional_kwargs["finish_reason"] == "stop"
    assert resp.additional_kwargs["completion_tokens"] > 0
    assert resp.raw is not None and resp.raw["usage"]["prompt_tokens"] > 0
    if chunks:  # deltas carry the answer, thinking_delta the reasoning, never mixed
        assert "".join(c.delta or "" for c in chunks) == "56"
        thinking = "".join(c.additional_kwargs.get("thinking_delta") or "" for c in chunks)
        assert thinking == REASONING


def test_complete_and_stream_complete_are_clean(emulator: MiniMaxEmulator) -> None:
    llm = _llm(emulator)
    assert llm.complete(QUESTION).text == "56"
    assert list(llm.stream_complete(QUESTION))[-1].text == "56"
    assert llm.predict(_prompt()) == "56"


def _prompt() -> Any:
    from llama_index.core.prompts import PromptTemplate

    return PromptTemplate(QUESTION)


def test_m2_family_reasons_on_this_dialect(emulator: MiniMaxEmulator) -> None:
    resp = _llm(emulator, model="MiniMax-M2.7").chat([HELLO])
    assert resp.message.content == "Hello! How can I help you today?"
    assert (_thinking(resp.message).content or "").startswith('The user says: "Hello"')


# ------------------------------------------------------------------ tool calls
@pytest.mark.parametrize("mode", MODES)
async def test_tool_call_name_kwargs_id(emulator: MiniMaxEmulator, mode: str) -> None:
    llm = _llm(emulator)
    resp, chunks = await _run(llm, [WEATHER_Q], mode, tools=[WEATHER])
    tool_use = next(
        b for b in resp.message.additional_kwargs[REPLAY_KEY]["blocks"] if b["type"] == "tool_use"
    )
    selections = llm.get_tool_calls_from_response(resp)
    assert [(s.tool_id, s.tool_name, s.tool_kwargs) for s in selections] == [
        (tool_use["id"], "get_weather", {"location": "Paris"})
    ]
    assert resp.additional_kwargs["finish_reason"] == "tool_calls"
    assert "get_weather tool fits" in (_thinking(resp.message).content or "")
    if chunks:  # partial arguments while streaming, never reasoning in the deltas
        assert all(c.delta == "" for c in chunks)
        partial = [_calls(c.message) for c in chunks[:-1] if _calls(c.message)]
        assert len(partial) > 1 and partial[0][0].tool_name == "get_weather"


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_stream_parallel_calls(mode: str) -> None:
    answer = Answer(
        reasoning="Two cities: two calls.",
        text="Let me check both.",
        tool_calls=[("get_weather", {"location": "Paris"}), ("get_weather", {"location": "Tokyo"})],
    )
    events = wire.message_stream_events(
        seed="parallel", model="MiniMax-M3", answer=answer, prompt_tokens=30
    )
    llm = _mocked(MessagesMock.events(events))
    resp, _ = await _run(llm, [WEATHER_Q], mode, tools=[WEATHER])
    assert [(c.tool_call_id, c.tool_kwargs) for c in _calls(resp.message)] == [
        (wire.tool_call_id("parallel", 1), {"location": "Paris"}),
        (wire.tool_call_id("parallel", 2), {"location": "Tokyo"}),
    ]
    assert resp.message.content == "Let me check both."


def test_xml_tool_call_in_a_text_block_is_recovered() -> None:
    llm = _mocked(MessagesMock.cassette("m27_xml_tool_call_in_text_stream"), "MiniMax-M2.7")
    resp = list(llm.stream_chat_with_tools([WEATHER], user_msg="Weather in San Francisco?"))[-1]
    assert [(c.tool_name, c.tool_kwargs) for c in _calls(resp.message)] == [
        ("get_weather", WEATHER_ARGS)
    ]
    assert "minimax:tool_call" not in (resp.message.content or "")


def test_predict_and_call_runs_the_tool(emulator: MiniMaxEmulator) -> None:
    out = _llm(emulator).predict_and_call([WEATHER], user_msg="How is the weather in Paris?")
    assert out.response == "12℃, cloudy"
    assert out.sources[0].raw_input["kwargs"] == {"location": "Paris"}


# ------------------------------------------------------------------ replay
@pytest.mark.parametrize("mode", MODES)
async def test_tool_loop_replays_blocks_byte_exact(emulator: MiniMaxEmulator, mode: str) -> None:
    llm = _llm(emulator)
    first, _ = await _run(llm, [WEATHER_Q], mode, tools=[WEATHER])
    received = first.message.additional_kwargs[REPLAY_KEY]["blocks"]
    assert [b["type"] for b in received] == ["thinking", "tool_use"]
    (call,) = _calls(first.message)
    restored = ChatMessage.model_validate_json(first.message.model_dump_json())
    final, _ = await _run(
        llm, [WEATHER_Q, restored, _tool_result(call, "12℃, cloudy")], mode, tools=[WEATHER]
    )
    assert final.message.content == "The tool returned: 12℃, cloudy"
    sent = emulator.received[-1]
    assert json.dumps(_assistant(sent), ensure_ascii=False) == json.dumps(
        received, ensure_ascii=False
    )
    assert sent["messages"][-1]["content"][0]["tool_use_id"] == call.tool_call_id


@pytest.mark.parametrize(
    "make_memory",
    [
        pytest.param(lambda: Memory.from_defaults(session_id="m", token_limit=40_000), id="Memory"),
        pytest.param(lambda: ChatMemoryBuffer.from_defaults(token_limit=40_000), id="Buffer"),
    ],
)
def test_memory_keeps_signed_blocks_verbatim(emulator: MiniMaxEmulator, make_memory: Any) -> None:
    llm = _llm(emulator)
    memory = make_memory()
    first = llm.chat_with_tools([WEATHER], chat_history=[WEATHER_Q]).message
    (call,) = _calls(first)
    memory.put_messages([WEATHER_Q, first, _tool_result(call, "12℃, cloudy")])
    llm.chat_with_tools([WEATHER], chat_history=memory.get())
    assert _assistant(emulator.received[-1]) == first.additional_kwargs[REPLAY_KEY]["blocks"]


def test_handbuilt_thinking_block_goes_unsigned(emulator: MiniMaxEmulator) -> None:
    hand = ChatMessage(
        role="assistant", blocks=[ThinkingBlock(content="Greet back."), TextBlock(text="Hi.")]
    )
    _llm(emulator).chat([HELLO, hand, ChatMessage(role="user", content="How are you?")])
    assert _assistant(emulator.received[-1]) == [
        {"type": "thinking", "thinking": "Greet back."},
        {"type": "text", "text": "Hi."},
    ]


def test_chat_dialect_turn_replayed_on_messages_and_back(emulator: MiniMaxEmulator) -> None:
    chat = MiniMax(model="MiniMax-M2.7", api_key=KEY, api_base=emulator.base_url, max_retries=0)
    messages_llm = _llm(emulator, model="MiniMax-M2.7")
    from_chat = chat.chat([HELLO]).message
    messages_llm.chat([HELLO, from_chat, ChatMessage(role="user", content="Hi")])
    reasoning = _thinking(from_chat).content
    assert _assistant(emulator.received[-1]) == [
        {"type": "thinking", "thinking": reasoning},
        {"type": "text", "text": "Hello! How can I help you today?"},
    ]
    from_messages = messages_llm.chat([HELLO]).message
    chat.chat([HELLO, from_messages, ChatMessage(role="user", content="Hi")])
    sent = next(m for m in emulator.received[-1]["messages"] if m["role"] == "assistant")
    assert sent["content"] == (
        f"<think>\n{_thinking(from_messages).content}\n</think>\n\nHello! How can I help you today?"
    )
    assert "signature" not in json.dumps(sent)


# ------------------------------------------------------------------ edited messages
@pytest.mark.parametrize("mode", MODES)
async def test_replaced_tool_call_kwargs_are_sent(emulator: MiniMaxEmulator, mode: str) -> None:
    llm = _llm(emulator)
    first, _ = await _run(llm, [WEATHER_Q], mode, tools=[WEATHER])
    received = first.message.additional_kwargs[REPLAY_KEY]["blocks"]
    (call,) = _calls(first.message)
    moved = call.model_copy(update={"tool_kwargs": {"location": "Berlin"}})
    blocks = [moved if b is call else b for b in first.message.blocks]
    edited = first.message.model_copy(update={"blocks": blocks})
    await _run(llm, [WEATHER_Q, edited, _tool_result(call, "12℃")], mode, tools=[WEATHER])
    sent = _assistant(emulator.received[-1])
    assert sent[0] == received[0]  # the signed thinking block, unmodified
    assert sent[-1] == {
        "type": "tool_use",
        "id": call.tool_call_id,
        "name": "get_weather",
        "input": {"location": "Berlin"},
    }


def test_removed_tool_call_blocks_are_not_sent(emulator: MiniMaxEmulator) -> None:
    llm = _llm(emulator)
    first = llm.chat_with_tools([WEATHER], chat_history=[WEATHER_Q]).message
    edited = first.model_copy(
        update={"blocks": [b for b in first.blocks if not isinstance(b, ToolCallBlock)]}
    )
    llm.chat([WEATHER_Q, edited, HELLO])
    sent = _assistant(emulator.received[-1])
    assert [b["type"] for b in sent] == ["thinking"]
    assert sent[0] == first.additional_kwargs[REPLAY_KEY]["blocks"][0]


async def test_function_agent_memory_sends_edited_turns_as_edited(
    emulator: MiniMaxEmulator,
) -> None:
    agent = FunctionAgent(tools=[WEATHER], llm=_llm(emulator))
    memory = Memory.from_defaults(session_id="agent", token_limit=40_000)
    await agent.run(user_msg="How is the weather in Paris?", memory=memory)
    stored = await memory.aget_all()
    call_turn, answer_turn = [m for m in stored if m.role == "assistant"]
    assert answer_turn.content == "The tool returned: 12℃, cloudy"
    redacted = answer_turn.model_copy(
        update={
            "blocks": [
                TextBlock(text="The tool returned: [REDACTED]") if isinstance(b, TextBlock) else b
                for b in answer_turn.blocks
            ]
        }
    )
    await memory.aset([redacted if m is answer_turn else m for m in stored])
    await agent.run(user_msg="Hello", memory=memory)
    assert len(emulator.received) == 3
    sent = emulator.received[-1]
    assert _assistant(sent, 0) == call_turn.additional_kwargs[REPLAY_KEY]["blocks"]
    second = _assistant(sent, 1)
    assert second[0]["type"] == "thinking" and second[0]["signature"]
    assert second[-1] == {"type": "text", "text": "The tool returned: [REDACTED]"}
    assert '12℃, cloudy"' not in json.dumps(second, ensure_ascii=False)


# ------------------------------------------------------------------ usage
@pytest.mark.parametrize("mode", ["chat", "achat"])
async def test_cache_counters(mode: str) -> None:
    resp, _ = await _run(_mocked(MessagesMock.cassette("m3_cache_usage")), [HELLO], mode)
    kw = resp.additional_kwargs
    assert (kw["prompt_tokens"], kw["completion_tokens"]) == (21 + 188086, 393)
    assert kw["cache_creation_tokens"] == 188086 and kw["cached_tokens"] == 0
    assert resp.raw is not None and resp.raw["usage"]["cache_creation_input_tokens"] == 188086


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_streamed_cache_counters(mode: str) -> None:
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
    resp, _ = await _run(_mocked(MessagesMock.events(events)), [HELLO], mode)
    kw = resp.additional_kwargs
    assert (kw["prompt_tokens"], kw["completion_tokens"], kw["total_tokens"]) == (1020, 7, 1027)
    assert (kw["cached_tokens"], kw["cache_creation_tokens"]) == (1000, 0)
    assert resp.message.content == "56"


# ------------------------------------------------------------------ errors
ERRORS = [
    ("error_http401_authentication", AuthenticationError, "invalid api key"),
    ("error_http400_context_window", ContextWindowExceededError, "context window"),
    ("error_http429_rate_limit", RateLimitError, "1002"),
    ("error_http500_1033", ServerError, "1033"),
    ("error_http200_base_resp_1004", AuthenticationError, "1004"),
    ("error_http200_base_resp_1008_in_message", InsufficientBalanceError, "balance"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("cassette", "kind", "text"), ERRORS)
async def test_error_envelopes_are_typed(
    cassette: str, kind: type[Exception], text: str, mode: str
) -> None:
    llm = _mocked(MessagesMock.cassette(cassette))
    with pytest.raises(kind, match=text) as info:
        await _run(llm, [HELLO], mode)
    assert KEY not in str(info.value) and KEY not in repr(info.value)


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_error_event_mid_stream_is_typed(mode: str) -> None:
    llm = _mocked(MessagesMock.cassette("error_overloaded_midstream"))
    with pytest.raises(ServerError, match="Overloaded"):
        await _run(llm, [HELLO], mode)
