"""``ChatMiniMax`` counts tokens offline (no transformers, no download) and drives
``trim_messages(token_counter=model)``."""

from __future__ import annotations

import builtins
import sys
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, trim_messages
from langchain_core.tools import tool

from langchain_minimax import ChatMiniMax

HISTORY = [
    SystemMessage("You are terse."),
    HumanMessage("first question " * 20),
    AIMessage("answer " * 20),
    HumanMessage("What is 7 times 8?"),
]


@pytest.fixture
def no_transformers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import transformers`` fail, as in a default install."""
    real_import = builtins.__import__

    def guarded(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "transformers" or name.startswith("transformers."):
            raise ImportError("No module named 'transformers'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "transformers", raising=False)
    monkeypatch.setattr(builtins, "__import__", guarded)


@pytest.mark.usefixtures("no_transformers")
def test_counts_without_transformers() -> None:
    llm = ChatMiniMax(model="MiniMax-M2.7", api_key="sk-test")
    assert llm.get_num_tokens("Hello, world!") == 4
    assert len(llm.get_token_ids("Hello, world!")) == 4
    # one M2.7 user turn: the captured pair with 50 prompt tokens ('Example: aggregator responses (AIMLAPI, llmprovider)') is estimated 51
    assert (
        llm.get_num_tokens_from_messages([HumanMessage("Hi! What do you think about mankind?")])
        == 51
    )


@pytest.mark.usefixtures("no_transformers")
def test_tools_are_counted() -> None:
    @tool
    def get_weather(location: str) -> str:
        """Get weather of a location, the user should supply a location first."""
        return "sunny"

    llm = ChatMiniMax(model="MiniMax-M2.1", api_key="sk-test")
    messages = [HumanMessage("How's the weather in San Francisco?")]
    with_tools = llm.get_num_tokens_from_messages(messages, tools=[get_weather])
    # the captured pairs for this request report 222 and 203 prompt tokens
    assert 203 * 0.8 <= with_tools <= 222 * 1.2
    assert with_tools - llm.get_num_tokens_from_messages(messages) > 100


@pytest.mark.usefixtures("no_transformers")
def test_trim_messages_with_the_model_as_counter() -> None:
    llm = ChatMiniMax(model="MiniMax-M2.7", api_key="sk-test")
    full = llm.get_num_tokens_from_messages(HISTORY)
    trimmed = trim_messages(
        HISTORY, max_tokens=100, token_counter=llm, strategy="last", include_system=True
    )
    assert [type(m) for m in trimmed] == [SystemMessage, HumanMessage]
    assert trimmed[-1].content == "What is 7 times 8?"
    assert llm.get_num_tokens_from_messages(trimmed) <= 100 < full
    everything = trim_messages(HISTORY, max_tokens=full, token_counter=llm, strategy="last")
    assert everything == HISTORY
