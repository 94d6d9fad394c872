"""Embeddings throughput: 10,000 short texts through a loopback fake server (run by hand).

    python bench/bench_embeddings.py

The fake server (``minimax_testing/embeddings_server.py``, in its own process on 127.0.0.1)
answers every ``/v1/embeddings`` request in MiniMax's format after a fixed latency ``L``. With a
concurrency cap ``C`` and batch size ``B`` the ideal wall time is ⌈⌈10000 / B⌉ / C⌉ · L; the
target (issue #15) is within 1.5× of it. The server answers every text with one pre-encoded
vector, so its own JSON encoding stays out of the measurement; vectors are 8-dimensional in
most rows (batching and scheduling), the 1,536-dimension rows carry MiniMax's real payload size
(≈ 150 MB of JSON for 10,000 vectors, whose decoding then dominates).
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import time

from minimax_transport import MiniMaxClient, MiniMaxEmbeddingsClient

N = 10_000
CONFIGS = [  # (L seconds, C, B, dim)
    (0.05, 8, 100, 8),
    (0.10, 4, 512, 8),
    (0.02, 16, 50, 8),
    (0.20, 2, 1000, 8),
    (0.10, 4, 512, 1536),
    (0.50, 4, 512, 1536),
]


def _serve(latency: float, dim: int, port_out: multiprocessing.connection.Connection) -> None:
    from minimax_testing.embeddings_server import EmbeddingsServer

    with EmbeddingsServer(latency=latency, dim=dim, constant=True) as server:
        port_out.send(server.base_url)
        port_out.recv()  # until told to stop


async def _run(base_url: str, c: int, b: int) -> float:
    client = MiniMaxClient(api_key="sk-bench", base_url=base_url, preset="minimax")
    emb = MiniMaxEmbeddingsClient(
        client, max_batch_texts=b, max_batch_tokens=10**9, max_concurrency=c
    )
    texts = [f"short text number {i}" for i in range(N)]
    await emb.aembed(texts[:b], "db")  # warm the pool
    start = time.perf_counter()
    result = await emb.aembed(texts, "db")
    elapsed = time.perf_counter() - start
    assert len(result.vectors) == N
    await client.aclose()
    return elapsed


def main() -> None:
    print("| L (s) | C | B | dim | ideal (s) | wall (s) | ratio | ≤ 1.5× |")
    print("|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for latency, c, b, dim in CONFIGS:
        parent, child = multiprocessing.Pipe()
        proc = multiprocessing.Process(target=_serve, args=(latency, dim, child), daemon=True)
        proc.start()
        base_url = parent.recv()
        try:
            wall = asyncio.run(_run(base_url, c, b))
        finally:
            parent.send("stop")
            proc.join(5)
        ideal = math.ceil(math.ceil(N / b) / c) * latency
        ratio = wall / ideal
        print(
            f"| {latency} | {c} | {b} | {dim} | {ideal:.2f} | {wall:.2f} | {ratio:.2f}× "
            f"| {'yes' if ratio <= 1.5 else 'no'} |"
        )


if __name__ == "__main__":
    main()
