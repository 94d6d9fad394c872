"""Fixtures for the reliability suite: the fault server, fast backoff, a distinctive key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import minimax_transport.client as transport_client
from minimax_testing.fault_server import FaultServer
from minimax_transport.retry import RetryPolicy

from .drivers import ASYNC_STACKS

#: A key distinctive enough to grep for anywhere it must not appear.
SECRET = "sk-FAKE-distinctive-123456789"


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()


def _fast_policy(max_retries: int = 2, **kw: Any) -> RetryPolicy:
    kw.setdefault("initial_delay", 0.01)
    kw.setdefault("max_delay", 0.05)
    return RetryPolicy(max_retries=max_retries, **kw)


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exponential backoff in milliseconds (``Retry-After`` is still honoured as sent), so the
    retry tests count requests without sleeping for seconds. Applies to every client the
    adapters build too, since they all go through ``MiniMaxClient``."""
    monkeypatch.setattr(transport_client, "RetryPolicy", _fast_policy)


@pytest.fixture(params=ASYNC_STACKS)
def async_stack(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once per async HTTP stack: ``async_transport="auto"`` (what clients built
    without the setting get) resolves to this stack for the test's duration."""
    stack: str = request.param
    real = transport_client.resolve_async_transport

    def resolve(choice: str) -> Any:
        return stack if choice == "auto" else real(choice)

    monkeypatch.setattr(transport_client, "resolve_async_transport", resolve)
    return stack
