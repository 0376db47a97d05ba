"""Fusing the dense and BM25 rankings (pure logic, hand-computed figures)."""

import pytest

from assistant.fusion import relative_score_fusion, weighted_rrf


def test_weighted_rrf_adds_weight_over_rank_plus_k():
    fused = weighted_rrf([["a", "b", "c"], ["c", "a"]], [0.5, 0.5], k=10)
    # a: .5/11 + .5/12; b: .5/12; c: .5/13 + .5/11
    assert [i for i, _ in fused] == ["a", "c", "b"]
    scores = dict(fused)
    assert scores["a"] == pytest.approx(0.0871212, abs=1e-7)
    assert scores["c"] == pytest.approx(0.0839161, abs=1e-7)
    assert scores["b"] == pytest.approx(0.0416667, abs=1e-7)


def test_weights_decide_and_ties_keep_the_first_ranking_first():
    assert weighted_rrf([["x"], ["y"]], [1.0, 1.0], k=60) == [("x", 1 / 61), ("y", 1 / 61)]
    assert [i for i, _ in weighted_rrf([["x"], ["y"]], [1.0, 2.0], k=60)] == ["y", "x"]
    assert weighted_rrf([[], []], [1.0, 1.0], k=60) == []
    with pytest.raises(ValueError):
        weighted_rrf([["x"]], [1.0, 1.0], k=60)


def test_relative_score_fusion_scales_each_list_to_zero_one():
    fused = relative_score_fusion([[("a", 0.9), ("b", 0.5)], [("b", 12.0), ("c", 4.0)]],
                                  [0.5, 0.5])
    # a: .5*1; b: .5*0 + .5*1; c: .5*0
    assert fused == [("a", 0.5), ("b", 0.5), ("c", 0.0)]
