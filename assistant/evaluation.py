"""`assistant eval`: retrieval and answer quality on a JSONL file of labelled questions.

Scoring follows `../shared/qa/README.md`: a cited quote *holds* an answer when it comes
from the right file, from one of the listed pages (any page when none are listed) and
contains a `must_contain` string (whitespace and case normalised). An answerable question
is fully correct when every `must_contain` string is held by some quote (partial credit:
the share held); an unanswerable one is correct when it is refused. Quote precision is the
share of an answer's quotes that bear on the question (right file and page, or holding a
`must_contain` string): a further quote from another report is noise an analyst must
read past, though coverage does not count it. Figures are split by
question type (`qtype`) and, for unanswerable questions, by `kind`.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import defaultdict
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
    qtype: str = ""  # number, list, multi, ... ("unanswerable" for the others)
    kind: str = ""  # absent-entity / absent-fact for unanswerable questions
    source: str = ""  # the file it was read from

    @property
    def group(self) -> str:
        """The label used to split by question type."""
        if not self.answerable:
            return f"unanswerable/{self.kind}" if self.kind else "unanswerable"
        return self.qtype or "answerable"


@dataclass
class Quoted:
    """What an answer cited, as scoring needs it."""

    file: str
    page: int | None
    quote: str


@dataclass
class Outcome:
    """One question's result."""

    question: Question
    found: bool
    covered: float  # share of must_contain strings held by the quotes (answerable only)
    latency: float = 0.0
    confidence: float = 0.0
    rank: int | None = None  # rank of the first retrieved passage on the right file/page
    quotes: int = 0  # quotes cited (answered answerable questions only)
    on_target: int = 0  # of them, those from the right file and page or holding an answer

    @property
    def correct(self) -> bool:
        if not self.question.answerable:
            return not self.found
        return self.found and self.covered >= 1.0 - 1e-9


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def coverage(q: Question, quotes: list[Quoted]) -> float:
    """Share of `q.must_contain` held by quotes from the right file and page."""
    if not q.must_contain:
        return 1.0 if quotes else 0.0
    held = [_norm(x.quote) for x in quotes if _right_place(q, x)]
    got = sum(1 for m in q.must_contain if any(_norm(m) in h for h in held))
    return got / len(q.must_contain)


def _right_place(q: Question, quote: Quoted) -> bool:
    """Whether a quote comes from `q`'s file and one of its pages (any, where unlisted)."""
    return (not q.file or quote.file == q.file) and (not q.pages or quote.page in q.pages)


def on_target(q: Question, quote: Quoted) -> bool:
    """Whether a quote bears on `q`: it comes from the right file and page, or holds one
    of its `must_contain` strings (the same words stand in several filings)."""
    return _right_place(q, quote) or any(_norm(m) in _norm(quote.quote)
                                         for m in q.must_contain)


def score(q: Question, found: bool, quotes: list[Quoted], **extra: Any) -> Outcome:
    if not (found and q.answerable):
        return Outcome(q, found, 0.0, **extra)
    return Outcome(q, found, coverage(q, quotes), quotes=len(quotes),
                   on_target=sum(on_target(q, x) for x in quotes), **extra)


@dataclass
class EvalResult:
    mode: str
    outcomes: list[Outcome] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        ans = [o for o in self.outcomes if o.question.answerable]
        una = [o for o in self.outcomes if not o.question.answerable]
        ranks = [o.rank for o in ans]
        n = len(ans) or 1
        lat = sorted(o.latency for o in self.outcomes) or [0.0]
        by_type: dict[str, list[Outcome]] = defaultdict(list)
        for o in self.outcomes:
            by_type[o.question.group].append(o)
        return {
            "mode": self.mode,
            "questions": len(self.outcomes),
            "answerable": len(ans),
            "unanswerable": len(una),
            "hit@1": sum(1 for r in ranks if r == 1) / n,
            "hit@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
            "mrr": sum(1 / r for r in ranks if r) / n,
            "answer_accuracy": _mean([o.correct for o in ans]),
            "answer_partial": _mean([o.covered for o in ans]),
            "refusal_accuracy": _mean([o.correct for o in una]),
            "false_refusal_rate": _mean([not o.found for o in ans]),
            # The share of quotes that bear on the question; the others (another report or
            # page, none of the answer) an analyst must read past. 0 when nothing is quoted,
            # like the other shares of an empty set here.
            "quote_precision": (sum(o.on_target for o in ans) / quotes
                                if (quotes := sum(o.quotes for o in ans)) else 0.0),
            "quotes_per_answer": quotes / (sum(1 for o in ans if o.found) or 1),
            "latency_p50_ms": 1000 * statistics.median(lat),
            "latency_p95_ms": 1000 * lat[min(len(lat) - 1, int(0.95 * len(lat)))],
            "by_type": {
                t: {"n": len(os), "accuracy": _mean([o.correct for o in os]),
                    "partial": _mean([o.covered for o in os]) if os[0].question.answerable
                    else None,
                    "refused": _mean([not o.found for o in os])}
                for t, os in sorted(by_type.items())
            },
        }


def _mean(xs: list[Any]) -> float:
    return float(sum(xs)) / len(xs) if xs else 0.0


def load_questions(path: Path) -> list[Question]:
    """Questions of a JSONL file (see `../shared/qa/README.md` for the fields). Raises
    ConfigError naming the line that is not a question."""
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            answerable = bool(data.get("answerable", True))
            if data.get("review"):  # exported feedback a person has not checked yet
                continue
            out.append(Question(
                id=str(data.get("id", i)), question=data["question"],
                answerable=answerable, file=data.get("file"),
                pages=list(data.get("pages") or []),
                must_contain=list(data.get("must_contain") or []),
                qtype=str(data.get("qtype") or ("" if answerable else "unanswerable")),
                kind=str(data.get("kind") or ""), source=path.name,
            ))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{i}: not a question line ({exc})") from exc
    return out


def _retrieval_rank(q: Question, retriever: Any) -> int | None:
    hits = retriever.retrieve(q.question, top_k=10)
    for i, h in enumerate(hits, 1):
        page = h.chunk.page
        if (not q.file or h.report.file == q.file) and (not q.pages or page in q.pages):
            return i
    return None


def evaluate(questions: list[Question], settings: Settings) -> EvalResult:
    """Ask every question through `ask()` and score the answers."""
    from .answering import ask, get_retriever

    retriever = get_retriever(settings)
    result = EvalResult(mode=settings.retrieval_mode)
    for q in questions:
        t0 = time.perf_counter()
        answer = ask(q.question, settings=settings)
        latency = time.perf_counter() - t0
        quotes = [Quoted(c.file, c.page, c.quote) for c in answer.citations]
        rank = _retrieval_rank(q, retriever) if q.answerable else None
        result.outcomes.append(score(q, answer.found, quotes, latency=latency,
                                     confidence=answer.confidence, rank=rank))
    return result


def format_report(results: dict[str, EvalResult]) -> str:
    width = max([10] + [len(m) for m in results])
    head = (f"{'mode':{width}} {'hit@1':>6} {'hit@5':>6} {'MRR':>6} {'answer':>7} {'partial':>8} "
            f"{'refusal':>8} {'f.refus':>8} {'q.prec':>7} {'p50 ms':>7} {'p95 ms':>7}")
    lines = [head]
    for mode, r in results.items():
        f = r.figures()
        lines.append(
            f"{mode:{width}} {f['hit@1']:6.2f} {f['hit@5']:6.2f} {f['mrr']:6.3f} "
            f"{f['answer_accuracy']:7.2f} {f['answer_partial']:8.2f} "
            f"{f['refusal_accuracy']:8.2f} {f['false_refusal_rate']:8.2f} "
            f"{f['quote_precision']:7.2f} {f['latency_p50_ms']:7.0f} {f['latency_p95_ms']:7.0f}"
        )
    for mode, r in results.items():
        f = r.figures()
        lines.append("")
        lines.append(f"{mode}: by question type        n  correct  partial  refused")
        for t, row in f["by_type"].items():
            partial = f"{row['partial']:8.2f}" if row["partial"] is not None else f"{'':8}"
            lines.append(f"  {t:28} {row['n']:3d} {row['accuracy']:8.2f} {partial} "
                         f"{row['refused']:8.2f}")
    if results:
        f = next(iter(results.values())).figures()
        lines.append(
            f"({f['questions']} questions, {f['answerable']} answerable; answer = every "
            "must_contain string quoted from the right file and page, partial = share of them; "
            "refusal = unanswerable questions refused; f.refus = answerable questions refused; "
            "q.prec = share of the answers' quotes from the right file and page or holding "
            "the answer)")
    return "\n".join(lines)
