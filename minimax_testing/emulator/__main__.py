"""``python -m minimax_testing.emulator``: serve the emulator on 127.0.0.1:18517 until interrupted."""

from __future__ import annotations

import time

from .server import MiniMaxEmulator

if __name__ == "__main__":
    with MiniMaxEmulator() as emu:
        print(f"MiniMax emulator on {emu.base_url} (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
