"""Construction, metadata from the catalog, secrets, request mapping (no HTTP)."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from llama_index.core import Settings
from llama_index.core.base.llms.types import (
    AudioBlock,
    ChatMessage,
    ImageBlock,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.tools import FunctionTool

from llama_index_minimax import MiniMax

SECRET = "sk-very-secret-value-123"


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


ADD = FunctionTool.from_defaults(add)


def _body(
    llm: MiniMax, messages: list[ChatMessage], stream: bool = False, **kwargs: Any
) -> dict[str, Any]:
    return llm.client.build_body(llm._build_request(messages, **kwargs), stream=stream)


def test_is_function_calling_llm_subclass_not_openai() -> None:
    names = [c.__name__ for c in MiniMax.__mro__]
    assert FunctionCallingLLM in MiniMax.__mro__
    assert "OpenAI" not in names and "OpenAILike" not in names


@pytest.mark.parametrize(
    ("model", "context_window", "fc"),
    [
        ("MiniMax-M2.7", 204_800, True),
        ("MiniMax-M3", 1_000_000, True),
        ("MiniMax-M1", 1_000_000, True),
        ("MiniMax-Text-01", 1_000_000, True),
        ("minimax/minimax-m2.7", 204_800, True),
        ("abab5.5-chat", 16_384, False),
    ],
)
def test_metadata_from_catalog(model: str, context_window: int, fc: bool) -> None:
    meta = MiniMax(model=model).metadata
    assert meta.context_window == context_window
    assert meta.is_function_calling_model is fc
    assert meta.is_chat_model is True
    assert meta.model_name == model
    assert meta.num_output > 0


def test_metadata_overrides() -> None:
    meta = MiniMax(
        model="MiniMax-M2.7",
        context_window=65_536,
        max_tokens=2048,
        is_function_calling_model=False,
    ).metadata
    assert (meta.context_window, meta.num_output, meta.is_function_calling_model) == (
        65_536,
        2048,
        False,
    )


def test_secret_never_serialised() -> None:
    llm = MiniMax(api_key=SECRET, default_headers={"X-Trace": "1"})
    assert llm.api_key is not None and llm.api_key.get_secret_value() == SECRET
    for text in (
        repr(llm),
        str(llm),
        llm.to_json(),
        str(llm.to_dict()),
        str(llm.to_payload()),
        repr(llm.client),
        str(llm.model_dump()),
    ):
        assert SECRET not in text
    assert "api_key" not in llm.to_dict()
    restored = MiniMax.from_dict(llm.to_dict())
    assert restored.model == llm.model and restored.api_key is None


def test_secret_not_in_error_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    llm = MiniMax(
        api_key=SECRET, api_base="http://127.0.0.1:9/v1", max_retries=0, connect_timeout=0.5
    )
    with pytest.raises(Exception) as info:
        llm.complete("hi")
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)


def test_env_key_and_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIMAX_API_KEY", SECRET)
    monkeypatch.setenv("MINIMAX_BASE_URL", "https://api.minimaxi.com/v1")
    llm = MiniMax()
    assert llm.client.base_url == "https://api.minimaxi.com/v1"
    assert llm.client.preset.name == "minimax-cn"
    assert llm.client.api_key is not None
    assert llm.client.api_key.get_secret_value() == SECRET


def test_base_url_alias_and_settings() -> None:
    llm = MiniMax(base_url="https://api.minimaxi.com/v1")
    assert llm.api_base == "https://api.minimaxi.com/v1"
    with pytest.raises(ValueError):
        MiniMax(api_base="https://a/v1", base_url="https://b/v1")
    previous = Settings._llm
    try:
        Settings.llm = MiniMax()  # no key needed to configure
        assert isinstance(Settings.llm, MiniMax)
    finally:
        Settings._llm = previous


def test_class_name_and_pickle() -> None:
    llm = MiniMax(api_key=SECRET, temperature=0.5)
    assert llm.class_name() == "llama_index_minimax.MiniMax"
    clone = pickle.loads(pickle.dumps(llm))
    assert clone.temperature == 0.5


def test_client_rebuilt_when_settings_change() -> None:
    llm = MiniMax(api_key=SECRET)
    first = llm.client
    assert llm.client is first
    llm.max_retries = 5
    assert llm.client is not first and llm.client.max_retries == 5


# ------------------------------------------------------------------------------ request mapping


def test_request_parameters() -> None:
    llm = MiniMax(
        temperature=0.0,
        max_tokens=512,
        top_p=0.95,
        additional_kwargs={"service_tier": "priority", "extra_body": {"x": 1}},
    )
    body = _body(llm, [ChatMessage(role="user", content="hi")], max_completion_tokens=256)
    assert body["temperature"] > 0  # M2.x range (0, 1]: mapped by the transport, not rejected
    assert body["max_completion_tokens"] == 256
    assert body["top_p"] == 0.95
    assert body["service_tier"] == "priority" and body["x"] == 1


def test_reasoning_split_switch() -> None:
    msgs = [ChatMessage(role="user", content="hi")]
    assert _body(MiniMax(), msgs)["reasoning_split"] is True
    assert _body(MiniMax(reasoning_split=False), msgs)["reasoning_split"] is False


def test_tool_choice_forms() -> None:
    llm = MiniMax(model="MiniMax-M2.7")
    prepared = llm._prepare_chat_with_tools([ADD], user_msg="1+2?", tool_required=True)
    assert prepared["tool_choice"] == "required"
    prepared = llm._prepare_chat_with_tools(
        [ADD], user_msg="1+2?", tool_choice={"type": "function", "function": {"name": "add"}}
    )
    assert prepared["tool_choice"] == "add"
    body = llm.client.build_body(llm._build_request(**prepared), stream=False)
    assert "Tool use is required" in body["messages"][0]["content"]  # emulated on M2.x
    assert [t["function"]["name"] for t in body["tools"]] == ["add"]
    prepared = llm._prepare_chat_with_tools([ADD], user_msg="1+2?")
    assert "tool_choice" not in prepared


def test_prepare_does_not_mutate_history() -> None:
    history = [ChatMessage(role="user", content="a")]
    prepared = MiniMax()._prepare_chat_with_tools([ADD], user_msg="b", chat_history=history)
    assert len(history) == 1 and len(prepared["messages"]) == 2


def test_image_user_message_and_unsupported_blocks() -> None:
    llm = MiniMax(model="MiniMax-M3")
    msg = ChatMessage(
        role="user",
        blocks=[TextBlock(text="What is this?"), ImageBlock(url="https://example.com/cat.png")],
    )
    content = _body(llm, [msg])["messages"][0]["content"]
    assert content == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
    ]
    data = ChatMessage(
        role="user", blocks=[ImageBlock(image=b"\x89PNG fake", image_mimetype="image/png")]
    )
    url = _body(llm, [data])["messages"][0]["content"][0]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    with pytest.raises(ValueError, match="AudioBlock"):
        _body(llm, [ChatMessage(role="user", blocks=[AudioBlock(audio=b"x", format="mp3")])])


def test_hand_built_tool_history() -> None:
    history = [
        ChatMessage(role="user", content="1+2?"),
        ChatMessage(
            role="assistant",
            blocks=[
                ThinkingBlock(content="Use add."),
                ToolCallBlock(tool_call_id="call_1", tool_name="add", tool_kwargs={"a": 1, "b": 2}),
            ],
        ),
        ChatMessage(role="tool", content="3", additional_kwargs={"tool_call_id": "call_1"}),
    ]
    sent = _body(MiniMax(), history)["messages"]
    assert sent[1]["content"] == "<think>\nUse add.\n</think>\n\n"
    assert sent[1]["tool_calls"][0]["function"] == {"name": "add", "arguments": '{"a": 1, "b": 2}'}
    assert sent[2] == {"role": "tool", "tool_call_id": "call_1", "content": "3"}


def test_legacy_openai_tool_calls_in_additional_kwargs() -> None:
    history = [
        ChatMessage(role="user", content="1+2?"),
        ChatMessage(
            role="assistant",
            content="",
            additional_kwargs={
                "tool_calls": [
                    {
                        "id": "call_9",
                        "type": "function",
                        "function": {"name": "add", "arguments": '{"a": 1, "b": 2}'},
                    }
                ]
            },
        ),
        ChatMessage(role="tool", content="3", additional_kwargs={"tool_call_id": "call_9"}),
    ]
    sent = _body(MiniMax(), history)["messages"]
    assert sent[1]["tool_calls"][0]["id"] == "call_9"
    assert sent[1]["tool_calls"][0]["function"]["arguments"] == '{"a": 1, "b": 2}'
