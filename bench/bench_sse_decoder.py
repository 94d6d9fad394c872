"""Hand-written SSE decoder vs httpx-sse, on the same bytes (run by hand, not a test).

    python bench/bench_sse_decoder.py

Both decode a 20,000-event MiniMax-style stream delivered as httpx would (one network read per
event, then re-chunked into 4 KiB reads), and return the event data strings.
"""

from __future__ import annotations

import json
import statistics
import time

import httpx

from minimax_transport.sse import SSEDecoder

EVENT = {
    "id": "06fb6b59859725e9e95103a455583ff8",
    "choices": [
        {
            "index": 0,
            "delta": {
                "content": " token",
                "role": "assistant",
                "name": "MiniMax AI",
                "audio_content": "",
            },
        }
    ],
    "created": 1789671513,
    "model": "MiniMax-M2.7",
    "object": "chat.completion.chunk",
    "usage": None,
    "input_sensitive": False,
    "output_sensitive": False,
}
N = 20_000
ONE = ("data: " + json.dumps(EVENT, separators=(",", ":")) + "\n\n").encode()
PAYLOAD = ONE * N + b"data: [DONE]\n\n"


def chunks(size: int) -> list[bytes]:
    return [PAYLOAD[i : i + size] for i in range(0, len(PAYLOAD), size)]


def ours(parts: list[bytes]) -> int:
    d = SSEDecoder()
    n = 0
    for p in parts:
        n += len(d.feed(p))
    return n + len(d.close())


def with_httpx_sse(parts: list[bytes]) -> int:
    from httpx_sse import EventSource

    response = httpx.Response(
        200, headers={"content-type": "text/event-stream"}, stream=httpx.ByteStream(b"")
    )
    response.stream = _Stream(parts)  # type: ignore[assignment]
    n = 0
    for _ in EventSource(response).iter_sse():
        n += 1
    return n


class _Stream(httpx.SyncByteStream):
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from self.parts


def bench(fn, parts, rounds=7):  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        count = fn(parts)
        times.append(time.perf_counter() - t)
    assert count == N + 1, count
    return statistics.median(times)


if __name__ == "__main__":
    for label, parts in (("one read per event", chunks(len(ONE))), ("4 KiB reads", chunks(4096))):
        a = bench(ours, parts)
        b = bench(with_httpx_sse, parts)
        print(
            f"{label:20s} ours {a * 1e6 / N:6.2f} µs/event   httpx-sse {b * 1e6 / N:6.2f} µs/event"
            f"   ratio {b / a:4.1f}x"
        )
