"""A tiny deterministic embedding for offline RAG demos (no model download).

Hashed bag of words: each lower-cased word adds 1 to one of ``dim`` buckets, then the vector is
L2-normalised. Good enough to rank a handful of short documents by shared words; useless for
real retrieval. To use a real model, pass any LlamaIndex embedding instead, e.g.::

    from llama_index.embeddings.huggingface import HuggingFaceEmbedding   # pip install ...
    Settings.embed_model = HuggingFaceEmbedding("BAAI/bge-small-en-v1.5")
"""

from __future__ import annotations

import hashlib
import math
import re

from llama_index.core.base.embeddings.base import BaseEmbedding

_WORD = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
_STOP = frozenset("a an and the of to in is it its for with by on or be as that this are".split())


class HashingEmbedding(BaseEmbedding):
    """Deterministic hashed bag-of-words embedding (offline, no weights)."""

    dim: int = 256

    @classmethod
    def class_name(cls) -> str:
        return "HashingEmbedding"

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            if word in _STOP:
                continue
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
            vec[h % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vector(text)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)
