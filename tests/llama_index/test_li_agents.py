"""Agents: FunctionAgent / AgentWorkflow tool loops with reasoning replay, ReActAgent parsing,
``AgentStream.thinking_delta``."""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core.agent.workflow import (
    AgentStream,
    AgentWorkflow,
    FunctionAgent,
    ReActAgent,
    ToolCallResult,
)
from llama_index.core.tools import FunctionTool

from llama_index_minimax import MiniMax


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


def multiply(a: int, b: int) -> int:
    """Multiply two integers."""
    return a * b


THINK_1 = "The user wants 1 + 2. I should call the add tool."


async def _run(agent: Any, msg: str) -> tuple[Any, list[Any]]:
    handler = agent.run(user_msg=msg)
    events = [ev async for ev in handler.stream_events()]
    return await handler, events


def _assistant_with_tool_calls(body: dict[str, Any]) -> dict[str, Any]:
    return next(m for m in body["messages"] if m["role"] == "assistant" and m.get("tool_calls"))


@pytest.mark.vcr("function_agent_inline.yaml")
async def test_function_agent_streaming_tool_loop(llm: MiniMax, wire: Any) -> None:
    agent = FunctionAgent(
        tools=[FunctionTool.from_defaults(add)], llm=llm, system_prompt="You are a calculator."
    )
    assert agent.streaming is True
    result, events = await _run(agent, "What is 1 + 2?")

    assert result.response.content == "The answer is 3."
    assert "<think>" not in str(result)
    tool_results = [e for e in events if isinstance(e, ToolCallResult)]
    assert [(r.tool_name, r.tool_kwargs, r.tool_output.content) for r in tool_results] == [
        ("add", {"a": 1, "b": 2}, "3")
    ]

    streams = [e for e in events if isinstance(e, AgentStream)]
    thinking = "".join(e.thinking_delta or "" for e in streams)
    assert THINK_1 in thinking and "The tool returned 3." in thinking
    answer = "".join(e.delta for e in streams)
    assert "<think>" not in answer and answer.endswith("The answer is 3.")
    assert any(e.tool_calls and e.tool_calls[0].tool_name == "add" for e in streams)

    assert len(wire.bodies) == 2
    first, second = wire.bodies
    assert first["stream"] is True
    assert first["messages"][0] == {"role": "system", "content": "You are a calculator."}
    assert [t["function"]["name"] for t in first["tools"]] == ["add"]
    # the second request replays the first assistant turn exactly as streamed
    assistant = _assistant_with_tool_calls(second)
    assert assistant["content"] == f"<think>\n{THINK_1}\n</think>\n\n"
    assert assistant["tool_calls"][0]["id"] == "call_function_4817203655_1"
    assert assistant["tool_calls"][0]["function"]["name"] == "add"
    assert assistant["tool_calls"][0]["function"]["arguments"] == '{"a": 1, "b": 2}'
    assert second["messages"][-1] == {
        "role": "tool",
        "tool_call_id": "call_function_4817203655_1",
        "content": "3",
    }


@pytest.mark.vcr("function_agent_nonstream.yaml")
async def test_function_agent_non_streaming(llm: MiniMax, wire: Any) -> None:
    agent = FunctionAgent(tools=[FunctionTool.from_defaults(add)], llm=llm, streaming=False)
    result, _ = await _run(agent, "What is 1 + 2?")
    assert result.response.content == "The answer is 3."
    assert "stream" not in wire.bodies[0]
    assistant = _assistant_with_tool_calls(wire.bodies[1])
    assert assistant["content"] == f"<think>\n{THINK_1}\n</think>\n\n"


@pytest.mark.vcr("agent_workflow_split.yaml")
async def test_agent_workflow_split_reasoning_replayed(make_llm: Any, wire: Any) -> None:
    llm = make_llm(model="MiniMax-M2.7")
    workflow = AgentWorkflow.from_tools_or_functions([multiply], llm=llm)
    assert isinstance(workflow.agents[workflow.root_agent], FunctionAgent)
    result, events = await _run(workflow, "What is 6 times 7?")

    assert result.response.content == "6 × 7 = 42."
    thinking = "".join(e.thinking_delta or "" for e in events if isinstance(e, AgentStream))
    assert thinking == "Multiply 6 by 7 with the tool.Got 42."
    assert [e.tool_output.content for e in events if isinstance(e, ToolCallResult)] == ["42"]

    first, second = wire.bodies
    assert first["reasoning_split"] is True
    assistant = _assistant_with_tool_calls(second)
    assert "<think>" not in (assistant["content"] or "")
    details = assistant["reasoning_details"]
    assert "".join(d["text"] for d in details) == "Multiply 6 by 7 with the tool."
    assert details[0]["id"] == "reasoning-text-1"
    assert assistant["tool_calls"][0]["id"] == "call_function_6006006006_1"
    assert second["messages"][-1]["tool_call_id"] == "call_function_6006006006_1"


@pytest.mark.vcr("react_answer_in_reasoning.yaml")
async def test_react_agent_ignores_answer_inside_reasoning(llm: MiniMax, wire: Any) -> None:
    agent = ReActAgent(tools=[FunctionTool.from_defaults(add)], llm=llm)
    result, events = await _run(agent, "What is 1 + 2?")
    assert str(result.response.content).strip() == "3"
    thinking = "".join(e.thinking_delta or "" for e in events if isinstance(e, AgentStream))
    assert "Answer: 4" in thinking
    answer = "".join(e.delta for e in events if isinstance(e, AgentStream))
    assert "Answer: 4" not in answer and "<think>" not in answer
    assert len(wire.bodies) == 1


@pytest.mark.vcr("function_agent_inline.yaml")
async def test_function_agent_initial_tool_choice_is_emulated(llm: MiniMax, wire: Any) -> None:
    agent = FunctionAgent(
        tools=[FunctionTool.from_defaults(add), FunctionTool.from_defaults(multiply)],
        llm=llm,
        initial_tool_choice="add",
    )
    result, _ = await _run(agent, "What is 1 + 2?")
    assert result.response.content == "The answer is 3."
    first, second = wire.bodies
    # M2.x ignores a named tool_choice: the transport narrows the tools and instructs instead
    assert [t["function"]["name"] for t in first["tools"]] == ["add"]
    assert "`add`" in first["messages"][0]["content"]
    assert "tool_choice" not in second  # only the first turn is forced
    assert {t["function"]["name"] for t in second["tools"]} == {"add", "multiply"}
