"""The per-chunk fast paths (issue 6) give exactly what the general paths give.

* ``SSEDecoder``: a chunk holding exactly one ``data:`` event, and chunks of whole events, skip
  the line scanner; any other chunking must decode to the same events.
* ``ContentSplitter``: a piece with no ``<`` inside the reasoning or the answer skips the tag
  search; the output must not depend on the chunking.
* ``Pieces``: bounded-piece text accumulation.
* ``_json.loads``: orjson when present, the stdlib's answer whenever orjson refuses.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minimax_transport._json import loads
from minimax_transport.assembler import Pieces
from minimax_transport.content_splitter import ContentSplitter
from minimax_transport.sse import SSEDecoder

EVENTS = (
    b'data: {"a": 1}\n\n'
    b"data: [DONE]\n\n"
    b": a comment\n\n"
    b"event: ping\ndata: {}\n\n"
    b"data: line one\ndata: line two\n\n"
    b"data:no-space\n\n"
    b"data: \n\n"
    b"\n\n"
    b"data: crlf\r\n\r\n"
    b"data: lone cr\r\r"
    b'data: {"b": "\xc3\xa9"}\n\n'
)


def _decode(chunks: list[bytes]) -> list[tuple[str | None, str]]:
    d = SSEDecoder()
    out = []
    for c in chunks:
        out += d.feed(c)
    return out + d.close()


def test_sse_fast_paths_match_byte_by_byte() -> None:
    one_by_one = _decode([EVENTS[i : i + 1] for i in range(len(EVENTS))])
    assert _decode([EVENTS]) == one_by_one
    per_event = [e + b"\n\n" for e in EVENTS.split(b"\n\n") if e]
    assert _decode(per_event) == _decode([b"".join(per_event)])
    assert (None, '{"a": 1}') in one_by_one
    assert (None, "line one\nline two") in one_by_one


@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(EVENTS)), max_size=12))
def test_sse_any_chunking_same_events(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    chunks = [EVENTS[a:b] for a, b in zip([0, *points], [*points, len(EVENTS)], strict=True)]
    assert _decode(chunks) == _decode([EVENTS])


def test_sse_single_event_size_limit_and_utf8() -> None:
    from minimax_transport.errors import ResponseFormatError

    d = SSEDecoder(max_event_bytes=10)
    with pytest.raises(ResponseFormatError):
        d.feed(b"data: 0123456789abc\n\n")
    with pytest.raises(ResponseFormatError):
        SSEDecoder().feed(b"data: \xff\n\n")


CONTENT = (
    "  <think>\n  the user says hi  \n</think>\n\n  Hello there ,  friend  <minimax:tool_call>x"
)


def _split(pieces: list[str]) -> list[tuple[str, str]]:
    s = ContentSplitter()
    out = []
    for p in pieces:
        out += s.feed(p)
    out += s.finish()
    # merge consecutive pieces of the same kind: the chunking may cut them differently
    merged: list[tuple[str, str]] = []
    for kind, text in out:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


@settings(max_examples=300, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(CONTENT)), max_size=15))
def test_splitter_fast_path_chunking_invariant(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    pieces = [CONTENT[a:b] for a, b in zip([0, *points], [*points, len(CONTENT)], strict=True)]
    assert (
        _split(pieces)
        == _split(list(CONTENT))
        == [
            ("reasoning", "  the user says hi  "),
            ("text", "  Hello there ,  friend"),
        ]
    )


def test_pieces_bounded_and_exact() -> None:
    p = Pieces()
    words = [f"w{i} " for i in range(2000)]
    for w in words:
        p.append(w)
    assert len(p._done) == 2000 // 256 and len(p._tail) == 2000 % 256
    assert p.text() == "".join(words)
    assert p.text() == "".join(words)  # joined once, then kept as one piece
    assert len(p._done) == 1 and not p._tail
    assert not Pieces() and Pieces().text() == ""


def test_json_loads_matches_stdlib_where_it_matters() -> None:
    assert loads('{"a": [1, 2.5, null, true]}') == {"a": [1, 2.5, None, True]}
    assert loads(b'{"x": "\xc3\xa9"}') == {"x": "é"}
    assert math.isnan(loads('{"n": NaN}')["n"])  # orjson refuses, the stdlib decides
    assert loads('"\\ud800"') == "\ud800"  # lone surrogate: the stdlib's answer
    with pytest.raises(ValueError):
        loads("{bad")
