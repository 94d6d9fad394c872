"""LangChain integration for MiniMax (see issue 3)."""
