"""CPU per async call of the frameworks' own call paths with no I/O at all (run by hand).

    python -m bench.async_floor

A ``BaseChatModel`` whose ``_agenerate`` returns a ready ``ChatResult`` (``ainvoke``) and a
LlamaIndex ``CustomLLM`` whose ``achat`` returns a ready ``ChatResponse``, gathered at 64 and
256 in flight like the benchmark's async workload; median of 5 samples. What is left of an
adapter's CPU per request above the transport's and this floor is the adapter's mapping.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from llama_index.core.llms import (
    ChatMessage,
    ChatResponse,
    CompletionResponse,
    CustomLLM,
    LLMMetadata,
)
from llama_index.core.llms.callbacks import llm_chat_callback


class Floor(BaseChatModel):
    @property
    def _llm_type(self) -> str:
        return "floor"

    def _generate(self, messages: list[BaseMessage], *a: Any, **k: Any) -> ChatResult:
        raise NotImplementedError

    async def _agenerate(self, messages: list[BaseMessage], *a: Any, **k: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="56"))])


class LiFloor(CustomLLM):
    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata()

    def complete(self, *a: Any, **k: Any) -> CompletionResponse:
        return CompletionResponse(text="56")

    def stream_complete(self, *a: Any, **k: Any) -> Any:
        raise NotImplementedError

    @llm_chat_callback()
    async def achat(self, messages: Sequence[ChatMessage], **kw: Any) -> ChatResponse:
        return ChatResponse(message=ChatMessage(role="assistant", content="56"))


async def _run(call: Callable[[], Awaitable[Any]], n: int, level: int) -> None:
    sem = asyncio.Semaphore(level)

    async def one() -> None:
        async with sem:
            await call()

    await asyncio.gather(*(one() for _ in range(n)))


def main() -> None:
    lc, msgs = Floor(), [HumanMessage("What is 7 times 8?")]
    li, li_msgs = LiFloor(), [ChatMessage(role="user", content="What is 7 times 8?")]
    calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("LangChain BaseChatModel.ainvoke (no I/O)", lambda: lc.ainvoke(msgs)),
        ("LlamaIndex LLM.achat (no I/O)", lambda: li.achat(li_msgs)),
    ]
    for name, call in calls:
        for level, n in ((64, 384), (256, 768)):
            samples = []
            for _ in range(5):
                gc.collect()
                c0 = time.process_time()
                asyncio.run(_run(call, n, level))
                samples.append((time.process_time() - c0) / n * 1e6)
            samples.sort()
            print(f"{name} at {level} in flight: {samples[2]:.0f} µs CPU per call")


if __name__ == "__main__":
    main()
