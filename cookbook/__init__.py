"""Runnable recipes for minimax-integrations. Run them all with ``python -m cookbook``."""
