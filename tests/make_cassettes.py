"""One entry point for every generated cassette suite.

Usage (from the repository root)::

    python -m tests.make_cassettes                 # (re)write all generated suites
    python -m tests.make_cassettes --check         # exit 1 and list stale cassettes
    python -m tests.make_cassettes transport llama_index   # only these suites
    python -m tests.make_cassettes langchain       # record LangChain's from the emulator

``transport`` (verbatim captures, ``tests/transport/cassette_specs.py``), ``embeddings``
(the wire kit's embeddings envelope), ``llama_index`` and ``messages`` (the Anthropic-compatible
endpoint's shapes, ``tests/transport/messages_cassettes.py``) are built. ``langchain`` cassettes
are recorded by running the LangChain suites against the loopback emulator
(:mod:`minimax_testing.emulator`, on a free port) into a temporary folder; the recording is
deterministic (see ``tests/langchain/conftest.py``), so it then replaces
``tests/cassettes/langchain`` or, with ``--check``, is compared with it byte for byte. Every
suite is part of ``--check``. (LangChain's embeddings cassettes come from ``embeddings``.)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.llama_index import make_cassettes as llama_index
from tests.transport import make_cassettes as transport
from tests.transport import make_embedding_cassettes as embeddings
from tests.transport import messages_cassettes as messages

REPO = Path(__file__).resolve().parent.parent
LANGCHAIN_CASSETTES = REPO / "tests" / "cassettes" / "langchain"
#: LangChain test modules whose cassettes the ``embeddings`` generator writes.
LANGCHAIN_BUILT_ELSEWHERE = ("test_embeddings", "test_embeddings_standard")
#: Recorded by hand on a seeded image download (``tests/langchain/seed_image_cassettes.py``,
#: ``MINIMAX_RECORD_MODE=new_episodes``): neither re-recorded nor checked here.
LANGCHAIN_SEEDED = (
    "test_standard_integration_m3.py::TestChatMiniMaxM3Standard::test_image_inputs",
    "test_standard_integration_m3/TestChatMiniMaxM3Standard.test_image_inputs.yaml",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _record_langchain_into(root: Path) -> int:
    """Run the LangChain suites against the emulator, recording every cassette under ``root``."""
    env = {
        **os.environ,
        "MINIMAX_API_KEY": "test-key-not-a-real-key",
        "MINIMAX_RECORD_MODE": "once",
        "MINIMAX_EMULATOR": "1",
        "MINIMAX_EMULATOR_PORT": str(_free_port()),
        "MINIMAX_CASSETTES_DIR": str(root),
    }
    env.pop("MINIMAX_BASE_URL", None)
    env.pop("MINIMAX_PRESET", None)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/langchain"]
    cmd += [f"--deselect=tests/langchain/{m}.py" for m in LANGCHAIN_BUILT_ELSEWHERE]
    cmd += [f"--deselect=tests/langchain/{LANGCHAIN_SEEDED[0]}"]
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stdout[-4000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
    return done.returncode


def _recorded_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.yaml"))
        if p.relative_to(root).parts[0] not in LANGCHAIN_BUILT_ELSEWHERE
        and p.relative_to(root).as_posix() != LANGCHAIN_SEEDED[1]
    }


def record_langchain(argv: list[str]) -> int:
    """Re-record ``tests/cassettes/langchain`` from the emulator (``--check``: exit 1 and list
    the cassettes that differ from a fresh recording, or that no test records any more)."""
    with tempfile.TemporaryDirectory(prefix="langchain-cassettes-") as tmp:
        if _record_langchain_into(Path(tmp)) != 0:
            print("recording the LangChain cassettes failed", file=sys.stderr)
            return 1
        fresh = _recorded_files(Path(tmp) / "langchain")
        stored = _recorded_files(LANGCHAIN_CASSETTES)
        if "--check" in argv:
            stale = sorted(n for n in fresh.keys() | stored.keys() if fresh.get(n) != stored.get(n))
            for name in stale:
                print(f"stale: tests/cassettes/langchain/{name}", file=sys.stderr)
            return 1 if stale else 0
        for name in stored.keys() - fresh.keys():
            (LANGCHAIN_CASSETTES / name).unlink()
        for name, data in fresh.items():
            target = LANGCHAIN_CASSETTES / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for folder in LANGCHAIN_CASSETTES.iterdir():
            if folder.is_dir() and not any(folder.iterdir()):
                shutil.rmtree(folder)
        print(f"recorded {len(fresh)} LangChain cassettes")
        return 0


GENERATED: dict[str, Callable[[list[str]], int]] = {
    "transport": transport.main,
    "embeddings": embeddings.main,
    "llama_index": llama_index.main,
    "messages": messages.main,
    "langchain": record_langchain,
}
SUITES = GENERATED


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
