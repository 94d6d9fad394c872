"""The replay rule on parsed responses: verbatim while unchanged, otherwise rebuilt from the
message as it stands now, in the shape it was received in (``minimax_transport.replay``).

Each case parses a MiniMax-shaped body with the real parser, edits the resulting message the
way a framework would, and checks the assistant turn the next request carries."""

from __future__ import annotations

import json
from typing import Any

import pytest

from minimax_testing import wire as emu
from minimax_transport import AssistantMessage, ChatRequest, ToolMessage, UserMessage
from minimax_transport.catalog import resolve_model
from minimax_transport.presets import get_preset
from minimax_transport.request_builder import build_messages
from minimax_transport.response_parser import parse_completion
from minimax_transport.types import RECEIVED_KEY


def _parse(
    message: dict[str, Any], model: str = "MiniMax-M2.7", stop: list[str] | None = None
) -> AssistantMessage:
    body = {
        "id": "06aa",
        "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
        "base_resp": emu.BASE_RESP_OK,
    }
    req = ChatRequest(model, [UserMessage("q")], stop=stop)
    result = parse_completion(body, req, resolve_model(model), get_preset("minimax"))
    return result.to_assistant_message()


def _wire(msg: AssistantMessage) -> dict[str, Any]:
    return build_messages([UserMessage("q"), msg])[1]


def _emulated(split: bool, **answer: Any) -> dict[str, Any]:
    body = emu.completion_body(
        seed="s", model="MiniMax-M2.7", answer=emu.Answer(**answer), prompt_tokens=9, split=split
    )
    message: dict[str, Any] = body["choices"][0]["message"]
    return message


M1_MESSAGE = {"role": "assistant", "content": "Hello!", "reasoning_content": "Greet."}
M3_MESSAGE = {
    "role": "assistant",
    "content": "40 km/h",
    "reasoning_content": "Average speed = 120 / 3.",
    "reasoning_details": [
        {"type": "reasoning.text", "id": "r1", "format": "MiniMax-response-v1", "text": "120/3"}
    ],
}


def test_payload_records_what_was_received_and_survives_json() -> None:
    msg = _parse(_emulated(False, reasoning="Look it up.", tool_calls=[("f", {"a": [1, 2]})]))
    assert msg.replay is not None
    assert msg.replay[RECEIVED_KEY] == {
        "content": "",
        "reasoning": "Look it up.",
        "tool_calls": [{"id": msg.tool_calls[0].id, "name": "f", "arguments": {"a": [1, 2]}}],
    }
    restored = json.loads(json.dumps(msg.replay))
    again = AssistantMessage(msg.content, msg.tool_calls, msg.reasoning, restored)
    assert _wire(again)["content"] == msg.replay["content"]
    assert _wire(again)["tool_calls"] == msg.replay["tool_calls"]


def test_in_place_argument_edit_is_seen() -> None:
    msg = _parse(_emulated(False, reasoning="r", tool_calls=[("f", {"city": {"name": "Paris"}})]))
    msg.tool_calls[0].arguments["city"]["name"] = "Berlin"  # nested, in place
    (call,) = _wire(msg)["tool_calls"]
    assert json.loads(call["function"]["arguments"]) == {"city": {"name": "Berlin"}}


@pytest.mark.parametrize(
    ("message", "edited", "expected"),
    [
        (M1_MESSAGE, {"content": "Hi."}, {"content": "Hi.", "reasoning_content": "Greet."}),
        (M1_MESSAGE, {"reasoning": "Wave."}, {"content": "Hello!", "reasoning_content": "Wave."}),
        (M1_MESSAGE, {"reasoning": None}, {"content": "Hello!"}),
        (
            M3_MESSAGE,
            {"content": "40"},
            {
                "content": "40",
                "reasoning_details": M3_MESSAGE["reasoning_details"],
                "reasoning_content": "Average speed = 120 / 3.",
            },
        ),
        (
            M3_MESSAGE,
            {"reasoning": "Divide."},
            {
                "content": "40 km/h",
                "reasoning_details": [
                    {"type": "reasoning.text", "text": "Divide.", "format": "MiniMax-response-v1"}
                ],
                "reasoning_content": "Divide.",
            },
        ),
    ],
    ids=["m1-content", "m1-reasoning", "m1-no-reasoning", "m3-content", "m3-reasoning"],
)
def test_structured_hosts_are_rebuilt_in_their_shape(
    message: dict[str, Any], edited: dict[str, Any], expected: dict[str, Any]
) -> None:
    msg = _parse(message, model="MiniMax-M1" if message is M1_MESSAGE else "MiniMax-M3")
    assert _wire(msg) == {"role": "assistant", **{k: v for k, v in message.items() if k != "role"}}
    for key, value in edited.items():
        setattr(msg, key, value)
    assert _wire(msg) == {"role": "assistant", **expected}


def test_payload_without_record_is_rebuilt() -> None:
    stale = {"content": "<think>\nold\n</think>\n\nold answer"}
    msg = AssistantMessage("new answer", reasoning="new", replay=stale)
    assert _wire(msg)["content"] == "<think>\nnew\n</think>\n\nnew answer"


def test_invalid_call_in_payload_is_never_replayed() -> None:
    message = _emulated(False, reasoning="r", tool_calls=[("f", {"a": 1}), ("g", {"b": 2})])
    message["tool_calls"][1]["function"]["arguments"] = '{"b": '  # cut off
    msg = _parse(message)
    assert [tc.name for tc in msg.tool_calls] == ["f"] and len(msg.invalid_tool_calls) == 1
    wire = _wire(msg)
    assert wire["content"] == message["content"]  # unchanged: verbatim
    assert [c["function"]["name"] for c in wire["tool_calls"]] == ["f"]


@pytest.mark.parametrize("split", [False, True])
def test_empty_arguments_replayed_as_empty_object(split: bool) -> None:
    message = _emulated(split, reasoning="r", tool_calls=[("now", {})])
    message["tool_calls"][0]["function"]["arguments"] = ""
    msg = _parse(message)
    assert msg.tool_calls[0].arguments == {}
    history = [UserMessage("q"), msg, ToolMessage("10:42", msg.tool_calls[0].id)]
    wire = build_messages(history)[1]
    assert wire["tool_calls"][0]["function"]["arguments"] == "{}"
    assert wire["tool_calls"][0]["id"] == message["tool_calls"][0]["id"]


def test_answer_cut_at_a_stop_sequence_is_rebuilt_without_the_text_past_it() -> None:
    message = _emulated(False, reasoning="Count.", text="one two STOP three")
    msg = _parse(message, stop=["STOP"])
    assert "three" in msg.replay["content"]  # type: ignore[index]
    assert _wire(msg) == {
        "role": "assistant",
        "content": f"<think>\nCount.\n</think>\n\n{msg.content}",
    }
    assert "three" not in _wire(msg)["content"]
