"""Fitting answer selection and refusal on labelled questions (`assistant eval --fit`), and
scoring them by cross-validation grouped by report (`assistant eval --cv`).

Each question is retrieved once; every candidate sentence gets its features and a label
(does its quote hold a `must_contain` string, from the right file and page). Selection is
a logistic regression over candidates; refusal a logistic regression over per-question
evidence computed from out-of-fold selection probabilities, its threshold set so that at
most `max_false_refusals` of answerable questions are refused in out-of-fold predictions.
Folds are grouped by report (an unanswerable question goes with the report it retrieves
first), so no report's questions are both fitted and scored. Needs scikit-learn.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..evaluation import EvalResult, Outcome, Question, Quoted, score
from ..settings import Settings
from .extractive import Selection, decide, score_question, to_citation
from .selection import (
    FEATURES,
    REFUSAL_FEATURES,
    Idf,
    Linear,
    Model,
    Scored,
    answer_confidence,
    part_quotes,
    part_refusal_rows,
    refusal_features,
)

# What a quote that bears on no part of the answer costs in `_tune_far`, against a point
# for every answer string quoted and half a point more for a question answered in full.
OFF_TARGET_COST = 0.25


@dataclass
class Example:
    """One labelled question, retrieved and featurized."""

    q: Question
    main: Scored
    parts: list[Scored]
    y: np.ndarray  # 1 where the candidate's quote holds an answer
    group: str
    latency: float = 0.0
    rank: int | None = None  # 1-based rank of the first passage on the right file and page


def _norm(text: str) -> str:
    import re

    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def label(q: Question, sc: Scored) -> np.ndarray:
    y = np.zeros(len(sc.cands), dtype=np.int8)
    if not q.answerable:
        return y
    wanted = [_norm(m) for m in q.must_contain]
    for i, c in enumerate(sc.cands):
        page = c.hit.chunk.page
        if q.file and c.hit.report.file != q.file:
            continue
        if q.pages and page not in q.pages:
            continue
        quote = _norm(c.quote)
        # A sentence quoted with the one before it (it opens with "He", "It"...) holds the
        # answer only if that is not all in the sentence before, else it would be learnt
        # that leaning on an antecedent answers questions.
        before = _norm(c.quote[:c.start - c.quote_start]) \
            if c.quote_start < c.start and not c.is_list else ""
        own = _norm(c.text)
        if any(m in quote and (m not in before or m in own) for m in wanted):
            y[i] = 1
    return y


def build_examples(questions: list[Question], settings: Settings,
                   progress: Any = None) -> tuple[list[Example], Idf]:
    from ..components import default_components

    components = default_components(settings)
    retriever = components.retriever
    idf = components.idf()
    if idf is None:
        from ..errors import IndexMissingError

        raise IndexMissingError("no BM25 index: build the index first ('assistant index')")
    from ..spelling import correct

    out = []
    for i, q in enumerate(questions):
        t0 = time.perf_counter()
        # Typos corrected as `ask()` does, so the fitted model sees what it will answer.
        text = correct(q.question, idf.vocabulary, idf.df).text
        hits = retriever.retrieve(text, top_k=settings.answer_candidates)
        main, parts = score_question(text, hits, components.vectors, idf)
        lat = time.perf_counter() - t0
        group = q.file or (hits[0].report.file if hits else f"none-{q.id}")
        rank = next((i for i, h in enumerate(hits, 1) if q.answerable
                     and (not q.file or h.report.file == q.file)
                     and (not q.pages or h.chunk.page in q.pages)), None)
        out.append(Example(q, main, parts, label(q, main), group, lat, rank))
        if progress:
            progress(i + 1, len(questions))
    return out, idf


def _fit_linear(X: np.ndarray, y: np.ndarray, names: tuple[str, ...], C: float,
                balanced: bool = False) -> Linear:
    """`balanced`: weigh the classes inversely to their frequency (scikit-learn's
    class_weight="balanced")."""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-6] = 1.0
    Z = (X - mean) / scale
    if len(set(y.tolist())) < 2:  # degenerate fold: a constant model
        p = float(np.clip(y.mean() if len(y) else 0.5, 1e-3, 1 - 1e-3))
        return Linear(list(names), mean, scale, np.zeros(X.shape[1]), math.log(p / (1 - p)))
    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced" if balanced else None)
    lr.fit(Z, y)
    return Linear(list(names), mean, scale, lr.coef_[0].astype(np.float64),
                  float(lr.intercept_[0]))


def _folds(examples: list[Example], k: int,
           seed: int | None = None) -> list[tuple[list[int], list[int]]]:
    """`k` folds grouped by report; `seed`: reports dealt to folds at random (None: by
    size, always the same folds)."""
    from sklearn.model_selection import GroupKFold

    groups = [e.group for e in examples]
    k = max(2, min(k, len(set(groups))))
    idx = np.arange(len(examples))
    kfold = GroupKFold(n_splits=k) if seed is None else \
        GroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return [(list(a), list(b)) for a, b in kfold.split(idx, groups=groups)]


def _selection_rows(examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    X = [e.main.X for e in examples if len(e.main.cands)]
    y = [e.y for e in examples if len(e.main.cands)]
    if not X:
        return np.zeros((0, len(FEATURES))), np.zeros(0)
    return np.concatenate(X), np.concatenate(y)


def fit(examples: list[Example], idf: Idf, *, max_false_refusals: float = 0.03,
        folds: int = 5, C: float = 0.2, off_target_cost: float = OFF_TARGET_COST,
        repeats: int = 3) -> Model:
    """Selection on all candidates; refusal on out-of-fold evidence; the refusal threshold
    from out-of-fold refusal probabilities, at 3% false refusals: a margin under the 5% aim,
    as held-out folds vary by a question or two and the names rule (a quote's report must
    mention the question's names, see `extractive.unmentioned_names`) refuses about 1% of
    answerable questions more."""
    X, y = _selection_rows(examples)
    selection = _fit_linear(X, y, FEATURES, C)
    # The evidence the refusal model reads comes from a second fit with the classes
    # weighed evenly (about one candidate in twenty holds the answer): it spreads the
    # likely candidates' probabilities apart, and refusals separate better, while the
    # plain fit picks the quotes better (cross-validated, see the README).
    evidence = _fit_linear(X, y, FEATURES, C, balanced=True)
    # Out-of-fold selection probabilities, so the refusal model sees evidence as it will
    # look for questions the selection was not fitted on.
    # Repeated over `repeats` ways of dealing the reports to folds, pooled: a threshold
    # read off one split's few lowest answerable probabilities moves by a tenth from one
    # split to the next (see the README).
    n = len(examples)
    ans1 = np.array([1 if e.q.answerable else 0 for e in examples])
    Rs, oofs = [], []
    for r in range(repeats):
        R = np.zeros((n, len(REFUSAL_FEATURES)), dtype=np.float32)
        P: list[np.ndarray] = [np.zeros((0, len(REFUSAL_FEATURES)))] * n
        splits = _folds(examples, folds, seed=None if r == 0 else r)
        for train, test in splits:
            Xt, yt = _selection_rows([examples[i] for i in train])
            sel = _fit_linear(Xt, yt, FEATURES, C, balanced=True)
            for i in test:
                e = examples[i]
                extra = part_quotes(e.parts, sel) if len(e.parts) > 1 else []
                R[i] = refusal_features(e.main, sel.prob(e.main.X), idf, extra)
                P[i] = part_refusal_rows(e.parts, sel, idf)
        oof = np.zeros(n)
        for train, test in splits:
            m = _fit_linear(R[train], ans1[train], REFUSAL_FEATURES, C)
            for i, p in zip(test, m.prob(R[test]), strict=True):
                oof[i] = answer_confidence(float(p), m.prob(P[i]))
        Rs.append(R)
        oofs.append(oof)
    # Fitted on one split's rows: stacked copies would weaken the regularisation (C) the
    # out-of-fold models that set the threshold had.
    refusal = _fit_linear(Rs[0], ans1, REFUSAL_FEATURES, C)
    ans = np.tile(ans1, repeats)
    answerable = np.sort(np.concatenate(oofs)[ans == 1])
    k = int(math.floor(max_false_refusals * len(answerable)))
    threshold = float(answerable[k]) if len(answerable) else 0.5
    model = Model(selection, refusal, threshold, evidence=evidence)
    model.extra_ratio, model.part_min = _tune_extras(examples, idf, model)
    model.far_below = _tune_far(examples, idf, model, off_target_cost)
    return model


def _tune_extras(examples: list[Example], idf: Idf, model: Model) -> tuple[float, float]:
    """The share of the best probability a further quote needs, and the least probability
    for a part of a question, by partial credit on the fitting questions."""
    best = (-1.0, model.extra_ratio, model.part_min)
    # From the fewest quotes up: a ratio that adds quotes must do strictly better.
    for ratio in (1.01, 0.8, 0.6, 0.45, 0.3, 0.2, 0.12):
        for part_min in (0.1, 0.05, 0.02):
            m = replace(model, extra_ratio=ratio, part_min=part_min)
            total = 0.0
            for e in examples:
                if e.q.answerable:
                    o = outcome(e, decide(e.main, e.parts, m, idf, 3))
                    total += o.covered + (0.5 if o.correct else 0)
            if total > best[0]:
                best = (total, ratio, part_min)
    return best[1], best[2]


def _tune_far(examples: list[Example], idf: Idf, model: Model,
              off_target_cost: float) -> float:
    """The lead's probability under which a one-fact question gets further quotes from
    pages no other quote is on (`Model.far_below`): by the same partial credit as
    `_tune_extras`, less `off_target_cost` for each quote that bears on no part of the
    answer (from another report or page, holding none of it). Such a quote is the answer
    when the lead is wrong, and noise to read past when it is right. Tuned, like
    `extra_ratio` before it, on the fitting questions' own selection probabilities, which
    are surer than on new questions; `cross_validate` repeats the whole fit per fold, so
    its figures measure the bound as it is set here."""
    best = (-math.inf, math.inf)
    # From the fewest quotes up: a bound that lets more in must do strictly better.
    for below in (0.0, 0.1, 0.2, 0.35, 0.5, math.inf):
        m = replace(model, far_below=below)
        total = 0.0
        for e in examples:
            if e.q.answerable:
                o = outcome(e, decide(e.main, e.parts, m, idf, 3))
                total += o.covered + (0.5 if o.correct else 0) \
                    - off_target_cost * (o.quotes - o.on_target)
        if total > best[0]:
            best = (total, below)
    return best[1]


def outcome(e: Example, sel: Selection) -> Outcome:
    quotes = [Quoted(c.hit.report.file, c.hit.chunk.page,
                     c.quote) for c, _ in sel.chosen]
    return score(e.q, sel.found, quotes, latency=e.latency, confidence=sel.confidence,
                 rank=e.rank)


def cross_validate(examples: list[Example], idf: Idf, *, folds: int = 5,
                   max_false_refusals: float = 0.03, C: float = 0.2) -> EvalResult:
    """Fit on all folds but one, answer the held-out fold's questions; scores come from
    held-out folds only."""
    result = EvalResult(mode="cv")
    for train, test in _folds(examples, folds):
        model = fit([examples[i] for i in train], idf, max_false_refusals=max_false_refusals,
                    folds=folds, C=C)
        for i in test:
            e = examples[i]
            result.outcomes.append(outcome(e, decide(e.main, e.parts, model, idf, 3)))
    return result


__all__ = ["build_examples", "cross_validate", "fit", "to_citation"]
