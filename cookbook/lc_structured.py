"""Recipe 3 — LangChain: ``with_structured_output`` into a pydantic model.

The default method is function calling. MiniMax M2.x ignores a forced ``tool_choice``, so the
transport emulates it (only the schema tool is offered, with an instruction to call it, and one
retry) and raises ``ToolChoiceNotHonouredError`` if the model still answers in prose.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from cookbook import display
from langchain_minimax import ChatMiniMax


class Movie(BaseModel):
    """A movie and why it is worth watching."""

    title: str = Field(description="The movie's title")
    year: int = Field(description="Release year")
    director: str
    reason: str = Field(description="One sentence on why it is worth watching")


QUESTION = "Recommend one classic science-fiction movie."


def main() -> Movie:
    display.title("LangChain: with_structured_output(Movie)")
    display.question(QUESTION)
    llm = ChatMiniMax(model="MiniMax-M2.7")
    structured = llm.with_structured_output(Movie, include_raw=True)
    out = structured.invoke(QUESTION)
    display.reasoning(out["raw"].additional_kwargs.get("reasoning_content"))
    movie = out["parsed"]
    assert isinstance(movie, Movie), out
    display.answer(repr(movie))
    return movie


if __name__ == "__main__":
    main()
