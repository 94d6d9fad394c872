"""Per-chunk cost of the two wire dialects' stream parsers, side by side (no I/O).

The same answer — 24,000 characters of reasoning, then 24,000 of answer, then the usage — is
rendered once per dialect by ``minimax_testing/wire.py`` (chat: MiniMax's
``reasoning_details`` chunks with ``data:`` lines and ``[DONE]``; Messages: Anthropic's
``event:``-named ``thinking_delta`` / ``text_delta`` events, ``message_stop``; answer pieces of 12
characters in both, reasoning pieces of 24 (chat, as the emulator streams them) or 12), one SSE
event per chunk, and fed to ``StreamParser`` / ``MessagesStreamParser``. Reported: the median over rounds
of (total parse time / number of chunks).

    python bench/bench_dialects.py            # 15 rounds, prints a table
    python bench/bench_dialects.py --write    # also writes bench/RESULTS_dialects.md
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from minimax_testing import wire  # noqa: E402
from minimax_testing.wire import Answer  # noqa: E402
from minimax_transport import ChatRequest, Finish, UserMessage  # noqa: E402
from minimax_transport.catalog import resolve_model  # noqa: E402
from minimax_transport.messages_parser import MessagesStreamParser  # noqa: E402
from minimax_transport.presets import get_preset  # noqa: E402
from minimax_transport.stream_parser import StreamParser  # noqa: E402

PIECES = 2_000
PIECE = "abcdefghijk "  # 12 characters
ROUNDS = 15


def _answer() -> Answer:
    return Answer(reasoning=PIECE * PIECES, text=PIECE * PIECES)


def chat_chunks() -> list[bytes]:
    events = wire.stream_events(
        seed="bench",
        model="MiniMax-M2.7",
        answer=_answer(),
        prompt_tokens=10,
        split=True,
        include_usage=True,
        chunk_chars=len(PIECE),  # split mode streams reasoning in pieces twice as long
    )
    out = [b"data: " + json.dumps(e, ensure_ascii=False).encode() + b"\n\n" for e in events]
    return [*out, b"data: [DONE]\n\n"]


def messages_chunks() -> list[bytes]:
    events = wire.message_stream_events(
        seed="bench",
        model="MiniMax-M3",
        answer=_answer(),
        prompt_tokens=10,
        chunk_chars=len(PIECE),
    )
    return [wire.messages_sse([e]) for e in events]


def run(kind: str, chunks: list[bytes]) -> float:
    model = "MiniMax-M2.7" if kind == "chat" else "MiniMax-M3"
    request = ChatRequest(model, [UserMessage("q")])
    info = resolve_model(model)
    if kind == "chat":
        parser: StreamParser | MessagesStreamParser = StreamParser(
            request, info, get_preset("minimax")
        )
    else:
        parser = MessagesStreamParser(request, info, get_preset("minimax-anthropic"))
    start = time.perf_counter()
    for c in chunks:
        parser.feed(c)
    events = parser.close()
    elapsed = time.perf_counter() - start
    result = events[-1]
    assert isinstance(result, Finish) and result.result.content == PIECE * PIECES
    return elapsed / len(chunks)


def main(argv: list[str]) -> int:
    data = {"chat": chat_chunks(), "messages": messages_chunks()}
    times: dict[str, list[float]] = {k: [] for k in data}
    for _ in range(ROUNDS):
        for kind, chunks in data.items():  # alternated round by round
            times[kind].append(run(kind, chunks))
    rows = []
    for kind, chunks in data.items():
        med = statistics.median(times[kind]) * 1e6
        size = sum(map(len, chunks)) / len(chunks)
        rows.append(f"| {kind} | {len(chunks):,} | {size:.0f} B | {med:.2f} µs |")
    table = "\n".join(
        [
            "| dialect | chunks | mean chunk | parse per chunk (median) |",
            "|---|---:|---:|---:|",
            *rows,
        ]
    )
    print(table)
    if "--write" in argv:
        text = (
            "# Stream parser per-chunk cost, chat vs Messages dialect\n\n"
            f"`python bench/bench_dialects.py --write` — {time.strftime('%Y-%m-%d')}, "
            f"Python {platform.python_version()}, {ROUNDS} rounds alternated, no I/O "
            "(parser only: SSE decoding, JSON, assembler).\n\n"
            f"{table}\n"
        )
        (Path(__file__).parent / "RESULTS_dialects.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
