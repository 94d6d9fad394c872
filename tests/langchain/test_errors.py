"""Every MiniMax error envelope (captures docs/wire-format.md 'Example: error envelopes') reaches the caller as the transport's typed
error — also LangChain's matching ``ModelError`` class — with ``status_code`` / ``code`` and no
key."""

from __future__ import annotations

import os

import pytest
from langchain_core import exceptions as lc
from langchain_core.runnables import RunnableLambda

from minimax_transport import errors
from tests.langchain._helpers import aggregate, scenario_llm

CASES = [
    ("a10_unknown_model", errors.BadRequestError, 400, 2013, "unknown model"),
    ("a10_context_window", errors.ContextWindowExceededError, 400, 2013, "context window"),
    ("a10_login_fail_base_resp", errors.AuthenticationError, 200, 1004, "login fail"),
    ("a10_tool_id_not_found", errors.BadRequestError, 400, 2013, "tool id"),
    ("a10_system_error_1033", errors.ServerError, 500, 1033, "system error"),
    ("http401_login_fail", errors.AuthenticationError, 401, 1004, "login fail"),
    ("base_resp_1008_insufficient_balance", errors.InsufficientBalanceError, 200, 1008, "balance"),
    ("base_resp_1002_rate_limit", errors.RateLimitError, 200, 1002, "rate limit"),
]
LC_CLASS = {
    errors.BadRequestError: lc.ModelInvalidRequestError,
    errors.ContextWindowExceededError: lc.ContextOverflowError,
    errors.AuthenticationError: lc.ModelAuthenticationError,
    errors.ServerError: lc.ModelAPIError,
    errors.InsufficientBalanceError: lc.ModelError,
    errors.RateLimitError: lc.ModelRateLimitError,
}


@pytest.mark.vcr
@pytest.mark.parametrize(("scenario", "cls", "status", "code", "text"), CASES)
def test_error_envelope_invoke(scenario: str, cls: type, status: int, code: int, text: str) -> None:
    with pytest.raises(cls) as info:
        scenario_llm(scenario).invoke("hi")
    err = info.value
    # The transport's class exactly (plus LangChain's family member), not a sibling.
    assert type(err).__bases__[1] is cls
    assert isinstance(err, LC_CLASS[cls])
    assert err.is_retryable is err.retryable is (cls in (errors.ServerError, errors.RateLimitError))
    assert err.status_code == status
    assert err.code == code
    assert text in str(err)
    key = os.environ["MINIMAX_API_KEY"]
    assert key not in str(err) and key not in repr(err)


@pytest.mark.vcr
async def test_error_envelope_ainvoke_base_resp() -> None:
    with pytest.raises(errors.InsufficientBalanceError):
        await scenario_llm("base_resp_1008_insufficient_balance").ainvoke("hi")


@pytest.mark.vcr
def test_base_resp_error_inside_sse_stream() -> None:
    with pytest.raises(errors.InsufficientBalanceError) as info:
        aggregate(scenario_llm("base_resp_1008_insufficient_balance").stream("hi"))
    assert info.value.code == 1008


@pytest.mark.vcr
def test_error_event_embedded_in_stream() -> None:
    with pytest.raises(errors.BadRequestError) as info:
        aggregate(scenario_llm("sse_embedded_error").stream("hi"))
    assert info.value.code == 2013


@pytest.mark.vcr
def test_rate_limit_is_retried_then_raised() -> None:
    """1002 is retryable: with max_retries=2 the cassette holds three identical answers."""
    llm = scenario_llm("base_resp_1002_rate_limit", max_retries=2)
    llm.client.retry_policy.initial_delay = 0.0
    llm.client.retry_policy.jitter = False
    with pytest.raises(errors.RateLimitError):
        llm.invoke("hi")


@pytest.mark.vcr
def test_with_fallbacks_catches_typed_error() -> None:
    failing = scenario_llm("a10_unknown_model", model="this-model-does-not-exist-2026")
    chain = failing.with_fallbacks(
        [RunnableLambda(lambda _: "fallback")], exceptions_to_handle=(errors.BadRequestError,)
    )
    assert chain.invoke("hi") == "fallback"


def test_missing_key_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINIMAX_API_KEY", raising=False)
    llm = scenario_llm("a1_inline_think", api_key=None)
    with pytest.raises(errors.MissingAPIKeyError, match="MINIMAX_API_KEY"):
        llm.invoke("hi")
