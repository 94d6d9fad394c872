"""MiniMax's Anthropic-compatible responses → the same neutral events and results as the chat
dialect (``docs/anthropic-endpoint.md``).

Content blocks, streamed (``content_block_start`` / ``_delta`` / ``_stop``) or whole (a
non-streamed ``message``), are fed to the chat dialect's
:class:`~minimax_transport.assembler.ResponseAssembler`, so both dialects share the answer
rules: ``thinking`` text → :class:`~minimax_transport.types.ReasoningDelta`; ``text`` →
:class:`~minimax_transport.types.TextDelta` through the same splitter (``<minimax:tool_call>``
markup left in a text block is recovered as tool calls, client-side ``stop`` cuts the answer);
``tool_use`` and its ``input_json_delta`` fragments → :class:`~minimax_transport.types.ToolCallDelta`;
usage (``message_start``, then the final counts in ``message_delta``) → one
:class:`~minimax_transport.types.UsageEvent`; ``stop_reason`` → the chat finish reasons
(``end_turn``/``stop_sequence`` → ``stop``, ``max_tokens`` → ``length``, ``tool_use`` →
``tool_calls``, ``refusal`` → ``content_filter``). ``signature_delta`` produces no event: the
signature is kept in the replay payload, whose ``blocks`` are the answer's content blocks as
received (a thinking block whose ``content_block_start`` had no ``signature`` gets the one
its deltas carried). ``ping`` and unknown events are ignored; ``error`` events and error
bodies (Anthropic's ``{"type": "error", "error": {…}}``, or a non-zero ``base_resp``) raise the
same typed errors as the chat dialect.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.presets import get_preset
    >>> from minimax_transport.types import ChatRequest, UserMessage
    >>> req = ChatRequest("MiniMax-M3", [UserMessage("7*8?")])
    >>> body = {"type": "message", "content": [
    ...     {"type": "thinking", "thinking": "7*8=56", "signature": "ab12"},
    ...     {"type": "text", "text": "56"}], "stop_reason": "end_turn",
    ...     "usage": {"input_tokens": 9, "output_tokens": 4}}
    >>> r = parse_message(body, req, resolve_model(req.model), get_preset("minimax-anthropic"))
    >>> r.content, r.reasoning, r.finish_reason, r.replay["blocks"][0]["signature"]
    ('56', '7*8=56', 'stop', 'ab12')
"""

from __future__ import annotations

from typing import Any

from ._json import loads as _loads
from .assembler import ResponseAssembler
from .catalog import ModelInfo
from .errors import (
    ContentFilterError,
    MiniMaxError,
    ResponseFormatError,
    class_for,
    error_from_body,
)
from .presets import Preset
from .replay import BLOCKS_KEY, received_record
from .stream_parser import SSEStreamParser, StreamState
from .types import RECEIVED_KEY, ChatRequest, ChatResult, JSONDict, StreamEvent

#: Messages ``stop_reason`` → the neutral finish reason the chat dialect uses.
STOP_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}

#: Anthropic error ``type`` → the HTTP status it stands for (classifies an in-stream error
#: that carries no MiniMax code and arrived on an HTTP-200 stream).
ERROR_TYPE_STATUS = {
    "invalid_request_error": 400,
    "bad_request_error": 400,
    "authentication_error": 401,
    "authorized_error": 401,
    "permission_error": 403,
    "billing_error": 402,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "overloaded_error": 529,
}

_USAGE_KEYS = (
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
)


def messages_error(body: Any, status_code: int | None = 200) -> MiniMaxError | None:
    """The typed error carried by a Messages body or event, or ``None`` for a success."""
    if not isinstance(body, dict):
        return None
    err = body.get("error")
    base = body.get("base_resp")
    failed = bool(err) or body.get("type") == "error"
    if not failed and isinstance(base, dict):
        code = base.get("status_code")
        failed = isinstance(code, int) and not isinstance(code, bool) and code != 0
    if not failed:
        return None
    exc = error_from_body(status_code, body, fallback_message="MiniMax returned an error event")
    if type(exc) is MiniMaxError or (status_code in (None, 200) and exc.code is None):
        kind = err.get("type") if isinstance(err, dict) else None
        mapped = ERROR_TYPE_STATUS.get(kind) if isinstance(kind, str) else None
        if mapped is not None:
            cls = class_for(mapped, exc.code, exc.message)
            exc = cls(
                exc.message,
                status_code=exc.status_code,
                code=exc.code,
                request_id=exc.request_id,
                body=body,
            )
    return exc


class _Block:
    __slots__ = ("json", "signature", "start", "text", "type")

    def __init__(self, start: JSONDict) -> None:
        self.start = start
        self.type = start.get("type")
        self.text: list[str] = []
        self.signature: list[str] = []
        self.json: list[str] = []

    def wire(self) -> JSONDict:
        """The block as it would have arrived whole."""
        block = dict(self.start)
        if self.type == "thinking":
            block["thinking"] = "".join(self.text)
            if self.signature:
                block["signature"] = (block.get("signature") or "") + "".join(self.signature)
        elif self.type == "text":
            block["text"] = "".join(self.text)
        elif self.type == "tool_use" and self.json:
            raw = "".join(self.json).strip()
            try:
                block["input"] = _loads(raw) if raw else {}
            except ValueError:
                block["input"] = {}
        return block


class MessagesAssembler:
    """Content blocks → neutral events and a :class:`ChatResult` (streamed or whole)."""

    def __init__(self, request: ChatRequest, info: ModelInfo, preset: Preset) -> None:
        self.asm = ResponseAssembler(info, preset, tools=request.tools, stop=request.stop)
        self._blocks: dict[int, _Block] = {}
        self._order: list[int] = []
        self._usage: dict[str, int] = {}
        self.stop_reason: str | None = None
        #: Thinking text already seen, and a new thinking block opened since: the next
        #: thinking text is preceded by a blank line (several blocks read as paragraphs).
        self._thought = False
        self._new_thinking_block = False

    @property
    def stopped(self) -> bool:
        return self.asm.stopped

    # ---------------------------------------------------------------- feeding (hot path)
    def start_block(self, index: int, block: JSONDict, events: list[StreamEvent]) -> None:
        state = _Block(block)
        if index not in self._blocks:
            self._order.append(index)
        self._blocks[index] = state
        kind = state.type
        if kind == "tool_use":
            entry = {"index": index, "id": block.get("id"), "function": {"name": block.get("name")}}
            self.asm.add_delta({"tool_calls": [entry]}, events)
        elif kind == "thinking":
            self._new_thinking_block = self._thought
            self._thinking(state, block.get("thinking"), events)
        elif kind == "text":
            self._text(state, block.get("text"), events)

    def delta(self, index: int, delta: JSONDict, events: list[StreamEvent]) -> None:
        state = self._blocks.get(index)
        if state is None:  # a delta with no start: open the block it implies
            implied = {"text_delta": "text", "input_json_delta": "tool_use"}.get(
                str(delta.get("type")), "thinking"
            )
            state = _Block({"type": implied})
            self._order.append(index)
            self._blocks[index] = state
        kind = delta.get("type")
        if kind == "text_delta":
            self._text(state, delta.get("text"), events)
        elif kind == "thinking_delta":
            self._thinking(state, delta.get("thinking"), events)
        elif kind == "signature_delta":
            sig = delta.get("signature")
            if isinstance(sig, str) and sig:
                state.signature.append(sig)
        elif kind == "input_json_delta":
            part = delta.get("partial_json")
            if isinstance(part, str) and part:
                state.json.append(part)
                entry = {"index": index, "function": {"arguments": part}}
                self.asm.add_delta({"tool_calls": [entry]}, events)

    def stop_block(self, index: int, events: list[StreamEvent]) -> None:
        state = self._blocks.get(index)
        if state is None or state.type != "tool_use" or state.json:
            return
        start_input = state.start.get("input")
        if isinstance(start_input, dict) and start_input:
            # A host that put the whole input in content_block_start and sent no fragment.
            entry = {"index": index, "function": {"arguments": start_input}}
            self.asm.add_delta({"tool_calls": [entry]}, events)

    def whole_block(self, index: int, block: JSONDict, events: list[StreamEvent]) -> None:
        """A block of a non-streamed message (its text, thinking or input complete)."""
        if block.get("type") == "tool_use":
            self._order.append(index)
            self._blocks[index] = _Block(block)
            entry = {
                "index": index,
                "id": block.get("id"),
                "function": {"name": block.get("name"), "arguments": block.get("input") or {}},
            }
            self.asm.add_delta({"tool_calls": [entry]}, events)
        else:
            self.start_block(index, block, events)

    def _text(self, state: _Block, text: Any, events: list[StreamEvent]) -> None:
        if isinstance(text, str) and text:
            state.text.append(text)
            self.asm.add_delta({"content": text}, events)

    def _thinking(self, state: _Block, text: Any, events: list[StreamEvent]) -> None:
        if isinstance(text, str) and text:
            state.text.append(text)
            if self._new_thinking_block:
                self._new_thinking_block = False
                self.asm.add_reasoning_text("\n\n", events)
            self._thought = True
            self.asm.add_reasoning_text(text, events)

    def set_usage(self, raw: Any) -> None:
        """Merge a usage object: later non-zero counts win (``message_start`` may carry
        ``input_tokens: 0``; the final counts come with ``message_delta``)."""
        if not isinstance(raw, dict):
            return
        for key in _USAGE_KEYS:
            value = raw.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                if value or key not in self._usage:
                    self._usage[key] = value

    def set_stop_reason(self, value: Any) -> None:
        if isinstance(value, str) and value:
            self.stop_reason = value
            self.asm.set_finish_reason(STOP_REASONS.get(value, value))

    # ---------------------------------------------------------------- results
    def streamed_blocks(self) -> list[JSONDict]:
        return [self._blocks[i].wire() for i in self._order]

    def _neutral_usage(self) -> JSONDict | None:
        u = self._usage
        if not u:
            return None
        created = u.get("cache_creation_input_tokens", 0)
        read = u.get("cache_read_input_tokens", 0)
        prompt = u.get("input_tokens", 0) + created + read
        completion = u.get("output_tokens", 0)
        raw: JSONDict = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        if "cache_read_input_tokens" in u:
            raw["prompt_tokens_details"] = {"cached_tokens": read}
            raw["cache_read_input_tokens"] = read
        if "cache_creation_input_tokens" in u:
            raw["cache_creation_input_tokens"] = created
        return raw

    def flush(self) -> list[StreamEvent]:
        return self.asm.flush()

    def finalize(self, blocks: list[JSONDict] | None = None) -> ChatResult:
        """The result; ``blocks`` (a non-streamed message's content) win over the blocks
        rebuilt from deltas. Raises on an empty or filtered answer, as the chat dialect does."""
        self.asm.set_usage(self._neutral_usage())
        result = self.asm.finalize(replay={})
        wire = list(blocks) if blocks is not None else self.streamed_blocks()
        record = received_record(result.content, result.reasoning, result.tool_calls)[RECEIVED_KEY]
        if self.asm.stopped:
            # Cut client-side: the text blocks run past the answer, so the turn is rebuilt
            # (its signed thinking blocks are still sent as received).
            record["content"] = None
        result.replay = {BLOCKS_KEY: wire, RECEIVED_KEY: record}
        signatures = [
            b["signature"]
            for b in wire
            if b.get("type") == "thinking" and isinstance(b.get("signature"), str)
        ]
        result.reasoning_signature = next((s for s in reversed(signatures) if s), None)
        return result


def parse_message(
    body: JSONDict, request: ChatRequest, info: ModelInfo, preset: Preset
) -> ChatResult:
    """Parse a non-streamed Messages body (raises typed errors for error envelopes)."""
    err = messages_error(body)
    if err is not None:
        raise err
    content = body.get("content")
    request_id = _str(body.get("request_id"))
    if not isinstance(content, list):
        if body.get("input_sensitive") or body.get("output_sensitive"):
            raise ContentFilterError(
                "MiniMax's sensitivity filter refused the request (no content returned)",
                code=1027 if body.get("output_sensitive") else 1026,
                request_id=request_id,
            )
        raise ResponseFormatError(
            "MiniMax returned a message without content blocks", body=body, request_id=request_id
        )
    msg = MessagesAssembler(request, info, preset)
    msg.asm.id = _str(body.get("id"))
    msg.asm.model = _str(body.get("model"))
    msg.set_usage(body.get("usage"))
    events: list[StreamEvent] = []
    for i, block in enumerate(content):
        if isinstance(block, dict):
            msg.whole_block(i, block, events)
    msg.set_stop_reason(body.get("stop_reason"))
    result = msg.finalize(blocks=[b for b in content if isinstance(b, dict)])
    result.raw = body
    result.request_id = request_id
    return result


class MessagesStreamParser(SSEStreamParser):
    """Feed raw SSE bytes with :meth:`feed`; call :meth:`close` at EOF (it emits ``Finish``).

    The same interface and :class:`~minimax_transport.stream_parser.StreamState` as the chat
    dialect's :class:`~minimax_transport.stream_parser.StreamParser`: a ``stop_reason`` (or a
    client-side stop) is ``ANSWERED``, ``message_stop`` ends the input.

    Example:
        >>> from minimax_transport.catalog import resolve_model
        >>> from minimax_transport.presets import get_preset
        >>> from minimax_transport.types import ChatRequest, UserMessage
        >>> req = ChatRequest("MiniMax-M3", [UserMessage("hi")])
        >>> p = MessagesStreamParser(req, resolve_model(req.model), get_preset("minimax-anthropic"))
        >>> evs = p.feed(b'event: content_block_delta\\ndata: {"type":"content_block_delta",'
        ...     b'"index":0,"delta":{"type":"text_delta","text":"Hi"}}\\n\\n'
        ...     b'data: {"type":"message_delta","delta":{"stop_reason":"end_turn"}}\\n\\n')
        >>> [type(e).__name__ for e in evs + p.close()]
        ['TextDelta', 'Finish']
    """

    interrupted_message = (
        "MiniMax stream ended before message_stop or a stop_reason: the answer is incomplete"
    )

    def __init__(
        self,
        request: ChatRequest,
        info: ModelInfo,
        preset: Preset,
        *,
        request_id: str | None = None,
    ) -> None:
        super().__init__(request_id=request_id)
        self.message = MessagesAssembler(request, info, preset)
        self.answer = self.message

    # ------------------------------------------------------------------ per event (hot path)
    def _on_event(self, name: str | None, data: str, events: list[StreamEvent]) -> None:
        if not data or name == "ping":
            return
        if data == "[DONE]":
            self._advance(StreamState.INPUT_ENDED)
            return
        obj = self._event_object(data)
        kind = obj.get("type") or name
        if kind == "error" or "error" in obj or "base_resp" in obj:
            err = messages_error(obj)
            if err is None and kind == "error":
                err = ResponseFormatError(f"MiniMax stream error event: {data[:500]}")
            if err is not None:
                err.request_id = err.request_id or self.request_id
                raise err
        msg = self.message
        if kind == "content_block_delta":
            delta = obj.get("delta")
            index = obj.get("index")
            if isinstance(delta, dict):
                msg.delta(index if isinstance(index, int) else 0, delta, events)
        elif kind == "content_block_start":
            block = obj.get("content_block")
            index = obj.get("index")
            if isinstance(block, dict):
                msg.start_block(index if isinstance(index, int) else len(msg._order), block, events)
        elif kind == "content_block_stop":
            index = obj.get("index")
            if isinstance(index, int):
                msg.stop_block(index, events)
        elif kind == "message_delta":
            delta = obj.get("delta")
            if isinstance(delta, dict):
                msg.set_stop_reason(delta.get("stop_reason"))
                if msg.stop_reason is not None:
                    self._advance(StreamState.ANSWERED)
            msg.set_usage(obj.get("usage"))
        elif kind == "message_start":
            message = obj.get("message")
            if isinstance(message, dict):
                msg.asm.id = msg.asm.id or _str(message.get("id"))
                msg.asm.model = _str(message.get("model")) or msg.asm.model
                msg.set_usage(message.get("usage"))
        elif kind == "message_stop":
            self._advance(StreamState.INPUT_ENDED)
        if msg.stopped:
            self._advance(StreamState.INPUT_ENDED)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


__all__ = [
    "ERROR_TYPE_STATUS",
    "STOP_REASONS",
    "MessagesAssembler",
    "MessagesStreamParser",
    "messages_error",
    "parse_message",
]
