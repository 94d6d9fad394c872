"""What a newcomer meets before the first call: install hints, version, licence, typing, CI.

* importing an adapter whose framework is not installed names the extra to install;
* one version source, a licence file, and one install command shared by README and CI;
* the documented constructor call type-checks in a user's ``mypy --strict`` project that has
  no pydantic plugin.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")

# A meta-path finder that makes the given top-level packages look uninstalled.
_BLOCKER = """
import sys

BLOCKED = {blocked!r}


class _NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in BLOCKED):
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, _NotInstalled())
"""


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _import_with_blocked(module: str, blocked: list[str]) -> subprocess.CompletedProcess[str]:
    code = _BLOCKER.format(blocked=blocked) + textwrap.dedent(
        f"""
        try:
            import {module}
        except ImportError as exc:
            print("ERROR", type(exc).__name__, exc.name, "|", exc)
        else:
            print("IMPORTED")
        """
    )
    return _run_python(code)


@pytest.mark.parametrize(
    ("module", "blocked", "extra"),
    [
        ("langchain_minimax", ["langchain_core"], "langchain"),
        ("llama_index_minimax", ["llama_index"], "llama-index"),
    ],
)
def test_missing_framework_names_the_extra(module: str, blocked: list[str], extra: str) -> None:
    proc = _import_with_blocked(module, blocked)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.strip()
    assert out.startswith("ERROR ImportError "), out  # not a bare ModuleNotFoundError
    assert f'pip install "minimax-integrations[{extra}]"' in out


def test_each_adapter_imports_without_the_other_framework() -> None:
    proc = _import_with_blocked("llama_index_minimax", ["langchain_core", "langchain"])
    assert proc.stdout.strip() == "IMPORTED", proc.stdout + proc.stderr
    proc = _import_with_blocked("langchain_minimax", ["llama_index"])
    assert proc.stdout.strip() == "IMPORTED", proc.stdout + proc.stderr


def test_a_missing_piece_inside_the_framework_is_not_disguised() -> None:
    """Only the framework's absence gets the hint; a broken install keeps its real error."""
    proc = _import_with_blocked("langchain_minimax", ["langchain_core.messages"])
    out = proc.stdout.strip()
    assert out.startswith("ERROR ModuleNotFoundError langchain_core.messages"), out
    assert "pip install" not in out


# ---------------------------------------------------------------------------- version, licence


def test_one_version_everywhere() -> None:
    import langchain_minimax
    import llama_index_minimax
    import minimax_transport
    from minimax_transport.client import USER_AGENT

    version = minimax_transport.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", version)
    assert langchain_minimax.__version__ == version
    assert llama_index_minimax.__version__ == version
    assert USER_AGENT == f"minimax-integrations/{version}"
    # pyproject reads it from the one place it is written
    assert 'dynamic = ["version"]' in PYPROJECT
    assert 'version = { attr = "minimax_transport._version.__version__" }' in PYPROJECT
    literal = re.compile(r"""__version__\s*=\s*["']""")
    written = [
        p.relative_to(ROOT).as_posix()
        for pkg in ("minimax_transport", "langchain_minimax", "llama_index_minimax")
        for p in (ROOT / pkg).rglob("*.py")
        if literal.search(p.read_text(encoding="utf-8"))
    ]
    assert written == ["minimax_transport/_version.py"]


def test_licence_file_and_spdx_metadata() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in licence
    assert re.search(r'^license = "MIT"$', PYPROJECT, re.MULTILINE)
    assert re.search(r'^license-files = \["LICENSE"\]$', PYPROJECT, re.MULTILINE)
    assert re.search(r'requires = \["setuptools>=(7[7-9]|[89]\d|\d{3,})', PYPROJECT)
    assert "[project.urls]" in PYPROJECT
    for minor in (10, 11, 12, 13):
        assert f'"Programming Language :: Python :: 3.{minor}"' in PYPROJECT


def test_readme_and_ci_share_one_install_and_one_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = re.search(r"^(pip install [^\n#]*?)\s+# install", readme, re.MULTILINE)
    test = re.search(r"^(python -m pytest[^\n#]*?)\s+# run the tests", readme, re.MULTILINE)
    assert install and test
    assert "--upgrade-strategy eager" in install.group(1)  # CI sees the newest allowed versions
    ci_lines = [line.strip() for line in ci.splitlines()]
    assert install.group(1) in ci_lines
    assert test.group(1) in ci_lines
    # the linters and the type checker run after the tests
    for step in ("ruff check", "ruff format --check", "mypy"):
        assert any(line.startswith(step) or f" {step}" in line for line in ci_lines), step


# ---------------------------------------------------------------------------- typing for callers

USER_CODE = """
from pydantic import SecretStr

from langchain_minimax import ChatMiniMax
from llama_index_minimax import MiniMax

llm = ChatMiniMax(model="MiniMax-M2.7", max_tokens=1024, stop=["END"], api_key="sk-...")
same = ChatMiniMax(
    model="MiniMax-M2.7",
    max_completion_tokens=1024,
    stop_sequences=["END"],
    api_key=SecretStr("sk-..."),
    temperature=0.5,
    base_url="https://api.minimax.io/v1",
)
li = MiniMax(model="MiniMax-M2.7", max_tokens=1024, api_key="sk-...")
tokens: int | None = llm.max_tokens
"""


def _mypy_user_project(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "app.py").write_text(code, encoding="utf-8")
    # A user's project: strict, no pydantic plugin; this package is read but, as an installed
    # dependency would be, not itself reported on (--follow-imports=silent).
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\n", encoding="utf-8")
    env = dict(os.environ, MYPYPATH=str(ROOT))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(tmp_path / "mypy.ini"),
            "--follow-imports=silent",
            "--cache-dir",  # kept between runs (git-ignored): a cold run takes ~30 s
            str(ROOT / ".mypy_cache" / "user-project"),
            "app.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_documented_constructor_passes_mypy_strict_without_plugin(tmp_path: Path) -> None:
    # One mypy run (it takes a while): the documented calls are clean, and the one wrong call
    # appended last is the only error -- so mypy really checks these constructors.
    code = USER_CODE + 'bad = ChatMiniMax(max_tokens="many")\n'
    bad_line = code.count("\n")
    proc = _mypy_user_project(tmp_path, code)
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, proc.stdout + proc.stderr
    assert errors[0].startswith(f"app.py:{bad_line}:") and '"max_tokens"' in errors[0], errors
