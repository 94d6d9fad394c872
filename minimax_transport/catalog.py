"""Model catalog: every MiniMax model id (official and aggregator aliases) → a family profile.

Figures: docs/wire-format.md, 'Models and the catalog profile' and 'Ignored and rejected
parameters'; for M3, M3.1, thinking, effort and status docs/models-and-controls.md (each fact
marked checked or not); the abab context sizes are unverified third-party numbers (noted
below). Unknown ids get conservative defaults; every field can be overridden with
:func:`resolve_model`'s ``overrides``.

Example:
    >>> info = resolve_model("minimax/m2-7-20260402")
    >>> info.family, info.context_window, info.tool_choice_forcing
    ('minimax-m2', 204800, False)
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from dataclasses import dataclass
from typing import Any, Literal

#: How a family returns its reasoning: ``"inline_or_split"`` = ``<think>`` in content or, with
#: ``reasoning_split``, ``reasoning_details``; ``"field"`` = a ``reasoning_content`` field (M1 on
#: v2); ``"none"`` = not a reasoning model. Every parser path is always tolerant of all forms.
ReasoningFormat = Literal["inline_or_split", "field", "none"]

#: Lifecycle status, in LangChain ``ModelProfile``'s vocabulary. ``"deprecated"`` is set only
#: from an official MiniMax statement; ``"preview"`` where MiniMax calls the id a preview.
ModelStatus = Literal["active", "deprecated", "preview"]

#: Every reasoning-effort level MiniMax documents (the M3.1 family, low → max).
EFFORT_LEVELS: tuple[str, ...] = ("low", "medium", "high", "xhigh", "max")


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What the transport and the adapters need to know about a model."""

    model: str
    family: str
    context_window: int
    max_output_tokens: int
    default_max_tokens: int
    reasoning: ReasoningFormat
    supports_reasoning_split: bool
    supports_tools: bool
    tool_choice_forcing: bool
    response_format: bool
    temperature_min: float
    temperature_max: float
    temperature_min_exclusive: bool
    honours_stop: bool
    image_input: bool
    video_input: bool = False
    #: Reasoning-effort levels the model accepts (empty: no effort control) and its default.
    reasoning_effort_levels: tuple[str, ...] = ()
    reasoning_effort_default: str | None = None
    status: ModelStatus = "active"
    known: bool = True

    def with_overrides(self, **overrides: Any) -> ModelInfo:
        """A copy with some fields replaced (unknown field names raise ``TypeError``)."""
        return dataclasses.replace(self, **overrides) if overrides else self


_M2 = dict(
    family="minimax-m2",
    context_window=204_800,
    max_output_tokens=131_072,
    default_max_tokens=16_384,
    reasoning="inline_or_split",
    supports_reasoning_split=True,
    supports_tools=True,
    tool_choice_forcing=False,  # docs/wire-format.md, 'tool_choice and forcing emulation'
    response_format=False,  # M2.7 silently drops response_format
    temperature_min=0.0,
    temperature_max=1.0,
    temperature_min_exclusive=True,
    honours_stop=False,  # stop silently ignored on M2.7
    image_input=False,
)
_M3 = dict(
    _M2,
    family="minimax-m3",
    context_window=1_000_000,
    max_output_tokens=524_288,
    default_max_tokens=32_768,
    response_format=True,  # "accepted, not guaranteed"
    temperature_max=2.0,
    temperature_min_exclusive=False,
    image_input=True,
    video_input=True,
)
# M3.1: 1,000,000 context, text + image + video, effort low…max (default max) — checked on the
# official text-generation guide; always reasons. Max output 524,288 is a third-party figure.
_M31 = dict(
    _M3,
    family="minimax-m3.1",
    reasoning_effort_levels=EFFORT_LEVELS,
    reasoning_effort_default="max",
)
_M1 = dict(
    family="minimax-m1",
    context_window=1_000_000,
    max_output_tokens=40_000,
    default_max_tokens=16_384,
    reasoning="field",
    supports_reasoning_split=False,
    supports_tools=True,
    tool_choice_forcing=False,
    response_format=False,
    temperature_min=0.0,
    temperature_max=1.0,
    temperature_min_exclusive=True,
    honours_stop=True,
    image_input=False,
)
_TEXT01 = dict(
    _M1,
    family="minimax-text-01",
    max_output_tokens=40_000,
    default_max_tokens=8_192,
    reasoning="none",
    response_format=True,  # the only model v2 documents json_schema for
    image_input=True,
)
# abab: legacy, context sizes from third-party tables (unverified)
_ABAB65 = dict(
    _M1,
    family="abab6.5",
    context_window=245_760,
    max_output_tokens=8_192,
    default_max_tokens=2_048,
    reasoning="none",
)
_ABAB55 = dict(
    _ABAB65,
    family="abab5.5",
    context_window=16_384,
    max_output_tokens=4_096,
    default_max_tokens=1_024,
    supports_tools=False,
)
_UNKNOWN = dict(
    family="unknown",
    context_window=32_768,
    max_output_tokens=8_192,
    default_max_tokens=4_096,
    reasoning="inline_or_split",  # parsers tolerate every form anyway
    supports_reasoning_split=False,
    supports_tools=True,
    tool_choice_forcing=False,
    response_format=False,
    temperature_min=0.0,
    temperature_max=1.0,
    temperature_min_exclusive=True,
    honours_stop=True,
    image_input=False,
)

#: Canonical official ids (what ``/v1/models`` lists), with their family profile.
KNOWN_MODELS: dict[str, dict[str, Any]] = {
    "MiniMax-M2": _M2,
    "MiniMax-M2-Stable": _M2,
    "MiniMax-M2.1": _M2,
    "MiniMax-M2.1-highspeed": _M2,
    "MiniMax-M2.1-lightning": _M2,
    "MiniMax-M2.5": _M2,
    "MiniMax-M2.5-highspeed": _M2,
    "MiniMax-M2.7": _M2,
    "MiniMax-M2.7-highspeed": _M2,
    "MiniMax-M3": _M3,
    # The official guide names only the preview id (plan-gated); aggregators serve the alias.
    "MiniMax-M3.1-Flash-Preview": dict(_M31, status="preview"),
    "MiniMax-M3.1-Flash": _M31,
    "MiniMax-M1": _M1,
    "MiniMax-Text-01": _TEXT01,
    "abab6.5s-chat": _ABAB65,
    "abab6.5g-chat": _ABAB65,
    "abab6.5t-chat": _ABAB65,
    "abab6.5-chat": _ABAB65,
    "abab5.5-chat": _ABAB55,
    "abab5.5s-chat": _ABAB55,
}

_DATE_SUFFIX = re.compile(r"[-_]\d{6,8}$")
_DASHED_VERSION = re.compile(r"^m(\d)-(\d)(?=$|[-_])")


def _normalise(model: str) -> str:
    """``"minimax/m2-7-20260402"`` → ``"m2.7"``; ``"MiniMaxAI/MiniMax-M2.5"`` → ``"m2.5"``."""
    s = model.strip().lower()
    if "/" in s:
        s = s.rsplit("/", 1)[1]
    s = s.removeprefix("minimax-").removeprefix("minimax_")
    s = _DATE_SUFFIX.sub("", s)
    s = _DASHED_VERSION.sub(lambda m: f"m{m.group(1)}.{m.group(2)}", s)
    return s


_FAMILY_PREFIXES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("m3.1", _M31),
    ("m3", _M3),
    ("m2", _M2),
    ("m1", _M1),
    ("text-01", _TEXT01),
    ("text01", _TEXT01),
    ("abab6", _ABAB65),
    ("abab5", _ABAB55),
)


def resolve_model(model: str, **overrides: Any) -> ModelInfo:
    """The :class:`ModelInfo` for ``model`` (official id, aggregator id or alias).

    ``overrides`` replace fields (e.g. ``context_window=65536``).
    """
    profile: dict[str, Any] | None = KNOWN_MODELS.get(model)
    if profile is None:
        lowered = {k.lower(): v for k, v in KNOWN_MODELS.items()}
        profile = lowered.get(model.strip().lower())
    known = True
    if profile is None:
        norm = _normalise(model)
        for prefix, fam in _FAMILY_PREFIXES:
            if norm.startswith(prefix):
                profile = fam
                break
    if profile is None:
        profile = _UNKNOWN
        known = False
    info = ModelInfo(model=model, known=known, **profile)
    return info.with_overrides(**overrides)


_warned_deprecated: set[str] = set()


def warn_if_deprecated(info: ModelInfo) -> None:
    """Warn once per process and model id when the catalog marks ``info`` deprecated."""
    if info.status != "deprecated" or info.model in _warned_deprecated:
        return
    _warned_deprecated.add(info.model)
    warnings.warn(
        f"{info.model} is deprecated by MiniMax; requests may start failing when it is "
        "retired. Move to a current model (MiniMax-M3 or the M3.1 family).",
        FutureWarning,  # shown by default: meant for the people running the code
        stacklevel=4,
    )


__all__ = [
    "EFFORT_LEVELS",
    "KNOWN_MODELS",
    "ModelInfo",
    "ModelStatus",
    "ReasoningFormat",
    "resolve_model",
    "warn_if_deprecated",
]
