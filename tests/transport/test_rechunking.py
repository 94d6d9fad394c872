"""Property tests (hypothesis): how the bytes are chunked never changes the neutral result.

* Every recorded SSE byte stream, re-split at arbitrary byte offsets (biased towards the inside
  of ``<think>``/``</think>``/XML tags and of multi-byte UTF-8 characters), parses to the same
  result as one feed, and as the non-streamed parse of the equivalent message.
* The same through httpx (``MockTransport`` with a custom byte stream) and the client.
* ``ContentSplitter`` alone: any chunking of a string gives the same pieces as one feed.
* ``ToolCallAccumulator``: fragmented arguments never lose or duplicate a character.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from minimax_transport import ChatResult, Finish
from minimax_transport.catalog import resolve_model
from minimax_transport.content_splitter import ContentSplitter
from minimax_transport.presets import get_preset, resolve_endpoint
from minimax_transport.response_parser import parse_completion
from minimax_transport.stream_parser import StreamParser
from minimax_transport.tool_calls import ToolCallAccumulator

from .cassette_specs import SPECS, CassetteSpec
from .mock_http import SSE, ChunkStream, Recorder, mock_client

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

STREAM_SPECS = [
    s for s in SPECS.values() if s.stream and s.status == 200 and s.module == "test_replay"
]


def _preset(spec: CassetteSpec) -> Any:
    return resolve_endpoint(spec.base_url, spec.preset).preset


def parse_stream(spec: CassetteSpec, chunks: list[bytes]) -> ChatResult:
    parser = StreamParser(spec.request, resolve_model(spec.request.model), _preset(spec))
    events = []
    for c in chunks:
        events.extend(parser.feed(c))
    events.extend(parser.close())
    assert isinstance(events[-1], Finish)
    return events[-1].result


def neutral(r: ChatResult) -> tuple[Any, ...]:
    return (
        r.content,
        r.reasoning,
        [(t.id, t.name, t.arguments, t.raw_arguments) for t in r.tool_calls],
        [(t.id, t.name, t.raw_arguments) for t in r.invalid_tool_calls],
        r.usage,
        r.finish_reason,
        r.model,
        r.id,
        r.replay.get("content"),
    )


def equivalent_message_body(spec: CassetteSpec) -> dict[str, Any] | None:
    """The non-streamed body equivalent to a streamed capture, assembled naively (contents
    concatenated, the complete tool calls written out), or None when there is none (docs/wire-format.md 'Example: native v2 stream ending with a full message (M1)' carries
    its own trailing message)."""
    if spec.name.startswith("a8_"):
        return None
    events = [
        json.loads(ln[6:]) for ln in spec.body.decode().split("\n\n") if ln.startswith("data: {")
    ]
    content, usage, finish, rid, model = [], None, None, None, None
    for ev in events:
        rid = rid or ev.get("id")
        model = ev.get("model") or model
        if ev.get("usage") and any(ev["usage"].get(k) for k in ("total_tokens",)):
            usage = ev["usage"]
        for c in ev.get("choices") or []:
            content.append((c.get("delta") or {}).get("content") or "")
            finish = c.get("finish_reason") or finish
    message: dict[str, Any] = {"role": "assistant", "content": "".join(content)}
    calls = TOOL_CALLS.get(spec.name)
    if calls:
        message["tool_calls"] = calls
    body: dict[str, Any] = {"choices": [{"index": 0, "message": message, "finish_reason": finish}]}
    if rid:
        body["id"] = rid
    if model:
        body["model"] = model
    if usage:
        body["usage"] = usage
    return body


def _call(cid: str, name: str, args: str) -> dict[str, Any]:
    return {"id": cid, "type": "function", "function": {"name": name, "arguments": args}}


TOOL_CALLS = {
    "a6_stream_filler_chunk_and_same_index_tool_calls": [
        _call("call_function_aaa", "bash", '{"description": "list repo", "command": "ls -la"}'),
        _call("call_function_bbb", "glob", '{"pattern": "**/*.go"}'),
    ],
    "s44_stream_whole_tool_call_on_finish_chunk": [
        _call(
            "call_function_jpaq2z2bgfh7_2", "read_file", '{"paths": ["src/providers/minimax.rs"]}'
        )
    ],
    "s44_stream_tool_call_fragments_id_first_only_finish_tool_call": [
        _call("call_function_jpaq2z2bgfh7_1", "grep", '{"pattern": "StreamEvent||event::"}')
    ],
    "s44_stream_tool_call_arguments_as_object": [
        _call("call_function_obj_1", "get_weather", '{"location": "San Francisco, US"}')
    ],
}


def _interesting_offsets(data: bytes) -> list[int]:
    """Byte offsets inside tags and inside multi-byte UTF-8 characters."""
    out = set()
    for tag in (
        b"<think>",
        b"</think>",
        b"<minimax:tool_call>",
        b"</minimax:tool_call>",
        b"<tool_calls>",
        b"data: ",
        b"\n\n",
        b"[DONE]",
    ):
        start = data.find(tag)
        while start != -1:
            out.update(range(start, start + len(tag) + 1))
            start = data.find(tag, start + 1)
    out.update(i for i, b in enumerate(data) if b >= 0x80)
    return sorted(o for o in out if 0 < o < len(data))


def split(data: bytes, offsets: list[int]) -> list[bytes]:
    cuts = sorted(set(o for o in offsets if 0 < o < len(data)))
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


@st.composite
def chunkings(draw: Any, data: bytes) -> list[bytes]:
    interesting = _interesting_offsets(data)
    offsets = draw(st.lists(st.integers(1, len(data) - 1), max_size=40))
    if interesting:
        offsets += draw(st.lists(st.sampled_from(interesting), max_size=30))
    if draw(st.booleans()):
        step = draw(st.integers(1, 7))
        offsets += list(range(step, len(data), step))
    return split(data, offsets)


def test_stream_specs_cover_the_captures() -> None:
    names = {s.name for s in STREAM_SPECS}
    assert {
        "a5_stream_inline_think_trailing_usage_m27",
        "a5_variant_stream_cjk_emoji_multibyte",
        "a6_stream_filler_chunk_and_same_index_tool_calls",
        "a8_stream_v2_trailing_full_message_m1",
        "a9_stream_m27_openapi_example_hello",
        "a11_stream_vllm_no_reasoning_parser_raw_xml_tool_call",
    } <= names
    cjk = SPECS["a5_variant_stream_cjk_emoji_multibyte"].body
    assert any(b >= 0xF0 for b in cjk)  # 4-byte UTF-8 (emoji) present in the raw bytes


def _make_property(spec: CassetteSpec) -> Any:
    reference = parse_stream(spec, [spec.body])
    equivalent = equivalent_message_body(spec)

    @SETTINGS
    @given(chunks=chunkings(spec.body))
    def prop(chunks: list[bytes]) -> None:
        assert b"".join(chunks) == spec.body
        assert neutral(parse_stream(spec, chunks)) == neutral(reference)

    def test() -> None:
        if equivalent is not None:
            non_stream = parse_completion(
                equivalent, spec.request, resolve_model(spec.request.model), _preset(spec)
            )
            assert neutral(non_stream) == neutral(reference)
        # One byte at a time, explicitly (the finest chunking).
        one_by_one = [spec.body[i : i + 1] for i in range(len(spec.body))]
        assert neutral(parse_stream(spec, one_by_one)) == neutral(reference)
        prop()

    return test


for _spec in STREAM_SPECS:
    globals()[f"test_rechunked_{_spec.name}"] = _make_property(_spec)


# ------------------------------------------------------------------ through httpx + the client
CJK = SPECS["a5_variant_stream_cjk_emoji_multibyte"]
CJK_REFERENCE = parse_stream(CJK, [CJK.body])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunks=chunkings(CJK.body))
def test_rechunked_through_httpx_client(chunks: list[bytes]) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=SSE, stream=ChunkStream(list(chunks)))

    rec = Recorder(reply)
    client = mock_client(rec)
    events = list(client.stream(CJK.request))
    result = events[-1].result  # type: ignore[union-attr]
    assert rec.count == 1
    assert neutral(result) == neutral(CJK_REFERENCE)
    assert "🎉" in result.content and "<think>" not in result.content


async def test_rechunked_through_async_httpx_client() -> None:
    chunks = split(CJK.body, list(range(3, len(CJK.body), 5)))

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=SSE, stream=ChunkStream(list(chunks)))

    rec = Recorder(reply)
    events = [e async for e in mock_client(rec).astream(CJK.request)]
    assert neutral(events[-1].result) == neutral(CJK_REFERENCE)  # type: ignore[union-attr]


# ------------------------------------------------------------------ ContentSplitter alone
FRAGMENTS = [
    "<think>",
    "</think>",
    "</mm:think>",
    "<minimax:tool_call>",
    "</minimax:tool_call>",
    "<tool_calls>",
    "</tool_calls>",
    "<",
    ">",
    "</",
    "<th",
    "ink>",
    "STOP",
    "ST",
    "OP",
    "\n",
    "\n\n",
    " ",
    "a",
    "bc",
    "é",
    "思考",
    "😀",
    " x ",
    '<invoke name="f">',
]


def _merged(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for kind, text in pieces:
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))
    return out


def _split_all(text: str, cuts: list[int], **kw: Any) -> tuple[Any, ...]:
    s = ContentSplitter(**kw)
    pieces: list[tuple[str, str]] = []
    bounds = [0, *sorted(set(c for c in cuts if 0 < c < len(text))), len(text)]
    for a, b in itertools.pairwise(bounds):
        pieces += s.feed(text[a:b])
    pieces += s.finish()
    assert all(t for _, t in pieces)  # never an empty piece
    return _merged(pieces), s.markups, s.stopped, s.saw_think


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(st.sampled_from(FRAGMENTS), max_size=30),
    cuts=st.lists(st.integers(0, 200), max_size=25),
    implicit=st.booleans(),
    stop=st.sampled_from([None, ["STOP"], ["\n\n\n", "ST"]]),
)
def test_content_splitter_chunking_invariant(
    parts: list[str], cuts: list[int], implicit: bool, stop: list[str] | None
) -> None:
    text = "".join(parts)
    whole = _split_all(text, [], implicit_think=implicit, stop=stop)
    assert _split_all(text, cuts, implicit_think=implicit, stop=stop) == whole
    singles = list(range(1, len(text)))
    assert _split_all(text, singles, implicit_think=implicit, stop=stop) == whole


# ------------------------------------------------------------------ ToolCallAccumulator alone
@settings(max_examples=300, deadline=None)
@example(args="aa", cuts=[1], id_on_every_fragment=True)
@given(
    args=st.text(min_size=1, max_size=80) | st.text(alphabet='ab{}":', min_size=1, max_size=12),
    cuts=st.lists(st.integers(1, 79), max_size=20),
    id_on_every_fragment=st.booleans(),
)
def test_tool_call_fragments_never_lose_or_duplicate(
    args: str, cuts: list[int], id_on_every_fragment: bool
) -> None:
    bounds = [0, *sorted(set(c for c in cuts if 0 < c < len(args))), len(args)]
    frags = [args[a:b] for a, b in itertools.pairwise(bounds)]
    acc = ToolCallAccumulator()
    streamed = []
    for i, frag in enumerate(frags):
        entry: dict[str, Any] = {"index": 0, "function": {"arguments": frag}}
        if i == 0 or id_on_every_fragment:
            entry["id"] = "call_1"
        if i == 0:
            entry["function"]["name"] = "f"
        for d in acc.add(entry):
            streamed.append(d.arguments)
    assert "".join(streamed) == args
    calls, invalid = acc.finalize()
    raw = calls[0].raw_arguments if calls else invalid[0].raw_arguments
    if calls and not args.strip():
        assert raw == "{}"
    else:
        assert raw == args
    assert len(calls) + len(invalid) == 1


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(
        st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=8), max_size=4),
        min_size=1,
        max_size=4,
    ),
    cut=st.integers(1, 40),
)
def test_parallel_calls_fragmented_per_index(values: list[dict[str, Any]], cut: int) -> None:
    """Several calls, each fragmented, interleaved by index: every call rebuilt exactly."""
    raws = [json.dumps(v, ensure_ascii=False) for v in values]
    acc = ToolCallAccumulator()
    pieces = [[r[i : i + cut] for i in range(0, len(r), cut)] for r in raws]
    for n in range(max(len(p) for p in pieces)):
        for idx, p in enumerate(pieces):
            if n < len(p):
                entry: dict[str, Any] = {"index": idx, "function": {"arguments": p[n]}}
                if n == 0:
                    entry.update(id=f"call_{idx}", type="function")
                    entry["function"]["name"] = f"tool_{idx}"
                acc.add(entry)
    calls, invalid = acc.finalize()
    assert invalid == []
    assert [c.raw_arguments for c in calls] == raws
    assert [c.arguments for c in calls] == values
    assert [c.id for c in calls] == [f"call_{i}" for i in range(len(values))]


def test_invalid_tool_call_kept_with_error() -> None:
    acc = ToolCallAccumulator()
    acc.add({"index": 0, "id": "call_1", "function": {"name": "f", "arguments": '{"a": 1'}})
    acc.add({"index": 1, "id": "call_2", "function": {"name": "g", "arguments": "[1]"}})
    acc.add({"index": 2, "id": "call_3", "function": {"arguments": "{}"}})
    calls, invalid = acc.finalize()
    assert calls == []
    assert [(i.id, i.name, i.raw_arguments) for i in invalid] == [
        ("call_1", "f", '{"a": 1'),
        ("call_2", "g", "[1]"),
        ("call_3", None, "{}"),
    ]
    assert all(i.error for i in invalid)


def test_preset_of_specs() -> None:
    assert _preset(SPECS["a11_stream_vllm_no_reasoning_parser_raw_xml_tool_call"]).implicit_think
    assert get_preset("vllm-raw").name == "openai-compatible-raw"


# ------------------------------------------------------------------ exact text, stop, through the wire
# The answer text is what the model wrote: only the think separators go. Generated answers with
# leading indentation, trailing newlines and stop sequences, sent in MiniMax's own shapes
# (minimax_testing/wire.py), give the same content and reasoning streamed (any chunking) and not.
EXACT_ALPHABET = st.sampled_from([" ", "  ", "\t", "\n", "\n\n", "a", "b", "def", "é", "思", "."])
EXACT_TEXT = st.lists(EXACT_ALPHABET, max_size=14).map("".join)


def _expected(text: str, *, reasoned: bool, stop: list[str]) -> str:
    if reasoned:
        text = text.lstrip("\n")  # the newlines after "</think>" are the separator
    cuts = [i for i in (text.find(s) for s in stop) if i != -1]
    return text[: min(cuts)] if cuts else text


@SETTINGS
@example(reasoning=None, text="    def f():\n        return 1\n", stop=[], split=False, cuts=[])
@example(reasoning="plan", text="Here is my answer.", stop=["answer"], split=False, cuts=[3])
@given(
    reasoning=st.none() | EXACT_TEXT.filter(bool),
    text=EXACT_TEXT.map(lambda t: t + "x"),
    stop=st.lists(st.sampled_from(["a", "b ", "\n\n", "é", "x"]), max_size=2),
    split=st.booleans(),
    cuts=st.lists(st.integers(1, 4000), max_size=30),
)
def test_exact_text_and_stop_streamed_equals_non_streamed(
    reasoning: str | None, text: str, stop: list[str], split: bool, cuts: list[int]
) -> None:
    from minimax_testing import wire
    from minimax_transport.types import ChatRequest, UserMessage

    model = "MiniMax-Text-01" if reasoning is None else "MiniMax-M2.7"
    answer = wire.Answer(reasoning=reasoning, text=text)
    request = ChatRequest(model, [UserMessage("hi")], stop=stop or None)
    info, preset = resolve_model(model), get_preset("minimax")
    body = wire.completion_body(seed="x", model=model, answer=answer, prompt_tokens=5, split=split)
    non_stream = parse_completion(body, request, info, preset)
    data = wire.sse(
        wire.stream_events(
            seed="x", model=model, answer=answer, prompt_tokens=5, split=split, include_usage=True
        )
    )
    parser = StreamParser(request, info, preset)
    events = [e for chunk in split_bytes(data, cuts) for e in parser.feed(chunk)] + parser.close()
    streamed = events[-1].result  # type: ignore[union-attr]
    expected = _expected(text, reasoned=reasoning is not None, stop=stop)
    assert non_stream.content == expected
    assert streamed.content == expected
    assert "".join(e.text for e in events if type(e).__name__ == "TextDelta") == expected
    assert streamed.reasoning == non_stream.reasoning == (reasoning or None)
    if reasoning is not None and not split and not stop and not text.startswith("\n"):
        # nothing but the separators was removed: the canonical inline form rebuilds the bytes
        rebuilt = f"<think>\n{non_stream.reasoning}\n</think>\n\n{non_stream.content}"
        assert rebuilt == body["choices"][0]["message"]["content"]


def split_bytes(data: bytes, cuts: list[int]) -> list[bytes]:
    return split(data, [c % len(data) for c in cuts])
