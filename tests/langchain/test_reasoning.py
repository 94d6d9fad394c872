"""Clean content + reasoning for every reasoning wire form, streamed and not.

Each test's cassette (``tests/cassettes/langchain/test_reasoning/<test>.yaml``) replays the
verbatim capture named in the test name (appendix).
"""

from __future__ import annotations

import pytest

from langchain_minimax import REPLAY_KEY
from tests.langchain._helpers import aggregate, scenario_llm

A1_REASONING = (
    'The user asks: "What is 7 times 8? Answer with just the number." So answer should be "56". '
    "However, check if any policy issues: This is a simple arithmetic question. Should answer "
    'just the number. So answer "56". There\'s no problem.'
)


@pytest.mark.vcr
def test_a1_inline_think_invoke() -> None:
    msg = scenario_llm("a1_inline_think").invoke("What is 7 times 8? Answer with just the number.")
    assert msg.content == "56"
    assert "<think>" not in msg.text
    assert msg.additional_kwargs["reasoning_content"] == A1_REASONING
    # the raw inline content is kept verbatim for replay (docs/wire-format.md 'Replay and interleaved thinking')
    assert msg.additional_kwargs[REPLAY_KEY]["content"].startswith("<think>\nThe user asks:")
    assert msg.additional_kwargs[REPLAY_KEY]["content"].endswith("</think>\n\n56")
    assert [b["type"] for b in msg.content_blocks] == ["reasoning", "text"]
    assert msg.content_blocks[0]["reasoning"] == A1_REASONING
    assert msg.usage_metadata == {
        "input_tokens": 55,
        "output_tokens": 61,
        "total_tokens": 116,
        # docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' sends no prompt_tokens_details: no cache_read, rather than an invented 0
        "output_token_details": {"reasoning": 60},
    }
    meta = msg.response_metadata
    assert meta["model_name"] == "MiniMax-M2.7-highspeed"  # served model, not the requested one
    assert meta["model_provider"] == "minimax"
    assert meta["id"] == "06407ea121ddc267a22ca62c3e0a6997"
    assert meta["finish_reason"] == "stop"


@pytest.mark.vcr
def test_a1_inline_think_invoke_v1_output() -> None:
    msg = scenario_llm("a1_inline_think", output_version="v1").invoke("What is 7 times 8?")
    assert isinstance(msg.content, list)
    assert [b["type"] for b in msg.content] == ["reasoning", "text"]
    assert msg.content[1]["text"] == "56"
    assert msg.text == "56"


A5_ANSWER_START = "**Proof.** An integer is odd iff it equals 2k + 1"


@pytest.mark.vcr
def test_a5_stream_inline_think_with_usage() -> None:
    full, chunks = aggregate(scenario_llm("a5_stream_inline_usage").stream("Prove odd+odd is even"))
    assert full.content.startswith(A5_ANSWER_START)
    assert full.content.endswith("by definition, it is even.\n\n∎")
    assert "think>" not in full.content
    assert full.additional_kwargs["reasoning_content"] == (
        "The user wants a proof that the sum of two odd numbers is even. "
        "I'll keep this straightforward and concise."
    )
    # reasoning pieces arrive in additional_kwargs, answer pieces in content
    assert any(c.additional_kwargs.get("reasoning_content") for c in chunks)
    assert all("reasoning_content" not in c.additional_kwargs or not c.content for c in chunks)
    # usage exactly once, from the trailing `choices: []` chunk
    assert sum(1 for c in chunks if c.usage_metadata) == 1
    assert full.usage_metadata == {
        "input_tokens": 767,
        "output_tokens": 172,
        "total_tokens": 939,
        "input_token_details": {"cache_read": 443},
        "output_token_details": {"reasoning": 25},
    }
    assert chunks[-1].chunk_position == "last"
    # the replay payload rides only on the final chunk and is the raw content
    assert [i for i, c in enumerate(chunks) if REPLAY_KEY in c.additional_kwargs] == [
        len(chunks) - 1
    ]
    assert full.additional_kwargs[REPLAY_KEY]["content"].startswith("<think>\nThe user wants")
    assert full.response_metadata["model_name"] == "MiniMax-M2.7"
    assert full.response_metadata["finish_reason"] == "stop"
    assert full.response_metadata["id"] == "06fb6b59859725e9e95103a455583ff8"
    assert [b["type"] for b in full.content_blocks] == ["reasoning", "text"]


@pytest.mark.vcr
async def test_a5_astream_inline_think_with_usage() -> None:
    chunks = [c async for c in scenario_llm("a5_stream_inline_usage").astream("Prove it")]
    full, _ = aggregate(chunks)
    assert full.content.startswith(A5_ANSWER_START)
    assert full.usage_metadata is not None and full.usage_metadata["input_tokens"] == 767


@pytest.mark.vcr
def test_a9_stream_inline_think_tags_split_across_chunks() -> None:
    full, chunks = aggregate(scenario_llm("a9_stream_inline").stream("Hello"))
    assert full.content == "Hello! How can I help you today?"
    assert full.additional_kwargs["reasoning_content"] == (
        'The user says "Hello". I should respond politely, greet them, and ask how I can help.'
    )
    # docs/wire-format.md 'Example: official stream example (M2.7)' has no trailing usage chunk: no usage is invented
    assert full.usage_metadata is None
    assert chunks[-1].chunk_position == "last"


@pytest.mark.vcr
def test_a9_stream_v1_output_single_text_block() -> None:
    full, _ = aggregate(scenario_llm("a9_stream_inline", output_version="v1").stream("Hello"))
    types = [b["type"] for b in full.content_blocks]
    assert types == ["reasoning", "text"]
    assert full.content_blocks[1]["text"] == "Hello! How can I help you today?"


@pytest.mark.vcr
def test_a3_split_reasoning_details_invoke() -> None:
    msg = scenario_llm("a3_tool_call_reasoning_split", model="MiniMax-M2.1").invoke(
        "How is the weather in San Francisco?"
    )
    # docs/wire-format.md 'Example: tool call with split reasoning (M2.1)' capture's content is "\n": no visible answer, only the call
    assert msg.content == ""
    assert msg.additional_kwargs["reasoning_content"].startswith(
        "Let me think about this request. The user is asking about the weather in San Francisco."
    )
    replay = msg.additional_kwargs[REPLAY_KEY]
    assert replay["reasoning_details"][0]["format"] == "MiniMax-response-v1"
    assert replay["content"] == "\n"
    assert msg.tool_calls == [
        {
            "name": "get_weather",
            "args": {"location": "San Francisco, US"},
            "id": "call_function_2831178524_1",
            "type": "tool_call",
        }
    ]
    assert [b["type"] for b in msg.content_blocks] == ["reasoning", "tool_call"]


@pytest.mark.vcr
def test_split_reasoning_details_stream_incremental() -> None:
    full, chunks = aggregate(
        scenario_llm("stream_split_reasoning_details", reasoning_split=True).stream("How are you?")
    )
    assert full.content == "I'm doing great, thanks for asking!"
    assert full.additional_kwargs["reasoning_content"] == (
        "The user is asking how I am. I should reply warmly."
    )
    details = full.additional_kwargs[REPLAY_KEY]["reasoning_details"]
    assert len(details) == 1  # fragments merged, not one entry per chunk
    assert details[0]["text"] == "The user is asking how I am. I should reply warmly."
    assert sum(1 for c in chunks if c.usage_metadata) == 1


@pytest.mark.vcr
def test_a7_m1_reasoning_content_field() -> None:
    msg = scenario_llm("a7_m1_reasoning_content", model="MiniMax-M1").invoke("hello")
    assert msg.content == "Hello! How can I assist you?"
    assert msg.additional_kwargs["reasoning_content"] == "...omitted"
    assert msg.usage_metadata is not None
    assert msg.usage_metadata["output_token_details"] == {"reasoning": 214}
    assert msg.response_metadata["model_name"] == "MiniMax-M1"


@pytest.mark.vcr
def test_a8_v2_stream_final_message_not_duplicated() -> None:
    full, chunks = aggregate(
        scenario_llm("a8_v2_stream_final_message", model="MiniMax-M1").stream("hi")
    )
    # the trailing full `chat.completion` event must not be appended to the deltas
    assert full.content == "OkayHello! How can I assist you today?"
    assert sum(1 for c in chunks if c.usage_metadata) == 1
    assert full.usage_metadata is not None and full.usage_metadata["total_tokens"] == 73


@pytest.mark.vcr
def test_stream_and_invoke_agree() -> None:
    """The aggregated stream equals the non-streamed message (emulator, inline form)."""
    from langchain_minimax import ChatMiniMax
    from minimax_testing.emulator import BASE_URL

    llm = ChatMiniMax(base_url=BASE_URL, preset="minimax", reasoning_split=False)
    msg = llm.invoke("Hello")
    full, _ = aggregate(llm.stream("Hello"))
    assert full.content == msg.content == "Hello! How can I help you today?"
    assert full.additional_kwargs["reasoning_content"] == msg.additional_kwargs["reasoning_content"]
    assert full.additional_kwargs[REPLAY_KEY] == msg.additional_kwargs[REPLAY_KEY]
    assert full.usage_metadata == msg.usage_metadata
