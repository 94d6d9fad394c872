"""The model × setting × preset table for ``thinking`` / ``reasoning_effort``, shared by the
transport and both adapters' request-body tests (README, "Thinking and reasoning effort").

Each case is ``(model, setting, value, preset) → outcome``:

* ``("send", wire_value)`` — the body carries ``setting: wire_value`` (on the Messages
  dialect ``reasoning_effort`` is carried as ``output_config.effort``);
* ``"refuse"`` — :class:`~minimax_transport.ModelControlError` before any request;
* ``"drop"`` — not in the body, a :class:`~minimax_transport.ModelControlWarning`;
* ``"omit"`` — not in the body, no warning (the model does that anyway);
* ``"not-served"`` (Messages dialect only) — the endpoint does not serve the model:
  ``ModelNotOnDialectError`` before any request.

:func:`cases` is the chat dialect; :func:`messages_cases` derives the Messages dialect's cells
from the same table — the same decision per model and setting — plus what differs there: M1
and Text-01 are not served, and an unset ``thinking`` is sent as adaptive to M3 / M3.1.
"""

from __future__ import annotations

from typing import Any

import httpx

from minimax_testing.wire import Answer, completion_body, message_body

MODELS = (
    "MiniMax-M3.1-Flash-Preview",
    "MiniMax-M3.1-Flash",
    "MiniMax-M3",
    "MiniMax-M2.7",
    "MiniMax-M1",
    "MiniMax-Text-01",
    "acme-unknown-model",
)
OFFICIAL_PRESETS = ("minimax", "minimax-cn")
OTHER_PRESETS = (
    "aimlapi",
    "llmprovider",
    "openrouter",
    "openai-compatible",
    "openai-compatible-raw",
)

ADAPTIVE = {"type": "adaptive"}
DISABLED = {"type": "disabled"}
ENABLED = {"type": "enabled", "budget_tokens": 2048}

#: setting name, value, per-model outcome on the official presets (MODELS order).
_OFFICIAL: list[tuple[str, Any, tuple[Any, ...]]] = [
    (
        "thinking",
        ADAPTIVE,
        (
            ("send", ADAPTIVE),
            ("send", ADAPTIVE),
            ("send", ADAPTIVE),
            "omit",
            "omit",
            "drop",
            ("send", ADAPTIVE),
        ),
    ),
    (
        "thinking",
        DISABLED,
        ("refuse", "refuse", ("send", DISABLED), "drop", "drop", "omit", ("send", DISABLED)),
    ),
    (
        "thinking",
        ENABLED,  # ChatAnthropic's form: adaptive on MiniMax's API
        (
            ("send", ADAPTIVE),
            ("send", ADAPTIVE),
            ("send", ADAPTIVE),
            "omit",
            "omit",
            "drop",
            ("send", ADAPTIVE),
        ),
    ),
    ("thinking", {"type": "sometimes"}, ("refuse",) * 7),
    ("reasoning_effort", "low", (("send", "low"),) * 2 + ("drop",) * 4 + (("send", "low"),)),
    ("reasoning_effort", "max", (("send", "max"),) * 2 + ("drop",) * 4 + (("send", "max"),)),
    ("reasoning_effort", "xhigh", (("send", "xhigh"),) * 2 + ("drop",) * 4 + (("send", "xhigh"),)),
    ("reasoning_effort", "extreme", ("refuse",) * 6 + (("send", "extreme"),)),
]


def cases() -> list[tuple[str, str, Any, str, Any]]:
    """Every ``(model, setting, value, preset, outcome)`` cell."""
    out: list[tuple[str, str, Any, str, Any]] = []
    for setting, value, outcomes in _OFFICIAL:
        for model, outcome in zip(MODELS, outcomes, strict=True):
            for preset in OFFICIAL_PRESETS:
                out.append((model, setting, value, preset, outcome))
            for preset in OTHER_PRESETS:  # the host decides: sent exactly as given
                out.append((model, setting, value, preset, ("send", value)))
    return out


MESSAGES_PRESETS = ("minimax-anthropic", "minimax-cn-anthropic")
#: Families MiniMax's Anthropic-compatible endpoint does not serve (MODELS order).
_NOT_SERVED = ("MiniMax-M1", "MiniMax-Text-01")
#: ``thinking`` left unset (``None``), per model (MODELS order), on the Messages dialect: the
#: endpoint disables thinking when the field is omitted, so the families that take adaptive
#: thinking get it; M2.x always reasons; unknown ids get nothing they did not ask for.
_MESSAGES_UNSET = (
    ("send", ADAPTIVE),
    ("send", ADAPTIVE),
    ("send", ADAPTIVE),
    "omit",
    "not-served",
    "not-served",
    "omit",
)


def messages_cases() -> list[tuple[str, str, Any, str, Any]]:
    """Every cell on the two Messages presets: the chat table's outcome for each model and
    setting (one decision for both dialects), except models the endpoint does not serve, plus
    the unset-``thinking`` row."""
    out: list[tuple[str, str, Any, str, Any]] = []
    rows = [("thinking", None, _MESSAGES_UNSET), *_OFFICIAL]
    for setting, value, outcomes in rows:
        for model, outcome in zip(MODELS, outcomes, strict=True):
            if model in _NOT_SERVED:
                outcome = "not-served"
            for preset in MESSAGES_PRESETS:
                out.append((model, setting, value, preset, outcome))
    return out


def case_id(case: tuple[str, str, Any, str, Any]) -> str:
    model, setting, value, preset, _ = case
    shown = value.get("type") if isinstance(value, dict) else value
    return f"{model}-{setting}={shown}-{preset}"


def reply(request: httpx.Request) -> httpx.Response:
    """A MiniMax-shaped answer (emulator wire format) to any chat request."""
    body = completion_body(
        seed="controls",
        model="MiniMax-M3",
        answer=Answer(reasoning="Short thought.", text="Hello!"),
        prompt_tokens=5,
        split=True,
    )
    return httpx.Response(200, json=body)


def messages_reply(request: httpx.Request) -> httpx.Response:
    """A MiniMax-shaped Messages answer (emulator wire format) to any ``/v1/messages`` request."""
    body = message_body(
        seed="controls",
        model="MiniMax-M3",
        answer=Answer(reasoning="Short thought.", text="Hello!"),
        prompt_tokens=5,
    )
    return httpx.Response(200, json=body)
