"""A loopback HTTP server speaking MiniMax's OpenAI-compatible dialect (never OpenAI's).

* ``POST /v1/chat/completions`` — the emulated model (:mod:`.brain`) answers in MiniMax's wire
  format (:mod:`.wire`): inline ``<think>`` in ``content`` by default, ``reasoning_details``
  when the request has ``reasoning_split: true``; streamed or not; usage chunk only when
  ``stream_options.include_usage`` is set. Requests are validated the way MiniMax does (a
  ``tool`` message must answer a known ``tool_call_id``, more than one ``system`` message is
  ``invalid chat setting (2013)``, temperature must be in (0, 1]) so an adapter bug shows up
  as the same error the real API returns.
* ``POST /anthropic/v1/messages`` — the same model on MiniMax's Anthropic-compatible endpoint
  (:func:`answer_messages`): Messages blocks in (tool results must answer the previous
  assistant turn's ``tool_use`` ids; a signed ``thinking`` block sent back must carry its
  signature unmodified — HTTP 400 otherwise; temperature in (0, 1]; M1/Text-01/abab refused),
  signed ``thinking`` + ``text`` + ``tool_use`` blocks out (:func:`.wire.message_body`,
  :func:`.wire.message_stream_events`). M2.x always thinks; M3 thinks only when the request
  says ``thinking: {"type": "adaptive"}`` (omitted means disabled on this endpoint).
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
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .. import wire
from ..recorder import RecordedBodies, RequestRecorder
from . import brain
from .scenarios import SCENARIOS, Response

HOST = "127.0.0.1"
# Ids clients mint at random (uuid4: LangChain's few-shot tool examples). They do not seed the
# answer, so the same conversation always gets the same answer and re-recording is byte-stable.
CLIENT_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
#: The port recorded in the LangChain cassettes. ``MINIMAX_EMULATOR_PORT`` moves a recording
#: run elsewhere (``tests.make_cassettes langchain --check`` uses a free port, so it can run
#: beside another recording); the recorder writes ``RECORDED_PORT`` into the cassettes.
RECORDED_PORT = 18517
PORT = int(os.environ.get("MINIMAX_EMULATOR_PORT") or RECORDED_PORT)
BASE_URL = f"http://{HOST}:{PORT}/v1"
ANTHROPIC_BASE_URL = f"http://{HOST}:{PORT}/anthropic"


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


def _family(body: dict[str, Any]) -> str:
    """``"m3.1"``, ``"m3"`` or ``"m2"`` (everything else answers like M2.x)."""
    model = str(body.get("model") or "").lower()
    if "m3.1" in model or "m3-1" in model:
        return "m3.1"
    return "m3" if "m3" in model else "m2"


def _validate_controls(body: dict[str, Any]) -> Response | None:
    """``thinking`` / ``reasoning_effort`` as docs/models-and-controls.md describes them: a
    boolean ``thinking`` is a type error; the M3.1 family refuses disabled thinking and
    unknown effort levels (all 2013)."""
    thinking = body.get("thinking")
    if thinking is not None and not isinstance(thinking, dict):
        return _error(
            400,
            f"invalid params, Mismatch type ThinkingConfig with value {type(thinking).__name__} "
            "(2013)",
        )
    kind = (thinking or {}).get("type")
    if thinking is not None and kind not in ("adaptive", "disabled"):
        return _error(400, f"invalid params, unknown thinking type {kind!r} (2013)")
    if _family(body) == "m3.1":
        if kind == "disabled":
            return _error(
                400, f"invalid params, {body.get('model')} requires adaptive thinking (2013)"
            )
        effort = body.get("reasoning_effort")
        if effort is not None and effort not in wire.EFFORT_LEVELS:
            return _error(400, f"invalid params, invalid reasoning_effort {effort!r} (2013)")
    return None


def _apply_controls(body: dict[str, Any], decided: wire.Answer) -> wire.Answer:
    """M3 with ``thinking: disabled`` answers without reasoning (M2.x ignores the switch); the
    M3.1 family thinks longer the higher the effort (default ``max``)."""
    family = _family(body)
    if family == "m3" and (body.get("thinking") or {}).get("type") == "disabled":
        decided.reasoning = None
    elif family == "m3.1" and decided.reasoning:
        effort = body.get("reasoning_effort") or "max"
        decided.reasoning = wire.effort_reasoning(decided.reasoning, effort)
    return decided


def _validate(body: dict[str, Any]) -> Response | None:
    """The 400s MiniMax returns for malformed histories (docs/wire-format.md 'Tool definitions', 'Error codes and retryability')."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return _error(400, "binding: expr_path=messages, cause=missing required parameter (2013)")
    if sum(1 for m in messages if m.get("role") == "system") > 1:
        return _error(400, "invalid params, invalid chat setting (2013)")
    temperature = body.get("temperature")
    if _family(body) in ("m3", "m3.1"):
        if temperature is not None and not (0 <= float(temperature) <= 2):
            return _error(400, "invalid params, temperature must be in [0, 2] (2013)")
    elif temperature is not None and not (0 < float(temperature) <= 1):
        return _error(400, "invalid params, temperature must be in (0, 1] (2013)")
    controls = _validate_controls(body)
    if controls is not None:
        return controls
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
    decided = _apply_controls(body, brain.decide(body))
    seed = CLIENT_UUID.sub("<uuid>", json.dumps(body, sort_keys=True, ensure_ascii=False))
    split = bool(body.get("reasoning_split"))
    also_content = split and _family(body) != "m2"  # M3 sends reasoning_content too
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
        seed=seed,
        model=model,
        answer=decided,
        prompt_tokens=ptokens,
        split=split,
        reasoning_content=also_content,
    )
    return 200, "application/json; charset=utf-8", json.dumps(out, ensure_ascii=False).encode()


def _messages_error(status: int, message: str, kind: str = "invalid_request_error") -> Response:
    body = wire.messages_error_body(kind, message)
    return status, "application/json; charset=utf-8", json.dumps(body).encode()


def _chat_view(body: dict[str, Any]) -> tuple[dict[str, Any] | None, Response | None]:
    """A Messages body as the chat body :func:`brain.decide` reads, or the 400 MiniMax would
    return for it."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return None, _messages_error(400, "invalid params, messages is empty (2013)")
    temperature = body.get("temperature")
    if temperature is not None and not (0 < float(temperature) <= 1):
        return None, _messages_error(400, "invalid params, temperature must be in (0, 1] (2013)")
    model = str(body.get("model") or "")
    if model.lower().startswith(("minimax-m1", "minimax-text", "abab")):
        return None, _messages_error(400, f"invalid params, unknown model '{model}' (2013)")
    chat: list[dict[str, Any]] = []
    system = body.get("system")
    if system:
        chat.append({"role": "system", "content": brain._text_of(system)})
    known: set[str] = set()
    for m in messages:
        content = m.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content or []
        if m.get("role") == "assistant":
            known = set()
            text, calls = [], []
            for b in blocks:
                if b.get("type") == "thinking" and "signature" in b:
                    if b["signature"] != wire.thinking_signature(b.get("thinking", "")):
                        return None, _messages_error(
                            400, "invalid params, invalid thinking block signature (2013)"
                        )
                elif b.get("type") == "text":
                    text.append(b.get("text", ""))
                elif b.get("type") == "tool_use":
                    known.add(b.get("id"))
                    calls.append({"id": b.get("id"), "function": {"name": b.get("name")}})
            chat.append({"role": "assistant", "content": "".join(text), "tool_calls": calls})
            continue
        texts = []
        for b in blocks:
            if b.get("type") == "tool_result":
                if b.get("tool_use_id") not in known:
                    return None, _messages_error(
                        400,
                        f"invalid params, tool result's tool id({b.get('tool_use_id')}) "
                        "not found (2013)",
                    )
                result = b.get("content")
                chat.append({"role": "tool", "content": brain._text_of(result)})
            elif b.get("type") == "text":
                texts.append(b.get("text", ""))
        if texts:
            chat.append({"role": "user", "content": " ".join(texts)})
        known = set()
    tools = [
        {"function": {"name": t.get("name"), "parameters": t.get("input_schema")}}
        for t in body.get("tools") or []
        if isinstance(t, dict)
    ]
    return {"messages": chat, "tools": tools}, None


def answer_messages(body: dict[str, Any]) -> Response:
    """The emulated model's response to a Messages body (``/anthropic/v1/messages``)."""
    chat, invalid = _chat_view(body)
    if invalid is not None or chat is None:
        return invalid or _messages_error(400, "invalid params (2013)")
    model = str(body.get("model") or "MiniMax-M2.7")
    decided = brain.decide(chat)
    thinking = (body.get("thinking") or {}).get("type")
    thinks = not model.lower().startswith("minimax-m3") or thinking == "adaptive"
    seed = CLIENT_UUID.sub("<uuid>", json.dumps(body, sort_keys=True, ensure_ascii=False))
    ptokens = brain.prompt_tokens(chat)
    if body.get("stream"):
        events = wire.message_stream_events(
            seed=seed, model=model, answer=decided, prompt_tokens=ptokens, thinking=thinks
        )
        return 200, "text/event-stream", wire.messages_sse(events)
    out = wire.message_body(
        seed=seed, model=model, answer=decided, prompt_tokens=ptokens, thinking=thinks
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
                recorder = getattr(self.server, "recorder", None)
                if isinstance(recorder, RequestRecorder):
                    recorder.record(path, body, dict(self.headers))
                if path == "/v1/chat/completions":
                    status, ctype, payload = answer(body)
                elif path == "/anthropic/v1/messages":
                    status, ctype, payload = answer_messages(body)
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
    recorder: RequestRecorder[str]


class MiniMaxEmulator(RequestRecorder[str]):
    """Start/stop the emulator in a background thread (a context manager).

    ``port=0`` binds a free port (read :attr:`port` after :meth:`start`). It records every
    authorised JSON request (the kit's :class:`~minimax_testing.recorder.RequestRecorder`:
    :attr:`bodies`, also read as :attr:`received`; :attr:`requests` holds the paths).

    Example::

        with MiniMaxEmulator(port=0) as emu:
            ...  # point a client at emu.base_url
            assert emu.received[-1]["model"] == "MiniMax-M2.7"
    """

    def __init__(self, host: str = HOST, port: int = PORT) -> None:
        """``port=0`` picks a free port (read it back from :attr:`port` / :attr:`base_url`)."""
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the emulator binds loopback only")
        super().__init__()
        self.host, self.port = host, port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def received(self) -> RecordedBodies:
        """Every JSON request body that reached the emulator, in order (:attr:`bodies`)."""
        return self.bodies

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    @property
    def anthropic_base_url(self) -> str:
        """The base URL of the emulated Anthropic-compatible endpoint."""
        return f"http://{self.host}:{self.port}/anthropic"

    def scenario_url(self, name: str) -> str:
        """The base URL of scenario ``name`` on this emulator."""
        if name not in SCENARIOS:
            raise KeyError(f"unknown emulator scenario {name!r}")
        return f"http://{self.host}:{self.port}/scenario/{name}/v1"

    def start(self) -> MiniMaxEmulator:
        self._server = _Server((self.host, self.port), _Handler)
        self._server.recorder = self
        self.port = int(self._server.server_address[1])  # port=0: the one the OS picked
        self._server.daemon_threads = True
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
