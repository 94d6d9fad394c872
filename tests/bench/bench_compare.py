"""Side-by-side benchmark: our MiniMax integrations vs raw httpx, the frameworks' own floors
and the packages a user would pick instead (run by hand, not a test).

    pip install -e ".[all,bench]"
    python tests/bench/bench_compare.py                 # full run, writes tests/bench/RESULTS.md
    python tests/bench/bench_compare.py --quick         # 2 rounds, no file written

A fake MiniMax server (``fake_server.py``) runs in a separate process on 127.0.0.1; the clients
in ``clients.py`` are alternated round by round (the order rotates each round) so the machine's
drift hits all of them alike. Reported figures are medians over the rounds; ratios are taken
between medians of the same run.

Workloads
    invoke        sequential non-streamed calls (small answer with inline ``<think>``)
    stream2000    one streamed answer of 2,000 chunks (per-chunk cost)
    stream20000   one streamed answer of 20,000 chunks (per-chunk cost, flatness)
    tools400      a tool call whose arguments arrive in 400 fragments (per-fragment cost)
    tools4000     the same with 4,000 fragments (flatness)
    async64       64 concurrent async calls over one pooled client (requests/s)
    import        ``import X`` in a fresh interpreter (s)
    memory        tracemalloc peak while consuming one 20,000-chunk stream
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
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ["no_proxy"] = os.environ["NO_PROXY"]

from tests.bench import clients as C  # noqa: E402
from tests.bench.fake_server import STREAM_SIZES, TOOL_SIZES  # noqa: E402

#: workload -> (route, units per sample, calls per sample, kind passed to prepare())
WORKLOADS: dict[str, tuple[str, int, int, str]] = {
    "invoke": ("invoke", 1, 60, "invoke"),
    f"stream{STREAM_SIZES[0]}": (f"stream{STREAM_SIZES[0]}", STREAM_SIZES[0], 2, "stream"),
    f"stream{STREAM_SIZES[1]}": (f"stream{STREAM_SIZES[1]}", STREAM_SIZES[1], 1, "stream"),
    f"tools{TOOL_SIZES[0]}": (f"tools{TOOL_SIZES[0]}", TOOL_SIZES[0], 3, "tools"),
    f"tools{TOOL_SIZES[1]}": (f"tools{TOOL_SIZES[1]}", TOOL_SIZES[1], 1, "tools"),
}
ASYNC_CONCURRENCY = 64
ASYNC_REQUESTS = 384
ASYNC_CLIENTS = ("httpx", "transport", "lc-ours", "lc-openai", "li-ours", "li-minimax")

IMPORTS: list[tuple[str, str]] = [
    ("httpx + pydantic", "import httpx, pydantic"),
    ("minimax_transport", "import minimax_transport"),
    ("langchain_core.language_models", "import langchain_core.language_models"),
    ("langchain_minimax", "import langchain_minimax"),
    ("langchain_openai", "import langchain_openai"),
    ("llama_index.core.llms", "import llama_index.core.llms"),
    ("llama_index_minimax", "import llama_index_minimax"),
    ("llama_index.llms.minimax", "import llama_index.llms.minimax"),
]


# ----------------------------------------------------------------------------- server


class FakeServer:
    def __init__(self, max_seconds: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "fake_server.py"), "--max-seconds", str(max_seconds)],
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
    instances: dict[tuple[str, str], C.Client] = {}
    for wl in workloads:
        route, _units, _calls, kind = WORKLOADS[wl]
        for cls in classes:
            instances[(wl, cls.name)] = cls(server.base_url(route), kind == "tools")
    results: dict[str, dict[str, list[float]]] = {wl: {c.name: [] for c in classes} for wl in workloads}
    names = [c.name for c in classes]
    for r in range(rounds + 1):
        t_round = time.perf_counter()
        for wl in workloads:
            _route, units, calls, kind = WORKLOADS[wl]
            order = names[r % len(names):] + names[: r % len(names)]
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
        print(f"  round {r}{' (warm-up)' if r == 0 else ''}: {time.perf_counter() - t_round:.1f}s",
              file=sys.stderr)
    for inst in instances.values():
        inst.close()
    return results


def run_async_rounds(
    server: FakeServer, classes: list[type[C.Client]], rounds: int
) -> dict[str, list[float]]:
    """``{client: [requests/s per round]}``: ``ASYNC_REQUESTS`` calls, at most 64 in flight,
    over one client (one connection pool), on one event loop shared by all rounds."""
    loop = asyncio.new_event_loop()
    instances = {
        c.name: c(server.base_url("invoke"), False) for c in classes if c.name in ASYNC_CLIENTS
    }
    out: dict[str, list[float]] = {n: [] for n in instances}

    async def batch(client: C.Client) -> None:
        sem = asyncio.Semaphore(ASYNC_CONCURRENCY)

        async def one() -> None:
            async with sem:
                assert await client.ainvoke()

        await asyncio.gather(*(one() for _ in range(ASYNC_REQUESTS)))

    names = list(instances)
    try:
        for r in range(rounds + 1):
            order = names[r % len(names):] + names[: r % len(names)]
            for name in order:
                gc.collect()
                t0 = time.perf_counter()
                loop.run_until_complete(batch(instances[name]))
                dt = time.perf_counter() - t0
                if r > 0:
                    out[name].append(ASYNC_REQUESTS / dt)
    finally:
        loop.close()
    return out


def measure_memory(server: FakeServer, classes: list[type[C.Client]]) -> dict[str, dict[str, int]]:
    """tracemalloc peak (bytes above the level before the call) while one stream of 2,000 and
    one of 20,000 chunks are consumed, items dropped as they come (what the client holds)."""
    out: dict[str, dict[str, int]] = {}
    for cls in classes:
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


GC_PAUSED_CLIENTS = ("httpx", "transport", "lc-floor", "lc-ours", "lc-openai", "li-floor",
                     "li-ours", "li-minimax")


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


def measure_imports(rounds: int) -> dict[str, list[float]]:
    code = (
        "import time; t = time.perf_counter(); {stmt}; "
        "print(time.perf_counter() - t)"
    )
    out: dict[str, list[float]] = {label: [] for label, _ in IMPORTS}
    for r in range(rounds):
        items = IMPORTS[r % len(IMPORTS):] + IMPORTS[: r % len(IMPORTS)]
        for label, stmt in items:
            proc = subprocess.run(
                [sys.executable, "-c", code.format(stmt=stmt)],
                capture_output=True, text=True, cwd=str(ROOT),
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
    add(f"Run: {data['when']} — {data['conditions']}")
    add("")
    add(f"Command: `{data['command']}`")
    add("")

    def m(wl: str, name: str) -> float:
        return med(sync.get(wl, {}).get(name, []))

    # ---- sync table
    add("### Per call / per chunk (medians; lower is better)")
    add("")
    wls = [w for w in WORKLOADS if w in sync]
    head = "| client | " + " | ".join(
        ("invoke (per call)" if w == "invoke" else f"{w} (per {'fragment' if w.startswith('tools') else 'chunk'})")
        for w in wls
    ) + " |"
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
    add("`floor` = raw httpx + the framework's no-I/O floor (their medians added); "
        "`anchor ÷ ours` > 1 means ours is faster.")
    add("")
    add("| workload | transport ÷ httpx | LangChain ours ÷ floor | ChatOpenAI ÷ ours | "
        "LlamaIndex ours ÷ floor | llama-index-llms-minimax ÷ ours |")
    add("|---|---:|---:|---:|---:|---:|")
    ratios: dict[str, dict[str, float]] = {}
    for w in wls:
        hx = m(w, "httpx")
        r = {
            "transport": m(w, "transport") / hx,
            "lc_floor": m(w, "lc-ours") / (hx + m(w, "lc-floor")),
            "lc_anchor": m(w, "lc-openai") / m(w, "lc-ours"),
            "li_floor": m(w, "li-ours") / (hx + m(w, "li-floor")),
            "li_anchor": m(w, "li-minimax") / m(w, "li-ours"),
        }
        ratios[w] = r
        add(f"| {w} | {fmt_x(r['transport'])} | {fmt_x(r['lc_floor'])} | {fmt_x(r['lc_anchor'])} | "
            f"{fmt_x(r['li_floor'])} | {fmt_x(r['li_anchor'])} |")
    add("")

    # ---- flatness
    add("### Flatness (per-unit cost at the large size ÷ at the small size; ours minus the "
        "framework floor in brackets)")
    add("")
    add("| client | stream 20,000 ÷ 2,000 | tools 4,000 ÷ 400 |")
    add("|---|---:|---:|")
    pairs = [(f"stream{STREAM_SIZES[0]}", f"stream{STREAM_SIZES[1]}"),
             (f"tools{TOOL_SIZES[0]}", f"tools{TOOL_SIZES[1]}")]
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
                    m(small, cls.name) - m(small, floors[cls.name]))
                cell += f" ({fmt_x(own)})"
            cells.append(cell)
        if all(c == "n/a" or c.startswith("nan") for c in cells):
            continue
        add(f"| {labels[cls.name]} | " + " | ".join(cells) + " |")
    add("")

    # ---- async
    if data.get("async"):
        add(f"### {ASYNC_CONCURRENCY} concurrent async calls over one pooled client "
            f"({ASYNC_REQUESTS} calls per sample; higher is better)")
        add("")
        add("| client | requests/s | ÷ raw httpx |")
        add("|---|---:|---:|")
        hx = med(data["async"].get("httpx", []))
        for name, xs in data["async"].items():
            add(f"| {labels[name]} | {med(xs):,.0f} | {fmt_x(med(xs) / hx)} |")
        add("")

    # ---- import
    if data.get("imports"):
        add("### Import time in a fresh interpreter (median)")
        add("")
        add("| import | seconds |")
        add("|---|---:|")
        for label, xs in data["imports"].items():
            add(f"| `{label}` | {med(xs):.3f} |")
        add("")

    # ---- gc paused
    if data.get("gc_paused"):
        gp = data["gc_paused"]
        small, big = (f"stream{n}" for n in STREAM_SIZES)
        add("### Diagnostic: streams with the cyclic GC paused during the call")
        add("")
        add("Same streams, `gc.disable()` around each call: what is left is the clients' own "
            "per-chunk work. The difference to the table above is the cost of the full "
            "collections triggered while a framework retains every chunk of a long stream.")
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
        add(f"### Memory: tracemalloc peak while consuming one stream "
            f"(accumulated text: {t1 / 1024:,.0f} KiB at {n1:,} chunks, "
            f"{t2 / 1024:,.0f} KiB at {n2:,})")
        add("")
        add("Items are dropped as they are yielded; the peak is what the client (and its "
            "framework) holds. `per extra chunk` = (peak at 20,000 − peak at 2,000) ÷ 18,000; "
            f"one chunk carries {t2 / n2:.0f} bytes of text.")
        add("")
        add(f"| client | peak, {n1:,} chunks | peak, {n2:,} chunks | peak ÷ text ({n2:,}) | "
            "per extra chunk |")
        add("|---|---:|---:|---:|---:|")
        for name, d in data["memory"].items():
            p1, p2 = d[f"peak{n1}"], d[f"peak{n2}"]
            add(f"| {labels[name]} | {p1 / 1024:,.0f} KiB | {p2 / 1024:,.0f} KiB | "
                f"{p2 / t2:.1f}× | {(p2 - p1) / (n2 - n1):,.0f} B |")
        add("")
        add("The floors' chunks are built before the measurement starts, so their retained "
            "chunks are not counted: compare the adapters with their anchors.")
        add("")
    data["ratios"] = ratios
    return "\n".join(lines)


def conditions() -> str:
    try:
        load = os.getloadavg()
        load_s = f"load average {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f} at start"
    except OSError:
        load_s = "load n/a"
    return (f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs, {load_s}; fake server in its own process on 127.0.0.1")


def main() -> None:
    ap = argparse.ArgumentParser(description="MiniMax integrations: side-by-side benchmark")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="2 rounds, no RESULTS.md")
    ap.add_argument("--only", default="", help="comma-separated client names")
    ap.add_argument("--workloads", default="", help="comma-separated sync workloads")
    ap.add_argument("--skip", default="",
                    help="comma-separated of: sync,async,gcpaused,memory,import")
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
        "command": "python tests/bench/bench_compare.py" + (
            "" if rounds == 7 else f" --rounds {rounds}"),
        "rounds": rounds,
    }
    classes = _available(list(C.ALL), only)
    print("clients:", ", ".join(c.name for c in classes), file=sys.stderr)
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
        if "memory" not in skip:
            print("memory…", file=sys.stderr)
            data["memory"] = measure_memory(server, classes)
            from tests.bench.fake_server import content_pieces

            data["memory_text_bytes"] = {
                n: sum(len(p.encode()) for p in content_pieces(n)) for n in STREAM_SIZES
            }
    finally:
        server.stop()
    if "import" not in skip:
        print("imports…", file=sys.stderr)
        data["imports"] = measure_imports(max(5, rounds))
    data.setdefault("sync", {})
    report = build_report(data)
    print(report)
    if not args.quick:
        Path(args.out).write_text(
            "# Benchmark results\n\n"
            "Generated by `tests/bench/bench_compare.py` (see its docstring for the workloads).\n\n"
            + report + "\n", encoding="utf-8")
        Path(args.json).write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)


_: Callable[..., Any] = main
if __name__ == "__main__":
    main()
