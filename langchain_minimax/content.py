"""LangChain content blocks → the transport's OpenAI-style content parts.

Handles what ``convert_to_openai_messages`` does not: video blocks (it raises on them) and
``cache_control`` (it drops it). Understood blocks, in any of LangChain's three shapes:

* text — ``{"type": "text", "text": ...}`` (and plain strings);
* image — standard ``{"type": "image", "url" | "base64" + "mime_type"}``, the older
  ``{"type": "image", "source_type": "url" | "base64", ...}`` and OpenAI's
  ``{"type": "image_url", "image_url": {"url": ...}}`` → ``image_url`` parts;
* video — the same shapes with ``"video"`` / ``"video_url"`` → ``video_url`` parts.

Base64 data becomes a ``data:<mime>;base64,…`` URI. ``cache_control`` is read from the block
or from its ``extras`` (LangChain v1 blocks) and kept on the part; whether the host receives it
is the transport's decision. Any other block type goes through ``convert_to_openai_messages``
as before.

Example:
    >>> to_parts([{"type": "text", "text": "What is this?"},
    ...           {"type": "image", "base64": "iVBORw0K", "mime_type": "image/png"}])[1]
    {'type': 'image_url', 'image_url': {'url': 'data:image/png;base64,iVBORw0K'}}
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langchain_core.messages.utils import convert_to_openai_messages

from minimax_transport.errors import InvalidRequestError

_MEDIA = {"image": ("image_url", "image/png"), "video": ("video_url", "video/mp4")}


def cache_control_of(block: Any) -> dict[str, Any] | None:
    """The block's ``cache_control`` (top level, or in v1 ``extras``), if any."""
    if not isinstance(block, dict):
        return None
    value = block.get("cache_control")
    if value is None and isinstance(block.get("extras"), dict):
        value = block["extras"].get("cache_control")
    return dict(value) if isinstance(value, dict) else None


def has_cache_control(content: str | list[Any]) -> bool:
    return not isinstance(content, str) and any(cache_control_of(b) for b in content)


def _media_part(block: dict[str, Any], kind: str) -> dict[str, Any]:
    part_type, default_mime = _MEDIA[kind]
    source = block.get("source_type")
    url = block.get("url") if source in (None, "url") else None
    data = block.get("base64") or (block.get("data") if source == "base64" else None)
    if url:
        target: dict[str, Any] = {"url": str(url)}
    elif data:
        mime = block.get("mime_type") or default_mime
        target = {"url": f"data:{mime};base64,{data}"}
    else:
        raise InvalidRequestError(
            f"A {kind} block needs a 'url' or 'base64' data (MiniMax has no file ids): "
            f"got keys {sorted(block)}"
        )
    detail = block.get("detail") or (block.get("extras") or {}).get("detail")
    if kind == "image" and detail:
        target["detail"] = detail
    return {"type": part_type, part_type: target}


def _part(block: Any) -> dict[str, Any] | None:
    """One block → one part (``None``: not a block this module maps)."""
    if isinstance(block, str):
        return {"type": "text", "text": block}
    if not isinstance(block, dict):
        return None
    kind = block.get("type")
    part: dict[str, Any]
    if kind == "text":
        part = {"type": "text", "text": str(block.get("text", ""))}
    elif kind in _MEDIA:
        part = _media_part(block, kind)
    elif kind in ("image_url", "video_url"):
        inner = block.get(kind)
        target = {"url": inner} if isinstance(inner, str) else dict(inner or {})
        part = {"type": kind, kind: target}
    else:
        return None
    cache_control = cache_control_of(block)
    if cache_control:
        part["cache_control"] = cache_control
    return part


def to_parts(content: list[Any]) -> list[dict[str, Any]]:
    """User content blocks → content parts, in order (see module docstring)."""
    parts: list[dict[str, Any]] = []
    for block in content:
        part = _part(block)
        if part is not None:
            parts.append(part)
            continue
        converted = convert_to_openai_messages(HumanMessage(content=[block]))
        inner = converted.get("content") if isinstance(converted, dict) else None
        if isinstance(inner, list):
            parts.extend(p for p in inner if isinstance(p, dict))
        elif isinstance(inner, str) and inner:
            parts.append({"type": "text", "text": inner})
    return parts


__all__ = ["cache_control_of", "has_cache_control", "to_parts"]
