"""Memory on a huge non-streamed answer: the body is held once while it is parsed.

A non-streamed call reads the whole body; the client takes the bytes out of the response,
decodes them once, drops them, and parses that one string. The traced peak of a whole
``complete`` call (socket read included) must stay at or below 2.5× the body size, for both
reasoning shapes: reasoning in its own field (``split``) and a ``<think>`` block opening
``content`` (``inline``), where the splitter must slice the answer out once, not copy the text
at every step.
"""

from __future__ import annotations

import gc
import tracemalloc

import httpx
import pytest

from minimax_testing.big_body import MODEL, REASONING, BodyServer, huge_body, huge_text
from minimax_transport import ChatRequest, MiniMaxClient, ServerError, UserMessage

BODY_BYTES = 8_000_000


@pytest.mark.parametrize("split", [True, False], ids=["split", "inline"])
def test_huge_non_streamed_answer_peaks_below_two_and_a_half_times_its_size(split: bool) -> None:
    body = huge_body(BODY_BYTES, split=split)
    with BodyServer(body) as server:
        client = MiniMaxClient(api_key="sk-test", base_url=server.base_url, max_retries=0)
        try:
            request = ChatRequest(MODEL, [UserMessage("Write a very long text.")])
            client.complete(ChatRequest(MODEL, [UserMessage("warm up")]))
            gc.collect()
            tracemalloc.start()
            try:
                result = client.complete(request)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
        finally:
            client.close()
    assert result.content == huge_text(BODY_BYTES)  # the whole answer arrived, exactly
    assert result.reasoning == REASONING
    assert peak <= 2.5 * len(body), f"peak {peak / len(body):.2f}x the body size"


def test_large_body_that_is_not_json_still_becomes_a_typed_error() -> None:
    """The large-body branch keeps the small one's fallbacks: text that is not JSON (a proxy's
    HTML page) and bytes that are not UTF-8 both reach ``error_from_body`` as text."""
    page = b"<html><body>502 Bad Gateway</body></html>" + b" " * 2_000_000
    bad_utf8 = b"\xff\xfe upstream failure " + b"x" * 2_000_000
    for raw in (page, bad_utf8):
        transport = httpx.MockTransport(lambda request, raw=raw: httpx.Response(502, content=raw))
        client = MiniMaxClient(
            api_key="sk-test",
            base_url="https://api.minimax.io/v1",
            max_retries=0,
            http_client=httpx.Client(transport=transport),
        )
        with pytest.raises(ServerError) as info:
            client.complete(ChatRequest(MODEL, [UserMessage("hi")]))
        assert info.value.status_code == 502
        assert len(info.value.message) <= 500
        assert "502 Bad Gateway" in info.value.message or "upstream failure" in info.value.message
