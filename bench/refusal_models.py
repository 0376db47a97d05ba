"""Classifiers for the refusal decision compared on the same out-of-fold evidence.

    python bench/refusal_models.py ../shared/qa/train.jsonl eval/dev.jsonl \\
        --corpus /tmp/train-corpus --index /tmp/train-index

Each labelled question is retrieved and scored once (as `assistant eval --fit` does); its
refusal evidence (`selection.refusal_features`) comes from a selection fitted on the other
folds (5, grouped by report). Each candidate classifier is then fitted on four folds'
evidence and scored on the fifth. Prints ROC AUC and the share of unanswerable questions
refused at 3% and 5% of answerable ones refused, before the names rules that refuse on
top of the model (so below `assistant eval --cv`'s refusal figure).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _candidates() -> dict[str, Callable[[], Any]]:
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    return {
        "logistic regression C=0.2 (used)": lambda: make_pipeline(
            StandardScaler(), LogisticRegression(C=0.2, max_iter=5000)),
        "logistic regression C=1": lambda: make_pipeline(
            StandardScaler(), LogisticRegression(C=1, max_iter=5000)),
        "hist. gradient boosting depth 2": lambda: HistGradientBoostingClassifier(
            max_depth=2, max_iter=100, learning_rate=0.05, min_samples_leaf=15, random_state=0),
        "hist. gradient boosting depth 3": lambda: HistGradientBoostingClassifier(
            max_depth=3, max_iter=150, learning_rate=0.05, l2_regularization=1.0,
            min_samples_leaf=10, random_state=0),
        "random forest": lambda: RandomForestClassifier(
            n_estimators=200, min_samples_leaf=3, random_state=0, n_jobs=1),
        "logistic regression, pairwise interactions": lambda: make_pipeline(
            StandardScaler(), PolynomialFeatures(2, interaction_only=True), StandardScaler(),
            LogisticRegression(C=0.02, max_iter=5000)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("qa_files", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/train-corpus"))
    ap.add_argument("--index", type=Path, default=Path("/tmp/train-index"))
    args = ap.parse_args()

    import numpy as np
    from sklearn.metrics import roc_auc_score

    from assistant.answering.fitting import _fit_linear, _folds, _selection_rows, build_examples
    from assistant.answering.selection import (
        FEATURES,
        REFUSAL_FEATURES,
        part_quotes,
        refusal_features,
    )
    from assistant.evaluation import load_questions
    from assistant.settings import Settings

    questions = [q for path in args.qa_files for q in load_questions(path)]
    settings = Settings(corpus_dir=args.corpus, index_dir=args.index)
    examples, idf = build_examples(questions, settings)
    splits = _folds(examples, 5)
    R = np.zeros((len(examples), len(REFUSAL_FEATURES)))
    for train, test in splits:
        X, y = _selection_rows([examples[i] for i in train])
        evidence = _fit_linear(X, y, FEATURES, 0.2, balanced=True)
        for i in test:
            e = examples[i]
            extra = part_quotes(e.parts, evidence) if len(e.parts) > 1 else []
            R[i] = refusal_features(e.main, evidence.prob(e.main.X), idf, extra)
    ans = np.array([1 if e.q.answerable else 0 for e in examples])
    fact = np.array([e.q.kind == "absent-fact" for e in examples])

    print(f"{len(examples)} questions, {ans.sum()} answerable; out-of-fold refusal evidence")
    print(f"{'classifier':44} {'AUC':>6} {'ref@3%':>7} {'ref@5%':>7} {'fact@5%':>8}")
    for name, make in _candidates().items():
        oof = np.zeros(len(examples))
        for train, test in splits:
            oof[test] = make().fit(R[train], ans[train]).predict_proba(R[test])[:, 1]
        answerable = np.sort(oof[ans == 1])
        at3, at5 = (answerable[int(rate * len(answerable))] for rate in (0.03, 0.05))
        row = [roc_auc_score(ans, oof), float((oof[ans == 0] < at3).mean()),
               float((oof[ans == 0] < at5).mean()),
               float((oof[(ans == 0) & fact] < at5).mean())]
        print(f"{name:44} {row[0]:6.3f} {row[1]:7.2f} {row[2]:7.2f} {row[3]:8.2f}")


if __name__ == "__main__":
    main()
