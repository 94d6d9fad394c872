"""Side-by-side benchmark: our MiniMax integrations vs raw httpx, the frameworks' own floors
and the packages a user would pick instead (run by hand, not a test).

    pip install -e ".[all,bench]"
    python bench/bench_compare.py                 # full run, writes bench/RESULTS.md
    python bench/bench_compare.py --quick         # 2 rounds, no file written

A fake MiniMax server (``fake_server.py``) runs in a separate process on 127.0.0.1; the clients
in ``clients.py`` are alternated round by round (the order rotates each round) so the machine's
drift hits all of them alike. Reported figures are medians over the rounds; ratios are taken
between medians of the same run.

Clients (``clients.py``)
    httpx            raw httpx + ``json``: the floor (no reasoning split, no retries)
    httpx-aiohttp    the same raw loop on ``httpx-aiohttp``'s ``AiohttpTransport`` (async
                     workload only: the floor of the aiohttp stack)
    transport        ``minimax_transport.MiniMaxClient`` alone (``transport-json``: with the
                     stdlib decoder forced instead of orjson; ``transport-httpcore``, async
                     only: with ``async_transport="httpx"``)
    lc-floor         a no-I/O ``BaseChatModel`` yielding ready-made chunks (LangChain's floor)
    lc-floor-io      the same, run over the raw httpx loop in one call (one-flow floor)
    lc-ours          ``langchain_minimax.ChatMiniMax``
    lc-openai        ``langchain_openai.ChatOpenAI(base_url=…)`` (the anchor)
    li-floor / li-floor-io / li-ours / li-minimax   the same for LlamaIndex, the anchor being
                     ``llama-index-llms-minimax``

Workloads
    invoke        sequential non-streamed calls (small answer with inline ``<think>``)
    stream2000    one streamed answer of 2,000 chunks (per-chunk cost)
    stream20000   one streamed answer of 20,000 chunks (per-chunk cost, flatness)
    tools400      a tool call whose arguments arrive in 400 fragments (per-fragment cost)
    tools4000     the same with 4,000 fragments (flatness)
    async         64 and 256 concurrent async calls over one pooled client (requests/s,
                  and CPU per request of this process and of the fake server)
    import        ``import X`` in a fresh interpreter (s)
    memory        tracemalloc peak while consuming one 20,000-chunk stream
    long streams  ``bench/long_streams.py``: per-chunk cost at 2,000 and 20,000 chunks with the
                  GC on and paused, objects kept per chunk, and a fewer-objects experiment

``RESULTS.md`` ends with the instruction profile ``python -m bench.instructions`` last wrote to
``bench/instructions.md`` (valgrind counts, independent of the machine's load; ~40 min, so it
is run on its own and included here as written, with its date and commit).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ["no_proxy"] = os.environ["NO_PROXY"]

from bench import clients as C  # noqa: E402
from bench.fake_server import STREAM_SIZES, TOOL_SIZES  # noqa: E402

#: workload -> (route, units per sample, calls per sample, kind passed to prepare())
WORKLOADS: dict[str, tuple[str, int, int, str]] = {
    "invoke": ("invoke", 1, 60, "invoke"),
    f"stream{STREAM_SIZES[0]}": (f"stream{STREAM_SIZES[0]}", STREAM_SIZES[0], 2, "stream"),
    f"stream{STREAM_SIZES[1]}": (f"stream{STREAM_SIZES[1]}", STREAM_SIZES[1], 1, "stream"),
    f"tools{TOOL_SIZES[0]}": (f"tools{TOOL_SIZES[0]}", TOOL_SIZES[0], 3, "tools"),
    f"tools{TOOL_SIZES[1]}": (f"tools{TOOL_SIZES[1]}", TOOL_SIZES[1], 1, "tools"),
}
#: concurrent async calls -> calls per sample
ASYNC_LEVELS: dict[int, int] = {64: 384, 256: 768}
ASYNC_CLIENTS = (
    "httpx",
    "httpx-aiohttp",
    "transport",
    "transport-httpcore",
    "lc-ours",
    "lc-openai",
    "li-ours",
    "li-minimax",
)

#: (label, statement, what it is compared with for the target, allowance in seconds)
IMPORTS: list[tuple[str, str, str | None, float]] = [
    ("httpx + pydantic", "import httpx, pydantic", None, 0.0),
    ("minimax_transport", "import minimax_transport", "httpx + pydantic", 0.05),
    ("langchain_core.language_models", "import langchain_core.language_models", None, 0.0),
    ("BaseChatModel", "from langchain_core.language_models import BaseChatModel", None, 0.0),
    ("langchain_minimax", "import langchain_minimax", "langchain_core.language_models", 0.1),
    ("langchain_openai", "import langchain_openai", None, 0.0),
    ("llama_index.core.llms", "import llama_index.core.llms", None, 0.0),
    ("llama_index_minimax", "import llama_index_minimax", "llama_index.core.llms", 0.1),
    ("llama_index.llms.minimax", "import llama_index.llms.minimax", None, 0.0),
]


# ----------------------------------------------------------------------------- server


class FakeServer:
    def __init__(self, max_seconds: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.fake_server", "--max-seconds", str(max_seconds)],
            cwd=str(ROOT),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            self.proc.kill()
            raise RuntimeError(f"fake server did not start: {line}")
        self.port = int(line[1])

    def base_url(self, route: str) -> str:
        return f"http://127.0.0.1:{self.port}/{route}/v1"

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ----------------------------------------------------------------------------- timing


def _available(classes: list[type[C.Client]], only: set[str] | None) -> list[type[C.Client]]:
    out = []
    for cls in classes:
        if only and cls.name not in only:
            continue
        try:
            cls("http://127.0.0.1:9/x/v1", False)
        except ImportError as exc:
            print(f"  skipping {cls.name}: {exc}", file=sys.stderr)
            continue
        out.append(cls)
    return out


def run_sync_rounds(
    server: FakeServer, classes: list[type[C.Client]], rounds: int, workloads: list[str]
) -> dict[str, dict[str, list[float]]]:
    """``{workload: {client: [seconds per unit, one per round]}}`` (round 0 is warm-up)."""
    classes = [c for c in classes if not c.async_only]
    instances: dict[tuple[str, str], C.Client] = {}
    for wl in workloads:
        route, _units, _calls, kind = WORKLOADS[wl]
        for cls in classes:
            instances[(wl, cls.name)] = cls(server.base_url(route), kind == "tools")
    results: dict[str, dict[str, list[float]]] = {
        wl: {c.name: [] for c in classes} for wl in workloads
    }
    names = [c.name for c in classes]
    for r in range(rounds + 1):
        t_round = time.perf_counter()
        for wl in workloads:
            _route, units, calls, kind = WORKLOADS[wl]
            order = names[r % len(names) :] + names[: r % len(names)]
            if r % 2:
                order.reverse()
            for name in order:
                client = instances[(wl, name)]
                client.prepare(kind, units if kind != "invoke" else calls, calls)
                gc.collect()
                t0 = time.perf_counter()
                for _ in range(calls):
                    if kind == "invoke":
                        out = client.invoke()
                        assert out, (name, out)
                    else:
                        count = client.stream()
                        assert count >= units // 2, (name, wl, count)
                dt = time.perf_counter() - t0
                if r > 0:
                    results[wl][name].append(dt / (calls * units))
        print(
            f"  round {r}{' (warm-up)' if r == 0 else ''}: {time.perf_counter() - t_round:.1f}s",
            file=sys.stderr,
        )
    for inst in instances.values():
        inst.close()
    return results


def run_async_rounds(
    server: FakeServer, classes: list[type[C.Client]], rounds: int
) -> dict[str, Any]:
    """Per concurrency level (``ASYNC_LEVELS``): ``{client: [requests/s per round]}`` for
    that many calls, at most ``level`` in flight, over one client (one connection pool), on
    one event loop shared by all rounds; plus the CPU time per request of this process and of
    the fake server (medians), which says where the time of a sample went."""
    loop = asyncio.new_event_loop()
    instances = {
        c.name: c(server.base_url("invoke"), False) for c in classes if c.name in ASYNC_CLIENTS
    }
    rps: dict[int, dict[str, list[float]]] = {
        lvl: {n: [] for n in instances} for lvl in ASYNC_LEVELS
    }
    cpu: dict[int, dict[str, list[float]]] = {
        lvl: {n: [] for n in instances} for lvl in ASYNC_LEVELS
    }
    srv: dict[int, dict[str, list[float]]] = {
        lvl: {n: [] for n in instances} for lvl in ASYNC_LEVELS
    }

    async def batch(client: C.Client, level: int, total: int) -> None:
        sem = asyncio.Semaphore(level)

        async def one() -> None:
            async with sem:
                assert await client.ainvoke()

        await asyncio.gather(*(one() for _ in range(total)))

    names = list(instances)
    try:
        for r in range(rounds + 1):
            order = names[r % len(names) :] + names[: r % len(names)]
            for level, total in ASYNC_LEVELS.items():
                for name in order:
                    gc.collect()
                    s0, c0, t0 = server.cpu_seconds(), time.process_time(), time.perf_counter()
                    loop.run_until_complete(batch(instances[name], level, total))
                    dt = time.perf_counter() - t0
                    dc, ds = time.process_time() - c0, server.cpu_seconds() - s0
                    if r > 0:
                        rps[level][name].append(total / dt)
                        cpu[level][name].append(dc / total)
                        srv[level][name].append(ds / total)
        for inst in instances.values():
            loop.run_until_complete(inst.aclose())
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()
    return {"rps": rps, "cpu": cpu, "server_cpu": srv}


def measure_memory(server: FakeServer, classes: list[type[C.Client]]) -> dict[str, dict[str, int]]:
    """tracemalloc peak (bytes above the level before the call) while one stream of 2,000 and
    one of 20,000 chunks are consumed, items dropped as they come (what the client holds)."""
    out: dict[str, dict[str, int]] = {}
    for cls in [c for c in classes if not c.async_only]:
        out[cls.name] = {}
        for n in STREAM_SIZES:
            client = cls(server.base_url(f"stream{n}"), False)
            client.prepare("stream", n, 2)
            client.stream()  # warm: connection, lazy imports, caches
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            client.stream()
            out[cls.name][f"peak{n}"] = tracemalloc.get_traced_memory()[1] - before
            tracemalloc.stop()
            client.close()
    return out


GC_PAUSED_CLIENTS = (
    "httpx",
    "transport",
    "lc-floor",
    "lc-floor-io",
    "lc-ours",
    "lc-openai",
    "li-floor",
    "li-floor-io",
    "li-ours",
    "li-minimax",
)


def run_gc_paused(
    server: FakeServer, classes: list[type[C.Client]], rounds: int
) -> dict[str, dict[str, list[float]]]:
    """Per-chunk cost of the two stream sizes with the cyclic GC paused during each call: a
    diagnostic separating the clients' own per-chunk work from the full collections that the
    frameworks' chunk retention triggers on a large heap."""
    sizes = [f"stream{n}" for n in STREAM_SIZES]
    use = [c for c in classes if c.name in GC_PAUSED_CLIENTS]
    inst = {(w, c.name): c(server.base_url(w), False) for w in sizes for c in use}
    out: dict[str, dict[str, list[float]]] = {w: {c.name: [] for c in use} for w in sizes}
    for r in range(rounds + 1):
        for w in sizes:
            units = int(w.removeprefix("stream"))
            for c in use:
                client = inst[(w, c.name)]
                client.prepare("stream", units, 1)
                gc.collect()
                gc.disable()
                try:
                    t0 = time.perf_counter()
                    client.stream()
                    dt = time.perf_counter() - t0
                finally:
                    gc.enable()
                if r > 0:
                    out[w][c.name].append(dt / units)
    for i in inst.values():
        i.close()
    return out


def measure_construction() -> dict[str, float]:
    """Seconds to build the framework's own object(s) for one streamed text chunk, in
    isolation: work any integration must do per chunk, which the ready-made floors skip."""
    import timeit

    out: dict[str, float] = {}
    try:
        from langchain_core.messages import AIMessageChunk
        from langchain_core.outputs import ChatGenerationChunk

        def lc() -> object:
            return ChatGenerationChunk(message=AIMessageChunk(content="is even beca"))

        out["lc"] = min(timeit.repeat(lc, number=5000, repeat=5)) / 5000
    except ImportError:
        pass
    try:
        from llama_index.core.llms import ChatMessage, ChatResponse

        def li() -> object:
            return ChatResponse(
                message=ChatMessage(role="assistant", content="is even beca"), delta="beca"
            )

        out["li"] = min(timeit.repeat(li, number=5000, repeat=5)) / 5000
    except ImportError:
        pass
    # The same objects as this package's adapters build them (their per-chunk fast path).
    try:
        from langchain_minimax.messages import event_to_chunk, generation_chunk
        from minimax_transport.types import TextDelta

        event = TextDelta("is even beca")

        def lc_ours() -> object:
            return generation_chunk(event_to_chunk(event, "MiniMax-M2.7"))

        out["lc-ours"] = min(timeit.repeat(lc_ours, number=5000, repeat=5)) / 5000
    except ImportError:
        pass
    try:
        from llama_index_minimax.prebuilt import FAST as fast

        if fast is not None:

            def li_ours() -> object:
                return fast.chunk(
                    message=fast.message("is even beca", "", None, {}, {}),
                    delta="beca",
                    raw={"text": "beca", "type": "text"},
                    additional_kwargs={"thinking_delta": None},
                )

            out["li-ours"] = min(timeit.repeat(li_ours, number=5000, repeat=5)) / 5000
    except ImportError:
        pass
    return out


def measure_imports(rounds: int) -> dict[str, list[float]]:
    code = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
    out: dict[str, list[float]] = {label: [] for label, *_ in IMPORTS}
    for r in range(rounds):
        items = IMPORTS[r % len(IMPORTS) :] + IMPORTS[: r % len(IMPORTS)]
        for label, stmt, *_ in items:
            proc = subprocess.run(
                [sys.executable, "-c", code.format(stmt=stmt)],
                capture_output=True,
                text=True,
                cwd=str(ROOT),
            )
            if proc.returncode != 0:
                out.pop(label, None)
                continue
            if label in out:
                out[label].append(float(proc.stdout.strip().splitlines()[-1]))
    return out


# ----------------------------------------------------------------------------- report


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def fmt_us(s: float) -> str:
    return f"{s * 1e6:,.1f} µs" if s == s else "n/a"


def fmt_x(x: float) -> str:
    return f"{x:.2f}×" if x == x else "n/a"


def build_report(data: dict[str, Any]) -> str:
    sync: dict[str, dict[str, list[float]]] = data["sync"]
    lines: list[str] = []
    add = lines.append
    labels = {c.name: c.label for c in C.ALL}
    add(f"Run: {data['when']} — {data['conditions']}.")
    add("")
    if data.get("load"):
        add(f"Load during the timed part: {data['load']}.")
        add("")
    add(f"Command: `{data['command']}`")
    add("")

    def m(wl: str, name: str) -> float:
        return med(sync.get(wl, {}).get(name, []))

    # ---- sync table
    add("### Per call / per chunk (medians; lower is better)")
    add("")
    wls = [w for w in WORKLOADS if w in sync]
    head = (
        "| client | "
        + " | ".join(
            (
                "invoke (per call)"
                if w == "invoke"
                else f"{w} (per {'fragment' if w.startswith('tools') else 'chunk'})"
            )
            for w in wls
        )
        + " |"
    )
    add(head)
    add("|---|" + "---:|" * len(wls))
    for cls in C.ALL:
        if not any(sync.get(w, {}).get(cls.name) for w in wls):
            continue
        add(f"| {labels[cls.name]} | " + " | ".join(fmt_us(m(w, cls.name)) for w in wls) + " |")
    add("")

    # ---- ratios
    add("### Ratios (same run)")
    add("")
    add(
        "`floor` = raw httpx + the framework's no-I/O floor (their medians added); "
        "`anchor ÷ ours` > 1 means ours is faster."
    )
    add("")
    add(
        "`one flow` = ours ÷ the framework floor run over raw httpx inside the same call "
        "(`lc-floor-io` / `li-floor-io`): the same work as the sum, measured as one flow."
    )
    add("")
    add(
        "| workload | transport ÷ httpx | LangChain ours ÷ floor | (one flow) | "
        "ChatOpenAI ÷ ours | LlamaIndex ours ÷ floor | (one flow) | "
        "llama-index-llms-minimax ÷ ours |"
    )
    add("|---|---:|---:|---:|---:|---:|---:|---:|")
    ratios: dict[str, dict[str, float]] = {}
    for w in wls:
        hx = m(w, "httpx")
        r = {
            "transport": m(w, "transport") / hx,
            "lc_floor": m(w, "lc-ours") / (hx + m(w, "lc-floor")),
            "lc_anchor": m(w, "lc-openai") / m(w, "lc-ours"),
            "li_floor": m(w, "li-ours") / (hx + m(w, "li-floor")),
            "li_anchor": m(w, "li-minimax") / m(w, "li-ours"),
            "lc_flow": m(w, "lc-ours") / m(w, "lc-floor-io"),
            "li_flow": m(w, "li-ours") / m(w, "li-floor-io"),
        }
        ratios[w] = r
        add(
            f"| {w} | {fmt_x(r['transport'])} | {fmt_x(r['lc_floor'])} | {fmt_x(r['lc_flow'])} | "
            f"{fmt_x(r['lc_anchor'])} | {fmt_x(r['li_floor'])} | {fmt_x(r['li_flow'])} | "
            f"{fmt_x(r['li_anchor'])} |"
        )
    add("")

    cons = data.get("construction") or {}
    if cons and any(w != "invoke" for w in wls):
        names = {
            "lc": "`ChatGenerationChunk(AIMessageChunk(…))`",
            "li": "`ChatResponse(ChatMessage(…))`",
        }
        add(
            "Building the framework's chunk object with its constructors costs "
            + ", ".join(f"{fmt_us(cons[k])} ({names[k]})" for k in names if k in cons)
            + " per chunk in isolation; every integration pays it and the ready-made floors "
            "do not. This package's adapters build the same objects (equal fields, fields set "
            "and extras; `tests/langchain/test_fast_chunks.py`, "
            "`tests/llama_index/test_li_fast_chunks.py`) without validating them again: "
            + ", ".join(f"{fmt_us(cons[k])} ({k})" for k in ("lc-ours", "li-ours") if k in cons)
            + ". Stream ratios with the constructors' cost added to the floor:"
        )
        add("")
        add(
            "| workload | LangChain ours ÷ (floor + chunk object) | "
            "LlamaIndex ours ÷ (floor + chunk object) |"
        )
        add("|---|---:|---:|")
        for w in wls:
            if w == "invoke":
                continue
            hx = m(w, "httpx")
            a = m(w, "lc-ours") / (hx + m(w, "lc-floor") + cons.get("lc", float("nan")))
            b = m(w, "li-ours") / (hx + m(w, "li-floor") + cons.get("li", float("nan")))
            add(f"| {w} | {fmt_x(a)} | {fmt_x(b)} |")
        add("")

    # ---- flatness
    add(
        "### Flatness (per-unit cost at the large size ÷ at the small size; ours minus the "
        "framework floor in brackets)"
    )
    add("")
    add("| client | stream 20,000 ÷ 2,000 | tools 4,000 ÷ 400 |")
    add("|---|---:|---:|")
    pairs = [
        (f"stream{STREAM_SIZES[0]}", f"stream{STREAM_SIZES[1]}"),
        (f"tools{TOOL_SIZES[0]}", f"tools{TOOL_SIZES[1]}"),
    ]
    floors = {"lc-ours": "lc-floor", "li-ours": "li-floor"}
    for cls in C.ALL:
        cells = []
        for small, big in pairs:
            if small not in sync or big not in sync:
                cells.append("n/a")
                continue
            g = m(big, cls.name) / m(small, cls.name)
            cell = fmt_x(g)
            if cls.name in floors:
                own = (m(big, cls.name) - m(big, floors[cls.name])) / (
                    m(small, cls.name) - m(small, floors[cls.name])
                )
                cell += f" ({fmt_x(own)})"
            cells.append(cell)
        if all(c == "n/a" or c.startswith("nan") for c in cells):
            continue
        add(f"| {labels[cls.name]} | " + " | ".join(cells) + " |")
    add("")

    # ---- async
    if data.get("async"):
        a = data["async"]
        add("### Concurrent async calls over one pooled client (higher is better)")
        add("")
        add(
            "`httpx` is raw httpx on its own pool (httpcore); `httpx-aiohttp` the same raw loop "
            "on `httpx-aiohttp`'s `AiohttpTransport`. Ours use aiohttp by default once "
            "`httpx-aiohttp` is installed (`transport-httpcore`: ours with "
            '`async_transport="httpx"`). CPU per request: this process (all clients run in '
            "it) and the fake server, medians; the two share the machine's 2 cores."
        )
        add("")
        for level, total in ASYNC_LEVELS.items():
            rps = a["rps"][level]
            add(f"{level} in flight, {total} calls per sample:")
            add("")
            add(
                "| client | requests/s | ÷ raw httpx (httpcore) | ÷ raw httpx + aiohttp | "
                "client CPU / request | server CPU / request |"
            )
            add("|---|---:|---:|---:|---:|---:|")
            hx = med(rps.get("httpx", []))
            ha = med(rps.get("httpx-aiohttp", []))
            for name, xs in rps.items():
                add(
                    f"| {labels[name]} | {med(xs):,.0f} | {fmt_x(med(xs) / hx)} | "
                    f"{fmt_x(med(xs) / ha)} | {fmt_us(med(a['cpu'][level][name]))} | "
                    f"{fmt_us(med(a['server_cpu'][level][name]))} |"
                )
            add("")

    # ---- import
    if data.get("imports"):
        add("### Import time in a fresh interpreter (median)")
        add("")
        add("| import | seconds | target | met |")
        add("|---|---:|---:|:---:|")
        imp = data["imports"]
        for label, stmt, base, allowance in IMPORTS:
            if label not in imp:
                continue
            target = ""
            met = ""
            if base and base in imp:
                limit = med(imp[base]) + allowance
                target = f"≤ {limit:.3f} (`{base}` + {allowance:g})"
                met = "yes" if med(imp[label]) <= limit else "no"
            add(f"| `{stmt}` | {med(imp[label]):.3f} | {target} | {met} |")
        add("")

    # ---- gc paused
    if data.get("gc_paused"):
        gp = data["gc_paused"]
        small, big = (f"stream{n}" for n in STREAM_SIZES)
        add("### Diagnostic: streams with the cyclic GC paused during the call")
        add("")
        add(
            "Same streams, `gc.disable()` around each call: what is left is the clients' own "
            "per-chunk work. The difference to the table above is the cost of the full "
            "collections triggered while a framework retains every chunk of a long stream."
        )
        add("")
        add(f"| client | {small} (per chunk) | {big} (per chunk) | {big} ÷ {small} |")
        add("|---|---:|---:|---:|")
        for name in gp[small]:
            a, b = med(gp[small][name]), med(gp[big][name])
            add(f"| {labels[name]} | {fmt_us(a)} | {fmt_us(b)} | {fmt_x(b / a)} |")
        add("")

    # ---- memory
    if data.get("memory"):
        texts = data["memory_text_bytes"]
        n1, n2 = STREAM_SIZES
        t1, t2 = texts[n1], texts[n2]
        add(
            f"### Memory: tracemalloc peak while consuming one stream "
            f"(accumulated text: {t1 / 1024:,.0f} KiB at {n1:,} chunks, "
            f"{t2 / 1024:,.0f} KiB at {n2:,})"
        )
        add("")
        add(
            "Items are dropped as they are yielded; the peak is what the client (and its "
            "framework) holds. `per extra chunk` = (peak at 20,000 − peak at 2,000) ÷ 18,000; "
            f"one chunk carries {t2 / n2:.0f} bytes of text."
        )
        add("")
        add(
            f"| client | peak, {n1:,} chunks | peak, {n2:,} chunks | peak ÷ text ({n2:,}) | "
            "per extra chunk |"
        )
        add("|---|---:|---:|---:|---:|")
        for name, d in data["memory"].items():
            p1, p2 = d[f"peak{n1}"], d[f"peak{n2}"]
            add(
                f"| {labels[name]} | {p1 / 1024:,.0f} KiB | {p2 / 1024:,.0f} KiB | "
                f"{p2 / t2:.1f}× | {(p2 - p1) / (n2 - n1):,.0f} B |"
            )
        add("")
        add(
            "The floors' chunks are built before the measurement starts, so their retained "
            "chunks are not counted: compare the adapters with their anchors."
        )
        add("")
    # ---- long streams (issue 17 §3)
    if data.get("long_streams"):
        from bench import long_streams

        ls = data["long_streams"]
        add("### Long streams: does keeping fewer objects per chunk flatten LangChain's curve?")
        add("")
        add(
            "`python -m bench.long_streams` inside this run (median of "
            f"{ls['rounds']} rounds). `objects kept / chunk`: GC-tracked objects alive per "
            "chunk while a stream's chunks are all held, as `BaseChatModel.stream()` holds "
            "them to merge them at the end. The `experiment` row is `ChatMiniMax` with its "
            "text chunks sharing their empty lists and fields-set sets: not shipped (a caller "
            "appending to one chunk's list would change every chunk), measured to see what "
            "fewer kept objects buy."
        )
        add("")
        lines.extend(long_streams.table(ls))
        add("")
    # ---- instruction profile (bench/instructions.py, valgrind)
    profile = HERE / "instructions.md"
    if data.get("with_profile") and profile.exists():
        add(profile.read_text(encoding="utf-8").rstrip())
        add("")
    data["ratios"] = ratios
    targets = target_summary(data, ratios)
    if targets:
        head_end = lines.index("### Per call / per chunk (medians; lower is better)")
        lines[head_end:head_end] = targets
    return "\n".join(lines)


FLAT = 1.10  # "flat": the large size costs at most 10 % more per unit than the small one


def target_summary(data: dict[str, Any], ratios: dict[str, dict[str, float]]) -> list[str]:
    """The issue's targets, each with the figure from this run and met / missed."""
    sync = data.get("sync", {})
    rows: list[tuple[str, str, bool | None]] = []

    def ok(x: float, limit: float, le: bool = True) -> bool | None:
        if x != x:
            return None
        return x <= limit if le else x >= limit

    r = ratios
    for wl in [w for w in WORKLOADS if w in sync]:
        limit = 1.2 if wl == "invoke" else 1.3
        for key, what in (("lc_floor", "LangChain"), ("li_floor", "LlamaIndex")):
            x = r.get(wl, {}).get(key, float("nan"))
            flow = r.get(wl, {}).get(key.replace("floor", "flow"), float("nan"))
            rows.append(
                (
                    f"{wl}: {what} ours ≤ {limit}× (httpx + floor)",
                    f"{fmt_x(x)} (one flow: {fmt_x(flow)})",
                    ok(x, limit),
                )
            )
        if wl != "invoke":
            for key, what in (
                ("lc_anchor", "ChatOpenAI"),
                ("li_anchor", "llama-index-llms-minimax"),
            ):
                x = r.get(wl, {}).get(key, float("nan"))
                rows.append((f"{wl}: ours ≥ 4× faster than {what}", fmt_x(x), ok(x, 4.0, le=False)))
    pairs = [
        (f"stream{STREAM_SIZES[0]}", f"stream{STREAM_SIZES[1]}"),
        (f"tools{TOOL_SIZES[0]}", f"tools{TOOL_SIZES[1]}"),
    ]
    for small, big in pairs:
        if small not in sync or big not in sync:
            continue
        for name in ("transport", "lc-ours", "li-ours", "lc-openai", "li-minimax"):
            a, b = med(sync[small].get(name, [])), med(sync[big].get(name, []))
            x = b / a
            anchor = name in ("lc-openai", "li-minimax")
            rows.append(
                (
                    f"flat {small} → {big}: {name} (per unit, ≤ {FLAT}×)"
                    + (" — anchor, for comparison" if anchor else ""),
                    fmt_x(x),
                    None if anchor else ok(x, FLAT),
                )
            )
    gp = data.get("gc_paused")
    if gp:
        small, big = (f"stream{n}" for n in STREAM_SIZES)
        for name in ("transport", "lc-ours", "li-ours"):
            if name in gp.get(small, {}):
                x = med(gp[big][name]) / med(gp[small][name])
                rows.append((f"flat, GC paused: {name} (≤ {FLAT}×)", fmt_x(x), ok(x, FLAT)))
    if data.get("async"):
        for level in ASYNC_LEVELS:
            rps = data["async"]["rps"][level]
            hx = med(rps.get("httpx", []))
            ha = med(rps.get("httpx-aiohttp", []))
            for name in ("transport", "lc-ours", "li-ours"):
                if name not in rps:
                    continue
                x = med(rps[name])
                rows.append(
                    (
                        f"async {level}: {name} ≥ 0.8× raw httpx + aiohttp req/s",
                        fmt_x(x / ha),
                        ok(x / ha, 0.8, le=False),
                    )
                )
                rows.append(
                    (
                        f"async {level}: {name} ≥ 3× raw httpx (httpcore) req/s",
                        fmt_x(x / hx),
                        ok(x / hx, 3.0, le=False),
                    )
                )
    imp = data.get("imports") or {}
    for label, stmt, base, allowance in IMPORTS:
        if base and label in imp and base in imp:
            x, limit = med(imp[label]), med(imp[base]) + allowance
            rows.append(
                (
                    f"`{stmt}` ≤ `{base}` + {allowance:g} s",
                    f"{x:.3f} s ≤ {limit:.3f} s",
                    ok(x, limit),
                )
            )
    mem = data.get("memory")
    if mem and "transport" in mem:
        n1, n2 = STREAM_SIZES
        t1, t2 = data["memory_text_bytes"][n1], data["memory_text_bytes"][n2]
        d = mem["transport"]
        slope = (d[f"peak{n2}"] - d[f"peak{n1}"]) / (t2 - t1)
        const = d[f"peak{n2}"] - slope * t2
        rows.append(
            (
                "memory: transport holds a constant + the text (no per-chunk objects)",
                f"{const / 1024:,.0f} KiB + {slope:.1f} × text",
                None,
            )
        )
    if not rows:
        return []
    out = [
        "### Targets (issues 6 and 17) in this run",
        "",
        "| target | this run | met |",
        "|---|---:|:---:|",
    ]
    for what, fig, met in rows:
        out.append(f"| {what} | {fig} | {'yes' if met else ('no' if met is False else '—')} |")
    out += [""]
    return out


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (``/proc``; psutil where there is no ``/proc``)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil

        t = psutil.Process(pid).cpu_times()
        return float(t.user + t.system)
    except Exception:
        return 0.0


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy since boot (all cores)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            parts = f.readline().split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in parts[:8])
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        import psutil

        t = psutil.cpu_times()
        return float(
            sum(getattr(t, f, 0.0) for f in ("user", "system", "nice", "irq", "softirq", "steal"))
        )


class Load:
    """Machine load while the benchmark ran: whole-machine CPU busy %, and how much of it was
    this process and the fake server (the rest is other work on the machine)."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.sys0 = machine_busy_seconds()
        self.me0 = process_cpu_seconds(os.getpid())

    def report(self, server_pid: int | None, server_cpu: float) -> str:
        wall = time.perf_counter() - self.t0
        busy = machine_busy_seconds() - self.sys0
        mine = process_cpu_seconds(os.getpid()) - self.me0
        ncpu = os.cpu_count() or 1
        other = max(0.0, busy - mine - server_cpu)
        return (
            f"{wall:.0f} s wall; machine CPU busy {busy / (wall * ncpu):.0%} of {ncpu} cores "
            f"(benchmark process {mine / wall:.0%} of a core, fake server "
            f"{server_cpu / wall:.0%}, other processes {other / wall:.0%})"
        )


def conditions() -> str:
    try:
        load = os.getloadavg()
        load_s = f"load average {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f} at start"
    except OSError:
        load_s = "load n/a"
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, {load_s}; fake server in its own process on 127.0.0.1"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description="MiniMax integrations: side-by-side benchmark")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="2 rounds, no RESULTS.md")
    ap.add_argument("--only", default="", help="comma-separated client names")
    ap.add_argument("--workloads", default="", help="comma-separated sync workloads")
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated of: sync,async,gcpaused,longstreams,memory,import",
    )
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    ap.add_argument("--json", default=str(HERE / "results.json"))
    args = ap.parse_args()
    rounds = 2 if args.quick else args.rounds
    only = set(filter(None, args.only.split(","))) or None
    skip = set(filter(None, args.skip.split(",")))
    workloads = [w for w in (args.workloads.split(",") if args.workloads else WORKLOADS) if w]

    data: dict[str, Any] = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "conditions": conditions(),
        "command": "python bench/bench_compare.py" + ("" if rounds == 7 else f" --rounds {rounds}"),
        "rounds": rounds,
    }
    classes = _available(list(C.ALL), only)
    print("clients:", ", ".join(c.name for c in classes), file=sys.stderr)
    load = Load()
    server = FakeServer(max_seconds=3600)
    try:
        if "sync" not in skip:
            print("sync workloads…", file=sys.stderr)
            data["sync"] = run_sync_rounds(server, classes, rounds, workloads)
        if "async" not in skip:
            print("async…", file=sys.stderr)
            data["async"] = run_async_rounds(server, classes, rounds)
        if "gcpaused" not in skip:
            print("gc-paused diagnostic…", file=sys.stderr)
            data["gc_paused"] = run_gc_paused(server, classes, max(3, rounds // 2))
        if "longstreams" not in skip and only is None:
            from bench import long_streams

            print("long streams (fewer objects per chunk)…", file=sys.stderr)
            data["long_streams"] = long_streams.measure(server, max(3, rounds // 2))
        data["construction"] = measure_construction()
        if "memory" not in skip:
            print("memory…", file=sys.stderr)
            data["memory"] = measure_memory(server, classes)
            from bench.fake_server import content_pieces

            data["memory_text_bytes"] = {
                n: sum(len(p.encode()) for p in content_pieces(n)) for n in STREAM_SIZES
            }
        data["load"] = load.report(server.proc.pid, server.cpu_seconds())
    finally:
        server.stop()
    if "import" not in skip:
        print("imports…", file=sys.stderr)
        data["imports"] = measure_imports(max(5, rounds))
    data.setdefault("sync", {})
    data["with_profile"] = not args.quick
    report = build_report(data)
    print(report)
    if not args.quick:
        Path(args.out).write_text(
            "# Benchmark results\n\n"
            "Generated by `bench/bench_compare.py` (see its docstring for the workloads).\n\n"
            + report
            + "\n",
            encoding="utf-8",
        )
        Path(args.json).write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)


_: Callable[..., Any] = main
if __name__ == "__main__":
    main()
