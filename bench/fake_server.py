"""A loopback fake MiniMax ``/chat/completions`` server for the benchmark (not a test).

Runs in its own process (``python -m bench.fake_server``) so its CPU does not share an
interpreter with the clients being measured. It prints ``PORT <n>`` on stdout once listening and
stops by itself: when its parent process goes away, after ``--max-seconds`` (default 1800), or
on SIGTERM.

Everything is pre-rendered at start-up with the wire kit (:mod:`minimax_testing.wire`):
``name: "MiniMax AI"`` and ``audio_content: ""`` on every delta, sensitivity flags on every
content chunk, ``usage: null`` on intermediate chunks, inline ``<think>…</think>`` split across
chunk boundaries, ``finish_reason`` on the last content chunk, then a trailing usage chunk with
``choices: []`` and ``base_resp`` (no flags, as in the streamed-usage capture), then
``data: [DONE]``.

HTTP/1.1 with keep-alive; a stream is sent with chunked transfer encoding, one SSE event per
``write`` (so every client sees one HTTP chunk per event, as from the real API).

Routes (``POST <base>/chat/completions``, where ``<base>`` is ``/<route>/v1``):

* ``/invoke/v1`` — a small answer (JSON, or a 5-event stream when ``"stream": true``).
* ``/stream<N>/v1`` — a streamed answer of exactly ``N`` content chunks (+ usage + DONE).
* ``/tools<N>/v1`` — a streamed tool call whose arguments arrive in ``N`` fragments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import sys
from typing import Any

from minimax_testing import wire

HOST = "127.0.0.1"
MODEL = "MiniMax-M2.7"
RID = "06fb6b59859725e9e95103a455583ff8"
CREATED = 1789671513
#: Characters per content chunk of the long streams (MiniMax sends ~1-30 tokens per chunk).
CHUNK_CHARS = 12
STREAM_SIZES = (2_000, 20_000)
TOOL_SIZES = (400, 4_000)
_WORDS = ("the ", "sum ", "of ", "two ", "odd ", "numbers ", "is ", "even ", "because ", "2k ")


def _text(n_chars: int) -> str:
    out: list[str] = []
    size = 0
    i = 0
    while size < n_chars:
        w = _WORDS[i % len(_WORDS)]
        out.append(w)
        size += len(w)
        i += 1
    return "".join(out)[:n_chars]


def _usage(prompt: int, completion: int, reasoning: int) -> dict[str, Any]:
    return {
        "total_tokens": prompt + completion,
        "total_characters": 0,
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "completion_tokens_details": {"reasoning_tokens": reasoning},
        "prompt_tokens_details": {"cached_tokens": 0},
    }


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return wire.chunk(
        RID, wire.assistant_delta(**delta), model=MODEL, created=CREATED, finish=finish
    )


def _usage_chunk(usage: dict[str, Any]) -> dict[str, Any]:
    return wire.usage_chunk(RID, usage, model=MODEL, created=CREATED)


def content_pieces(n_chunks: int) -> list[str]:
    """Exactly ``n_chunks`` content pieces: ``<think>`` split over the first two chunks, a
    reasoning part (a quarter), ``</think>`` split across a boundary, then the answer."""
    if n_chunks < 5:
        raise ValueError("need at least 5 chunks")
    n_reason = max(1, n_chunks // 4)
    n_answer = n_chunks - n_reason - 4
    pieces = ["<thi", "nk>\n"]
    reasoning = _text(n_reason * CHUNK_CHARS)
    pieces += [reasoning[i : i + CHUNK_CHARS] for i in range(0, len(reasoning), CHUNK_CHARS)]
    pieces += ["\n</th", "ink>\n\n"]
    answer = _text(n_answer * CHUNK_CHARS)
    pieces += [answer[i : i + CHUNK_CHARS] for i in range(0, len(answer), CHUNK_CHARS)]
    assert len(pieces) == n_chunks, (len(pieces), n_chunks)
    return pieces


def stream_events(n_chunks: int) -> list[dict[str, Any]]:
    pieces = content_pieces(n_chunks)
    events = [
        _chunk({"content": p}, "stop" if i == len(pieces) - 1 else None)
        for i, p in enumerate(pieces)
    ]
    events.append(_usage_chunk(_usage(20, n_chunks * 3, n_chunks * 3 // 4)))
    return events


def tool_arguments(n_fragments: int, size: int = 12) -> str:
    """A JSON object whose dump is exactly ``n_fragments * size`` characters."""
    target = n_fragments * size
    head = '{"location": "San Francisco, US", "query": "'
    tail = '"}'
    body = _text(target - len(head) - len(tail))
    args = head + body + tail
    assert len(args) == target and json.loads(args)
    return args


def tool_events(n_fragments: int, size: int = 12) -> list[dict[str, Any]]:
    """Inline ``<think>`` (split), then one tool call whose arguments come in ``n_fragments``
    fragments: id/type/name on the first, ``index`` + an ``arguments`` piece on the rest."""
    args = tool_arguments(n_fragments, size)
    frags = [args[i : i + size] for i in range(0, len(args), size)]
    events = [
        _chunk({"content": "<thi"}),
        _chunk({"content": "nk>\nThe user wants the weather; call get_weather.\n</th"}),
        _chunk({"content": "ink>\n\n\n"}),
    ]
    cid = "call_function_1202729600_1"
    for i, frag in enumerate(frags):
        if i == 0:
            tc: dict[str, Any] = {
                "id": cid,
                "type": "function",
                "function": {"name": "get_weather", "arguments": frag},
                "index": 0,
            }
        else:
            tc = {"function": {"arguments": frag}, "index": 0}
        events.append(_chunk({"tool_calls": [tc]}, "tool_calls" if i == len(frags) - 1 else None))
    events.append(_usage_chunk(_usage(180, n_fragments * 3, 12)))
    return events


def small_events() -> list[dict[str, Any]]:
    pieces = ["<think>\nThe user asks 7", " times 8. That is 56.\n</th", "ink>\n\n", "56"]
    events = [
        _chunk({"content": p}, "stop" if i == len(pieces) - 1 else None)
        for i, p in enumerate(pieces)
    ]
    events.append(_usage_chunk(_usage(48, 21, 17)))
    return events


def small_completion() -> dict[str, Any]:
    """docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)': a non-streamed answer with inline ``<think>``."""
    content = "<think>\nThe user asks 7 times 8. That is 56.\n</think>\n\n56"
    message = {"content": content, **wire.ASSISTANT, "audio_content": ""}
    return wire.completion(
        RID, message, model=MODEL, finish="stop", usage=_usage(48, 21, 17), created=CREATED
    )


# ------------------------------------------------------------------------------ rendering


def sse_frames(events: list[dict[str, Any]]) -> list[bytes]:
    """Each event as one HTTP chunk (``<hex len>\\r\\n data: …\\n\\n \\r\\n``), then DONE and
    the terminating zero-length chunk."""
    frames = []
    for ev in [*events, "[DONE]"]:
        payload = wire.sse_line(ev)
        frames.append(b"%x\r\n%s\r\n" % (len(payload), payload))
    frames.append(b"0\r\n\r\n")
    return frames


STREAM_HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n"
    b"x-request-id: bench-0001\r\nconnection: keep-alive\r\n\r\n"
)


def json_response(obj: dict[str, Any]) -> bytes:
    body = json.dumps(obj, ensure_ascii=False).encode()
    return (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\n"
        b"content-length: %d\r\nx-request-id: bench-0001\r\nconnection: keep-alive\r\n\r\n%s"
        % (len(body), body)
    )


def build_routes() -> tuple[dict[str, bytes], dict[str, list[bytes]]]:
    """``(json_routes, stream_routes)`` keyed by the first path segment."""
    json_routes = {"invoke": json_response(small_completion())}
    stream_routes = {"invoke": sse_frames(small_events())}
    for n in STREAM_SIZES:
        stream_routes[f"stream{n}"] = sse_frames(stream_events(n))
    for n in TOOL_SIZES:
        stream_routes[f"tools{n}"] = sse_frames(tool_events(n))
    return json_routes, stream_routes


_STREAM_TRUE = re.compile(rb'"stream"\s*:\s*true')
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n"


async def serve(port: int, max_seconds: float) -> None:
    json_routes, stream_routes = build_routes()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lines = head.split(b"\r\n")
                parts = lines[0].split(b" ")
                path = parts[1].decode() if len(parts) > 1 else "/"
                length = 0
                for line in lines[1:]:
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:].strip())
                body = await reader.readexactly(length) if length else b""
                route = path.strip("/").split("/", 1)[0]
                if _STREAM_TRUE.search(body) and route in stream_routes:
                    writer.write(STREAM_HEAD)
                    transport = writer.transport
                    for i, frame in enumerate(stream_routes[route]):
                        if transport.is_closing():
                            return  # the client hung up mid-stream
                        writer.write(frame)  # one SSE event per write
                        if i & 15 == 15:
                            await writer.drain()
                    await writer.drain()
                elif route in json_routes:
                    writer.write(json_routes[route])
                    await writer.drain()
                else:
                    writer.write(NOT_FOUND)
                    await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, HOST, port, backlog=512)
    sock = server.sockets[0]
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    parent = os.getppid()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.set_exception_handler(lambda _loop, _ctx: None)  # a client hanging up is not news
    deadline = loop.time() + max_seconds
    async with server:
        while not stop.is_set() and loop.time() < deadline and os.getppid() == parent:
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except asyncio.TimeoutError:
                pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--max-seconds", type=float, default=1800.0)
    args = ap.parse_args()
    try:
        asyncio.run(serve(args.port, args.max_seconds))
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
