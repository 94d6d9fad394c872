"""``thinking`` / ``reasoning_effort`` on LlamaIndex ``MiniMax`` pointed at MiniMax's
Anthropic-compatible endpoint: every Messages cell of ``tests/control_cases.py`` on the body
really sent (constructor and per call) — the same decisions as on the chat endpoint, in the
Messages wire form."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from llama_index.core.llms import ChatMessage

from llama_index_minimax import MiniMax
from minimax_transport import controls
from tests.control_cases import case_id, messages_cases, messages_reply
from tests.transport.test_messages_controls import check_messages_outcome

HI = [ChatMessage(role="user", content="hi")]


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    controls._warned.clear()


def _llm(sent: list[dict[str, Any]], **kwargs: Any) -> MiniMax:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/anthropic/v1/messages"
        sent.append(json.loads(request.content))
        return messages_reply(request)

    return MiniMax(
        api_key="test-key-not-a-real-key",
        api_base="http://127.0.0.1:9/anthropic",
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
    check_messages_outcome(outcome, model, setting, lambda: llm.chat(HI), sent)


@pytest.mark.parametrize(
    "case", [c for c in messages_cases() if c[3] == "minimax-anthropic"], ids=case_id
)
def test_every_cell_set_per_call(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model=model, preset=preset)
    run = lambda: llm.chat(HI, **_set(setting, value))  # noqa: E731
    check_messages_outcome(outcome, model, setting, run, sent)
