"""Both adapters map the same call parameters to the same neutral request, and both keep
one transport client per connection setting (the transport's ``ClientCache``)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from .drivers import HAVE_LANGCHAIN, HAVE_LLAMAINDEX

pytestmark = pytest.mark.skipif(
    not (HAVE_LANGCHAIN and HAVE_LLAMAINDEX), reason="needs both adapters"
)

TOOL = {
    "type": "function",
    "function": {
        "name": "add",
        "description": "Add two integers.",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
        },
    },
}

CALLS: list[dict[str, Any]] = [
    {},
    {"max_completion_tokens": 300, "stop": "END", "seed": 7},
    {"temperature": 0.2, "extra_body": {"x": 1}, "presence_penalty": 0.5, "n": 1},
    {"tool_choice": "any"},
    {"tool_choice": True, "parallel_tool_calls": False},
    {"tool_choice": {"type": "function", "function": {"name": "add"}}},
    {"model": "MiniMax-M3", "reasoning_split": False, "stream_usage": True},
]


def _requests(call: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    from langchain_core.messages import HumanMessage
    from llama_index.core.base.llms.types import ChatMessage

    from langchain_minimax import ChatMiniMax
    from llama_index_minimax import MiniMax

    init = {"temperature": 0.7, "top_p": 0.9, "max_tokens": 1000}
    lc = ChatMiniMax(api_key="sk-test", **init).bind(tools=[TOOL], **call)
    li = MiniMax(api_key="sk-test", **init)
    lc_req = lc.bound._build_request([HumanMessage("hi")], None, lc.kwargs)  # type: ignore[attr-defined]
    li_req = li._build_request([ChatMessage(role="user", content="hi")], tools=[TOOL], **call)
    fields = [f.name for f in dataclasses.fields(lc_req) if f.name != "tools"]
    return (
        {f: getattr(lc_req, f) for f in fields} | {"tools": lc_req.tools},
        {f: getattr(li_req, f) for f in fields} | {"tools": li_req.tools},
    )


def _li_tool_spec(tool: Any) -> Any:
    from minimax_transport.types import ToolSpec

    fn = tool["function"]
    return ToolSpec(name=fn["name"], description=fn["description"], parameters=fn["parameters"])


@pytest.mark.parametrize("call", CALLS, ids=[str(c) for c in CALLS])
def test_same_parameters_same_request(
    call: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import llama_index_minimax.base as li_base

    # LlamaIndex's tools are BaseTool objects; give it the same tool as LangChain's dict.
    monkeypatch.setattr(li_base, "tool_to_spec", _li_tool_spec)
    lc, li = _requests(call)
    assert lc == li
    assert lc["tools"] and lc["tools"][0].name == "add"


def test_both_rebuild_the_client_when_a_setting_changes() -> None:
    from langchain_minimax import ChatMiniMax
    from llama_index_minimax import MiniMax

    for llm in (ChatMiniMax(api_key="sk-test"), MiniMax(api_key="sk-test")):
        first = llm.client
        assert llm.client is first
        llm.max_retries = 4
        assert llm.client is not first and llm.client.max_retries == 4
        llm.close()
