"""Presets (host detection, env) and the model catalog (every id in issue 2, aggregator ids,
unknown ids, overrides)."""

from __future__ import annotations

import pytest

from minimax_transport import MiniMaxClient, detect_preset, get_preset, resolve_model

from .mock_http import Recorder, answer, mock_client
from .test_request_building import hi


@pytest.mark.parametrize(
    ("url", "preset"),
    [
        ("https://api.minimax.io/v1", "minimax"),
        ("https://api.minimax.io/v1/chat/completions", "minimax"),
        ("https://api.minimaxi.com/v1", "minimax-cn"),
        ("https://api.aimlapi.com/v1", "aimlapi"),
        ("https://platform.llmprovider.ai/v1", "llmprovider"),
        ("https://openrouter.ai/api/v1", "openrouter"),
        ("http://127.0.0.1:8000/v1", "openai-compatible"),
        ("https://my-vllm.internal.example/v1", "openai-compatible"),
        ("https://api.minimax.io.evil.example/v1", "openai-compatible"),
    ],
)
def test_preset_detected_from_host(url: str, preset: str) -> None:
    assert detect_preset(url).name == preset
    assert MiniMaxClient(api_key="k", base_url=url).preset.name == preset


def test_default_is_official_international_and_chat_url() -> None:
    client = MiniMaxClient(api_key="k")
    assert client.preset.name == "minimax"
    assert client.endpoint.chat_url == "https://api.minimax.io/v1/chat/completions"


def test_env_base_url_honoured_and_argument_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIMAX_BASE_URL", "https://api.minimaxi.com/v1")
    client = MiniMaxClient(api_key="k")
    assert client.preset.name == "minimax-cn" and client.base_url == "https://api.minimaxi.com/v1"
    assert MiniMaxClient(api_key="k", base_url="https://api.aimlapi.com/v1").preset.name == (
        "aimlapi"
    )


def test_env_base_url_used_for_the_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIMAX_BASE_URL", "http://127.0.0.1:9/v1")
    rec = Recorder(answer("ok"))
    mock_client(rec).complete(hi())
    assert str(rec.requests[0].url) == "http://127.0.0.1:9/v1/chat/completions"
    assert "max_tokens" in rec.body() and "reasoning_split" not in rec.body()


def test_preset_overridable_by_name_alias_env_and_object(monkeypatch: pytest.MonkeyPatch) -> None:
    c = MiniMaxClient(api_key="k", base_url="https://gw.example/v1", preset="official")
    assert c.preset.name == "minimax" and c.base_url == "https://gw.example/v1"
    assert get_preset("cn").name == "minimax-cn" and get_preset("vllm").name == (
        "openai-compatible"
    )
    monkeypatch.setenv("MINIMAX_PRESET", "aimlapi")
    assert MiniMaxClient(api_key="k", base_url="https://gw.example/v1").preset.name == "aimlapi"
    custom = get_preset("minimax").with_overrides(name="mine", send_reasoning_split=False)
    body = MiniMaxClient(api_key="k", preset=custom).build_body(hi(), stream=False)
    assert "reasoning_split" not in body
    with pytest.raises(ValueError, match="valid presets"):
        get_preset("nope")


# ------------------------------------------------------------------ catalog
M2 = [
    "MiniMax-M2",
    "MiniMax-M2.1",
    "MiniMax-M2.1-highspeed",
    "MiniMax-M2.5",
    "MiniMax-M2.5-highspeed",
    "MiniMax-M2.7",
    "MiniMax-M2.7-highspeed",
    "minimax/m2-7-20260402",
    "minimax/minimax-m2.7",
    "minimax/minimax-m2.5",
    "MiniMaxAI/MiniMax-M2.5",
    "minimax-m2.7",
]


@pytest.mark.parametrize("model", M2)
def test_m2_family(model: str) -> None:
    info = resolve_model(model)
    assert info.known and info.family == "minimax-m2"
    assert info.context_window == 204_800
    assert info.reasoning == "inline_or_split" and info.supports_reasoning_split
    assert info.supports_tools and not info.tool_choice_forcing and not info.response_format
    assert (info.temperature_min, info.temperature_max, info.temperature_min_exclusive) == (
        0.0,
        1.0,
        True,
    )
    assert not info.honours_stop


@pytest.mark.parametrize(
    ("model", "family", "context", "max_output", "reasoning", "tools", "response_format", "t_max"),
    [
        ("MiniMax-M3", "minimax-m3", 1_000_000, 524_288, "inline_or_split", True, True, 2.0),
        ("MiniMax-M1", "minimax-m1", 1_000_000, 40_000, "field", True, False, 1.0),
        ("minimax/m1", "minimax-m1", 1_000_000, 40_000, "field", True, False, 1.0),
        ("MiniMaxAI/MiniMax-M1-80k", "minimax-m1", 1_000_000, 40_000, "field", True, False, 1.0),
        ("MiniMax-Text-01", "minimax-text-01", 1_000_000, 40_000, "none", True, True, 1.0),
        ("abab6.5s-chat", "abab6.5", 245_760, 8_192, "none", True, False, 1.0),
        ("abab6.5g-chat", "abab6.5", 245_760, 8_192, "none", True, False, 1.0),
        ("abab5.5-chat", "abab5.5", 16_384, 4_096, "none", False, False, 1.0),
    ],
)
def test_other_families(
    model: str,
    family: str,
    context: int,
    max_output: int,
    reasoning: str,
    tools: bool,
    response_format: bool,
    t_max: float,
) -> None:
    info = resolve_model(model)
    assert info.known
    assert (
        info.family,
        info.context_window,
        info.max_output_tokens,
        info.reasoning,
        info.supports_tools,
        info.response_format,
        info.temperature_max,
    ) == (family, context, max_output, reasoning, tools, response_format, t_max)
    assert 0 < info.default_max_tokens <= info.max_output_tokens


@pytest.mark.parametrize("model", ["gpt-4o", "some-new-model", "", "MiniMax-Z9"])
def test_unknown_ids_get_conservative_defaults(model: str) -> None:
    info = resolve_model(model)
    assert not info.known and info.family == "unknown"
    assert info.context_window <= 32_768 and info.default_max_tokens <= 4_096
    assert not info.supports_reasoning_split and not info.tool_choice_forcing
    assert info.honours_stop


def test_overrides_replace_fields_and_reject_unknown_ones() -> None:
    info = resolve_model("MiniMax-M2.7", context_window=65_536, tool_choice_forcing=True)
    assert info.context_window == 65_536 and info.tool_choice_forcing
    assert resolve_model("MiniMax-M2.7").context_window == 204_800  # not mutated
    with pytest.raises(TypeError):
        resolve_model("MiniMax-M2.7", no_such_field=1)
    client = MiniMaxClient(api_key="k", model_overrides={"default_max_tokens": 1234})
    assert client.build_body(hi(), stream=False)["max_completion_tokens"] == 1234


def test_unknown_model_request_uses_conservative_body() -> None:
    body = MiniMaxClient(api_key="k").build_body(hi("brand-new-model", temperature=0), stream=False)
    assert body["max_completion_tokens"] == resolve_model("x").default_max_tokens
    assert "reasoning_split" not in body and body["temperature"] == 0.01
