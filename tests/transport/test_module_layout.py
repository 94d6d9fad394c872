"""The transport's modules say what they hold (issue #13 §3): one forcing module shared by sync
and async calls, one stream state, one retryability table, the timeout/connection hierarchy,
and the old import paths kept working."""

from __future__ import annotations

import logging

import pytest

from minimax_transport import errors
from minimax_transport.catalog import resolve_model
from minimax_transport.errors import (
    RETRYABLE,
    APIConnectionError,
    APITimeoutError,
    MiniMaxError,
    RateLimitError,
    class_for,
)
from minimax_transport.presets import get_preset
from minimax_transport.stream_parser import StreamParser, StreamState

from .conftest import run
from .mock_http import Recorder, answer, mock_client, tool_call
from .test_request_building import WEATHER, hi


# ------------------------------------------------------------------ forcing: sync == async
@pytest.mark.parametrize("mode", ["complete", "acomplete"])
async def test_forcing_retry_is_logged_on_both_paths(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    rec = Recorder(
        answer("Let me think."),
        answer("", tool_calls=[tool_call("get_weather", '{"location": "Oslo"}')]),
    )
    with caplog.at_level(logging.DEBUG, logger="minimax_transport"):
        result, _ = await run(mock_client(rec), hi(tools=[WEATHER], tool_choice="required"), mode)
    assert rec.count == 2
    assert result.tool_calls[0].name == "get_weather"
    assert any("ignored by the model; asking again" in r.getMessage() for r in caplog.records)


# ------------------------------------------------------------------ errors and retry table
def test_timeout_is_a_connection_error() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    err = APITimeoutError("slow")
    assert isinstance(err, APIConnectionError) and err.retryable


def test_one_retry_table_code_and_class_agree() -> None:
    # 1041 (connection limit) maps to RateLimitError, so a bare error with that code is
    # retried too: code and class no longer disagree.
    assert MiniMaxError("limit", code=1041).retryable
    for code in errors.RATE_LIMIT_CODES | errors.TRANSIENT_CODES:
        cls = class_for(None, code)
        assert issubclass(cls, RETRYABLE.classes), code
        assert MiniMaxError("x", code=code).retryable, code
    for code in errors.AUTH_CODES | errors.BAD_REQUEST_CODES | errors.CONTENT_FILTER_CODES:
        assert not class_for(None, code)("x", code=code).retryable, code
    assert not any("default_retryable" in vars(c) for c in RETRYABLE.classes)
    assert RateLimitError("slow").retryable


# ------------------------------------------------------------------ one stream state
def _parser() -> StreamParser:
    req = hi()
    return StreamParser(req, resolve_model(req.model), get_preset("minimax"))


FINISH = b'data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}\n\n'


def test_stream_state_moves_forward_once() -> None:
    p = _parser()
    assert p.state is StreamState.STREAMING and not p.complete and not p.done
    p.feed(FINISH)
    assert p.state is StreamState.ANSWERED and p.complete and not p.done
    p.end_input()  # a reset after the finish: read nothing more
    assert p.state is StreamState.INPUT_ENDED and p.done
    assert p.feed(b'data: {"choices":[{"index":0,"delta":{"content":"more"}}]}\n\n') == []
    events = p.close()
    assert p.state is StreamState.CLOSED and p.result is not None
    assert p.result.content == "Hi" and type(events[-1]).__name__ == "Finish"
    assert p.close() == []


def test_done_marker_ends_input_and_end_input_needs_an_ended_answer() -> None:
    p = _parser()
    with pytest.raises(ValueError, match="interruption"):
        p.end_input()
    p.feed(b'data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n')
    assert p.state is StreamState.INPUT_ENDED and p.complete


# ------------------------------------------------------------------ old import paths
def test_moved_names_still_import_from_their_old_modules() -> None:
    from minimax_transport import (
        content_splitter,
        credentials,
        forcing,
        presets,
        request_builder,
        think_splitter,
    )

    assert presets.require_api_key is credentials.require_api_key
    assert presets.resolve_api_key is credentials.resolve_api_key
    assert presets.key_problem is credentials.key_problem
    assert presets.API_KEY_ENV == credentials.API_KEY_ENV == "MINIMAX_API_KEY"
    assert think_splitter.ContentSplitter is content_splitter.ContentSplitter
    assert request_builder.forcing_reminder is forcing.forcing_reminder
    assert request_builder.needs_forcing_emulation is forcing.needs_forcing_emulation
