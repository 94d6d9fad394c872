"""Byte-exact replay of MiniMax's assistant turn (rule docs/wire-format.md 'Replay and interleaved thinking') — asserted on the request body the
second turn of a tool loop actually sends, and on the body recorded in its cassette."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import tool

from langchain_minimax import REPLAY_KEY
from minimax_testing.recorded import capture_json
from tests.langchain._helpers import aggregate, scenario_llm


@tool
def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "24℃, sunny"


class _Capture:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> None:
        self.bodies.append(request.read())

    def client(self) -> httpx.Client:
        return httpx.Client(event_hooks={"request": [self]})


def _tool_loop(scenario: str, stream: bool, vcr: Any) -> tuple[dict[str, Any], bytes]:
    capture = _Capture()
    llm = scenario_llm(scenario, model="MiniMax-M2.1", http_client=capture.client())
    bound = llm.bind_tools([get_weather])
    question = HumanMessage("How is the weather in San Francisco?")
    if stream:
        first, _ = aggregate(bound.stream([question]))
    else:
        first = bound.invoke([question])
    tool_msg = get_weather.invoke(first.tool_calls[0])
    assert isinstance(tool_msg, ToolMessage)
    final = bound.invoke([question, first, tool_msg])
    assert final.text == "The tool returned: 24℃, sunny"
    assert len(capture.bodies) == 2
    sent = capture.bodies[1]
    # the bytes sent are the bytes recorded in the cassette for the second request
    recorded = vcr.requests[1].body
    assert sent == (recorded if isinstance(recorded, bytes) else recorded.encode())
    return json.loads(sent), sent


@pytest.mark.vcr
def test_a2_inline_think_replayed_verbatim(vcr: Any) -> None:
    body, raw = _tool_loop("a2_tool_call_inline_think", stream=False, vcr=vcr)
    wire = capture_json("a2_tool_call_inline_think.json")["choices"][0]["message"]
    assistant = body["messages"][1]
    assert assistant["role"] == "assistant"
    assert assistant["content"] == wire["content"]  # <think>…</think>\n\n\n, untouched
    assert json.dumps(wire["content"], ensure_ascii=False).encode() in raw
    assert assistant["tool_calls"][0]["id"] == "call_function_1202729600_1"
    assert assistant["tool_calls"][0]["function"] == wire["tool_calls"][0]["function"]
    assert "name" not in assistant  # MiniMax's `name: "MiniMax AI"` is not echoed
    assert body["messages"][2] == {
        "role": "tool",
        "tool_call_id": "call_function_1202729600_1",
        "content": "24℃, sunny",
    }


@pytest.mark.vcr
def test_a2_streamed_aggregate_replayed_verbatim(vcr: Any) -> None:
    body, _ = _tool_loop("a2_tool_call_inline_think", stream=True, vcr=vcr)
    wire = capture_json("a2_tool_call_inline_think.json")["choices"][0]["message"]
    assert body["messages"][1]["content"] == wire["content"]
    assert body["messages"][1]["tool_calls"][0]["function"]["arguments"] == (
        '{"location": "San Francisco, US"}'
    )


@pytest.mark.vcr
def test_a3_reasoning_details_replayed_verbatim(vcr: Any) -> None:
    body, _ = _tool_loop("a3_tool_call_reasoning_split", stream=False, vcr=vcr)
    wire = capture_json("a3_tool_call_split.json")["choices"][0]["message"]
    assistant = body["messages"][1]
    assert assistant["reasoning_details"] == wire["reasoning_details"]
    assert assistant["content"] == wire["content"]
    assert assistant["tool_calls"][0]["id"] == "call_function_2831178524_1"


def test_hand_built_reasoning_is_sent_inline() -> None:
    """An AIMessage built by hand (no replay payload) with reasoning → canonical inline form."""
    from langchain_core.messages import AIMessage

    llm = scenario_llm("a1_inline_think")
    msg = AIMessage("56", additional_kwargs={"reasoning_content": "7*8=56"})
    req = llm._build_request([HumanMessage("7*8?"), msg, HumanMessage("and 9*9?")], None, {})
    body = llm.client.build_body(req, stream=False)
    assert body["messages"][1] == {
        "role": "assistant",
        "content": "<think>\n7*8=56\n</think>\n\n56",
    }
    assert REPLAY_KEY not in msg.additional_kwargs
