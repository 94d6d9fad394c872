"""LangChain's standard integration suite for ``MiniMax-M3`` on cassettes, images included.

Recorded from the loopback emulator (``minimax_testing/emulator``), which answers like M3: split
reasoning also as ``reasoning_content``, temperature in [0, 2], and a description of the
image parts it receives. ``test_image_inputs`` downloads its image itself with ``httpx.get``;
that GET is in the cassette too, answered by a small synthetic PNG labelled as such
(``x-cassette-note`` header) — see ``seed_image_cassettes.py`` for how it is made, and
``minimax_testing/emulator/README.md`` for re-recording.
"""

from __future__ import annotations

from typing import Any

from tests.langchain.test_standard_integration import _MiniMaxStandard


class TestChatMiniMaxM3Standard(_MiniMaxStandard):
    """M3 with the official preset's default (split reasoning)."""

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {**super().chat_model_params, "model": "MiniMax-M3"}

    @property
    def supports_image_inputs(self) -> bool:
        return True

    @property
    def supports_image_urls(self) -> bool:
        return True

    @property
    def supports_video_inputs(self) -> bool:
        return True
