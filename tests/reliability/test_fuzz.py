"""Hostile-input fuzzing (hypothesis) of the stream decoding stack.

* ``SSEDecoder``: arbitrary bytes in arbitrary chunks → ``(name, data)`` string tuples or a
  ``ResponseFormatError``; the same outcome whatever the chunking.
* ``StreamParser`` (the dialect state machine): arbitrary bytes, and arbitrary sequences of
  JSON events shaped like (and unlike) MiniMax chunks → events ending in ``Finish`` or a
  ``MiniMaxError`` subclass, nothing else; the result matches the events streamed.
* ``parse_completion``: arbitrary JSON bodies → a result or a ``MiniMaxError``.
* ``ContentSplitter``: arbitrary text over a tag-heavy alphabet, any chunking → identical
  output, and no character lost or invented (only the think tags are consumed).
* ``ToolCallAccumulator``: arbitrary entries never raise; valid-JSON arguments survive any
  fragmentation even when every fragment repeats the id and name.

``tests/transport/test_rechunking.py`` covers re-chunking of well-formed captures; this file
is about garbage.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from minimax_transport.assembler import _split_orphan_close
from minimax_transport.catalog import resolve_model
from minimax_transport.content_splitter import CLOSE_TAGS, ContentSplitter
from minimax_transport.errors import MiniMaxError, ResponseFormatError
from minimax_transport.presets import get_preset
from minimax_transport.response_parser import parse_completion
from minimax_transport.sse import SSEDecoder
from minimax_transport.stream_parser import StreamParser
from minimax_transport.tool_calls import ToolCallAccumulator
from minimax_transport.types import (
    ChatRequest,
    ChatResult,
    Finish,
    ReasoningDelta,
    TextDelta,
    ToolCallDelta,
    ToolSpec,
    UsageEvent,
    UserMessage,
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
REQUEST = ChatRequest(
    "MiniMax-M2.7",
    [UserMessage("hi")],
    tools=[
        ToolSpec(
            "get_weather",
            "w",
            {
                "type": "object",
                "properties": {"location": {"type": "string"}, "days": {"type": "integer"}},
            },
        )
    ],
)
PRESETS = ["minimax", "openai-compatible", "openai-compatible-raw", "openrouter"]


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(data)}), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


# --------------------------------------------------------------------------- SSE decoder
def _decode(chunks: list[bytes], max_bytes: int | None = None) -> tuple[list[Any], str | None]:
    d = SSEDecoder(max_bytes) if max_bytes else SSEDecoder()
    events: list[Any] = []
    try:
        for c in chunks:
            events += d.feed(c)
        events += d.close()
    except ResponseFormatError as exc:
        return events, type(exc).__name__
    return events, None


SSE_BYTES = st.lists(
    st.sampled_from(
        [
            b"data: ",
            b"data:",
            b"data",
            b"event: ",
            b"error",
            b"ping",
            b": c",
            b"id: 1",
            b"retry: 5",
            b"\n",
            b"\r",
            b"\r\n",
            b"\n\n",
            b"{",
            b"}",
            b'"',
            b"[DONE]",
            b"\xff",
            b"\xe2\x82",
            b"\xac",
            b"\x00",
            b" ",
            b":",
            b"x",
            "é中".encode(),
        ]
    ),
    max_size=60,
).map(b"".join) | st.binary(max_size=300)


@FUZZ
@given(data=SSE_BYTES, cuts=st.lists(st.integers(0, 400), max_size=30))
def test_sse_decoder_arbitrary_bytes(data: bytes, cuts: list[int]) -> None:
    whole = _decode([data])
    chunked = _decode(_split(data, cuts))
    bytewise = _decode([data[i : i + 1] for i in range(len(data))])
    for events, _err in (whole, chunked, bytewise):
        for name, value in events:
            assert name is None or isinstance(name, str)
            assert isinstance(value, str)
    assert chunked == whole
    assert bytewise == whole


@FUZZ
@given(
    data=st.binary(min_size=1, max_size=400),
    cuts=st.lists(st.integers(0, 400), max_size=10),
    limit=st.integers(1, 64),
)
def test_sse_decoder_size_limit_is_a_typed_error(data: bytes, cuts: list[int], limit: int) -> None:
    events, err = _decode(_split(data, cuts), limit)
    assert err in (None, "ResponseFormatError")
    for _name, value in events:
        assert len(value.encode("utf-8")) <= limit + value.count("\n")


# --------------------------------------------------------------------------- stream parser
def _run_parser(
    chunks: list[bytes], preset: str = "minimax"
) -> tuple[list[Any], BaseException | None]:
    parser = StreamParser(
        REQUEST, resolve_model(REQUEST.model), get_preset(preset), request_id="rid"
    )
    events: list[Any] = []
    try:
        for c in chunks:
            events += parser.feed(c)
            if parser.done:
                break
        events += parser.close()
    except MiniMaxError as exc:
        return events, exc
    return events, None


def _check_stream(events: list[Any], err: BaseException | None) -> None:
    for e in events:
        assert isinstance(e, ReasoningDelta | TextDelta | ToolCallDelta | UsageEvent | Finish)
    finishes = [e for e in events if isinstance(e, Finish)]
    if err is not None:
        assert isinstance(err, MiniMaxError)
        assert str(err)
        assert not finishes, "an error after Finish"
        return
    assert len(finishes) == 1 and events[-1] is finishes[0]
    result = finishes[0].result
    assert isinstance(result, ChatResult)
    streamed_text = "".join(e.text for e in events if isinstance(e, TextDelta))
    streamed_reasoning = "".join(e.text for e in events if isinstance(e, ReasoningDelta))
    exact = (result.content, result.reasoning or "") == (streamed_text, streamed_reasoning)
    if not exact:
        # The one allowed difference: an orphan </think> with no reasoning seen (docs/wire-format.md 'Reasoning formats'). The final
        # result splits it, but the text before it had already been streamed as answer deltas
        # (README "Limitations"; the openai-compatible-raw preset splits it live).
        assert not streamed_reasoning and any(t in streamed_text for t in CLOSE_TAGS)
        content, orphan_reasoning = _split_orphan_close(streamed_text)
        assert (result.content, result.reasoning) == (content, orphan_reasoning)
    assert sum(isinstance(e, UsageEvent) for e in events) <= 1
    for tc in result.tool_calls:
        assert isinstance(tc.arguments, dict) and tc.name


@FUZZ
@given(
    data=SSE_BYTES, cuts=st.lists(st.integers(0, 400), max_size=20), preset=st.sampled_from(PRESETS)
)
def test_stream_parser_arbitrary_bytes(data: bytes, cuts: list[int], preset: str) -> None:
    _check_stream(*_run_parser(_split(data, cuts), preset))


JSON_LEAF = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.lists(
        st.sampled_from([*list('ab <>/think:\n{}"'), "<think>", "</think>", "é"]), max_size=8
    ).map("".join)
)
JSON_ANY = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["content", "text", "index", "id", "type", "name", "arguments", "x"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)
TEXT = st.text(max_size=20) | st.sampled_from(
    [
        "<think>",
        "</think>",
        "</mm:think>",
        "<thi",
        "nk>",
        "\n\n",
        "<minimax:tool_call>",
        '<invoke name="get_weather"><parameter name="days">3</parameter></invoke>',
        "</minimax:tool_call>",
        "<tool_calls>",
        '{"name": "get_weather", "arguments": {}}',
        "</tool_calls>",
    ]
)


def _maybe(strategy: Any) -> Any:
    return st.one_of(st.just(None), strategy, JSON_ANY)


TOOL_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "index": _maybe(st.integers(0, 3)),
        "id": _maybe(st.sampled_from(["call_1", "call_2", ""])),
        "type": _maybe(st.just("function")),
        "function": _maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "name": _maybe(st.sampled_from(["get_weather", "other", ""])),
                    "arguments": _maybe(
                        TEXT | st.sampled_from(['{"location": "Paris"}', "{", "}"])
                    ),
                },
            )
        ),
    },
)
DELTA = st.fixed_dictionaries(
    {},
    optional={
        "content": _maybe(TEXT),
        "role": _maybe(st.sampled_from(["assistant", ""])),
        "name": st.just("MiniMax AI"),
        "audio_content": st.just(""),
        "reasoning_content": _maybe(TEXT),
        "reasoning": _maybe(TEXT),
        "reasoning_details": _maybe(
            st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "type": st.just("reasoning.text"),
                        "index": _maybe(st.integers(0, 2)),
                        "text": _maybe(TEXT),
                    },
                ),
                max_size=2,
            )
        ),
        "tool_calls": _maybe(st.lists(TOOL_ENTRY, max_size=2)),
    },
)
CHOICE = st.fixed_dictionaries(
    {"index": st.just(0)},
    optional={
        "delta": _maybe(DELTA),
        "message": _maybe(DELTA),
        "finish_reason": _maybe(
            st.sampled_from(["stop", "length", "tool_calls", "tool_call", "content_filter", ""])
        ),
    },
)
CHUNK = st.fixed_dictionaries(
    {},
    optional={
        "id": _maybe(st.just("06fb")),
        "object": st.sampled_from(["chat.completion.chunk", "chat.completion"]),
        "model": _maybe(st.just("MiniMax-M2.7")),
        "choices": _maybe(st.lists(CHOICE, max_size=2)),
        "usage": _maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "prompt_tokens": _maybe(st.integers(0, 9)),
                    "completion_tokens": _maybe(st.integers(0, 9)),
                    "total_tokens": _maybe(st.integers(0, 9)),
                },
            )
        ),
        "base_resp": _maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "status_code": _maybe(st.sampled_from([0, 1002, 1004, 1027, 2013])),
                    "status_msg": st.text(max_size=5),
                },
            )
        ),
        "error": st.one_of(st.just(None), st.just(""), JSON_ANY),
        "input_sensitive": st.booleans(),
    },
)
GOOD_DELTA = st.fixed_dictionaries(
    {},
    optional={
        "content": TEXT,
        "role": st.sampled_from(["assistant", ""]),
        "reasoning_content": TEXT,
        "reasoning_details": st.lists(
            st.fixed_dictionaries(
                {"type": st.just("reasoning.text"), "text": TEXT},
                optional={"index": st.integers(0, 1)},
            ),
            max_size=2,
        ),
        "tool_calls": st.lists(TOOL_ENTRY, max_size=2),
    },
)
GOOD_CHUNK = st.builds(
    lambda delta, fr, usage: {
        "id": "06fb",
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": delta, **fr}],
        "usage": usage,
    },
    GOOD_DELTA,
    st.sampled_from(
        [
            {},
            {},
            {},
            {"finish_reason": "stop"},
            {"finish_reason": "tool_calls"},
            {"finish_reason": "length"},
        ]
    ),
    st.none() | st.just({"total_tokens": 0}) | st.just({"prompt_tokens": 3, "total_tokens": 5}),
)


def _data(obj: Any) -> bytes:
    return b"data: " + json.dumps(obj).encode() + b"\n\n"


NOISE = st.sampled_from(
    [
        b": ping\n\n",
        b"event: ping\ndata: x\n\n",
        b"id: 3\n\n",
        b"\n",
        b'event: ping\ndata: {"choices": 1}\n\n',
    ]
)
HOSTILE = st.one_of(
    CHUNK.map(_data),
    JSON_ANY.map(_data),
    st.sampled_from([b"data: {broken\n\n", b"event: error\ndata: {}\n\n", b"data: \xff\n\n"]),
)
EVENT = st.one_of(
    GOOD_CHUNK.map(_data), GOOD_CHUNK.map(_data), GOOD_CHUNK.map(_data), NOISE, HOSTILE
)
END = st.sampled_from(
    [
        [b"data: [DONE]\n\n"],
        [
            _data(
                {
                    "choices": [],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
                }
            ),
            b"data: [DONE]\n\n",
        ],
        [],
        [b"data: [DONE]"],
    ]
)
EVENTS = st.builds(lambda body, end: body + end, st.lists(EVENT, max_size=12), END)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Regressions found by this test (each fixed in the transport):
# inline reasoning streamed before a structured field appeared was dropped from the result;
@example(
    events=[
        _data({"choices": [{"index": 0, "delta": {"content": "0"}}]}),
        _data({"choices": [{"index": 0, "delta": {"reasoning_content": "<think>"}}]}),
        b"data: [DONE]\n\n",
    ],
    cuts=[],
    preset="openai-compatible-raw",
)
# reasoning_details filled in out of order were re-ordered in the result only;
@example(
    events=[
        _data(
            {
                "choices": [
                    {
                        "index": 0,
                        "delta": {
                            "reasoning_details": [
                                {"type": "reasoning.text", "text": ""},
                                {"type": "reasoning.text", "text": "1"},
                            ]
                        },
                    }
                ]
            }
        ),
        _data(
            {
                "choices": [
                    {
                        "index": 0,
                        "delta": {"reasoning_details": [{"type": "reasoning.text", "text": "0"}]},
                    }
                ]
            }
        ),
        b"data: [DONE]\n\n",
    ],
    cuts=[],
    preset="minimax",
)
# an error event followed by invalid UTF-8 in the same read lost the error event.
@example(
    events=[
        _data({"choices": [{"index": 0, "delta": {"content": "hi"}}]}),
        _data({"error": {"message": "system error (1033)"}}),
        b"data: \xff\n\n",
        b"data: [DONE]\n\n",
    ],
    cuts=[60],
    preset="minimax",
)
@given(
    events=EVENTS, cuts=st.lists(st.integers(0, 3000), max_size=12), preset=st.sampled_from(PRESETS)
)
def test_stream_parser_arbitrary_event_sequences(
    events: list[bytes], cuts: list[int], preset: str
) -> None:
    data = b"".join(events)
    whole = _run_parser([data], preset)
    _check_stream(*whole)
    chunked = _run_parser(_split(data, cuts), preset)
    _check_stream(*chunked)
    # Same outcome whatever the chunking: the same result, or the same error class.
    if whole[1] is None:
        assert chunked[1] is None
        assert chunked[0][-1].result.content == whole[0][-1].result.content
        assert chunked[0][-1].result.reasoning == whole[0][-1].result.reasoning
    else:
        assert type(chunked[1]) is type(whole[1])


@FUZZ
@given(body=CHUNK | JSON_ANY.filter(lambda v: isinstance(v, dict)), preset=st.sampled_from(PRESETS))
def test_parse_completion_arbitrary_bodies(body: dict[str, Any], preset: str) -> None:
    try:
        result = parse_completion(body, REQUEST, resolve_model(REQUEST.model), get_preset(preset))
    except MiniMaxError as exc:
        assert str(exc)
        return
    assert isinstance(result, ChatResult)
    assert isinstance(result.content, str)


# --------------------------------------------------------------------------- think splitter
SPLITTER_TEXT = st.lists(
    st.sampled_from(
        [
            "<think>",
            "</think>",
            "</mm:think>",
            "<",
            ">",
            "/",
            "<thi",
            "nk>",
            "</th",
            "<mm:",
            "think",
            "<minimax:tool_call>",
            "</minimax:tool_call>",
            "<tool_calls>",
            "</tool_calls>",
            "<invoke",
            " ",
            "\n",
            "\t",
            "\r\n",
            "a",
            "Z",
            "中",
            "é",
            "😀",
            "\u2028",
            "\x00",
        ]
    )
    | st.text(max_size=4),
    max_size=40,
).map("".join)
TAGS = ("<think>", "</think>", "</mm:think>")


def _split_text(text: str, cuts: list[int], implicit: bool) -> tuple[Any, ...]:
    s = ContentSplitter(implicit_think=implicit)
    pieces: list[tuple[str, str]] = []
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(text)}), len(text)]
    for a, b in itertools.pairwise(bounds):
        pieces += s.feed(text[a:b])
    pieces += s.finish()
    assert all(isinstance(t, str) and t for _, t in pieces)
    reasoning = "".join(t for k, t in pieces if k == "reasoning")
    answer = "".join(t for k, t in pieces if k == "text")
    return reasoning, answer, tuple(s.markups)


def _nonws(text: str) -> Counter[str]:
    return Counter(re.sub(r"\s", "", text))


@settings(max_examples=250, deadline=None)
@given(text=SPLITTER_TEXT, cuts=st.lists(st.integers(0, 200), max_size=30), implicit=st.booleans())
def test_think_splitter_never_loses_or_invents(text: str, cuts: list[int], implicit: bool) -> None:
    whole = _split_text(text, [], implicit)
    assert _split_text(text, cuts, implicit) == whole
    assert _split_text(text, list(range(len(text))), implicit) == whole
    reasoning, answer, markups = whole
    out = _nonws(reasoning + answer + "".join(markups))
    inp = _nonws(text)
    assert not (out - inp), f"invented: {out - inp}"
    consumed = inp - out
    # Only the opening tag and one closing tag may be consumed.
    allowed = [Counter()] + [_nonws(t) for t in TAGS] + [_nonws("<think>" + c) for c in TAGS[1:]]
    assert consumed in allowed, consumed


# --------------------------------------------------------------------------- tool calls
@FUZZ
@given(entries=st.lists(TOOL_ENTRY | JSON_ANY, max_size=12))
def test_tool_call_accumulator_arbitrary_entries(entries: list[Any]) -> None:
    acc = ToolCallAccumulator()
    for e in entries:
        for d in acc.add(e):
            assert isinstance(d, ToolCallDelta)
            assert isinstance(d.arguments, str)
    calls, invalid = acc.finalize()
    assert len(calls) + len(invalid) == len(acc)
    for c in calls:
        assert isinstance(c.arguments, dict) and c.name and c.id
    for w in acc.raw_tool_calls():
        assert isinstance(w["function"]["arguments"], str)


JSON_OBJECT = st.dictionaries(
    st.text(max_size=4),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=6),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=6,
    ),
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(
    objs=st.lists(JSON_OBJECT, min_size=1, max_size=3),
    cuts=st.lists(st.lists(st.integers(1, 200), max_size=12), min_size=3, max_size=3),
    spaced=st.booleans(),
    ids_everywhere=st.booleans(),
)
def test_tool_call_arguments_survive_any_fragmentation(
    objs: list[dict[str, Any]], cuts: list[list[int]], spaced: bool, ids_everywhere: bool
) -> None:
    raws = [
        json.dumps(o, ensure_ascii=False, separators=(", ", ": ") if spaced else (",", ":"))
        for o in objs
    ]
    frags = [
        [
            r[a:b]
            for a, b in itertools.pairwise([0, *sorted({c for c in cut if 0 < c < len(r)}), len(r)])
        ]
        for r, cut in zip(raws, cuts, strict=False)
    ]
    acc = ToolCallAccumulator()
    streamed: dict[int, str] = {}
    for n in range(max(len(f) for f in frags)):
        for idx, f in enumerate(frags):
            if n < len(f):
                entry: dict[str, Any] = {"index": idx, "function": {"arguments": f[n]}}
                if n == 0 or ids_everywhere:
                    entry.update(id=f"call_{idx}", type="function")
                    entry["function"]["name"] = f"tool_{idx}"
                for d in acc.add(entry):
                    streamed[d.index] = streamed.get(d.index, "") + d.arguments
    calls, invalid = acc.finalize()
    assert invalid == []
    assert [c.raw_arguments for c in calls] == raws
    assert [c.arguments for c in calls] == objs
    assert [streamed[i] for i in range(len(raws))] == raws
