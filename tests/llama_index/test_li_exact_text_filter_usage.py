"""LlamaIndex ``MiniMax`` returns what the model wrote, fails on filtered answers, and reports
usage details only where MiniMax sent them.

Every response is built on MiniMax's own wire shapes (``minimax_testing/wire.py``), served in
process by ``minimax_testing/emulator/replies.py``: sync and async, streamed and not.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatMessage, ChatResponse

from llama_index_minimax import MiniMax
from minimax_testing.emulator.replies import WireReplies
from minimax_testing.wire import Answer, UsageShape
from minimax_transport import ContentFilterError

MODES = ["chat", "achat", "stream_chat", "astream_chat"]
USER = [ChatMessage(role="user", content="hi")]
CODE = "    def f():\n        return 1\n"


def _llm(replies: WireReplies, **kwargs: Any) -> MiniMax:
    sync, async_ = replies.clients()
    kwargs.setdefault("model", "MiniMax-M2.7")
    return MiniMax(
        api_key="test-key", max_retries=0, http_client=sync, async_http_client=async_, **kwargs
    )


def _run(llm: MiniMax, mode: str, seen: list[str] | None = None, **kwargs: Any) -> ChatResponse:
    """The final response; ``seen`` collects each streamed delta."""
    seen = seen if seen is not None else []
    if mode == "chat":
        return llm.chat(USER, **kwargs)
    if mode == "achat":
        return asyncio.run(llm.achat(USER, **kwargs))
    last: list[ChatResponse] = []
    if mode == "stream_chat":
        for r in llm.stream_chat(USER, **kwargs):
            seen.append(r.delta or "")
            last.append(r)
    else:

        async def go() -> None:
            async for r in await llm.astream_chat(USER, **kwargs):
                seen.append(r.delta or "")
                last.append(r)

        asyncio.run(go())
    return last[-1]


# ------------------------------------------------------------------ docs/wire-format.md 'Models and the catalog profile' exact text
@pytest.mark.parametrize("mode", MODES)
def test_code_answer_keeps_indentation_and_trailing_newline(mode: str) -> None:
    llm = _llm(WireReplies(Answer(reasoning=None, text=CODE)), model="MiniMax-Text-01")
    assert _run(llm, mode).message.content == CODE


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("split", [False, True])
def test_answer_after_reasoning_loses_only_the_separators(mode: str, split: bool) -> None:
    answer = Answer(reasoning="  indented plan\n", text="  - item\n\n")
    resp = _run(_llm(WireReplies(answer, split=split), reasoning_split=split), mode)
    assert resp.message.content == "  - item\n\n"
    assert resp.message.blocks[0].content == "  indented plan\n"  # type: ignore[union-attr]


@pytest.mark.parametrize("mode", MODES)
def test_stop_cuts_exactly_at_the_first_match(mode: str) -> None:
    llm = _llm(WireReplies(Answer(reasoning="plan", text="Here is my answer.")))
    seen: list[str] = []
    resp = _run(llm, mode, seen, stop=["answer"])
    assert resp.message.content == "Here is my "
    if mode.endswith("stream_chat"):
        assert "".join(seen) == "Here is my "


# ------------------------------------------------------------------ content filter
@pytest.mark.parametrize("mode", MODES)
def test_content_filtered_partial_answer_raises_with_the_partial_text(mode: str) -> None:
    text = "Once upon a time, in a land far away <\n"  # a tail the splitter holds back
    replies = WireReplies(Answer(reasoning="plan", text=text, finish_reason="content_filter"))
    seen: list[str] = []
    with pytest.raises(ContentFilterError) as info:
        _run(_llm(replies), mode, seen)
    assert info.value.partial_text == text
    assert info.value.code == 1027
    assert len(replies.bodies) == 1  # not retried
    if mode.endswith("stream_chat"):
        # the deltas reached the caller before the stream raised at its end
        assert "".join(seen) == text


# ------------------------------------------------------------------ docs/wire-format.md 'Streaming' usage
def _usage(mode: str, shape: UsageShape) -> tuple[dict[str, Any], dict[str, Any]]:
    """(``additional_kwargs`` token counts, ``raw["usage"]``) of the final response."""
    resp = _run(_llm(WireReplies(Answer(reasoning="plan", text="ok", usage=shape))), mode)
    counts = {k: v for k, v in resp.additional_kwargs.items() if k.endswith("tokens")}
    assert isinstance(resp.raw, dict)
    return counts, resp.raw["usage"]


@pytest.mark.parametrize("mode", MODES)
def test_usage_details_absent_when_not_sent(mode: str) -> None:
    counts, raw = _usage(mode, UsageShape(details=False, cached_tokens=None))
    assert counts == {"prompt_tokens": 20, "completion_tokens": 2, "total_tokens": 22}
    assert "reasoning_tokens" not in raw and "cached_tokens" not in raw


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("at_top", [False, True])
def test_usage_cache_read_and_creation(mode: str, at_top: bool) -> None:
    shape = UsageShape(
        cached_tokens=None,
        cache_read_input_tokens=12,
        cache_creation_input_tokens=7,
        cache_at_top=at_top,
    )
    counts, raw = _usage(mode, shape)
    assert counts["cached_tokens"] == raw["cached_tokens"] == 12
    assert counts["cache_creation_tokens"] == raw["cache_creation_tokens"] == 7
    assert counts["reasoning_tokens"] == 1


@pytest.mark.parametrize("mode", ["chat", "astream_chat"])
def test_usage_cache_read_larger_of_both_counters(mode: str) -> None:
    shape = UsageShape(cached_tokens=9, cache_read_input_tokens=4, cache_at_top=True)
    assert _usage(mode, shape)[0]["cached_tokens"] == 9
    shape = UsageShape(cached_tokens=3, cache_read_input_tokens=11)
    assert _usage(mode, shape)[0]["cached_tokens"] == 11
