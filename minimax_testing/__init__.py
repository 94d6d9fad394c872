"""MiniMax wire kit for tests, cassette generators, benchmarks and the cookbook (not shipped).

One place owns MiniMax's wire format on the test side: the verbatim captures (``captures/``, read by :mod:`minimax_testing.recorded`),
the envelope builders (:mod:`minimax_testing.wire`), the loopback emulator
(:mod:`minimax_testing.emulator`) and the fake servers built on them
(:mod:`minimax_testing.fault_server`, :mod:`minimax_testing.embeddings_server`,
:mod:`minimax_testing.recorder`: the one request recorder they all use,
:mod:`minimax_testing.big_body`). A correction to the wire format is one edit in ``wire.py``.

Example::

    from minimax_testing import wire

    body = wire.sse(
        wire.stream_events(seed="hi", model="MiniMax-M2.7", answer=wire.Answer(content="Hi"),
                           prompt_tokens=3, split=False, include_usage=True)
    )
"""

from .recorded import CAPTURES

__all__ = ["CAPTURES"]
