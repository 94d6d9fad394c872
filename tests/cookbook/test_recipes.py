"""Every cookbook recipe runs in replay mode (cookbook/cassettes/), so the cookbook cannot rot.

Each test replays the recipe's cassette exactly as ``python -m cookbook`` does with no key, and
asserts on what the recipe returns, plus the request bodies the cassette recorded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cookbook.__main__ import CASSETTES, RECIPES, _vcr

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _restore_llama_index_settings() -> Any:
    """The RAG recipe sets ``Settings.llm`` / ``embed_model`` globally; undo it after each test."""
    from llama_index.core import Settings

    saved = (Settings._llm, Settings._embed_model)
    yield
    Settings._llm, Settings._embed_model = saved


def _replay(name: str, **kwargs: Any) -> Any:
    import importlib

    module = importlib.import_module(f"cookbook.{name}")
    with _vcr(name, "none") as cassette:
        result = module.main(**kwargs)
    assert cassette.all_played, f"{name}: recorded answers left unplayed"
    return result


def _requests(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASSETTES / f"{name}.yaml").read_text())
    return [json.loads(i["request"]["body"]) for i in data["interactions"]]


def test_every_recipe_has_a_cassette() -> None:
    assert sorted(p.stem for p in CASSETTES.glob("*.yaml")) == sorted(RECIPES)


def test_chain_stream_answer_is_clean() -> None:
    answer = _replay("lc_chain_stream")
    assert answer.startswith("Sunlight is scattered")
    assert "<think>" not in answer and "Rayleigh scattering" in answer
    (body,) = _requests("lc_chain_stream")
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def test_agent_replays_reasoning_on_next_request() -> None:
    answers = _replay("lc_agent")
    assert answers == [
        "It's 18°C with light rain in Paris right now.",
        "18°C is 64.4°F, so it's a mild, rainy day in Paris.",
    ]
    bodies = _requests("lc_agent")
    assert len(bodies) == 4
    # Second request: the first assistant turn goes back with its reasoning_details verbatim.
    assistant = next(m for m in bodies[1]["messages"] if m["role"] == "assistant")
    assert assistant["reasoning_details"][0]["text"].startswith(
        "The user wants the current weather"
    )
    assert assistant["tool_calls"][0]["function"]["name"] == "get_weather"
    # Fourth request carries the whole multi-turn history (two assistant tool-call turns).
    assert sum(1 for m in bodies[3]["messages"] if m.get("tool_calls")) == 2


def test_structured_output_parses_into_the_model() -> None:
    movie = _replay("lc_structured")
    assert (movie.title, movie.year, movie.director) == (
        "2001: A Space Odyssey",
        1968,
        "Stanley Kubrick",
    )
    (body,) = _requests("lc_structured")
    assert [t["function"]["name"] for t in body["tools"]] == ["Movie"]


def test_rag_answers_from_the_documents() -> None:
    answer = _replay("li_rag")
    assert "1004" in answer and "API key" in answer and "<think>" not in answer
    docs, query, body = _requests("li_rag")
    # the whole pipeline runs on MiniMax: documents embedded as "db", the question as "query"
    assert docs["model"] == query["model"] == "embo-01"
    assert docs["type"] == "db" and any("1004" in t for t in docs["texts"])
    assert query == {
        "model": "embo-01",
        "texts": ["What does MiniMax error code 1004 mean?"],
        "type": "query",
    }
    prompt = json.dumps(body["messages"])
    assert "1008 means the account balance is insufficient" in prompt  # errors.md was retrieved


def test_function_agent_streams_and_finishes() -> None:
    answer = _replay("li_function_agent")
    assert answer == "(12.5 × 4) + 7 = 57."
    bodies = _requests("li_function_agent")
    assert all(b["stream"] for b in bodies) and len(bodies) == 3
    tool_results = [m["content"] for m in bodies[2]["messages"] if m["role"] == "tool"]
    assert tool_results == ["50.0", "57"]


def test_providers_use_each_hosts_dialect() -> None:
    answers = _replay("providers", replay=True)
    assert answers["llmprovider abab5.5-chat"] == "Hello! Nice to meet you."
    assert answers["AIMLAPI minimax/m2-7-20260402"] == "Hello! It's great to hear from you."
    data = yaml.safe_load((CASSETTES / "providers.yaml").read_text())
    hosts = [i["request"]["uri"].split("/")[2] for i in data["interactions"]]
    assert hosts == ["api.minimax.io"] * 2 + ["api.aimlapi.com"] * 3 + ["platform.llmprovider.ai"]
    paths = [i["request"]["uri"].split("/", 3)[3] for i in data["interactions"][:2]]
    assert paths == ["v1/chat/completions", "anthropic/v1/messages"]
    assert answers["MiniMax Messages MiniMax-M3"] == "Hello! Lovely to meet you."
    bodies = _requests("providers")
    assert "max_completion_tokens" in bodies[0] and bodies[0]["reasoning_split"] is True
    assert bodies[1]["thinking"] == {"type": "adaptive"} and "reasoning_split" not in bodies[1]
    assert all("max_tokens" in b and "reasoning_split" not in b for b in bodies[2:])


def test_python_m_cookbook_runs_all_recipes_offline() -> None:
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("MINIMAX_")}
    proc = subprocess.run(
        [sys.executable, "-m", "cookbook"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stdout.count("REPLAY") == 1
    assert f"{len(RECIPES)} recipes ran, 0 failed." in proc.stdout
    assert "<think>" not in proc.stdout


def test_m3_controls_with_and_without_thinking_and_an_image() -> None:
    answers = _replay("lc_m3_controls")
    assert answers == [
        "No — 221 is not prime: it equals 13 × 17.",
        "No, 221 is not prime (221 = 13 × 17).",
        "A plain red square on its own, with no other shapes or text.",
    ]
    first, second, third = _requests("lc_m3_controls")
    assert first["model"] == "MiniMax-M3" and "thinking" not in first
    assert second["thinking"] == {"type": "disabled"}
    image = third["messages"][0]["content"][1]
    assert image["type"] == "image_url"
    assert image["image_url"]["url"].startswith("data:image/png;base64,iVBORw0KGgo")
