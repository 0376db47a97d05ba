"""Feedback that becomes test cases: `assistant feedback export` turns the chat's thumbs
up/down into lines of the `assistant eval` format.

A thumbs-up on an answer says its citations are right: its line expects the first cited
file and the cited pages, and that the answer quotes what it quoted. A thumbs-up on a
refusal is an unanswerable question. A thumbs-down is written with `"review": true` and
the user's comment: someone fills in the right file, pages and quote (or marks it
unanswerable) and removes the flag; `assistant eval` skips lines still under review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .conversations import Feedback, WorkbenchStore


@dataclass
class ExportSummary:
    ready: int  # thumbs-up lines, usable as they are
    review: int  # thumbs-down lines to be completed by a person


def eval_line(fb: Feedback) -> dict[str, Any]:
    """One `assistant eval` question line for one rating."""
    a = fb.answer
    line: dict[str, Any] = {"id": f"feedback-{fb.id}", "question": fb.question}
    if fb.rating > 0:
        if a.found and a.citations:
            first = a.citations[0].file
            line.update(answerable=True, file=first,
                        pages=sorted({c.page for c in a.citations if c.file == first and c.page}),
                        must_contain=[c.quote for c in a.citations if c.file == first])
        else:
            line.update(answerable=False)
    else:
        line.update(review=True, answerable=None, file=None, pages=[], must_contain=[],
                    given_answer=a.text,
                    given_citations=[{"file": c.file, "page": c.page, "location": c.location,
                                      "quote": c.quote} for c in a.citations])
    if fb.comment:
        line["comment"] = fb.comment
    line["source"] = {"feedback": fb.id, "user": fb.user, "rating": fb.rating}
    return line


def export_feedback(store: WorkbenchStore, out: Path | None) -> tuple[list[str], ExportSummary]:
    """The eval lines of every rating (written to `out` when given), and their counts."""
    lines = [json.dumps(eval_line(fb), ensure_ascii=False) for fb in store.feedback()]
    review = sum(1 for s in lines if '"review": true' in s)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(s + "\n" for s in lines), encoding="utf-8")
    return lines, ExportSummary(ready=len(lines) - review, review=review)
