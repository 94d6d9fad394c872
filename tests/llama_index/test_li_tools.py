"""Tool calling: request mapping, every streamed tool-call shape, replay, bad arguments."""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)
from llama_index.core.tools import FunctionTool

from llama_index_minimax import REPLAY_KEY, MiniMax, MiniMaxToolCallError


def get_weather(location: str, unit: str = "c") -> str:
    """Get the current weather for a location."""
    return "24℃, sunny"


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


def read_file(paths: list[str]) -> str:
    """Read files."""
    return ""


def bash(description: str, command: str) -> str:
    """Run a shell command."""
    return ""


def glob(pattern: str) -> str:
    """Find files."""
    return ""


WEATHER = FunctionTool.from_defaults(get_weather)
ADD = FunctionTool.from_defaults(add)
ALL_TOOLS = [
    WEATHER,
    ADD,
    FunctionTool.from_defaults(read_file),
    FunctionTool.from_defaults(bash),
    FunctionTool.from_defaults(glob),
]
A2_CONTENT = (
    "<think>\nAlright, the user is asking about the weather in San Francisco. … So I'll proceed "
    "with making the tool call to get_weather with the location parameter.\n</think>\n\n\n"
)


async def _stream(llm: MiniMax, mode: str, **kwargs: Any) -> list[ChatResponse]:
    if mode == "sync":
        return list(llm.stream_chat_with_tools(ALL_TOOLS, user_msg="Go.", **kwargs))
    gen = await llm.astream_chat_with_tools(ALL_TOOLS, user_msg="Go.", **kwargs)
    return [c async for c in gen]


def _calls(llm: MiniMax, resp: ChatResponse) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (s.tool_id, s.tool_name, s.tool_kwargs)
        for s in llm.get_tool_calls_from_response(resp, error_on_no_tool_call=False)
    ]


# ------------------------------------------------------------------------------ non-streamed


@pytest.mark.vcr("a2_inline_tool_call.yaml")
def test_inline_tool_call_and_replay(llm: MiniMax, wire: Any) -> None:
    history = [ChatMessage(role="user", content="Weather in San Francisco?")]
    resp = llm.chat_with_tools([WEATHER], chat_history=history)
    assert len(history) == 1  # chat_history is not mutated
    blocks = resp.message.blocks
    assert [type(b) for b in blocks] == [ThinkingBlock, TextBlock, ToolCallBlock]
    assert resp.message.content == ""
    assert isinstance(blocks[0], ThinkingBlock)
    assert blocks[0].content is not None and blocks[0].content.startswith("Alright, the user")
    assert _calls(llm, resp) == [
        ("call_function_1202729600_1", "get_weather", {"location": "San Francisco, US"})
    ]
    # request: tool spec from the FunctionTool, order of properties kept, no parallel flag
    tools = wire.last["tools"]
    assert tools[0]["type"] == "function"
    assert tools[0]["function"]["name"] == "get_weather"
    assert list(tools[0]["function"]["parameters"]["properties"]) == ["location", "unit"]
    assert "parallel_tool_calls" not in wire.last
    # tool loop: replay the assistant turn verbatim, then the tool result
    history += [
        resp.message,
        ChatMessage(
            role="tool",
            content="24℃, sunny",
            additional_kwargs={"tool_call_id": "call_function_1202729600_1"},
        ),
    ]
    final = llm.chat_with_tools([WEATHER], chat_history=history)
    assert final.message.content == "It is 24℃ and sunny in San Francisco."
    assert llm.get_tool_calls_from_response(final, error_on_no_tool_call=False) == []
    assistant, tool = wire.messages(1)[1:3]
    assert assistant["content"] == A2_CONTENT
    assert assistant["tool_calls"] == [
        {
            "id": "call_function_1202729600_1",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"location": "San Francisco, US"}'},
            "index": 0,
        }
    ]
    assert tool == {
        "role": "tool",
        "tool_call_id": "call_function_1202729600_1",
        "content": "24℃, sunny",
    }


@pytest.mark.vcr("a3_split_tool_call.yaml")
async def test_split_tool_call_and_replay(make_llm: Any, wire: Any) -> None:
    llm = make_llm(model="MiniMax-M2.1")
    history = [ChatMessage(role="user", content="Weather in San Francisco?")]
    resp = await llm.achat_with_tools([WEATHER], chat_history=history)
    thinking = resp.message.blocks[0]
    assert isinstance(thinking, ThinkingBlock)
    assert thinking.content is not None and thinking.content.startswith("Let me think")
    assert resp.message.content is not None and resp.message.content.strip() == ""
    assert _calls(llm, resp) == [
        ("call_function_2831178524_1", "get_weather", {"location": "San Francisco, US"})
    ]
    history += [
        resp.message,
        ChatMessage(
            role="tool",
            content="24℃, sunny",
            additional_kwargs={"tool_call_id": "call_function_2831178524_1"},
        ),
    ]
    final = await llm.achat_with_tools([WEATHER], chat_history=history)
    assert final.message.content == "It is 24℃ and sunny in San Francisco."
    assistant = wire.messages(1)[1]
    assert assistant["reasoning_details"][0]["text"].startswith("Let me think about this request.")
    assert assistant["reasoning_details"][0]["format"] == "MiniMax-response-v1"
    assert assistant["content"] == "\n"
    assert assistant["tool_calls"][0]["id"] == "call_function_2831178524_1"


@pytest.mark.vcr("a2_inline_tool_call.yaml")
def test_predict_and_call_runs_the_tool(llm: MiniMax) -> None:
    out = llm.predict_and_call([WEATHER], user_msg="Weather in San Francisco?")
    assert out.response == "24℃, sunny"
    assert out.sources[0].tool_name == "get_weather"
    assert out.sources[0].raw_input["kwargs"] == {"location": "San Francisco, US"}


@pytest.mark.vcr("no_tool_call.yaml")
def test_no_tool_call_error_only_when_asked(llm: MiniMax) -> None:
    resp = llm.chat_with_tools([ADD], user_msg="What is 7 times 8?")
    assert resp.message.content == "56"
    assert llm.get_tool_calls_from_response(resp, error_on_no_tool_call=False) == []
    with pytest.raises(ValueError, match="Expected at least one tool call"):
        llm.get_tool_calls_from_response(resp)


@pytest.mark.vcr("bad_json_arguments.yaml")
def test_bad_json_arguments_surface(llm: MiniMax) -> None:
    resp = llm.chat_with_tools([WEATHER], user_msg="Weather?")
    with pytest.raises(MiniMaxToolCallError) as info:
        llm.get_tool_calls_from_response(resp, error_on_no_tool_call=False)
    err = info.value
    assert err.tool_name == "get_weather"
    assert err.tool_call_id == "call_function_9990001111_1"
    assert err.raw_arguments == '{"location": "San Fr'
    assert "not a JSON object" in str(err)


@pytest.mark.vcr("bad_json_arguments.yaml")
def test_bad_json_arguments_never_call_tool_with_empty_kwargs(llm: MiniMax) -> None:
    with pytest.raises(MiniMaxToolCallError):
        llm.predict_and_call([WEATHER], user_msg="Weather?")


@pytest.mark.parametrize("parallel", [False, True])
@pytest.mark.vcr("parallel_calls.yaml")
def test_parallel_calls(llm: MiniMax, wire: Any, parallel: bool) -> None:
    resp = llm.chat_with_tools(
        [WEATHER], user_msg="Paris and Tokyo?", allow_parallel_tool_calls=parallel
    )
    names = [c[2]["location"] for c in _calls(llm, resp)]
    assert names == (["Paris", "Tokyo"] if parallel else ["Paris"])


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, None),
        ({"tool_choice": "auto"}, "auto"),
        ({"tool_choice": "none"}, "none"),
    ],
)
@pytest.mark.vcr("no_tool_call.yaml")
def test_tool_choice_passthrough(
    llm: MiniMax, wire: Any, kwargs: dict[str, Any], expected: str | None
) -> None:
    llm.chat_with_tools([ADD], user_msg="7*8?", **kwargs)
    assert wire.last.get("tool_choice") == expected


# ------------------------------------------------------------------------------ streamed shapes


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("stream_fragments.yaml")
async def test_stream_fragments(llm: MiniMax, mode: str) -> None:
    chunks = await _stream(llm, mode)
    assert _calls(llm, chunks[-1]) == [
        ("call_function_jpaq2z2bgfh7_1", "get_weather", {"location": "Paris", "unit": "c"})
    ]
    # partial arguments are readable while streaming (what FunctionAgent shows)
    partial = [c for c in chunks if _calls(llm, c) and _calls(llm, c)[0][2] == {}]
    assert partial  # id + name known before the arguments
    mid = [_calls(llm, c)[0][2] for c in chunks if _calls(llm, c)]
    assert {"location": "Paris", "unit": "c"} in mid
    last = chunks[-1]
    assert last.message.content == ""
    assert "".join(c.additional_kwargs.get("thinking_delta") or "" for c in chunks).strip() == (
        "I need the weather tool."
    )
    assert last.additional_kwargs["prompt_tokens"] == 120
    assert last.additional_kwargs["reasoning_tokens"] == 10
    assert last.message.additional_kwargs[REPLAY_KEY]["tool_calls"][0]["id"] == (
        "call_function_jpaq2z2bgfh7_1"
    )


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("stream_whole_call.yaml")
async def test_stream_whole_call_on_finish_chunk(llm: MiniMax, mode: str) -> None:
    chunks = await _stream(llm, mode)
    assert _calls(llm, chunks[-1]) == [
        ("call_function_jpaq2z2bgfh7_2", "read_file", {"paths": ["src/providers/minimax.rs"]})
    ]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("stream_same_index.yaml")
async def test_stream_parallel_calls_reusing_index_zero(llm: MiniMax, mode: str) -> None:
    chunks = await _stream(llm, mode, allow_parallel_tool_calls=True)
    assert _calls(llm, chunks[-1]) == [
        ("call_function_aaa", "bash", {"description": "list repo", "command": "ls -la"}),
        ("call_function_bbb", "glob", {"pattern": "**/*.go"}),
    ]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("stream_no_index.yaml")
async def test_stream_calls_without_index(make_llm: Any, mode: str) -> None:
    llm = make_llm(model="abab6.5s-chat")
    chunks = await _stream(llm, mode, allow_parallel_tool_calls=True)
    assert _calls(llm, chunks[-1]) == [
        ("call_1", "add", {"a": 1, "b": 2}),
        ("call_2", "add", {"a": 3, "b": 4}),
    ]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("stream_object_arguments.yaml")
async def test_stream_object_arguments(llm: MiniMax, mode: str) -> None:
    chunks = await _stream(llm, mode)
    assert _calls(llm, chunks[-1]) == [("call_function_5550001111_1", "add", {"a": 5, "b": 6})]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("stream_repeated_call.yaml")
async def test_stream_repeated_full_call_stays_one(make_llm: Any, mode: str) -> None:
    llm = make_llm(model="abab6.5s-chat")
    chunks = await _stream(llm, mode)
    assert _calls(llm, chunks[-1]) == [("call_function_7770001111_1", "add", {"a": 1, "b": 2})]


@pytest.mark.vcr("a2_inline_tool_call.yaml")
async def test_apredict_and_call_runs_the_tool(llm: MiniMax) -> None:
    out = await llm.apredict_and_call([WEATHER], user_msg="Weather in San Francisco?")
    assert out.response == "24℃, sunny"
