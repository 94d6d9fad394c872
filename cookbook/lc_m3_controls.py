"""Recipe — LangChain: MiniMax-M3 with and without thinking, and an image.

MiniMax-M3 thinks by default (``thinking: {"type": "adaptive"}``); ``{"type": "disabled"}``
switches it off for a faster, cheaper answer. Both are typed settings on ``ChatMiniMax`` —
on the constructor or per call — and the transport checks them against the model (the M3.1
family, for instance, always thinks and takes ``reasoning_effort`` instead). M3 also reads
images: a standard LangChain image block is sent as MiniMax's ``image_url`` part.
"""

from __future__ import annotations

import base64
from pathlib import Path

from langchain_core.messages import HumanMessage

from cookbook import display
from langchain_minimax import ChatMiniMax

QUESTION = "Is 221 a prime number? Answer in one sentence."
IMAGE = Path(__file__).parent / "images" / "red_square.png"


def main() -> list[str]:
    display.title("LangChain: MiniMax-M3 with and without thinking, and an image")
    llm = ChatMiniMax(model="MiniMax-M3")
    answers: list[str] = []

    display.question(QUESTION + "   [thinking: adaptive, MiniMax's default]")
    msg = llm.invoke(QUESTION)
    display.reasoning(msg.additional_kwargs.get("reasoning_content", ""))
    display.answer(msg.text)
    answers.append(msg.text)

    display.question(QUESTION + "   [thinking: disabled]")
    msg = llm.invoke(QUESTION, thinking={"type": "disabled"})
    assert "reasoning_content" not in msg.additional_kwargs  # no thinking this time
    display.answer(msg.text)
    answers.append(msg.text)

    display.question("What is in this image?   [a PNG sent as a standard image block]")
    image = base64.b64encode(IMAGE.read_bytes()).decode()
    msg = llm.invoke(
        [
            HumanMessage(
                [
                    {"type": "text", "text": "What is in this image? One sentence."},
                    {"type": "image", "base64": image, "mime_type": "image/png"},
                ]
            )
        ]
    )
    display.reasoning(msg.additional_kwargs.get("reasoning_content", ""))
    display.answer(msg.text)
    answers.append(msg.text)
    return answers


if __name__ == "__main__":
    main()
