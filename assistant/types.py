"""The data every module speaks: reports, pages, citations and answers."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .dates import event_span


@dataclass
class Page:
    """One unit of citation: a PDF page (number set) or a DOCX/HTML section (location set)."""

    number: int | None
    text: str
    location: str | None = None
    ocr: bool = False


@dataclass
class Section:
    """A part of a report without pages (DOCX, HTML) as its reader found it: where it is
    ("Findings > Trade", "Footnote 3", "Text box") and its raw text, paragraphs separated
    by blank lines, table rows one per line."""

    location: str
    text: str


@dataclass
class Report:
    """A report as read from disk and cleaned."""

    file: str  # path relative to the corpus, with forward slashes
    sha256: str
    format: str  # pdf, docx, text, markdown, html
    pages: list[Page]
    title: str = ""
    # ISO yyyy-mm-dd where the report states it; yyyy-mm where it states only the month.
    # For an event over several days ("5-7 March 2025") its first day.
    event_date: str | None = None
    venue: str | None = None
    # What was not read, one line each, naming the file: pages skipped for lack of OCR,
    # embedded objects ignored. Shown by `assistant index` and the chat's report list.
    notes: list[str] = field(default_factory=list)
    # ISO yyyy-mm-dd of the last day of an event over several days ("5-7 March 2025":
    # "2025-03-07"); None for a one-day event (or one dated by its month).
    event_end: str | None = None


@dataclass(frozen=True)
class Chunk:
    """A passage of one page (or DOCX/HTML section) of a report, as indexed and retrieved.

    `start`/`end` are character offsets of `text` in the cleaned text of that page, so
    `text == page.text[start:end]`; `prev_text` is the sentence before it (with the gap),
    an exact slice ending at `start`, "" for a page's first chunk. Only `chunking` and
    `store` turn chunks into llama-index nodes and back (`chunking.to_node`/`from_node`).
    """

    id: str  # stable: report content, position and chunking settings
    text: str
    report_sha: str  # sha256 of the report version the chunk was cut from
    file: str  # path relative to the corpus when indexed (renames live in the manifest)
    part: int = 0  # the page or section, counted from 0
    page: int | None = None  # printed page number; None for sections and page-less text
    location: str | None = None  # section path of a DOCX/HTML report
    start: int = 0
    end: int = 0
    prev_text: str = ""
    title: str = ""
    event_date: str | None = None  # ISO yyyy-mm-dd (yyyy-mm: dated by its month only)
    venue: str | None = None
    format: str = ""  # pdf, docx, text, markdown, html
    table: str = ""  # title of the table whose rows the chunk holds, when not in its text


# A retrieved chunk as the answerers see it (the field-standard name on the query side).
Passage = Chunk


@dataclass
class Filters:
    """Which reports a question may be answered from."""

    files: list[str] | None = None  # paths relative to the corpus
    # ISO dates, inclusive: a report passes when its event's days (from its event date to
    # its event end, or the whole month of a month-only date) overlap them.
    date_from: str | None = None
    date_to: str | None = None

    @classmethod
    def from_any(cls, value: Filters | dict[str, Any] | None) -> Filters | None:
        """Filters from a dict such as {"files": [...], "date_from": "2025-01-01",
        "date_to": "2025-12-31"} (dates may also be `datetime.date`). Raises FilterError
        naming the field for anything else: unknown keys, files that are not a list of
        names, dates that are not ISO calendar dates, a range that ends before it starts."""
        from .errors import FilterError

        if value is None:
            return None
        if isinstance(value, Filters):
            return cls.from_any({"files": value.files, "date_from": value.date_from,
                                 "date_to": value.date_to})
        if not isinstance(value, dict):
            raise FilterError(f"filters must be a dict like {{'files': [...], 'date_from': "
                              f"'2025-01-01'}}, not {type(value).__name__}")
        unknown = sorted(set(map(str, value)) - {"files", "file", "date_from", "date_to"})
        if unknown:
            raise FilterError(f"unknown filter {unknown[0]!r}; use files, date_from, date_to")
        files = value.get("files") or value.get("file")
        if isinstance(files, str):
            files = [files]
        if files is not None and (not isinstance(files, (list, tuple))
                                  or not all(isinstance(f, str) for f in files)):
            raise FilterError("files must be a list of report file names (paths relative to "
                              f"the corpus), not {files!r}"[:200])
        flt = cls(files=list(files) if files else None,
                  date_from=_iso_date("date_from", value.get("date_from")),
                  date_to=_iso_date("date_to", value.get("date_to")))
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
            raise FilterError(f"date_from {flt.date_from} is after date_to {flt.date_to}")
        return flt

    def admits(self, report: Any) -> bool:
        """`report` has .file and .event_date, and may have .event_end (a manifest row; a
        row without an end, as an index built before ranges were read, is a one-day
        event). Dated reports pass a date filter when any day of their event is in it."""
        if self.files and _same_name(report.file) not in {_same_name(f) for f in self.files}:
            return False
        if self.date_from or self.date_to:
            if not report.event_date:
                return False
            # a report dated by its month ("2025-09") passes a filter over any of its days,
            # an event over several days ("5-7 March") one over any of them
            first, last = event_span(report.event_date, getattr(report, "event_end", None))
            if self.date_from and last < self.date_from:
                return False
            if self.date_to and first > self.date_to:
                return False
        return True

    @property
    def active(self) -> bool:
        return bool(self.files or self.date_from or self.date_to)


def _same_name(name: str) -> str:
    """A file name as typed and as stored compare equal: macOS writes names decomposed
    (NFD, "e" + U+0301) where a keyboard types "é" (NFC)."""
    import unicodedata

    return unicodedata.normalize("NFC", name)


def _iso_date(field_name: str, value: Any) -> str | None:
    """An ISO yyyy-mm-dd string from a string or a date; FilterError otherwise."""
    from datetime import date, datetime

    from .errors import FilterError

    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:  # 2025-02-30
            pass
    raise FilterError(f"{field_name} must be a date like 2025-12-18, not {value!r}"[:200])


@dataclass
class Citation:
    """A quoted sentence (or two) of a report that backs part of an answer."""

    n: int
    file: str
    page: int | None
    quote: str
    start: int  # offsets of `quote` in the cleaned text of that page/section
    end: int
    score: float
    location: str | None = None
    title: str = ""
    passage: str = ""  # the whole retrieved chunk, so a UI can show the quote in context
    passage_start: int = 0  # offset of `passage` in the cleaned page text
    is_list: bool = False  # the quote is an enumeration block (one item per line)
    part: str | None = None  # the part of a multi-part question this quote answers

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "file": self.file,
            "page": self.page,
            "location": self.location,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "score": round(float(self.score), 4),
            "is_list": self.is_list,
            "part": self.part,
        }


def confidence_label(confidence: float) -> str:
    """A confidence (a probability, 0-1) as the word people see everywhere it is shown:
    "high" from 0.8, "medium" from 0.5, else "low"."""
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.5 else "low"


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    found: bool = True
    related: list[Citation] = field(default_factory=list)  # closest passages when not found
    mode: str = "extractive"
    evidence: float = 0.0  # the best candidate's selection probability
    notes: list[str] = field(default_factory=list)
    # Probability (0..1) that the reports answer the question, from the refusal classifier.
    confidence: float = 0.0
    # Why the question was refused (or which part the reports do not cover); "" otherwise.
    reason: str = ""
    # Typos corrected before searching: (typed, searched) word pairs (`spelling.correct`).
    corrections: list[tuple[str, str]] = field(default_factory=list)

    @property
    def searched_for(self) -> str:
        """The corrections as a line for people ("Searched for ‘participants’ (typed
        ‘particpants’)"); "" when none."""
        if not self.corrections:
            return ""
        return "Searched for " + ", ".join(f"\u2018{new}\u2019 (typed \u2018{old}\u2019)"
                                           for old, new in self.corrections)

    @property
    def confidence_label(self) -> str:
        """The confidence as a plain phrase for people."""
        return confidence_label(self.confidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "found": self.found,
            "confidence": round(float(self.confidence), 4),
            "reason": self.reason,
            "corrections": [{"typed": a, "searched": b} for a, b in self.corrections],
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass
class IndexSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    # Byte-identical copies read once: (file, the file kept in the index or tried).
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    # Indexed reports missing from the corpus but kept: too many to remove in one run
    # (an empty or unmounted folder?) without allow_mass_removal.
    kept_missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chunks_written: int = 0
    seconds: float = 0.0
    # Seconds per stage (read, embed, write, bm25, export); writes overlap embedding.
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
