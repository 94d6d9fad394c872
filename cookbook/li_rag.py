"""Recipe 4 — LlamaIndex: RAG over ``cookbook/data/`` answered by MiniMax, sources printed.

``VectorStoreIndex`` + query engine with the ``MiniMax`` LLM. The answer is clean (the
reasoning is kept apart on the response message), so the query engine never returns a
``<think>`` block. Documents and the question are embedded by MiniMax too
(``MiniMaxEmbedding``: ``type: "db"`` for the documents, ``"query"`` for the question), so the
whole pipeline runs on MiniMax. ``main(embedding="hashing")`` swaps in the offline hashing
embedding (offline_embedding.py) for a run without a key and without a cassette.
"""

from __future__ import annotations

from pathlib import Path

from llama_index.core import Settings, SimpleDirectoryReader, VectorStoreIndex

from cookbook import display
from cookbook.offline_embedding import HashingEmbedding
from llama_index_minimax import MiniMax, MiniMaxEmbedding

DATA = Path(__file__).parent / "data"
QUESTION = "What does MiniMax error code 1004 mean?"


def main(embedding: str = "minimax") -> str:
    display.title("LlamaIndex: VectorStoreIndex + query engine on MiniMax")
    Settings.llm = MiniMax(model="MiniMax-M2.7")
    Settings.embed_model = MiniMaxEmbedding() if embedding == "minimax" else HashingEmbedding()
    documents = SimpleDirectoryReader(str(DATA)).load_data()
    index = VectorStoreIndex.from_documents(documents)
    engine = index.as_query_engine(similarity_top_k=2)

    display.question(QUESTION)
    response = engine.query(QUESTION)
    answer = str(response)
    display.answer(answer)
    for node in response.source_nodes:
        name = Path(node.metadata.get("file_path", "?")).name
        display.note(f"  source: {name} (score {node.score:.2f})")
    assert "<think>" not in answer
    return answer


if __name__ == "__main__":
    main()
