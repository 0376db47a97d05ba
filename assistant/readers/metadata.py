"""A report's header block: the "Label: value" lines event reports open with.

    Seminar on Teacher Training
    Event Date: 5 May 2025
    Venue: Peshawar

Such lines are read from the raw text before lines are joined (joined, the block becomes
one run-on line and its fields are lost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..cleaning import LABEL_LINE, LINE_BREAKS

# Lines of the header block considered.
_HEAD_LINES = 30

_DATE_LABELS = ("event date", "date of event", "date of the event", "event dates", "date",
                "dates", "held on", "dated", "date and time", "date & time", "when")
_VENUE_LABELS = ("venue", "location", "place", "held at", "where", "event venue")
_TITLE_LABELS = ("title", "event", "event title", "report title", "subject")


@dataclass
class HeaderBlock:
    """The fields of a header block; empty strings and None where absent."""

    title: str = ""
    event_date: str | None = None  # ISO yyyy-mm-dd
    venue: str | None = None
    fields: list[tuple[str, str]] = field(default_factory=list)  # (label, value), in order


# Markdown and list markup around a header line: "**Date:** 5 May 2025", "- Venue: ...".
_MARKUP = re.compile(r"^(?:[#>•*-]+\s+)+|[*_]{2,}")
# "Date - 5 May 2025", "Venue – Quetta": a dash for the colon, read for date and venue
# labels only ("Pakistan - China Relations" is a title).
_DASHED = re.compile(r"^([A-Za-z][A-Za-z /&().]{1,30}?)\s+[-–—]\s+(\S.{0,200})$")
# An unlabelled date line is looked for among this many first lines.
_DATE_LINE_LINES = 6


def read_header_block(text: str) -> HeaderBlock:
    """The "Label: value" lines among the first lines of `text` (raw, not yet joined);
    without a labelled date, a line among the first few that is a date with at most a
    place or a few words beside it ("Gwadar, 5 May 2025", "Dated 05/05/2025 | Quetta")."""
    block = HeaderBlock()
    lines = [_MARKUP.sub("", ln).strip() for ln in LINE_BREAKS.sub("\n", text).split("\n")]
    lines = [ln for ln in lines if ln]
    for line in lines[:_HEAD_LINES]:
        labelled = _label_of(line)
        if labelled is None:
            continue
        label, value = labelled
        block.fields.append((label, value))
        key = label.lower()
        if key in _DATE_LABELS and block.event_date is None:
            parsed = parse_date(value)
            block.event_date = parsed.isoformat() if parsed else None
        elif key in _VENUE_LABELS and block.venue is None:
            block.venue = value
        elif key in _TITLE_LABELS and not block.title and len(value.split()) >= 2:
            block.title = value
    if block.event_date is None:
        day = next(filter(None, map(_date_line, lines[:_DATE_LINE_LINES])), None)
        block.event_date = day.isoformat() if day else None
    return block


def _label_of(line: str) -> tuple[str, str] | None:
    """(label, value) of a "Label: value" line (or "Date - value" for a date or venue)."""
    m = LABEL_LINE.match(line)
    if not m:
        dashed = _DASHED.match(line)
        if dashed and dashed.group(1).strip().lower() in _DATE_LABELS + _VENUE_LABELS:
            m = dashed
    if not m or len(line) > 160:
        return None
    label, value = m.group(1).strip(), m.group(2).strip()
    if label.lower().startswith(("http", "www")):
        return None
    return label, value


def _date_line(line: str) -> date | None:
    """The date of a line that is a date with at most four other words (a place, a
    weekday, "Dated", "Held on"); None for a sentence that mentions a date, and for a
    line whose label says what its date is ("Expires: 4 June 2023")."""
    if len(line) > 100 or _label_of(line) is not None:
        return None
    found = find_date(line)
    if found is None:
        return None
    day, (start, end) = found
    rest = re.findall(r"[^\W_]+", line[:start] + " " + line[end:])
    return day if len(rest) <= 4 else None


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_RANGE = r"(?:\s*[-–—]\s*\d{1,2}(?:st|nd|rd|th)?)?"  # "5-6 May 2025": the first day
_DATE_PATTERNS = [
    re.compile(rf"\b{_DAY}{_RANGE}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),   # 5 May 2025
    re.compile(rf"\b{_MONTH}\s+{_DAY}{_RANGE},?\s+{_YEAR}\b", re.I),             # May 5, 2025
    re.compile(rf"\b{_DAY}[-/]{_MONTH}[-/]{_YEAR}\b", re.I),                     # 05-May-2025
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d{{1,2}})-(?P<day>\d{{1,2}})\b"),           # 2025-05-05
    re.compile(rf"\b(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.]{_YEAR}\b"),         # 05/05/2025
]


def parse_date(value: str) -> date | None:
    """The first date in `value`, in any common form: "5 May 2025", "5th May, 2025",
    "Monday, May 5, 2025", "5-6 May 2025" (the first day), "05-May-2025", "2025-05-05",
    "05/05/2025" and "05.05.2025" (day first, as written in Pakistan and Europe, unless
    the second number is over 12). None when `value` holds no full date."""
    found = find_date(value)
    return found[0] if found else None


def find_date(value: str) -> tuple[date, tuple[int, int]] | None:
    """`parse_date`'s date with the (start, end) of its text in `value`."""
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(value):
            groups = m.groupdict()
            year = int(groups["year"])
            if groups.get("month"):
                month = _MONTHS[groups["month"].lower().rstrip(".")]
                day = int(groups["day"])
            elif groups.get("mnum"):
                month, day = int(groups["mnum"]), int(groups["day"])
            else:
                a, b = int(groups["a"]), int(groups["b"])
                day, month = (b, a) if b > 12 >= a else (a, b)
            try:
                return date(year, month, day), m.span()
            except ValueError:
                continue
    return None  # no date, or a month without a day: nothing a date filter can use
