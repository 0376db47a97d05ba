"""Enumeration blocks: a sentence that opens a list and the items that follow it.

Works on cleaned page text, where list items keep their own lines. Offsets are exact, so
a block is quoted as a slice of the page like any sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sentences import sentence_spans

# A line that is a list item: a bullet, "1." / "1)" / "(1)", "(a)" / "a)", "(iv)", an
# outline label "T1." / "SO2." / "2.1." (not a quarter, half or "CO2." run onto a line).
ITEM = re.compile(r"^\s*(?:[•·▪●○◦■□►▸‣⁃∙*–—-]\s+|\(?\d{1,2}[.)]\s+|\(\d{1,2}\)\s*|"
                  r"(?!(?:Q[1-4]|H[12]|FY\d+|CO2|COP\d+)\W)[A-Z]{1,3}\d{1,2}[.)]\s+|"
                  r"\d{1,2}(?:\.\d{1,2}){1,3}\.\s+|"
                  r"\(?[a-zA-Z][.)]\s+|\([a-zA-Z]\)\s*|\(?[ivxlcIVXLC]{1,5}[.)]\s+|"
                  r"\([ivxlcIVXLC]{1,5}\)\s*)")
# A sentence that announces a list.
# A sentence cut off by its items ("The tools presented included" / "a) the portal,") ends
# in its verb.
OPENER = re.compile(r":\s*$|\b(the following|as follows|include[sd]?:|are:|were:)|"
                    r"\b(?:include[sd]?|including|namely|comprise[sd]?|are|were)\s*$", re.I)
INLINE_ITEMS = re.compile(r"(?:^|\s)\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})\)\s+\S")

MAX_ITEMS = 15
MAX_CHARS = 1200
# A line holding only a footnote's number ("...requirements:" / "101" / "• two ..."),
# which PDF extraction puts on a line of its own between an opener and its items.
_FOOTNOTE_MARK = re.compile(r"\s*\d{1,3}\s*")


def opens_list(sentence: str) -> bool:
    return bool(OPENER.search(sentence))


def is_item(line: str) -> bool:
    return bool(ITEM.match(line))


def inline_items(sentence: str) -> int:
    """How many "(a) ... (b) ..." items a single sentence holds."""
    return len(INLINE_ITEMS.findall(sentence))


# A list run into a sentence: "challenges such as A, B, and C", "including A, B and C".
_RUN_IN = re.compile(r"\b(?:such as|including|namely|notably|as well as|comprising|among them)\s"
                     r"[^.;:]*?,[^.;:]*?,?\s(?:and|or)\s", re.I)


# ... or without such a word: see `_short_series`.
_SERIES_SPLIT = re.compile(r",\s+")
# a phrase opening so is a clause of the sentence, no item: "The minister, who spoke
# first, and ..."; "..., most of it for irrigation, and almost none ..."
_NO_ITEM = re.compile(r"(?i:who|whom|whose|which|where|when|while|as|although|though|if|"
                      r"because|since|most|some|all|none|each|both|including|said|says)\b")
_LAST_ITEM = re.compile(r"(?:and|or)\s+(\S+)")
_ITEM_WORDS = 6


def _short_series(sentence: str) -> bool:
    """Three or more phrases a comma apart, the last after "and" or "or", the ones between
    of up to six words ("ideas centered on academic exchanges, the creation of youth hubs,
    academic tourism, and promotion of creative arts"; "either a decided IP address, a
    bogon IP address (127.0.0.1), or an empty domain"). With one phrase between, the first
    must be short too and the last no verb in "-ed" ("held at ISSI, Islamabad, and chaired
    by ..." is no list). "A, B and C" without the last comma is left out: "In 2024,
    exports rose and imports fell" reads the same. Linear in the sentence's length."""
    parts = _SERIES_SPLIT.split(sentence)
    between = 0  # short phrases since the last long one
    for k, part in enumerate(parts):
        last = _LAST_ITEM.match(part)
        if last and k > 0 and (between >= 2 or between == 1 and len(parts[k - 2].split())
                               <= _ITEM_WORDS and not last.group(1).endswith("ed")):
            return True
        short = 0 < len(part.split()) <= _ITEM_WORDS and not _NO_ITEM.match(part) \
            and not part.rstrip().endswith((".", ";", ":"))
        between = between + 1 if short and k > 0 else 0
    return False


def run_in_series(sentence: str) -> bool:
    """Whether the sentence lists three or more things after "such as", "including" and
    the like ("challenges such as lengthy permitting, competition for feedstock and low
    investor interest"), or three or more short phrases a comma apart, the last after
    "and"/"or" (`_short_series`)."""
    return bool(_RUN_IN.search(sentence)) or _short_series(sentence)


def unfinished_list(text: str) -> bool:
    """Whether `text` (a passage) ends inside a list: its last line is an item, or a
    sentence that opens one."""
    lines = [ln for ln in text.rstrip().split("\n") if ln.strip()]
    lines = [ln for k, ln in enumerate(lines) if not _footnote_line(lines, k)]
    if not lines:
        return False
    last = lines[-1]
    return is_item(last) or last.rstrip().endswith(":") or bool(
        re.search(r"\b(the following|as follows)\W*$", last, re.I))


def _lines(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    lines = [text[a:b] for a, b in spans]
    return [sp for k, sp in enumerate(spans) if not _footnote_line(lines, k)]


def _footnote_line(lines: list[str], k: int) -> bool:
    """Whether line `k` is only a footnote's number set between an item (or the sentence
    opening a list) and the next item, or after an item at a passage's end: not a figure
    of its own, as in a table of short lines ("PTI" / "93" / "PML-N" / "75")."""
    if not _FOOTNOTE_MARK.fullmatch(lines[k]) or k == 0:
        return False
    before = lines[k - 1]
    # The mark follows a finished line ("...requirements:", "...TMC USA;"); a number under
    # a bare label ("• 2022" / "15") is that label's figure.
    if not (is_item(before) or opens_list(before)) or \
            not before.rstrip().endswith((".", ";", ":", ",", ")", "\u201d", '"')):
        return False
    after = next((ln for ln in lines[k + 1:] if not _FOOTNOTE_MARK.fullmatch(ln)), None)
    # at the end, only after an item: "Total beds:" / "250" is a figure and its label
    return is_item(after) if after is not None else is_item(before)


@dataclass(frozen=True)
class _Lines:
    """A page's non-empty lines kept as offsets, so that a block ends on exact page offsets."""

    text: str
    spans: list[tuple[int, int]]

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, k: int) -> str:
        return self.text[self.spans[k][0]:self.spans[k][1]]


@dataclass(frozen=True)
class _Head:
    """Where a block begins: `line`, the index of its opening line (one before its first
    item when it has no opener, so possibly -1); `start`, its offset in the page."""

    line: int
    start: int


def item_tail(text: str) -> bool:
    """Whether unmarked text between two items reads as the rest of the item before it
    ("This brings the campus to 3.3MW.", "capabilities at our Mira Loma centre"): short, no
    opener, and either run on in lower case or ending a sentence; not a heading between
    two lists ("Weaknesses")."""
    t = text.strip()
    return 0 < len(t) < 200 and not opens_list(t) and (
        t[:1].islower() or t.endswith((".", "!", "?", ";", ")", "\u201d", '"')))


def _wrapped(lines: _Lines, k: int) -> bool:
    """Whether unmarked line `k`, between two item lines, is the wrapped tail of the item
    before it ("● We expanded ... yard goats." / "This brings the campus to 3.3MW." /
    "● We began ..."), as PDF extraction leaves a long bullet (see `item_tail`)."""
    return (0 < k < len(lines) - 1 and not is_item(lines[k]) and is_item(lines[k - 1])
            and is_item(lines[k + 1]) and item_tail(lines[k]))


def _head_of_item(lines: _Lines, idx: int) -> _Head:
    """The head of the block that item line `idx` belongs to: back over the items before it
    (at most MAX_ITEMS, wrapped lines included) to the sentence that opens them, if any."""
    first = idx
    while first > 0 and (is_item(lines[first - 1]) or _wrapped(lines, first - 1)) \
            and idx - first < MAX_ITEMS:
        first -= 1
    if first > 0 and heads_items(lines[first - 1]):
        first -= 1
    start = lines.spans[first][0]
    if is_item(lines[first]):
        return _Head(first - 1, start)  # no opener: the block starts at the first item
    # The opener's line may hold earlier sentences; the block starts at its last one.
    spans = sentence_spans(lines[first])
    return _Head(first, start + (spans[-1][0] if spans else 0))


def heads_items(line: str) -> bool:
    """Whether the line before a run of items is their head: a sentence announcing them or
    a short heading."""
    return opens_list(line) or _is_heading(line)


def _is_heading(line: str) -> bool:
    """A short heading line ("Recommendations", "Key Outcomes") that names the list under it."""
    return len(line.split()) <= 5 and not line.rstrip().endswith(
        (".", "!", "?", ";", ",")) and not is_item(line) and line[:1].isupper()


def _head_of_sentence(lines: _Lines, idx: int, start: int, end: int) -> _Head | None:
    """The head of the block opened by the sentence text[start:end] on line `idx`: None
    unless the sentence ends its line and announces a list or two items follow it."""
    if lines.text[end:lines.spans[idx][1]].strip():
        return None  # more text follows on the line: no list under this sentence
    two_items = idx + 2 < len(lines) and is_item(lines[idx + 1]) and is_item(lines[idx + 2])
    if not opens_list(lines.text[start:end]) and not two_items:
        return None
    return _Head(idx, start)


def _ends_run(this: str, marked: bool, colon: bool, first: str | None = None) -> bool:
    # Items stay of one kind: all marked, or (after a colon) all short unmarked lines.
    if marked != is_item(this):
        return True
    if not marked and first is not None and _is_sentence(this) and \
            not first.rstrip().endswith((".", "!", "?")):
        return True  # "Ms Sana Ullah" / "The Authority promised to publish ...": prose again
    return not marked and not (colon and len(this) < 160)


def _is_sentence(line: str) -> bool:
    # "The session ended early." after names is prose again, short as it is
    return len(line.split()) >= 4 and line.rstrip().endswith((".", "!", "?"))


@dataclass(frozen=True)
class _Run:
    """The items under a block's head: `last`, the index of the last item line; `items`, how
    many; `marked`, whether they carry bullets or labels (None when no line follows)."""

    last: int
    items: int
    marked: bool | None
    end: int | None = None  # where the last item ends, when before its line's end

    @property
    def is_list(self) -> bool:
        # One bulleted line is a list; unmarked lines need two to tell them from prose.
        return self.items >= (1 if self.marked else 2)


_NUMBERED_PARAGRAPH = re.compile(r"\s+\d{1,3}\.\s+[A-Z]")
# The labels that start a list: "1.", "(a)", "i)", "A." ...
_FIRST_LABELS = frozenset({"1", "a", "i"})


def marker(line: str) -> tuple[str, str]:
    """An item line's marker as (kind, label): "(d) Trade" is ("(a)", "d"), "14. We" is
    ("1.", "14"), "• Foo" is ("•", ""). Kinds compare markers of one style ("(a)" and
    "(iv)" are both "(a)"); a label is what counts within it."""
    m = ITEM.match(line)
    if m is None:
        return "", ""
    mark = m.group(0).strip().lower()
    parts = re.findall(r"\d+|[a-z]+", mark)
    label = parts[-1] if parts else ""  # "2.1." counts as "1", "T3." as "3"
    return re.sub(r"[a-z]+", "a", re.sub(r"\d+", "1", mark)), label


def new_list(kinds: set[str], line: str) -> bool:
    """Whether item `line` starts another list rather than going on with this one: its
    marker is a label of a style the run has not used, and not the first label of a
    sublist ("(a)" under "1."; a bullet of another glyph is a sublist too). "(a) … (e)"
    then "14. We reaffirm …" (a resolution's next numbered paragraph) is two lists."""
    kind, label = marker(line)
    return bool(kinds) and kind not in kinds and label != "" and label not in _FIRST_LABELS


def first_kinds(first: str) -> set[str]:
    """The marker styles a list has used by its first line: that of an item that is no
    opener ("1. Trade" before its "(a)" sublist), none for an opener ("13. … areas:")."""
    return {marker(first)[0]} if is_item(first) and not opens_list(first) else set()


def starts_sublist(before: str, item: str) -> bool:
    """Whether item line `item` opens a list of its own under item line `before`: another
    marker style, and a first label ("13. … areas:" then "(a) …")."""
    kind, label = marker(item)
    return kind != marker(before)[0] and label in _FIRST_LABELS


def _items_under(lines: _Lines, head: _Head) -> _Run:
    """The items under `head`, within MAX_ITEMS and MAX_CHARS."""
    colon = lines.text[head.start:lines.spans[max(head.line, 0)][1]].rstrip().endswith(":")
    last, items, marked = head.line, 0, None
    kinds = first_kinds(lines[head.line]) if head.line >= 0 else set()
    for k in range(head.line + 1, len(lines)):
        if marked is None:
            marked = is_item(lines[k])
        if items >= MAX_ITEMS:
            break
        if lines.spans[k][1] - head.start > MAX_CHARS:
            # The last item run into the next paragraph on its line ("(e) Means of
            # implementation. 14. We reaffirm ..."): the item's own sentence ends the block.
            first = sentence_spans(lines[k])[:1]
            end = lines.spans[k][0] + first[0][1] if first else None
            if marked and is_item(lines[k]) and end is not None and \
                    end - head.start <= MAX_CHARS and \
                    _NUMBERED_PARAGRAPH.match(lines.text, end, lines.spans[k][1]):
                return _Run(k, items + 1, marked, end)
            break
        if marked and items and _wrapped(lines, k):
            continue  # the next item's line decides whether the block goes on
        if _ends_run(lines[k], marked, colon, lines[head.line + 1] if items else None):
            break
        if marked and new_list(kinds, lines[k]):
            break
        kinds.add(marker(lines[k])[0])
        last, items = k, items + 1
    return _Run(last, items, marked)


def block_at(text: str, start: int, end: int, *, as_item: bool = False) -> tuple[int, int] | None:
    """The enumeration block that the sentence text[start:end] opens (or, with `as_item`,
    belongs to as an item): (start, end) offsets in `text`, from the opening sentence to
    the last item, at most MAX_ITEMS items and about MAX_CHARS characters. Items are lines
    with a bullet or a label, or (after a sentence ending in a colon) short unmarked lines.
    None when there is no list there."""
    lines = _Lines(text, _lines(text))
    idx = next((i for i, (s, e) in enumerate(lines.spans) if s <= start < e), None)
    if idx is None:
        return None
    if as_item and is_item(lines[idx]):
        head: _Head | None = _head_of_item(lines, idx)
    else:
        # an opener wrapped over two lines announces the items after its last line
        last = next((i for i, (s, e) in enumerate(lines.spans) if s < end <= e), idx)
        head = _head_of_sentence(lines, last, start, end)
    if head is None:
        return None
    run = _items_under(lines, head)
    if not run.is_list:
        return None
    return head.start, run.end if run.end is not None else lines.spans[run.last][1]


_INLINE_BULLET = re.compile(r"\s+(?=[•·▪●○◦■□►▸‣⁃∙]\s)")


def list_lines(quote: str) -> list[str]:
    """A list quote as display lines: its own lines, and bullets run together on one line
    ("areas: • A • B") put one a line."""
    out: list[str] = []
    lines = [ln for ln in quote.split("\n") if ln.strip()]
    for k, line in enumerate(lines):
        if not _footnote_line(lines, k):
            out += [p.strip() for p in _INLINE_BULLET.split(line) if p.strip()]
    # A wrapped tail of an item (see `_wrapped`) is shown with its item.
    merged: list[str] = []
    for k, line in enumerate(out):
        if merged and is_item(merged[-1]) and not is_item(line) and item_tail(line) and \
                k + 1 < len(out) and is_item(out[k + 1]):
            merged[-1] += " " + line
        else:
            merged.append(line)
    return merged
