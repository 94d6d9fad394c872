"""The transport's rule for what a model or host would silently ignore: ``response_format``
and images are refused per catalog entry (before anything is sent), ``strict`` reaches the
tool schema per preset or is dropped with a warning."""

from __future__ import annotations

import warnings

import pytest

from minimax_transport import ChatRequest, InvalidRequestError, ToolSpec, UserMessage
from minimax_transport.catalog import resolve_model
from minimax_transport.errors import UnsupportedFeatureError
from minimax_transport.presets import PRESETS, get_preset
from minimax_transport.request_builder import build_request_body

RF = {"type": "json_schema", "json_schema": {"name": "out", "schema": {"type": "object"}}}
IMAGE = [{"type": "text", "text": "what?"}, {"type": "image_url", "image_url": {"url": "u"}}]
TOOL = ToolSpec("f", "d", {"type": "object", "properties": {}}, strict=True)


def _body(req: ChatRequest, preset: str = "minimax", **overrides: object) -> dict:
    return build_request_body(
        req, resolve_model(req.model, **overrides), get_preset(preset), stream=False
    )


@pytest.mark.parametrize(
    ("model", "honoured"),
    [
        ("MiniMax-M2.7", False),
        ("MiniMax-M2.1-highspeed", False),
        ("minimax/minimax-m2.5", False),
        ("MiniMax-M1", False),
        ("abab6.5s-chat", False),
        ("some-unknown-model", False),
        ("MiniMax-M3", True),
        ("MiniMax-Text-01", True),
    ],
)
def test_response_format_sent_or_refused_per_catalog(model: str, honoured: bool) -> None:
    req = ChatRequest(model, [UserMessage("hi")], response_format=RF)
    if honoured:
        assert _body(req)["response_format"] == RF
        return
    with pytest.raises(UnsupportedFeatureError) as info:
        _body(req)
    assert isinstance(info.value, InvalidRequestError)
    assert info.value.model == model and model in str(info.value)
    assert _body(req, response_format=True)["response_format"] == RF  # override forces it
    text_only = ChatRequest(model, [UserMessage("hi")], response_format={"type": "text"})
    assert "response_format" not in _body(text_only)
    for preset in ("minimax-cn", "aimlapi", "llmprovider", "openrouter"):
        with pytest.raises(UnsupportedFeatureError):
            _body(req, preset)
    # A self-hosted server enforces it itself (guided decoding): sent, whatever the model.
    assert _body(req, "openai-compatible")["response_format"] == RF


@pytest.mark.parametrize(
    ("model", "image_input"),
    [
        ("MiniMax-M2.7", False),
        ("MiniMax-M1", False),
        ("abab6.5s-chat", False),
        ("MiniMax-M3", True),
        ("MiniMax-Text-01", True),
        ("my-own-vl-model", True),  # unknown id: no catalog entry says it drops images
    ],
)
def test_images_sent_or_refused_per_catalog(model: str, image_input: bool) -> None:
    req = ChatRequest(model, [UserMessage("a"), UserMessage(IMAGE)])
    if image_input:
        assert _body(req)["messages"][-1]["content"] == IMAGE
        return
    with pytest.raises(UnsupportedFeatureError, match=r"messages\[1\] contains an image") as info:
        _body(req)
    assert info.value.feature == "image_input"
    assert _body(req, image_input=True)["messages"][-1]["content"] == IMAGE


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_strict_per_preset(preset: str) -> None:
    req = ChatRequest("MiniMax-M2.7", [UserMessage("hi")], tools=[TOOL, ToolSpec("g", "d")])
    if PRESETS[preset].tool_strict:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fns = [t["function"] for t in _body(req, preset)["tools"]]
        assert [fn.get("strict", "absent") for fn in fns] == [True, "absent"]  # never null
    else:
        with pytest.warns(UserWarning, match=rf"\['f'\].*{preset!r} host"):
            fns = [t["function"] for t in _body(req, preset)["tools"]]
        assert all("strict" not in fn for fn in fns)


def test_strict_hosts() -> None:
    assert {n for n, p in PRESETS.items() if p.tool_strict} == {
        "openrouter",
        "openai-compatible",
        "openai-compatible-raw",
    }
