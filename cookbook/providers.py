"""Recipe 6 — Providers: one question through every host preset the seed documents describe.

The preset is detected from the base URL's host and decides the dialect switches (whether
``reasoning_split`` is sent, ``max_completion_tokens`` vs ``max_tokens``, …); a base URL ending
in ``/anthropic`` selects MiniMax's Anthropic-compatible endpoint (the Messages dialect:
signed ``thinking`` blocks instead of ``<think>`` text), with the same code. Aggregator model ids
(``minimax/m2-7-20260402``, ``minimax/m1``) resolve to the right family in the model catalog.

Live mode needs a key per host: ``MINIMAX_API_KEY`` (official), ``AIMLAPI_API_KEY``,
``LLMPROVIDER_API_KEY``; a provider whose key is missing is skipped.
"""

from __future__ import annotations

import os

from pydantic import SecretStr

from cookbook import display
from langchain_minimax import ChatMiniMax

QUESTION = "Say hello in one short sentence."

#: (label, base URL, model id, env var holding that host's key)
PROVIDERS = [
    ("MiniMax official", "https://api.minimax.io/v1", "MiniMax-M2.7", "MINIMAX_API_KEY"),
    # The same key on MiniMax's Anthropic-compatible endpoint: only the base URL differs.
    ("MiniMax Messages", "https://api.minimax.io/anthropic", "MiniMax-M3", "MINIMAX_API_KEY"),
    ("AIMLAPI", "https://api.aimlapi.com/v1", "minimax/m2-7-20260402", "AIMLAPI_API_KEY"),
    ("AIMLAPI", "https://api.aimlapi.com/v1", "minimax/m1", "AIMLAPI_API_KEY"),
    ("AIMLAPI", "https://api.aimlapi.com/v1", "abab6.5s-chat", "AIMLAPI_API_KEY"),
    ("llmprovider", "https://platform.llmprovider.ai/v1", "abab5.5-chat", "LLMPROVIDER_API_KEY"),
]


def main(replay: bool = False) -> dict[str, str]:
    display.title("Providers: the same question through each preset")
    display.question(QUESTION)
    answers: dict[str, str] = {}
    for label, base_url, model, key_env in PROVIDERS:
        key = os.environ.get(key_env) or (os.environ.get("MINIMAX_API_KEY") if replay else None)
        if not key:
            display.note(f"- {label} {model}: skipped ({key_env} not set)")
            continue
        llm = ChatMiniMax(model=model, base_url=base_url, api_key=SecretStr(key))
        msg = llm.invoke(QUESTION)
        u: dict[str, int] = dict(msg.usage_metadata or {})  # type: ignore[arg-type]
        print(f"- {label:16s} {model:24s} preset={llm.client.preset.name:20s} → {msg.text!r}")
        display.note(
            f"  served model {msg.response_metadata.get('model_name')}, "
            f"tokens in/out {u.get('input_tokens')}/{u.get('output_tokens')}"
        )
        assert "<think>" not in msg.text
        answers[f"{label} {model}"] = msg.text
    return answers


if __name__ == "__main__":
    main()
