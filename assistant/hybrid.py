"""The hybrid retriever: dense and BM25 rankings of one question fused into one list.

A plain llama-index `BaseRetriever`, imported only when a question is searched (it
imports llama-index); the fusion itself is the pure `fusion.weighted_rrf` /
`fusion.relative_score_fusion`.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from .fusion import relative_score_fusion, weighted_rrf


class HybridRetriever(BaseRetriever):
    """Dense and BM25 retrievers fused by `weighted_rrf` (or `relative_score_fusion`)
    on node ids: the same chunk rebuilt from Chroma and from BM25 has the same id but
    not the same content hash. Weights are scaled to sum to 1. A BM25 score of 0
    shares no word with the question: in rank fusion such nodes are not ranked.
    After `retrieve`, `source_ranks` maps node id -> {"dense"/"bm25": 0-based rank}
    (features of answer selection). One instance per query."""

    def __init__(self, dense: Any, bm25: Any, *, dense_weight: float,
                 bm25_weight: float, top_k: int, mode: str = "reciprocal_rerank",
                 rrf_k: float = 60.0) -> None:
        super().__init__()
        total = dense_weight + bm25_weight
        self.dense, self.bm25 = dense, bm25
        self.weights = ([dense_weight / total, bm25_weight / total] if total > 0
                        else [0.5, 0.5])
        self.top_k, self.mode, self.rrf_k = top_k, mode, rrf_k
        self.source_ranks: dict[str, dict[str, int]] = {}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        lists = {"dense": self.dense.retrieve(query_bundle),
                 "bm25": self.bm25.retrieve(query_bundle)}
        best: dict[str, NodeWithScore] = {}
        ranked: dict[str, list[NodeWithScore]] = {}
        self.source_ranks = {}
        for name, nodes in lists.items():
            order = sorted(nodes, key=lambda n: n.score or 0.0, reverse=True)
            if name == "bm25" and self.mode == "reciprocal_rerank":
                order = [n for n in order if (n.score or 0.0) > 0]
            ranked[name] = order
            for rank, nws in enumerate(order):
                self.source_ranks.setdefault(nws.node.node_id, {})[name] = rank
        if self.mode == "reciprocal_rerank":
            fused = weighted_rrf([[n.node.node_id for n in ranked[name]] for name in lists],
                                 self.weights, self.rrf_k)
            sources = ranked
        else:
            fused = relative_score_fusion(
                [[(n.node.node_id, n.score or 0.0) for n in lists[name]] for name in lists],
                self.weights)
            sources = lists
        for name in lists:
            for nws in sources[name]:
                best.setdefault(nws.node.node_id, nws)
        out = []
        for id_, score in fused[: self.top_k]:
            nws = best[id_]
            nws.score = score
            out.append(nws)
        return out
