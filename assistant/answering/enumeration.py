"""Enumeration blocks: a sentence that opens a list and the items that follow it.

Works on cleaned page text, where list items keep their own lines. Offsets are exact, so
a block is quoted as a slice of the page like any sentence.
"""

from __future__ import annotations

import re

from ..sentences import sentence_spans

# A line that is a list item: a bullet, "1." / "1)" / "(1)", "(a)" / "a)", "(iv)".
ITEM = re.compile(r"^\s*(?:[•·▪●○◦■□►▸‣⁃∙*–—-]\s+|\(?\d{1,2}[.)]\s+|\(\d{1,2}\)\s*|"
                  r"\(?[a-zA-Z][.)]\s+|\([a-zA-Z]\)\s*|\(?[ivxlcIVXLC]{1,5}[.)]\s+|"
                  r"\([ivxlcIVXLC]{1,5}\)\s*)")
# A sentence that announces a list.
OPENER = re.compile(r":\s*$|\b(the following|as follows|include[sd]?:|are:|were:)", re.I)
INLINE_ITEMS = re.compile(r"(?:^|\s)\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})\)\s+\S")

MAX_ITEMS = 15
MAX_CHARS = 1200


def opens_list(sentence: str) -> bool:
    return bool(OPENER.search(sentence))


def is_item(line: str) -> bool:
    return bool(ITEM.match(line))


def inline_items(sentence: str) -> int:
    """How many "(a) ... (b) ..." items a single sentence holds."""
    return len(INLINE_ITEMS.findall(sentence))


def unfinished_list(text: str) -> bool:
    """Whether `text` (a passage) ends inside a list: its last line is an item, or a
    sentence that opens one."""
    lines = [ln for ln in text.rstrip().split("\n") if ln.strip()]
    if not lines:
        return False
    last = lines[-1]
    return is_item(last) or last.rstrip().endswith(":") or bool(
        re.search(r"\b(the following|as follows)\W*$", last, re.I))


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def block_at(text: str, start: int, end: int, *, as_item: bool = False) -> tuple[int, int] | None:
    """The enumeration block that the sentence text[start:end] opens (or, with `as_item`,
    belongs to as an item): (start, end) offsets in `text`, from the opening sentence to
    the last item, at most MAX_ITEMS items and about MAX_CHARS characters. Items are lines
    with a bullet or a label, or (after a sentence ending in a colon) short unmarked lines.
    None when there is no list there."""
    lines = _lines(text)
    idx = next((i for i, (s, e) in enumerate(lines) if s <= start < e), None)
    if idx is None:
        return None
    line_s, line_e = lines[idx]

    def line(k: int) -> str:
        return text[lines[k][0]:lines[k][1]]

    if as_item and is_item(line(idx)):
        first = idx
        while first > 0 and is_item(line(first - 1)) and idx - first < MAX_ITEMS:
            first -= 1
        if first > 0 and opens_list(line(first - 1)):
            first -= 1
        open_start = lines[first][0]
        if not is_item(line(first)):  # from the opening sentence, not the whole line
            spans = sentence_spans(line(first))
            open_start += spans[-1][0] if spans else 0
        if is_item(line(first)):
            first -= 1  # no opener: the block starts at the first item
    else:
        if text[end:line_e].strip():
            return None  # more text follows on the line: no list under this sentence
        sentence = text[start:end]
        two_items = idx + 2 < len(lines) and is_item(line(idx + 1)) and is_item(line(idx + 2))
        if not opens_list(sentence) and not two_items:
            return None
        first, open_start = idx, start
    colon = text[open_start:lines[max(first, 0)][1]].rstrip().endswith(":")
    last, items, marked = first, 0, None
    for k in range(first + 1, len(lines)):
        this = line(k)
        if marked is None:
            marked = is_item(this)
            if not marked and not (colon and len(this) < 160):
                break
        elif marked != is_item(this) or (not marked and len(this) >= 160):
            break
        if lines[k][1] - open_start > MAX_CHARS or items >= MAX_ITEMS:
            break
        last, items = k, items + 1
    if items < (1 if marked else 2):
        return None
    return open_start, lines[last][1]


_INLINE_BULLET = re.compile(r"\s+(?=[•·▪●○◦■□►▸‣⁃∙]\s)")


def list_lines(quote: str) -> list[str]:
    """A list quote as display lines: its own lines, and bullets run together on one line
    ("areas: • A • B") put one a line."""
    out: list[str] = []
    for line in quote.split("\n"):
        out += [p.strip() for p in _INLINE_BULLET.split(line) if p.strip()]
    return out
