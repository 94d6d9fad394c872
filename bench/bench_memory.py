"""Peak memory of one non-streamed call with a huge answer (not a test).

Usage: ``python -m bench.bench_memory [MB] [split|inline]`` (default ``60 split``).

Serves one MiniMax ``chat.completion`` body of about ``MB`` megabytes from a loopback server
thread (the body is built before measuring starts), then runs ``MiniMaxClient.complete`` once
under :mod:`tracemalloc` and prints the traced peak as a multiple of the body size. ``split``
is what the MiniMax preset asks for (reasoning in ``reasoning_details``, plain ``content``);
``inline`` puts a ``<think>…</think>`` block at the start of ``content``.
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc

from minimax_testing.big_body import MODEL, BodyServer, huge_body
from minimax_transport import ChatRequest, MiniMaxClient, UserMessage


def _rss_peak() -> int | None:
    """Linux: the process's resident peak (``VmHWM``) in bytes, else ``None``."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def measure_rss(client: MiniMaxClient) -> int | None:
    """Growth of the resident peak over one ``complete`` call (Linux only), untraced."""
    request = ChatRequest(MODEL, [UserMessage("Write a very long text.")])
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset VmHWM to the current RSS
    except OSError:
        return None
    before = _rss_peak()
    client.complete(request)
    after = _rss_peak()
    return None if before is None or after is None else after - before


def measure(client: MiniMaxClient) -> tuple[int, float, str]:
    """``(traced peak bytes, seconds, answer)`` of one ``complete`` call."""
    request = ChatRequest(MODEL, [UserMessage("Write a very long text.")])
    gc.collect()
    tracemalloc.start()
    try:
        start = time.perf_counter()
        result = client.complete(request)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, seconds, result.content


def main() -> None:
    mb = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    split = (sys.argv[2] if len(sys.argv) > 2 else "split") == "split"
    body = huge_body(int(mb * 1_000_000), split=split)
    with BodyServer(body) as server:
        client = MiniMaxClient(api_key="sk-bench", base_url=server.base_url, max_retries=0)
        client.complete(ChatRequest(MODEL, [UserMessage("warm up")]))  # pool, imports
        peak, seconds, content = measure(client)
        rss = measure_rss(client)
        client.close()
    print(
        f"{'split' if split else 'inline'} body {len(body) / 1e6:.1f} MB: traced peak "
        f"{peak / 1e6:.1f} MB = {peak / len(body):.2f}x the body; {seconds:.2f} s; "
        f"answer {len(content) / 1e6:.1f} M chars"
    )
    if rss is not None:
        print(f"resident peak growth over the call (untraced): {rss / len(body):.2f}x the body")


if __name__ == "__main__":
    main()
