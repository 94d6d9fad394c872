"""Benchmarks of the transport and adapters against loopback servers (see RESULTS.md)."""
