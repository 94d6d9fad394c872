"""The API key never leaks: not in ``repr``/``str``, dumps, pickles, exception messages (even
when the server echoes it back), DEBUG log records, nor in the recorded cassettes."""

from __future__ import annotations

import asyncio
import logging
import pickle
import re
import traceback
from pathlib import Path
from typing import Any

import pytest
import yaml

from minimax_testing.fault_server import (
    MODEL,
    FaultServer,
    chunk,
    json_response,
    minimax_error,
    sse,
)
from minimax_transport import ChatRequest, MiniMaxClient, UserMessage
from minimax_transport.errors import AuthenticationError, MiniMaxError, ServerError

from .conftest import SECRET
from .drivers import ALL_DRIVERS, HAVE_LANGCHAIN, HAVE_LLAMAINDEX, Driver, Settings

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
LOGGERS = ("minimax_transport", "httpx", "httpcore")


def _no_secret(*things: Any) -> None:
    for thing in things:
        text = thing.decode("utf-8", "replace") if isinstance(thing, bytes) else str(thing)
        assert SECRET not in text, f"key leaked in: {text[:300]!r}"
        assert "distinctive-123456789" not in text


# --------------------------------------------------------------------------- objects
def test_transport_client_repr_and_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINIMAX_API_KEY", raising=False)
    client = MiniMaxClient(api_key=SECRET, base_url="http://127.0.0.1:9/v1")
    blob = pickle.dumps(client)
    _no_secret(repr(client), str(client), blob, repr(vars(client)))
    restored = pickle.loads(blob)
    assert restored.api_key is None  # the key is not carried by the pickle…
    monkeypatch.setenv("MINIMAX_API_KEY", "sk-from-env")
    assert pickle.loads(blob).api_key.get_secret_value() == "sk-from-env"  # …env is re-read


@pytest.mark.skipif(not HAVE_LANGCHAIN, reason="langchain_minimax not available")
def test_langchain_model_dumps_and_pickle() -> None:
    from langchain_core.load import dumpd, dumps

    from langchain_minimax import ChatMiniMax

    model = ChatMiniMax(model=MODEL, api_key=SECRET, base_url="http://127.0.0.1:9/v1")
    _no_secret(
        repr(model),
        str(model),
        model.model_dump(),
        model.model_dump_json(),
        model.to_json(),
        dumps(model),
        dumpd(model),
        repr(model.client),
        model._identifying_params,
    )
    _no_secret(pickle.dumps(model))


@pytest.mark.skipif(not HAVE_LLAMAINDEX, reason="llama_index_minimax not available")
def test_llamaindex_model_dumps_and_pickle() -> None:
    from llama_index_minimax import MiniMax

    llm = MiniMax(model=MODEL, api_key=SECRET, api_base="http://127.0.0.1:9/v1")
    _ = llm.client  # build the transport client too
    _no_secret(
        repr(llm),
        str(llm),
        llm.to_dict(),
        llm.to_json(),
        llm.model_dump(),
        llm.model_dump_json(),
        llm.metadata,
        repr(llm.client),
    )
    _no_secret(pickle.dumps(llm))


# --------------------------------------------------------------------------- errors and logs
def _echoing_401() -> Any:
    """A hostile server that echoes the Authorization header into its error message."""

    async def step(ex: Any) -> bool:
        auth = ex.request.headers.get("authorization", "")
        return await ex.json(
            401,
            minimax_error(
                401, f"invalid api key: got '{auth}' (2049)", kind="authentication_error"
            ),
        )

    return step


def _echoing_stream_error() -> Any:
    async def step(ex: Any) -> bool:
        auth = ex.request.headers.get("authorization", "")
        return await sse(
            [
                chunk("<think>\nx"),
                {"error": {"type": "api_error", "message": f"system error for {auth} (1033)"}},
            ]
        )(ex)

    return step


def _check_exception(exc: BaseException) -> None:
    assert isinstance(exc, MiniMaxError)
    _no_secret(
        str(exc),
        repr(exc),
        exc.args,
        exc.body,
        exc.message,
        "".join(traceback.format_exception(exc)),
        pickle.dumps(exc),
    )


@pytest.mark.parametrize("driver_cls", ALL_DRIVERS, ids=lambda d: d.name)
def test_errors_and_debug_logs_never_show_the_key(
    fault_server: FaultServer, driver_cls: type[Driver], caplog: pytest.LogCaptureFixture
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    driver = driver_cls(Settings(fault_server.base_url, api_key=SECRET, max_retries=1))
    try:
        # A success with a retry first (exercises the retry debug log), streamed and not.
        fault_server.script(json_response(500, minimax_error(500, "system error (1000)")))
        assert driver.invoke("m1").content == "echo:m1"
        fault_server.script(json_response(500, minimax_error(500, "system error (1000)")))
        assert driver.stream("m2").content == "echo:m2"
        # Auth error whose body echoes the key.
        fault_server.script(_echoing_401())
        with pytest.raises(AuthenticationError) as info:
            driver.invoke("m3")
        _check_exception(info.value)
        fault_server.script(_echoing_401())
        with pytest.raises(AuthenticationError) as info:
            driver.stream("m4")
        _check_exception(info.value)
        # Mid-stream error event echoing the key.
        fault_server.script(_echoing_stream_error())
        with pytest.raises(ServerError) as info2:
            driver.stream("m5")
        _check_exception(info2.value)
    finally:
        driver.close()
    # The key did go out, in the Authorization header only.
    assert all(r.headers["authorization"] == f"Bearer {SECRET}" for r in fault_server.requests)
    assert all(SECRET.encode() not in r.raw_body for r in fault_server.requests)
    assert caplog.records, "DEBUG logging was captured"
    for rec in caplog.records:
        _no_secret(rec.getMessage(), repr(rec.args), repr(rec.__dict__))
    _no_secret(caplog.text)


def test_async_transport_errors_redacted(fault_server: FaultServer) -> None:
    client = MiniMaxClient(api_key=SECRET, base_url=fault_server.base_url, max_retries=0)
    fault_server.script(_echoing_401(), _echoing_stream_error())
    req = ChatRequest(MODEL, [UserMessage("m")])

    async def main() -> None:
        with pytest.raises(AuthenticationError) as info:
            await client.acomplete(req)
        _check_exception(info.value)
        with pytest.raises(ServerError) as info2:
            async for _ in client.astream(req):
                pass
        _check_exception(info2.value)
        await client.aclose()

    asyncio.run(main())


# --------------------------------------------------------------------------- cassettes
KEYLIKE = [
    re.compile(r"Bearer\s+(?!<scrubbed>|\{)[A-Za-z0-9._~+/=-]{6,}"),
    re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),  # JWT (older MiniMax keys)
]
SECRET_HEADERS = {"authorization", "x-api-key", "api-key", "cookie", "set-cookie"}


def _cassettes() -> list[Path]:
    return sorted(p for p in CASSETTES.rglob("*") if p.is_file())


def test_cassettes_hold_no_key() -> None:
    files = _cassettes()
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        for pattern in KEYLIKE:
            m = pattern.search(text)
            assert m is None, f"{path}: key-like string {m.group(0)[:20]!r}…"
        assert SECRET not in text
        if path.suffix not in (".yaml", ".yml"):
            continue
        data = yaml.safe_load(text) or {}
        for interaction in data.get("interactions", []):
            for part in ("request", "response"):
                headers = (interaction.get(part) or {}).get("headers") or {}
                for name, values in headers.items():
                    if name.lower() in SECRET_HEADERS:
                        values = values if isinstance(values, list) else [values]
                        assert all(v == "<scrubbed>" for v in values), f"{path}: {name}"
