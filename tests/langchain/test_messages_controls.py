"""``thinking`` / ``reasoning_effort`` on ``ChatMiniMax`` pointed at MiniMax's
Anthropic-compatible endpoint: every Messages cell of ``tests/control_cases.py`` on the body
really sent, set on the constructor and per call — the same decisions as on the chat
endpoint, in the Messages wire form (nothing in the adapter knows the dialect)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from langchain_minimax import ChatMiniMax
from minimax_transport import controls
from tests.control_cases import case_id, messages_cases, messages_reply
from tests.transport.test_messages_controls import check_messages_outcome


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    controls._warned.clear()


def _llm(sent: list[dict[str, Any]], **kwargs: Any) -> ChatMiniMax:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/anthropic/v1/messages"
        sent.append(json.loads(request.content))
        return messages_reply(request)

    return ChatMiniMax(
        api_key="test-key-not-a-real-key",
        base_url="http://127.0.0.1:9/anthropic",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **kwargs,
    )


def _set(setting: str, value: Any) -> dict[str, Any]:
    return {} if value is None else {setting: value}


@pytest.mark.parametrize("case", messages_cases(), ids=case_id)
def test_every_cell_set_on_the_constructor(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model=model, preset=preset, **_set(setting, value))
    check_messages_outcome(outcome, model, setting, lambda: llm.invoke("hi"), sent)


@pytest.mark.parametrize(
    "case", [c for c in messages_cases() if c[3] == "minimax-anthropic"], ids=case_id
)
def test_every_cell_set_per_call(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model=model, preset=preset)
    run = lambda: llm.invoke("hi", **_set(setting, value))  # noqa: E731
    check_messages_outcome(outcome, model, setting, run, sent)
