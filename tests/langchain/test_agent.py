"""An agent loop with ``langchain.agents.create_agent`` on cassettes: tool call, tool result,
final answer — with the model's reasoning replayed on the second request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.tools import tool

from langchain_minimax import REPLAY_KEY
from tests.langchain._helpers import scenario_llm


@tool
def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "24℃, sunny"


def _bodies(vcr: Any) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in vcr.requests]


@pytest.mark.vcr
def test_create_agent_inline_think_loop(vcr: Any) -> None:
    agent = create_agent(
        scenario_llm("a2_tool_call_inline_think", model="MiniMax-M2.1"), [get_weather]
    )
    state = agent.invoke({"messages": [("user", "How is the weather in San Francisco?")]})
    messages = state["messages"]
    assert [type(m).__name__ for m in messages] == [
        "HumanMessage",
        "AIMessage",
        "ToolMessage",
        "AIMessage",
    ]
    call_msg, tool_msg, final = messages[1], messages[2], messages[3]
    assert isinstance(call_msg, AIMessage) and isinstance(tool_msg, ToolMessage)
    assert call_msg.tool_calls[0]["args"] == {"location": "San Francisco, US"}
    assert call_msg.additional_kwargs["reasoning_content"].startswith("Alright, the user")
    assert tool_msg.content == "24℃, sunny"
    assert isinstance(final, AIMessage)
    assert final.text == "The tool returned: 24℃, sunny"
    assert "<think>" not in final.text
    # the second request replays the first turn's raw <think> content verbatim
    second = _bodies(vcr)[1]
    assistant = second["messages"][1]
    assert assistant["content"] == call_msg.additional_kwargs[REPLAY_KEY]["content"]
    assert assistant["content"].startswith("<think>\nAlright, the user is asking")
    assert second["messages"][2]["tool_call_id"] == "call_function_1202729600_1"


@pytest.mark.vcr
async def test_create_agent_split_reasoning_loop_async(vcr: Any) -> None:
    agent = create_agent(
        scenario_llm("a3_tool_call_reasoning_split", model="MiniMax-M2.1"), [get_weather]
    )
    state = await agent.ainvoke({"messages": [("user", "How is the weather in San Francisco?")]})
    final = state["messages"][-1]
    assert final.text == "The tool returned: 24℃, sunny"
    second = _bodies(vcr)[1]
    assert second["messages"][1]["reasoning_details"][0]["text"].startswith(
        "Let me think about this request."
    )
