"""Readable console output for the recipes: the question, reasoning shown apart (dimmed on a
terminal, prefixed otherwise), the streamed answer, tool calls and token usage."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

_TTY = sys.stdout.isatty() and os.environ.get("NO_COLOR") is None
_DIM, _BOLD, _CYAN, _RESET = ("\x1b[2m", "\x1b[1m", "\x1b[36m", "\x1b[0m") if _TTY else ("",) * 4


def title(text: str) -> None:
    print(f"\n{_BOLD}=== {text} ==={_RESET}")


def question(text: str) -> None:
    print(f"{_BOLD}Q:{_RESET} {text}")


class Streamer:
    """Prints reasoning pieces (dimmed / prefixed ``thinking│``) apart from answer pieces."""

    def __init__(self) -> None:
        self._mode = ""

    def reasoning(self, text: str) -> None:
        if not text:
            return
        if self._mode != "reasoning":
            self._newline()
            sys.stdout.write(f"{_DIM}thinking│ ")
            self._mode = "reasoning"
        sys.stdout.write(text.replace("\n", f"\n{_DIM}thinking│ "))
        sys.stdout.flush()

    def answer(self, text: str) -> None:
        if not text:
            return
        if self._mode != "answer":
            self._newline()
            sys.stdout.write(f"{_RESET}{_BOLD}A:{_RESET} ")
            self._mode = "answer"
        sys.stdout.write(text)
        sys.stdout.flush()

    def _newline(self) -> None:
        if self._mode:
            sys.stdout.write(f"{_RESET}\n")
        self._mode = ""

    def end(self) -> None:
        self._newline()


def reasoning(text: str | None) -> None:
    if text:
        s = Streamer()
        s.reasoning(text)
        s.end()


def answer(text: str) -> None:
    print(f"{_BOLD}A:{_RESET} {text}")


def tool_call(name: str, args: Any) -> None:
    print(f"{_CYAN}tool call{_RESET} {name}({json.dumps(args, ensure_ascii=False)})")


def tool_result(name: str, result: Any) -> None:
    print(f"{_CYAN}tool result{_RESET} {name} → {result}")


def usage(
    input_tokens: int | None,
    output_tokens: int | None,
    reasoning_tokens: int | None = None,
    total: int | None = None,
) -> None:
    parts = [f"input {input_tokens}", f"output {output_tokens}"]
    if reasoning_tokens:
        parts.append(f"of which reasoning {reasoning_tokens}")
    if total is not None:
        parts.append(f"total {total}")
    print(f"{_DIM}tokens: {', '.join(parts)}{_RESET}")


def note(text: str) -> None:
    print(f"{_DIM}{text}{_RESET}")
