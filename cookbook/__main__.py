"""Run the recipes: ``python -m cookbook`` (all), ``python -m cookbook lc_agent li_rag`` (some),
``python -m cookbook --list`` (what there is), ``-v`` (full tracebacks).

With no ``MINIMAX_API_KEY`` the recipes replay the answers recorded in ``cookbook/cassettes/``
(no network; needs vcrpy: the ``cookbook`` extra). With a key they call the live API
(``MINIMAX_BASE_URL`` / ``MINIMAX_PRESET`` switch provider). ``MINIMAX_RECORD_MODE`` with a key
is vcrpy's record mode: ``all`` re-records every cassette, ``once`` records only the missing
ones, ``none`` replays. A recipe whose framework is not installed is skipped, with the reason.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CASSETTES = Path(__file__).parent / "cassettes"
FAKE_KEY = "replay-key-not-real"

_LANGCHAIN = ("langchain_core",)
_LANGCHAIN_AGENTS = ("langchain_core", "langchain", "langgraph")  # create_agent, checkpointer
_LLAMA_INDEX = ("llama_index.core",)


@dataclass(frozen=True)
class Recipe:
    summary: str
    needs: tuple[str, ...]  # importable modules the recipe uses
    extra: str  # the install extra that provides them


RECIPES: dict[str, Recipe] = {
    "lc_chain_stream": Recipe(
        "LangChain: a streamed prompt | model | parser chain, reasoning shown apart",
        _LANGCHAIN,
        "langchain",
    ),
    "lc_agent": Recipe(
        "LangChain: create_agent with two tools over two turns, reasoning replayed",
        _LANGCHAIN_AGENTS,
        "langchain",
    ),
    "lc_structured": Recipe(
        "LangChain: with_structured_output into a pydantic model", _LANGCHAIN, "langchain"
    ),
    "lc_m3_controls": Recipe(
        "LangChain: MiniMax-M3 with and without thinking, and an image", _LANGCHAIN, "langchain"
    ),
    "li_rag": Recipe(
        "LlamaIndex: RAG over cookbook/data/ with a query engine, sources printed",
        _LLAMA_INDEX,
        "llama-index",
    ),
    "li_function_agent": Recipe(
        "LlamaIndex: a streaming FunctionAgent with two tools, thinking shown apart",
        _LLAMA_INDEX,
        "llama-index",
    ),
    "providers": Recipe(
        "One question through every host preset (official, AIMLAPI, llmprovider)",
        _LANGCHAIN,
        "langchain",
    ),
}

# Hints for the one-line report of a failing recipe, by error class name.
_HINTS = {
    "MissingAPIKeyError": "set MINIMAX_API_KEY",
    "AuthenticationError": (
        "check MINIMAX_API_KEY, and that MINIMAX_BASE_URL is your key's region "
        "(api.minimax.io international, api.minimaxi.com mainland China)"
    ),
    "InsufficientBalanceError": "top up the account balance",
    "RateLimitError": "wait a little and run the recipe again",
    "ModelNotOnPlanError": "your plan does not include this model",
    "NotFoundError": "check the model id and MINIMAX_BASE_URL",
    "APIConnectionError": "check the network and MINIMAX_BASE_URL",
    "APITimeoutError": "the API did not answer in time; try again",
    "CannotOverwriteExistingCassetteException": (
        "the recipe's requests differ from its recorded cassette: re-record it "
        "(python -m cookbook.record_offline)"
    ),
}


def _vcr(name: str, record_mode: str) -> Any:
    import vcr  # type: ignore[import-untyped]

    return vcr.VCR(
        record_mode=record_mode,
        match_on=["method", "scheme", "host", "port", "path"],
        filter_headers=[("authorization", "<scrubbed>"), ("x-api-key", "<scrubbed>")],
        decode_compressed_response=True,
    ).use_cassette(str(CASSETTES / f"{name}.yaml"))


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # a parent package is missing
        return False


def missing_framework(name: str) -> str | None:
    """Why recipe ``name`` cannot run here (``None`` if it can)."""
    recipe = RECIPES[name]
    missing = [m for m in recipe.needs if not _installed(m)]
    if not missing:
        return None
    return f'needs {", ".join(missing)}, not installed: pip install -e ".[{recipe.extra},cookbook]"'


def _minimax_error(exc: BaseException) -> BaseException:
    """The MiniMax error behind ``exc`` (frameworks may wrap it), else ``exc`` itself."""
    from minimax_transport import MiniMaxError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MiniMaxError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return exc


def describe_failure(exc: BaseException) -> str:
    """One line: error class, MiniMax code, message -- then a hint."""
    err = _minimax_error(exc)
    name = type(err).__name__
    code = getattr(err, "code", None)
    message = getattr(err, "message", None) or str(err) or repr(err)
    message = " ".join(str(message).split())
    head = f"{name} (MiniMax code {code}): {message}" if code is not None else f"{name}: {message}"
    hint = next((h for cls in type(err).__mro__ if (h := _HINTS.get(cls.__name__))), None)
    tail = f" -- hint: {hint}" if hint else ""
    return f"{head}{tail} (run with -v for the traceback)"


def _banner(live: bool, record_mode: str) -> str:
    if not live:
        ignored = (
            f" (MINIMAX_RECORD_MODE={record_mode} needs a key: ignored)" if record_mode else ""
        )
        return (
            "No MINIMAX_API_KEY: this is a REPLAY of answers recorded in cookbook/cassettes/ "
            f"(no network). Set MINIMAX_API_KEY to call the live API.{ignored}"
        )
    if not record_mode:
        return "MINIMAX_API_KEY is set: calling the live MiniMax API."
    if record_mode == "none":
        return "MINIMAX_RECORD_MODE=none: a REPLAY of cookbook/cassettes/ (the key is not used)."
    if record_mode == "once":
        return (
            "MINIMAX_RECORD_MODE=once: recipes with a cassette REPLAY it; recipes without one "
            "are recorded live into cookbook/cassettes/."
        )
    if record_mode == "new_episodes":
        return (
            "MINIMAX_RECORD_MODE=new_episodes: recorded answers REPLAY; new requests are "
            "recorded live into cookbook/cassettes/."
        )
    return f"Recording live answers into cookbook/cassettes/ (record mode {record_mode})."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def run(names: list[str], *, verbose: bool = False) -> int:
    live = bool(os.environ.get("MINIMAX_API_KEY"))
    record_mode = os.environ.get("MINIMAX_RECORD_MODE", "")
    print(_banner(live, record_mode))
    replaying = not live or bool(record_mode)
    if replaying and not _installed("vcr"):
        print(
            "Replaying and recording need vcrpy, not installed: "
            'pip install -e ".[langchain,cookbook]" (or ".[llama-index,cookbook]").'
        )
        return 1
    if not live:
        os.environ["MINIMAX_API_KEY"] = FAKE_KEY
        for var in ("MINIMAX_BASE_URL", "MINIMAX_PRESET"):
            os.environ.pop(var, None)
    ran = failures = skipped = 0
    try:
        for name in names:
            reason = missing_framework(name)
            if reason is not None:
                skipped += 1
                print(f"\n-- recipe {name} skipped: {reason}")
                continue
            ran += 1
            started = time.perf_counter()
            try:
                module = importlib.import_module(f"cookbook.{name}")
                kwargs = {"replay": True} if name == "providers" and not live else {}
                if live and not record_mode:
                    module.main(**kwargs)
                else:
                    with _vcr(name, record_mode if live else "none"):
                        module.main(**kwargs)
            except Exception as exc:  # a recipe failing must not hide the others
                failures += 1
                print(f"\n!! recipe {name} failed: {describe_failure(exc)}")
                if verbose:
                    traceback.print_exc()
            else:
                print(f"({name}: {time.perf_counter() - started:.2f}s)")
    finally:
        if not live:
            os.environ.pop("MINIMAX_API_KEY", None)
    summary = f"\n{_plural(ran, 'recipe')} ran, {failures} failed"
    if skipped:
        summary += f", {skipped} skipped (framework not installed)"
    print(summary + ".")
    return 1 if failures else 0


def _recipe_list() -> str:
    width = max(len(n) for n in RECIPES)
    return "\n".join(f"  {name:<{width}}  {r.summary}" for name, r in RECIPES.items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m cookbook",
        description=(
            "Run the minimax-integrations recipes. Without MINIMAX_API_KEY they replay "
            "recorded answers (no network); with it they call the live API."
        ),
        epilog="recipes:\n" + _recipe_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "recipes", nargs="*", metavar="recipe", help="recipes to run (default: all)"
    )
    parser.add_argument("--list", action="store_true", help="list the recipes and exit")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print the full traceback of a failure"
    )
    args = parser.parse_args(argv)
    if args.list:
        print(_recipe_list())
        return
    unknown = [n for n in args.recipes if n not in RECIPES]
    if unknown:
        parser.error(f"unknown recipe(s) {', '.join(unknown)}; choose from {', '.join(RECIPES)}")
    sys.exit(run(args.recipes or list(RECIPES), verbose=args.verbose))


if __name__ == "__main__":
    main()
