"""Stop sequences (enforced client-side: M2.x ignores ``stop``), per-call overrides and
request mapping."""

from __future__ import annotations

import pytest

from langchain_minimax import ChatMiniMax
from minimax_testing.emulator import BASE_URL
from tests.langchain._helpers import aggregate, scenario_llm


@pytest.mark.vcr
def test_stop_enforced_client_side_invoke() -> None:
    llm = ChatMiniMax(base_url=BASE_URL, preset="minimax", reasoning_split=False)
    msg = llm.invoke("hi", stop=["you"])
    assert msg.content.rstrip() == "Hello! How can I help"
    assert msg.response_metadata["finish_reason"] == "stop"


@pytest.mark.vcr
def test_stop_enforced_client_side_stream_a9() -> None:
    full, chunks = aggregate(scenario_llm("a9_stream_inline", stop=["help"]).stream("Hello"))
    assert full.content.rstrip() == "Hello! How can I"
    assert "help" not in full.content
    # the reasoning (which also says "help") is not cut: stop applies to the answer
    assert full.additional_kwargs["reasoning_content"].endswith("ask how I can help.")
    assert chunks[-1].chunk_position == "last"


@pytest.mark.vcr
def test_model_override_and_call_params_reach_the_body(vcr) -> None:
    import json

    llm = ChatMiniMax(base_url=BASE_URL, preset="minimax", reasoning_split=False, temperature=0)
    msg = llm.invoke("Hello", model="MiniMax-M2.5", max_tokens=512, top_p=0.9)
    assert msg.response_metadata["model_name"] == "MiniMax-M2.5"
    body = json.loads(vcr.requests[0].body)
    assert body["model"] == "MiniMax-M2.5"
    assert body["max_completion_tokens"] == 512
    assert body["top_p"] == 0.9
    assert 0 < body["temperature"] <= 1  # temperature=0 accepted, mapped into (0, 1]
