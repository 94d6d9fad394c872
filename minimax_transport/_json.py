"""JSON decoding for the per-chunk hot path: ``orjson`` when it is importable, else the stdlib.

``orjson`` decodes a typical stream chunk about 3-4× faster than :func:`json.loads` (it is
already installed wherever ``langchain-core`` is, through ``langsmith``). Anything it refuses
(``NaN``, lone surrogates, invalid JSON) is handed to :func:`json.loads`, which decides, so
errors are the stdlib's. One difference remains: an integer past 64 bits comes back as a
``float``. Chat-completion envelopes carry none (ids are strings, counts are small) and
tool-call arguments are JSON *strings*, parsed later by the stdlib.

Example:
    >>> loads('{"a": [1, 2.5, null]}')
    {'a': [1, 2.5, None]}
    >>> loads('{"n": NaN}')["n"] != loads('{"n": NaN}')["n"]    # the stdlib's answer
    True
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_std_loads = json.loads

try:  # pragma: no cover - depends on the environment
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None  # type: ignore[assignment]


def _loads_with_fallback(data: str | bytes | bytearray) -> Any:
    try:
        return _orjson.loads(data)
    except ValueError:  # orjson.JSONDecodeError is a ValueError
        return _std_loads(data)


#: ``json.loads``-compatible decoder (raises ``ValueError`` on invalid JSON).
loads: Callable[[str | bytes | bytearray], Any] = (
    _loads_with_fallback if _orjson is not None else _std_loads
)

__all__ = ["loads"]
