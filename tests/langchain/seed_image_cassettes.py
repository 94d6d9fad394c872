"""Seed the cassette of the standard ``test_image_inputs`` with its image download.

LangChain's ``test_image_inputs`` fetches a PNG from raw.githubusercontent.com before calling
the model. Tests never touch the internet, so that GET is answered from the cassette by a
small synthetic PNG (64x48, solid colour), labelled with an ``x-cassette-note`` header. Run
this before recording the M3 standard suite with ``MINIMAX_RECORD_MODE=new_episodes`` (the
seeded GET replays, the chat calls are recorded from the emulator)::

    python -m tests.langchain.seed_image_cassettes
    MINIMAX_API_KEY=test-key-not-a-real-key MINIMAX_RECORD_MODE=new_episodes \\
        MINIMAX_EMULATOR=1 python -m pytest tests/langchain/test_standard_integration_m3.py
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import yaml

IMAGE_URL = (
    "https://raw.githubusercontent.com/langchain-ai/docs/"
    "4d11d08b6b0e210bd456943f7a22febbd168b543/src/images/agentic-rag-output.png"
)
NOTE = (
    "synthetic 64x48 PNG standing in for the image LangChain's test_image_inputs downloads "
    "(tests never touch the internet); made by tests/langchain/seed_image_cassettes.py"
)
CASSETTE = (
    Path(__file__).resolve().parents[1]
    / "cassettes/langchain/test_standard_integration_m3"
    / "TestChatMiniMaxM3Standard.test_image_inputs.yaml"
)


def synthetic_png(width: int = 64, height: int = 48) -> bytes:
    """A valid, deterministic RGB PNG."""
    row = b"\x00" + bytes((30, 120, 200)) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def seed(path: Path = CASSETTE) -> None:
    png = synthetic_png()
    interaction = {
        "request": {"body": None, "headers": {}, "method": "GET", "uri": IMAGE_URL},
        "response": {
            "body": {"string": png},
            "headers": {
                "content-type": ["image/png"],
                "content-length": [str(len(png))],
                "x-cassette-note": [NOTE],
            },
            "status": {"code": 200, "message": "OK"},
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"interactions": [interaction], "version": 1}))


if __name__ == "__main__":
    seed()
    print(f"seeded {CASSETTE}")
