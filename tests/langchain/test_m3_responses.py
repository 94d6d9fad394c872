"""M3 / M3.1 answers through ``ChatMiniMax`` against the loopback emulator (127.0.0.1, an
OS-picked port): split and inline reasoning with an image in the history, thinking switched
off, effort levels — and the history sent back exactly as MiniMax returned it."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage

from langchain_minimax import REPLAY_KEY, ChatMiniMax
from minimax_testing.emulator import MiniMaxEmulator
from minimax_transport import RECEIVED_KEY, BadRequestError, ModelControlError
from tests.langchain.seed_image_cassettes import synthetic_png

PNG = base64.b64encode(synthetic_png(32, 16)).decode()
IMAGE_TURN = HumanMessage(
    [
        {"type": "text", "text": "What is in this picture?"},
        {"type": "image", "base64": PNG, "mime_type": "image/png"},
    ]
)


def _wire_fields(replay: dict[str, Any]) -> dict[str, Any]:
    """The replay payload's wire fields (without what they were parsed into)."""
    return {k: v for k, v in replay.items() if k != RECEIVED_KEY}


@pytest.fixture(scope="module")
def emulator() -> Iterator[MiniMaxEmulator]:
    with MiniMaxEmulator(port=0) as emu:
        yield emu


class Recorder:
    def __init__(self) -> None:
        import httpx

        self.bodies: list[dict[str, Any]] = []
        self.client = httpx.Client(event_hooks={"request": [self._hook]})

    def _hook(self, request: Any) -> None:
        import json

        self.bodies.append(json.loads(request.read()))


def _llm(emulator: MiniMaxEmulator, rec: Recorder, **kwargs: Any) -> ChatMiniMax:
    return ChatMiniMax(
        api_key="test-key-not-a-real-key",
        base_url=emulator.base_url,
        http_client=rec.client,
        **{"model": "MiniMax-M3", "preset": "minimax", **kwargs},
    )


@pytest.mark.parametrize("split", [None, False], ids=["split", "inline"])
@pytest.mark.parametrize("stream", [False, True], ids=["invoke", "stream"])
def test_m3_reasoning_with_an_image_in_history(
    emulator: MiniMaxEmulator, split: bool | None, stream: bool
) -> None:
    rec = Recorder()
    llm = _llm(emulator, rec, reasoning_split=split)

    def ask(messages: list[Any]) -> AIMessage:
        if not stream:
            return llm.invoke(messages)
        full: AIMessageChunk | None = None
        for chunk in llm.stream(messages):
            full = chunk if full is None else full + chunk
        assert full is not None
        return full

    first = ask([IMAGE_TURN])
    assert first.content == "I see a 32x16 PNG image."  # clean: no <think>
    assert first.additional_kwargs["reasoning_content"].startswith("The user sent 1 attachment")
    assert [b["type"] for b in first.content_blocks] == ["reasoning", "text"]
    sent = rec.bodies[0]["messages"][0]["content"]
    assert sent[1] == {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}}

    second = ask([IMAGE_TURN, first, HumanMessage("Hello again")])
    assert second.content == "Hello! How can I help you today?"
    history = rec.bodies[1]["messages"]
    assert history[0]["content"][1]["type"] == "image_url"  # the image stays in the history
    replay = _wire_fields(first.additional_kwargs[REPLAY_KEY])
    assert history[1] == {"role": "assistant", **replay}  # sent back verbatim
    if split is None and not stream:  # M3 split: reasoning_content *and* reasoning_details
        assert replay["reasoning_content"] == replay["reasoning_details"][0]["text"]
    if split is False:
        assert history[1]["content"].startswith("<think>\n")


def test_m3_thinking_disabled_answers_without_reasoning(emulator: MiniMaxEmulator) -> None:
    rec = Recorder()
    msg = _llm(emulator, rec, thinking={"type": "disabled"}).invoke("Hello")
    assert rec.bodies[0]["thinking"] == {"type": "disabled"}
    assert msg.content == "Hello! How can I help you today?"
    assert "reasoning_content" not in msg.additional_kwargs
    assert msg.usage_metadata is not None
    assert msg.usage_metadata.get("output_token_details", {}).get("reasoning", 0) == 0


def test_m31_effort_changes_the_reasoning(emulator: MiniMaxEmulator) -> None:
    rec = Recorder()
    llm = _llm(emulator, rec, model="MiniMax-M3.1-Flash")
    low = llm.invoke("Hello", reasoning_effort="low")
    default = llm.invoke("Hello")
    assert [b.get("reasoning_effort") for b in rec.bodies] == ["low", None]
    assert len(low.additional_kwargs["reasoning_content"]) < len(
        default.additional_kwargs["reasoning_content"]
    )
    assert low.usage_metadata and default.usage_metadata
    assert (
        low.usage_metadata["output_token_details"]["reasoning"]
        < default.usage_metadata["output_token_details"]["reasoning"]
    )


def test_m31_disabled_thinking_never_reaches_the_server(emulator: MiniMaxEmulator) -> None:
    rec = Recorder()
    llm = _llm(emulator, rec, model="MiniMax-M3.1-Flash", thinking={"type": "disabled"})
    with pytest.raises(ModelControlError):
        llm.invoke("Hello")
    assert rec.bodies == []
    # What the server says when a host (not the official preset) passes it through:
    other = _llm(emulator, rec, model="MiniMax-M3.1-Flash", preset="openai-compatible")
    with pytest.raises(BadRequestError, match="requires adaptive thinking"):
        other.invoke("Hello", thinking={"type": "disabled"})


def test_create_agent_with_middleware_setting_effort_per_step(emulator: MiniMaxEmulator) -> None:
    """A ``wrap_model_call`` middleware asks for low effort while choosing a tool and leaves
    MiniMax's default (max) for the final answer; the reasoning is replayed between steps."""
    from langchain.agents import create_agent
    from langchain.agents.middleware import wrap_model_call
    from langchain_core.messages import ToolMessage
    from langchain_core.tools import tool

    @tool
    def get_weather(location: str) -> str:
        """Get the weather at a location."""
        return "24C, sunny"

    @wrap_model_call
    def cheap_tool_choice(request: Any, handler: Any) -> Any:
        if not any(isinstance(m, ToolMessage) for m in request.messages):
            settings = {**request.model_settings, "reasoning_effort": "low"}
            request = request.override(model_settings=settings)
        return handler(request)

    rec = Recorder()
    llm = _llm(emulator, rec, model="MiniMax-M3.1-Flash", thinking={"type": "adaptive"})
    agent = create_agent(llm, [get_weather], middleware=[cheap_tool_choice])
    state = agent.invoke({"messages": [("user", "How is the weather in Paris?")]})
    messages = state["messages"]
    assert messages[1].tool_calls[0]["name"] == "get_weather"
    assert messages[-1].content == "The tool returned: 24C, sunny"
    assert [b.get("reasoning_effort") for b in rec.bodies] == ["low", None]
    assert all(b["thinking"] == {"type": "adaptive"} for b in rec.bodies)
    replayed = rec.bodies[1]["messages"][1]
    assert replayed == {
        "role": "assistant",
        **_wire_fields(messages[1].additional_kwargs[REPLAY_KEY]),
    }
