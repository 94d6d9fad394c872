"""langchain-tests' ``EmbeddingsIntegrationTests`` for ``MiniMaxEmbeddings``, on cassettes.

The base class attaches no cassette: ``pytestmark`` gives every test its own (named
``TestMiniMaxEmbeddingsStandard.<test>.yaml``), generated in MiniMax's embeddings format by
``tests/transport/make_embedding_cassettes.py``; request bodies (texts, type, model) must match
the recorded ones exactly (LangChain suite's JSON-body matcher).
"""

from __future__ import annotations

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests

from langchain_minimax import MiniMaxEmbeddings

pytestmark = pytest.mark.vcr


class TestMiniMaxEmbeddingsStandard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[MiniMaxEmbeddings]:
        return MiniMaxEmbeddings
