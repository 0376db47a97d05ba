"""Dates as reports write them: "5 May 2025", "May 5th, 2025", "05/05/2025", and the
header line that is a date with a place beside it ("Gwadar, 5 May 2025")."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
# Russian (the genitive "10 декабря 2025 г." and the nominative) and Urdu month names,
# as reports with a Russian or Urdu header block write their dates.
for _names in (["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                "сентября", "октября", "ноября", "декабря"],
               ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                "сентябрь", "октябрь", "ноябрь", "декабрь"],
               ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر",
                "اکتوبر", "نومبر", "دسمبر"]):
    _MONTHS.update({name: i for i, name in enumerate(_names, start=1)})
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "5-6 May 2025", "5 & 6 May 2025", "5 and 6 May", "May 5 to 6, 2025": the first day
_RANGE = r"(?:\s*(?:[-–—&]|\b(?:and|to|until|till|through)\b)\s*\d{1,2}(?:st|nd|rd|th)?)?"
# The same, with its last day kept (group "last"), in the patterns `find_date_range` reads.
# "and"/"&" (group "conj") join two days, which are a range only when next to each other.
_RANGE_LAST = (r"(?:\s*(?:(?P<conj>&|\band\b)|[-–—]|\b(?:to|until|till|through)\b)\s*"
               r"(?P<last>\d{1,2})(?:st|nd|rd|th)?)?")
_OTHER_MONTH = "(?P<until>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_UNTIL = r"\s*(?:[-–—]|\bto\b|\buntil\b|\btill\b)\s*"
_DATE_PATTERNS = [
    # a meeting over the turn of a month, the year written once: "31 January - 1 February
    # 2025", "January 31 to February 1, 2025" (the first day, not the last)
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?{_UNTIL}(?P<last>\d{{1,2}})(?:st|nd|rd|th)?"
               rf"(?:\s+of)?\s+{_OTHER_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?{_UNTIL}{_OTHER_MONTH}\s+(?P<last>\d{{1,2}})"
               rf"(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I),
    # 5 May 2025; "the 5th day of May, 2025" (deeds and minutes)
    re.compile(rf"\b{_DAY}{_RANGE_LAST}(?:\s+day)?(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}{_RANGE_LAST},?\s+{_YEAR}\b", re.I),        # May 5, 2025
    re.compile(rf"\b{_DAY}[-/]{_MONTH}[-/]{_YEAR}\b", re.I),                     # 05-May-2025
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d{{1,2}})-(?P<day>\d{{1,2}})\b"),           # 2025-05-05
    # 2025/05/05 or 2025.05.05 (East Asian and some government forms), not a part of a
    # longer number ("F.2025/1/12", "2019/10/1-A", "2024.1.2.7")
    re.compile(rf"(?<![\w./-]){_YEAR}(?P<sep>[/.])(?P<mnum>\d{{1,2}})(?P=sep)"
               rf"(?P<day>\d{{1,2}})(?![./-]?\w)"),
    # 05/05/2025, 05.05.2025, 05-05-2025
    re.compile(rf"\b(?P<a>\d{{1,2}})(?P<dsep>[/.-])(?P<b>\d{{1,2}})(?P=dsep){_YEAR}\b"),
    # 2025年5月5日 (Chinese and Japanese): no word boundary between the characters
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*年\s*(?P<mnum>\d{1,2})\s*月\s*"
               r"(?P<day>\d{1,2})\s*日"),
]


def parse_date(value: str) -> date | None:
    """The first date in `value`, in any common form: "5 May 2025", "5th May, 2025",
    "Monday, May 5, 2025", "5-6 May 2025" and "5 & 6 May 2025" (the first day), "31
    January - 1 February 2025" (the first day), "05-May-2025", "2025-05-05", "05/05/2025",
    "05-05-2025", "2025年5月5日", Russian "5 мая 2025 г." and Urdu "5 مئی 2025", and
    "05.05.2025" (day first, as written in Pakistan and Europe, unless
    the second number is over 12). None when `value` holds no full date."""
    found = find_date(value)
    return found[0] if found else None


def parse_short_year(value: str) -> date | None:
    """A labelled value that is a date with a two-digit year and nothing else ("Date:
    05.06.25", day first as `parse_date` reads "05.06.2025"): 2000 + the year. Only a
    whole value, where its label says it is a date; in running text "1.2.25" is a
    number."""
    named = _SHORT_NAMED.fullmatch(value.strip())
    if named:
        # "12-May-25" (a spreadsheet's d-mmm-yy), "12 May '25", "May 12, 25"
        try:
            return date(2000 + int(named.group("year")),
                        _MONTHS[(named.group("month") or named.group("month2"))
                                .lower().rstrip(".")],
                        int(named.group("day") or named.group("day2")))
        except ValueError:
            return None
    m = re.fullmatch(r"\s*(\d{1,2})([./-])(\d{1,2})\2(\d\d)\s*", value)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(3))
    day, month = (b, a) if b > 12 >= a else (a, b)
    try:
        return date(2000 + int(m.group(4)), month, day)
    except ValueError:
        return None


_SHORT_NAMED = re.compile(
    rf"(?:{_DAY}[-\s]{_MONTH}|{_MONTH.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?)[-,\s]+'?(?P<year>\d\d)", re.I)
# Arabic-Indic and Urdu (Extended Arabic-Indic) digits read as 0-9, one for one, so
# spans stay those of `value`.
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
# Russian official documents set the day in guillemets or quotes ("«12» марта 2025 г.",
# "\"12\" марта"): read as spaces, one for one, so the spans stay those of `value`.
_DIGITS.update(dict.fromkeys(map(ord, "«»\"“”„"), " "))


# Words before a number that a year-first date (2024.1.2) would be mistaken for.
_NUMBER_LABEL = re.compile(
    r"\b(?:v|ver|version|release|build|no|number|ref|reference|section|sec|clause|article|"
    r"rule|para|figure|fig|table|chapter|file)\.?\s*(?:no\.?\s*)?[:#]?\s*$", re.I)


def find_date(value: str) -> tuple[date, tuple[int, int]] | None:
    """`parse_date`'s date with the (start, end) of its text in `value`."""
    found = _find(value.translate(_DIGITS))
    return (found[0], found[2].span()) if found else None


def _find(value: str, pos: int | None = None) -> tuple[date, date, re.Match[str]] | None:
    """The first date of `value` (already translated by `_DIGITS`), in the order of
    `_DATE_PATTERNS`: (first day, last day, match). The last day is the one a range of
    days written with one month and year gives ("5-7 March 2025", "30 April - 2 May
    2025"); else the first. With `pos`, only a date that starts exactly there."""
    for pattern in _DATE_PATTERNS:
        matches = [pattern.match(value, pos)] if pos is not None else pattern.finditer(value)
        for m in filter(None, matches):
            if m.groupdict().get("sep") and _NUMBER_LABEL.search(value[:m.start()]):
                continue  # "Version 2024.1.2", "Ref. No. 2025/03/12": a number
            days = _days_of(m.groupdict())
            if days is not None:
                return days[0], days[1], m
    return None  # no date, or a month without a day: nothing a date filter can use


def _days_of(groups: dict[str, str | None]) -> tuple[date, date] | None:
    """(first day, last day) of a match of `_DATE_PATTERNS`; None where the first is no
    calendar day ("31 April 2025"). A last day that is none ("30-32 May") or before the
    first is the first."""
    year = last_year = int(groups["year"] or 0)
    last_month = None
    if groups.get("month"):
        month = last_month = _MONTHS[str(groups["month"]).lower().rstrip(".")]
        day = int(groups["day"] or 0)
        if groups.get("until"):
            last_month = _MONTHS[str(groups["until"]).lower().rstrip(".")]
            if last_month < month:
                year -= 1  # "31 December - 1 January 2025": the year is the last day's
    elif groups.get("mnum"):
        month, day = int(groups["mnum"] or 0), int(groups["day"] or 0)
    else:
        a, b = int(groups["a"] or 0), int(groups["b"] or 0)
        day, month = (b, a) if b > 12 >= a else (a, b)
    try:
        first = date(year, month, day)
    except ValueError:
        return None
    last = first
    if groups.get("last") and last_month is not None:
        try:
            last = date(last_year, last_month, int(groups["last"] or 0))
        except ValueError:  # "30-32 May 2025": the first day alone
            pass
    if groups.get("conj") and (last - first).days > 2:
        last = first  # "sessions on May 5 and 12, 2025": two days, not the week between
    return first, max(first, last)


# Between a range's first and last date where each is written in full ("28 December 2024 -
# 2 January 2025", "2025-03-05 to 2025-03-07"). Not "and" or "&": "5 May 2025 and 7 June
# 2025" are two days, not the weeks between them.
_FULL_UNTIL = re.compile(r"\s*(?:[-–—]|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*", re.I)
# Longer than this between a range's first and last day, it is two dates, not one event.
_MAX_RANGE_DAYS = 366


def find_date_range(value: str) -> tuple[date, date, tuple[int, int]] | None:
    """The first date of `value`, as `find_date` finds it, read as a range of days:
    (first day, last day, (start, end) of the range's text in `value`).

    Ranges read: "5-7 March 2025", "5–7 March 2025", "5 to 7 March 2025", "5 and 6 March
    2025", "5th & 6th March 2025", "March 5-7, 2025", "March 5 to 7, 2025", across a
    month ("30 April – 2 May 2025", "April 30 - May 2, 2025") or a year with the year
    written once ("28 December – 2 January 2025": 2024-12-28 to 2025-01-02), and two
    full dates of any form `parse_date` reads joined by a dash, "to", "until", "till" or
    "through" ("28 December 2024 – 2 January 2025", "2025-03-05 to 2025-03-07"). A single
    date gives first == last. A last day before the first or over a year after it, or no
    calendar day ("5-32 March"), is not a range: the first day alone. None when `value`
    holds no full date (as `parse_date`)."""
    text = value.translate(_DIGITS)
    found = _find(text)
    if found is None:
        return None
    first, last, m = found
    end = m.end()
    if last == first:
        until = _FULL_UNTIL.match(text, end)
        after = _find(text, until.end()) if until else None
        if after is not None and after[0] > first:
            last, end = after[1], after[2].end()
    if (last - first).days > _MAX_RANGE_DAYS:
        last, end = first, m.end()
    return first, last, (m.start(), end)


def iso_span(first: date, last: date) -> tuple[str, str | None]:
    """A range's first and last day as ISO text, as reports and the manifest keep them:
    the last None where it is the first (a one-day event)."""
    return first.isoformat(), last.isoformat() if last > first else None


def parse_date_range(value: str) -> tuple[date, date] | None:
    """(first day, last day) of the first date or date range in `value` (the forms of
    `find_date_range`): "5–7 March 2025" gives (2025-03-05, 2025-03-07), "5 May 2025"
    gives (2025-05-05, 2025-05-05). None when `value` holds no full date; never raises
    for text."""
    found = find_date_range(value)
    return (found[0], found[1]) if found else None


# A month and year with no day before it: "September 2025", "Sept. 2025", "JUNE 2025".
_MONTH_YEAR = re.compile(rf"(?<![\w.]){_MONTH},?\s*[-/]?\s*{_YEAR}\b", re.I)  # not "Myanmar 2025"


def parse_month(value: str) -> str | None:
    """The month of a value that names a month and year but no day ("September 2025",
    "Sept. 2025", "сентябрь 2025"), as ISO "yyyy-mm"; None where `value` holds a full date
    (`parse_date` reads it) or no month. A report dated only by its month still passes a
    date filter over that month (`day_span`)."""
    m = _month_year(value)
    return _iso_month(m) if m else None


def month_line(line: str) -> str | None:
    """`parse_month` of a line that is a month and year with at most four other words (a
    place, "Issue 3", "Dated"): "Islamabad, September 2025", "JUNE 2025 ISSUE #1". None for
    a sentence that mentions a month and for lines over 100 characters."""
    m = _month_year(line) if len(line) <= 100 else None
    if m is None:
        return None
    rest = re.findall(r"[^\W_]+", line[:m.start()] + " " + line[m.end():])
    return _iso_month(m) if len(rest) <= 4 else None


def _month_year(value: str) -> re.Match[str] | None:
    """The month and year of `value` (`_MONTH_YEAR`), where it holds no full date."""
    if find_date(value) is not None:
        return None
    return _MONTH_YEAR.search(value.translate(_DIGITS))


def _iso_month(m: re.Match[str]) -> str:
    return f"{m.group('year')}-{_MONTHS[m.group('month').lower().rstrip('.')]:02d}"


def day_span(value: str) -> tuple[str, str]:
    """The first and last ISO day an event date stands for: a day ("2025-09-14") itself,
    a month ("2025-09") its first and (for comparison as text) a last day after any."""
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value, value


def event_span(event_date: str, event_end: str | None = None) -> tuple[str, str]:
    """The first and last ISO day of an event dated `event_date` (a day or a month, as
    `day_span` reads it) that ends on `event_end` (ISO yyyy-mm-dd, a range's last day;
    None: the event is `event_date`'s day or month alone)."""
    first, last = day_span(event_date)
    return first, max(last, event_end) if event_end else last


# Between a range's first and last day where one is shown: an en dash with spaces.
RANGE_DASH = " \u2013 "


def show_event_date(event_date: str | None, event_end: str | None = None) -> str:
    """An event's date as people see it in the report lists and exports: the ISO day
    ("2025-03-05") or month ("2025-09") as stored, and a range as its first and last
    day with an en dash ("2025-03-05 – 2025-03-07"); "" for no date."""
    if not event_date:
        return ""
    if event_end and event_end != event_date:
        return f"{event_date}{RANGE_DASH}{event_end}"
    return event_date


# A day and month without a year, a range of days or of dates: "29 November to 2
# December", "November 9-13", "the 3rd of March". The month capitalised, as "may" and
# "march" are words too.
_CAP_MONTH = r"(?-i:[A-Z])(?i:" + "|".join(
    sorted({m[1:] for m in _MONTHS if m.isascii()}, key=len, reverse=True)) + r")\.?"
_DAY_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?{_RANGE}(?:\s+of)?\s+{_CAP_MONTH}\b|"
    rf"\b{_CAP_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b{_RANGE}(?![\d.,]*\d)")


def date_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of every date in `text`, with or without a year:
    the forms `parse_date` reads, and "29 November", "November 9-13", "3rd of March".
    For telling a date's day from a count ("9" in "November 9-13, 2020" counts nothing)."""
    text = text.translate(_DIGITS)
    spans = [m.span() for pattern in _DATE_PATTERNS for m in pattern.finditer(text)]
    spans += [m.span() for m in _DAY_MONTH.finditer(text)]
    return sorted(spans)


# Longer than this, a range on a line of its own is a period (a budget year, a validity),
# not the report's event.
_LINE_RANGE_DAYS = 31


def date_line(line: str) -> date | None:
    """The date of a line that is a date with at most four other words (a place, a
    weekday, "Dated", "Held on", a label): "Gwadar, 5 May 2025", "Dated 05/05/2025 |
    Quetta". None for a sentence that mentions a date, and for lines over 100 characters.
    A range of days ("Karachi, 5-7 March 2025") gives its first day."""
    days = date_line_range(line)
    return days[0] if days else None


def date_line_range(line: str) -> tuple[date, date] | None:
    """(first day, last day) of a line `date_line` reads as a date line, a range of days
    as `find_date_range` reads it ("Karachi, 28 December 2024 – 2 January 2025"); one
    day gives first == last. None where `date_line` gives None."""
    if len(line) > 100:
        return None
    found = find_date_range(line)
    if found is None:
        return None
    day, last, (start, end) = found
    if (last - day).days > _LINE_RANGE_DAYS:
        # "Budget 1 July 2024 to 30 June 2025", "Valid 1 March 2025 until 28 February
        # 2026": a period, no event's days; read as before ranges were, the second date
        # counted among the line's other words.
        single = find_date(line)
        if single is None:
            return None
        last, (start, end) = day, single[1]
    # A weekday is a part of the date ("Tuesday, 4 March 2025"). In a header's own form,
    # "Held on <date>" or "Meeting held on <date>", the "on" and an "at"/"in the" opening
    # the place after the date are its grammar, not more words ("Meeting held on Tuesday,
    # 4 March 2025 at Karachi", "Held on 29 June 2025 at the Expo Centre"): counted, such
    # header lines were read as titles and lost their date. Only there: in a sentence
    # ("The deadline is 5 May 2025 at the latest", "Floods hit the city on 3 March 2025")
    # every word counts, or its date became the report's event date.
    before = [w for w in re.findall(r"[^\W_]+", line[:start]) if not WEEKDAY.fullmatch(w)]
    rest = line[end:]
    if not before or _HELD_ON.fullmatch(" ".join(before)):
        before = before[:-1] if before and before[-1].lower() == "on" else before
        rest = _PLACE_OPENING.sub("", rest, count=1)
    after = re.findall(r"[^\W_]+", rest)
    return (day, last) if len(before) + len(after) <= 4 else None


WEEKDAY = re.compile(r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?",
                      re.I)
# What a header's date line says before its date: "Held on", "Meeting held on", "On".
_HELD_ON = re.compile(r"(?:(?:[^\W\d_]+ ){0,2}(?:held|organi[sz]ed|convened) )?on", re.I)
# "at"/"in" (and "the") opening the place after a header's date: ", at the Expo Centre".
_PLACE_OPENING = re.compile(r"^[\s,]*(?:at|in)\s+(?:the\s+)?", re.I)
