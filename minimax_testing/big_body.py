"""A huge non-streamed MiniMax answer served from a loopback server thread (memory tests)."""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any

from minimax_testing import wire

MODEL = "MiniMax-M2.7"
REASONING = "The user wants a long text."
_PARAGRAPH = "The sum of two odd numbers is even,\nbecause each is one more than an even.\n\n"


def huge_text(size: int) -> str:
    """An answer of exactly ``size`` characters (ASCII, with line breaks), ending in ``.``."""
    text = (_PARAGRAPH * (size // len(_PARAGRAPH) + 1))[: max(size - 1, 0)]
    return text + "."


def huge_body(size: int, *, split: bool = True) -> bytes:
    """A MiniMax ``chat.completion`` body carrying :func:`huge_text` (``size`` characters)."""
    answer = wire.Answer(reasoning=REASONING, text=huge_text(size))
    body = wire.completion_body(
        seed="huge", model=MODEL, answer=answer, prompt_tokens=12, split=split
    )
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


class BodyServer:
    """A loopback HTTP server answering every POST with the same JSON body."""

    def __init__(self, body: bytes) -> None:
        payload = body

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> BodyServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
