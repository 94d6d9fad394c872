"""``thinking`` / ``reasoning_effort`` on LlamaIndex ``MiniMax``: every model × setting × preset
cell of ``tests/control_cases.py`` on the body really sent (constructor and per call),
``thinking_dict``, and ``model_info``."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from llama_index.core.llms import ChatMessage

from llama_index_minimax import MiniMax
from minimax_transport import ModelControlError, controls
from tests.control_cases import case_id, cases, reply
from tests.transport.test_controls import check_outcome

HI = [ChatMessage(role="user", content="hi")]


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    controls._warned.clear()


def _llm(sent: list[dict[str, Any]], **kwargs: Any) -> MiniMax:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return reply(request)

    return MiniMax(
        api_key="test-key-not-a-real-key",
        api_base="http://127.0.0.1:9/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **{"preset": "minimax", **kwargs},
    )


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_every_cell_set_on_the_constructor(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model=model, preset=preset, **{setting: value})
    check_outcome(outcome, setting, lambda: llm.chat(HI), sent)


#: Per call, on one official and one other preset (that path does not depend on the preset).
PER_CALL = [c for c in cases() if c[3] in ("minimax", "openrouter")]


@pytest.mark.parametrize("case", PER_CALL, ids=case_id)
def test_every_cell_set_per_call(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model=model, preset=preset)
    check_outcome(outcome, setting, lambda: llm.chat(HI, **{setting: value}), sent)


def test_thinking_dict_is_accepted_on_constructor_and_per_call() -> None:
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model="MiniMax-M3", thinking_dict={"type": "disabled"})
    assert llm.thinking == {"type": "disabled"}
    llm.chat(HI)
    llm.chat(HI, thinking_dict={"type": "adaptive"})
    assert [b["thinking"] for b in sent] == [{"type": "disabled"}, {"type": "adaptive"}]
    with pytest.raises(ValueError, match="not both"):
        _llm([], thinking={"type": "adaptive"}, thinking_dict={"type": "disabled"})


def test_per_call_value_overrides_the_constructor() -> None:
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model="MiniMax-M3.1-Flash", reasoning_effort="max")
    llm.chat(HI, reasoning_effort="low")
    llm.chat(HI)
    assert [b["reasoning_effort"] for b in sent] == ["low", "max"]


def test_refusal_is_typed_and_nothing_is_sent() -> None:
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model="MiniMax-M3.1-Flash", reasoning_effort="extreme")
    with pytest.raises(ModelControlError, match="'xhigh'"):
        llm.chat(HI)
    assert sent == []


def test_model_info_exposes_effort_video_and_status() -> None:
    info = MiniMax(model="MiniMax-M3.1-Flash-Preview", api_key="k").model_info
    assert info.reasoning_effort_levels == ("low", "medium", "high", "xhigh", "max")
    assert info.reasoning_effort_default == "max"
    assert info.video_input and info.image_input
    assert info.status == "preview"
    assert MiniMax(model="MiniMax-M2.7", api_key="k").model_info.video_input is False
