"""Structured output: function-calling path (forced, emulated), streaming, text path."""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatMessage
from llama_index.core.bridge.pydantic import BaseModel
from llama_index.core.prompts import PromptTemplate
from llama_index.core.types import PydanticProgramMode

from llama_index_minimax import MiniMax

PROMPT = PromptTemplate("Extract the person from: {text}")
TEXT = "Ada Lovelace, aged 36, wrote the first program."


class Person(BaseModel):
    """A person mentioned in the text."""

    name: str
    age: int


def _forced(body: dict[str, Any]) -> None:
    """M2.x ignores a forced tool_choice: the transport sends only the tool and an instruction
    instead of a tool_choice the model would silently drop (rule docs/wire-format.md 'tool_choice and forcing emulation')."""
    assert [t["function"]["name"] for t in body["tools"]] == ["Person"]
    assert body.get("tool_choice") in (None, "auto")
    assert "Tool use is required" in body["messages"][0]["content"]


@pytest.mark.vcr("tool_call.yaml")
def test_structured_predict_function_calling(llm: MiniMax, wire: Any) -> None:
    person = llm.structured_predict(Person, PROMPT, text=TEXT)
    assert person == Person(name="Ada Lovelace", age=36)
    _forced(wire.last)
    assert wire.last["messages"][-1]["content"] == f"Extract the person from: {TEXT}"


@pytest.mark.vcr("tool_call.yaml")
async def test_astructured_predict_function_calling(llm: MiniMax, wire: Any) -> None:
    person = await llm.astructured_predict(Person, PROMPT, text=TEXT)
    assert person == Person(name="Ada Lovelace", age=36)
    _forced(wire.last)


@pytest.mark.vcr("forcing_emulated.yaml")
def test_forcing_emulated_when_model_ignores_it(llm: MiniMax, wire: Any) -> None:
    person = llm.structured_predict(Person, PROMPT, text=TEXT)
    assert person == Person(name="Ada Lovelace", age=36)
    assert len(wire.bodies) == 2
    reminder = wire.bodies[1]["messages"][-1]
    assert reminder["role"] == "user"
    assert "did not call a tool" in reminder["content"]


@pytest.mark.vcr("forcing_emulated.yaml")
async def test_forcing_emulated_async(llm: MiniMax, wire: Any) -> None:
    person = await llm.astructured_predict(Person, PROMPT, text=TEXT)
    assert person.age == 36
    assert len(wire.bodies) == 2


@pytest.mark.vcr("tool_call.yaml")
def test_as_structured_llm(llm: MiniMax) -> None:
    sllm = llm.as_structured_llm(Person)
    resp = sllm.chat([ChatMessage(role="user", content=TEXT)])
    assert resp.raw == Person(name="Ada Lovelace", age=36)
    assert Person.model_validate_json(resp.message.content or "") == resp.raw


@pytest.mark.vcr("tool_call.yaml")
async def test_as_structured_llm_async(llm: MiniMax) -> None:
    resp = await llm.as_structured_llm(Person).achat([ChatMessage(role="user", content=TEXT)])
    assert resp.raw == Person(name="Ada Lovelace", age=36)


@pytest.mark.vcr("stream_tool_call.yaml")
def test_stream_structured_predict(llm: MiniMax, wire: Any) -> None:
    partials = list(llm.stream_structured_predict(Person, PROMPT, text=TEXT))
    assert partials, "no partial objects streamed"
    final = partials[-1]
    assert isinstance(final, Person)
    assert final == Person(name="Ada Lovelace", age=36)
    assert len(partials) >= 2  # partial objects arrive before the last fragment
    assert wire.last["stream"] is True
    # llama-index-core's FunctionCallingProgram.stream_call asks for neither tool_required nor
    # a tool_choice, so the streamed path offers the tool without forcing it.
    assert [t["function"]["name"] for t in wire.last["tools"]] == ["Person"]


@pytest.mark.vcr("stream_tool_call.yaml")
async def test_astream_structured_predict(llm: MiniMax) -> None:
    gen = await llm.astream_structured_predict(Person, PROMPT, text=TEXT)
    partials = [p async for p in gen]
    assert partials[-1] == Person(name="Ada Lovelace", age=36)


@pytest.mark.vcr("text_mode.yaml")
def test_text_path_parses_answer_without_reasoning(make_llm: Any, wire: Any) -> None:
    llm = make_llm(pydantic_program_mode=PydanticProgramMode.LLM)
    person = llm.structured_predict(Person, PROMPT, text=TEXT)
    assert person == Person(name="Ada Lovelace", age=36)
    assert "tools" not in wire.last
