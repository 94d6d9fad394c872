"""CPU instructions per call and per chunk, counted by valgrind (run by hand; needs valgrind):

    python -m bench.instructions [--jobs 2] [--calls 60] [--only "async transport,sync raw"]

Wall-clock and CPU-time figures on a shared 2-core machine move by ±50 % from one minute to
the next; an instruction count does not (the same program and input give the same count
whatever else the machine runs). Each row runs one client in a child process under
``valgrind --tool=callgrind`` twice, with a warm-up and then 0 or ``--calls`` more calls, and
reports the difference ÷ calls (÷ chunks for a stream): the client's own instructions per call
(the fake server runs in another process and is not counted). Python itself runs ~50× slower
under valgrind, so a whole run takes ~40 minutes; it writes ``bench/instructions.json`` and
``bench/instructions.md``, the section ``bench_compare`` puts at the end of ``RESULTS.md``
(``--only`` runs print their rows and write nothing).

Each client's row can be read as a sum: an adapter's count is the transport's count, plus its
framework's no-I/O floor (the same framework call on a model that hands back a ready result),
plus the adapter's own mapping; ``RESULTS.md`` shows that split.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
JSON_NAME, MD_NAME = "instructions.json", "instructions.md"
#: A whole run's counts (``--render-only`` rebuilds the markdown from them) and the markdown
#: section ``bench_compare`` puts at the end of ``RESULTS.md``.
JSON_OUT, MD_OUT = HERE / JSON_NAME, HERE / MD_NAME

#: (row id, client name in bench.clients, how it is called, route, units); the floors hand
#: back the same ready results sync and async (reasoning, usage and metadata, like ours)
ROWS: list[tuple[str, str, str, str, int]] = [
    ("async raw httpx + AiohttpTransport", "httpx-aiohttp", "ainvoke", "invoke", 1),
    ("async raw httpx (httpcore)", "httpx", "ainvoke", "invoke", 1),
    ("async transport", "transport", "ainvoke", "invoke", 1),
    ("async LangChain floor (no I/O)", "lc-floor", "ainvoke", "", 1),
    ("async ChatMiniMax", "lc-ours", "ainvoke", "invoke", 1),
    ("async LlamaIndex floor (no I/O)", "li-floor", "ainvoke", "", 1),
    ("async llama_index_minimax.MiniMax", "li-ours", "ainvoke", "invoke", 1),
    ("sync raw httpx", "httpx", "invoke", "invoke", 1),
    ("sync transport", "transport", "invoke", "invoke", 1),
    ("sync LangChain floor (no I/O)", "lc-floor", "invoke", "", 1),
    ("sync ChatMiniMax", "lc-ours", "invoke", "invoke", 1),
    ("sync LlamaIndex floor (no I/O)", "li-floor", "invoke", "", 1),
    ("sync llama_index_minimax.MiniMax", "li-ours", "invoke", "invoke", 1),
    ("stream2000 raw httpx", "httpx", "stream", "stream2000", 2000),
    ("stream2000 transport", "transport", "stream", "stream2000", 2000),
    ("stream2000 LangChain floor (no I/O)", "lc-floor", "stream", "stream2000", 2000),
    ("stream2000 ChatMiniMax", "lc-ours", "stream", "stream2000", 2000),
    ("stream2000 LlamaIndex floor (no I/O)", "li-floor", "stream", "stream2000", 2000),
    ("stream2000 llama_index_minimax.MiniMax", "li-ours", "stream", "stream2000", 2000),
]


def _client(name: str, route: str, mode: str, calls: int) -> Any:
    base = os.environ.get("BENCH_BASE", "http://127.0.0.1:9")
    from bench import clients as C

    classes = {
        c.name: c
        for c in vars(C).values()
        if isinstance(c, type) and issubclass(c, C.Client) and "name" in vars(c)
    }
    client = classes[name](f"{base}/{route or 'invoke'}/v1", False)
    units = int(route.removeprefix("stream") or 0) if route.startswith("stream") else 0
    if units:
        client.prepare("stream", units, calls)
    else:
        client.prepare("invoke", calls, calls)  # the floors hand back one ready result per call
    return getattr(client, mode)


def child(name: str, mode: str, route: str, warm: int, calls: int, prepared: int) -> None:
    """Warm up, then make ``calls`` calls (the process is counted from start to end). The
    floors get ``prepared`` ready results in both runs of a row, so building them cancels
    out of the difference."""
    call = _client(name, route, mode, prepared)
    # Start both runs of a row from the same collector state: without this, whether a full
    # collection of the prepared results falls in the shorter or the longer run decides the
    # difference (it once made a floor's stream look like 220 instructions per chunk).
    gc.collect()
    if mode == "ainvoke":

        async def run() -> None:
            for _ in range(warm + calls):
                await call()

        asyncio.run(run())
    else:
        for _ in range(warm + calls):
            call()


def _count(
    row: tuple[str, str, str, str, int], warm: int, calls: int, prepared: int, base: str
) -> int:
    _, name, mode, route, _units = row
    env = {**os.environ, "BENCH_BASE": base}
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.instructions",
            "--child",
            name,
            mode,
            route,
            str(warm),
            str(calls),
            str(prepared),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    match = re.search(r"Collected : (\d+)", out.stderr)
    if match is None:
        raise RuntimeError(out.stderr[-2000:])
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--calls", type=int, default=60, help="calls per non-streamed row")
    parser.add_argument("--streams", type=int, default=6, help="calls per streamed row")
    parser.add_argument("--only", default="", help="comma-separated row-id prefixes")
    parser.add_argument(
        "--render-only", action="store_true", help=f"rewrite {MD_NAME} from {JSON_NAME}"
    )
    parser.add_argument(
        "--child", nargs=6, metavar=("NAME", "MODE", "ROUTE", "WARM", "N", "PREPARED")
    )
    args = parser.parse_args()
    if args.child:
        name, mode, route, warm, n, prepared = args.child
        child(name, mode, route, int(warm), int(n), int(prepared))
        return
    if args.render_only:
        data = json.loads(JSON_OUT.read_text(encoding="utf-8"))
        MD_OUT.write_text(render(data), encoding="utf-8")
        print(f"wrote {MD_OUT}")
        return
    from bench.bench_compare import FakeServer

    rows = [
        r for r in ROWS if not args.only or any(r[0].startswith(s) for s in args.only.split(","))
    ]
    server = FakeServer(7200)
    base = f"http://127.0.0.1:{server.port}"
    try:
        jobs = []
        for row in rows:
            units = row[4]
            warm, calls = (3, args.streams) if units > 1 else (20, args.calls)
            # Both runs of a row get the same number of ready results (enough for the longer
            # run, no more: a floor's ready chunks are a large heap that every full GC
            # collection scans), so building them cancels out of the difference.
            prepared = warm + calls + 1
            jobs += [(row, warm, 0, prepared), (row, warm, calls, prepared)]
        with ThreadPoolExecutor(args.jobs) as pool:
            counts = list(pool.map(lambda j: _count(j[0], j[1], j[2], j[3], base), jobs))
    finally:
        server.stop()
    per_row: dict[str, float] = {}
    print("| row | instructions per call (per chunk for streams) |")
    print("|---|---:|")
    for i, row in enumerate(rows):
        n = jobs[2 * i + 1][2]
        per_row[row[0]] = (counts[2 * i + 1] - counts[2 * i]) / (n * row[4])
        print(f"| {row[0]} | {per_row[row[0]]:,.0f} |", flush=True)
    if args.only:
        return  # a partial run prints only; the files hold a whole run
    data = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "python": platform.python_version(),
        "calls": args.calls,
        "streams": args.streams,
        "rows": per_row,
    }
    JSON_OUT.write_text(json.dumps(data, indent=1), encoding="utf-8")
    MD_OUT.write_text(render(data), encoding="utf-8")
    print(f"wrote {JSON_OUT} and {MD_OUT}")


def _commit() -> str:
    out = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        cwd=HERE,
        check=False,
    )
    return out.stdout.strip() or "unknown"


def _x(a: float, b: float) -> str:
    return f"{a / b:.2f}×"


def render(data: dict[str, Any]) -> str:
    """The markdown section ``bench_compare`` puts at the end of ``RESULTS.md``: the counts
    and, from them, where each adapter's instructions go (transport, framework floor, own)."""
    r = data["rows"]
    lines = [
        "### Where the time goes: CPU instructions per call (valgrind)",
        "",
        f"Written by `python -m bench.instructions` ({data['when']}, commit `{data['commit']}`, "
        f"Python {data['python']}; {data['calls']} calls per row, {data['streams']} streams of "
        "2,000 chunks). Each row is one client in its own process under `valgrind "
        "--tool=callgrind`, counted twice (a warm-up alone, then the warm-up and N more calls); "
        "the difference ÷ N is the client's instructions per call (per chunk for streams). The "
        "fake server runs in another process and is not counted. Unlike wall-clock time on this "
        "shared 2-core machine (±50 % between runs), these counts repeat to within a fraction "
        "of a percent, so they show where the work is.",
        "",
        "| row | instructions per call (per chunk for streams) |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {value:,.0f} |" for name, value in r.items()]
    lines.append("")

    def split(prefix: str, ours: str, transport: str, floor: str, raw: str) -> str | None:
        names = [f"{prefix} {n}" for n in (ours, transport, floor, raw)]
        if not all(n in r for n in names):
            return None
        o, t, f, w = (r[n] for n in names)
        own = o - t - f
        return (
            f"| {prefix} {ours} | {o:,.0f} | {t / o:.0%} | {f / o:.0%} | {own / o:.0%} "
            f"| {_x(o, w + f)} | {_x(w, o)} | {_x(w, t + f)} |"
        )

    lines += [
        "Each adapter's count as a sum: the transport's count (the same call without a "
        "framework), the framework's no-I/O floor (the same framework call on a model that "
        "hands back a ready result) and what is left, the adapter's own mapping. `raw` is raw "
        "httpx (for async: raw httpx on the aiohttp transport). `÷ (raw + floor)` is issue 17 "
        "§2's measure (≤ 1.3× per chunk, ≤ 1.2× per call). `raw ÷ ours` is the throughput "
        "ratio when the client's CPU is the limit, as in the async workload (§1 asks ≥ 0.8× "
        "at 64 and 256 in flight); `raw ÷ (transport + floor)` is the most any adapter on this "
        "transport could reach in that framework, with no mapping cost at all.",
        "",
        "| adapter | instructions | transport | framework floor | own | ÷ (raw + floor) "
        "| raw ÷ ours | raw ÷ (transport + floor) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for prefix, raw in (
        ("async", "raw httpx + AiohttpTransport"),
        ("sync", "raw httpx"),
        ("stream2000", "raw httpx"),
    ):
        for ours, floor in (
            ("ChatMiniMax", "LangChain floor (no I/O)"),
            ("llama_index_minimax.MiniMax", "LlamaIndex floor (no I/O)"),
        ):
            line = split(prefix, ours, "transport", floor, raw)
            if line is not None:
                lines.append(line)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
