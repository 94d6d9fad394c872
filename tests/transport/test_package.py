"""Package hygiene: no framework import from the transport; cassettes = generator output, each
one parseable by vcrpy and replayed by a test (no dead cassettes)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from vcr.serialize import deserialize
from vcr.serializers import yamlserializer

from .cassette_specs import SPECS
from .make_cassettes import CASSETTES, cassette_path, render

HERE = Path(__file__).parent


def test_import_pulls_in_no_framework() -> None:
    code = (
        "import minimax_transport, sys; "
        "assert not any(m.startswith(('langchain','llama_index')) for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith(('langchain','llama_index')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_committed_cassettes_are_the_generator_output() -> None:
    for spec in SPECS.values():
        path = cassette_path(spec)
        assert path.exists(), f"missing {path}: run python -m tests.transport.make_cassettes"
        assert path.read_text(encoding="utf-8") == render(spec), (
            f"{path} differs from the generator: run python -m tests.transport.make_cassettes"
        )


def test_every_cassette_parses_and_names_its_source() -> None:
    for spec in SPECS.values():
        text = cassette_path(spec).read_text(encoding="utf-8")
        assert text.startswith(f"# Cassette: {spec.name}\n# Reproduces: ")
        requests, responses = deserialize(text, yamlserializer)
        assert len(requests) == len(responses) == 1
        assert requests[0].uri == spec.base_url + "/chat/completions"
        assert responses[0]["body"]["string"] == spec.body
        assert responses[0]["status"]["code"] == spec.status
        auth = requests[0].headers.get("Authorization")
        assert auth in (None, "<scrubbed>", ["<scrubbed>"])


def test_no_dead_cassettes() -> None:
    """Every file under tests/cassettes/transport/ has a spec, and every spec is replayed by the
    module that owns its directory (which parametrizes over ``specs_for(<module>)``)."""
    files = {p.relative_to(CASSETTES) for p in CASSETTES.rglob("*.yaml")}
    assert files == {cassette_path(s).relative_to(CASSETTES) for s in SPECS.values()}
    for module in {s.module for s in SPECS.values()}:
        source = (HERE / f"{module}.py").read_text(encoding="utf-8")
        tree = ast.parse(source)
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "specs_for"
        ]
        assert calls, f"{module}.py does not replay its cassettes"
