"""The parts answering is built from, held by one object instead of module-level caches.

`Components(settings)` holds the query embedder, the Chroma collection, the BM25 index,
the LLM, the retriever over them and the caches of sentence and question vectors, each
made on first use. `refresh()` forgets the store-side parts (after another process
rebuilt the index); `ask(..., components=...)` answers with a given set, so a test can
hand in a fake embedder. `default_components(settings)` is the shared instance per
settings that `ask()` uses when given none.

Models themselves stay loaded once per process (`embedding.get_query_embedder` keeps
them, as `store.get_client` keeps one Chroma client per store): two `Components` over
different indexes share the model but not their index state.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np

from .settings import Settings

if TYPE_CHECKING:
    from .answering.selection import Idf
    from .retrieval import Retriever

logger = logging.getLogger(__name__)

__all__ = ["CachedEmbedder", "Components", "default_components", "forget_defaults"]


class CachedEmbedder:
    """An embedder (llama-index `BaseEmbedding`) with bounded caches of the vectors it
    made: the same passages and questions come back for related questions.

    `sentence_vectors(texts)` -> float32 array (len(texts), dim), each row unit length
    (least recently used out beyond `max_sentences`); `query_vector(text)` -> float32
    array (dim,), as the embedder returns it (the cache is emptied beyond `max_queries`).
    """

    def __init__(self, embedder: Any, *, max_sentences: int = 20_000, max_queries: int = 2_000):
        self.embedder = embedder
        self.max_sentences = max_sentences
        self.max_queries = max_queries
        self._sentences: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for t in dict.fromkeys(texts):
                if t in self._sentences:
                    self._sentences.move_to_end(t)
                    found[t] = self._sentences[t]
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vectors = self.embedder.get_text_embedding_batch(missing)
            with self._lock:
                for text, vec in zip(missing, vectors, strict=True):
                    v = np.asarray(vec, dtype=np.float32)
                    found[text] = self._sentences[text] = v / (np.linalg.norm(v) + 1e-9)
                while len(self._sentences) > self.max_sentences:
                    self._sentences.popitem(last=False)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([found[t] for t in texts])

    def query_vector(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._queries.get(text)
        if vec is None:
            vec = np.asarray(self.embedder.get_query_embedding(text), dtype=np.float32)
            with self._lock:
                if len(self._queries) > self.max_queries:
                    self._queries.clear()
                self._queries[text] = vec
        return vec

    def get_query_embedding(self, text: str) -> list[float]:
        """The embedder's own call (uncached), for code that wants a plain embedder."""
        return self.embedder.get_query_embedding(text)


class Components:
    """Embedder, store, BM25, LLM and retriever for one `Settings`, made on first use.

    Pass `embedder`, `llm` or `collection` to use those instead (tests: a fake embedder).
    Thread-safe: questions from several threads share one instance."""

    def __init__(self, settings: Settings, *, embedder: Any = None, llm: Any = None,
                 collection: Any = None):
        self.settings = settings
        self._embedder = embedder
        self._llm = llm
        self._given_collection = collection
        self._collection = collection
        self._vectors: CachedEmbedder | None = None
        self._bm25: tuple[str, Any] | None = None
        self._idf: tuple[str, Idf] | None = None
        self._retriever: Retriever | None = None
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- models
    @property
    def embedder(self) -> Any:
        """The query embedder: the ONNX export of the index when there is one, else the
        indexing model (see `embedding.get_query_embedder`)."""
        if self._embedder is None:
            from .embedding import get_query_embedder

            embedder = get_query_embedder(self.settings)
            with self._lock:
                if self._embedder is None:
                    self._embedder = embedder
        return self._embedder

    @property
    def vectors(self) -> CachedEmbedder:
        """The embedder with its caches of sentence and question vectors."""
        with self._lock:
            if self._vectors is None or self._vectors.embedder is not self.embedder:
                self._vectors = CachedEmbedder(self.embedder)
            return self._vectors

    @property
    def llm(self) -> Any:
        """The LLM of ASSISTANT_LLM_MODE (ConfigError for `extractive`, which has none)."""
        with self._lock:
            if self._llm is None:
                from .answering.llm import make_llm

                self._llm = make_llm(self.settings)
            return self._llm

    # ---------------------------------------------------------------- the index
    def collection(self) -> Any | None:
        """The Chroma collection of these settings, or None when there is none yet. The
        one place the query side opens the store (an `Index` object may own this)."""
        coll = self._collection
        if coll is None:
            from . import store

            coll = store.get_collection(self.settings, create=False)
            with self._lock:
                self._collection = coll
        return coll

    def bm25(self) -> tuple[str, Any] | None:
        """(signature, loaded BM25 retriever) of the index's current BM25 version, or
        None when there is none; reloaded when the indexer publishes a new version."""
        from . import bm25

        with self._lock:
            have = self._bm25
        loaded = bm25.load_bm25(self.settings.index_dir, self.settings.collection_name(),
                                have=have)
        with self._lock:
            self._bm25 = loaded
        return loaded

    def idf(self) -> Idf | None:
        """IDF weights over the live BM25 corpus, computed once per BM25 version."""
        from . import bm25
        from .answering.selection import Idf

        loaded = self.bm25()
        if loaded is None:
            return None
        signature, base = loaded
        with self._lock:
            if self._idf and self._idf[0] == signature:
                return self._idf[1]
        texts, pages = bm25.corpus_view(base)
        idf = Idf.from_texts(texts)
        idf.chunks = pages
        with self._lock:
            self._idf = (signature, idf)
        return idf

    @property
    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                from .retrieval import Retriever

                self._retriever = Retriever(self.settings, components=self)
            return self._retriever

    def refresh(self) -> None:
        """Forget the store side (collection, BM25, live reports): the next question opens
        the index afresh, e.g. after `assistant index --rebuild` in another process
        dropped the collection. Models and vector caches stay."""
        with self._lock:
            self._collection = self._given_collection
            self._bm25 = None
            self._idf = None
            if self._retriever is not None:
                self._retriever.forget_index()


_defaults: dict[str, Components] = {}
_defaults_lock = threading.Lock()


def default_components(settings: Settings) -> Components:
    """The shared `Components` for `settings` (one per distinct settings and process)."""
    key = settings.model_dump_json()
    with _defaults_lock:
        if key not in _defaults:
            _defaults[key] = Components(settings)
        return _defaults[key]


def forget_defaults() -> None:
    """Drop every shared instance (after a rebuild that dropped the collection)."""
    with _defaults_lock:
        _defaults.clear()
