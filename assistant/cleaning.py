"""Clean-up that real reports need, as pure functions over text.

Extracted text arrives with hard line breaks, end-of-line hyphenation, paragraphs broken
across page breaks and running headers/footers. Offsets of citations point into the text
these functions return, so everything here must be deterministic.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter

from .dates import date_line, find_date
from .untrusted import strip_controls

logger = logging.getLogger(__name__)

_TERMINAL = tuple('.!?:;"”’)]')
# Titles written before a name: a line ending in one goes on with the name on the next
# line ("... said Mr." / "Mustafa Iqbal."), its dot no sentence end.
_NAME_TITLES = frozenset(
    "mr mrs ms dr prof engr sen gen col lt capt maj adm amb hon rev h.e st mst".split())
_FUNCTION_WORDS = {
    "a", "an", "the", "of", "and", "or", "to", "in", "for", "with", "on", "at", "by",
    "from", "as", "that", "which", "its", "their", "his", "her", "our", "into", "between",
}
# Zero-width and invisible format characters (and the combining grapheme joiner): they
# sit inside words ("61\u200bpercent") and match nothing a question types.
_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u034f"), None)
# The Unicode hyphen and non-breaking hyphen (U+2010, U+2011: "COVID‑19", "non‑state" as
# word processors set them) and the minus sign ("−3.5 percent") as the "-" a question
# types: a quote holds "non-state" as the user wrote it, and a line-end hyphen of either
# kind is decided as a typed one is (`join_hyphenated`).
_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2212"), "-")
# Line breaks other than \n: CR LF, CR, a vertical tab (Word's manual line break in text
# it exports), form feed, NEL and the Unicode line separator; the paragraph separator is
# a blank line. Some are control characters that `strip_controls` would delete, gluing
# the words either side together ("Next\x85line" -> "Nextline").
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SUPERSCRIPT_DIGITS = re.compile("[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
# A square or cube after a unit of length ("796 km²", "9 m³/s") or R² is a power, not
# a footnote marker: it keeps its digit ("km2", as NFKC writes it).
_UNIT_POWER = re.compile("(?<![^\\W\\d_])((?:[kcmdµμ]?m|ft|yd|mi|R))([\u00b2\u00b3])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Apostrophe look-alikes between letters ("Sindhʼs", "Pakistan´s", "Pakistan`s",
# "WHO‘s"): the modifier letter apostrophe, acute and grave accents, prime, reversed and
# opening quote, which keyboards and word processors put for ’. Between letters they
# become ’, which the tokenizer (text.py) reads as the apostrophe a question types.
_APOSTROPHES = re.compile(r"(?<=[^\W\d_])[\u02bc\u00b4`\u2032\u201b\u2018](?=[^\W\d_])")
# "Event Date: 5 May 2025": a line of a report's header block.
# "Label: value", the label in letters of any script ("Дата: ...", "تاریخ: ...").
LABEL_LINE = re.compile(r"^\s*([^\W\d_](?:[^\W\d_]|[ /&().-]){1,30}?)\s*[:：]\s*(\S.{0,200})$")
# A page number line, bare ("3", "Page 3 of 9") or between dashes as word processors
# centre it ("- 3 -", "– 3 –", "— 3 —").
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*(?:[-–—]\s*)?$", re.I)


def normalize(text: str) -> str:
    """Unicode NFKC (ligatures, full-width forms), one kind of newline (`LINE_BREAKS`),
    no zero-width, invisible or soft-hyphen characters, no control, bidi-override or
    terminal-escape characters (see untrusted.py), runs of spaces folded, apostrophe
    look-alikes between letters as ’, hyphen and minus look-alikes as "-"."""
    text = LINE_BREAKS.sub(lambda m: "\n\n" if m.group() == "\u2029" else "\n", text)
    text = strip_controls(text)
    # Footnote markers would become digits under NFKC ("2024²" -> "20242").
    text = _UNIT_POWER.sub(lambda m: m.group(1) + "23"[m.group(2) == "\u00b3"], text)
    text = _SUPERSCRIPT_DIGITS.sub("", text)
    # before NFKC, which turns an acute accent into a space and a combining accent
    text = _APOSTROPHES.sub("\u2019", text)
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_HYPHENS)
    # pdfium marks a hyphen at a line end as U+FFFE. Whether it is a syllable break
    # ("infor-mation") or a real hyphen ("long-term") is decided per word when lines are
    # joined (`join_hyphenated`), so here it becomes a plain hyphen at a line end.
    text = re.sub("\ufffe[ \t]*\n?", "-\n", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


_INTEGER = re.compile(r"(?<![\d.,])\d{1,4}(?![\d]|[.,]\d)")


def _template(line: str) -> tuple[str, list[int]]:
    """A line with its integers masked, and those integers in order."""
    numbers = [int(m.group()) for m in _INTEGER.finditer(line)]
    return _INTEGER.sub("#", line.strip().lower()), numbers


def _page_like(numbers: list[tuple[int, list[int]]]) -> bool:
    """Whether the numbers of one line template, seen on several pages as (page index,
    numbers), are page numbers: each slot either stays the same on every page ("of 12")
    or moves with the page at a fixed offset ("Page 3", a printed page label). Years
    that go up a page at a time ("The 2019 survey ...", "The 2020 survey ...": an annex
    with a page a year) are data, not page numbers."""
    width = len(numbers[0][1])
    if any(len(nums) != width for _, nums in numbers):
        return False
    for slot in range(width):
        values = {nums[slot] for _, nums in numbers}
        offsets = {nums[slot] - page for page, nums in numbers}
        if len(values) > 1 and (len(offsets) > 1 or all(map(_is_year, values))):
            return False
    return True


# A page number in lower-case Roman numerals ("ii", "- iv -"), as front matter and short
# briefs number their pages.
# Upper-case ones alone on a line ("I", "II" atop each page) are chapter numbers; between
# dashes or after "Page" ("- IV -", "Page II") they are page numbers too.
_ROMAN_PAGE = re.compile(r"^\s*(?:[-–—]\s*)?(?:page\s*)?([ivxl]{1,6})\s*(?:[-–—]\s*)?$", re.I)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


def _roman_page(line: str) -> int | None:
    """The number of a Roman page number line ("ii" -> 2), else None."""
    m = _ROMAN_PAGE.match(line)
    if not m or m.group(1).isupper() and m.group().strip() == m.group(1):
        return None
    digits = [_ROMAN[c] for c in m.group(1).lower()]
    return sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d
               for i, d in enumerate(digits))


def _is_year(number: int) -> bool:
    return 1900 <= number <= 2100


def _page_number_offset(bare: dict[int, list[int]], pages: int) -> int | None:
    """The offset between printed and physical page numbers, where bare numbers show it
    (the most often seen); on two pages both must show it ("1", "2"), so that a lone
    "2024" at a page's foot is no page number."""
    if not bare:
        return None
    offset = max(bare, key=lambda k: len(bare[k]))
    if pages < 3 and len(set(bare[offset])) < 2:
        return None
    return offset


def _header_keys(seen: dict[tuple[str, int, str], list[tuple[int, list[int]]]], pages: int,
                 share: float, beside: dict[tuple[str, int, str], bool]
                 ) -> set[tuple[str, int, str]]:
    """The (side, position, template) keys of running header and footer lines."""
    threshold = max(3, int(pages * share + 0.999))
    headers = {
        k for k, where in seen.items()
        if k[2] and len({i for i, _ in where}) >= threshold and _page_like(where)
    }
    return headers | _two_page_headers(seen, beside) if pages == 2 else headers


def _two_page_headers(seen: dict[tuple[str, int, str], list[tuple[int, list[int]]]],
                      beside: dict[tuple[str, int, str], bool]) -> set[tuple[str, int, str]]:
    """Two pages cannot show a header's pattern, yet a two-page brief has one ("Coastal
    Consultation - Karachi, 20 November 2025" atop both): the same line of three words or
    more at the very top or foot of both pages, figures and all (numbers that merely
    differ by one, "Table 1" / "Table 2", are data), or with a page number ("Page 1 |
    Centre for Religious Studies"), is one; a table row (a table's column headers,
    repeated on its next page, over rows of its own: `beside` says a line next to it is
    a row too) is not, where "Institute of Rural Economy | Workshop Report" over prose
    is a header."""
    return {
        k for k, where in seen.items()
        if k[1] == 0 and len(where) == 2 and where[0][0] != where[1][0]
        and (where[0][1] == where[1][1] or (_page_like(where) and _PAGE_WORD.search(k[2])))
        and len(re.findall(r"[^\W\d_]{2,}", k[2])) >= 3
        # a sentence with " | " in it ("Options: tariff | subsidy | cash were compared.")
        # is no running header, which does not end as a sentence does
        and (" | " not in k[2] or not beside.get(k) and not k[2].rstrip().endswith(
            (".", "!", "?")))
    }


# "Page 3 | Institute of ...", "p. 3", "Centre for ... | 3", "www.institute.org.pk 3": a
# footer whose number moves with the page, where "Table 1" / "Table 2" over a page's rows
# are captions.
# A web address counts only as the whole line beside its number ("www.institute.org 3",
# "3 | institute.org"): "Source: Finance Department, www.finance.gov.pk, Table 1" under
# a table on each page is a note of the page's own.
_ADDRESS = r"(?:https?://|www\.)?[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|gov|edu|int)\b[\w./-]*"
_PAGE_WORD = re.compile(rf"\b(?:page|p\.) ?#|^# ?[|·•]|[|·•] ?#$|^{_ADDRESS}\s*[|·•–-]?\s*#$|"
                        rf"^# ?[|·•–-]?\s*{_ADDRESS}$", re.I)


def strip_repeated_lines(pages: list[str], edge: int = 3, share: float = 0.5) -> list[str]:
    """Drop running headers and footers: lines that, with their page numbers masked, are
    identical in the same position (counted from the top or the bottom, within `edge`
    lines) on at least `share` of the pages (from three pages up); and bare page numbers
    that follow the page order (on two pages, both must show one). A line whose numbers
    change in any other way ("enrolment rate was 38.6 percent" on every page of an annex)
    is data, not a header."""
    split = [p.split("\n") for p in pages]
    seen: dict[tuple[str, int, str], list[tuple[int, list[int]]]] = {}
    bare: dict[int, list[int]] = {}  # printed minus physical page number: pages showing it
    beside: dict[tuple[str, int, str], bool] = {}  # key -> a line next to it is a table row
    romans: dict[int, list[int]] = {}  # as `bare`, for Roman page numbers
    for index, lines in enumerate(split):
        body = [i for i, ln in enumerate(lines) if ln.strip()]
        for side, picked in (("top", body[:edge]), ("bottom", body[::-1][:edge])):
            for pos, i in enumerate(picked):
                key, numbers = _template(lines[i])
                seen.setdefault((side, pos, key), []).append((index, numbers))
                inward = picked[pos + 1] if pos + 1 < len(picked) else None
                beside[(side, pos, key)] = beside.get((side, pos, key), False) or (
                    inward is not None and " | " in lines[inward])
                if _PAGE_NUMBER.match(lines[i]) and numbers and not _is_year(numbers[0]):
                    bare.setdefault(numbers[0] - index, []).append(index)
                elif (roman := _roman_page(lines[i])) is not None:
                    romans.setdefault(roman - index, []).append(index)
    headers = _header_keys(seen, len(pages), share, beside)
    offset = _page_number_offset(bare, len(pages))
    # A filing numbers its exhibits afresh ("-3-" on physical page 52 after the body's
    # "1" on page 4): each run seen on three pages or more is page numbers too, so that
    # one run's many pages do not leave the other's numbers in the text.
    offsets = {offset} | {k for k, where in bare.items() if len(set(where)) >= 3}
    roman_offset = _page_number_offset(romans, len(pages))
    out = []
    kept: set[tuple[str, int, str]] = set()
    for index, lines in enumerate(split):
        drop = _repeated_on_page(lines, index, edge, headers, offsets, kept)
        if roman_offset is not None:
            # Roman page numbers that follow the page order, as bare ones must
            drop |= {i for i, ln in enumerate(lines) if i in _edges(lines, edge)
                     and _roman_page(ln) == index + roman_offset}
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return out


def _edges(lines: list[str], edge: int) -> set[int]:
    """The positions of the first and last `edge` non-blank lines of a page."""
    body = [i for i, ln in enumerate(lines) if ln.strip()]
    return set(body[:edge]) | set(body[::-1][:edge])


# A figure that is data, not a page or issue number: a decimal or grouped number, a
# share ("46.2 percent", "1,250", "12%").
_DATA_FIGURE = re.compile(r"\d[.,]\d|%|\bper ?cent\b", re.I)


def _repeated_on_page(lines: list[str], index: int, edge: int,
                      headers: set[tuple[str, int, str]], offsets: set[int | None],
                      kept: set[tuple[str, int, str]]) -> set[int]:
    """The positions of `lines` (page `index`) that are running headers, footers or page
    numbers. A repeated line that holds data ("Provincial average: literacy 46.2 percent"
    under each page of an annex) is kept where it is first seen (`kept`), so that the
    figure is read once, not lost."""
    body = [i for i, ln in enumerate(lines) if ln.strip()]
    drop: set[int] = set()
    below: set[int] = set()  # lines under one of the page's own at its top: body
    for side, picked in (("top", body[:edge]), ("bottom", body[::-1][:edge])):
        for pos, i in enumerate(picked):
            key, numbers = _template(lines[i])
            if i in below and pos and not _DATA_FIGURE.search(lines[i]):
                continue  # (a figure repeated there is read once, below)
            if (side, pos, key) in headers:
                if _DATA_FIGURE.search(lines[i]) and (side, pos, key) not in kept:
                    kept.add((side, pos, key))
                else:
                    drop.add(i)
            elif _PAGE_NUMBER.match(lines[i]) and (
                not numbers or numbers[0] - index in offsets
                or re.search(r"[a-z]", lines[i], re.I)
            ):
                drop.add(i)
            elif side == "top" and not below:
                # A table's column heads ("Area 2022 2023") repeated under each page's own
                # caption ("Table A.2 ..., Sindh") are the table's, not a running header
                # (on a short page, within the foot's lines too); a header line under a
                # page's own chapter line or print stamp still goes.
                below.update(j for j in picked[pos + 1:] if _column_heads(lines[j]))
    return drop


def _column_heads(line: str) -> bool:
    """A line of a table's column heads: cells (" | "), or two or more numbers (years)."""
    return " | " in line or len(_INTEGER.findall(line)) >= 2


def _is_footer_line(line: str) -> bool:
    words = line.split()
    # Capitals, not just letters: a script without case (Chinese, Urdu) is its own upper
    # case, and a closing sentence in it is no footer.
    return (
        0 < len(words) <= 8
        and line.upper() == line
        and any(c.isupper() for c in line)
        and not line.endswith(_TERMINAL)
    )


def strip_trailing_footer(text: str) -> str:
    """Drop a short all-capitals line standing alone at the very end (an organisation's
    footer such as "CONSORTIUM FOR ASIA PACIFIC STUDIES") when body text precedes it."""
    paras = text.rstrip().split("\n")
    while paras and not paras[-1].strip():
        paras.pop()
    if len(paras) >= 3 and _is_footer_line(paras[-1]) and not paras[-2].strip():
        return "\n".join(paras[:-1]).rstrip()
    return text


def _should_join(prev: str, nxt: str, typical: int, apart: bool = False) -> bool:
    """Whether the line break between `prev` and `nxt` falls inside a paragraph; `apart`
    when either is a header date line (`header_dates`), which keeps its own line."""
    if not prev or not nxt:
        return False
    if _joins_hyphen(prev, nxt):
        return True
    if (_is_label(prev) or _is_label(nxt)) and not _goes_on(prev, nxt) or apart \
            or " | " in prev or " | " in nxt:
        return False  # a header block's "Venue: ..." lines; table rows (cells " | ")
    last_word = prev.rsplit(" ", 1)[-1].lower()
    if nxt[:1].islower() or nxt[:1] in ",;)":
        return not prev.endswith((".", "!", "?")) or last_word in _FUNCTION_WORDS
    if _title_before_name(prev, nxt):
        return True
    if prev.endswith(_TERMINAL):
        return False
    if last_word in _FUNCTION_WORDS:
        return True
    if heading_over(prev, nxt):
        return False
    # A long line without closing punctuation wraps into the next one; a short one is a
    # heading or list label and keeps its break.
    return len(prev) >= 0.6 * typical


_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class Vocabulary:
    """The words of one report (lower-cased), to decide line-end hyphens by how the
    report itself writes a word elsewhere."""

    def __init__(self, text: str = ""):
        self.words: Counter[str] = Counter()
        self.update(text)

    def update(self, text: str) -> None:
        for m in _WORDS.finditer(text):
            token = m.group().lower()
            self.words[token] += 1
            if "-" in token:
                self.words.update(token.split("-"))


def zipf(word: str) -> float:
    """How common `word` is in English (Zipf scale, 0 unknown to ~7 "the"), from
    wordfreq's bundled lists; 0 when wordfreq is not installed."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - a declared dependency; degrade to the report
        logger.debug("wordfreq is not installed: hyphens are judged by the report alone")
        return 0.0
    return zipf_frequency(word, "en")


def keep_hyphen(left: str, right: str, vocabulary: Vocabulary | None = None) -> bool:
    """Whether a hyphen at a line end between `left` and `right` is a real hyphen
    ("long-" / "term") rather than a syllable break ("infor-" / "mation").

    The report's own spelling decides first (the hyphenated or the joined form used
    elsewhere in it); otherwise word frequencies (wordfreq): join when the joined form is
    a common word, keep the hyphen when both halves are words and the joined form is not.
    Words are lower-cased; `left` and `right` are the word pieces either side."""
    a, b = left.lower(), right.lower()
    if not a.isalpha() or not b.isalpha():
        return True  # "COVID-19-", "2023-": numbers and codes keep their hyphens
    if vocabulary is not None:
        hyphenated = vocabulary.words.get(f"{a}-{b}", 0)
        joined = vocabulary.words.get(a + b, 0)
        if hyphenated or joined:
            return hyphenated >= joined
    joined_f = zipf(a + b)
    if joined_f >= 3.0:
        return False
    return zipf(a) >= 2.5 and zipf(b) >= 2.5 and len(a) >= 2 and len(b) >= 2


def join_hyphenated(prev: str, nxt: str, vocabulary: Vocabulary | None = None) -> str:
    """`prev` (ending in "-" or a dash) and `nxt` as one line: the hyphen kept or the word
    mended. A syllable break goes on in lower case (or in capitals, "PRO-" / "MOTE"):
    "China-" / "Pakistan", "2023-" / "24", "COVID-" / "19" and dashes keep theirs."""
    if prev.endswith(("–", "—")) or prev[-2:-1].isdigit():
        return prev + nxt
    if not nxt[:1].islower():
        left = re.search(r"([^\W\d_]+)-$", prev)
        right = re.match(r"[^\W\d_]+", nxt)
        # "A-" / "LEVEL", "X-" / "RAY": a single letter is a prefix, never a syllable.
        capitals = left and right and len(left.group(1)) > 1 and left.group(1).isupper() \
            and right.group().isupper()
        if not capitals or keep_hyphen(left.group(1), right.group(), vocabulary):
            return prev + nxt
        return prev[:-1] + nxt
    token = prev.rsplit(None, 1)[-1][:-1] if prev.strip() else ""
    if "-" in token or "/" in token:
        return prev + nxt  # "state-of-the-" / "art", a wrapped URL: a chain of real hyphens
    left = re.search(r"([^\W\d_]*)-$", prev)
    right = re.match(r"[^\W\d_]*", nxt)
    if left and right and left.group(1) and keep_hyphen(left.group(1), right.group(),
                                                        vocabulary):
        return prev + nxt
    return prev[:-1] + nxt


def header_dates(lines: list[str], limit: int = 6) -> frozenset[int]:
    """Which of the report header's first `limit` non-blank lines (counted among the
    non-blank lines of `lines`) are its date line with no label ("Gwadar, 5 May 2025",
    "5th May 2025", "Dated 05/05/2025 | Quetta"): like "Date: ..." lines they keep their
    own line, not joined onto the title or the first sentence. Other words may stand only
    before the date (a place, a weekday, "Dated", "Held on"), after a "|", or be a place
    after it ("at Chakwal", ", Quetta"). A line of a
    sentence is none: one that starts in lower case, ends in a lower-case word, a comma or
    a function word, follows such a line, or is followed by a line in lower case ("On 12
    June 2025, the Senate" / "adopted it", "2 May 2025" / "was the new date"). Callers pass
    only the header (the first page, the first blocks), never a later page."""
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    out = set()
    for i, line in enumerate(nonblank[:limit]):
        previous = nonblank[i - 1] if i else ""
        following = nonblank[i + 1] if i + 1 < len(nonblank) else ""
        last = re.findall(r"[^\W_]+", line)
        if line[:1].islower() or following[:1].islower() or _runs_on(line) \
                or _runs_on(previous) or line.endswith(",") or (last and last[-1][:1].islower()):
            continue
        found = find_date(line)
        if found is None or date_line(line) is None:
            continue
        after = line[found[1][1]:].split("|", 1)[0]
        if not re.search(r"[^\W_]", after) or when_and_where(line):
            out.add(i)
            if _BARE_DATE_LABEL.match(previous):
                out.add(i - 1)  # "Date" on a line of its own over the date: no title's end
    return frozenset(out)


# A date label on a line of its own, its value on the next ("Date" / "12 May 2025", as a
# form's table exported to text writes it).
_BARE_DATE_LABEL = re.compile(r"^(?:event\s+)?dates?(?:\s+of\s+(?:the\s+)?event)?\s*:?$", re.I)


def when_and_where(line: str) -> bool:
    """Whether `line` says when and where an event was, nothing else: a header's date
    with its place after it ("Held on 18 December 2025 at Chakwal", "18.12.2025,
    Chakwal"). Before the date only a header's words (`says_when`): "On 12 June 2025,
    Pakistan" or "By 30 June 2025 in Quetta" opens a sentence."""
    found = find_date(line)
    return found is not None and says_when(line) \
        and _PLACE_AFTER.match(line[found[1][1]:].split("|", 1)[0]) is not None


def says_when(line: str) -> bool:
    """Whether `line` is a header's date line, not a title with a date in it: a date
    line (`date_line`) with nothing before the date but a header's words ("Held on",
    "Dated", a weekday) or no words at all ("Held on 5 May 2025 at Chakwal", not
    "Islamabad Dialogue on Energy, 5 May 2025")."""
    found = find_date(line)
    if found is None or date_line(line) is None:
        return False
    before = line[:found[1][0]]
    return not re.search(r"[^\W\d_]", before) or _HEADER_DATE_WORDS.match(before) is not None


# "Held on", or what was held first ("Meeting held on", "Session convened on").
_HEADER_DATE_WORDS = re.compile(
    r"^\W*(?:(?:[^\W\d_]+\s+){0,2}(?:held|organi[sz]ed|convened)|dated|date|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.I)


def _title_before_name(prev: str, nxt: str) -> bool:
    """Whether `prev` ends in a title before a name ("said Mr." / "Mustafa Iqbal"): it
    goes on. Not when `nxt` opens a sentence ("on Jinnah St." / "The next meeting")."""
    word = prev.rsplit(" ", 1)[-1].lower().lstrip("(\"'“‘[")
    first = nxt.split(" ", 1)[0].lower()
    return word.endswith(".") and word[:-1] in _NAME_TITLES and nxt[:1].isupper() \
        and first not in _FUNCTION_WORDS and first not in _SENTENCE_OPENERS


def heading_over(prev: str, nxt: str) -> bool:
    """Whether `prev` is a heading over the sentence `nxt` opens, though as long as the
    lines of text (OCR'd and PDF text give no blank line between them): a line of capitals
    over one that is not ("TEXTILE POLICY DIALOGUE" / "Faisalabad, 14 March"), or a line
    in title case over one that opens like a sentence ("Submission of the Fishermen
    Cooperative Society" / "The society asked ..."). A name wrapped over a line ("... to
    Pakistan Albert" / "Khorev said") opens no sentence, and goes on."""
    words = re.findall(r"[^\W\d_][\w’'.&-]*", prev)
    if not 2 <= len(words) <= 14 or prev.endswith(_TERMINAL + (",", "-")) or " | " in prev \
            or not nxt[:1].isupper():
        return False
    letters = "".join(words)
    if letters.isupper() and len(letters) >= 6:
        return not "".join(re.findall(r"[^\W\d_]", nxt.split(":")[0])).isupper()
    first = nxt.split(" ", 1)[0].lower().strip(",")
    capitalised = [w for w in words if w[:1].isupper()]
    return first in _OPENERS and len(capitalised) >= 2 and all(
        w[:1].isupper() or w.lower() in _FUNCTION_WORDS for w in words)


# Words that open a sentence and seldom a name, after a heading in title case.
_OPENERS = frozenset(
    "the this these it its he she they we our there in on at during after following "
    "according speaking participants speakers".split())

# Words that open a sentence, never a name after "Mr." / "St.".
_SENTENCE_OPENERS = frozenset("he she it they we i you this these those there here".split())

# The place after a header's date: "Held on 18 December 2025 at Chakwal", "..., Quetta".
_PLACE_AFTER = re.compile(r"^\s*(?:,|\bat\b|\bin\b|[-–—])\s*(?:the\s+)?[A-Z][\w’'.-]*"
                          r"(?:,?\s+[A-Z][\w’'.-]*){0,3}\s*$")


def _runs_on(line: str) -> bool:
    """Whether `line` plainly goes on into the next: a function word, comma or hyphen at
    its end."""
    return line.rsplit(" ", 1)[-1].lower() in _FUNCTION_WORDS or line.endswith((",", "-"))


def _is_label(line: str) -> bool:
    return len(line) <= 100 and LABEL_LINE.match(line) is not None


def _goes_on(prev: str, nxt: str) -> bool:
    """Whether `nxt` plainly continues the sentence of `prev`, so that a colon in either
    made no "Label: value" line: it starts in lower case after no full stop, and what
    stands before the colon is words, not one ("The minister noted: trade" / "is
    growing", "Министр отметил: торговля" / "растёт", "the road ahead for making" /
    "improvements seems clear: we ..."; not "https://crsreports.congress.gov", a
    running header)."""
    if not nxt[:1].islower() or prev.endswith((".", "!", "?")):
        return False
    labels = [m.group(1) for m in (LABEL_LINE.match(x) for x in (prev, nxt)) if m]
    return all(len(label.split()) >= 2 for label in labels)


def _joins_hyphen(prev: str, nxt: str) -> bool:
    """Whether a line ending in a hyphen goes on in the next line's first word: a word
    piece in lower case ("long-" / "term", "infor-" / "mation"), or after a letter or
    digit, a capital or digit ("China-" / "Pakistan", "2023-" / "24"); a dash after a
    letter or digit likewise ("2023–" / "2027")."""
    if prev.endswith("-") and not prev.endswith(" -") and nxt[:1].islower():
        return True
    return prev.endswith(("-", "–", "—")) and prev[-2:-1].isalnum() and nxt[:1].isalnum()


def join_lines(text: str, blank_line_paragraphs: bool | None = None,
               vocabulary: Vocabulary | None = None, header: bool = False) -> str:
    """Reflow hard-wrapped text into one line per paragraph.

    With blank-line paragraphs (text files), a break across a blank line is joined only
    when it obviously falls mid-sentence (the sample's "mutual" / "respect"); otherwise
    (PDF text) single line breaks are judged by punctuation and line length. A line-end
    hyphen is kept or removed by `keep_hyphen`, with the report's `vocabulary` (by
    default the words of `text`). With `header` (the report's first page) its header date
    lines keep their own line (`header_dates`)."""
    if vocabulary is None:
        vocabulary = Vocabulary(text)
    lines = text.split("\n")
    if blank_line_paragraphs is None:
        blank_line_paragraphs = sum(1 for ln in lines if not ln.strip()) >= 0.2 * max(
            1, sum(1 for ln in lines if ln.strip())
        )
    nonblank = [ln for ln in lines if ln.strip()]
    lengths = sorted(len(ln) for ln in nonblank) or [80]
    typical = lengths[int(len(lengths) * 0.8)] if len(lengths) > 4 else max(lengths)

    heads = header_dates(lines) if header else frozenset()
    if blank_line_paragraphs:
        # Hard-wrapped lines inside a blank-line paragraph are always joined; between
        # paragraphs only an evident mid-sentence break is.
        units = _paragraphs(lines, vocabulary, heads)
    else:
        units = [ln.strip() for ln in lines if ln.strip()]
    blank_before = set() if blank_line_paragraphs else _after_blank_lines(lines)

    out: list[str] = []
    for i, unit in enumerate(units):
        following = units[i + 1] if i + 1 < len(units) else None
        if out and i in blank_before:
            joins = _joins_hyphen(out[-1], unit) or _runs_on(out[-1]) or (
                unit[:1].islower() and not out[-1].endswith((".", "!", "?")))
        else:
            joins = bool(out) and not _is_table_title(unit, out[-1], following) and \
                _should_join_unit(out[-1], unit, typical, blank_line_paragraphs,
                                  not blank_line_paragraphs and (i in heads or i - 1 in heads))
        if joins:
            out[-1] = _glue(out[-1], unit, vocabulary)
        else:
            out.append(unit)
    sep = "\n\n" if blank_line_paragraphs else "\n"
    return sep.join(out)


def _after_blank_lines(lines: list[str]) -> set[int]:
    """Which non-blank lines (counted among those) follow a blank line. PDF text has no
    blank lines of its own; OCR'd text has them between paragraphs (a heading and the
    paragraph under it), where only an evident mid-sentence break (a hyphen, a function
    word or comma at the end, or lower case after no full stop) joins."""
    out, seen = set(), 0
    for i, ln in enumerate(lines):
        if ln.strip():
            if i and not lines[i - 1].strip() and seen:
                out.add(seen)
            seen += 1
    return out


def _is_table_title(unit: str, prev: str, following: str | None) -> bool:
    """A short line just above a table's rows (cells " | ") is its title: a line of its
    own, unless it plainly goes on the sentence before ("in" / "millions")."""
    return len(unit) <= 150 and " | " not in unit and following is not None \
        and " | " in following and (unit[:1].isupper() or unit[:1].isdigit()) \
        and not prev.endswith(",") and prev.rsplit(" ", 1)[-1].lower() not in \
        _FUNCTION_WORDS and not _joins_hyphen(prev, unit)


def _glue(prev: str, nxt: str, vocabulary: Vocabulary) -> str:
    if _joins_hyphen(prev, nxt):
        return join_hyphenated(prev, nxt, vocabulary)
    return prev + " " + nxt


def _listed_lines(lines: list[str]) -> set[int]:
    """The positions of lines that are the items of a list under a bare label ("Speakers:" /
    "Dr Ayesha Khan" / "Mr Tariq Baloch"): two or more short lines, none a sentence's
    wrapped tail, between the label and the next blank or label line. One line under a
    label ("Prepared by:" / "Dr Ayesha Khan") is its value and joins it."""
    out: set[int] = set()
    for i, ln in enumerate(lines):
        opener = ln.strip()
        # a label of a few words, not an item of a list itself ("* A. Author, B. Author:")
        if not (opener.endswith((":", "：")) and len(opener.split()) <= 4) or \
                re.match(r"[-*•·o]\s|\(?\w{1,3}[.)]\s", opener):
            continue
        run = []
        for j in range(i + 1, len(lines)):
            item = lines[j].strip()
            if not item or item.endswith((":", "：")) or _is_label(item):
                break
            run.append(j)
        # "He noted:" / "\"We must act now." / "The window is closing.\"": a quotation
        # wrapped over lines, the label's value, no list
        if run and lines[run[0]].strip()[:1] in "\"“‘'«「":
            continue
        if len(run) >= 2 and all(
                len(lines[j].strip()) <= 80 and not lines[j].strip()[:1].islower()
                and not _runs_on(lines[j].strip()) for j in run):
            out.update(run)
    # A paragraph with two or more lines that open with an item mark ("i. reducing …;",
    # "a) the WeBOC portal,", "1) Open …"): each such line starts an item of its own, and
    # the unmarked lines after one are its wrapped tail.
    block: list[int] = []
    for i, ln in enumerate(lines + [""]):
        if ln.strip():
            block.append(i)
            continue
        # A mark after a line that ends in "the", "of", "for", "on" ... is a hard-wrapped
        # sentence's next word ("the budget for" / "a. new schools ..."), no item.
        marked = [j for j in block if _ITEM_MARK.match(lines[j]) and not (
            j - 1 in block and _ends_mid_phrase(lines[j - 1]))]
        if len(marked) >= 2:
            # a "Label: value" line after the items is no item's tail, however long
            out.update(marked + [j for j in block if j > marked[0] and LABEL_LINE.match(lines[j])])
        block = []
    return out


def _ends_mid_phrase(line: str) -> bool:
    # "and" / "or" end an item as often ("a) the portal; and" / "b) ...")
    last = line.rstrip().rsplit(" ", 1)[-1].lower()
    return last in _FUNCTION_WORDS and last not in ("and", "or")


# The mark of a list item at a line's start: a bullet, "1." / "1)", "(a)" / "a)", "iv.".
_ITEM_MARK = re.compile(r"^\s*(?:[-–•*▪●◦■]\s|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s)")


def _paragraphs(lines: list[str], vocabulary: Vocabulary,
                heads: frozenset[int] = frozenset()) -> list[str]:
    """Blank-line paragraphs, their lines joined; "Label: value" lines and the header
    date lines `heads` (positions among the non-blank lines) stay apart."""
    paras: list[str] = []
    current = ""
    k = -1  # the position of `ln` among the non-blank lines
    items = _listed_lines(lines)
    for i, ln in enumerate(lines + [""]):
        if ln.strip():
            k += 1
        if ln.strip() and current and ((_is_label(ln) or _is_label(current))
                                       and not _goes_on(current, ln.strip())
                                       or k in heads or k - 1 in heads or i in items
                                       # a heading line over its paragraph's first line
                                       or current == lines[i - 1].strip()
                                       and heading_over(current, ln.strip())):
            paras.append(current)  # "Event Date: ..." lines of a header block stay
            current = ""
        if ln.strip():
            current = _glue(current, ln.strip(), vocabulary) if current else ln.strip()
        elif current:
            paras.append(current)
            current = ""
    return paras


def _should_join_unit(prev: str, nxt: str, typical: int, paragraphs: bool,
                      apart: bool = False) -> bool:
    if not paragraphs:
        return _should_join(prev, nxt, typical, apart)
    if " | " in prev or " | " in nxt:
        return False  # table rows (cells " | ") keep a line each
    if _title_before_name(prev, nxt):
        return True
    if prev.endswith(_TERMINAL) or len(prev) < 60:
        return prev.endswith("-") and nxt[:1].islower()
    last_word = prev.rsplit(" ", 1)[-1].lower()
    return nxt[:1].islower() or last_word in _FUNCTION_WORDS


def _figure_goes_on(prev: str, nxt: str) -> bool:
    """A page that opens with a figure and its lower-case unit ("125 billion rupees in
    2024-25.") after a page that stops at a lower-case word ("... cost the exchequer"):
    the sentence goes on over the break, as it does before a lower-case word. A page
    opening with a numbered heading ("2. Findings") or after a heading does not."""
    last = prev.rsplit(None, 1)[-1]
    # A list item ("- timely release of funds") ends without a full stop; the page after
    # it may open a sentence of its own with a count ("15 participants attended ...").
    item = re.match(r"\s*(?:[-*•–·]|\(?[a-z\d]{1,3}[.)])\s", prev.rsplit("\n", 1)[-1])
    return bool(re.match(r"\d[\d,.]*\s+[a-z]", nxt)) and last[:1].islower() \
        and last.isalpha() and not item


def carry_across_pages(pages: list[str], vocabulary: Vocabulary | None = None) -> list[str]:
    """When a page ends mid-sentence and the next starts in lower case, move the end of
    that sentence back onto the first page, so that the sentence (and its citation)
    lives on one page."""
    pages = list(pages)
    for i in range(len(pages) - 1):
        prev, nxt = pages[i].rstrip(), pages[i + 1].lstrip()
        if not prev or not nxt or prev.endswith(_TERMINAL) or not (
                nxt[:1].islower() or _figure_goes_on(prev, nxt)):
            continue
        m = re.search(r"[.!?][\"”’)]?(\s|$)", nxt[:400])
        if not m:
            continue
        head, rest = nxt[: m.end()].strip(), nxt[m.end() :].lstrip()
        if _joins_hyphen(prev, head):
            pages[i] = join_hyphenated(prev, head, vocabulary)
        else:
            pages[i] = prev + " " + head
        pages[i + 1] = rest
    return pages


def clean_pages(raw_pages: list[str], blank_line_paragraphs: bool | None = None) -> list[str]:
    """The whole clean-up for the pages of one report, in order."""
    pages = [normalize(p) for p in raw_pages]
    if len(pages) >= 2:
        # Running headers need three pages to be told from text; page numbers show on two,
        # and left in they split a sentence carried across the break ("medium- 1 term").
        pages = strip_repeated_lines(pages)
    vocabulary = Vocabulary("\n".join(pages))
    first = next((i for i, p in enumerate(pages) if p.strip()), 0)
    pages = [join_lines(p, blank_line_paragraphs, vocabulary, header=i == first)
             for i, p in enumerate(pages)]
    pages = carry_across_pages(pages, vocabulary)
    if pages:
        pages[-1] = strip_trailing_footer(pages[-1])
    return [p.strip() for p in pages]
