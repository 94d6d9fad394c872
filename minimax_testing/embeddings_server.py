"""A loopback ``/v1/embeddings`` server for tests and the embeddings benchmark.

Answers with :func:`minimax_testing.wire.embeddings_answer` (MiniMax's documented shape), after
``latency`` seconds; ``script`` queues responses to send first (an HTTP-200 ``base_resp`` error,
an HTTP status, extra headers). Records every request body and ``Authorization`` header.
Binds 127.0.0.1 on a free port.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from minimax_testing import wire
from minimax_testing.recorder import RequestRecorder


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512


class EmbeddingsServer(RequestRecorder[str]):
    """The server (a context manager); records every request (:attr:`bodies`, :attr:`auth`).

    Example::

        with EmbeddingsServer() as server:
            ...  # point a client at server.base_url
            assert server.bodies[-1]["texts"] == ["hello"]
    """

    def __init__(self, *, latency: float = 0.0, dim: int = 8, constant: bool = False) -> None:
        super().__init__()
        self.latency = latency
        self.dim = dim
        #: Answer every text with one pre-encoded vector (the benchmark: keeps the fake
        #: server's own JSON encoding out of the measurement).
        self.constant = constant
        self._vector_json = json.dumps(wire.embedding_vector("x", "db", dim))
        #: ``(status, body, headers)`` to answer with before the normal answers.
        self.script: deque[tuple[int, dict[str, Any], dict[str, str]]] = deque()
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                server.record(self.path, raw, dict(self.headers))
                body = server.bodies[-1]
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                    scripted = server.script.popleft() if server.script else None
                try:
                    if server.latency:
                        time.sleep(server.latency)
                    if scripted is not None:
                        status, out, headers = scripted
                    elif server.constant:
                        status, headers, out = 200, {}, None
                    elif self.path.split("?", 1)[0].endswith("/embeddings"):
                        status, out, headers = 200, wire.embeddings_answer(body, server.dim), {}
                    else:
                        status, out, headers = 404, {"error": "not found"}, {}
                    if out is None:
                        n = len(body.get("texts") or ())
                        payload = (
                            '{"vectors": [' + ", ".join([server._vector_json] * n) + "], "
                            f'"total_tokens": {n}, "base_resp": {{"status_code": 0, '
                            '"status_msg": "success"}}'
                        ).encode()
                    else:
                        payload = json.dumps(out).encode()
                finally:
                    with server._lock:
                        server.in_flight -= 1
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def auth(self) -> list[str]:
        """The ``Authorization`` header of every request (``""`` where absent)."""
        return self.header("authorization")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def error(self, code: int, *, times: int = 1, headers: dict[str, str] | None = None) -> None:
        """Queue ``times`` HTTP-200 ``base_resp`` errors with MiniMax code ``code``."""
        body = wire.base_resp_error_body(code, wire.EMBEDDING_ERRORS.get(code, "error"))
        for _ in range(times):
            self.script.append((200, body, dict(headers or {})))

    def __enter__(self) -> EmbeddingsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
