"""A loopback MiniMax-dialect emulator used to record the LangChain cassettes (see README.md)."""

from .server import ANTHROPIC_BASE_URL, BASE_URL, HOST, PORT, MiniMaxEmulator, scenario_base_url

__all__ = ["ANTHROPIC_BASE_URL", "BASE_URL", "HOST", "PORT", "MiniMaxEmulator", "scenario_base_url"]
