"""Every cassette suite is exactly its generator's output (``python -m tests.make_cassettes
--check``); LangChain's are re-recorded from the emulator into a temporary folder (~35 s)."""

from __future__ import annotations

import pytest

from tests.make_cassettes import GENERATED, main


@pytest.mark.parametrize("suite", sorted(GENERATED))
def test_generated_cassettes_are_up_to_date(suite: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", suite]) == 0, (
        f"stale cassettes, run python -m tests.make_cassettes {suite}:\n{capsys.readouterr().err}"
    )


def test_unknown_suite_is_refused() -> None:
    assert main(["--check", "no_such_suite"]) == 2
