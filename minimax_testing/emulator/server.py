"""A loopback HTTP server speaking MiniMax's OpenAI-compatible dialect (never OpenAI's).

* ``POST /v1/chat/completions`` — the emulated model (:mod:`.brain`) answers in MiniMax's wire
  format (:mod:`.wire`): inline ``<think>`` in ``content`` by default, ``reasoning_details``
  when the request has ``reasoning_split: true``; streamed or not; usage chunk only when
  ``stream_options.include_usage`` is set. Requests are validated the way MiniMax does (a
  ``tool`` message must answer a known ``tool_call_id``, more than one ``system`` message is
  ``invalid chat setting (2013)``, temperature must be in (0, 1]) so an adapter bug shows up
  as the same error the real API returns.
* ``POST /scenario/<name>/v1/chat/completions`` — a verbatim capture (:mod:`.scenarios`).
* ``POST /v1/embeddings`` — MiniMax's native embeddings answer (:func:`.wire.embeddings_answer`):
  deterministic 1,536-dimension vectors, ``total_tokens``, HTTP-200 ``base_resp`` 2013 for a
  body without ``texts``. Clients must name the ``minimax`` preset (a loopback host is
  otherwise detected as self-hosted, which serves no embeddings).

Binds ``127.0.0.1`` only. Used to *record* cassettes; replay never needs it.

    python -m minimax_testing.emulator            # serve on 127.0.0.1:18517 until Ctrl-C
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .. import wire
from . import brain
from .scenarios import SCENARIOS, Response

HOST = "127.0.0.1"
PORT = 18517
BASE_URL = f"http://{HOST}:{PORT}/v1"


def scenario_base_url(name: str) -> str:
    """The base URL that serves scenario ``name``."""
    if name not in SCENARIOS:
        raise KeyError(f"unknown emulator scenario {name!r}")
    return f"http://{HOST}:{PORT}/scenario/{name}/v1"


def _error(status: int, message: str, kind: str = "bad_request_error") -> Response:
    body = {
        "type": "error",
        "error": {"type": kind, "message": message, "http_code": str(status)},
        "request_id": "06" + wire.digest(message)[:30],
    }
    return status, "application/json; charset=utf-8", json.dumps(body).encode()


def _validate(body: dict[str, Any]) -> Response | None:
    """The 400s MiniMax returns for malformed histories (docs/wire-format.md 'Tool definitions', 'Error codes and retryability')."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return _error(400, "binding: expr_path=messages, cause=missing required parameter (2013)")
    if sum(1 for m in messages if m.get("role") == "system") > 1:
        return _error(400, "invalid params, invalid chat setting (2013)")
    temperature = body.get("temperature")
    if temperature is not None and not (0 < float(temperature) <= 1):
        return _error(400, "invalid params, temperature must be in (0, 1] (2013)")
    known_ids: set[str] = set()
    for m in messages:
        if m.get("role") == "assistant":
            for tc in m.get("tool_calls") or []:
                known_ids.add(tc.get("id"))
                try:
                    json.loads(tc["function"]["arguments"])
                except (KeyError, TypeError, ValueError):
                    return _error(
                        400,
                        "invalid params, invalid function arguments json string, "
                        f"tool_call_id: {tc.get('id')} (2013)",
                    )
        if m.get("role") == "tool" and m.get("tool_call_id") not in known_ids:
            return _error(
                400,
                f"invalid params, tool result's tool id({m.get('tool_call_id')}) not found (2013)",
            )
    for t in body.get("tools") or []:
        fn = t.get("function") or {}
        if not fn.get("name") or fn.get("parameters") is None:
            return _error(
                400,
                "invalid params, function name or parameters is empty (2013)",
                "invalid_request_error",
            )
    return None


def answer(body: dict[str, Any]) -> Response:
    """The emulated model's response to a chat-completions body."""
    invalid = _validate(body)
    if invalid is not None:
        return invalid
    model = str(body.get("model") or "MiniMax-M2.7")
    decided = brain.decide(body)
    seed = json.dumps(body, sort_keys=True, ensure_ascii=False)
    split = bool(body.get("reasoning_split"))
    ptokens = brain.prompt_tokens(body)
    if body.get("stream"):
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        events = wire.stream_events(
            seed=seed,
            model=model,
            answer=decided,
            prompt_tokens=ptokens,
            split=split,
            include_usage=include_usage,
        )
        return 200, "text/event-stream", wire.sse(events)
    out = wire.completion_body(
        seed=seed, model=model, answer=decided, prompt_tokens=ptokens, split=split
    )
    return 200, "application/json; charset=utf-8", json.dumps(out, ensure_ascii=False).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        if not self.headers.get("authorization", "").startswith("Bearer "):
            status, ctype, payload = (
                401,
                "application/json",
                json.dumps(
                    {
                        "type": "error",
                        "error": {
                            "type": "authorized_error",
                            "message": "login fail: Please carry the API secret key in the 'Authorization' field of the request header (1004)",
                            "http_code": "401",
                        },
                    }
                ).encode(),
            )
        else:
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                status, ctype, payload = _error(400, "Syntax error at index 0: eof (2013)")
            else:
                received = getattr(self.server, "received", None)
                if isinstance(received, list):
                    received.append(body)
                if path == "/v1/chat/completions":
                    status, ctype, payload = answer(body)
                elif path == "/v1/embeddings":
                    out = wire.embeddings_answer(body)
                    status, ctype = 200, "application/json; charset=utf-8"
                    payload = json.dumps(out).encode()
                elif path.startswith("/scenario/") and path.endswith("/v1/chat/completions"):
                    name = path.split("/")[2]
                    handler = SCENARIOS.get(name)
                    if handler is None:
                        status, ctype, payload = 404, "text/plain", b"404 page not found"
                    else:
                        status, ctype, payload = handler(body)
                else:
                    status, ctype, payload = 404, "text/plain", b"404 page not found"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _Server(ThreadingHTTPServer):
    received: list[dict[str, Any]]


class MiniMaxEmulator:
    """Start/stop the emulator in a background thread (a context manager).

    ``port=0`` binds a free port (read :attr:`port` after :meth:`start`). :attr:`received`
    holds every JSON request body that reached the emulator, in order.
    """

    def __init__(self, host: str = HOST, port: int = PORT) -> None:
        """``port=0`` picks a free port (read it back from :attr:`port` / :attr:`base_url`)."""
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the emulator binds loopback only")
        self.host, self.port = host, port
        self.received: list[dict[str, Any]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def scenario_url(self, name: str) -> str:
        """The base URL of scenario ``name`` on this emulator."""
        if name not in SCENARIOS:
            raise KeyError(f"unknown emulator scenario {name!r}")
        return f"http://{self.host}:{self.port}/scenario/{name}/v1"

    def start(self) -> MiniMaxEmulator:
        self._server = _Server((self.host, self.port), _Handler)
        self._server.received = self.received
        self.port = self._server.server_address[1]
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> MiniMaxEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
