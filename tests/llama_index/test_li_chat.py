"""Chat / completion mapping: reasoning, clean answers, streams, replay, usage (sync + async)."""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    TextBlock,
    ThinkingBlock,
)
from llama_index.core.callbacks import CallbackManager, TokenCountingHandler

from llama_index_minimax import REPLAY_KEY, MiniMax

A1_RAW = (
    '<think>\nThe user asks: "What is 7 times 8? Answer with just the number." So answer should '
    'be "56". However, check if any policy issues: This is a simple arithmetic question. Should '
    'answer just the number. So answer "56". There\'s no problem.\n</think>\n\n56'
)
A5_ANSWER_START = "**Proof.** An integer is odd iff it equals 2k + 1"
A5_ANSWER_END = "by definition, it is even.\n\n∎"
USER = [ChatMessage(role="user", content="What is 7 times 8? Answer with just the number.")]


def _check_a1(resp: ChatResponse) -> None:
    blocks = resp.message.blocks
    assert [type(b) for b in blocks] == [ThinkingBlock, TextBlock]
    thinking = blocks[0]
    assert isinstance(thinking, ThinkingBlock)
    assert thinking.content is not None
    assert thinking.content.startswith("The user asks:")
    assert "<think>" not in thinking.content and "</think>" not in thinking.content
    assert thinking.num_tokens == 60
    assert thinking.additional_information[REPLAY_KEY]["content"] == A1_RAW
    assert resp.message.additional_kwargs[REPLAY_KEY]["content"] == A1_RAW
    assert resp.message.content == "56"
    usage = {k: v for k, v in resp.additional_kwargs.items() if k.endswith("tokens")}
    # docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' sends no prompt_tokens_details: no cached_tokens, rather than an invented 0
    assert usage == {
        "prompt_tokens": 55,
        "completion_tokens": 61,
        "total_tokens": 116,
        "reasoning_tokens": 60,
    }
    assert isinstance(resp.raw, dict)
    assert resp.raw["usage"]["prompt_tokens"] == 55
    assert resp.raw["usage"]["completion_tokens"] == 61


@pytest.mark.vcr("a1_inline_think.yaml")
def test_chat_inline_think(llm: MiniMax, wire: Any) -> None:
    _check_a1(llm.chat(USER))
    body = wire.last
    assert body["model"] == "MiniMax-M2.7"
    assert body["messages"] == [{"role": "user", "content": USER[0].content}]
    assert "stream" not in body


@pytest.mark.vcr("a1_inline_think.yaml")
async def test_achat_inline_think(llm: MiniMax) -> None:
    _check_a1(await llm.achat(USER))


@pytest.mark.vcr("a1_inline_think.yaml")
def test_complete_text_is_clean(llm: MiniMax, wire: Any) -> None:
    resp = llm.complete("What is 7 times 8?")
    assert resp.text == "56"
    assert resp.additional_kwargs["reasoning"].startswith("The user asks:")
    assert resp.additional_kwargs["completion_tokens"] == 61
    assert resp.raw["usage"]["prompt_tokens"] == 55
    assert wire.last["messages"] == [{"role": "user", "content": "What is 7 times 8?"}]


@pytest.mark.vcr("a1_inline_think.yaml")
async def test_acomplete_text_is_clean(llm: MiniMax) -> None:
    resp = await llm.acomplete("What is 7 times 8?")
    assert resp.text == "56"
    assert "<think>" not in str(resp)


@pytest.mark.vcr("a1_inline_think.yaml")
def test_predict_is_clean(llm: MiniMax) -> None:
    from llama_index.core.prompts import PromptTemplate

    assert llm.predict(PromptTemplate("What is {a} times {b}?"), a=7, b=8) == "56"


# ------------------------------------------------------------------------------ streaming


def _check_a5_stream(chunks: list[ChatResponse]) -> None:
    deltas = "".join(c.delta or "" for c in chunks)
    thinking = "".join(c.additional_kwargs.get("thinking_delta") or "" for c in chunks)
    assert deltas.startswith(A5_ANSWER_START)
    assert deltas.endswith(A5_ANSWER_END)
    assert "<think>" not in deltas and "</think>" not in deltas
    assert thinking.strip().startswith("The user wants a proof")
    assert thinking.strip().endswith("straightforward and concise.")
    # the first chunk carries the first reasoning text (never dropped)
    assert (chunks[0].additional_kwargs.get("thinking_delta") or "").strip() == "The"
    final = chunks[-1]
    assert final.message.content == deltas
    thinking_block = final.message.blocks[0]
    assert isinstance(thinking_block, ThinkingBlock)
    assert thinking_block.content is not None
    assert thinking_block.content.strip() == thinking.strip()
    assert REPLAY_KEY in thinking_block.additional_information
    replay = final.message.additional_kwargs[REPLAY_KEY]
    assert replay["content"].startswith("<think>\nThe user wants a proof")
    # cumulative messages: every chunk holds everything so far
    texts = [c.message.content or "" for c in chunks]
    assert all(texts[i + 1].startswith(texts[i]) for i in range(len(texts) - 1))
    assert final.additional_kwargs["prompt_tokens"] == 767
    assert final.additional_kwargs["completion_tokens"] == 172
    assert final.additional_kwargs["reasoning_tokens"] == 25
    assert final.additional_kwargs["cached_tokens"] == 443
    assert final.raw["usage"]["total_tokens"] == 939


@pytest.mark.vcr("a5_stream_inline_usage.yaml")
def test_stream_chat_inline_think(llm: MiniMax, wire: Any) -> None:
    _check_a5_stream(list(llm.stream_chat(USER)))
    assert wire.last["stream"] is True
    assert wire.last["stream_options"] == {"include_usage": True}


@pytest.mark.vcr("a5_stream_inline_usage.yaml")
async def test_astream_chat_inline_think(llm: MiniMax) -> None:
    gen = await llm.astream_chat(USER)
    _check_a5_stream([c async for c in gen])


@pytest.mark.vcr("a5_stream_inline_usage.yaml")
def test_stream_complete(llm: MiniMax) -> None:
    chunks = list(llm.stream_complete("Prove it."))
    text = "".join(c.delta or "" for c in chunks)
    assert text.startswith(A5_ANSWER_START)
    assert chunks[-1].text == text
    assert chunks[0].additional_kwargs["thinking_delta"].strip() == "The"
    assert chunks[-1].additional_kwargs["cached_tokens"] == 443
    assert chunks[-1].raw["usage"]["prompt_tokens"] == 767


@pytest.mark.vcr("a5_stream_inline_usage.yaml")
async def test_astream_complete(llm: MiniMax) -> None:
    gen = await llm.astream_complete("Prove it.")
    chunks = [c async for c in gen]
    text = "".join(c.delta or "" for c in chunks)
    assert text.endswith(A5_ANSWER_END)
    assert chunks[-1].text == text
    assert "<think>" not in chunks[-1].text


@pytest.mark.vcr("a9_stream_hello.yaml")
def test_stream_without_usage_chunk(llm: MiniMax) -> None:
    chunks = list(llm.stream_chat(USER))
    assert "".join(c.delta or "" for c in chunks) == "Hello! How can I help you today?"
    assert chunks[-1].message.content == "Hello! How can I help you today?"
    assert chunks[0].additional_kwargs["thinking_delta"].strip() == "The user"


@pytest.mark.vcr("a9_stream_hello.yaml")
def test_stream_predict_is_clean(llm: MiniMax) -> None:
    from llama_index.core.prompts import PromptTemplate

    text = "".join(llm.stream(PromptTemplate("Say {x}"), x="hello"))
    assert text == "Hello! How can I help you today?"


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("reasoning_only_first_chunk.yaml")
async def test_first_chunk_never_dropped(llm: MiniMax, mode: str) -> None:
    if mode == "sync":
        chunks = list(llm.stream_chat(USER))
    else:
        chunks = [c async for c in await llm.astream_chat(USER)]
    assert chunks[0].additional_kwargs["thinking_delta"] == "First"
    assert chunks[0].delta == ""
    thinking = "".join(c.additional_kwargs.get("thinking_delta") or "" for c in chunks)
    assert thinking == "First second."
    assert chunks[-1].message.content == "Done."
    assert chunks[-1].additional_kwargs["reasoning_tokens"] == 4


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.vcr("split_stream_incremental.yaml")
async def test_split_stream_reasoning_details(llm: MiniMax, mode: str) -> None:
    if mode == "sync":
        chunks = list(llm.stream_chat(USER))
    else:
        chunks = [c async for c in await llm.astream_chat(USER)]
    thinking = "".join(c.additional_kwargs.get("thinking_delta") or "" for c in chunks)
    assert thinking == "The user is asking how I am."
    assert "".join(c.delta or "" for c in chunks) == "I'm doing well, thanks for asking!"
    final = chunks[-1].message
    assert final.content == "I'm doing well, thanks for asking!"
    details = final.additional_kwargs[REPLAY_KEY]["reasoning_details"]
    assert "".join(d["text"] for d in details) == "The user is asking how I am."
    assert chunks[-1].additional_kwargs["prompt_tokens"] == 30


# ------------------------------------------------------------------------------ other dialects


@pytest.mark.vcr("a7_m1_reasoning_content.yaml")
def test_m1_reasoning_content(make_llm: Any) -> None:
    resp = make_llm(model="MiniMax-M1").chat(USER)
    assert resp.message.content == "Hello! How can I assist you?"
    thinking = resp.message.blocks[0]
    assert isinstance(thinking, ThinkingBlock)
    assert thinking.content == "...omitted"
    assert resp.additional_kwargs["reasoning_tokens"] == 214


@pytest.mark.vcr("m3_split.yaml")
async def test_m3_split_non_stream(make_llm: Any) -> None:
    resp = await make_llm(model="MiniMax-M3").achat(USER)
    assert resp.message.content == "**40 km/h**\n\nTotal distance: 120 km over 3 h."
    thinking = resp.message.blocks[0]
    assert isinstance(thinking, ThinkingBlock)
    assert thinking.content == "Average speed = total distance / total time = 120 km / 3 h."
    replay = resp.message.additional_kwargs[REPLAY_KEY]
    assert replay["reasoning_details"][0]["id"] == "reasoning-text-1"


# ------------------------------------------------------------------------------ replay


@pytest.mark.vcr("replay_inline.yaml")
def test_replay_inline_verbatim(llm: MiniMax, wire: Any) -> None:
    first = llm.chat(USER)
    history = [*USER, first.message, ChatMessage(role="user", content="Double it.")]
    second = llm.chat(history)
    assert second.message.content == "112"
    sent = wire.messages(1)
    assert sent[1] == {"role": "assistant", "content": A1_RAW}
    assert sent[2] == {"role": "user", "content": "Double it."}


@pytest.mark.vcr("replay_split.yaml")
async def test_replay_split_verbatim(make_llm: Any, wire: Any) -> None:
    llm = make_llm(model="MiniMax-M3")
    first = await llm.achat(USER)
    await llm.achat([*USER, first.message, ChatMessage(role="user", content="And 60 km?")])
    assistant = wire.messages(1)[1]
    assert assistant["role"] == "assistant"
    assert assistant["content"] == "**40 km/h**"
    assert assistant["reasoning_details"] == [
        {
            "type": "reasoning.text",
            "id": "reasoning-text-1",
            "format": "MiniMax-response-v1",
            "index": 0,
            "text": "Average speed = total distance / total time = 120 km / 3 h.",
        }
    ]
    assert "<think>" not in assistant["content"]


@pytest.mark.vcr("replay_inline.yaml")
def test_replay_survives_serialisation(llm: MiniMax, wire: Any) -> None:
    """Memory stores round-trip messages through JSON: the replay payload must survive."""
    first = llm.chat(USER)
    restored = ChatMessage.model_validate_json(first.message.model_dump_json())
    llm.chat([*USER, restored, ChatMessage(role="user", content="Double it.")])
    assert wire.messages(1)[1]["content"] == A1_RAW


@pytest.mark.vcr("handbuilt_thinking.yaml")
def test_handbuilt_thinking_block_canonical_inline(llm: MiniMax, wire: Any) -> None:
    history = [
        ChatMessage(role="user", content="Hi"),
        ChatMessage(
            role="assistant",
            blocks=[ThinkingBlock(content="Greet back."), TextBlock(text="Hello!")],
        ),
        ChatMessage(role="user", content="Can you help?"),
    ]
    assert llm.chat(history).message.content == "Sure."
    assert wire.last["messages"][1] == {
        "role": "assistant",
        "content": "<think>\nGreet back.\n</think>\n\nHello!",
    }


@pytest.mark.vcr("a1_inline_think.yaml")
def test_system_messages_and_roles_mapping(llm: MiniMax, wire: Any) -> None:
    llm.chat(
        [
            ChatMessage(role="system", content="Be brief."),
            ChatMessage(role="developer", content="Numbers only."),
            ChatMessage(role="user", content="7*8?", additional_kwargs={"name": "ada"}),
        ],
        top_p=0.9,
        stop="END",
        extra_body={"mask_sensitive_info": True},
    )
    body = wire.last
    assert body["messages"][0] == {"role": "system", "content": "Be brief.\n\nNumbers only."}
    assert body["messages"][1] == {"role": "user", "content": "7*8?", "name": "ada"}
    assert body["top_p"] == 0.9
    assert body["mask_sensitive_info"] is True
    assert "stop" not in body  # M2.7 ignores stop: the transport enforces it client-side


# ------------------------------------------------------------------------------ usage


@pytest.mark.vcr("a1_inline_think.yaml")
def test_token_counting_handler_chat(make_llm: Any) -> None:
    counter = TokenCountingHandler()
    llm = make_llm(callback_manager=CallbackManager([counter]))
    llm.chat(USER)
    assert counter.prompt_llm_token_count == 55
    assert counter.completion_llm_token_count == 61


@pytest.mark.vcr("a5_stream_inline_usage.yaml")
async def test_token_counting_handler_stream(make_llm: Any) -> None:
    counter = TokenCountingHandler()
    llm = make_llm(callback_manager=CallbackManager([counter]))
    async for _ in await llm.astream_chat(USER):
        pass
    assert counter.prompt_llm_token_count == 767
    assert counter.completion_llm_token_count == 172


# ------------------------------------------------------------------------------ callbacks


class _Limiter:
    def __init__(self) -> None:
        self.calls = 0

    def acquire(self) -> None:
        self.calls += 1

    async def async_acquire(self) -> None:
        self.calls += 1


@pytest.mark.vcr("a5_stream_inline_usage.yaml")
async def test_instrumentation_events_and_rate_limiter(make_llm: Any) -> None:
    from llama_index.core.instrumentation import get_dispatcher
    from llama_index.core.instrumentation.event_handlers import BaseEventHandler
    from llama_index.core.instrumentation.events import BaseEvent
    from llama_index.core.instrumentation.events.llm import (
        LLMChatEndEvent,
        LLMChatInProgressEvent,
        LLMChatStartEvent,
    )

    seen: list[BaseEvent] = []

    class Collect(BaseEventHandler):
        def handle(self, event: BaseEvent, **kwargs: Any) -> None:
            seen.append(event)

    limiter = _Limiter()
    llm = make_llm(rate_limiter=limiter, api_key="sk-never-in-events")
    root = get_dispatcher()
    handler = Collect()
    root.add_event_handler(handler)
    try:
        chunks = [c async for c in await llm.astream_chat(USER)]
    finally:
        root.event_handlers.remove(handler)
    assert limiter.calls == 1
    start = next(e for e in seen if isinstance(e, LLMChatStartEvent))
    assert start.model_dict["class_name"] == "llama_index_minimax.MiniMax"
    assert "sk-never-in-events" not in str(start.model_dict)
    progress = [e for e in seen if isinstance(e, LLMChatInProgressEvent)]
    assert len(progress) == len(chunks)
    end = next(e for e in seen if isinstance(e, LLMChatEndEvent))
    assert end.response is not None
    assert end.response.message.content == chunks[-1].message.content
