"""Recipe 5 — LlamaIndex: FunctionAgent with tools, streaming AgentStream events.

``AgentStream.thinking_delta`` carries MiniMax's reasoning as it streams, ``delta`` only the
answer; tool calls and results arrive as their own events. The reasoning is replayed to MiniMax
on the agent's next request.
"""

from __future__ import annotations

import asyncio
from typing import cast

from llama_index.core.agent.workflow import AgentOutput, AgentStream, FunctionAgent, ToolCallResult

from cookbook import display
from llama_index_minimax import MiniMax


def multiply(a: float, b: float) -> float:
    """Multiply two numbers."""
    return a * b


def add(a: float, b: float) -> float:
    """Add two numbers."""
    return a + b


QUESTION = "What is (12.5 * 4) + 7? Use the tools."


async def run() -> str:
    agent = FunctionAgent(
        tools=[multiply, add],
        llm=MiniMax(model="MiniMax-M2.7"),
        system_prompt="You are a careful calculator. Always use the tools for arithmetic.",
    )
    display.question(QUESTION)
    handler = agent.run(user_msg=QUESTION)
    out = display.Streamer()
    thinking_seen = False
    async for event in handler.stream_events():
        if isinstance(event, AgentStream):
            if event.thinking_delta:
                thinking_seen = True
            out.reasoning(event.thinking_delta or "")
            out.answer(event.delta)
        elif isinstance(event, ToolCallResult):
            out.end()
            display.tool_call(event.tool_name, event.tool_kwargs)
            display.tool_result(event.tool_name, event.tool_output.content)
    out.end()
    result = cast(AgentOutput, await handler)
    answer = str(result.response.content or "")
    assert "<think>" not in answer
    if not thinking_seen:
        display.note("(no thinking_delta streamed)")
    return answer


def main() -> str:
    display.title("LlamaIndex: FunctionAgent streaming AgentStream (thinking_delta)")
    return asyncio.run(run())


if __name__ == "__main__":
    main()
