"""``thinking`` / ``reasoning_effort`` on ``ChatMiniMax``: every model × setting × preset cell
of ``tests/control_cases.py`` on the body really sent, set on the constructor and per call;
ChatAnthropic's ``thinking`` form; the profile's effort levels, video and status."""

from __future__ import annotations

import json
import pickle
from typing import Any

import httpx
import pytest
from langchain_core.exceptions import ModelInvalidRequestError

from langchain_minimax import ChatMiniMax
from minimax_transport import ModelControlError, controls
from tests.control_cases import case_id, cases, reply
from tests.transport.test_controls import check_outcome


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    controls._warned.clear()


def _llm(sent: list[dict[str, Any]], **kwargs: Any) -> ChatMiniMax:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return reply(request)

    return ChatMiniMax(
        api_key="test-key-not-a-real-key",
        base_url="http://127.0.0.1:9/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **{"preset": "minimax", **kwargs},
    )


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_every_cell_set_on_the_constructor(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model=model, preset=preset, **{setting: value})
    check_outcome(outcome, setting, lambda: llm.invoke("hi"), sent)


#: Per call, on one official and one other preset (that path does not depend on the preset).
PER_CALL = [c for c in cases() if c[3] in ("minimax", "openrouter")]


@pytest.mark.parametrize("case", PER_CALL, ids=case_id)
def test_every_cell_set_per_call(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model=model, preset=preset)
    check_outcome(outcome, setting, lambda: llm.invoke("hi", **{setting: value}), sent)


def test_per_call_value_overrides_the_constructor() -> None:
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model="MiniMax-M3.1-Flash", reasoning_effort="max")
    llm.invoke("hi", reasoning_effort="low")
    llm.bind(reasoning_effort="medium").invoke("hi")
    llm.invoke("hi")
    assert [b["reasoning_effort"] for b in sent] == ["low", "medium", "max"]


def test_refusal_is_typed_and_nothing_is_sent() -> None:
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model="MiniMax-M3.1-Flash-Preview", thinking={"type": "disabled"})
    with pytest.raises(ModelControlError, match=r"MiniMax-M3\.1-Flash-Preview") as info:
        llm.invoke("hi")
    assert sent == []
    err = info.value
    assert isinstance(err, ModelInvalidRequestError) and isinstance(err, ValueError)
    assert (err.model, err.setting, err.allowed) == (
        "MiniMax-M3.1-Flash-Preview",
        "thinking",
        [{"type": "adaptive"}],
    )
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.allowed == err.allowed


def test_chat_anthropic_thinking_is_sent_as_adaptive() -> None:
    sent: list[dict[str, Any]] = []
    llm = _llm(sent, model="MiniMax-M3", thinking={"type": "enabled", "budget_tokens": 4096})
    with pytest.warns(UserWarning, match="adaptive"):
        msg = llm.invoke("hi")
    assert sent[0]["thinking"] == {"type": "adaptive"}
    assert msg.content == "Hello!"


def test_profile_carries_effort_video_and_status() -> None:
    m31 = ChatMiniMax(model="MiniMax-M3.1-Flash-Preview", api_key="k").profile
    assert m31 is not None
    assert m31["reasoning_effort_levels"] == ["low", "medium", "high", "xhigh", "max"]
    assert m31["reasoning_effort_default"] == "max"
    assert m31["video_inputs"] is True and m31["image_inputs"] is True
    assert m31["status"] == "preview"
    m3 = ChatMiniMax(model="MiniMax-M3", api_key="k").profile
    assert m3 is not None
    assert "reasoning_effort_levels" not in m3 and m3["status"] == "active"
    assert m3["video_inputs"] is True
    m27 = ChatMiniMax(model="MiniMax-M2.7", api_key="k").profile
    assert m27 is not None
    assert m27["video_inputs"] is False and m27["image_inputs"] is False
