"""Hybrid retrieval: dense (Chroma) and BM25 over the same chunks, fused by weighted
reciprocal rank (`fusion.weighted_rrf`) in a plain llama-index retriever
(`hybrid.HybridRetriever`); filters by report and date.

Only report versions listed in the manifest are searched, so chunks that a crashed or
running `build_index` wrote but has not committed are never seen.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import IndexMissingError
from .index import Index
from .manifest import ReportRow
from .settings import Settings
from .types import Chunk, Filters

if TYPE_CHECKING:
    from .components import Components

logger = logging.getLogger(__name__)


@dataclass
class Retrieved:
    """A retrieved chunk with the live facts about its report."""

    chunk: Chunk
    score: float
    report: ReportRow
    dense_rank: int | None = None  # 0-based rank in the dense list (None: not in it)
    bm25_rank: int | None = None  # 0-based rank in the BM25 list (None: not in it)


class Retriever:
    """Searches one index (store + manifest + BM25) with fixed settings. Cheap to call
    repeatedly: the model, the Chroma client and the BM25 index stay loaded."""

    def __init__(self, settings: Settings, components: Components | None = None):
        from .components import Components

        self.settings = settings
        self.components = components or Components(settings)
        self.index = Index(settings)  # ours: layout, live reports; `_index`: llama-index's
        self._index: Any = None
        self._masks: dict[frozenset[str], list[int]] = {}
        self._mask_signature: str | None = None
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Any:
        return self.components.embedder

    @property
    def collection(self) -> Any:
        coll = self.components.collection()
        if coll is None:
            raise IndexMissingError.for_settings(self.settings)
        return coll

    def forget_index(self) -> None:
        """Drop the vector index over the collection (`Components.refresh`)."""
        self._index = None

    def reports(self) -> dict[str, ReportRow]:
        """The live reports, read afresh for every question (see `Index.live_reports`)."""
        return self.index.live_reports()

    def retrieve(
        self,
        query: str,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
        mode: str | None = None,
    ) -> list[Retrieved]:
        from llama_index.core.schema import QueryBundle

        s = self.settings
        top_k = top_k or s.top_k
        mode = mode or s.retrieval_mode
        rows = self.reports()
        if not rows:
            raise IndexMissingError.for_settings(self.settings)
        by_sha = {r.sha256: r for r in rows.values()}
        allowed = {sha for sha, r in by_sha.items() if filters is None or filters.admits(r)}
        if not allowed:
            return []

        bundle = QueryBundle(query)
        ranks: dict[str, dict[str, int]] = {}
        try:
            results = self._search(bundle, query, mode, top_k, allowed, filters, rows, ranks)
        except Exception as exc:
            from .store import is_missing_collection

            if not is_missing_collection(exc):
                raise
            # `assistant index --rebuild` in another process dropped the collection we
            # hold and made a new one under the same name: open that one and go on.
            logger.info("the collection was replaced (%s); reopening it", exc)
            self.components.refresh()
            self.forget_index()  # also when this retriever is not the components' own
            results = self._search(bundle, query, mode, top_k, allowed, filters, rows, ranks)
        from .chunking import from_node

        out = []
        for nws in results:
            chunk = from_node(nws.node)
            sha = chunk.report_sha
            row = by_sha.get(sha)
            # Not live (committed away meanwhile) or masked out of BM25 with a zero score.
            if row is None or sha not in allowed:
                continue
            r = ranks.get(chunk.id, {})
            dense = r.get("dense", len(out) if mode == "dense" else None)
            lexical = r.get("bm25", len(out) if mode == "bm25" else None)
            out.append(Retrieved(chunk, float(nws.score or 0.0), row, dense, lexical))
        return out[:top_k]

    def _search(self, bundle: Any, query: str, mode: str, top_k: int, allowed: set[str],
                filters: Filters | None, rows: dict[str, ReportRow],
                ranks: dict[str, dict[str, int]]) -> list[Any]:
        s = self.settings
        retrievers, weights = [], []
        if mode in ("hybrid", "dense"):
            bundle.embedding = self.embedder.get_query_embedding(query)
            # Without user filters the store is searched unfiltered: a where-clause over
            # every live report slows Chroma down at scale, and chunks of uncommitted
            # versions are dropped below anyway.
            restrict = allowed if filters is not None and filters.active else None
            retrievers.append(self._dense(restrict, s.candidate_k if mode == "hybrid" else top_k))
            weights.append(s.dense_weight)
        if mode in ("hybrid", "bm25"):
            bm25 = self._bm25(allowed, s.candidate_k if mode == "hybrid" else top_k, rows)
            if bm25 is not None:
                retrievers.append(bm25)
                weights.append(s.bm25_weight)
        if not retrievers:
            raise IndexMissingError.for_settings(self.settings)
        if len(retrievers) == 1:
            return [r for r in retrievers[0].retrieve(bundle)
                    if mode != "bm25" or (r.score or 0.0) > 0]
        from .hybrid import HybridRetriever

        hybrid = HybridRetriever(
            retrievers[0], retrievers[1], dense_weight=weights[0], bm25_weight=weights[1],
            top_k=2 * top_k,  # cut to top_k after dropping non-live chunks
            mode=s.fusion_mode, rrf_k=s.rrf_k,
        )
        found = hybrid.retrieve(bundle)
        ranks.update(hybrid.source_ranks)
        return found

    def _dense(self, allowed: set[str] | None, k: int) -> Any:
        from llama_index.core import VectorStoreIndex
        from llama_index.core.vector_stores import (
            FilterOperator,
            MetadataFilter,
            MetadataFilters,
        )

        from . import store

        index = self._index  # one read: another thread may reset it (see retrieve)
        if index is None:
            index = VectorStoreIndex.from_vector_store(
                store.vector_store(self.collection), embed_model=self.embedder
            )
            self._index = index
        if allowed is None:
            return index.as_retriever(similarity_top_k=k)
        filters = MetadataFilters(
            filters=[MetadataFilter(key="doc_sha", value=sorted(allowed),
                                    operator=FilterOperator.IN)]
        )
        return index.as_retriever(similarity_top_k=k, filters=filters)

    def _bm25(self, allowed: set[str], k: int, rows: dict[str, ReportRow]) -> Any:
        from llama_index.retrievers.bm25 import BM25Retriever

        from . import bm25

        self.index.sync_bm25(rows, lambda: self.collection)
        loaded = self.components.bm25()
        if loaded is None:
            return None
        signature, base = loaded
        with self._lock:
            if signature != self._mask_signature:
                self._masks.clear()
                self._mask_signature = signature
            key = frozenset(allowed)
            mask = self._masks.get(key)
            if mask is None:
                mask = [1 if sha in allowed else 0 for sha in bm25.report_shas(base)]
                if len(self._masks) > 64:
                    self._masks.clear()
                self._masks[key] = mask
        if not any(mask):
            return None
        return BM25Retriever(
            existing_bm25=base.bm25,
            similarity_top_k=min(k, sum(mask)),
            corpus_weight_mask=mask,
            skip_stemming=base.skip_stemming,
            token_pattern=base.token_pattern,
        )
