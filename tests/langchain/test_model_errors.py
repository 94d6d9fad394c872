"""ChatMiniMax errors are LangChain's ``ModelError`` family too, and LangChain's own machinery
decides with them: ``ModelRetryMiddleware`` does not retry an authentication error but does
retry a 1002; ``SummarizationMiddleware`` recognises a context overflow of its summary call
and retries with the middle of the history cut out. Requests are counted on the loopback
fault server (MiniMax's wire shapes, captures docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)'/'Example: streamed answer with inline think and trailing usage chunk (M2.7)'/'Example: error envelopes')."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from langchain.agents import create_agent
from langchain.agents.middleware import ModelRetryMiddleware, SummarizationMiddleware
from langchain_core import exceptions as lc
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from langchain_minimax import ChatMiniMax
from langchain_minimax import errors as lc_errors
from minimax_testing.fault_server import (
    FaultServer,
    base_resp,
    json_response,
    minimax_error,
    reset_now,
)
from minimax_transport import errors as transport

# transport class, constructor kwargs, langchain-core class, is_retryable
TABLE: list[tuple[type[transport.MiniMaxError], dict[str, Any], type[lc.ModelError], bool]] = [
    (transport.AuthenticationError, {"code": 1004}, lc.ModelAuthenticationError, False),
    (transport.MissingAPIKeyError, {}, lc.ModelAuthenticationError, False),
    (transport.PermissionDeniedError, {"status_code": 403}, lc.ModelPermissionDeniedError, False),
    (transport.BadRequestError, {"code": 2013}, lc.ModelInvalidRequestError, False),
    (transport.InvalidRequestError, {}, lc.ModelInvalidRequestError, False),
    (transport.UnsupportedFeatureError, {}, lc.ModelInvalidRequestError, False),
    (transport.ContextWindowExceededError, {"code": 2013}, lc.ContextOverflowError, False),
    (transport.NotFoundError, {"status_code": 404}, lc.ModelNotFoundError, False),
    (transport.RateLimitError, {"code": 1002}, lc.ModelRateLimitError, True),
    (transport.RateLimitError, {"code": 1041}, lc.ModelRateLimitError, True),
    (transport.ServerError, {"code": 1033}, lc.ModelAPIError, True),
    (transport.APITimeoutError, {}, lc.ModelTimeoutError, True),
    (transport.APIConnectionError, {}, lc.ModelConnectionError, True),
    (transport.ModelNotOnPlanError, {"code": 2061}, lc.ModelPermissionDeniedError, False),
    (transport.InsufficientBalanceError, {"code": 1008}, lc.ModelError, False),
    (transport.ContentFilterError, {"code": 1027}, lc.ModelError, False),
    (transport.StreamInterruptedError, {}, lc.ModelConnectionError, False),
    (transport.ResponseFormatError, {"status_code": 200}, lc.ModelAPIError, False),
    (transport.ReasoningBudgetExhaustedError, {}, lc.ModelError, False),
    (transport.ToolChoiceNotHonouredError, {}, lc.ModelError, False),
    (transport.MiniMaxError, {"code": 1000}, lc.ModelError, True),
    (transport.MiniMaxError, {"status_code": 418}, lc.ModelError, False),
    # The transport's retryable wins over the class default both ways.
    (transport.BadRequestError, {"status_code": 409}, lc.ModelInvalidRequestError, True),
]

# Exactly one langchain-core family member per class (besides ModelError itself).
FAMILY = (
    lc.ModelAuthenticationError,
    lc.ModelPermissionDeniedError,
    lc.ModelInvalidRequestError,
    lc.ContextOverflowError,
    lc.ModelNotFoundError,
    lc.ModelRateLimitError,
    lc.ModelAPIError,
    lc.ModelTimeoutError,
    lc.ModelConnectionError,
)


@pytest.mark.parametrize(
    ("cls", "kwargs", "lc_cls", "retryable"),
    TABLE,
    ids=[f"{c.__name__}-{'-'.join(map(str, k.values()))}" for c, k, _, _ in TABLE],
)
def test_error_class_table(
    cls: type[transport.MiniMaxError],
    kwargs: dict[str, Any],
    lc_cls: type[lc.ModelError],
    retryable: bool,
) -> None:
    original = cls("boom", request_id="rid-1", **kwargs)
    original.retry_after = 1.5
    err = lc_errors.to_langchain_error(original)
    assert cls in type(err).__bases__  # the transport class itself, not a sibling
    assert isinstance(err, cls) and isinstance(err, lc_cls)
    assert [f for f in FAMILY if isinstance(err, f)] == (
        [] if lc_cls is lc.ModelError else [lc_cls]
    )
    assert err.retryable is original.retryable is retryable
    assert err.is_retryable is retryable
    assert (err.message, err.code, err.status_code, err.request_id, err.retry_after) == (
        "boom",
        original.code,
        original.status_code,
        "rid-1",
        1.5,
    )
    assert str(err) == str(original) and err.args == original.args
    assert lc_errors.to_langchain_error(err) is err


def test_unlisted_transport_subclass_keeps_its_type() -> None:
    class QuotaExceeded(transport.RateLimitError):
        pass

    err = lc_errors.to_langchain_error(QuotaExceeded("quota", code=1041))
    assert isinstance(err, QuotaExceeded) and isinstance(err, lc.ModelRateLimitError)
    assert err.is_retryable is True
    assert lc_errors.langchain_error_class(QuotaExceeded) is type(err)


def test_timeout_maps_to_model_timeout_not_connection() -> None:
    # APITimeoutError is an APIConnectionError in the transport; the class lookup is exact,
    # then by the nearest listed ancestor, so a timeout (or a subclass of it) stays a timeout.
    class SlowGateway(transport.APITimeoutError):
        pass

    for cls in (transport.APITimeoutError, SlowGateway):
        err = lc_errors.to_langchain_error(cls("slow"))
        assert isinstance(err, lc.ModelTimeoutError) and isinstance(err, cls)
        assert not isinstance(err, lc.ModelConnectionError)
        assert isinstance(err, transport.APIConnectionError) and err.is_retryable is True


# ------------------------------------------------------------------------------ over HTTP


@pytest.fixture
def server() -> Iterator[FaultServer]:
    s = FaultServer().start()
    try:
        yield s
    finally:
        s.stop()


def _llm(server: FaultServer, **kw: Any) -> ChatMiniMax:
    params: dict[str, Any] = {
        "model": "MiniMax-M2.7",
        "api_key": "sk-test-model-errors",
        "base_url": server.base_url,
        "max_retries": 0,
        "timeout": 5.0,
    }
    params.update(kw)
    return ChatMiniMax(**params)


def _call(llm: ChatMiniMax, mode: str, text: Any) -> str:
    if mode == "invoke":
        return llm.invoke(text).text
    if mode == "stream":
        return "".join(c.text for c in llm.stream(text))

    async def run() -> str:
        try:
            if mode == "ainvoke":
                return (await llm.ainvoke(text)).text
            return "".join([c.text async for c in llm.astream(text)])
        finally:
            await llm.client.aclose()

    return asyncio.run(run())


MODES = ["invoke", "stream", "ainvoke", "astream"]


@pytest.mark.parametrize("mode", MODES)
def test_rate_limit_keeps_code_request_id_and_retry_after(server: FaultServer, mode: str) -> None:
    server.script(
        json_response(
            429,
            minimax_error(429, "rate limit exceeded (1002)", request_id="rid-429"),
            {"Retry-After": "7"},
        )
    )
    with pytest.raises(lc.ModelRateLimitError) as info:
        _call(_llm(server), mode, "m")
    err = info.value
    assert isinstance(err, transport.RateLimitError) and err.is_retryable
    assert (err.code, err.status_code, err.request_id, err.retry_after) == (1002, 429, "rid-429", 7)
    assert err.message == "rate limit exceeded (1002)"
    assert server.request_count == 1


@pytest.mark.parametrize("mode", MODES)
def test_connection_error_keeps_its_cause(server: FaultServer, mode: str) -> None:
    server.script(reset_now())
    with pytest.raises(lc.ModelConnectionError) as info:
        _call(_llm(server), mode, "m")
    err = info.value
    assert isinstance(err, transport.APIConnectionError) and err.is_retryable
    assert isinstance(err.__cause__, httpx.HTTPError)


@pytest.mark.parametrize("mode", MODES)
def test_client_side_refusal_is_model_invalid_request(server: FaultServer, mode: str) -> None:
    """Errors raised before any request (a tool result answering no call) are converted too."""
    with pytest.raises(lc.ModelInvalidRequestError) as info:
        _call(_llm(server), mode, [HumanMessage("q"), ToolMessage("r", tool_call_id="nope")])
    assert isinstance(info.value, transport.InvalidRequestError)
    assert isinstance(info.value, ValueError)
    assert server.request_count == 0


# ------------------------------------------------------------------ ModelRetryMiddleware


def _retry_agent(server: FaultServer) -> tuple[Any, ChatMiniMax]:
    retry = ModelRetryMiddleware(max_retries=2, initial_delay=0.0, jitter=False, on_failure="error")
    llm = _llm(server)
    return create_agent(model=llm, tools=[], middleware=[retry]), llm


def _run_agent(agent: Any, inputs: dict[str, Any], is_async: bool, *llms: ChatMiniMax) -> Any:
    """``invoke``, or ``ainvoke`` in a fresh loop whose pools are closed before it ends."""
    if not is_async:
        return agent.invoke(inputs)

    async def run() -> Any:
        try:
            return await agent.ainvoke(inputs)
        finally:
            for llm in llms:
                await llm.client.aclose()

    return asyncio.run(run())


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_retry_middleware_does_not_retry_authentication(
    server: FaultServer, is_async: bool
) -> None:
    server.script(*[json_response(401, minimax_error(401, "login fail (1004)"))] * 3)
    agent, llm = _retry_agent(server)
    inputs = {"messages": [HumanMessage("m-auth")]}
    with pytest.raises(lc.ModelAuthenticationError) as info:
        _run_agent(agent, inputs, is_async, llm)
    assert isinstance(info.value, transport.AuthenticationError)
    assert info.value.code == 1004
    assert server.request_count == 1  # not retried (it was 3 before the error classes)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_retry_middleware_retries_1002(server: FaultServer, is_async: bool) -> None:
    server.script(json_response(200, base_resp(1002, "rate limit exceeded(RPM)")))
    agent, llm = _retry_agent(server)
    inputs = {"messages": [HumanMessage("m-1002")]}
    result = _run_agent(agent, inputs, is_async, llm)
    assert result["messages"][-1].text == "echo:m-1002"
    assert server.request_count == 2


# --------------------------------------------------------------- SummarizationMiddleware

CUT = "[... middle of conversation omitted ...]"


def _history() -> list[Any]:
    filler = " ".join(f"word{i}" for i in range(200))
    return [
        HumanMessage(f"Plan a trip to Lisbon. {filler}"),
        AIMessage(f"Day one: Alfama. {filler}"),
        HumanMessage(f"And day two? {filler}"),
        AIMessage(f"Day two: Belem. {filler}"),
        HumanMessage("m-final: which tram goes to Belem?"),
    ]


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_context_overflow_of_summary_call_is_recognised(
    server: FaultServer, is_async: bool
) -> None:
    """The summary call overflows (MiniMax 2013 'context window exceeds limit'): the middleware
    sees a ``ContextOverflowError``, does not retry it as is, and asks again with the middle
    of the history cut out; the agent then answers with the summary in its context."""
    server.script(
        json_response(
            400, minimax_error(400, "invalid params, context window exceeds limit (2013)")
        )
    )
    summary_llm, agent_llm = _llm(server), _llm(server)
    summarize = SummarizationMiddleware(
        model=summary_llm, trigger=("messages", 4), keep=("messages", 1)
    )
    agent = create_agent(model=agent_llm, tools=[], middleware=[summarize])
    result = _run_agent(agent, {"messages": _history()}, is_async, summary_llm, agent_llm)

    assert server.request_count == 3
    first, retry, answer = (r.body["messages"] for r in server.requests)
    assert CUT not in first[-1]["content"] and "Alfama" in first[-1]["content"]
    assert CUT in retry[-1]["content"]
    assert len(retry[-1]["content"]) < len(first[-1]["content"])
    assert any("Here is a summary" in str(m.get("content")) for m in answer)
    assert answer[-1]["content"] == "m-final: which tram goes to Belem?"
    assert result["messages"][-1].text == "echo:m-final: which tram goes to Belem?"
