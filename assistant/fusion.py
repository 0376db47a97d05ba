"""Fusing ranked lists from several retrievers into one (pure functions, no models)."""

from __future__ import annotations

from collections.abc import Sequence


def weighted_rrf(rankings: Sequence[Sequence[str]], weights: Sequence[float],
                 k: float) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion (Cormack, Clarke & Büttcher, "Reciprocal rank fusion
    outperforms Condorcet and individual rank learning methods", SIGIR 2009), each
    ranking's term multiplied by its weight.

    `rankings`: one list of ids per retriever, best first (an id at most once per list).
    `weights`: one per ranking. `k`: the smoothing constant (> 0). Returns (id, fused
    score) for every id in any ranking, best first, where an id ranked r (1-based) in
    ranking i adds weights[i] / (r + k); equal scores keep the order in which the ids
    were first met (ranking 0 first). Raises ValueError when the lengths differ."""
    if len(rankings) != len(weights):
        raise ValueError(f"{len(rankings)} rankings but {len(weights)} weights")
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, id_ in enumerate(ranking):
            fused[id_] = fused.get(id_, 0.0) + weight / (rank + 1 + k)
    return sorted(fused.items(), key=lambda item: item[1], reverse=True)


def relative_score_fusion(scored: Sequence[Sequence[tuple[str, float]]],
                          weights: Sequence[float]) -> list[tuple[str, float]]:
    """Relative score fusion: each list's scores min-max scaled to 0..1 (all 1 when they
    are equal), multiplied by the list's weight and summed per id.

    `scored`: one list of (id, score) per retriever; `weights`: one per list. Returns
    (id, fused score), best first; ties keep first-met order."""
    if len(scored) != len(weights):
        raise ValueError(f"{len(scored)} score lists but {len(weights)} weights")
    fused: dict[str, float] = {}
    for pairs, weight in zip(scored, weights, strict=True):
        if not pairs:
            continue
        lo, hi = min(sc for _, sc in pairs), max(sc for _, sc in pairs)
        for id_, sc in pairs:
            norm = (sc - lo) / (hi - lo) if hi > lo else 1.0
            fused[id_] = fused.get(id_, 0.0) + weight * norm
    return sorted(fused.items(), key=lambda item: item[1], reverse=True)
