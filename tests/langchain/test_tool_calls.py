"""Every streamed tool-call shape MiniMax produces (docs/wire-format.md 'Streamed tool-call shapes', 'Example: tool call with inline think (M2.1)', 'Example: parallel tool calls reusing index 0'), plus the
``output_version="v1"`` block-index case (LangChain v1 content blocks
are keyed by index, so parallel calls on one index must not merge)."""

from __future__ import annotations

import pytest
from langchain_core.tools import tool

from tests.langchain._helpers import aggregate, scenario_llm


@tool
def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "sunny"


def _calls(msg):
    return [(tc["name"], tc["args"], tc["id"]) for tc in msg.tool_calls]


@pytest.mark.vcr
def test_a2_invoke_tool_call_inline_think() -> None:
    msg = (
        scenario_llm("a2_tool_call_inline_think", model="MiniMax-M2.1")
        .bind_tools([get_weather])
        .invoke("How is the weather in San Francisco?")
    )
    assert _calls(msg) == [
        ("get_weather", {"location": "San Francisco, US"}, "call_function_1202729600_1")
    ]
    assert msg.content == ""
    assert msg.additional_kwargs["reasoning_content"].startswith(
        "Alright, the user is asking about the weather in San Francisco."
    )
    assert msg.response_metadata["finish_reason"] == "tool_calls"
    assert [b["type"] for b in msg.content_blocks] == ["reasoning", "tool_call"]


@pytest.mark.vcr
def test_a2_stream_whole_call_in_one_delta() -> None:
    full, chunks = aggregate(
        scenario_llm("a2_tool_call_inline_think", model="MiniMax-M2.1")
        .bind_tools([get_weather])
        .stream("How is the weather in San Francisco?")
    )
    assert _calls(full) == [
        ("get_weather", {"location": "San Francisco, US"}, "call_function_1202729600_1")
    ]
    tcc = [c.tool_call_chunks[0] for c in chunks if c.tool_call_chunks]
    assert tcc[0]["index"] == 0 and tcc[0]["name"] == "get_weather"
    assert full.content == ""
    assert full.usage_metadata is not None and full.usage_metadata["total_tokens"] == 560


@pytest.mark.vcr
def test_stream_tool_argument_fragments_id_only_on_first_delta() -> None:
    full, chunks = aggregate(scenario_llm("stream_tool_argument_fragments").stream("find it"))
    assert _calls(full) == [("grep", {"pattern": "on_tool_|event::"}, "call_function_k3v9x2m1qa_1")]
    fragments = [c.tool_call_chunks[0] for c in chunks if c.tool_call_chunks]
    assert len(fragments) >= 2
    assert fragments[0]["id"] == "call_function_k3v9x2m1qa_1"
    assert all(f["index"] == 0 for f in fragments)
    assert full.additional_kwargs["reasoning_content"] == "Search the code for the event tag."
    # zero usage objects on mid-stream chunks are ignored; the trailing one counts once
    assert sum(1 for c in chunks if c.usage_metadata) == 1
    assert full.usage_metadata is not None and full.usage_metadata["input_tokens"] == 250


@pytest.mark.vcr
def test_stream_whole_call_on_finish_chunk_with_index_1() -> None:
    full, _ = aggregate(scenario_llm("stream_tool_whole_call_on_finish_chunk").stream("read"))
    assert _calls(full) == [
        ("read_file", {"paths": ["src/providers/minimax.rs"]}, "call_function_jpaq2z2bgfh7_2")
    ]
    assert full.response_metadata["finish_reason"] == "tool_calls"


@pytest.mark.vcr
def test_a6_same_index_different_ids_are_two_calls() -> None:
    full, _ = aggregate(scenario_llm("a6_same_index_different_ids").stream("list and glob"))
    assert _calls(full) == [
        ("bash", {"description": "list repo", "command": "ls -la"}, "call_function_aaa"),
        ("glob", {"pattern": "**/*.go"}, "call_function_bbb"),
    ]
    assert full.invalid_tool_calls == []


@pytest.mark.vcr
def test_stream_arguments_as_object() -> None:
    full, _ = aggregate(scenario_llm("stream_tool_arguments_object").stream("weather?"))
    assert _calls(full) == [
        ("get_weather", {"location": "San Francisco, US"}, "call_function_5521907733_1")
    ]


@pytest.mark.vcr
def test_stream_finish_reason_tool_call_singular() -> None:
    full, _ = aggregate(scenario_llm("stream_tool_finish_reason_tool_call").stream("weather?"))
    assert _calls(full) == [("get_weather", {"location": "Paris"}, "call_function_8812093311_1")]
    assert full.response_metadata["finish_reason"] == "tool_calls"


@pytest.mark.vcr
def test_v1_stream_reasoning_text_then_parallel_tool_calls_no_index_collision() -> None:
    llm = scenario_llm("stream_text_then_tool_calls", output_version="v1")
    full, _ = aggregate(llm.bind_tools([get_weather]).stream("Weather in Paris and Tokyo?"))
    blocks = full.content_blocks
    assert [b["type"] for b in blocks] == ["reasoning", "text", "tool_call", "tool_call"]
    assert blocks[1]["text"] == "Let me check both cities."
    assert "id" not in blocks[1]  # the tool call was not folded into the text block
    assert [(b["name"], b["args"]) for b in blocks[2:]] == [
        ("get_weather", {"location": "Paris"}),
        ("get_weather", {"location": "Tokyo"}),
    ]
    assert [tc["id"] for tc in full.tool_calls] == [
        "call_function_4410021931_1",
        "call_function_4410021931_2",
    ]


@pytest.mark.vcr
def test_v0_stream_reasoning_text_then_parallel_tool_calls() -> None:
    llm = scenario_llm("stream_text_then_tool_calls")
    full, chunks = aggregate(llm.bind_tools([get_weather]).stream("Weather in Paris and Tokyo?"))
    assert full.content == "Let me check both cities."
    assert [b["type"] for b in full.content_blocks] == [
        "reasoning",
        "text",
        "tool_call",
        "tool_call",
    ]
    indices = sorted({c.tool_call_chunks[0]["index"] for c in chunks if c.tool_call_chunks})
    assert indices == [0, 1]
