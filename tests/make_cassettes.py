"""One entry point for every generated cassette suite.

Usage (from the repository root)::

    python -m tests.make_cassettes                 # (re)write all generated suites
    python -m tests.make_cassettes --check         # exit 1 and list stale cassettes
    python -m tests.make_cassettes transport llama_index   # only these suites
    python -m tests.make_cassettes langchain       # record LangChain's from the emulator

``transport`` (verbatim captures, ``tests/transport/cassette_specs.py``), ``embeddings``
(the wire kit's embeddings envelope) and ``llama_index`` are built, so ``--check`` compares them
byte for byte. ``langchain`` cassettes are recorded by running the LangChain suites against the
loopback emulator (:mod:`minimax_testing.emulator`); they are not part of ``--check``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from tests.llama_index import make_cassettes as llama_index
from tests.transport import make_cassettes as transport
from tests.transport import make_embedding_cassettes as embeddings


def record_langchain(argv: list[str]) -> int:
    """Record the missing ``tests/cassettes/langchain`` cassettes (delete a module's folder to
    re-record it) by running the LangChain suites against the emulator with a dummy key."""
    if "--check" in argv:
        return 0
    env = {
        **os.environ,
        "MINIMAX_API_KEY": "test-key-not-a-real-key",
        "MINIMAX_RECORD_MODE": "once",
        "MINIMAX_EMULATOR": "1",
    }
    cmd = [sys.executable, "-m", "pytest", "-q", "tests/langchain"]
    return subprocess.run(cmd, env=env, check=False).returncode


GENERATED: dict[str, Callable[[list[str]], int]] = {
    "transport": transport.main,
    "embeddings": embeddings.main,
    "llama_index": llama_index.main,
}
SUITES: dict[str, Callable[[list[str]], int]] = {**GENERATED, "langchain": record_langchain}


def main(argv: list[str]) -> int:
    flags = [a for a in argv if a.startswith("--")]
    names = [a for a in argv if not a.startswith("--")] or list(GENERATED)
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        print(f"unknown suite(s) {unknown}; choose from {sorted(SUITES)}", file=sys.stderr)
        return 2
    return max(SUITES[name](flags) for name in names)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
