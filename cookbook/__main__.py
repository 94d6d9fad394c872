"""Run every recipe: ``python -m cookbook`` (or ``python -m cookbook lc_agent li_rag``).

With no ``MINIMAX_API_KEY`` the recipes replay the answers recorded in ``cookbook/cassettes/``
(no network). With a key they call the live API (``MINIMAX_BASE_URL`` / ``MINIMAX_PRESET``
switch provider). ``MINIMAX_RECORD_MODE=all`` with a key re-records the cassettes.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

CASSETTES = Path(__file__).parent / "cassettes"
RECIPES = [
    "lc_chain_stream",
    "lc_agent",
    "lc_structured",
    "lc_m3_controls",
    "li_rag",
    "li_function_agent",
    "providers",
]
FAKE_KEY = "replay-key-not-real"


def _vcr(name: str, record_mode: str) -> Any:
    import vcr  # type: ignore[import-untyped]

    return vcr.VCR(
        record_mode=record_mode,
        match_on=["method", "scheme", "host", "port", "path"],
        filter_headers=[("authorization", "<scrubbed>"), ("x-api-key", "<scrubbed>")],
        decode_compressed_response=True,
    ).use_cassette(str(CASSETTES / f"{name}.yaml"))


def run(names: list[str]) -> int:
    live = bool(os.environ.get("MINIMAX_API_KEY"))
    record_mode = os.environ.get("MINIMAX_RECORD_MODE", "")
    if live and not record_mode:
        print("MINIMAX_API_KEY is set: calling the live MiniMax API.")
    elif live:
        print(f"Recording live answers into cookbook/cassettes/ (record mode {record_mode}).")
    else:
        print(
            "No MINIMAX_API_KEY: this is a REPLAY of answers recorded in cookbook/cassettes/ "
            "(no network). Set MINIMAX_API_KEY to call the live API."
        )
        os.environ["MINIMAX_API_KEY"] = FAKE_KEY
        for var in ("MINIMAX_BASE_URL", "MINIMAX_PRESET"):
            os.environ.pop(var, None)
    failures = 0
    for name in names:
        module = importlib.import_module(f"cookbook.{name}")
        started = time.perf_counter()
        try:
            kwargs = {"replay": True} if name == "providers" and not live else {}
            if live and not record_mode:
                module.main(**kwargs)
            else:
                with _vcr(name, record_mode or "none"):
                    module.main(**kwargs)
        except Exception:  # a recipe failing must not hide the others
            failures += 1
            print(f"\n!! recipe {name} failed:")
            traceback.print_exc()
        else:
            print(f"({name}: {time.perf_counter() - started:.2f}s)")
    if not live:
        os.environ.pop("MINIMAX_API_KEY", None)
    print(f"\n{len(names) - failures} recipes ran, {failures} failed.")
    return 1 if failures else 0


def main() -> None:
    names = sys.argv[1:] or RECIPES
    unknown = [n for n in names if n not in RECIPES]
    if unknown:
        sys.exit(f"unknown recipe(s) {unknown}; choose from {RECIPES}")
    sys.exit(run(names))


if __name__ == "__main__":
    main()
