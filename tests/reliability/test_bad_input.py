"""Bad input from the caller → a clear error before any request (the server sees nothing).

Cases: unknown role, a tool message without its call, non-JSON tool arguments in the history
(a hand-built call, or the model's own invalid call answered by a tool message), ``n > 1``, an
empty message list — at transport level and through both adapters, sync and async, invoke and
stream.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from minimax_testing.fault_server import MODEL, FaultServer
from minimax_transport import (
    AssistantMessage,
    ChatRequest,
    InvalidToolCall,
    MiniMaxClient,
    ToolCall,
    ToolMessage,
    UserMessage,
)
from minimax_transport.errors import InvalidRequestError, MiniMaxError

from .drivers import HAVE_LANGCHAIN, HAVE_LLAMAINDEX

MODES = ["invoke", "ainvoke", "stream", "astream"]


@dataclass
class WizardMessage:
    content: str
    role: str = "wizard"


# (name, messages, extra request fields, regex the message must match)
TRANSPORT_CASES: list[tuple[str, list[Any], dict[str, Any], str]] = [
    ("unknown-role", [UserMessage("hi"), WizardMessage("abracadabra")], {}, "unknown role"),
    ("tool-without-call", [UserMessage("hi"), ToolMessage("42", "call_1")], {}, "does not follow"),
    (
        "tool-after-other-call",
        [
            UserMessage("hi"),
            AssistantMessage(tool_calls=[ToolCall("call_2", "f", {})]),
            ToolMessage("42", "call_1"),
        ],
        {},
        "call_1",
    ),
    (
        "non-json-arguments",
        [
            UserMessage("hi"),
            AssistantMessage(tool_calls=[ToolCall("call_1", "f", {}, '{"city": "Par')]),
            ToolMessage("42", "call_1"),
        ],
        {},
        "not valid JSON",
    ),
    (
        "non-object-arguments",
        [
            UserMessage("hi"),
            AssistantMessage(tool_calls=[ToolCall("call_1", "f", {}, "[1, 2]")]),
            ToolMessage("42", "call_1"),
        ],
        {},
        "JSON object",
    ),
    (
        "answered-invalid-call",
        [
            UserMessage("hi"),
            AssistantMessage(
                invalid_tool_calls=[InvalidToolCall("call_1", "f", "{oops", "bad json")]
            ),
            ToolMessage("42", "call_1"),
        ],
        {},
        "not valid JSON",
    ),
    ("n-2", [UserMessage("hi")], {"n": 2}, "n=1"),
    ("empty", [], {}, "empty"),
]


def _run_transport(client: MiniMaxClient, req: ChatRequest, mode: str) -> Any:
    if mode == "invoke":
        return client.complete(req)
    if mode == "stream":
        return list(client.stream(req))

    async def main() -> Any:
        try:
            if mode == "ainvoke":
                return await client.acomplete(req)
            return [e async for e in client.astream(req)]
        finally:
            await client.aclose()

    return asyncio.run(main())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("name", "messages", "extra", "match"), TRANSPORT_CASES, ids=[c[0] for c in TRANSPORT_CASES]
)
def test_transport_refuses_before_sending(
    fault_server: FaultServer,
    name: str,
    messages: list[Any],
    extra: dict[str, Any],
    match: str,
    mode: str,
) -> None:
    client = MiniMaxClient(api_key="sk-test", base_url=fault_server.base_url)
    req = ChatRequest(MODEL, list(messages), **extra)
    with pytest.raises(InvalidRequestError, match=match):
        _run_transport(client, req, mode)
    client.close()
    assert fault_server.request_count == 0


# --------------------------------------------------------------------------- adapters
def _lc_cases() -> list[tuple[str, Callable[[], Any], dict[str, Any], type[Exception], str]]:
    from langchain_core.messages import AIMessage, ChatMessage, HumanMessage
    from langchain_core.messages import ToolMessage as LCToolMessage
    from langchain_core.messages.tool import invalid_tool_call, tool_call

    return [
        (
            "unknown-role",
            lambda: [HumanMessage("hi"), ChatMessage(role="wizard", content="x")],
            {},
            InvalidRequestError,
            "role",
        ),
        (
            "tool-without-call",
            lambda: [HumanMessage("hi"), LCToolMessage("42", tool_call_id="c1")],
            {},
            InvalidRequestError,
            "does not follow",
        ),
        (
            "answered-invalid-call",
            lambda: [
                HumanMessage("hi"),
                AIMessage(
                    "",
                    invalid_tool_calls=[
                        invalid_tool_call(name="f", args='{"city": "Par', id="c1", error="bad json")
                    ],
                ),
                LCToolMessage("42", tool_call_id="c1"),
            ],
            {},
            InvalidRequestError,
            "not valid JSON",
        ),
        (
            "tool-after-other-call",
            lambda: [
                HumanMessage("hi"),
                AIMessage("", tool_calls=[tool_call(name="f", args={}, id="c2")]),
                LCToolMessage("42", tool_call_id="c1"),
            ],
            {},
            InvalidRequestError,
            "c1",
        ),
        ("n-2", lambda: [HumanMessage("hi")], {"n": 2}, InvalidRequestError, "n=1"),
        ("empty", lambda: [], {}, InvalidRequestError, "empty"),
    ]


def _li_cases() -> list[tuple[str, Callable[[], Any], dict[str, Any], type[Exception], str]]:
    from llama_index.core.base.llms.types import ToolCallBlock
    from llama_index.core.llms import ChatMessage, MessageRole

    def tool(call_id: str) -> Any:
        return ChatMessage(
            role=MessageRole.TOOL, content="42", additional_kwargs={"tool_call_id": call_id}
        )

    return [
        # LlamaIndex's own message model rejects an unknown role at construction.
        ("unknown-role", lambda: [ChatMessage(role="wizard", content="x")], {}, ValueError, "role"),
        (
            "tool-without-call",
            lambda: [ChatMessage(role="user", content="hi"), tool("c1")],
            {},
            InvalidRequestError,
            "does not follow",
        ),
        (
            "non-json-arguments",
            lambda: [
                ChatMessage(role="user", content="hi"),
                ChatMessage(
                    role=MessageRole.ASSISTANT,
                    blocks=[
                        ToolCallBlock(tool_call_id="c1", tool_name="f", tool_kwargs='{"city": "Par')
                    ],
                ),
                tool("c1"),
            ],
            {},
            InvalidRequestError,
            "not valid JSON",
        ),
        (
            "n-2",
            lambda: [ChatMessage(role="user", content="hi")],
            {"n": 2},
            InvalidRequestError,
            "n=1",
        ),
        ("empty", lambda: [], {}, InvalidRequestError, "empty"),
    ]


def _params(framework: str) -> list[Any]:
    if framework == "langchain":
        if not HAVE_LANGCHAIN:
            return []
        cases = _lc_cases()
    else:
        if not HAVE_LLAMAINDEX:
            return []
        cases = _li_cases()
    return [
        pytest.param(framework, *c, mode, id=f"{framework}-{c[0]}-{mode}")
        for c in cases
        for mode in MODES
    ]


def _run_adapter(
    framework: str,
    server: FaultServer,
    messages: Callable[[], Any],
    kwargs: dict[str, Any],
    mode: str,
) -> Any:
    if framework == "langchain":
        from langchain_minimax import ChatMiniMax

        model: Any = ChatMiniMax(model=MODEL, api_key="sk-test", base_url=server.base_url)
        calls = {
            "invoke": lambda m: model.invoke(m, **kwargs),
            "stream": lambda m: list(model.stream(m, **kwargs)),
            "ainvoke": lambda m: model.ainvoke(m, **kwargs),
            "astream": lambda m: _alist(model.astream(m, **kwargs)),
        }
    else:
        from llama_index_minimax import MiniMax

        model = MiniMax(model=MODEL, api_key="sk-test", api_base=server.base_url)

        async def astream(m: Any) -> Any:
            return await _alist(await model.astream_chat(m, **kwargs))

        calls = {
            "invoke": lambda m: model.chat(m, **kwargs),
            "stream": lambda m: list(model.stream_chat(m, **kwargs)),
            "ainvoke": lambda m: model.achat(m, **kwargs),
            "astream": astream,
        }
    call = calls[mode]
    if mode.startswith("a"):
        return asyncio.run(call(messages()))
    return call(messages())


async def _alist(agen: Any) -> list[Any]:
    return [x async for x in agen]


@pytest.mark.parametrize(
    ("framework", "name", "messages", "kwargs", "exc", "match", "mode"),
    _params("langchain") + _params("llamaindex"),
)
def test_adapters_refuse_before_sending(
    fault_server: FaultServer,
    framework: str,
    name: str,
    messages: Callable[[], Any],
    kwargs: dict[str, Any],
    exc: type[Exception],
    match: str,
    mode: str,
) -> None:
    with pytest.raises(exc, match=match) as info:
        _run_adapter(framework, fault_server, messages, kwargs, mode)
    assert isinstance(info.value, MiniMaxError | ValueError)
    assert fault_server.request_count == 0
