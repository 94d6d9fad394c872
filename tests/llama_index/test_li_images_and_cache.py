"""LlamaIndex ``ImageBlock`` / ``VideoBlock`` and ``CachePoint`` on the body really sent."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from llama_index.core.base.llms.types import (
    CacheControl,
    CachePoint,
    ImageBlock,
    TextBlock,
    VideoBlock,
)
from llama_index.core.llms import ChatMessage

from llama_index_minimax import MiniMax
from minimax_transport import request_builder as request_builder_module
from tests.control_cases import reply

EPHEMERAL = {"type": "ephemeral"}
POINT = CachePoint(cache_control=CacheControl(type="ephemeral"))


def _send(messages: list[ChatMessage], preset: str = "minimax") -> dict[str, Any]:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return reply(request)

    llm = MiniMax(
        model="MiniMax-M3",
        api_key="test-key-not-a-real-key",
        api_base="http://127.0.0.1:9/v1",
        preset=preset,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    llm.chat(messages)
    return sent[0]


def test_image_and_video_blocks() -> None:
    png = b"\x89PNG\r\n\x1a\nfake"
    body = _send(
        [
            ChatMessage(
                role="user",
                blocks=[
                    TextBlock(text="Compare"),
                    ImageBlock(url="https://example.com/a.png"),
                    ImageBlock(image=png, image_mimetype="image/png"),
                    VideoBlock(url="https://example.com/clip.mp4"),
                ],
            )
        ]
    )
    parts = body["messages"][0]["content"]
    assert parts[0] == {"type": "text", "text": "Compare"}
    assert parts[1] == {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
    data = base64.b64encode(png).decode()
    assert parts[2] == {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{data}"}}
    assert parts[3] == {"type": "video_url", "video_url": {"url": "https://example.com/clip.mp4"}}


def test_cache_point_marks_the_preceding_block() -> None:
    body = _send(
        [
            ChatMessage(
                role="system",
                blocks=[TextBlock(text="Manual …"), POINT, TextBlock(text="Be brief.")],
            ),
            ChatMessage(
                role="user", blocks=[TextBlock(text="Long context"), POINT, TextBlock(text="Q?")]
            ),
        ]
    )
    assert body["messages"][0] == {
        "role": "system",
        "content": [
            {"type": "text", "text": "Manual …", "cache_control": EPHEMERAL},
            {"type": "text", "text": "Be brief."},
        ],
    }
    assert body["messages"][1]["content"] == [
        {"type": "text", "text": "Long context", "cache_control": EPHEMERAL},
        {"type": "text", "text": "Q?"},
    ]


def test_cache_point_ttl_is_kept_when_not_the_default() -> None:
    point = CachePoint(cache_control=CacheControl(type="ephemeral", ttl="1h"))
    body = _send([ChatMessage(role="user", blocks=[TextBlock(text="ctx"), point])])
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "ctx", "cache_control": {"type": "ephemeral", "ttl": "1h"}}
    ]


def test_cache_point_dropped_with_a_warning_off_the_official_api() -> None:
    request_builder_module._cache_warning_given = False
    with pytest.warns(UserWarning, match="cache_control is not sent"):
        body = _send(
            [
                ChatMessage(role="system", blocks=[TextBlock(text="Manual"), POINT]),
                ChatMessage(role="user", blocks=[TextBlock(text="ctx"), POINT]),
            ],
            preset="openrouter",
        )
    assert "cache_control" not in json.dumps(body)
    assert body["messages"][0] == {"role": "system", "content": "Manual"}
