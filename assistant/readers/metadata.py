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
from ..dates import (
    date_line_range,
    find_date,
    iso_span,
    month_line,
    parse_date,
    parse_date_range,
    parse_month,
    parse_short_year,
)

# Lines of the header block considered.
_HEAD_LINES = 30

_DATE_LABELS = ("event date", "date of event", "date of the event", "event dates", "date",
                "dates", "held on", "dated", "date and time", "date & time", "when",
                # Russian, Urdu and Chinese header blocks
                "дата", "дата проведения", "дата мероприятия", "تاریخ", "تاریخ انعقاد",
                "日期", "时间", "會議日期", "会议日期")
# Other labels that name the event's date in so many words ("Date of meeting", "Meeting
# date", "Seminar dates", "Date held", "Дата встречи"), but not another date a header
# block gives (a deadline, an issue or publication date, a birth date): read only when no
# label of _DATE_LABELS is there.
# "On: 12th Feb 2025", "Day: ...", "Time and venue: ..." name it too, read only where the
# value is a date; "on" only as the whole label: "Posted on:", "Based on: a survey of 5 May
# 2024" give another date.
_DATE_WORDS = re.compile(r"^on$|\b(?:dates?|held|day|time|дата|تاریخ|日期)\b", re.I)
_OTHER_DATE = re.compile(
    r"\b(?:due|deadline|birth|expir\w*|publi\w*|issued?|print\w*|revis\w*|updated?|"
    r"modified|submission|submitted|closing|release[sd]?|approv\w*|effective|valid|"
    r"review|report|document|circulat\w*|received|signed|registration|start|end|"
    r"next|last|previous|"
    # the document's own dates: when it was sent, prepared, written, filed
    r"sent|prepar\w*|written|compiled|created|filed|accessed|letter|notice|memo|entry|"
    r"joining|departure|"
    # Russian (publication, birth, issue, update, preparation, signing) and Urdu
    # (publication, birth, issue) ones
    r"публикац\w*|рождени\w*|выпуск\w*|выдач\w*|обновлен\w*|подготов\w*|подписан\w*|"
    r"اشاعت|پیدائش|اجرا\w*)\b", re.I)
_VENUE_LABELS = ("venue", "location", "place", "held at", "where", "event venue",
                 "место", "место проведения", "مقام", "地点", "地點")
_TITLE_LABELS = ("title", "event", "event title", "report title", "subject")


@dataclass
class HeaderBlock:
    """The fields of a header block; empty strings and None where absent."""

    title: str = ""
    event_date: str | None = None  # ISO yyyy-mm-dd; a range's first day
    # ISO last day where the date is a range of days ("Event Date: 5-7 March 2025"); else
    # None
    event_end: str | None = None
    venue: str | None = None
    # ISO date of an unlabelled date line ("Gwadar, 5 May 2025"): weaker than a labelled
    # "Event Date:" anywhere on the first page, so kept apart from `event_date`.
    unlabelled_date: str | None = None
    unlabelled_end: str | None = None  # its last day, for a range ("Gwadar, 5-7 May 2025")
    # ISO yyyy-mm of a header that dates the report by its month only ("Date: September
    # 2025", a "JUNE 2025 ISSUE #1" line): the weakest date, after every full one.
    event_month: str | None = None
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
    as `unlabelled_date`, a line among the first few that is a date with at most a place
    or a few words beside it ("Gwadar, 5 May 2025", "Dated 05/05/2025 | Quetta")."""
    block = HeaderBlock()
    lines = [_MARKUP.sub("", ln).strip() for ln in LINE_BREAKS.sub("\n", text).split("\n")]
    lines = [ln for ln in lines if ln]
    other_date: tuple[str, str | None] | None = None  # (first day, last day of a range)
    # A report written as a table (a DOCX whose every line is a table row) has its
    # "Date: ..." in a cell: a row's cells are read as lines of their own.
    cells = [c.strip() for ln in lines[:_HEAD_LINES] for cell in ln.split(" | ")
             for c in split_date_tail(cell)]
    for line in [c for c in cells if c]:
        labelled = _label_of(line)
        if labelled is None:
            continue
        label, value = labelled
        block.fields.append((label, value))
        key = label.lower()
        if key in _DATE_LABELS and block.event_date is None:
            days = _days(value)
            block.event_date, block.event_end = days or (None, None)
            if days is None and block.event_month is None:
                block.event_month = parse_month(value)
        elif block.event_date is None and other_date is None and _DATE_WORDS.search(key) \
                and not _OTHER_DATE.search(key) and key not in _VENUE_LABELS:  # "Held at"
            other_date = _days(value, short_year=False)
        elif key in _VENUE_LABELS and block.venue is None:
            block.venue = value
        elif key in _TITLE_LABELS and not block.title and len(value.split()) >= 2:
            block.title = value
            after_title = _date_after_title(value)
            other_date = other_date or (after_title and (after_title, None))
    if block.event_date is None and other_date:
        block.event_date, block.event_end = other_date
    # A line of cells ("Round Table on Seed Banks | 27 August 2025 | Hunza", a DOCX
    # header's or a title row's) has its date line in a cell.
    days = next(filter(None, (_date_line(cell) for ln in lines[:_DATE_LINE_LINES]
                              for cell in [ln, *(ln.split(" | ") if " | " in ln else [])])),
                None)
    if days:
        block.unlabelled_date, block.unlabelled_end = iso_span(*days)
    block.event_month = block.event_month or next(
        filter(None, (month_line(ln) for ln in lines[:_DATE_LINE_LINES]
                      if _label_of(ln) is None)), None)
    return block


# A title and its date label on one line: "Forum on State Enterprises - Event Date: 10
# March 2025", "Roundtable on Livestock Health – Date: 17 June 2025".
_DASH_THEN_LABEL = re.compile(r"\s+[-–—]\s+(?=[^\W\d_][^:]{0,30}:\s*\S)")


def split_date_tail(line: str) -> list[str]:
    """`line`, or its title and the date or venue label line after a dash, apart: read as
    one line, its "Event Date:" was no label (or the value of a "Policy Brief:" label)
    and the report had no date."""
    for m in _DASH_THEN_LABEL.finditer(line):
        tail = _label_of(line[m.end():])
        if tail and _dates_or_venue(tail[0].lower()) and parse_date(tail[1]) is not None:
            return [line[:m.start()], line[m.end():]]
    return [line]


def _dates_or_venue(key: str) -> bool:
    return key in _DATE_LABELS or key in _VENUE_LABELS or (
        _DATE_WORDS.search(key) is not None and not _OTHER_DATE.search(key))


def _date_after_title(value: str) -> str | None:
    """The date a title label's value ends in, set off by a bracket, comma or dash
    ("Event: Seminar on Dairy Cooperatives (14 August 2025)", "Title: Forum, 5 May
    2025"): the event's, where no label names one. Not a date the title's words go on
    to ("Subject: the plan until 31 December 2027")."""
    found = find_date(value)
    if found is None:
        return None
    day, (start, end) = found
    before, after = value[:start].rstrip(), value[end:].strip()
    return day.isoformat() if before.endswith(("(", ",", "-", "–", "—")) \
        and after in ("", ")") else None


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


def _date_line(line: str) -> tuple[date, date] | None:
    """`dates.date_line_range` (first and last day), except for a line whose label says
    what its date is ("Expires: 4 June 2023")."""
    if _label_of(line) is not None:
        return None
    return date_line_range(line)


def _days(value: str, *, short_year: bool = True) -> tuple[str, str | None] | None:
    """(first day, last day or None) of a date label's value, ISO: "5-7 March 2025" gives
    ("2025-03-05", "2025-03-07"), "5 May 2025" ("2025-05-05", None); with `short_year`
    also a whole value with a two-digit year ("05.06.25"). None for no full date."""
    days = parse_date_range(value)
    if days is None:
        day = parse_short_year(value) if short_year else None
        return (day.isoformat(), None) if day else None
    return iso_span(*days)
