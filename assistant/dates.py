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
_RANGE = r"(?:\s*(?:[-–—&]|\band\b|\bto\b)\s*\d{1,2}(?:st|nd|rd|th)?)?"
_OTHER_MONTH = "(?P<until>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_UNTIL = r"\s*(?:[-–—]|\bto\b|\buntil\b|\btill\b)\s*"
_DATE_PATTERNS = [
    # a meeting over the turn of a month, the year written once: "31 January - 1 February
    # 2025", "January 31 to February 1, 2025" (the first day, not the last)
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?{_UNTIL}\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?"
               rf"\s+{_OTHER_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?{_UNTIL}{_OTHER_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?"
               rf"\s+{_YEAR}\b", re.I),
    # 5 May 2025; "the 5th day of May, 2025" (deeds and minutes)
    re.compile(rf"\b{_DAY}{_RANGE}(?:\s+day)?(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}{_RANGE},?\s+{_YEAR}\b", re.I),             # May 5, 2025
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
    value = value.translate(_DIGITS)
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(value):
            groups = m.groupdict()
            year = int(groups["year"])
            if groups.get("month"):
                month = _MONTHS[groups["month"].lower().rstrip(".")]
                day = int(groups["day"])
                if groups.get("until") and _MONTHS[groups["until"].lower().rstrip(".")] < month:
                    year -= 1  # "31 December - 1 January 2025": the year is the last day's
            elif groups.get("mnum"):
                month, day = int(groups["mnum"]), int(groups["day"])
            else:
                a, b = int(groups["a"]), int(groups["b"])
                day, month = (b, a) if b > 12 >= a else (a, b)
            if groups.get("sep") and _NUMBER_LABEL.search(value[:m.start()]):
                continue  # "Version 2024.1.2", "Ref. No. 2025/03/12": a number
            try:
                return date(year, month, day), m.span()
            except ValueError:
                continue
    return None  # no date, or a month without a day: nothing a date filter can use


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


def date_line(line: str) -> date | None:
    """The date of a line that is a date with at most four other words (a place, a
    weekday, "Dated", "Held on", a label): "Gwadar, 5 May 2025", "Dated 05/05/2025 |
    Quetta". None for a sentence that mentions a date, and for lines over 100 characters."""
    if len(line) > 100:
        return None
    found = find_date(line)
    if found is None:
        return None
    day, (start, end) = found
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
    return day if len(before) + len(after) <= 4 else None


WEEKDAY = re.compile(r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?",
                      re.I)
# What a header's date line says before its date: "Held on", "Meeting held on", "On".
_HELD_ON = re.compile(r"(?:(?:[^\W\d_]+ ){0,2}(?:held|organi[sz]ed|convened) )?on", re.I)
# "at"/"in" (and "the") opening the place after a header's date: ", at the Expo Centre".
_PLACE_OPENING = re.compile(r"^[\s,]*(?:at|in)\s+(?:the\s+)?", re.I)
