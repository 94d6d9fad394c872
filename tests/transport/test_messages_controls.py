"""``thinking`` / ``reasoning_effort`` / ``cache_control`` / images on the Messages dialect, on
the request body the client really sends to ``/anthropic/v1/messages``: the same decisions
as the chat dialect (one table, ``minimax_transport/controls.py``), in the Messages wire form
(``thinking`` config, ``output_config.effort``)."""

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
    SystemMessage,
    UserMessage,
    controls,
)
from minimax_transport import request_builder as request_builder_module
from minimax_transport.errors import UnsupportedFeatureError
from minimax_transport.messages_request import ModelNotOnDialectError
from minimax_transport.presets import Preset, get_preset
from tests.control_cases import MESSAGES_PRESETS, case_id, messages_cases, messages_reply

CACHE = {"type": "ephemeral"}


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    controls._warned.clear()
    request_builder_module._cache_warning_given = False


def _client(preset: str | Preset, sent: list[dict[str, Any]]) -> MiniMaxClient:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/anthropic/v1/messages"
        sent.append(json.loads(request.content))
        return messages_reply(request)

    return MiniMaxClient(
        api_key="test-key-not-a-real-key",
        base_url="http://127.0.0.1:9/anthropic",
        preset=preset,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


def _wire(body: dict[str, Any], setting: str) -> Any:
    """Where ``setting`` is on this dialect's wire (``None``: absent)."""
    assert "reasoning_effort" not in body  # never the chat field here
    if setting == "reasoning_effort":
        return body.get("output_config", {}).get("effort")
    return body.get(setting)


def check_messages_outcome(
    outcome: Any, model: str, setting: str, run: Any, sent: list[dict[str, Any]]
) -> None:
    """Run ``run()`` and check the Messages body (or the refusal / warning) against
    ``outcome`` (``tests/control_cases.py``)."""
    if outcome in ("refuse", "not-served"):
        error = ModelControlError if outcome == "refuse" else ModelNotOnDialectError
        with pytest.raises(error) as info:
            run()
        assert sent == []  # refused before any request
        assert model in str(info.value)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    control_warnings = [w for w in caught if issubclass(w.category, ModelControlWarning)]
    assert len(sent) == 1
    body = sent[0]
    if isinstance(outcome, tuple):
        assert _wire(body, setting) == outcome[1]
    else:
        assert _wire(body, setting) is None
        assert bool(control_warnings) == (outcome == "drop")


@pytest.mark.parametrize("case", messages_cases(), ids=case_id)
def test_every_cell_on_the_wire(case: tuple[str, str, Any, str, Any]) -> None:
    model, setting, value, preset, outcome = case
    sent: list[dict[str, Any]] = []
    client = _client(preset, sent)
    request = ChatRequest(model, [UserMessage("hi")], **{setting: value})

    def run() -> None:
        assert client.complete(request).content == "Hello!"

    check_messages_outcome(outcome, model, setting, run, sent)


def test_cells_cover_every_model_and_setting_on_both_presets() -> None:
    cells = messages_cases()
    assert {c[3] for c in cells} == set(MESSAGES_PRESETS)
    assert len(cells) == 7 * 9 * 2  # models × (8 values + unset thinking) × presets


def test_both_messages_presets_are_official_and_embeddings_still_refuse_them() -> None:
    from minimax_transport.embeddings import EmbeddingsNotSupportedError, check_embeddings_preset

    for name in MESSAGES_PRESETS:
        preset = get_preset(name)
        assert preset.official and preset.dialect == "messages"
        with pytest.raises(EmbeddingsNotSupportedError):
            check_embeddings_preset(preset)


def test_extra_body_setting_goes_through_the_same_table() -> None:
    sent: list[dict[str, Any]] = []
    client = _client("minimax-anthropic", sent)
    with pytest.raises(ModelControlError):
        client.build_body(
            ChatRequest(
                "MiniMax-M3.1-Flash",
                [UserMessage("hi")],
                extra_body={"thinking": {"type": "disabled"}},
            ),
            stream=False,
        )
    body = client.build_body(
        ChatRequest(
            "MiniMax-M3.1-Flash",
            [UserMessage("hi")],
            reasoning_effort="high",
            extra_body={"reasoning_effort": "low", "output_config": {"display": "full"}},
        ),
        stream=False,
    )
    assert body["output_config"] == {"display": "full", "effort": "high"}  # typed field wins
    assert "reasoning_effort" not in body


def test_a_host_that_is_not_minimax_decides_for_itself() -> None:
    """A Messages preset marked not official (someone else's Anthropic-compatible host): the
    settings are sent as given and only when set; ``cache_control`` removed with a warning —
    as on the chat dialect's aggregator presets."""
    other = get_preset("minimax-anthropic").with_overrides(name="proxy", official=False)
    sent: list[dict[str, Any]] = []
    client = _client(other, sent)

    def body(**kw: Any) -> dict[str, Any]:
        return client.build_body(ChatRequest("MiniMax-M3", [UserMessage("hi")], **kw), stream=False)

    assert "thinking" not in body()
    assert body(thinking={"type": "enabled"})["thinking"] == {"type": "enabled"}
    assert body(reasoning_effort="low")["output_config"] == {"effort": "low"}
    parts = [{"type": "text", "text": "hi", "cache_control": CACHE}]
    with pytest.warns(UserWarning, match="cache_control"):
        stripped = client.build_body(
            ChatRequest(
                "MiniMax-M3", [SystemMessage("s", cache_control=CACHE), UserMessage(parts)]
            ),
            stream=False,
        )
    assert "cache_control" not in json.dumps(stripped)
    assert stripped["system"] == "s"


@pytest.mark.parametrize("preset", MESSAGES_PRESETS)
def test_cache_control_is_kept_on_the_messages_presets(preset: str) -> None:
    sent: list[dict[str, Any]] = []
    parts = [{"type": "text", "text": "long document", "cache_control": CACHE}]
    request = ChatRequest(
        "MiniMax-M2.7", [SystemMessage("rules", cache_control=CACHE), UserMessage(parts)]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _client(preset, sent).complete(request)
    body = sent[0]
    assert body["system"] == [{"type": "text", "text": "rules", "cache_control": CACHE}]
    assert body["messages"][0]["content"] == parts


@pytest.mark.parametrize("preset", MESSAGES_PRESETS)
def test_images_and_video_follow_the_catalog_on_the_messages_presets(preset: str) -> None:
    image = {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}}
    video = {"type": "video_url", "video_url": {"url": "https://example.com/cat.mp4"}}
    sent: list[dict[str, Any]] = []
    client = _client(preset, sent)
    for model in ("MiniMax-M3", "MiniMax-M3.1-Flash"):
        client.complete(ChatRequest(model, [UserMessage([image])]))
        assert sent[-1]["messages"][0]["content"] == [
            {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}}
        ]
    count = len(sent)
    for part, feature in ((image, "image_input"), (video, "video_input")):
        with pytest.raises(UnsupportedFeatureError) as info:
            client.complete(ChatRequest("MiniMax-M2.7", [UserMessage([part])]))
        assert info.value.feature == feature
    assert len(sent) == count  # refused before any request
