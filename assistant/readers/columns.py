"""Reading order of a PDF page set in columns.

pdfium gives a page's characters in the order the PDF draws them. A two-column page drawn
right column first, or a three-column page drawn row by row across the columns (pdfium
then joins the columns' lines that share a baseline into one), reads out of order. Here
the page's lines are cut into segments at wide gaps and put in order by a recursive XY-cut
(Nagy & Seth, "Hierarchical representation of optically scanned documents", 1984; as in
Ha, Haralick & Phillips, ICDAR 1995): a block is cut at a horizontal band of white space
at least a line high into blocks read top to bottom, else at a vertical gutter into
columns read left to right. Only a page with prose columns side by side (at least three
lines of some length in each) that the drawing order reads out of order (a column's text
drawn before the one left of it is done) is reordered; any other keeps pdfium's order, so
tables without rules, forms, sidebars and pages drawn column by column read as before.
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
    columns = [False]
    ordered = _xy_cut(segments, size, columns)
    if not columns[0]:
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


def _xy_cut(segs: list[_Segment], size: float, columns: list[bool]) -> list[_Segment]:
    """`segs` ordered by recursive cuts; `columns[0]` set when a vertical cut parted
    prose columns that the drawing order interleaves or takes right to left."""
    if len(segs) <= 1:
        return segs
    rows = _horizontal_cut(segs, size)
    if len(rows) > 1:
        return [s for row in rows for s in _xy_cut(row, size, columns)]
    cols = _vertical_cut(segs, size)
    if len(cols) > 1:
        if all(_prose(c) for c in cols) and _even(cols) and any(
                _drawn_before(right, left) >= 0.4 for left, right in pairwise(cols)):
            columns[0] = True
        return [s for col in cols for s in _xy_cut(col, size, columns)]
    # no cut: a block whose parts overlap (a sidebar over a column's lines) keeps the
    # drawing order, which is the reading order more often than its rows are
    return sorted(segs, key=lambda s: s.index)


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
