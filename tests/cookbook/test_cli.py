"""``python -m cookbook`` as a command-line program: help and list, one-line failures with a
hint (traceback with ``-v``), honest banners, recipes skipped when their framework is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from cookbook.__main__ import RECIPES, _banner, describe_failure
from minimax_transport import AuthenticationError

ROOT = Path(__file__).resolve().parents[2]


def _cookbook(
    *args: str, env: dict[str, str] | None = None, prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MINIMAX_")}
    base["PYTHONPATH"] = str(ROOT)
    base.update(env or {})
    code = prelude + "\nimport sys, runpy\nsys.argv = ['cookbook', *sys.argv[1:]]\n"
    code += "runpy.run_module('cookbook', run_name='__main__', alter_sys=True)\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def emulator_root() -> Iterator[str]:
    from minimax_testing.emulator import MiniMaxEmulator

    with MiniMaxEmulator(port=0) as emu:
        yield f"http://{emu.host}:{emu.port}"


@pytest.mark.parametrize("flag", ["--help", "--list"])
def test_help_and_list_print_every_recipe_on_one_line(flag: str) -> None:
    proc = _cookbook(flag)
    assert proc.returncode == 0, proc.stderr
    for name, recipe in RECIPES.items():
        (line,) = [ln for ln in proc.stdout.splitlines() if ln.strip().startswith(name + " ")]
        assert recipe.summary in line
    assert "REPLAY" not in proc.stdout  # nothing ran


def test_unknown_recipe_is_a_usage_error() -> None:
    proc = _cookbook("no_such_recipe")
    assert proc.returncode == 2
    assert "unknown recipe(s) no_such_recipe" in proc.stderr


def test_one_recipe_is_singular() -> None:
    proc = _cookbook("lc_structured")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 recipe ran, 0 failed." in proc.stdout


def test_a_failing_live_recipe_is_one_line_with_a_hint(emulator_root: str) -> None:
    env = {
        "MINIMAX_API_KEY": "test-key-not-a-real-key",
        "MINIMAX_BASE_URL": f"{emulator_root}/scenario/http401_login_fail/v1",
    }
    proc = _cookbook("lc_structured", env=env)
    assert proc.returncode == 1
    assert "calling the live MiniMax API" in proc.stdout
    (line,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("!! recipe")]
    assert line.startswith(
        "!! recipe lc_structured failed: AuthenticationError (MiniMax code 1004)"
    )
    assert "hint: check MINIMAX_API_KEY" in line and "-v" in line
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "test-key-not-a-real-key" not in proc.stdout + proc.stderr
    assert "1 recipe ran, 1 failed." in proc.stdout

    verbose = _cookbook("-v", "lc_structured", env=env)
    assert verbose.returncode == 1
    assert "Traceback (most recent call last)" in verbose.stderr
    assert "AuthenticationError" in verbose.stderr


def test_record_mode_none_with_a_key_says_replay() -> None:
    env = {"MINIMAX_API_KEY": "test-key-not-a-real-key", "MINIMAX_RECORD_MODE": "none"}
    proc = _cookbook("lc_structured", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "REPLAY" in proc.stdout and "Recording" not in proc.stdout


@pytest.mark.parametrize(
    ("live", "mode", "says"),
    [
        (False, "", "REPLAY"),
        (False, "all", "REPLAY"),  # no key: nothing can be recorded
        (True, "", "live MiniMax API"),
        (True, "none", "REPLAY"),
        (True, "once", "REPLAY"),
        (True, "new_episodes", "REPLAY"),
        (True, "all", "Recording"),
    ],
)
def test_banner_names_what_happens(live: bool, mode: str, says: str) -> None:
    banner = _banner(live, mode)
    assert says in banner
    if says != "Recording":
        assert "Recording" not in banner


def test_recipes_of_a_missing_framework_are_skipped_with_the_reason() -> None:
    blocker = textwrap.dedent(
        """
        import sys

        class _NoLlamaIndex:
            def find_spec(self, name, path=None, target=None):
                if name == "llama_index" or name.startswith("llama_index."):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, _NoLlamaIndex())
        """
    )
    proc = _cookbook("li_rag", "lc_structured", "li_function_agent", prelude=blocker)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    skipped = [ln for ln in proc.stdout.splitlines() if "skipped:" in ln]
    assert len(skipped) == 2
    for line in skipped:
        assert (
            'needs llama_index.core, not installed: pip install -e ".[llama-index,cookbook]"'
            in (line)
        )
    assert "A: Movie(title='2001: A Space Odyssey'" in proc.stdout  # the LangChain recipe ran
    assert "1 recipe ran, 0 failed, 2 skipped (framework not installed)." in proc.stdout


def test_describe_failure_finds_the_minimax_error_behind_a_wrapper() -> None:
    try:
        try:
            raise AuthenticationError("login fail (1004)", status_code=401, code=1004)
        except AuthenticationError as inner:
            raise RuntimeError("workflow failed") from inner
    except RuntimeError as outer:
        line = describe_failure(outer)
    assert line.startswith("AuthenticationError (MiniMax code 1004): login fail (1004)")
    assert "\n" not in line
    assert describe_failure(ValueError("bad\nvalue")).startswith("ValueError: bad value")
