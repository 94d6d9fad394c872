"""Incremental splitter for raw ``content``: inline reasoning, answer, tool-call markup, stop.

docs/wire-format.md: 'Inline think tags in content', 'Orphan closing tag and implicit think', 'Tool
calls left as markup', and client-side ``stop`` ('Ignored and rejected parameters'). Feeding the
same text in any chunking gives the same output: partial tags (``<thi``, ``</mm:th``,
``<minimax:tool``), partial stop sequences and trailing whitespace are held back until the next
piece decides them.

* ``<think>`` at the start (after whitespace) opens reasoning; ``</think>`` or
  ``</mm:think>`` closes it; an unclosed ``<think>`` is all reasoning.
* ``implicit_think=True`` (a self-hosted server with no reasoning parser, whose template
  pre-opens ``<think>``): the output starts inside the reasoning.
* Only MiniMax's own separators are removed: the newline after ``<think>``, the newline
  before ``</think>`` and the newlines after ``</think>`` (so ``<think>\\n{r}\\n</think>\\n\\n{a}``
  gives back exactly ``r`` and ``a``). When the reasoning came in a structured field
  (``after_reasoning``), the newlines that open ``content`` are that same separator. Nothing
  else is stripped: an answer keeps its leading indentation and its trailing newline.
* Whitespace around tool-call markup belongs to the markup and is dropped with it.
* ``<minimax:tool_call>…</minimax:tool_call>`` and M1 ``<tool_calls>…</tool_calls>`` in the
  answer are diverted to :attr:`ContentSplitter.markup` (parsed by :mod:`.tool_calls`).
* The first stop sequence ends the answer exactly where it starts (the text before it is kept
  as is, trailing spaces included): :attr:`ContentSplitter.stopped` becomes true.

Example:
    >>> s = ContentSplitter()
    >>> s.feed("<think>\\nhmm</th") + s.feed("ink>\\n\\nHi") + s.finish()
    [('reasoning', 'hmm'), ('text', 'Hi')]
"""

from __future__ import annotations

from typing import Literal

Piece = tuple[Literal["reasoning", "text"], str]

OPEN_TAG = "<think>"
CLOSE_TAGS = ("</think>", "</mm:think>")
MARKUP_TAGS = (
    ("<minimax:tool_call>", "</minimax:tool_call>"),
    ("<tool_calls>", "</tool_calls>"),
)

_START, _THINK, _ANSWER, _MARKUP, _STOPPED = range(5)
_WS = " \t\r\n"
_NL = "\n"


def _ws_before(buf: str, end: int, start: int) -> int:
    """How many whitespace characters end at ``buf[end]`` (none before ``start``). Counted
    in place: a huge buffer is not copied to find its few trailing blanks."""
    k = end
    while k > start and buf[k - 1] in _WS:
        k -= 1
        if end - k > 64:  # a long run of blanks: let str.rstrip count it
            seg = buf[start:end]
            return len(seg) - len(seg.rstrip(_WS))
    return end - k


def _skip(buf: str, pos: int, chars: str) -> int:
    """The index of the first character at or after ``pos`` that is not in ``chars``."""
    n = len(buf)
    while pos < n and buf[pos] in chars:
        pos += 1
    return pos


def _held_back(buf: str, tags: tuple[str, ...], start: int = 0) -> int:
    """How many trailing chars of ``buf[start:]`` to hold back: a partial tag and the
    whitespace before it (so ``"…\n</th"`` never emits the ``"\n"`` that the closing tag will
    strip)."""
    partial = _partial_suffix(buf, tags, start)
    return partial + _ws_before(buf, len(buf) - partial, start)


def _held_back_reasoning(buf: str, start: int = 0) -> int:
    """How many trailing chars of reasoning (``buf[start:]``) to hold back: a partial closing
    tag and the one newline before it (the separator ``</think>`` will remove)."""
    partial = _partial_suffix(buf, CLOSE_TAGS, start)
    return partial + (1 if buf.endswith(_NL, start, len(buf) - partial) else 0)


def _partial_suffix(buf: str, markers: tuple[str, ...], start: int = 0) -> int:
    """Length of the longest suffix of ``buf[start:]`` that is a proper prefix of some marker.

    Scans only the tail for each marker's first character, so the common case (no ``<`` near
    the end) costs one ``str.find`` per marker.
    """
    best = 0
    for m in markers:
        upto = min(len(m) - 1, len(buf) - start)
        if upto <= best:
            continue
        tail = buf[len(buf) - upto :]
        first = m[0]
        j = tail.find(first)
        while j != -1:
            k = upto - j
            if k <= best:
                break
            if m.startswith(tail[j:]):
                best = k
                break
            j = tail.find(first, j + 1)
    return best


def _find_first(buf: str, markers: tuple[str, ...], start: int = 0) -> tuple[int, str]:
    """Earliest occurrence of any marker at or after ``start``: ``(index, marker)`` or
    ``(-1, "")``."""
    best_i, best_m = -1, ""
    for m in markers:
        i = buf.find(m, start)
        if i != -1 and (best_i == -1 or i < best_i):
            best_i, best_m = i, m
    return best_i, best_m


class ContentSplitter:
    """Stateful splitter; call :meth:`feed` per piece, then :meth:`finish` once."""

    __slots__ = (
        "_after_reasoning",
        "_answer_markers",
        "_answer_started",
        "_buf",
        "_lead",
        "_markup_close",
        "_markup_parts",
        "_reasoning_started",
        "_state",
        "_stops",
        "markups",
        "saw_think",
    )

    def __init__(self, *, implicit_think: bool = False, stop: list[str] | None = None) -> None:
        self._state = _THINK if implicit_think else _START
        self._buf = ""
        self._reasoning_started = False
        self._answer_started = False
        #: Characters dropped at the start of the answer (the separator before it).
        self._lead = ""
        self._after_reasoning = False
        self._stops = tuple(s for s in (stop or []) if s)
        self._answer_markers = tuple(o for o, _ in MARKUP_TAGS) + self._stops
        self._markup_close = ""
        self._markup_parts: list[str] = []
        #: Completed tool-call markup blocks found in the answer, in order.
        self.markups: list[str] = []
        #: Whether any inline reasoning was seen.
        self.saw_think = implicit_think

    @property
    def stopped(self) -> bool:
        return self._state == _STOPPED

    def feed(
        self, text: str, *, allow_think: bool = True, after_reasoning: bool = False
    ) -> list[Piece]:
        """Split one piece of raw content. ``allow_think=False`` (a chunk that also carried a
        structured reasoning field) makes content at the start count as answer;
        ``after_reasoning=True`` (structured reasoning was seen) makes the newlines opening
        the answer the separator that followed the reasoning."""
        if not text or self._state == _STOPPED:
            return []
        if after_reasoning:
            self._after_reasoning = True
        state = self._state
        if "<" not in text and (
            (state == _ANSWER and self._answer_started and not self._stops)
            or (state == _THINK and self._reasoning_started)
        ):
            # Fast path (most chunks): inside the reasoning or the answer, and no "<" that
            # could start or finish a tag or marker. Same result as the general steps: the
            # answer holds back its trailing whitespace (it may precede tool-call markup), the
            # reasoning one trailing newline (it may precede "</think>").
            buf = self._buf
            if buf:
                if "<" in buf:
                    return self._feed_slow(text)
                text = buf + text
            if state == _ANSWER:
                piece = text.rstrip(_WS)
                self._buf = text[len(piece) :]
                return [("text", piece)] if piece else []
            if text.endswith(_NL):
                self._buf = _NL
                text = text[:-1]
            else:
                self._buf = ""
            return [("reasoning", text)] if text else []
        return self._feed_slow(text, allow_think)

    def _feed_slow(self, text: str, allow_think: bool = True) -> list[Piece]:
        out: list[Piece] = []
        if self._state == _START and not allow_think:
            self._enter_answer(_NL)
        self._buf += text
        self._run(out, final=False)
        return out

    def finish(self) -> list[Piece]:
        """Flush what was held back (the stream or body has ended)."""
        out: list[Piece] = []
        self._run(out, final=True)
        if self._state == _MARKUP:
            self._markup_parts.append(self._buf)
            self.markups.append("".join(self._markup_parts))
            self._markup_parts = []
        self._buf = ""
        return out

    # ------------------------------------------------------------------ internals
    def _enter_answer(self, lead: str) -> None:
        self._state = _ANSWER
        self._answer_started = False
        self._lead = lead

    def _run(self, out: list[Piece], *, final: bool) -> None:
        """Consume ``self._buf`` step by step. The steps move an index through the buffer
        and slice only the pieces they emit: a whole non-streamed answer fed at once is
        copied once (its answer), not once per step."""
        buf = self._buf
        pos = 0
        go = True
        while go:
            state = self._state
            if state == _START:
                go, pos = self._step_start(buf, pos, final)
            elif state == _THINK:
                go, pos = self._step_think(buf, pos, out, final)
            elif state == _ANSWER:
                go, pos = self._step_answer(buf, pos, out, final)
            elif state == _MARKUP:
                go, pos = self._step_markup(buf, pos, final)
            else:
                go, pos = False, len(buf)
        self._buf = buf[pos:] if pos else buf

    def _step_start(self, buf: str, pos: int, final: bool) -> tuple[bool, int]:
        first = _skip(buf, pos, _WS)
        if first == len(buf) and not final:
            return False, pos  # whitespace only: a "<think>" may still follow
        if buf.startswith(OPEN_TAG, first):
            # Whitespace before "<think>" is neither reasoning nor answer.
            self._state = _THINK
            self.saw_think = True
            return True, first + len(OPEN_TAG)
        if (
            first < len(buf)
            and len(buf) - first < len(OPEN_TAG)
            and OPEN_TAG.startswith(buf[first:])
            and not final
        ):
            return False, pos  # could still become "<think>"
        self._enter_answer(_NL if self._after_reasoning else "")
        return True, pos

    def _step_think(self, buf: str, pos: int, out: list[Piece], final: bool) -> tuple[bool, int]:
        if not self._reasoning_started:
            if pos == len(buf) and not final:
                return False, pos
            self._reasoning_started = True
            if buf.startswith(_NL, pos):
                pos += 1  # the newline after "<think>"
        i, tag = _find_first(buf, CLOSE_TAGS, pos)
        if i != -1:
            end = i - 1 if i > pos and buf[i - 1] == _NL else i  # the newline before "</think>"
            if end > pos:
                out.append(("reasoning", buf[pos:end]))
            self._enter_answer(_NL)  # the newlines after "</think>"
            return True, i + len(tag)
        if final:
            if pos < len(buf):
                out.append(("reasoning", buf[pos:]))
            return False, len(buf)
        end = len(buf) - _held_back_reasoning(buf, pos)
        if end > pos:
            out.append(("reasoning", buf[pos:end]))
        return False, max(end, pos)

    def _step_answer(self, buf: str, pos: int, out: list[Piece], final: bool) -> tuple[bool, int]:
        if not self._answer_started:
            if self._lead:
                pos = _skip(buf, pos, self._lead)
            if pos < len(buf):
                self._answer_started = True
        i, marker = _find_first(buf, self._answer_markers, pos)
        if i != -1:
            if marker in self._stops:
                if i > pos:
                    out.append(("text", buf[pos:i]))  # cut exactly at the stop sequence
                self._state = _STOPPED
                return False, len(buf)
            end = i - _ws_before(buf, i, pos)  # whitespace before markup goes with it
            if end > pos:
                out.append(("text", buf[pos:end]))
            self._markup_close = dict(MARKUP_TAGS)[marker]
            self._markup_parts = [marker]
            self._state = _MARKUP
            return True, i + len(marker)
        if final:
            if pos < len(buf):
                out.append(("text", buf[pos:]))
            return False, len(buf)
        end = len(buf) - _held_back(buf, self._answer_markers, pos)
        if end > pos:
            out.append(("text", buf[pos:end]))
        return False, max(end, pos)

    def _step_markup(self, buf: str, pos: int, final: bool) -> tuple[bool, int]:
        i = buf.find(self._markup_close, pos)
        if i != -1:
            end = i + len(self._markup_close)
            self._markup_parts.append(buf[pos:end])
            self.markups.append("".join(self._markup_parts))
            self._markup_parts = []
            self._enter_answer(_WS)  # whitespace after markup goes with it
            return True, end
        if final:
            return False, pos
        end = len(buf) - _partial_suffix(buf, (self._markup_close,), pos)
        self._markup_parts.append(buf[pos:end])
        return False, max(end, pos)


__all__ = ["CLOSE_TAGS", "OPEN_TAG", "ContentSplitter", "Piece"]
