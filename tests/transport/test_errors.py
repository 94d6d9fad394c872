"""Every error envelope of docs/wire-format.md 'Example: error envelopes' / 'Error envelopes' replayed from cassettes → typed error with code, HTTP status
and request_id; plus the envelope mapping itself (error_from_body / base_resp_error)."""

from __future__ import annotations

from typing import Any

import pytest

from minimax_transport import (
    AuthenticationError,
    BadRequestError,
    ContentFilterError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    MiniMaxError,
    ModelNotOnPlanError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TextDelta,
)
from minimax_transport.errors import base_resp_error, class_for, error_from_body, parse_code

from .cassette_specs import ERRORS, SPECS, specs_for
from .conftest import NONSTREAM_MODES, run

#: cassette → (error class, MiniMax code, HTTP status, request_id, message fragment)
EXPECTED: dict[str, tuple[type[MiniMaxError], int, int, str | None, str]] = {
    "a10_http400_2013_unknown_model": (
        BadRequestError,
        2013,
        400,
        "0640ba836689481a9c9410847decb247",
        "unknown model",
    ),
    "a10_http400_2013_context_window_exceeded": (
        ContextWindowExceededError,
        2013,
        400,
        "0640ba842245a2234f67f9f955956ba6",
        "context window exceeds limit",
    ),
    "a10_http200_base_resp_1004_login_fail": (AuthenticationError, 1004, 200, None, "login fail"),
    "a10_http401_1004_authorized_error": (
        AuthenticationError,
        1004,
        401,
        "0640ba838096cbdbe96fe03bc1654ebe",
        "login fail",
    ),
    "a10_http400_2013_invalid_chat_setting": (
        BadRequestError,
        2013,
        400,
        "06170aa9dc23d267899a0ae64353a3ac",
        "invalid chat setting",
    ),
    "a10_http400_2013_invalid_function_arguments": (
        BadRequestError,
        2013,
        400,
        "062a66d39255cef5e797c7af9cd059fe",
        "invalid function arguments json string",
    ),
    "a10_http400_2013_invalid_request_error_type": (
        BadRequestError,
        2013,
        400,
        "060ddc5b11062bd3139dfc01ab8b68bd",
        "function name or parameters is empty",
    ),
    "a10_http400_2013_code_invalid_prompt_no_type": (
        BadRequestError,
        2013,
        400,
        None,
        "tool result's tool id",
    ),
    "a10_http400_2013_openai_style_code_null": (
        BadRequestError,
        2013,
        400,
        None,
        "invalid message role: system",
    ),
    "a10_http500_api_error_1033_system_error": (ServerError, 1033, 500, None, "system error"),
}


def _cases() -> list[Any]:
    out = []
    for spec in specs_for(ERRORS):
        if spec.stream:
            continue
        marks = [pytest.mark.vcr, pytest.mark.default_cassette(spec.name)]
        if not spec.live:
            marks.append(pytest.mark.replay_only)
        for mode in NONSTREAM_MODES:
            out.append(pytest.param(spec.name, mode, marks=marks, id=f"{spec.name}-{mode}"))
    return out


def test_every_error_cassette_has_expectations() -> None:
    assert set(EXPECTED) == {s.name for s in specs_for(ERRORS) if not s.stream}


@pytest.mark.parametrize(("name", "mode"), _cases())
async def test_error_envelope(name: str, mode: str, vcr: Any, exact: bool) -> None:
    spec = SPECS[name]
    cls, code, status, request_id, fragment = EXPECTED[name]
    # max_retries=0: 1033 is retryable (retries are counted in test_retries.py).
    client = spec.client(max_retries=0)
    with pytest.raises(MiniMaxError) as info:
        await run(client, spec.request, mode)
    err = info.value
    assert type(err) is cls
    assert err.code == code
    assert err.status_code == status
    assert vcr.play_count == 1  # never retried (or retries disabled for 1033)
    if exact:
        assert err.request_id == request_id
        assert fragment in err.message
    assert "test-key-not-a-real-key" not in str(err)
    assert f"MiniMax code {code}" in str(err)


@pytest.mark.vcr
@pytest.mark.default_cassette("a10_http400_2013_unknown_model")
def test_unknown_model_is_not_retried_with_default_retries(vcr: Any) -> None:
    spec = SPECS["a10_http400_2013_unknown_model"]
    with pytest.raises(BadRequestError) as info:
        spec.client().complete(spec.request)  # max_retries defaults to 2
    assert not info.value.retryable
    assert vcr.play_count == 1


@pytest.mark.vcr
@pytest.mark.default_cassette("a10_http400_2013_unknown_model")
def test_error_on_stream_request_is_typed(vcr: Any) -> None:
    spec = SPECS["a10_http400_2013_unknown_model"]
    with pytest.raises(BadRequestError) as info:
        list(spec.client().stream(spec.request))
    assert info.value.code == 2013 and info.value.status_code == 400


@pytest.mark.vcr
@pytest.mark.default_cassette("a10_stream_error_event_midstream_2013")
@pytest.mark.replay_only
@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_error_event_midstream_is_typed(mode: str, vcr: Any) -> None:
    spec = SPECS["a10_stream_error_event_midstream_2013"]
    client = spec.client()
    seen: list[Any] = []
    with pytest.raises(BadRequestError) as info:
        if mode == "stream":
            for event in client.stream(spec.request):
                seen.append(event)
        else:
            async for event in client.astream(spec.request):
                seen.append(event)
    assert info.value.code == 2013
    assert info.value.request_id == "06170aa9dc23d267899a0ae64353a3ad"
    assert "does not follow tool call" in info.value.message
    # The replayed body is one chunk, so the error surfaces before any event is yielded.
    assert not any(isinstance(e, TextDelta) for e in seen)
    assert vcr.play_count == 1  # 2013 is never retried


# ------------------------------------------------------------------ envelope mapping (docs/wire-format.md 'Errors')
@pytest.mark.parametrize(
    ("code", "cls", "retryable"),
    [
        (1000, ServerError, True),
        (1001, ServerError, True),
        (1002, RateLimitError, True),
        (1004, AuthenticationError, False),
        (1008, InsufficientBalanceError, False),
        (1013, ServerError, True),
        (1024, ServerError, True),
        (1026, ContentFilterError, False),
        (1027, ContentFilterError, False),
        (1033, ServerError, True),
        (1039, RateLimitError, True),
        (1042, ContentFilterError, False),
        (2013, BadRequestError, False),
        (2045, RateLimitError, True),
        (2049, AuthenticationError, False),
        (2056, RateLimitError, True),
        (2061, ModelNotOnPlanError, False),
    ],
)
def test_http200_base_resp_codes(code: int, cls: type[MiniMaxError], retryable: bool) -> None:
    err = base_resp_error({"base_resp": {"status_code": code, "status_msg": f"msg {code}"}})
    assert type(err) is cls and err.code == code and err.status_code == 200
    assert err.retryable is retryable


def test_http200_success_base_resp_is_not_an_error() -> None:
    assert base_resp_error({"base_resp": {"status_code": 0, "status_msg": ""}}) is None
    assert base_resp_error({"choices": []}) is None


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (402, InsufficientBalanceError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (400, BadRequestError),
    ],
)
def test_http_status_without_code(status: int, cls: type[MiniMaxError]) -> None:
    err = error_from_body(status, "upstream said no")
    assert type(err) is cls and err.status_code == status and err.code is None


def test_http_code_number_or_string_and_code_from_message() -> None:
    for http_code in ("400", 400):
        err = error_from_body(
            None,
            {
                "type": "error",
                "error": {
                    "type": "bad_request_error",
                    "message": "invalid params, x (2013)",
                    "http_code": http_code,
                },
            },
        )
        assert err.status_code == 400 and err.code == 2013
    assert parse_code("system error (1033)") == 1033
    assert parse_code("no code here") is None
    assert class_for(400, 2013, "invalid params, context window exceeds limit (2013)") is (
        ContextWindowExceededError
    )


def test_choices_null_with_sensitive_flag_is_content_filter() -> None:
    from minimax_transport.catalog import resolve_model
    from minimax_transport.presets import get_preset
    from minimax_transport.response_parser import parse_completion
    from minimax_transport.types import ChatRequest, UserMessage

    req = ChatRequest("MiniMax-M2.7", [UserMessage("x")])
    with pytest.raises(ContentFilterError):
        parse_completion(
            {
                "choices": None,
                "input_sensitive": True,
                "base_resp": {"status_code": 0, "status_msg": ""},
            },
            req,
            resolve_model(req.model),
            get_preset("minimax"),
        )
