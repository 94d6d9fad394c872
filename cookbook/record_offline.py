"""Re-make the cookbook's cassettes without a key: ``python -m cookbook.record_offline``
(or ``python -m cookbook.record_offline lc_m3_controls`` for some recipes only).

Each recipe runs for real (real adapters, real request bodies, real hosts) while vcrpy records;
underneath vcrpy, httpcore's connection pool is replaced by a script that answers each request
in MiniMax's wire format, rendered by the emulator's :mod:`minimax_testing.wire` (inline
``<think>`` or ``reasoning_details`` as the request asks, ``name: "MiniMax AI"``, ``base_resp``,
``call_function_…`` ids, trailing usage chunk). The provider recipe answers with the seed
documents' own response bodies (AIMLAPI, llmprovider). No network is used.

With a real key, ``MINIMAX_API_KEY=... MINIMAX_RECORD_MODE=all python -m cookbook`` records the
live API instead.
"""

from __future__ import annotations

import ast
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import httpcore

from cookbook.__main__ import CASSETTES, FAKE_KEY, RECIPES, _vcr
from minimax_testing import CAPTURES, wire
from minimax_testing.wire import Answer

Scripted = Answer | dict[str, Any]

SCRIPTS: dict[str, list[Scripted]] = {
    "lc_chain_stream": [
        Answer(
            reasoning=(
                "The user asks why the sky is blue, in two sentences. Key point: Rayleigh "
                "scattering — air molecules scatter short wavelengths much more strongly "
                "(roughly 1/λ⁴), so blue light is scattered across the whole sky."
            ),
            text=(
                "Sunlight is scattered by the molecules in the air, and short blue wavelengths "
                "are scattered far more strongly than red ones (Rayleigh scattering). That "
                "scattered blue light reaches our eyes from every direction, so the sky looks blue."
            ),
        )
    ],
    "lc_agent": [
        Answer(
            reasoning="The user wants the current weather in Paris. I should call get_weather "
            "with city Paris.",
            tool_calls=[("get_weather", {"city": "Paris"})],
        ),
        Answer(
            reasoning="The tool says 18°C with light rain. Answer in one sentence.",
            text="It's 18°C with light rain in Paris right now.",
        ),
        Answer(
            reasoning="The user wants 18°C in Fahrenheit. Use convert_c_to_f with celsius 18.",
            tool_calls=[("convert_c_to_f", {"celsius": 18})],
        ),
        Answer(
            reasoning="The tool returned 64.4. Answer in one sentence.",
            text="18°C is 64.4°F, so it's a mild, rainy day in Paris.",
        ),
    ],
    "lc_structured": [
        Answer(
            reasoning="A classic science-fiction movie: 2001: A Space Odyssey (1968), directed "
            "by Stanley Kubrick. I must answer by calling the Movie tool.",
            tool_calls=[
                (
                    "Movie",
                    {
                        "title": "2001: A Space Odyssey",
                        "year": 1968,
                        "director": "Stanley Kubrick",
                        "reason": "Its visual storytelling and ideas about AI and evolution "
                        "still shape the genre.",
                    },
                )
            ],
        )
    ],
    "li_rag": [
        Answer(
            reasoning="The context (errors.md) says 1004 means the API key is missing, wrong, or "
            "belongs to the other region. Answer from the context only.",
            text="Error code 1004 means the API key is missing, wrong, or belongs to the other "
            "region (for example an international key used on the China endpoint).",
        )
    ],
    "li_function_agent": [
        Answer(
            reasoning="First compute 12.5 * 4 with the multiply tool.",
            tool_calls=[("multiply", {"a": 12.5, "b": 4})],
        ),
        Answer(
            reasoning="12.5 * 4 = 50. Now add 7 with the add tool.",
            tool_calls=[("add", {"a": 50, "b": 7})],
        ),
        Answer(
            reasoning="50 + 7 = 57. Give the final answer.",
            text="(12.5 × 4) + 7 = 57.",
        ),
    ],
}


def _seed_bodies() -> list[dict[str, Any]]:
    """The provider recipe's answers, in the seed documents' own envelopes."""
    official = wire.completion_body(
        seed="providers-official",
        model="MiniMax-M2.7",
        answer=Answer(
            reasoning="A short greeting in one sentence.", text="Hello there, nice to meet you!"
        ),
        prompt_tokens=48,
        split=True,
    )
    # MiniMax's Anthropic-compatible endpoint: a Messages answer (documented shape, signed
    # thinking block), as the emulator's wire kit renders it.
    messages = wire.message_body(
        seed="providers-messages",
        model="MiniMax-M3",
        answer=Answer(
            reasoning="A one-sentence hello, friendly and short.",
            text="Hello! Lovely to meet you.",
        ),
        prompt_tokens=14,
    )
    # AIMLAPI minimax/m2-7-20260402 ('Example: aggregator responses (AIMLAPI, llmprovider)'): MiniMax's native envelope + AIMLAPI's meta.
    aiml_m27 = wire.completion_body(
        seed="providers-aimlapi-m27",
        model="MiniMax-M2.7",
        answer=Answer(
            reasoning="The user wants a one-sentence hello. Keep it friendly.",
            text="Hello! It's great to hear from you.",
        ),
        prompt_tokens=50,
        split=False,
    )
    aiml_m27["meta"] = {"usage": {"credits_used": 1965}}
    # The third-party hosts' envelopes, from the verbatim captures (AIMLAPI MiniMax-M1 and
    # abab6.5s-chat, llmprovider abab5.5-chat with the recipe's own greeting).
    m1 = json.loads((CAPTURES / "seed_aimlapi_minimax_m1.json").read_text(encoding="utf-8"))
    abab65 = ast.literal_eval((CAPTURES / "seed_aimlapi_abab6_5s_chat.pyrepr").read_text())
    abab55 = json.loads((CAPTURES / "seed_llmprovider_abab5_5_chat.json").read_text())
    abab55["choices"][0]["message"]["content"] = "Hello! Nice to meet you."
    return [official, messages, aiml_m27, m1, abab65, abab55]


SCRIPTS["providers"] = list(_seed_bodies())
SCRIPTS["lc_m3_controls"] = [
    Answer(
        reasoning="221 = 13 × 17 (13 × 17 = 221), so it has divisors other than 1 and itself.",
        text="No — 221 is not prime: it equals 13 × 17.",
    ),
    Answer(reasoning=None, text="No, 221 is not prime (221 = 13 × 17)."),
    Answer(
        reasoning="The image is a single flat red square filling the frame; nothing else.",
        text="A plain red square on its own, with no other shapes or text.",
    ),
]

SOURCES = {
    "lc_chain_stream": "streamed inline-think answer (docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)'/'Example: official stream example (M2.7)' shape)",
    "lc_agent": "tool call → answer, twice (docs/wire-format.md 'Example: tool call with inline think (M2.1)'/'Example: tool call with split reasoning (M2.1)' shapes; reasoning_split per preset)",
    "lc_structured": "a forced tool call answered as a call (docs/wire-format.md 'Example: tool call with inline think (M2.1)'/'Example: tool call with split reasoning (M2.1)' shape)",
    "li_rag": "MiniMax embeddings (documented shape, offline hashing vectors) for the documents "
    "and the question, then a plain answer with reasoning (docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)'/'Example: tool call with split reasoning (M2.1)' shape)",
    "li_function_agent": "streamed tool calls, id on the first fragment only (docs/wire-format.md 'Streamed tool-call shapes'), then an answer",
    "lc_m3_controls": "M3 answers with split reasoning (reasoning_content + reasoning_details), "
    "without reasoning (thinking disabled), and about an image",
    "providers": "a Messages answer (documented shape) for the Anthropic-compatible endpoint, "
    "seed documents 000 (abab6.5s-chat), 001 (llmprovider abab5.5-chat), "
    "003 (AIMLAPI minimax/m2-7-20260402) and 004 (AIMLAPI minimax/m1)",
}


def _render(item: Scripted, body: dict[str, Any], n: int, name: str) -> tuple[bytes, bytes]:
    """``(content-type, body bytes)`` for one scripted answer to request ``body``."""
    if isinstance(item, dict):
        return b"application/json", json.dumps(item, ensure_ascii=False).encode()
    seed = f"cookbook-{name}-{n}"
    model = str(body.get("model", "MiniMax-M2.7"))
    split = bool(body.get("reasoning_split"))
    prompt_tokens = wire.count_tokens(json.dumps(body.get("messages", []), ensure_ascii=False))
    if body.get("stream"):
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        events = wire.stream_events(
            seed=seed,
            model=model,
            answer=item,
            prompt_tokens=prompt_tokens,
            split=split,
            include_usage=include_usage,
        )
        return b"text/event-stream", wire.sse(events)
    out = wire.completion_body(
        seed=seed,
        model=model,
        answer=item,
        prompt_tokens=prompt_tokens,
        split=split,
        reasoning_content=split and "m3" in model.lower(),  # M3 sends both forms
    )
    return b"application/json", json.dumps(out, ensure_ascii=False).encode()


def _embeddings_answer(body: dict[str, Any]) -> dict[str, Any]:
    """MiniMax's embeddings answer (wire kit envelope) carrying the offline hashing embedding's
    vectors, so replayed retrieval ranks documents by shared words, as a real embedding would."""
    from cookbook.offline_embedding import HashingEmbedding

    texts = [str(t) for t in body["texts"]]
    hashing = HashingEmbedding()
    return wire.embeddings_envelope(
        [hashing._vector(t) for t in texts], sum(wire.count_tokens(t) for t in texts)
    )


@contextmanager
def scripted_network(name: str, script: list[Scripted]) -> Iterator[list[dict[str, Any]]]:
    """Replace httpcore's pools (below vcrpy) by the script; yields the requests seen."""
    queue = list(script)
    seen: list[dict[str, Any]] = []

    def respond(raw: bytes) -> httpcore.Response:
        body = json.loads(raw)
        seen.append(body)
        if "texts" in body:  # MiniMax's embeddings endpoint: answered, not scripted
            content = json.dumps(_embeddings_answer(body)).encode()
            return httpcore.Response(
                200, headers=[(b"content-type", b"application/json")], content=content
            )
        if not queue:
            raise AssertionError(f"recipe {name} made more requests than its script has answers")
        ctype, content = _render(queue.pop(0), body, len(seen), name)
        return httpcore.Response(200, headers=[(b"content-type", ctype)], content=content)

    def handle(self: Any, request: httpcore.Request) -> httpcore.Response:
        return respond(b"".join(request.stream))  # type: ignore[arg-type]

    async def ahandle(self: Any, request: httpcore.Request) -> httpcore.Response:
        raw = b"".join([part async for part in request.stream])  # type: ignore[union-attr]
        return respond(raw)

    with (
        mock.patch.object(httpcore.ConnectionPool, "handle_request", handle),
        mock.patch.object(httpcore.AsyncConnectionPool, "handle_async_request", ahandle),
    ):
        yield seen
    if queue:
        raise AssertionError(f"recipe {name} left {len(queue)} scripted answers unused")


def _add_header(path: Path, name: str) -> None:
    text = path.read_text()
    header = (
        f"# Cookbook cassette for recipe `{name}`: {SOURCES[name]}.\n"
        "# Recorded offline by `python -m cookbook.record_offline` (real request bodies,\n"
        "# scripted MiniMax-wire-format answers); re-record live with a key and\n"
        "# MINIMAX_RECORD_MODE=all. Authorization is scrubbed.\n"
    )
    path.write_text(header + text)


def main(names: list[str] | None = None) -> None:
    """Re-make the cassettes of ``names`` (default: every recipe)."""
    import importlib

    os.environ["MINIMAX_API_KEY"] = FAKE_KEY
    for var in ("MINIMAX_BASE_URL", "MINIMAX_PRESET"):
        os.environ.pop(var, None)
    CASSETTES.mkdir(exist_ok=True)
    for name in names or RECIPES:
        path = CASSETTES / f"{name}.yaml"
        path.unlink(missing_ok=True)
        module = importlib.import_module(f"cookbook.{name}")
        with scripted_network(name, SCRIPTS[name]) as seen, _vcr(name, "all"):
            kwargs = {"replay": True} if name == "providers" else {}
            module.main(**kwargs)
        _add_header(path, name)
        print(f"wrote {path.relative_to(Path.cwd())} ({len(seen)} requests)")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:] or None)
