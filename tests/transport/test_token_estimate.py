"""The offline token estimate against every captured request whose prompt_tokens is known."""

from __future__ import annotations

import ast
import json
from typing import Any

import pytest

from minimax_testing import CAPTURES
from minimax_transport.token_estimate import (
    estimate_prompt_tokens,
    estimate_text_tokens,
    estimate_tools_tokens,
    tokenize,
)
from minimax_transport.types import SystemMessage, ToolSpec, UserMessage

TABLE = json.loads((CAPTURES / "token_count_requests.json").read_text(encoding="utf-8"))
TOLERANCE = 0.20


def _reported_prompt_tokens(capture: str) -> int:
    text = (CAPTURES / capture).read_text(encoding="utf-8")
    body: Any = ast.literal_eval(text) if capture.endswith(".pyrepr") else json.loads(text)
    return int(body["usage"]["prompt_tokens"])


def _estimate(pair: dict[str, Any]) -> int:
    messages = [
        SystemMessage(m["content"]) if m["role"] == "system" else UserMessage(m["content"])
        for m in pair["messages"]
    ]
    tools = None
    if pair.get("tools"):
        spec = TABLE["tools"][pair["tools"]]
        tools = [ToolSpec(spec["name"], spec["description"], spec["parameters"])]
    return estimate_prompt_tokens(messages, tools, model=pair["model"])


@pytest.mark.parametrize("pair", TABLE["pairs"], ids=[p["capture"] for p in TABLE["pairs"]])
def test_estimate_within_20_percent_of_reported_prompt_tokens(pair: dict[str, Any]) -> None:
    reported = _reported_prompt_tokens(pair["capture"])
    estimate = _estimate(pair)
    assert abs(estimate - reported) <= TOLERANCE * reported, (pair["capture"], estimate, reported)


def test_every_capture_with_prompt_tokens_is_calibrated_or_excluded_with_a_reason() -> None:
    with_usage = set()
    for path in CAPTURES.iterdir():
        if path.name == "token_count_requests.json":
            continue
        if path.suffix in (".json", ".pyrepr", ".sse") and "prompt_tokens" in path.read_text(
            encoding="utf-8"
        ):
            with_usage.add(path.name)
    paired = {p["capture"] for p in TABLE["pairs"]}
    excluded = set(TABLE["excluded"])
    assert with_usage == paired | excluded
    assert not paired & excluded


def test_tools_and_messages_count() -> None:
    base = estimate_prompt_tokens([UserMessage("Hi")], model="MiniMax-M2.7")
    two = estimate_prompt_tokens([UserMessage("Hi"), UserMessage("Hi")], model="MiniMax-M2.7")
    assert two > base  # per-message overhead
    tool = ToolSpec("get_weather", "Weather of a city.", {"type": "object", "properties": {}})
    assert estimate_tools_tokens([tool]) > estimate_text_tokens(tool.description)
    assert estimate_prompt_tokens([UserMessage("Hi")], [tool], model="MiniMax-M2.7") > base


def test_cjk_counts_one_token_per_character_and_tokenize_matches_the_count() -> None:
    assert estimate_text_tokens("你好世界") == 4  # the stated (unverified) CJK assumption
    for text in ["", "Hello, world!", '{"a": [1, 22, 333, 4444]}', "naïve\n\nça", "你好 mixed 123"]:
        assert len(tokenize(text)) == estimate_text_tokens(text)
        assert "".join(tokenize(text)).replace("\n", "") == "".join(text.split())
