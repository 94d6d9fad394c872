"""Call-time kwargs override ``additional_kwargs`` for the same key, as sent on the wire.

Both kinds of key: a request field (``temperature``) and an ``extra_body`` entry; a key only
in ``additional_kwargs`` still goes out. Requests are recorded by an ``httpx.MockTransport``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from llama_index.core.llms import ChatMessage

from llama_index_minimax import MiniMax
from minimax_testing import wire

MODEL = "MiniMax-M2.7"


def _llm(sent: list[dict[str, Any]]) -> MiniMax:
    body = wire.completion_body(
        seed="kwargs",
        model=MODEL,
        answer=wire.Answer(reasoning="Greet back.", text="Hello!"),
        prompt_tokens=4,
        split=True,
    )

    def reply(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=body)

    transport = httpx.MockTransport(reply)
    return MiniMax(
        model=MODEL,
        api_key="sk-test",
        max_retries=0,
        additional_kwargs={
            "temperature": 0.2,
            "extra_body": {"mask_sensitive_info": False, "kept": "from-init"},
        },
        http_client=httpx.Client(transport=transport),
        async_http_client=httpx.AsyncClient(transport=transport),
    )


CALL_KWARGS: dict[str, Any] = {"temperature": 0.7, "extra_body": {"mask_sensitive_info": True}}


def _check(body: dict[str, Any]) -> None:
    assert body["temperature"] == 0.7
    assert body["mask_sensitive_info"] is True
    assert body["kept"] == "from-init"


def test_call_kwargs_override_additional_kwargs_sync() -> None:
    sent: list[dict[str, Any]] = []
    llm = _llm(sent)
    messages = [ChatMessage(role="user", content="hi")]
    assert llm.chat(messages, **CALL_KWARGS).message.content == "Hello!"
    assert llm.chat(messages).message.content == "Hello!"
    _check(sent[0])
    assert sent[1]["temperature"] == 0.2 and sent[1]["mask_sensitive_info"] is False


def test_call_kwargs_override_additional_kwargs_async() -> None:
    sent: list[dict[str, Any]] = []
    llm = _llm(sent)
    messages = [ChatMessage(role="user", content="hi")]

    async def main() -> str | None:
        return (await llm.achat(messages, **CALL_KWARGS)).message.content

    assert asyncio.run(main()) == "Hello!"
    _check(sent[0])
