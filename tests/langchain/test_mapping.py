"""The LangChain ↔ neutral mapping, without HTTP: tools, tool_choice, structured output,
metadata, secrets, profile."""

from __future__ import annotations

import json

import pytest
from langchain_core.load import dumps
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import tool
from pydantic import BaseModel, SecretStr

from langchain_minimax import REPLAY_KEY, ChatMiniMax
from langchain_minimax.tools import normalize_tool_choice
from minimax_transport import errors

KEY = "sk-very-secret-value-123"


@tool
def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "sunny"


class Joke(BaseModel):
    """Joke to tell user."""

    setup: str
    punchline: str


def _body(llm: ChatMiniMax, messages: list, **kwargs):
    return llm.client.build_body(llm._build_request(messages, None, kwargs), stream=False)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("auto", "auto"),
        ("none", "none"),
        ("any", "required"),
        ("required", "required"),
        (True, "required"),
        (False, None),
        (None, None),
        ("get_weather", "get_weather"),
        ({"type": "function", "function": {"name": "get_weather"}}, "get_weather"),
        ({"type": "tool", "name": "get_weather"}, "get_weather"),
        ({"type": "any"}, "required"),
    ],
)
def test_tool_choice_variants(choice: object, expected: str | None) -> None:
    assert normalize_tool_choice(choice) == expected


def test_tool_choice_invalid() -> None:
    with pytest.raises(ValueError, match="Unsupported tool_choice"):
        normalize_tool_choice(42)


def test_bind_tools_accepts_every_tool_kind() -> None:
    def multiply(a: int, b: int) -> int:
        """Multiply two integers."""
        return a * b

    schema = {
        "title": "lookup",
        "description": "Look up.",
        "type": "object",
        "properties": {"q": {"type": "string"}},
        "required": ["q"],
    }
    bound = ChatMiniMax(api_key=KEY).bind_tools(
        [get_weather, Joke, multiply, schema], tool_choice="any", parallel_tool_calls=False
    )
    names = [t["function"]["name"] for t in bound.kwargs["tools"]]  # type: ignore[attr-defined]
    assert names == ["get_weather", "Joke", "multiply", "lookup"]
    assert bound.kwargs["tool_choice"] == "required"  # type: ignore[attr-defined]


def test_forced_tool_choice_is_emulated_on_m2() -> None:
    llm = ChatMiniMax(api_key=KEY)
    body = _body(llm, [HumanMessage("hi")], tools=[get_weather], tool_choice="get_weather")
    # M2.x ignores it: the transport emulates forcing (docs/wire-format.md 'tool_choice and forcing emulation')
    assert "tool_choice" not in body
    assert [t["function"]["name"] for t in body["tools"]] == ["get_weather"]
    assert "get_weather" in body["messages"][0]["content"]


def test_history_mapping_tool_message_list_content_and_error_status() -> None:
    llm = ChatMiniMax(api_key=KEY, reasoning_split=False)
    ai = AIMessage(
        "", tool_calls=[{"name": "get_weather", "args": {"location": "Paris"}, "id": "c1"}]
    )
    body = _body(
        llm,
        [
            SystemMessage("one"),
            SystemMessage("two"),
            HumanMessage("weather?", name="alice"),
            ai,
            ToolMessage([{"type": "text", "text": "rain"}], tool_call_id="c1", status="error"),
        ],
    )
    msgs = body["messages"]
    assert msgs[0] == {"role": "system", "content": "one\n\ntwo"}
    assert msgs[1] == {"role": "user", "content": "weather?", "name": "alice"}
    assert msgs[2]["tool_calls"][0]["function"] == {
        "name": "get_weather",
        "arguments": '{"location": "Paris"}',
    }
    assert msgs[3]["role"] == "tool" and msgs[3]["tool_call_id"] == "c1"
    assert "rain" in msgs[3]["content"]


def test_tool_result_without_matching_call_is_refused_before_sending() -> None:
    llm = ChatMiniMax(api_key=KEY)
    with pytest.raises(errors.InvalidRequestError):
        _body(llm, [HumanMessage("x"), ToolMessage("r", tool_call_id="nope")])


def test_replay_payload_is_passed_untouched() -> None:
    replay = {"content": "<think>\nraw\n</think>\n\nanswer", "tool_calls": None}
    ai = AIMessage("answer", additional_kwargs={REPLAY_KEY: replay, "reasoning_content": "raw"})
    body = _body(ChatMiniMax(api_key=KEY), [HumanMessage("q"), ai, HumanMessage("again")])
    assert body["messages"][1]["content"] == replay["content"]


@pytest.mark.parametrize("method", ["function_calling", "json_schema", "json_mode"])
def test_with_structured_output_passes_ls_format(method: str) -> None:
    llm = ChatMiniMax(api_key=KEY)
    with pytest.warns(UserWarning) if method == "json_schema" else _nullcontext():
        structured = llm.with_structured_output(Joke, method=method)  # type: ignore[arg-type]
    binding = structured.first  # type: ignore[attr-defined]
    fmt = binding.kwargs["ls_structured_output_format"]
    assert fmt["schema"] is Joke
    if method in ("function_calling", "json_schema"):  # json_schema falls back on M2.x
        assert binding.kwargs["tool_choice"] == "Joke"
        assert fmt["kwargs"]["method"] == "function_calling"
    else:
        assert "tools" not in binding.kwargs


def test_json_schema_native_where_catalog_says_so() -> None:
    llm = ChatMiniMax(api_key=KEY, model="MiniMax-Text-01")
    binding = llm.with_structured_output(Joke, method="json_schema").first  # type: ignore[attr-defined]
    rf = binding.kwargs["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["name"] == "Joke"
    body = _body(llm, [HumanMessage("joke")], response_format=rf)
    assert body["response_format"] == rf


def test_json_mode_parser_sees_clean_text_only() -> None:
    from langchain_core.output_parsers import PydanticOutputParser

    msg = AIMessage(
        '{"setup": "a", "punchline": "b"}',
        additional_kwargs={"reasoning_content": "{not json} thinking"},
    )
    assert PydanticOutputParser(pydantic_object=Joke).invoke(msg) == Joke(setup="a", punchline="b")


def test_ls_params_profile_and_metadata() -> None:
    llm = ChatMiniMax(api_key=KEY, temperature=0.5, max_completion_tokens=100, stop=["x"])
    assert llm.max_tokens == 100
    params = llm._get_ls_params(model="MiniMax-M2.5")
    assert params["ls_provider"] == "minimax"
    assert params["ls_model_name"] == "MiniMax-M2.5"
    assert params["ls_temperature"] == 0.5 and params["ls_max_tokens"] == 100
    assert params["ls_stop"] == ["x"]
    profile = llm.profile
    assert profile is not None
    assert profile["max_input_tokens"] == 204_800
    assert profile["image_inputs"] is False and profile["structured_output"] is False
    assert profile["reasoning_output"] is True and profile["tool_calling"] is True
    assert llm.metadata is not None and "langchain-minimax" in llm.metadata["lc_versions"]


def test_key_never_leaks() -> None:
    llm = ChatMiniMax(api_key=KEY)
    assert isinstance(llm.api_key, SecretStr)
    for text in (
        repr(llm),
        str(llm),
        dumps(llm),
        json.dumps(llm._identifying_params),
        repr(llm.client),
        str(llm.model_dump()),
    ):
        assert KEY not in text


def test_env_key_and_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIMAX_API_KEY", "env-key")
    monkeypatch.setenv("MINIMAX_BASE_URL", "https://api.minimaxi.com/v1")
    llm = ChatMiniMax()
    assert llm.api_key is not None and llm.api_key.get_secret_value() == "env-key"
    assert llm.client.preset.name == "minimax-cn"


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
