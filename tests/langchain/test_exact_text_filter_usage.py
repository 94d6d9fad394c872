"""ChatMiniMax returns what the model wrote, fails on filtered answers, and reports usage
details only where MiniMax sent them.

Every response is built on MiniMax's own wire shapes (``minimax_testing/wire.py``), served in
process by ``minimax_testing/emulator/replies.py``: sync and async, streamed and not.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_minimax import ChatMiniMax
from minimax_testing.emulator.replies import WireReplies
from minimax_testing.wire import Answer, UsageShape
from minimax_transport import ContentFilterError

MODES = ["invoke", "ainvoke", "stream", "astream"]
CODE = "    def f():\n        return 1\n"


def _llm(replies: WireReplies, **kwargs: Any) -> ChatMiniMax:
    sync, async_ = replies.clients()
    params: dict[str, Any] = {
        "model": "MiniMax-M2.7",
        "api_key": "test-key",
        "preset": "minimax",
        "max_retries": 0,
        "http_client": sync,
        "http_async_client": async_,
    }
    params.update(kwargs)
    return ChatMiniMax(**params)


def _run(llm: ChatMiniMax, mode: str, **kwargs: Any) -> tuple[Any, list[str]]:
    """The final message and the text of each chunk seen (streams)."""
    seen: list[str] = []
    if mode == "invoke":
        return llm.invoke("hi", **kwargs), seen
    if mode == "ainvoke":
        return asyncio.run(llm.ainvoke("hi", **kwargs)), seen

    chunks: list[AIMessageChunk] = []
    if mode == "stream":
        chunks = list(llm.stream("hi", **kwargs))
    else:

        async def collect() -> None:
            async for chunk in llm.astream("hi", **kwargs):
                chunks.append(chunk)

        asyncio.run(collect())
    seen = [c.text for c in chunks]
    full = chunks[0]
    for c in chunks[1:]:
        full = full + c
    return full, seen


# ------------------------------------------------------------------ docs/wire-format.md 'Models and the catalog profile' exact text
@pytest.mark.parametrize("mode", MODES)
def test_code_answer_keeps_indentation_and_trailing_newline(mode: str) -> None:
    llm = _llm(WireReplies(Answer(reasoning=None, text=CODE)), model="MiniMax-Text-01")
    msg, _ = _run(llm, mode)
    assert msg.content == CODE


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("split", [False, True])
def test_answer_after_reasoning_loses_only_the_separators(mode: str, split: bool) -> None:
    answer = Answer(reasoning="  indented plan\n", text="  - item\n\n")
    msg, _ = _run(_llm(WireReplies(answer, split=split), reasoning_split=split), mode)
    assert msg.content == "  - item\n\n"
    assert msg.additional_kwargs["reasoning_content"] == "  indented plan\n"


@pytest.mark.parametrize("mode", MODES)
def test_stop_cuts_exactly_at_the_first_match(mode: str) -> None:
    llm = _llm(WireReplies(Answer(reasoning="plan", text="Here is my answer.")))
    msg, seen = _run(llm, mode, stop=["answer"])
    assert msg.content == "Here is my "
    assert msg.response_metadata["finish_reason"] == "stop"
    if seen:
        assert "".join(seen) == "Here is my "


# ------------------------------------------------------------------ content filter
@pytest.mark.parametrize("mode", MODES)
def test_content_filtered_partial_answer_raises_with_the_partial_text(mode: str) -> None:
    text = "Once upon a time, in a land far away <\n"  # a tail the splitter holds back
    replies = WireReplies(Answer(reasoning="plan", text=text, finish_reason="content_filter"))
    llm = _llm(replies)
    seen: list[str] = []
    with pytest.raises(ContentFilterError) as info:
        if mode.endswith("stream"):
            if mode == "stream":
                for chunk in llm.stream("hi"):
                    seen.append(chunk.text)
            else:

                async def go() -> None:
                    async for chunk in llm.astream("hi"):
                        seen.append(chunk.text)

                asyncio.run(go())
        else:
            _run(llm, mode)
    assert info.value.partial_text == text
    assert info.value.code == 1027
    assert not info.value.retryable
    assert len(replies.bodies) == 1  # not retried
    if mode.endswith("stream"):
        # the deltas reached the caller before the stream raised at its end
        assert "".join(seen) == text


# ------------------------------------------------------------------ docs/wire-format.md 'Streaming' usage
def _usage(mode: str, shape: UsageShape) -> Any:
    llm = _llm(WireReplies(Answer(reasoning="plan", text="ok", usage=shape)))
    msg, _ = _run(llm, mode)
    return msg.usage_metadata


@pytest.mark.parametrize("mode", MODES)
def test_usage_details_absent_when_not_sent(mode: str) -> None:
    usage = _usage(mode, UsageShape(details=False, cached_tokens=None))
    assert usage is not None
    assert "input_token_details" not in usage
    assert "output_token_details" not in usage
    assert usage["input_tokens"] == 20


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("at_top", [False, True])
def test_usage_cache_read_and_creation(mode: str, at_top: bool) -> None:
    shape = UsageShape(
        cached_tokens=None,
        cache_read_input_tokens=12,
        cache_creation_input_tokens=7,
        cache_at_top=at_top,
    )
    usage = _usage(mode, shape)
    assert usage["input_token_details"] == {"cache_read": 12, "cache_creation": 7}
    assert usage["output_token_details"]["reasoning"] == 1


@pytest.mark.parametrize("mode", ["invoke", "astream"])
def test_usage_cache_read_larger_of_both_counters(mode: str) -> None:
    shape = UsageShape(cached_tokens=9, cache_read_input_tokens=4, cache_at_top=True)
    assert _usage(mode, shape)["input_token_details"] == {"cache_read": 9}
    shape = UsageShape(cached_tokens=3, cache_read_input_tokens=11)
    assert _usage(mode, shape)["input_token_details"] == {"cache_read": 11}
