"""Per-model ``thinking``, ``reasoning_effort`` and ``cache_control``: the one table that
decides what is sent, on both wire dialects.

On MiniMax's own API (the presets with ``official=True``: ``minimax`` / ``minimax-cn`` on the
chat dialect, ``minimax-anthropic`` / ``minimax-cn-anthropic`` on the Messages dialect) each
setting is, per model family:

* **sent** as given;
* **refused** before any request with :class:`ModelControlError` (names the model and the
  allowed values) when MiniMax would reject it — disabling thinking on the M3.1 family (a 2013
  "requires adaptive thinking" error), an effort level the model does not have;
* **dropped with a warning** (once per process, :class:`ModelControlWarning`) when MiniMax
  would silently ignore it — disabling thinking on M2.x/M1, an effort level on M2.x or M3;
* **omitted** quietly when it asks for what the model does anyway (adaptive thinking on M2.x,
  which always reasons; disabled thinking on a model that never reasons).

On aggregators, OpenRouter and self-hosted presets the host decides: a setting is sent, as
given, only when the caller set it. Unknown model ids are treated the same way.

ChatAnthropic's ``{"type": "enabled", "budget_tokens": N}`` is accepted and sent as
``{"type": "adaptive"}`` on the official presets (MiniMax knows only adaptive/disabled and has
no budget), with a one-time warning.

When the caller sets no ``thinking``, nothing is sent on the chat dialect (its endpoint
reasons by default); MiniMax's Anthropic-compatible endpoint **disables** thinking when the
field is omitted, so on the Messages dialect a family whose ``adaptive`` action is ``send``
(M3, the M3.1 family) gets ``{"type": "adaptive"}`` (:data:`THINKING_OFF_WHEN_OMITTED`).

:func:`decide_controls` returns the dialect-neutral :class:`ControlDecision`; each dialect
only maps it to its wire form — chat: ``thinking`` / ``reasoning_effort`` fields
(:func:`chat_fields`); Messages: ``thinking`` and ``output_config.effort``
(:mod:`.messages_request`). ``cache_control`` markers are kept on the official presets of
either dialect and removed elsewhere (:func:`keeps_cache_control`).

The facts behind the table (and which are checked on an official page) are in
``docs/models-and-controls.md``.

Example:
    >>> from minimax_transport.catalog import resolve_model
    >>> from minimax_transport.presets import get_preset
    >>> from minimax_transport.types import ChatRequest, UserMessage
    >>> req = ChatRequest("MiniMax-M3", [UserMessage("hi")], thinking={"type": "disabled"})
    >>> control_fields(req, resolve_model("MiniMax-M3"), get_preset("minimax"))
    {'thinking': {'type': 'disabled'}}
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Literal

from .catalog import EFFORT_LEVELS, ModelInfo
from .errors import InvalidRequestError
from .presets import Preset
from .types import ChatRequest, JSONDict

#: What the transport does with one setting on one model family.
Action = Literal["send", "refuse", "drop", "omit"]

#: The request-body fields this module owns (lifted out of ``extra_body`` when set there).
CONTROL_FIELDS = ("thinking", "reasoning_effort")
THINKING_TYPES = ("adaptive", "disabled")
#: Dialects whose MiniMax endpoint disables thinking when ``thinking`` is omitted
#: (docs/anthropic-endpoint.md, 'Thinking'): there an unset ``thinking`` is sent as adaptive
#: to the families that take it.
THINKING_OFF_WHEN_OMITTED = frozenset({"messages"})
ADAPTIVE: JSONDict = {"type": "adaptive"}


@dataclass(frozen=True, slots=True)
class FamilyControls:
    """The actions for ``thinking: adaptive``, ``thinking: disabled`` and ``reasoning_effort``
    on one model family (``effort="send"`` still checks the level against the catalog)."""

    adaptive: Action
    disabled: Action
    effort: Action
    why_disabled: str = ""
    why_effort: str = ""


_ALWAYS_REASONS = FamilyControls(
    adaptive="omit",
    disabled="drop",
    effort="drop",
    why_disabled="it always reasons (MiniMax ignores thinking: disabled)",
    why_effort="it has no reasoning-effort control",
)
_NO_REASONING = FamilyControls(
    adaptive="drop",
    disabled="omit",
    effort="drop",
    why_effort="it is not a reasoning model",
)

#: Model family → actions, on the official presets. Families not listed: sent as given.
CONTROL_TABLE: dict[str, FamilyControls] = {
    "minimax-m3.1": FamilyControls(
        adaptive="send",
        disabled="refuse",
        effort="send",
        why_disabled="the M3.1 family always reasons (MiniMax answers 2013 'requires "
        "adaptive thinking')",
    ),
    "minimax-m3": FamilyControls(
        adaptive="send",
        disabled="send",
        effort="drop",
        why_effort="MiniMax-M3 has no reasoning-effort control (the M3.1 family has)",
    ),
    "minimax-m2": _ALWAYS_REASONS,
    "minimax-m1": _ALWAYS_REASONS,
    "minimax-text-01": _NO_REASONING,
    "abab6.5": _NO_REASONING,
    "abab5.5": _NO_REASONING,
}


class ModelControlError(InvalidRequestError):
    """A ``thinking`` / ``reasoning_effort`` value the model refuses, caught before sending.

    Attributes: ``model``, ``setting`` (``"thinking"`` or ``"reasoning_effort"``), ``value``
    and ``allowed`` (the values this model accepts).

    Example:
        >>> err = ModelControlError("MiniMax-M3.1-Flash", "reasoning_effort", "huge", ["low"])
        >>> err.allowed, "huge" in str(err)
        (['low'], True)
    """

    def __init__(
        self, model: str, setting: str, value: Any, allowed: list[Any], reason: str = ""
    ) -> None:
        self.model = model
        self.setting = setting
        self.value = value
        self.allowed = allowed
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(
            f"{model} does not accept {setting}={value!r}{detail}. "
            f"Allowed values for {model}: {', '.join(repr(a) for a in allowed) or 'none'}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.model, self.setting, self.value, self.allowed, self.reason))


class ModelControlWarning(UserWarning):
    """A ``thinking`` / ``reasoning_effort`` setting the model ignores was not sent."""


_warned: set[tuple[str, ...]] = set()


def _warn_once(key: tuple[str, ...], message: str) -> None:
    if key in _warned:
        return
    _warned.add(key)
    warnings.warn(message, ModelControlWarning, stacklevel=5)


def _setting(request: ChatRequest, name: str) -> Any:
    value = getattr(request, name)
    if value is None and request.extra_body:
        value = request.extra_body.get(name)
    return value


def _thinking(value: Any, info: ModelInfo, rules: FamilyControls | None) -> JSONDict | None:
    kind = value.get("type") if isinstance(value, dict) else None
    allowed_types = _allowed_thinking(rules)
    if kind not in (*THINKING_TYPES, "enabled"):
        raise ModelControlError(
            info.model,
            "thinking",
            value,
            [{"type": t} for t in allowed_types],
            "thinking is a dict with 'type' 'adaptive' or 'disabled'",
        )
    assert isinstance(value, dict)
    converted = kind == "enabled"
    if converted:
        value = {"type": "adaptive"}
        kind = "adaptive"
    if rules is None:
        return dict(value)
    action = rules.adaptive if kind == "adaptive" else rules.disabled
    if action == "send":
        if converted:
            _warn_once(
                ("thinking", "enabled"),
                "thinking={'type': 'enabled', 'budget_tokens': ...} is sent to MiniMax as "
                "{'type': 'adaptive'}: MiniMax knows only adaptive and disabled thinking, "
                "with no token budget.",
            )
        return dict(value)
    if action == "refuse":
        raise ModelControlError(
            info.model,
            "thinking",
            value,
            [{"type": t} for t in allowed_types],
            rules.why_disabled,
        )
    if action == "drop":
        why = rules.why_disabled if kind == "disabled" else "it is not a reasoning model"
        _warn_once(
            (info.model, "thinking", str(kind)),
            f"thinking={{'type': {kind!r}}} is not sent to {info.model}: {why}.",
        )
    return None


def _allowed_thinking(rules: FamilyControls | None) -> list[str]:
    if rules is None:
        return list(THINKING_TYPES)
    return [
        t
        for t, action in zip(THINKING_TYPES, (rules.adaptive, rules.disabled), strict=True)
        if action in ("send", "omit")
    ]


def _effort(value: Any, info: ModelInfo, rules: FamilyControls | None) -> Any:
    if rules is None:
        return value
    levels = list(info.reasoning_effort_levels)
    if not isinstance(value, str) or value not in EFFORT_LEVELS:
        raise ModelControlError(
            info.model, "reasoning_effort", value, levels, "unknown reasoning-effort level"
        )
    if rules.effort == "send":
        if value not in levels:
            raise ModelControlError(info.model, "reasoning_effort", value, levels)
        return value
    if rules.effort == "drop":
        _warn_once(
            (info.model, "reasoning_effort"),
            f"reasoning_effort={value!r} is not sent to {info.model}: {rules.why_effort}.",
        )
    return None


@dataclass(frozen=True, slots=True)
class ControlDecision:
    """What is sent for the controls, before any dialect maps it to its wire form.

    ``thinking``: the thinking config to send (``None``: none); ``effort``: the effort level to
    send (``None``: none); ``cache_control``: keep ``cache_control`` markers on blocks.

    Example:
        >>> from minimax_transport.catalog import resolve_model
        >>> from minimax_transport.presets import get_preset
        >>> from minimax_transport.types import ChatRequest, UserMessage
        >>> req = ChatRequest("MiniMax-M3.1-Flash", [UserMessage("hi")], reasoning_effort="low")
        >>> decide_controls(req, resolve_model(req.model), get_preset("minimax-anthropic"))
        ControlDecision(thinking={'type': 'adaptive'}, effort='low', cache_control=True)
    """

    thinking: JSONDict | None = None
    effort: Any = None
    cache_control: bool = True


def keeps_cache_control(preset: Preset) -> bool:
    """``cache_control`` markers are sent on MiniMax's own API (either dialect) only."""
    return preset.official


def decide_controls(request: ChatRequest, info: ModelInfo, preset: Preset) -> ControlDecision:
    """Apply :data:`CONTROL_TABLE` (official presets) or pass the settings through (elsewhere).

    Raises :class:`ModelControlError` for refused values; warns once for dropped ones. A value
    in ``request.extra_body`` counts as set when the typed field is ``None``; the dialect's
    builder removes :data:`CONTROL_FIELDS` from ``extra_body`` before merging it.
    """
    thinking = _setting(request, "thinking")
    effort = _setting(request, "reasoning_effort")
    cache = keeps_cache_control(preset)
    if not preset.official:
        return ControlDecision(thinking, effort, cache)
    rules = CONTROL_TABLE.get(info.family)
    sent_thinking: JSONDict | None = None
    if thinking is not None:
        sent_thinking = _thinking(thinking, info, rules)
    elif (
        preset.dialect in THINKING_OFF_WHEN_OMITTED
        and rules is not None
        and rules.adaptive == "send"
    ):
        sent_thinking = dict(ADAPTIVE)
    level = _effort(effort, info, rules) if effort is not None else None
    return ControlDecision(sent_thinking, level, cache)


def chat_fields(decision: ControlDecision) -> JSONDict:
    """The chat dialect's wire form: ``thinking`` and ``reasoning_effort`` body fields."""
    out: JSONDict = {}
    if decision.thinking is not None:
        out["thinking"] = decision.thinking
    if decision.effort is not None:
        out["reasoning_effort"] = decision.effort
    return out


def control_fields(request: ChatRequest, info: ModelInfo, preset: Preset) -> JSONDict:
    """The chat dialect's ``thinking`` / ``reasoning_effort`` body fields for ``request``
    (empty when neither is set or both are dropped): :func:`decide_controls` mapped by
    :func:`chat_fields`. Raises :class:`ModelControlError` for refused values."""
    return chat_fields(decide_controls(request, info, preset))


__all__ = [
    "CONTROL_FIELDS",
    "CONTROL_TABLE",
    "THINKING_OFF_WHEN_OMITTED",
    "ControlDecision",
    "FamilyControls",
    "ModelControlError",
    "ModelControlWarning",
    "chat_fields",
    "control_fields",
    "decide_controls",
    "keeps_cache_control",
]
