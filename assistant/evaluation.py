"""`assistant eval`: retrieval and answer quality on a JSONL file of questions."""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .settings import Settings


@dataclass
class Question:
    id: str
    question: str
    answerable: bool
    file: str | None = None
    pages: list[int] = field(default_factory=list)
    must_contain: list[str] = field(default_factory=list)


@dataclass
class EvalResult:
    mode: str
    ranks: list[int | None] = field(default_factory=list)  # rank of first right passage
    answer_ok: list[bool] = field(default_factory=list)  # answerable questions
    refusal_ok: list[bool] = field(default_factory=list)  # unanswerable questions
    latencies: list[float] = field(default_factory=list)
    best_scores: list[tuple[bool, float]] = field(default_factory=list)  # for calibration

    def figures(self) -> dict[str, Any]:
        n = len(self.ranks) or 1
        lat = sorted(self.latencies) or [0.0]
        return {
            "mode": self.mode,
            "questions": len(self.ranks) + len(self.refusal_ok),
            "hit@1": sum(1 for r in self.ranks if r == 1) / n,
            "hit@5": sum(1 for r in self.ranks if r is not None and r <= 5) / n,
            "mrr": sum(1 / r for r in self.ranks if r) / n,
            "answer_accuracy": _mean(self.answer_ok),
            "refusal_accuracy": _mean(self.refusal_ok),
            "latency_p50_ms": 1000 * statistics.median(lat),
            "latency_p95_ms": 1000 * lat[min(len(lat) - 1, int(0.95 * len(lat)))],
        }


def _mean(xs: list[bool]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def load_questions(path: Path) -> list[Question]:
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if data.get("review"):  # exported feedback a person has not checked yet
                continue
            out.append(Question(
                id=str(data.get("id", i)), question=data["question"],
                answerable=bool(data.get("answerable", True)), file=data.get("file"),
                pages=list(data.get("pages") or []),
                must_contain=list(data.get("must_contain") or []),
            ))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{i}: not a question line ({exc})") from exc
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _passage_matches(q: Question, file: str, page: int | None, text: str) -> bool:
    if q.file and file != q.file:
        return False
    if q.pages and page not in q.pages:
        return False
    if q.must_contain:
        t = _norm(text)
        return any(_norm(m) in t for m in q.must_contain)
    return True


def evaluate(questions: list[Question], settings: Settings) -> EvalResult:
    from .answering import ask, get_retriever

    retriever = get_retriever(settings)
    result = EvalResult(mode=settings.retrieval_mode)
    for q in questions:
        t0 = time.perf_counter()
        answer = ask(q.question, settings=settings)
        result.latencies.append(time.perf_counter() - t0)
        result.best_scores.append((q.answerable, answer.evidence))
        if not q.answerable:
            result.refusal_ok.append(not answer.found)
            continue
        hits = retriever.retrieve(q.question, top_k=10)
        rank = None
        for i, h in enumerate(hits, 1):
            page = int(h.node.metadata.get("page") or 0) or None
            # Retrieval is judged on the right file and page; must_contain judges answers.
            if _passage_matches(Question(q.id, "", True, q.file, q.pages, []),
                                h.report.file, page, h.node.text):
                rank = i
                break
        result.ranks.append(rank)
        result.answer_ok.append(answer.found and any(
            _passage_matches(q, c.file, c.page, c.passage or c.quote) for c in answer.citations
        ))
    return result


def format_report(results: dict[str, EvalResult]) -> str:
    head = (f"{'mode':8} {'hit@1':>6} {'hit@5':>6} {'MRR':>6} {'answer':>7} {'refusal':>8} "
            f"{'p50 ms':>7} {'p95 ms':>7}")
    lines = [head]
    for mode, r in results.items():
        f = r.figures()
        lines.append(
            f"{mode:8} {f['hit@1']:6.2f} {f['hit@5']:6.2f} {f['mrr']:6.3f} "
            f"{f['answer_accuracy']:7.2f} {f['refusal_accuracy']:8.2f} "
            f"{f['latency_p50_ms']:7.0f} {f['latency_p95_ms']:7.0f}"
        )
    n = next(iter(results.values())).figures()["questions"] if results else 0
    lines.append(f"({n} questions; hit@k and MRR over answerable questions, right file and page)")
    return "\n".join(lines)
