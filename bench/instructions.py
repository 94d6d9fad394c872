"""CPU instructions per call and per chunk, counted by valgrind (run by hand; needs valgrind):

    python -m bench.instructions [--jobs 2] [--calls 60] [--only "async transport,sync raw"]

Wall-clock and CPU-time figures on a shared 2-core machine move by ±50 % from one minute to
the next; an instruction count does not (the same program and input give the same count
whatever else the machine runs). Each row runs one client in a child process under
``valgrind --tool=callgrind`` twice, with a warm-up and then 0 or ``--calls`` more calls, and
reports the difference ÷ calls (÷ chunks for a stream): the client's own instructions per call
(the fake server runs in another process and is not counted). Python itself runs ~50× slower
under valgrind, so this takes minutes.

Each client's row can be read as a sum: an adapter's count is the transport's count, plus its
framework's no-I/O floor (the same framework call on a model that hands back a ready result),
plus the adapter's own mapping; ``RESULTS.md`` shows that split.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

#: (row id, client name in bench.clients or an async floor, how it is called, route, units)
ROWS: list[tuple[str, str, str, str, int]] = [
    ("async raw httpx + AiohttpTransport", "httpx-aiohttp", "ainvoke", "invoke", 1),
    ("async raw httpx (httpcore)", "httpx", "ainvoke", "invoke", 1),
    ("async transport", "transport", "ainvoke", "invoke", 1),
    ("async LangChain floor (no I/O)", "lc-async-floor", "ainvoke", "", 1),
    ("async ChatMiniMax", "lc-ours", "ainvoke", "invoke", 1),
    ("async LlamaIndex floor (no I/O)", "li-async-floor", "ainvoke", "", 1),
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
    if name in ("lc-async-floor", "li-async-floor"):
        from bench import async_floor

        if name == "lc-async-floor":
            from langchain_core.messages import HumanMessage

            lc, msgs = async_floor.Floor(), [HumanMessage("What is 7 times 8?")]
            return lambda: lc.ainvoke(msgs)
        from llama_index.core.llms import ChatMessage

        li, li_msgs = async_floor.LiFloor(), [ChatMessage(role="user", content="What is 7?")]
        return lambda: li.achat(li_msgs)
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
        "--child", nargs=6, metavar=("NAME", "MODE", "ROUTE", "WARM", "N", "PREPARED")
    )
    args = parser.parse_args()
    if args.child:
        name, mode, route, warm, n, prepared = args.child
        child(name, mode, route, int(warm), int(n), int(prepared))
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
            jobs += [(row, warm, 0), (row, warm, calls)]
        # Every run of a row gets the same number of ready results (enough for its longest
        # run), so a floor's preparation costs the same in both runs and cancels out.
        spare = max(args.calls, args.streams) + 1
        with ThreadPoolExecutor(args.jobs) as pool:
            counts = list(pool.map(lambda j: _count(j[0], j[1], j[2], j[1] + spare, base), jobs))
    finally:
        server.stop()
    print("| row | instructions per call (per chunk for streams) |")
    print("|---|---:|")
    for i, row in enumerate(rows):
        n = jobs[2 * i + 1][2]
        per = (counts[2 * i + 1] - counts[2 * i]) / (n * row[4])
        print(f"| {row[0]} | {per:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
