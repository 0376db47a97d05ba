"""Export an answer or a conversation as Markdown or DOCX, with a numbered reference list:
report title, file, page or location, event date and the exact quote.

Citations are numbered across the whole export (the same quote cited twice is one
reference), and each answer's `[n]` markers are renumbered to match the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .conversations import Turn
from .dates import show_event_date
from .types import Citation, confidence_label

_MARKER = re.compile(r"\[(\d{1,3})\]")


@dataclass
class Reference:
    n: int
    title: str
    file: str
    where: str  # "page 3" or a section's heading path
    event_date: str | None
    quote: str
    event_end: str | None = None  # a range's last day (ISO), for an event over days

    @property
    def shown_date(self) -> str:
        """The event date as shown: "2025-03-05", or "2025-03-05 – 2025-03-07"."""
        return show_event_date(self.event_date, self.event_end)


@dataclass
class ExportedTurn:
    question: str
    answer: str  # with markers renumbered to the reference list
    found: bool
    reason: str | None
    confidence: str | None


def confidence_phrase(answer: Any) -> str | None:
    """How sure the answerer is, as a plain phrase ("medium (0.72)", the words of
    `types.confidence_label`, as the CLI and the sources panel show it), from the answer's
    `confidence` (a probability, when the answerer gives one), else None."""
    value = getattr(answer, "confidence", None)
    if value is None:
        return None
    try:
        p = float(value)
    except (TypeError, ValueError):
        return None
    if p <= 0.0:  # not reported (an answerer that leaves the default)
        return None
    return f"{confidence_label(p)} ({p:.2f})"


def refusal_reason(answer: Any) -> str | None:
    """Why an answer was refused, as the answerer reports it (None when it does not)."""
    reason = getattr(answer, "reason", None)
    text = str(reason).strip() if reason else ""
    return text or None


def where_of(c: Citation) -> str:
    if c.page:
        return f"page {c.page}"
    return c.location or "text"


def collect(turns: list[Turn]) -> tuple[list[ExportedTurn], list[Reference]]:
    """Number the references of `turns` and renumber each answer's markers."""
    refs: list[Reference] = []
    index: dict[tuple, int] = {}
    out: list[ExportedTurn] = []
    for turn in turns:
        a = turn.answer
        local: dict[int, int] = {}
        for c in a.citations:
            key = (c.file, c.page, c.location, c.quote)
            if key not in index:
                meta = turn.reports.get(c.file, {})
                refs.append(Reference(
                    n=len(refs) + 1, title=meta.get("title") or c.title or c.file, file=c.file,
                    where=where_of(c), event_date=meta.get("event_date"), quote=c.quote,
                    event_end=meta.get("event_end")))
                index[key] = len(refs)
            local[c.n] = index[key]

        def renumber(m: re.Match, local: dict[int, int] = local) -> str:
            k = int(m.group(1))
            return f"[{local[k]}]" if k in local else m.group(0)

        text = _MARKER.sub(renumber, a.text) if a.found else a.text
        out.append(ExportedTurn(question=turn.question, answer=text, found=a.found,
                                reason=refusal_reason(a), confidence=confidence_phrase(a)))
    return out, refs


def _refused_line(t: ExportedTurn) -> str:
    why = t.reason or t.answer
    return f"Not answered: the reports do not hold the answer. {why}".strip()


def to_markdown(turns: list[Turn], title: str) -> str:
    """The export as Markdown text."""
    items, refs = collect(turns)
    lines = [f"# {_md(title)}", ""]
    for i, t in enumerate(items, 1):
        lines += [f"## Question {i}: {_md(t.question)}", ""]
        if t.found:
            lines += [_md(t.answer), ""]
            if t.confidence:
                lines += [f"*Confidence: {t.confidence}*", ""]
        else:
            lines += [f"**{_md(_refused_line(t))}**", ""]
    if refs:
        lines += ["## References", ""]
        for r in refs:
            date = f", event date {r.shown_date}" if r.event_date else ""
            lines.append(f"{r.n}. {_md(r.title)}. `{r.file}`, {_md(r.where)}{date}. "
                         f"“{_md(r.quote)}”")
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    # Report text is text: nothing in it may become a link, HTML or emphasis.
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]#|])", r"\\\1", text)


def to_docx(turns: list[Turn], title: str, path: Path) -> Path:
    """The export as a Word document at `path`."""
    import docx

    items, refs = collect(turns)
    document = docx.Document()
    document.add_heading(title, level=1)
    for i, t in enumerate(items, 1):
        document.add_heading(f"Question {i}: {t.question}", level=2)
        if t.found:
            document.add_paragraph(t.answer)
            if t.confidence:
                document.add_paragraph().add_run(f"Confidence: {t.confidence}").italic = True
        else:
            document.add_paragraph().add_run(_refused_line(t)).bold = True
    if refs:
        document.add_heading("References", level=2)
        for r in refs:
            date = f", event date {r.shown_date}" if r.event_date else ""
            # Numbers written out, not Word list numbering: they must match the [n] markers
            # whatever the reader's numbering settings.
            p = document.add_paragraph()
            p.add_run(f"{r.n}. {r.title}. ")
            p.add_run(r.file).italic = True
            p.add_run(f", {r.where}{date}. \u201c{r.quote}\u201d")
    document.save(str(path))
    return path
