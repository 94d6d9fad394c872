"""Response-parsing rules not covered by a capture: docs/wire-format.md 'Reasoning formats' reasoning variants, 'Cumulative or incremental reasoning' accumulation,
docs/wire-format.md 'Streamed tool-call shapes' tool-call shapes, 'Streaming' envelope details, 'Tool calls left as markup' markup typing, invalid tool calls."""

from __future__ import annotations

import json
from typing import Any

import pytest

from minimax_transport import (
    ChatRequest,
    ChatResult,
    ReasoningBudgetExhaustedError,
    ReasoningDelta,
    TextDelta,
    ToolSpec,
    UserMessage,
)
from minimax_transport.catalog import resolve_model
from minimax_transport.presets import get_preset
from minimax_transport.response_parser import parse_completion
from minimax_transport.stream_parser import StreamParser
from minimax_transport.tool_calls import ToolCallAccumulator, parse_tool_markup

REQ = ChatRequest("MiniMax-M2.7", [UserMessage("q")])


def nonstream(
    message: dict[str, Any],
    finish: str = "stop",
    preset: str = "minimax",
    request: ChatRequest = REQ,
) -> ChatResult:
    body = {
        "id": "r1",
        "model": "MiniMax-M2.7",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
    }
    return parse_completion(body, request, resolve_model(request.model), get_preset(preset))


def stream(
    *chunks: dict[str, Any], preset: str = "minimax", request: ChatRequest = REQ
) -> tuple[ChatResult, list[Any]]:
    data = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
    p = StreamParser(request, resolve_model(request.model), get_preset(preset))
    events = p.feed(data.encode()) + p.close()
    return events[-1].result, events


def delta(d: dict[str, Any], finish: str | None = None, **top: Any) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": 0, "delta": d}
    if finish:
        choice["finish_reason"] = finish
    return {"id": "s1", "choices": [choice], **top}


# ------------------------------------------------------------------ docs/wire-format.md 'Reasoning formats' inline variants
@pytest.mark.parametrize(
    ("raw", "content", "reasoning"),
    [
        ("<think>\nplan\n</think>\n\nanswer", "answer", "plan"),
        ("\n\n\n<think>\nplan\n</think>\n\n\nanswer", "answer", "plan"),
        ("<think>plan</mm:think>\n\nanswer", "answer", "plan"),
        (
            "<think>\nI must not write </think> here\n</think>\n\nanswer",
            " here\n</think>\n\nanswer",
            "I must not write ",
        ),
        ("plain answer, no reasoning", "plain answer, no reasoning", None),
    ],
    ids=["canonical", "leading-newlines", "mm-think", "literal-close-inside", "no-think"],
)
def test_r8_inline_variants_stream_and_nonstream_agree(
    raw: str, content: str, reasoning: str | None
) -> None:
    ns = nonstream({"content": raw})
    assert (ns.content, ns.reasoning) == (content, reasoning)
    assert ns.replay["content"] == raw
    pieces = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    st, _ = stream(
        *[delta({"content": p}) for p in pieces[:-1]], delta({"content": pieces[-1]}, "stop")
    )
    assert (st.content, st.reasoning) == (content, reasoning)
    assert st.replay["content"] == raw


def test_r8_orphan_close_tag_means_everything_before_is_reasoning() -> None:
    """Output that started inside a template-opened <think> (docs/wire-format.md 'Orphan closing tag and implicit think') on a generic preset."""
    raw = "The user wants X.\n</think>\n\nHere is X."
    for preset in ("minimax", "openai-compatible"):
        ns = nonstream({"content": raw}, preset=preset)
        assert (ns.content, ns.reasoning) == ("Here is X.", "The user wants X.")
        st, _ = stream(
            delta({"content": raw[:10]}), delta({"content": raw[10:]}, "stop"), preset=preset
        )
        assert (st.content, st.reasoning) == ("Here is X.", "The user wants X.")
    # With the raw preset the split happens live, in the events too.
    st, events = stream(
        delta({"content": raw[:10]}), delta({"content": raw[10:]}, "stop"), preset="vllm-raw"
    )
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "Here is X."


def test_r8_unclosed_think_is_all_reasoning() -> None:
    ns = nonstream({"content": "<think>\nstill thinking when the budget ran out"}, "stop")
    assert ns.content == "" and ns.reasoning == "still thinking when the budget ran out"


def test_r4_length_with_only_reasoning_is_budget_exhausted() -> None:
    with pytest.raises(ReasoningBudgetExhaustedError):
        nonstream({"content": "<think>\nlong reasoning"}, "length")
    with pytest.raises(ReasoningBudgetExhaustedError):
        stream(delta({"content": "<think>\nlong"}), delta({"content": " reasoning"}, "length"))


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_r8_reasoning_fields(field: str) -> None:
    ns = nonstream({"content": "answer", field: "thought"})
    assert (ns.content, ns.reasoning) == ("answer", "thought")
    assert ns.replay[field] == "thought"
    st, _ = stream(
        delta({field: "tho"}), delta({field: "ught"}), delta({"content": "answer"}, "stop")
    )
    assert (st.content, st.reasoning) == ("answer", "thought")
    assert st.replay[field] == "thought"


def test_r8_openrouter_reasoning_and_details() -> None:
    details = [{"type": "reasoning.text", "text": "thought", "format": "unknown", "index": 0}]
    ns = nonstream(
        {"content": "answer", "reasoning": "thought", "reasoning_details": details},
        preset="openrouter",
    )
    assert (ns.content, ns.reasoning) == ("answer", "thought")
    assert ns.replay["reasoning_details"] == details


def test_structured_reasoning_chunk_does_not_parse_think_in_same_chunk() -> None:
    st, _ = stream(delta({"reasoning_content": "real", "content": "<think>x</think>shown"}, "stop"))
    assert st.reasoning == "real"
    assert "shown" in st.content


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        (
            ["The user", "The user is asking", "The user is asking how I am."],
            "The user is asking how I am.",
        ),
        (["The user", " is asking", " how I am."], "The user is asking how I am."),
        (["The user is", " asking", " The user is"], "The user is asking The user is"),
    ],
    ids=["cumulative", "incremental", "incremental-sharing-a-prefix"],
)
def test_r10_reasoning_details_cumulative_or_incremental(pieces: list[str], expected: str) -> None:
    chunks = [
        delta(
            {
                "reasoning_details": [
                    {
                        "type": "reasoning.text",
                        "id": "reasoning-text-1",
                        "format": "MiniMax-response-v1",
                        "index": 0,
                        "text": p,
                    }
                ]
            }
        )
        for p in pieces
    ]
    st, events = stream(*chunks, delta({"content": "fine"}, "stop"))
    assert st.reasoning == expected
    assert "".join(e.text for e in events if isinstance(e, ReasoningDelta)) == expected
    (detail,) = st.replay["reasoning_details"]
    assert detail["text"] == expected and detail["id"] == "reasoning-text-1"


# ------------------------------------------------------------------ docs/wire-format.md 'Streaming' envelope
def test_r13_role_empty_zero_usage_and_trailing_usage() -> None:
    st, _events = stream(
        delta(
            {"role": "", "reasoning_content": ""}, usage={"total_tokens": 0, "total_characters": 0}
        ),
        delta({"role": "assistant", "content": "Hi"}, "stop", usage=None),
        {
            "id": "s1",
            "choices": [],
            "usage": {
                "prompt_tokens": 3,
                "completion_tokens": 1,
                "total_tokens": 4,
                "prompt_tokens_details": {"cached_tokens": 2},
            },
        },
    )
    assert st.content == "Hi" and st.reasoning is None
    assert st.usage is not None and st.usage.as_dict() == {
        "prompt_tokens": 3,
        "completion_tokens": 1,
        "total_tokens": 4,
        "cached_tokens": 2,  # no reasoning_tokens: none was sent
    }


def test_r13_comments_crlf_and_named_ping_events_ignored() -> None:
    data = (
        b": keep-alive\r\n\r\nevent: ping\r\ndata: {}\r\n\r\n"
        b'data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}'
        b"\r\n\r\ndata: [DONE]\r\n\r\n"
    )
    p = StreamParser(REQ, resolve_model(REQ.model), get_preset("minimax"))
    events = p.feed(data) + p.close()
    assert events[-1].result.content == "ok"


# ------------------------------------------------------------------ tool calls
def test_invalid_tool_call_bad_json_kept_with_error_nonstream_and_stream() -> None:
    call = {
        "id": "call_function_9_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"location": "Par'},
    }
    ns = nonstream({"content": "", "tool_calls": [call]}, "tool_calls")
    assert ns.tool_calls == []
    (bad,) = ns.invalid_tool_calls
    assert (bad.id, bad.name, bad.raw_arguments) == (
        "call_function_9_1",
        "get_weather",
        '{"location": "Par',
    )
    assert "not valid JSON" in bad.error
    st, _ = stream(delta({"tool_calls": [{**call, "index": 0}]}, "tool_calls"))
    assert [(b.id, b.raw_arguments) for b in st.invalid_tool_calls] == [
        ("call_function_9_1", '{"location": "Par')
    ]


def test_full_call_repeated_in_later_chunks_counted_once() -> None:
    """dify#4271: the whole call repeated in several chunks."""
    entry = {
        "index": 0,
        "id": "c1",
        "type": "function",
        "function": {"name": "f", "arguments": '{"a": 1}'},
    }
    acc = ToolCallAccumulator()
    for _ in range(3):
        acc.add(json.loads(json.dumps(entry)))
    calls, invalid = acc.finalize()
    assert [(c.id, c.raw_arguments) for c in calls] == [("c1", '{"a": 1}')] and not invalid


def test_abab_entries_without_index_and_empty_continuation_id() -> None:
    acc = ToolCallAccumulator()
    acc.add({"id": "c1", "function": {"name": "f", "arguments": '{"a"'}})
    acc.add({"id": "", "function": {"arguments": ": 1}"}})  # spring-ai#1276
    acc.add({"id": "c2", "function": {"name": "g", "arguments": "{}"}})
    calls, _invalid = acc.finalize()
    assert [(c.id, c.name, c.arguments) for c in calls] == [("c1", "f", {"a": 1}), ("c2", "g", {})]


def test_late_name_is_merged() -> None:
    acc = ToolCallAccumulator()
    acc.add({"index": 0, "id": "c1", "function": {"arguments": "{}"}})
    acc.add({"index": 0, "function": {"name": "late"}})
    calls, _ = acc.finalize()
    assert calls[0].name == "late"


def test_r15_markup_values_typed_with_the_tool_schema() -> None:
    tool = ToolSpec(
        "search",
        "d",
        {
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "limit": {"type": "integer"},
                "exact": {"type": "boolean"},
                "tags": {"type": "array"},
                "filter": {"type": "object"},
                "note": {"type": "string"},
            },
        },
    )
    markup = (
        '<minimax:tool_call>\n<invoke name="search">\n'
        '<parameter name="query">42</parameter>\n'
        '<parameter name="limit">5</parameter>\n'
        '<parameter name="exact">true</parameter>\n'
        '<parameter name="tags">["a", "b"]</parameter>\n'
        '<parameter name="filter">{"x": 1}</parameter>\n'
        '<parameter name="note">null</parameter>\n'
        '</invoke>\n<invoke name="search">\n<parameter name="query">two</parameter>\n'
        "</invoke>\n</minimax:tool_call>"
    )
    calls = parse_tool_markup(markup, [tool])
    assert calls == [
        (
            "search",
            {
                "query": "42",
                "limit": 5,
                "exact": True,
                "tags": ["a", "b"],
                "filter": {"x": 1},
                "note": None,
            },
        ),
        ("search", {"query": "two"}),
    ]


def test_r15_text_before_markup_kept_and_parallel_calls() -> None:
    content = (
        "<think>\nr\n</think>\n\nLet me search.\n<minimax:tool_call>\n"
        '<invoke name="a">\n<parameter name="q">1</parameter>\n</invoke>\n'
        '<invoke name="b">\n<parameter name="q">x</parameter>\n</invoke>\n'
        "</minimax:tool_call>"
    )
    ns = nonstream({"content": content})
    assert ns.content == "Let me search."
    assert [(c.name, c.arguments) for c in ns.tool_calls] == [("a", {"q": 1}), ("b", {"q": "x"})]
    assert ns.finish_reason == "tool_calls"
    assert len({c.id for c in ns.tool_calls}) == 2


def test_markup_ignored_when_real_tool_calls_present() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "a", "arguments": "{}"}}
    ns = nonstream(
        {
            "content": '<minimax:tool_call>\n<invoke name="a">\n</invoke>\n</minimax:tool_call>',
            "tool_calls": [call],
        },
        "tool_calls",
    )
    assert [c.id for c in ns.tool_calls] == ["c1"]
