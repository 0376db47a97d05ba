"""Reading order of a PDF page set in columns.

pdfium gives a page's characters in the order the PDF draws them. A two-column page drawn
right column first, or a three-column page drawn row by row across the columns (pdfium
then joins the columns' lines that share a baseline into one), reads out of order. Here
the page's lines are cut into segments at wide gaps and put in order by a recursive XY-cut
(Nagy & Seth, "Hierarchical representation of optically scanned documents", 1984; as in
Ha, Haralick & Phillips, ICDAR 1995): a block is cut at a horizontal band of white space
at least a font size high into blocks read top to bottom, else at a vertical gutter into
columns read left to right. Only prose columns side by side (MIN_COLUMN_LINES lines of
MIN_COLUMN_CHARS characters on average in each, of like widths) that the drawing order
reads mostly out of order are reordered; everything else keeps pdfium's order, so tables
without rules, forms, sidebars and pages drawn column by column read as before.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import Protocol, TypeVar


class _Glyph(Protocol):
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top (PDF points)
    size: float


G = TypeVar("G", bound=_Glyph)

# A gap wider than this many font sizes between two characters on one baseline ends a
# segment: wider than a word gap of justified text (a third of it, most often),
# narrower than a column gutter (1.3 font sizes on a tight three-column page).
SEGMENT_GAP = 1.0
# A column of prose: at least this many lines, of this many characters on average.
MIN_COLUMN_LINES = 5
MIN_COLUMN_CHARS = 20


@dataclass
class _Segment:
    index: int  # place in the drawing order
    glyphs: list
    left: float
    bottom: float
    right: float
    top: float

    @property
    def visible(self) -> int:
        return sum(1 for g in self.glyphs if not g.text.isspace())


def reading_order(chars: Sequence[G], newline: G) -> list[G]:
    """`chars` in reading order, with `newline` between segments that were apart; the
    same list where the page holds no prose columns side by side."""
    segments = _segments(chars)
    if len(segments) < 2 * MIN_COLUMN_LINES:
        return list(chars)
    size = median(g.size for s in segments for g in s.glyphs if g.size) or 10.0
    ordered, found = _xy_cut(segments, size)
    if not found:
        return list(chars)  # no prose columns, or drawn in reading order
    out: list[G] = []
    for k, seg in enumerate(ordered):
        if k:
            out.append(newline)
        out.extend(seg.glyphs)
    return out


def _segments(chars: Sequence[_Glyph]) -> list[_Segment]:
    """Runs of characters on one line with no gap wider than SEGMENT_GAP font sizes; a
    line break (pdfium's "\\r\\n") ends one. Spaces stay inside a run."""
    out: list[_Segment] = []
    run: list = []
    last: _Glyph | None = None

    def close() -> None:
        nonlocal run
        boxes = [g.box for g in run if not g.text.isspace() and g.size]
        if boxes:
            out.append(_Segment(len(out), run, min(b[0] for b in boxes), min(b[1] for b in boxes),
                                max(b[2] for b in boxes), max(b[3] for b in boxes)))
        elif out and any(not g.text.isspace() for g in run):
            out[-1].glyphs.extend(run)  # characters without a box go with the text before
        run = []

    for g in chars:
        if g.text in ("\r", "\n"):
            close()
            last = None
            continue
        if g.text.isspace() or not g.size:
            run.append(g)
            continue
        if last is not None:
            size = max(last.size, g.size)
            same_line = abs(g.box[1] - last.box[1]) < 0.5 * size
            if not same_line or g.box[0] - last.box[2] > SEGMENT_GAP * size \
                    or g.box[0] < last.box[0] - size:
                # trailing spaces belong to neither segment's box; keep them with the run
                close()
        run.append(g)
        last = g
    close()
    return out


def _xy_cut(segs: list[_Segment], size: float) -> tuple[list[_Segment], bool]:
    """`segs` ordered by recursive cuts, and whether a vertical cut parted prose columns
    that the drawing order interleaves or takes right to left. A block holding no such
    cut keeps the drawing order (a table without rules, a sidebar beside a column): only
    the columns found are reordered."""
    if len(segs) <= 1:
        return segs, False
    rows = _horizontal_cut(segs, size)
    if len(rows) > 1:
        parts = [_xy_cut(row, size) for row in rows]
        if not any(found for _, found in parts):
            return sorted(segs, key=lambda s: s.index), False
        return [s for ordered, _ in parts for s in ordered], True
    cols = _vertical_cut(segs, size)
    if len(cols) > 1:
        parts = [_xy_cut(col, size) for col in cols]
        if all(_prose(c) for c in cols) and _even(cols) and any(
                _drawn_before(right, left) >= 0.4 for left, right in pairwise(cols)):
            return [s for ordered, _ in parts for s in ordered], True
        if any(found for _, found in parts):
            return [s for ordered, _ in parts for s in ordered], True
    return sorted(segs, key=lambda s: s.index), False


def _horizontal_cut(segs: list[_Segment], size: float) -> list[list[_Segment]]:
    """`segs` parted at every band of white space across them at least a font size high
    (a blank line, the space above a heading), top to bottom."""
    order = sorted(segs, key=lambda s: -s.top)
    blocks: list[list[_Segment]] = [[order[0]]]
    floor = order[0].bottom
    for s in order[1:]:
        if floor - s.top >= size:
            blocks.append([s])
        else:
            blocks[-1].append(s)
        floor = min(floor, s.bottom)
    return blocks


def _vertical_cut(segs: list[_Segment], size: float) -> list[list[_Segment]]:
    """`segs` parted at every gutter no segment crosses, at least SEGMENT_GAP font sizes
    wide, left to right."""
    order = sorted(segs, key=lambda s: s.left)
    cols: list[list[_Segment]] = [[order[0]]]
    edge = order[0].right
    for s in order[1:]:
        if s.left - edge >= SEGMENT_GAP * size:
            cols.append([s])
        else:
            cols[-1].append(s)
        edge = max(edge, s.right)
    return cols


def _drawn_before(right: list[_Segment], left: list[_Segment]) -> float:
    """The share of pairs of a line of `right` and one of `left` where the right column's
    line is drawn first: 0 for columns drawn one after the other, about a half for rows
    drawn across the columns, 1 for the right column drawn first. A heading or a page
    number drawn late leaves a page drawn in order under a quarter."""
    later = sorted(s.index for s in left)
    before = sum(len(later) - bisect_right(later, s.index) for s in right)
    return before / max(1, len(left) * len(right))


def _even(cols: list[list[_Segment]]) -> bool:
    """Columns of a page set in columns: of like widths and like amounts of text, not a
    sidebar or a callout beside the text."""
    widths = [max(s.right for s in c) - min(s.left for s in c) for c in cols]
    chars = [sum(s.visible for s in c) for c in cols]
    return min(widths) >= 0.6 * max(widths) and min(chars) >= 0.4 * max(chars)


def _prose(col: list[_Segment]) -> bool:
    """A column of running text: enough lines, long enough on average."""
    lines = len({round(s.top) for s in col})
    return lines >= MIN_COLUMN_LINES and \
        sum(s.visible for s in col) / max(1, len(col)) >= MIN_COLUMN_CHARS
