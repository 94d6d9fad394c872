"""SSE bytes → neutral stream events, on top of :class:`ResponseAssembler` (docs/wire-format.md,
'Streaming').

Handles MiniMax's envelope: ``role: ""`` and extra fields ignored, zero usage on mid-stream
chunks ignored, usage from the last chunk that has it (the trailing ``choices: []`` chunk), a
trailing ``object: "chat.completion"`` event used only for usage / ``base_resp`` / replay,
``data: {"error": …}`` and ``base_resp.status_code != 0`` raised as typed errors, ``[DONE]`` or
clean EOF after a finish reason ending the stream; EOF before either is an interruption.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.presets import get_preset
    >>> from minimax_transport.types import ChatRequest, UserMessage
    >>> req = ChatRequest("MiniMax-M2.7", [UserMessage("hi")])
    >>> p = StreamParser(req, resolve_model(req.model), get_preset("minimax"))
    >>> evs = p.feed(b'data: {"choices":[{"index":0,"delta":{"content":"<think>a</think>B"},'
    ...              b'"finish_reason":"stop"}]}\\n\\ndata: [DONE]\\n\\n') + p.close()
    >>> [type(e).__name__ for e in evs]
    ['ReasoningDelta', 'TextDelta', 'Finish']
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from ._json import loads as _loads
from .assembler import ResponseAssembler
from .catalog import ModelInfo
from .errors import MiniMaxError, ResponseFormatError, StreamInterruptedError, base_resp_error
from .presets import Preset
from .sse import SSEDecoder
from .types import ChatRequest, ChatResult, Finish, JSONDict, StreamEvent, UsageEvent

#: SSE event names whose data is a chat-completion chunk (or an error envelope).
_DATA_EVENTS = frozenset({None, "message", "error"})


class StreamState(IntEnum):
    """Where a stream is; the one record of whether it has ended. Only moves forward.

    * ``STREAMING``: the answer is still arriving.
    * ``ANSWERED``: a finish reason arrived; trailing events (usage, a full message) may follow.
    * ``INPUT_ENDED``: no more input is read: ``[DONE]``, a client-side stop sequence, or the
      connection lost after the answer ended (:meth:`StreamParser.end_input`).
    * ``CLOSED``: :meth:`StreamParser.close` ran (it emitted ``Finish`` or raised).
    """

    STREAMING = 0
    ANSWERED = 1
    INPUT_ENDED = 2
    CLOSED = 3


class SSEStreamParser:
    """What every dialect's stream parser shares: the :class:`StreamState` machine, feeding
    SSE bytes to :meth:`_on_event` (the dialect's part), an error arriving after events the
    caller has not seen yet, and the end of the stream (flush, finalize, ``UsageEvent``,
    ``Finish``). A dialect sets :attr:`answer` (an assembler with ``flush()``/``finalize()``)
    and implements :meth:`_on_event`.

    :attr:`state` (a :class:`StreamState`) says whether the stream has ended; :attr:`done`
    (stop reading) and :attr:`complete` (the answer ended) are read from it.
    """

    #: The :class:`StreamInterruptedError` message when the input ends before the answer.
    interrupted_message = (
        "MiniMax stream ended before a finish_reason or [DONE]: the answer is incomplete"
    )

    answer: Any

    def __init__(self, *, request_id: str | None = None) -> None:
        self.decoder = SSEDecoder()
        self.request_id = request_id
        self.state = StreamState.STREAMING
        self.result: ChatResult | None = None
        #: An error event that arrived in the same chunk after events the caller has not
        #: seen yet: those are returned first, the error is raised by :meth:`close`, so what
        #: the caller sees does not depend on how the bytes were chunked.
        self._error: MiniMaxError | None = None

    @property
    def complete(self) -> bool:
        """The answer has ended: ``[DONE]``, a finish reason, or a client-side stop."""
        return self.state >= StreamState.ANSWERED

    @property
    def done(self) -> bool:
        """No more input is read (see :attr:`StreamState.INPUT_ENDED`)."""
        return self.state >= StreamState.INPUT_ENDED

    def end_input(self) -> None:
        """The connection broke after the answer ended: read nothing more (a half-received
        trailing event is dropped). Only valid once :attr:`complete`."""
        if not self.complete:
            raise ValueError("end_input() before the answer ended: that is an interruption")
        self._advance(StreamState.INPUT_ENDED)

    def _advance(self, state: StreamState) -> None:
        if state > self.state:
            self.state = state

    def feed(self, chunk: bytes) -> list[StreamEvent]:
        if self.done:
            return []
        events: list[StreamEvent] = []
        try:
            for name, data in self.decoder.feed(chunk):
                self._on_event(name, data, events)
                if self.done:
                    break
        except MiniMaxError as exc:
            if not events:
                raise
            self._error = exc
            self._advance(StreamState.INPUT_ENDED)
        return events

    def close(self) -> list[StreamEvent]:
        """EOF (or early stop): flush, build the result, emit ``UsageEvent`` and ``Finish``."""
        if self.state is StreamState.CLOSED:
            return []
        if self._error is not None:
            self._advance(StreamState.CLOSED)
            raise self._error
        events: list[StreamEvent] = []
        if not self.done:
            for name, data in self.decoder.close():
                self._on_event(name, data, events)
                if self.done:
                    break
        answered = self.complete
        self._advance(StreamState.CLOSED)
        if not answered:
            raise StreamInterruptedError(self.interrupted_message, request_id=self.request_id)
        events.extend(self.answer.flush())
        try:
            result: ChatResult = self.answer.finalize()
        except MiniMaxError as err:  # a filtered or empty answer, raised at the stream's end
            err.request_id = err.request_id or self.request_id
            raise
        result.request_id = self.request_id
        self.result = result
        if result.usage is not None:
            events.append(UsageEvent(result.usage))
        events.append(Finish(result))
        return events

    def _on_event(self, name: str | None, data: str, events: list[StreamEvent]) -> None:
        raise NotImplementedError

    def _event_object(self, data: str) -> JSONDict:
        """One event's data as a JSON object, or :class:`ResponseFormatError` (either dialect)."""
        try:
            obj: Any = _loads(data)
        except ValueError:
            raise ResponseFormatError(
                f"MiniMax stream sent a malformed event: {data[:200]!r}",
                request_id=self.request_id,
            ) from None
        if not isinstance(obj, dict):
            raise ResponseFormatError(
                f"MiniMax stream sent a non-object event: {data[:200]!r}",
                request_id=self.request_id,
            )
        return obj


class StreamParser(SSEStreamParser):
    """The chat-completions dialect: feed raw bytes with :meth:`feed`; call :meth:`close` at
    EOF (it emits ``Finish``)."""

    def __init__(
        self,
        request: ChatRequest,
        info: ModelInfo,
        preset: Preset,
        *,
        request_id: str | None = None,
    ) -> None:
        super().__init__(request_id=request_id)
        self.assembler = ResponseAssembler(info, preset, tools=request.tools, stop=request.stop)
        self.answer = self.assembler

    # ------------------------------------------------------------------ per event (hot path)
    def _on_event(self, name: str | None, data: str, events: list[StreamEvent]) -> None:
        if data == "[DONE]":
            self._advance(StreamState.INPUT_ENDED)
            return
        if not data or name not in _DATA_EVENTS:
            # Per the SSE spec only "message" (unnamed) events reach the default handler;
            # other named events (pings, vendor extensions) are ignored, not parsed.
            return
        obj = self._event_object(data)
        if "error" in obj or "base_resp" in obj or name == "error":
            err = base_resp_error(obj)
            if err is None and name == "error":
                err = ResponseFormatError(f"MiniMax stream error event: {data[:500]}")
            if err is not None:
                err.request_id = err.request_id or self.request_id
                raise err
        asm = self.assembler
        if asm.id is None:
            rid = obj.get("id")
            if isinstance(rid, str) and rid:
                asm.id = rid
        model = obj.get("model")
        if model and isinstance(model, str):
            asm.model = model
        usage = obj.get("usage")
        if usage:
            asm.set_usage(usage)
        choices = obj.get("choices")
        if not choices or not isinstance(choices, list):
            return
        choice = choices[0]
        if not isinstance(choice, dict):
            return
        delta = choice.get("delta")
        if isinstance(delta, dict):
            asm.add_delta(delta, events)
        else:
            message = choice.get("message")
            if isinstance(message, dict):
                # Trailing full message (native v2 / M3): authority for replay, never re-added —
                # unless nothing came as deltas (a host that sent the whole answer this way).
                if asm.has_output:
                    asm.final_message = message
                else:
                    asm.add_delta(message, events)
        fr = choice.get("finish_reason")
        if fr:
            asm.set_finish_reason(fr)
            if asm.finish_reason is not None:
                self._advance(StreamState.ANSWERED)
            if asm.finish_reason == "content_filter":
                # The filter ended the answer: deliver the held-back tail (trailing whitespace,
                # a partial tag) now, so the deltas seen before the error raised at the end of
                # the stream are the whole partial text.
                events.extend(asm.flush())
        if asm.stopped:
            self._advance(StreamState.INPUT_ENDED)


__all__ = ["StreamParser", "StreamState"]
