"""Tests (package so that test module names never clash)."""
