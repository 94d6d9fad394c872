"""A malformed API key is refused clearly, before any request, and never echoed.

On all six surfaces: a key with surrounding whitespace (read from a file with its trailing
newline, or from ``MINIMAX_API_KEY``) works once stripped; a key that still cannot be an HTTP
header value (a line break or control character inside, a pasted typographic quote) raises
:class:`InvalidAPIKeyError` — an ``AuthenticationError`` — whose message says what is wrong and
where, with no request sent (so nothing retried). The distinctive key appears in no exception
text, ``repr``, traceback or log record.
"""

from __future__ import annotations

import logging
import time
import traceback
from typing import Any

import pytest

from minimax_testing.fault_server import FaultServer
from minimax_transport import AuthenticationError, InvalidAPIKeyError

from .conftest import SECRET
from .drivers import ALL_DRIVERS, Driver, Settings

LOGGERS = ("minimax_transport", "httpx", "httpcore", "langchain", "llama_index")
#: ``(key, expected phrase of the message)`` for keys that must be refused.
BAD_KEYS = {
    "inner-newline": (SECRET[:12] + "\n" + SECRET[12:], "a line break at position 13 of 30"),
    "inner-control": (SECRET[:5] + "\x07" + SECRET[5:], "control character (U+0007) at position 6"),
    "typographic-quote": (SECRET + "\u201d", "non-ASCII character (U+201D) at position 30"),
    "inner-space": (SECRET[:3] + " " + SECRET[3:], "a space at position 4 of 30"),
}


def _no_secret(*things: Any) -> None:
    for thing in things:
        text = str(thing)
        assert "distinctive-123456789" not in text, f"key leaked in: {text[:300]!r}"
        assert "FAKE-distinctive" not in text, f"key leaked in: {text[:300]!r}"


def _check_refusal(exc: BaseException, phrase: str) -> None:
    assert isinstance(exc, InvalidAPIKeyError)
    assert isinstance(exc, AuthenticationError)
    assert phrase in str(exc)
    assert not exc.retryable
    _no_secret(
        str(exc),
        repr(exc),
        exc.args,
        exc.message,
        "".join(traceback.format_exception(exc)),
    )


@pytest.mark.parametrize("case", list(BAD_KEYS))
@pytest.mark.parametrize("driver_cls", ALL_DRIVERS, ids=lambda d: d.name)
def test_malformed_key_is_refused_before_any_request(
    fault_server: FaultServer,
    driver_cls: type[Driver],
    case: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    key, phrase = BAD_KEYS[case]
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    driver = driver_cls(Settings(fault_server.base_url, api_key=key, max_retries=2))
    start = time.monotonic()
    try:
        with pytest.raises(InvalidAPIKeyError) as info:
            driver.invoke("m1")
        _check_refusal(info.value, phrase)
        with pytest.raises(InvalidAPIKeyError) as info:
            driver.stream("m2")
        _check_refusal(info.value, phrase)
        _no_secret(repr(driver.target), repr(driver.client()))
    finally:
        driver.close()
    assert time.monotonic() - start < 5.0
    assert fault_server.request_count == 0, "a refused key must not reach the server"
    for rec in caplog.records:
        _no_secret(rec.getMessage(), repr(rec.args), repr(rec.__dict__))
    _no_secret(caplog.text)


@pytest.mark.parametrize("driver_cls", ALL_DRIVERS, ids=lambda d: d.name)
def test_key_with_surrounding_whitespace_works_stripped(
    fault_server: FaultServer, driver_cls: type[Driver], caplog: pytest.LogCaptureFixture
) -> None:
    """``api_key=open(path).read()``: the trailing newline (and any surrounding blanks) is
    stripped; the header carries exactly the key."""
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    driver = driver_cls(Settings(fault_server.base_url, api_key=f" {SECRET}\r\n", max_retries=0))
    try:
        assert driver.invoke("m1").content == "echo:m1"
        assert driver.stream("m2").content == "echo:m2"
        _no_secret(repr(driver.target), repr(driver.client()))
    finally:
        driver.close()
    assert [r.headers["authorization"] for r in fault_server.requests] == [f"Bearer {SECRET}"] * 2
    _no_secret(caplog.text)


@pytest.mark.parametrize("driver_cls", ALL_DRIVERS, ids=lambda d: d.name)
def test_environment_key_is_stripped_and_checked(
    fault_server: FaultServer, driver_cls: type[Driver], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINIMAX_API_KEY", f"{SECRET}\n")
    driver = driver_cls(Settings(fault_server.base_url, api_key=None, max_retries=0))  # type: ignore[arg-type]
    try:
        assert driver.invoke("m1").content == "echo:m1"
    finally:
        driver.close()
    assert fault_server.requests[0].headers["authorization"] == f"Bearer {SECRET}"

    monkeypatch.setenv("MINIMAX_API_KEY", SECRET + "\u2019\n")
    driver = driver_cls(Settings(fault_server.base_url, api_key=None, max_retries=2))  # type: ignore[arg-type]
    try:
        with pytest.raises(InvalidAPIKeyError) as info:
            driver.stream("m2")
        _check_refusal(info.value, "non-ASCII character (U+2019) at position 30 of 30")
    finally:
        driver.close()
    assert fault_server.request_count == 1  # only the first, good key's request


@pytest.mark.parametrize("driver_cls", ALL_DRIVERS, ids=lambda d: d.name)
def test_blank_key_is_a_missing_key(
    fault_server: FaultServer, driver_cls: type[Driver], monkeypatch: pytest.MonkeyPatch
) -> None:
    from minimax_transport import MissingAPIKeyError

    monkeypatch.delenv("MINIMAX_API_KEY", raising=False)
    driver = driver_cls(Settings(fault_server.base_url, api_key=" \n", max_retries=2))
    try:
        with pytest.raises(MissingAPIKeyError):
            driver.invoke("m1")
    finally:
        driver.close()
    assert fault_server.request_count == 0
