"""Long streams in LangChain: does keeping fewer objects per chunk flatten the per-chunk cost?
(issue 17 §3; ``bench_compare`` runs it for the long-streams section of ``RESULTS.md``; alone,
on a quiet machine):

    python -m bench.long_streams [--rounds 5]

``BaseChatModel.stream()`` keeps every chunk until the stream ends (it merges them for the
``on_llm_end`` callback), so a 20,000-chunk stream leaves ~20,000 chunk objects alive and the
cyclic GC's full collections, which scan every live container, get dearer as the stream goes
on. For each client this prints, per stream size, the median cost per chunk with the GC on and
with it paused, the 20k ÷ 2k ratio of each, and the GC-tracked objects a chunk keeps alive
(``len(gc.get_objects())`` growth while the stream's chunks are held, ÷ chunks).

``lc-ours-lean`` is an experiment, not shipped: ``ChatMiniMax`` with its text chunks built
sharing their empty ``tool_calls`` / ``invalid_tool_calls`` / ``tool_call_chunks`` lists and
their fields-set sets (unsafe to ship: a caller appending to one chunk's list would change
every chunk), to see what fewer tracked objects per chunk buy.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench import clients as C
from bench.bench_compare import FakeServer
from bench.fake_server import STREAM_SIZES


@contextmanager
def _lean_chunks() -> Iterator[None]:
    """``ChatMiniMax``'s fast chunk builders, with the empty lists and field sets shared."""
    from langchain_minimax import chat_models, messages

    shared_lists: dict[str, list[Any]] = {
        "tool_calls": [],
        "invalid_tool_calls": [],
        "tool_call_chunks": [],
    }
    text_set, reasoning_set = set(messages._TEXT_FIELDS_SET), set(messages._REASONING_FIELDS_SET)
    gen_set = {"message", "text"}
    extra: dict[str, Any] = {}

    def delta_chunk(text: str, reasoning: str | None) -> Any:
        d = messages._CHUNK_TEMPLATE.copy()
        d["content"] = text
        d["additional_kwargs"] = {} if reasoning is None else {messages.REASONING_KEY: reasoning}
        d["response_metadata"] = {"model_provider": messages.PROVIDER}
        d.update(shared_lists)
        chunk = messages._new(messages.AIMessageChunk)
        messages._set(chunk, "__dict__", d)
        messages._set(
            chunk, "__pydantic_fields_set__", text_set if reasoning is None else reasoning_set
        )
        messages._set(chunk, "__pydantic_extra__", extra)
        messages._set(chunk, "__pydantic_private__", None)
        return chunk

    def generation_chunk(message: Any) -> Any:
        gen = messages._new(messages.ChatGenerationChunk)
        template = messages._GENERATION_TEMPLATE
        messages._set(gen, "__dict__", {**template, "text": message.content, "message": message})
        messages._set(gen, "__pydantic_fields_set__", gen_set)
        messages._set(gen, "__pydantic_extra__", None)
        messages._set(gen, "__pydantic_private__", None)
        return gen

    saved = messages._delta_chunk, chat_models.generation_chunk
    messages._delta_chunk, chat_models.generation_chunk = delta_chunk, generation_chunk
    try:
        yield
    finally:
        messages._delta_chunk, chat_models.generation_chunk = saved


class LangChainOursLean(C.LangChainOurs):
    name = "lc-ours-lean"
    label = "ChatMiniMax, shared empty lists and field sets (experiment)"

    def stream(self) -> int:
        with _lean_chunks():
            return super().stream()


CLIENTS: list[type[C.Client]] = [
    C.LangChainOurs,
    LangChainOursLean,
    C.ChatOpenAIAnchor,
    C.LlamaIndexOurs,
    C.LlamaIndexMiniMaxAnchor,
]


def _kept_per_chunk(client: C.Client, units: int) -> float:
    """GC-tracked objects alive per chunk while a stream's chunks are all held (as LangChain's
    ``stream()`` holds them)."""
    held: list[Any] = []
    gc.collect()
    before = len(gc.get_objects())
    if isinstance(client, C._LangChainClient):
        held.extend(client.model.stream(client.messages))
    else:
        held.extend(client.llm.stream_chat(client.messages))
    gc.collect()
    return (len(gc.get_objects()) - before) / units


def _timed(stream: Callable[[], int], units: int, paused: bool) -> float:
    gc.collect()
    if paused:
        gc.disable()
    try:
        t0 = time.perf_counter()
        stream()
        return (time.perf_counter() - t0) / units
    finally:
        gc.enable()


def measure(server: FakeServer, rounds: int) -> dict[str, Any]:
    """Per-chunk cost (GC on and paused) at both stream sizes and objects kept per chunk, for
    :data:`CLIENTS` (``bench_compare`` runs this for its long-streams section)."""
    results: dict[str, dict[tuple[int, bool], list[float]]] = {}
    kept: dict[str, dict[int, float]] = {}
    inst = {
        (c.name, n): c(server.base_url(f"stream{n}"), False) for c in CLIENTS for n in STREAM_SIZES
    }
    try:
        for (name, n), client in inst.items():
            client.stream()  # warm-up: connection, caches
            kept.setdefault(name, {})[n] = (
                _kept_per_chunk(client, n) if name != "lc-ours-lean" else float("nan")
            )
        with _lean_chunks():
            lean = inst[("lc-ours-lean", STREAM_SIZES[1])]
            kept["lc-ours-lean"][STREAM_SIZES[1]] = _kept_per_chunk(lean, STREAM_SIZES[1])
        for _ in range(rounds):
            for (name, n), client in inst.items():
                for paused in (False, True):
                    per = results.setdefault(name, {}).setdefault((n, paused), [])
                    per.append(_timed(client.stream, n, paused))
    finally:
        for client in inst.values():
            client.close()
    small, big = STREAM_SIZES
    rows = []
    for c in CLIENTS:
        r = {k: statistics.median(v) * 1e6 for k, v in results[c.name].items()}
        rows.append(
            {
                "name": c.name,
                "label": c.label,
                "small": r[(small, False)],
                "big": r[(big, False)],
                "small_paused": r[(small, True)],
                "big_paused": r[(big, True)],
                "kept": kept[c.name][big],
            }
        )
    return {"rounds": rounds, "sizes": [small, big], "rows": rows}


def table(data: dict[str, Any]) -> list[str]:
    """The markdown table of :func:`measure`'s result."""
    small, big = data["sizes"]
    lines = [
        f"| client | {small:,} (µs/chunk) | {big:,} | {big:,} ÷ {small:,} "
        f"| GC paused {small:,} | GC paused {big:,} | ÷ (paused) | objects kept / chunk |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["rows"]:
        lines.append(
            f"| {r['label']} | {r['small']:.1f} | {r['big']:.1f} | {r['big'] / r['small']:.2f}× "
            f"| {r['small_paused']:.1f} | {r['big_paused']:.1f} "
            f"| {r['big_paused'] / r['small_paused']:.2f}× | {r['kept']:.1f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    server = FakeServer(1800)
    try:
        data = measure(server, args.rounds)
    finally:
        server.stop()
    print(f"per chunk, median of {args.rounds} rounds; GC-tracked objects kept per chunk")
    print("\n".join(table(data)))


if __name__ == "__main__":
    main()
