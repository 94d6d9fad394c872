"""Old name of :mod:`minimax_transport.content_splitter` (the splitter also handles tool-call
markup and stop sequences, not only think tags). Kept so existing imports keep working."""

from .content_splitter import CLOSE_TAGS, OPEN_TAG, ContentSplitter, Piece

__all__ = ["CLOSE_TAGS", "OPEN_TAG", "ContentSplitter", "Piece"]
