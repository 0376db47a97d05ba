"""A deterministic stand-in for the embedding model, for the fast test tier.

`HashEmbedding` is a llama-index `BaseEmbedding`: each text becomes a hashed bag of its
lower-cased words in `dim` buckets, scaled to unit length. Texts that share words get
a high cosine, as with a real model on such plain sentences; nothing is loaded, so a test
indexes and answers in milliseconds.
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding

FAKE_MODEL = "test-hash-embedding"  # an embed_model name: no local folder, no ONNX export


class HashEmbedding(BaseEmbedding):
    dim: int = 256
    calls: int = 0  # texts embedded so far (questions and passages)

    def vector(self, text: str) -> list[float]:
        self.calls += 1
        v = [0.0] * self.dim
        for word in re.findall(r"\w+", text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            v[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.vector(query)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self.vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.vector(text)


FAST_CORPUS = Path(__file__).parent / "fixtures" / "fast-corpus"


def index_fast_corpus(corpus: Path, index_dir: Path, added: int) -> Any:
    """Copy the fast corpus into `corpus` (beside the reports a test put there), index it
    all into `index_dir` with `HashEmbedding` and return the `Components` that answer
    from it. Raises AssertionError unless the run succeeds and adds `added` reports."""
    from assistant import Components, Settings, build_index

    for path in FAST_CORPUS.iterdir():
        shutil.copy(path, corpus / path.name)
    settings = Settings(corpus_dir=corpus, index_dir=index_dir, embed_model=FAKE_MODEL)
    embedder = HashEmbedding()
    summary = build_index(settings=settings, embedder=embedder)
    assert summary.ok and len(summary.added) == added, summary
    return Components(settings, embedder=embedder)
