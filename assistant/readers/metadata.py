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

from ..cleaning import LABEL_LINE

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


def read_header_block(text: str) -> HeaderBlock:
    """The "Label: value" lines among the first lines of `text` (raw, not yet joined)."""
    block = HeaderBlock()
    lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n") if ln.strip()]
    for line in lines[:_HEAD_LINES]:
        m = LABEL_LINE.match(line)
        if not m or len(line) > 160:
            continue
        label, value = m.group(1).strip(), m.group(2).strip()
        if label.lower().startswith(("http", "www")):
            continue
        block.fields.append((label, value))
        key = label.lower()
        if key in _DATE_LABELS and block.event_date is None:
            parsed = parse_date(value)
            block.event_date = parsed.isoformat() if parsed else None
        elif key in _VENUE_LABELS and block.venue is None:
            block.venue = value
        elif key in _TITLE_LABELS and not block.title and len(value.split()) >= 2:
            block.title = value
    return block


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
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d{{1,2}})-(?P<day>\d{{1,2}})\b"),           # 2025-05-05
    re.compile(rf"\b(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.]{_YEAR}\b"),         # 05/05/2025
]


def parse_date(value: str) -> date | None:
    """The first date in `value`, in any common form: "5 May 2025", "5th May, 2025",
    "Monday, May 5, 2025", "5-6 May 2025" (the first day), "2025-05-05", "05/05/2025"
    and "05.05.2025" (day first, as written in Pakistan and Europe, unless the second
    number is over 12). None when `value` holds no full date."""
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
                return date(year, month, day)
            except ValueError:
                continue
    return None  # no date, or a month without a day: nothing a date filter can use
