"""The LangChain cassette matcher is independent of docstring indentation.

Tool descriptions come from docstrings; Python 3.13 dedents docstrings at compile time while
3.10-3.12 keep the source indentation, so the same test sends differently indented
descriptions depending on the interpreter. Both must match the one recorded cassette; a
description that really differs must not.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from tests.langchain.conftest import json_body_without_ids


def _request(description: str, call_id: str = "call_1") -> Any:
    body = {
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "magic",
                    "description": description,
                    "parameters": {"type": "object", "properties": {}},
                },
            }
        ],
        "messages": [{"role": "tool", "tool_call_id": call_id, "content": "ok"}],
    }
    return SimpleNamespace(body=json.dumps(body).encode())


INDENTED = "Apply a magic function.\n\n        Args:\n            x: the input.\n        "
DEDENTED = "Apply a magic function.\n\nArgs:\n    x: the input."


def test_indented_and_dedented_docstrings_match() -> None:
    json_body_without_ids(_request(INDENTED, "call_1"), _request(DEDENTED, "call_2"))


def test_a_different_description_does_not_match() -> None:
    with pytest.raises(AssertionError):
        json_body_without_ids(_request(INDENTED), _request(DEDENTED.replace("magic", "other")))
