"""Recipe 1 — LangChain: prompt | ChatMiniMax | parser, streamed, reasoning shown apart.

MiniMax M2.x always thinks first. ChatMiniMax puts the thinking in
``AIMessageChunk.additional_kwargs["reasoning_content"]`` and only the answer in ``content``,
so a ``StrOutputParser`` at the end of the chain never sees a ``<think>`` tag.
"""

from __future__ import annotations

import asyncio

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from cookbook import display
from langchain_minimax import ChatMiniMax

QUESTION = "Why is the sky blue? Answer in two sentences."


async def run() -> str:
    llm = ChatMiniMax(model="MiniMax-M2.7", temperature=1.0)
    prompt = ChatPromptTemplate.from_messages(
        [("system", "You are a concise science tutor."), ("user", "{question}")]
    )
    chain = prompt | llm | StrOutputParser()

    display.question(QUESTION)
    out = display.Streamer()
    parsed: list[str] = []
    usage = None
    # astream_events shows every step of the chain: the model's chunks (reasoning + answer)
    # and the parser's output (answer only).
    async for event in chain.astream_events({"question": QUESTION}, version="v2"):
        if event["event"] == "on_chat_model_stream":
            chunk = event["data"]["chunk"]
            out.reasoning(chunk.additional_kwargs.get("reasoning_content", ""))
            if chunk.usage_metadata:
                usage = chunk.usage_metadata
        elif event["event"] == "on_parser_stream":
            out.answer(event["data"]["chunk"])
            parsed.append(event["data"]["chunk"])
    out.end()
    if usage:
        display.usage(
            usage["input_tokens"],
            usage["output_tokens"],
            usage.get("output_token_details", {}).get("reasoning"),
            usage["total_tokens"],
        )
    answer = "".join(parsed)
    assert "<think>" not in answer
    return answer


def main() -> str:
    display.title("LangChain: prompt | ChatMiniMax | StrOutputParser (streamed)")
    return asyncio.run(run())


if __name__ == "__main__":
    main()
