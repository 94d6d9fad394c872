"""Images, video and ``cache_control`` from LangChain messages to the body really sent."""

from __future__ import annotations

import json
import warnings
from typing import Any

import httpx
import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from langchain_minimax import ChatMiniMax
from minimax_transport import InvalidRequestError, UnsupportedFeatureError
from minimax_transport import request_builder as request_builder_module
from tests.control_cases import reply

EPHEMERAL = {"type": "ephemeral"}
IMG_URL = "https://example.com/cat.png"


def _send(
    messages: list[Any], preset: str = "minimax", model: str = "MiniMax-M3"
) -> dict[str, Any]:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return reply(request)

    llm = ChatMiniMax(
        model=model,
        api_key="test-key-not-a-real-key",
        base_url="http://127.0.0.1:9/v1",
        preset=preset,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    llm.invoke(messages)
    return sent[0]


@pytest.mark.parametrize(
    ("block", "part"),
    [
        ({"type": "image", "url": IMG_URL}, {"type": "image_url", "image_url": {"url": IMG_URL}}),
        (
            {"type": "image", "base64": "iVBORw0K", "mime_type": "image/png"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0K"}},
        ),
        (
            {"type": "image", "source_type": "base64", "data": "/9j/", "mime_type": "image/jpeg"},
            {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/"}},
        ),
        (
            {"type": "image", "source_type": "url", "url": IMG_URL},
            {"type": "image_url", "image_url": {"url": IMG_URL}},
        ),
        (
            {"type": "image_url", "image_url": {"url": IMG_URL, "detail": "low"}},
            {"type": "image_url", "image_url": {"url": IMG_URL, "detail": "low"}},
        ),
        (
            {"type": "video", "url": "https://example.com/clip.mp4"},
            {"type": "video_url", "video_url": {"url": "https://example.com/clip.mp4"}},
        ),
        (
            {"type": "video", "base64": "AAAAIGZ0eXA=", "mime_type": "video/mp4"},
            {"type": "video_url", "video_url": {"url": "data:video/mp4;base64,AAAAIGZ0eXA="}},
        ),
        (
            {"type": "video", "source_type": "base64", "data": "AAAA"},
            {"type": "video_url", "video_url": {"url": "data:video/mp4;base64,AAAA"}},
        ),
    ],
)
def test_media_blocks_become_minimax_parts(block: dict[str, Any], part: dict[str, Any]) -> None:
    body = _send([HumanMessage([{"type": "text", "text": "What is this?"}, block])])
    assert body["messages"][-1]["content"] == [{"type": "text", "text": "What is this?"}, part]


def test_video_refused_before_sending_on_a_model_without_video_input() -> None:
    video = {"type": "video", "url": "https://example.com/clip.mp4"}
    with pytest.raises(UnsupportedFeatureError, match="no video") as info:
        _send(
            [HumanMessage([{"type": "text", "text": "What happens?"}, video])],
            model="MiniMax-Text-01",
        )
    assert info.value.feature == "video_input"
    body = _send([HumanMessage([video])], model="MiniMax-M3.1-Flash")  # video-capable
    assert body["messages"][0]["content"][0]["type"] == "video_url"


def test_media_block_without_data_is_refused_before_sending() -> None:
    with pytest.raises(InvalidRequestError, match="file ids"):
        _send([HumanMessage([{"type": "image", "file_id": "file-123"}])])


def test_cache_control_on_user_blocks_reaches_the_official_api() -> None:
    body = _send(
        [
            HumanMessage(
                [
                    {"type": "text", "text": "A long document", "cache_control": EPHEMERAL},
                    {"type": "text", "text": "Question", "extras": {"cache_control": EPHEMERAL}},
                    {"type": "image", "url": IMG_URL, "cache_control": EPHEMERAL},
                ]
            )
        ]
    )
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "A long document", "cache_control": EPHEMERAL},
        {"type": "text", "text": "Question", "cache_control": EPHEMERAL},
        {"type": "image_url", "image_url": {"url": IMG_URL}, "cache_control": EPHEMERAL},
    ]


def test_merged_system_message_becomes_parts_when_one_carries_cache_control() -> None:
    body = _send(
        [
            SystemMessage("You are terse."),
            SystemMessage(
                [
                    {"type": "text", "text": "Reference manual …", "cache_control": EPHEMERAL},
                    {"type": "text", "text": "Today is Monday."},
                ]
            ),
            HumanMessage("hi"),
        ]
    )
    assert body["messages"][0] == {
        "role": "system",
        "content": [
            {"type": "text", "text": "You are terse."},
            {"type": "text", "text": "Reference manual …", "cache_control": EPHEMERAL},
            {"type": "text", "text": "Today is Monday."},
        ],
    }
    # Without any cache_control the merge stays one string.
    plain = _send(
        [SystemMessage("a"), SystemMessage([{"type": "text", "text": "b"}]), HumanMessage("hi")]
    )
    assert plain["messages"][0] == {"role": "system", "content": "a\n\nb"}


@pytest.mark.parametrize("preset", ["openrouter", "aimlapi", "openai-compatible"])
def test_cache_control_dropped_with_a_warning_elsewhere(preset: str) -> None:
    request_builder_module._cache_warning_given = False
    with pytest.warns(UserWarning, match="cache_control is not sent"):
        body = _send(
            [
                SystemMessage([{"type": "text", "text": "manual", "cache_control": EPHEMERAL}]),
                HumanMessage([{"type": "text", "text": "q", "cache_control": EPHEMERAL}]),
            ],
            preset=preset,
        )
    assert "cache_control" not in json.dumps(body)
    assert body["messages"][0] == {"role": "system", "content": "manual"}
    assert body["messages"][1]["content"] == [{"type": "text", "text": "q"}]


def test_no_warning_without_cache_control() -> None:
    request_builder_module._cache_warning_given = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _send([SystemMessage("s"), HumanMessage("hi")], preset="openrouter")
