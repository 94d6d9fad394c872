"""Recipe 2 — LangChain: an agent with two tools, two user turns, reasoning replayed.

``create_agent`` loops model → tools → model. Each AIMessage keeps MiniMax's exact assistant
turn in ``additional_kwargs["minimax_replay"]`` (its ``<think>`` block or ``reasoning_details``),
and ChatMiniMax sends it back verbatim on the next request, as MiniMax requires for
interleaved thinking.
"""

from __future__ import annotations

from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver

from cookbook import display
from langchain_minimax import ChatMiniMax


@tool
def get_weather(city: str) -> str:
    """Current weather for a city."""
    return {"paris": "18°C, light rain", "tokyo": "24°C, sunny"}.get(city.lower(), "unknown")


@tool
def convert_c_to_f(celsius: float) -> float:
    """Convert a temperature from Celsius to Fahrenheit."""
    return round(celsius * 9 / 5 + 32, 1)


def _describe(replay: dict[str, Any]) -> str:
    """What the replay payload holds (split mode: reasoning_details; inline: <think> content)."""
    if replay.get("reasoning_details"):
        chars = sum(len(d.get("text", "")) for d in replay["reasoning_details"])
        return f"reasoning_details ({chars} chars of thinking) + content + tool_calls"
    return f"content {replay.get('content', '')[:50]!r}… + tool_calls"


TURNS = [
    "What's the weather in Paris right now?",
    "And what is that temperature in Fahrenheit?",
]


def main() -> list[str]:
    display.title("LangChain: create_agent with two tools, multi-turn")
    agent = create_agent(
        ChatMiniMax(model="MiniMax-M2.7"),
        tools=[get_weather, convert_c_to_f],
        system_prompt="You are a weather assistant. Use the tools; answer in one sentence.",
        checkpointer=InMemorySaver(),
    )
    config: RunnableConfig = {"configurable": {"thread_id": "cookbook-demo"}}
    answers = []
    seen = 0
    for turn in TURNS:
        display.question(turn)
        state = agent.invoke({"messages": [{"role": "user", "content": turn}]}, config)  # type: ignore[call-overload]
        messages = state["messages"]
        for msg in messages[seen:]:
            if isinstance(msg, AIMessage):
                display.reasoning(msg.additional_kwargs.get("reasoning_content"))
                for call in msg.tool_calls:
                    display.tool_call(call["name"], call["args"])
                replay = msg.additional_kwargs.get("minimax_replay") or {}
                if msg.tool_calls and replay:
                    display.note("  sent back verbatim on the next request: " + _describe(replay))
            elif isinstance(msg, ToolMessage):
                display.tool_result(msg.name or "tool", msg.content)
        seen = len(messages)
        final = messages[-1]
        display.answer(final.text)
        if final.usage_metadata:
            u = final.usage_metadata
            display.usage(
                u["input_tokens"],
                u["output_tokens"],
                u.get("output_token_details", {}).get("reasoning"),
                u["total_tokens"],
            )
        assert "<think>" not in final.text
        answers.append(final.text)
    return answers


if __name__ == "__main__":
    main()
