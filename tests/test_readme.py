"""Every Python block in README.md is a complete program that runs as pasted.

Each block is extracted, written to a file and run as a subprocess (with a timeout) against
the loopback MiniMax emulator (``minimax_testing/emulator``: ``MINIMAX_BASE_URL`` points at it, the key
is a dummy). It must exit 0 and print an answer with no ``<think>`` tag. A block may be left
out only by naming it (its section heading) in ``SKIPPED`` with the reason. A new README block
that asks the emulator something it cannot answer means extending the emulator, not skipping.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TIMEOUT_S = 120

# Section heading of the block -> why it is not run. Empty today: every block runs.
SKIPPED: dict[str, str] = {}


def python_blocks() -> list[tuple[str, str]]:
    """``(section heading, code)`` for every ```python block, in README order."""
    blocks: list[tuple[str, str]] = []
    heading = "(top)"
    lines = README.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.strip() == "```python":
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            name = heading
            n = sum(1 for h, _ in blocks if h == heading or h.startswith(heading + " #"))
            if n:
                name = f"{heading} #{n + 1}"
            blocks.append((name, "\n".join(lines[i + 1 : j]) + "\n"))
            i = j
        i += 1
    return blocks


BLOCKS = python_blocks()


@pytest.fixture(scope="module")
def emulator() -> Iterator[str]:
    from minimax_testing.emulator import MiniMaxEmulator

    with MiniMaxEmulator(port=0) as emu:
        yield emu.base_url


def test_the_readme_has_its_quick_starts() -> None:
    names = [name for name, _ in BLOCKS]
    assert "Quick start — LangChain" in names and "Quick start — LlamaIndex" in names
    assert set(SKIPPED) <= set(names), "SKIPPED names a block the README no longer has"


@pytest.mark.parametrize(("name", "code"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_readme_block_runs_as_pasted(name: str, code: str, emulator: str, tmp_path: Path) -> None:
    if name in SKIPPED:
        pytest.skip(SKIPPED[name])
    script = tmp_path / "block.py"
    script.write_text(code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIMAX_")}
    env.update(
        MINIMAX_BASE_URL=emulator,
        # The emulator speaks the official host's dialect (chat and embeddings); a loopback
        # URL would otherwise be detected as a self-hosted server, which has no embeddings.
        MINIMAX_PRESET="minimax",
        MINIMAX_API_KEY="test-key-not-a-real-key",
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    )
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,  # a user's own directory, not the repository
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert proc.returncode == 0, f"{name} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    out = proc.stdout
    assert out.strip(), f"{name} printed nothing"
    assert "<think>" not in out and "</think>" not in out
    assert re.search(r"\w", out)
