"""Shared test configuration: vcrpy cassettes (via pytest-recording) and a fake key.

Replay is the default (record mode ``none``: a request with no recorded answer fails).
To re-record against the live API: ``MINIMAX_API_KEY=... MINIMAX_RECORD_MODE=once pytest``
(delete the cassette first to replace it). ``Authorization`` and any key are scrubbed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed derandomised seed so a run is reproducible; locally
# hypothesis explores new examples every run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TESTS_DIR = Path(__file__).parent
# ``MINIMAX_CASSETTES_DIR`` redirects recording (``python -m tests.make_cassettes langchain
# --check`` records into a temporary folder and compares it with ``tests/cassettes``).
CASSETTES_DIR = Path(os.environ.get("MINIMAX_CASSETTES_DIR") or TESTS_DIR / "cassettes")
RECORD_MODE = os.environ.get("MINIMAX_RECORD_MODE", "none")
RECORDING = RECORD_MODE != "none"
FAKE_KEY = "test-key-not-a-real-key"
SCRUBBED_HEADERS = ["authorization", "x-api-key", "api-key", "cookie", "set-cookie"]


def _scrub_request(request: Any) -> Any:
    key = os.environ.get("MINIMAX_API_KEY")
    if key and request.body:
        body = request.body
        if isinstance(body, bytes) and key.encode() in body:
            request.body = body.replace(key.encode(), b"<scrubbed>")
        elif isinstance(body, str) and key in body:
            request.body = body.replace(key, "<scrubbed>")
    return request


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    return {
        "record_mode": RECORD_MODE,
        "filter_headers": [(h, "<scrubbed>") for h in SCRUBBED_HEADERS],
        "before_record_request": _scrub_request,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "query"],
    }


@pytest.fixture
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """Cassettes live under ``tests/cassettes/<test sub-folder>/<test module>/``."""
    module_path = Path(request.node.fspath)
    rel = module_path.parent.relative_to(TESTS_DIR)
    return str(CASSETTES_DIR / rel / module_path.stem)


@pytest.fixture(autouse=True)
def _minimax_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replay runs with a fake key and the official base URL; recording keeps the real env."""
    if not RECORDING:
        monkeypatch.setenv("MINIMAX_API_KEY", FAKE_KEY)
        monkeypatch.delenv("MINIMAX_BASE_URL", raising=False)
        monkeypatch.delenv("MINIMAX_PRESET", raising=False)
