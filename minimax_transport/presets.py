"""Hosts that serve MiniMax models, and the dialect switches each one needs (docs/wire-format.md,
'Endpoints and presets'). The API key is handled by :mod:`.credentials`.

A preset is picked from the base URL's host (or by name) and decides: whether
``reasoning_split`` is sent, ``max_completion_tokens`` vs ``max_tokens``, whether
``stream_options`` is sent, which parameters the host rejects, and whether raw model output
starts inside an implicit ``<think>`` block (self-hosted servers with no reasoning parser).

Example:
    >>> detect_preset("https://api.minimaxi.com/v1").name
    'minimax-cn'
    >>> get_preset("aimlapi").max_tokens_param
    'max_tokens'
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlparse

# Re-exported for code that imported the key helpers from here before they moved.
from .credentials import API_KEY_ENV, key_problem, require_api_key, resolve_api_key

BASE_URL_ENV = "MINIMAX_BASE_URL"
PRESET_ENV = "MINIMAX_PRESET"


@dataclass(frozen=True, slots=True)
class Preset:
    """Dialect switches for one kind of host."""

    name: str
    base_url: str
    hosts: tuple[str, ...] = ()
    send_reasoning_split: bool = False
    max_tokens_param: Literal["max_completion_tokens", "max_tokens"] = "max_tokens"
    send_stream_options: bool = True
    #: Request fields never sent to this host (it rejects or ignores them).
    rejected_params: frozenset[str] = frozenset()
    #: Raw model output starts inside ``<think>`` (chat template pre-opens it; docs/wire-format.md,
    #: 'Orphan closing tag and implicit think').
    implicit_think: bool = False
    #: MiniMax's own API (either dialect): per-model thinking/effort rules apply and
    #: ``cache_control`` is sent (see :mod:`minimax_transport.controls`). Elsewhere the host
    #: decides. (Embeddings go by preset name, not by this flag.)
    official: bool = False
    #: The host takes OpenAI's per-tool ``strict`` flag in ``tools[*].function``. Elsewhere
    #: ``strict=True`` is dropped with a warning (MiniMax documents no such field).
    tool_strict: bool = False
    #: The server itself enforces ``response_format`` (guided decoding on vLLM / SGLang),
    #: whatever the catalog says about MiniMax's API.
    enforces_response_format: bool = False
    description: str = ""
    #: The wire dialect: ``"chat"`` (``/chat/completions``) or ``"messages"`` (MiniMax's
    #: Anthropic-compatible ``/v1/messages``, see ``docs/anthropic-endpoint.md``).
    dialect: Literal["chat", "messages"] = "chat"

    def with_overrides(self, **overrides: Any) -> Preset:
        return dataclasses.replace(self, **overrides) if overrides else self


# docs/wire-format.md, 'Ignored and rejected parameters': fields MiniMax documents as ignored or
# unsupported on the OpenAI-compatible API.
_MINIMAX_IGNORED = frozenset(
    {
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "functions",
        "function_call",
        "parallel_tool_calls",
        "n",
    }
)

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            name="minimax",
            base_url="https://api.minimax.io/v1",
            hosts=("api.minimax.io", "api.minimax.chat"),
            send_reasoning_split=True,
            max_tokens_param="max_completion_tokens",
            rejected_params=_MINIMAX_IGNORED,
            official=True,
            description="MiniMax official, international",
        ),
        Preset(
            name="minimax-cn",
            base_url="https://api.minimaxi.com/v1",
            hosts=("api.minimaxi.com",),
            send_reasoning_split=True,
            max_tokens_param="max_completion_tokens",
            rejected_params=_MINIMAX_IGNORED,
            official=True,
            description="MiniMax official, mainland China",
        ),
        Preset(
            name="aimlapi",
            base_url="https://api.aimlapi.com/v1",
            hosts=("api.aimlapi.com", "aimlapi.com"),
            max_tokens_param="max_tokens",
            rejected_params=frozenset({"functions", "function_call", "n"}),
            description="AI/ML API aggregator (passes MiniMax's native envelope through)",
        ),
        Preset(
            name="llmprovider",
            base_url="https://platform.llmprovider.ai/v1",
            hosts=("platform.llmprovider.ai", "llmprovider.ai"),
            max_tokens_param="max_tokens",
            # Its documented request body has no stream_options / parallel_tool_calls.
            send_stream_options=False,
            rejected_params=frozenset({"parallel_tool_calls", "functions", "function_call"}),
            description="llmprovider aggregator (abab5.5-chat and others)",
        ),
        Preset(
            name="openrouter",
            base_url="https://openrouter.ai/api/v1",
            hosts=("openrouter.ai",),
            max_tokens_param="max_tokens",
            # include_reasoning:false → HTTP 400 for MiniMax; never sent.
            rejected_params=frozenset({"include_reasoning", "functions", "function_call"}),
            tool_strict=True,  # OpenAI's tool schema, passed on to the serving provider
            description="OpenRouter (reasoning in `reasoning` + `reasoning_details`)",
        ),
        Preset(
            name="openai-compatible",
            base_url="http://localhost:8000/v1",
            hosts=(),
            max_tokens_param="max_tokens",
            rejected_params=frozenset({"functions", "function_call"}),
            tool_strict=True,  # OpenAI-protocol servers parse the field
            enforces_response_format=True,
            description="Self-hosted vLLM / SGLang serving MiniMax weights",
        ),
    )
}

# Fields MiniMax's Anthropic-compatible endpoint documents as ignored (docs/anthropic-endpoint.md,
# 'Request parameters'): never sent, as on the chat dialect.
_MESSAGES_IGNORED = frozenset(
    {
        "top_k",
        "stop_sequences",
        "service_tier",
        "mcp_servers",
        "context_management",
        "container",
        "reasoning_split",
        "stream_options",
    }
)

for _p in (
    Preset(
        name="minimax-anthropic",
        base_url="https://api.minimax.io/anthropic",
        hosts=("api.minimax.io",),
        send_stream_options=False,
        rejected_params=_MESSAGES_IGNORED,
        official=True,
        dialect="messages",
        description="MiniMax official Anthropic-compatible endpoint, international",
    ),
    Preset(
        name="minimax-cn-anthropic",
        base_url="https://api.minimaxi.com/anthropic",
        hosts=("api.minimaxi.com",),
        send_stream_options=False,
        rejected_params=_MESSAGES_IGNORED,
        official=True,
        dialect="messages",
        description="MiniMax official Anthropic-compatible endpoint, mainland China",
    ),
):
    PRESETS[_p.name] = _p

#: Aliases accepted by :func:`get_preset`.
PRESET_ALIASES = {
    "official": "minimax",
    "international": "minimax",
    "minimax-intl": "minimax",
    "china": "minimax-cn",
    "cn": "minimax-cn",
    "minimaxi": "minimax-cn",
    "vllm": "openai-compatible",
    "sglang": "openai-compatible",
    "self-hosted": "openai-compatible",
    "vllm-raw": "openai-compatible-raw",
    "anthropic": "minimax-anthropic",
    "minimax-intl-anthropic": "minimax-anthropic",
    "cn-anthropic": "minimax-cn-anthropic",
    "china-anthropic": "minimax-cn-anthropic",
}

# A self-hosted server run without a reasoning parser: raw output starts inside <think>.
PRESETS["openai-compatible-raw"] = PRESETS["openai-compatible"].with_overrides(
    name="openai-compatible-raw",
    implicit_think=True,
    description="Self-hosted server with no reasoning parser (output starts inside <think>)",
)


def get_preset(name: str) -> Preset:
    """The preset called ``name`` (or one of its aliases); ``ValueError`` lists valid names."""
    key = name.strip().lower()
    key = PRESET_ALIASES.get(key, key)
    try:
        return PRESETS[key]
    except KeyError:
        valid = ", ".join(sorted(PRESETS))
        raise ValueError(f"Unknown MiniMax preset {name!r}; valid presets: {valid}") from None


def detect_preset(base_url: str) -> Preset:
    """The preset whose host matches ``base_url``; any other host is ``openai-compatible``.

    A base URL whose path ends in ``/anthropic`` is MiniMax's Anthropic-compatible endpoint:
    ``minimax-cn-anthropic`` on the China host, ``minimax-anthropic`` on any other host.
    """
    parsed = urlparse(base_url)
    host = (parsed.hostname or "").lower()
    if parsed.path.rstrip("/").endswith("/anthropic"):
        cn = PRESETS["minimax-cn-anthropic"]
        if any(host == h or host.endswith("." + h) for h in cn.hosts):
            return cn
        return PRESETS["minimax-anthropic"]
    for preset in PRESETS.values():
        if preset.dialect != "chat":
            continue
        for h in preset.hosts:
            if host == h or host.endswith("." + h):
                return preset
    return PRESETS["openai-compatible"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A resolved base URL + preset."""

    base_url: str
    preset: Preset

    @property
    def chat_url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    @property
    def messages_url(self) -> str:
        return self.base_url.rstrip("/") + "/v1/messages"

    @property
    def url(self) -> str:
        """Where completions are posted for this preset's dialect."""
        return self.messages_url if self.preset.dialect == "messages" else self.chat_url


def resolve_endpoint(base_url: str | None = None, preset: str | Preset | None = None) -> Endpoint:
    """Resolve the base URL (argument, ``MINIMAX_BASE_URL``, or the preset's) and the preset
    (argument, ``MINIMAX_PRESET``, or detected from the base URL's host)."""
    base_url = base_url or os.environ.get(BASE_URL_ENV) or None
    preset = preset or os.environ.get(PRESET_ENV) or None
    if isinstance(preset, str):
        preset_obj: Preset | None = get_preset(preset)
    else:
        preset_obj = preset
    if base_url is None:
        chosen = preset_obj or PRESETS["minimax"]
        return Endpoint(chosen.base_url, chosen)
    base_url = base_url.rstrip("/")
    if base_url.endswith("/chat/completions"):
        base_url = base_url[: -len("/chat/completions")]
    for suffix in ("/v1/messages", "/v1"):  # an Anthropic base URL given with its path
        if base_url.endswith("/anthropic" + suffix):
            base_url = base_url[: -len(suffix)]
    return Endpoint(base_url, preset_obj or detect_preset(base_url))


__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "PRESETS",
    "PRESET_ENV",
    "Endpoint",
    "Preset",
    "detect_preset",
    "get_preset",
    "key_problem",
    "require_api_key",
    "resolve_api_key",
    "resolve_endpoint",
]
