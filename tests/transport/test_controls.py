"""``thinking`` / ``reasoning_effort`` per model and preset, on the request body the transport
sends (the table in ``tests/control_cases.py``), plus the catalog's M3.1 entries and status."""

from __future__ import annotations

import json
import warnings
from typing import Any

import httpx
import pytest

from minimax_transport import (
    ChatRequest,
    MiniMaxClient,
    ModelControlError,
    ModelControlWarning,
    UserMessage,
    controls,
)
from minimax_transport import catalog as catalog_module
from minimax_transport.catalog import EFFORT_LEVELS, KNOWN_MODELS, resolve_model
from tests.control_cases import case_id, cases, reply


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    controls._warned.clear()
    catalog_module._warned_deprecated.clear()


def _client(preset: str, sent: list[dict[str, Any]]) -> MiniMaxClient:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return reply(request)

    return MiniMaxClient(
        api_key="test-key-not-a-real-key",
        base_url="http://127.0.0.1:9/v1",
        preset=preset,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


def check_outcome(outcome: Any, setting: str, run: Any, sent: list[dict[str, Any]]) -> None:
    """Run ``run()`` and check the body (or the refusal / warning) against ``outcome``."""
    if outcome == "refuse":
        with pytest.raises(ModelControlError) as info:
            run()
        assert sent == []  # refused before any request
        assert info.value.setting == setting
        assert info.value.model in str(info.value)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    control_warnings = [w for w in caught if issubclass(w.category, ModelControlWarning)]
    assert len(sent) == 1
    body = sent[0]
    if isinstance(outcome, tuple):
        assert body[setting] == outcome[1]
    elif outcome == "drop":
        assert setting not in body
        assert control_warnings, "a dropped setting must warn"
    else:  # omit
        assert setting not in body
        assert not control_warnings


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_every_cell_on_the_wire(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    client = _client(preset, sent)
    request = ChatRequest(model, [UserMessage("hi")], **{setting: value})
    check_outcome(outcome, setting, lambda: client.complete(request), sent)


def test_setting_in_extra_body_goes_through_the_same_table() -> None:
    """``model_kwargs``/``extra_body`` users get the same decision as the typed field."""
    client = _client("minimax", [])

    def body(model: str, extra: dict[str, Any]) -> dict[str, Any]:
        return client.build_body(
            ChatRequest(model, [UserMessage("hi")], extra_body=extra), stream=False
        )

    assert body("MiniMax-M3.1-Flash", {"reasoning_effort": "low"})["reasoning_effort"] == "low"
    with pytest.raises(ModelControlError):
        body("MiniMax-M3.1-Flash", {"thinking": {"type": "disabled"}})
    with pytest.warns(ModelControlWarning):
        assert "reasoning_effort" not in body("MiniMax-M2.7", {"reasoning_effort": "low"})
    with pytest.warns(ModelControlWarning):
        assert "thinking" not in body("MiniMax-M2.7", {"thinking": {"type": "disabled"}})


def test_typed_field_wins_over_extra_body() -> None:
    body = _client("minimax", []).build_body(
        ChatRequest(
            "MiniMax-M3.1-Flash",
            [UserMessage("hi")],
            reasoning_effort="high",
            extra_body={"reasoning_effort": "low"},
        ),
        stream=False,
    )
    assert body["reasoning_effort"] == "high"


def test_refusal_names_model_and_allowed_values() -> None:
    with pytest.raises(ModelControlError) as info:
        _client("minimax", []).build_body(
            ChatRequest(
                "MiniMax-M3.1-Flash-Preview", [UserMessage("hi")], thinking={"type": "disabled"}
            ),
            stream=False,
        )
    assert info.value.allowed == [{"type": "adaptive"}]
    assert "MiniMax-M3.1-Flash-Preview" in str(info.value) and "adaptive" in str(info.value)
    assert isinstance(info.value, ValueError)  # an InvalidRequestError
    with pytest.raises(ModelControlError) as info:
        _client("minimax", []).build_body(
            ChatRequest("MiniMax-M3.1-Flash", [UserMessage("hi")], reasoning_effort="extreme"),
            stream=False,
        )
    assert info.value.allowed == list(EFFORT_LEVELS)
    assert "'xhigh'" in str(info.value)


def test_warnings_are_given_once() -> None:
    client = _client("minimax", [])
    request = ChatRequest("MiniMax-M3", [UserMessage("hi")], reasoning_effort="low")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            client.build_body(request, stream=False)
    assert len([w for w in caught if issubclass(w.category, ModelControlWarning)]) == 1
    request = ChatRequest("MiniMax-M3", [UserMessage("hi")], thinking={"type": "enabled"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert client.build_body(request, stream=False)["thinking"] == {"type": "adaptive"}
    messages = [str(w.message) for w in caught if issubclass(w.category, ModelControlWarning)]
    assert len(messages) == 1 and "adaptive" in messages[0]


# ---------------------------------------------------------------------------------- catalog


def test_m31_entries() -> None:
    for model in ("MiniMax-M3.1-Flash-Preview", "MiniMax-M3.1-Flash", "minimax/minimax-m3.1-flash"):
        info = resolve_model(model)
        assert info.family == "minimax-m3.1"
        assert info.context_window == 1_000_000
        assert info.image_input and info.video_input
        assert info.reasoning_effort_levels == ("low", "medium", "high", "xhigh", "max")
        assert info.reasoning_effort_default == "max"
    assert resolve_model("MiniMax-M3.1-Flash-Preview").status == "preview"
    assert resolve_model("MiniMax-M3").reasoning_effort_levels == ()
    assert resolve_model("MiniMax-M3").video_input is True
    assert resolve_model("MiniMax-M2.7").video_input is False


def test_no_model_is_deprecated_without_an_official_statement() -> None:
    statuses = {m: resolve_model(m).status for m in KNOWN_MODELS}
    assert "deprecated" not in statuses.values()
    assert {m for m, s in statuses.items() if s == "preview"} == {"MiniMax-M3.1-Flash-Preview"}


def test_deprecated_id_warns_once() -> None:
    client = MiniMaxClient(
        api_key="test-key-not-a-real-key", model_overrides={"status": "deprecated"}
    )
    request = ChatRequest("MiniMax-M2.5", [UserMessage("hi")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            client.build_body(request, stream=False)
    found = [w for w in caught if issubclass(w.category, FutureWarning)]
    assert len(found) == 1 and "MiniMax-M2.5" in str(found[0].message)
