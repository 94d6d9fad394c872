"""The dialect state machine shared by streamed and non-streamed responses.

A non-streamed ``message`` is fed as one delta, a stream as many, so both produce the same
:class:`~minimax_transport.types.ChatResult` by construction. Per delta the work is O(size of
the delta): text pieces are collected in lists and joined once at the end.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.presets import get_preset
    >>> a = ResponseAssembler(resolve_model("MiniMax-M2.7"), get_preset("minimax"))
    >>> [e.text for e in a.add_delta({"content": "<think>hm</think>Hi"})]
    ['hm', 'Hi']
    >>> a.set_finish_reason("stop"); a.finalize().content
    'Hi'
"""

from __future__ import annotations

from typing import Any

from .catalog import ModelInfo
from .content_splitter import CLOSE_TAGS, ContentSplitter
from .errors import ContentFilterError, ReasoningBudgetExhaustedError, ResponseFormatError
from .presets import Preset
from .replay import received_record
from .tool_calls import ToolCallAccumulator, parse_tool_markup
from .types import (
    REASONING_FIELDS,
    REASONING_TEXT_FIELDS,
    ChatResult,
    JSONDict,
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    ToolSpec,
    Usage,
)

_LOCK_LEN = 8


class Pieces:
    """Append-only text kept in bounded pieces: every 256 appended strings are joined into one,
    so a stream of ``n`` small chunks holds its text plus ``n / 256`` string headers rather than
    ``n`` of them (a string's ~50-byte header is four times a 12-character chunk).

    Example:
        >>> p = Pieces()
        >>> for i in range(1000):
        ...     p.append("ab")
        >>> len(p._done), len(p._tail), len(p.text()), len(p._done), bool(Pieces())
        (3, 232, 2000, 1, False)
    """

    __slots__ = ("_done", "_tail")

    def __init__(self) -> None:
        self._done: list[str] = []
        self._tail: list[str] = []

    def append(self, piece: str) -> None:
        tail = self._tail
        tail.append(piece)
        if len(tail) >= 256:
            self._done.append("".join(tail))
            tail.clear()

    def __bool__(self) -> bool:
        return bool(self._tail or self._done)

    def text(self) -> str:
        """The whole text (joined once: the pieces are replaced by the result)."""
        done, tail = self._done, self._tail
        if not tail and len(done) <= 1:
            return done[0] if done else ""
        if tail:
            done.append("".join(tail))
            tail.clear()
        joined = "".join(done)
        self._done = [joined]
        return joined


class TextAccumulator:
    """Reasoning text that may arrive cumulative or incremental (docs/wire-format.md, 'Cumulative or
    incremental reasoning').

    A piece that starts with everything so far (and is longer) is a cumulative snapshot: only
    its new suffix counts. Once the text so far is at least 8 characters the mode is locked.
    """

    __slots__ = ("_len", "_mode", "_parts", "_text")

    def __init__(self) -> None:
        self._parts = Pieces()
        self._len = 0
        self._mode: str | None = None  # None, "cumulative", "incremental"
        self._text: str | None = ""

    def text(self) -> str:
        if self._text is None:
            self._text = self._parts.text()
        return self._text

    def append(self, piece: str) -> None:
        """Add a piece known to be incremental (never read as a cumulative snapshot)."""
        self._mode = "incremental"
        self._parts.append(piece)
        self._len += len(piece)
        self._text = None

    def add(self, piece: str) -> str:
        """Add a piece, return the new text it contributes."""
        if not piece:
            return ""
        new = piece
        if self._len and self._mode != "incremental":
            so_far = self.text()
            if len(piece) > self._len and piece.startswith(so_far):
                new = piece[self._len :]
                if self._len >= _LOCK_LEN:
                    self._mode = "cumulative"
            elif piece == so_far and self._mode == "cumulative":
                new = ""
            elif self._len >= _LOCK_LEN or self._mode == "cumulative":
                self._mode = "incremental" if self._mode is None else self._mode
        if new:
            self._parts.append(new)
            self._len += len(new)
            self._text = None
        return new


def _count(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None


def _largest(*values: int | None) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def parse_usage(raw: Any) -> Usage | None:
    """Usage from an OpenAI- or Anthropic-style object; ``None`` when absent or all zero.

    Cache counters are read wherever MiniMax puts them — the top level of ``usage`` or
    ``prompt_tokens_details``: ``cached_tokens`` and ``cache_read_input_tokens`` (both mean
    prompt tokens read from the cache; where both appear, the larger wins) and
    ``cache_creation_input_tokens``. A counter MiniMax did not send stays ``None``.

    Example:
        >>> u = parse_usage({"prompt_tokens": 9, "completion_tokens": 1, "cache_read_input_tokens": 6,
        ...                  "prompt_tokens_details": {"cached_tokens": 4}})
        >>> u.cached_tokens, u.cache_creation_tokens, u.reasoning_tokens
        (6, None, None)
    """
    if not isinstance(raw, dict):
        return None
    prompt = _count(raw.get("prompt_tokens")) or _count(raw.get("input_tokens")) or 0
    completion = _count(raw.get("completion_tokens")) or _count(raw.get("output_tokens")) or 0
    total = _count(raw.get("total_tokens")) or prompt + completion
    if not (prompt or completion or total):
        return None
    details = raw.get("completion_tokens_details")
    reasoning = _count(details.get("reasoning_tokens")) if isinstance(details, dict) else None
    pdetails = raw.get("prompt_tokens_details")
    places = (raw, pdetails) if isinstance(pdetails, dict) else (raw,)
    cache_read = _largest(
        *(_count(p.get(k)) for p in places for k in ("cached_tokens", "cache_read_input_tokens"))
    )
    cache_creation = _largest(*(_count(p.get("cache_creation_input_tokens")) for p in places))
    return Usage(prompt, completion, total, reasoning, cache_read, cache_creation)


def normalise_finish_reason(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return "tool_calls" if value == "tool_call" else value


class _DetailAcc:
    __slots__ = ("fields", "text", "text_key")

    def __init__(self) -> None:
        self.fields: JSONDict = {}
        self.text = TextAccumulator()
        self.text_key = "text"


class ResponseAssembler:
    """Turns ``choices[0].delta`` (or ``message``) dicts into neutral events and a result."""

    def __init__(
        self,
        info: ModelInfo,
        preset: Preset,
        *,
        tools: list[ToolSpec] | None = None,
        stop: list[str] | None = None,
    ) -> None:
        self.info = info
        self.preset = preset
        self.tools = tools
        implicit = preset.implicit_think and info.reasoning != "none"
        self.splitter = ContentSplitter(implicit_think=implicit, stop=stop)
        self.tool_calls = ToolCallAccumulator()
        self._raw_content = Pieces()
        self._text = Pieces()
        self._inline_reasoning = Pieces()
        self._reasoning_source: str | None = None
        self._reasoning = TextAccumulator()
        self._details: dict[int, _DetailAcc] = {}
        self._details_order: list[int] = []
        #: Reasoning text from ``reasoning_details`` in the order it was streamed.
        self._details_reasoning = Pieces()
        self.finish_reason: str | None = None
        self.usage: Usage | None = None
        self.model: str | None = None
        self.id: str | None = None
        self.final_message: JSONDict | None = None
        self._flushed = False

    # ------------------------------------------------------------------ feeding
    @property
    def stopped(self) -> bool:
        """A client-side stop sequence was hit: nothing more will be emitted."""
        return self.splitter.stopped

    @property
    def has_output(self) -> bool:
        return bool(self._raw_content or self._details or len(self.tool_calls)) or (
            self._reasoning_source is not None
        )

    def set_finish_reason(self, value: Any) -> None:
        fr = normalise_finish_reason(value)
        if fr is not None:
            self.finish_reason = fr

    def set_usage(self, raw: Any) -> None:
        usage = parse_usage(raw)
        if usage is not None:
            self.usage = usage

    def add_delta(
        self, delta: JSONDict, events: list[StreamEvent] | None = None
    ) -> list[StreamEvent]:
        """Feed one ``delta`` (or a whole ``message``); returns the events it produces
        (appended to ``events`` when given, which is then returned)."""
        if events is None:
            events = []
        structured = (
            "reasoning_details" in delta or "reasoning_content" in delta or "reasoning" in delta
        ) and self._add_reasoning(delta, events)
        content = delta.get("content")
        if content:
            if not isinstance(content, str):
                content = _content_parts_text(content)
            if content:
                self._raw_content.append(content)
                pieces = self.splitter.feed(
                    content,
                    allow_think=not structured,
                    after_reasoning=self._reasoning_source is not None,
                )
                for kind, text in pieces:
                    if kind == "text":
                        self._text.append(text)
                        events.append(TextDelta(text))
                    else:
                        self._emit(kind, text, events)
        tool_calls = delta.get("tool_calls")
        if tool_calls and isinstance(tool_calls, list) and not self.stopped:
            add = self.tool_calls.add
            for entry in tool_calls:
                events.extend(add(entry))
        return events

    def _emit(self, kind: str, text: str, events: list[StreamEvent]) -> None:
        if kind == "text":
            self._text.append(text)
            events.append(TextDelta(text))
        elif self._reasoning_source is None:
            self._inline_reasoning.append(text)
            events.append(ReasoningDelta(text))
        # Inline reasoning after a structured field was seen is not reasoning twice
        # (docs/wire-format.md, 'Structured reasoning fields').

    def _add_reasoning(self, delta: JSONDict, events: list[StreamEvent]) -> bool:
        found = False
        # Order of docs/wire-format.md, 'Reasoning formats': reasoning_content / reasoning first, then reasoning_details[].text (a
        # message carrying both, like M3's split shape, reads reasoning_content).
        for key in REASONING_TEXT_FIELDS:
            value = delta.get(key)
            if isinstance(value, str) and value:
                found = True
                if self._reasoning_source in (None, key):
                    self._reasoning_source = key
                    new = self._reasoning.add(value)
                    if new:
                        events.append(ReasoningDelta(new))
        details = delta.get("reasoning_details")
        if isinstance(details, list) and details:
            found = True
            for n, d in enumerate(details):
                if isinstance(d, dict):
                    self._add_detail(n, d, events)
        return found

    def _add_detail(self, n: int, detail: JSONDict, events: list[StreamEvent]) -> None:
        idx = detail.get("index")
        key = idx if isinstance(idx, int) and not isinstance(idx, bool) else n
        acc = self._details.get(key)
        if acc is None:
            acc = self._details[key] = _DetailAcc()
            self._details_order.append(key)
        text_key = "text" if "text" in detail else ("summary" if "summary" in detail else None)
        for k, v in detail.items():
            if k == text_key:
                continue
            if v not in (None, "") or k not in acc.fields:
                acc.fields[k] = v
        if text_key is None:
            return
        acc.text_key = text_key
        piece = detail.get(text_key)
        if not isinstance(piece, str) or not piece:
            return
        new = acc.text.add(piece)
        if self._reasoning_source is None:
            self._reasoning_source = "reasoning_details"
        if new and self._reasoning_source == "reasoning_details":
            self._details_reasoning.append(new)
            events.append(ReasoningDelta(new))

    def add_reasoning_text(self, text: str, events: list[StreamEvent]) -> None:
        """Reasoning that is incremental by construction (the Messages dialect's ``thinking``
        blocks): appended as is, never compared with what came before."""
        if not text:
            return
        if self._reasoning_source is None:
            self._reasoning_source = "thinking"
        if self._reasoning_source == "thinking":
            self._reasoning.append(text)
            events.append(ReasoningDelta(text))

    # ------------------------------------------------------------------ results
    def flush(self) -> list[StreamEvent]:
        """End of input: flush held-back text and parse tool-call markup (docs/wire-format.md,
        'Tool calls left as markup')."""
        if self._flushed:
            return []
        self._flushed = True
        events: list[StreamEvent] = []
        for kind, text in self.splitter.finish():
            self._emit(kind, text, events)
        if self.splitter.markups and not len(self.tool_calls):
            n = 0
            for markup in self.splitter.markups:
                for name, args in parse_tool_markup(markup, self.tools):
                    n += 1
                    events.extend(
                        self.tool_calls.add_complete(f"{self._id_prefix()}_{n}", name, args)
                    )
        return events

    def _id_prefix(self) -> str:
        return f"call_{self.id}" if self.id else "call_minimax"

    def reasoning_text(self) -> str | None:
        # Inline reasoning streamed before a structured field first appeared already reached
        # the caller as ReasoningDelta events: it stays at the front of the result, so the
        # result always equals the concatenated deltas.
        inline = self._inline_reasoning.text()
        if self._reasoning_source == "reasoning_details":
            # In streamed order (two details filling in alternately, or a summary entry,
            # read exactly as the ReasoningDelta events showed them).
            return (inline + self._details_reasoning.text()) or None
        if self._reasoning_source is not None:
            return (inline + self._reasoning.text()) or None
        return inline or None

    def streamed_replay(self) -> JSONDict:
        """The replay payload rebuilt from deltas (a streamed answer)."""
        replay: JSONDict = {"content": self._raw_content.text()}
        if self._details:
            out = []
            for k in self._details_order:
                acc = self._details[k]
                d = dict(acc.fields)
                if acc.text_key in ("text", "summary"):
                    d[acc.text_key] = acc.text.text()
                out.append(d)
            replay["reasoning_details"] = out
        if self._reasoning_source in REASONING_TEXT_FIELDS:
            replay[self._reasoning_source] = self._reasoning.text()
        if len(self.tool_calls):
            replay["tool_calls"] = self.tool_calls.raw_tool_calls(self._id_prefix())
        return replay

    def finalize(self, replay: JSONDict | None = None) -> ChatResult:
        """The aggregated result. ``replay`` (a non-streamed message's verbatim fields) wins
        over the payload rebuilt from deltas. Raises on an empty or filtered answer."""
        self.flush()
        calls, invalid = self.tool_calls.finalize(self._id_prefix())
        content = self._text.text()
        reasoning = self.reasoning_text()
        if reasoning is None and not self.splitter.saw_think:
            content, reasoning = _split_orphan_close(content)
        finish = self.finish_reason
        if self.stopped:
            finish = "stop"
        if finish is None:
            finish = "tool_calls" if calls else "stop"
        elif calls and finish == "stop" and not self.stopped:
            finish = "tool_calls"
        if replay is None:
            replay = self.streamed_replay()
            if self.final_message is not None:
                replay = _authoritative_replay(self.final_message, replay)
        if finish == "content_filter":
            # A filtered answer is never a (short) success: what arrived rides on the error.
            raise ContentFilterError(
                "MiniMax's sensitivity filter cut the answer (finish_reason=content_filter)"
                + (f"; {len(content)} characters arrived first" if content else ""),
                code=1027,
                partial_text=content,
            )
        # What the wire fields meant: replayed verbatim only while the message still says so.
        # An answer cut at a client-side stop has no record: its raw content goes past the cut
        # (text the caller never saw), so it is always rebuilt from the message.
        if not self.stopped:
            replay = {**replay, **received_record(content, reasoning, calls)}
        if not content and not calls and not invalid:
            if finish == "length" and reasoning:
                raise ReasoningBudgetExhaustedError(
                    "The model spent the whole max_tokens budget on reasoning and produced no "
                    "answer (finish_reason=length). Raise max_tokens: reasoning is billed inside it."
                )
            if not reasoning and not self.stopped:
                raise ResponseFormatError(
                    f"MiniMax returned an empty answer (finish_reason={finish!r})"
                )
        return ChatResult(
            content=content,
            reasoning=reasoning,
            replay=replay,
            tool_calls=calls,
            invalid_tool_calls=invalid,
            finish_reason=finish,
            usage=self.usage,
            model=self.model,
            id=self.id,
        )


def _split_orphan_close(content: str) -> tuple[str, str | None]:
    """A closing ``</think>`` (or ``</mm:think>``) with no opening tag — output that started
    inside a template-opened think block (docs/wire-format.md, 'Orphan closing tag and implicit
    think') — makes everything before it reasoning. The same separators as after ``<think>``
    are removed: one newline opening the reasoning, one before the tag, the newlines after it.

    Applied to the final result only: in a stream the text before the tag has already been
    emitted as text deltas (use the ``openai-compatible-raw`` preset to split it live)."""
    best, tag = -1, ""
    for t in CLOSE_TAGS:
        i = content.find(t)
        if i != -1 and (best == -1 or i < best):
            best, tag = i, t
    if best == -1:
        return content, None
    reasoning = content[:best]
    if reasoning.startswith("\n"):
        reasoning = reasoning[1:]
    if reasoning.endswith("\n"):
        reasoning = reasoning[:-1]
    return content[best + len(tag) :].lstrip("\n"), reasoning or None


def _authoritative_replay(message: JSONDict, rebuilt: JSONDict) -> JSONDict:
    """A trailing full ``chat.completion`` message is the authority for replay
    (docs/wire-format.md, 'End of stream')."""
    replay = dict(rebuilt)
    for key in ("content", *REASONING_FIELDS):
        value = message.get(key)
        if value:
            replay[key] = value
    return replay


def _content_parts_text(content: Any) -> str:
    if isinstance(content, list):
        return "".join(
            p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


__all__ = ["Pieces", "ResponseAssembler", "TextAccumulator", "parse_usage"]
