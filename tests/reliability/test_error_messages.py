"""Errors say where and how often, on all six surfaces (transport, LangChain, LlamaIndex ×
sync, async), invoke and stream:

* connection and timeout errors name host, port and path and the number of attempts, never
  the key;
* an HTTP 404 on a base URL without ``/v1`` suggests the ``/v1`` URL, with "HTTP 404" once;
* a ``Retry-After`` longer than ``max_retry_after`` raises the ``RateLimitError`` at once
  (one request, ``retry_after`` set, the limit named);
* a proxy's HTML page with HTTP 200 on a stream is a ``ResponseFormatError`` saying the body
  was not an event stream.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from minimax_testing.fault_server import (
    FaultServer,
    hang,
    json_response,
    minimax_error,
    raw_response,
    reset_now,
)
from minimax_transport.errors import (
    APIConnectionError,
    APITimeoutError,
    MiniMaxError,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
)

from .conftest import SECRET
from .drivers import ALL_DRIVERS, Driver, Settings, transport_class

DRIVERS = pytest.mark.parametrize("driver_cls", ALL_DRIVERS, ids=lambda d: d.name)
MODES = pytest.mark.parametrize("mode", ["invoke", "stream"])


def _fail(driver: Driver, mode: str, marker: str) -> tuple[MiniMaxError, float]:
    call = driver.stream if mode == "stream" else driver.invoke
    start = time.monotonic()
    try:
        with pytest.raises(MiniMaxError) as info:
            call(marker)
    finally:
        driver.close()
    return info.value, time.monotonic() - start


def _where(server: FaultServer) -> str:
    return f"127.0.0.1:{server.port}/v1/chat/completions"


@DRIVERS
@MODES
def test_connection_error_names_host_path_and_attempts(
    driver_cls: type[Driver], mode: str, fault_server: FaultServer
) -> None:
    fault_server.script(*[reset_now()] * 3)
    driver = driver_cls(Settings(fault_server.base_url, api_key=SECRET))
    exc, elapsed = _fail(driver, mode, "m-reach")
    assert transport_class(exc) is APIConnectionError, repr(exc)
    assert str(exc).startswith(f"Could not reach {_where(fault_server)} (3 attempts): ")
    assert SECRET not in str(exc) and SECRET not in repr(exc)
    assert fault_server.request_count == 3
    assert elapsed < 5


@DRIVERS
@MODES
def test_timeout_error_names_host_path_and_attempts(
    driver_cls: type[Driver], mode: str, fault_server: FaultServer
) -> None:
    fault_server.script(*[hang(5)] * 2)
    settings = Settings(fault_server.base_url, api_key=SECRET, max_retries=1, timeout=0.3)
    settings.stream_idle_timeout = None  # so min(timeout, 300 s) applies
    driver = driver_cls(settings)
    exc, elapsed = _fail(driver, mode, "m-timeout")
    assert transport_class(exc) is APITimeoutError, repr(exc)
    what = "stream from" if mode == "stream" else "request to"
    assert f"MiniMax {what} {_where(fault_server)} timed out (2 attempts)" in str(exc)
    limit = "stream_idle_timeout=0.3s" if mode == "stream" else "timeout=0.3s"
    assert limit in str(exc)
    assert SECRET not in str(exc)
    assert fault_server.request_count == 2
    assert elapsed < 3


@DRIVERS
@MODES
@pytest.mark.parametrize(
    "body", [b"", b"404 page not found", b'{"error": "Not Found"}'], ids=["empty", "text", "json"]
)
def test_404_without_v1_suggests_v1(
    driver_cls: type[Driver], mode: str, body: bytes, fault_server: FaultServer
) -> None:
    ctype = "application/json" if body.startswith(b"{") else "text/plain"
    fault_server.script(raw_response(404, body, ctype))
    root = fault_server.base_url.removesuffix("/v1")
    driver = driver_cls(Settings(root))
    exc, _ = _fail(driver, mode, "m-404")
    assert transport_class(exc) is NotFoundError, repr(exc)
    text = str(exc)
    assert f"did you mean {root}/v1?" in text
    assert f"POST {root}/chat/completions not found" in text
    assert text.count("HTTP 404") == 1, text
    assert fault_server.request_count == 1


@DRIVERS
def test_404_with_v1_names_the_url_without_a_hint(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    fault_server.script(raw_response(404, b"", "text/plain"))
    driver = driver_cls(Settings(fault_server.base_url))
    exc, _ = _fail(driver, "invoke", "m-404-v1")
    assert transport_class(exc) is NotFoundError
    assert f"POST {fault_server.base_url}/chat/completions not found" in str(exc)
    assert "did you mean" not in str(exc)
    assert str(exc).count("HTTP 404") == 1


def _429(retry_after: str) -> Any:
    body = minimax_error(429, "rate limit exceeded (1002)", kind="rate_limit_error")
    return json_response(429, body, {"Retry-After": retry_after})


@DRIVERS
@MODES
@pytest.mark.parametrize(
    ("given", "header", "limit"),
    [({}, "120", "60"), ({"max_retry_after": 0.2}, "1.5", "0.2")],
    ids=["default-60s", "setting"],
)
def test_retry_after_over_the_limit_raises_at_once(
    driver_cls: type[Driver],
    mode: str,
    given: dict[str, Any],
    header: str,
    limit: str,
    fault_server: FaultServer,
) -> None:
    fault_server.script(_429(header))
    driver = driver_cls(Settings(fault_server.base_url, **given))
    exc, elapsed = _fail(driver, mode, "m-ra")
    assert transport_class(exc) is RateLimitError, repr(exc)
    assert exc.retry_after == float(header)
    assert f"longer than max_retry_after={limit} s: not retried" in str(exc)
    assert fault_server.request_count == 1
    assert elapsed < 1.0


@DRIVERS
def test_retry_after_within_the_setting_is_waited_for(
    driver_cls: type[Driver], fault_server: FaultServer
) -> None:
    """The same 1.5 s ``Retry-After`` is honoured once ``max_retry_after`` allows it."""
    fault_server.script(_429("0.4"))
    driver = driver_cls(Settings(fault_server.base_url, max_retry_after=0.5))
    try:
        assert driver.invoke("m-ra-ok").content
    finally:
        driver.close()
    assert fault_server.request_count == 2
    assert fault_server.requests[1].time - fault_server.requests[0].time >= 0.38


PROXY_PAGE = (
    b"<!DOCTYPE html><html><head><title>Gateway login</title></head>"
    b"<body><h1>Please sign in to continue</h1></body></html>"
)


@DRIVERS
@pytest.mark.parametrize("ctype", ["text/html; charset=utf-8", "application/xhtml+xml"])
def test_html_page_on_a_stream_is_not_an_event_stream(
    driver_cls: type[Driver], ctype: str, fault_server: FaultServer
) -> None:
    fault_server.script(raw_response(200, PROXY_PAGE, ctype))
    driver = driver_cls(Settings(fault_server.base_url))
    exc, _ = _fail(driver, "stream", "m-html")
    assert transport_class(exc) is ResponseFormatError, repr(exc)
    assert "not an event stream" in str(exc)
    assert "Gateway login" in str(exc)  # the start of the page, to recognise it
    assert fault_server.request_count == 1
