"""Reading order of a PDF page set in columns.

pdfium gives a page's characters in the order the PDF draws them. A two-column page drawn
right column first, or a three-column page drawn row by row across the columns (pdfium
then joins the columns' lines that share a baseline into one), reads out of order. Here
the page's lines are cut into segments at wide gaps and put in order by a recursive XY-cut
(Nagy & Seth, "Hierarchical representation of optically scanned documents", 1984; as in
Ha, Haralick & Phillips, ICDAR 1995): a block is cut at a horizontal band of white space
at least a font size high into blocks read top to bottom, else at a vertical gutter into
columns read left to right. Only prose columns side by side (MIN_COLUMN_LINES lines of
MIN_COLUMN_CHARS characters on average in each, of like widths; or a last column of as few
as two such lines) that the drawing order reads mostly out of order are reordered, and a
prose column drawn line by line with a sidebar of words beside it ("Key facts"); a band
across the page (a box) drawn between the foot of one column and the head of the next is
moved after the columns. Everything else keeps pdfium's order, so tables without rules,
forms, side headings and pages drawn column by column read as before.
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
    """`segs` ordered by recursive cuts, and whether a vertical cut parted text columns
    that the drawing order reads wrongly (`_misread`), or a band across the page was drawn
    between two columns (`_lift_bands`). A block holding no such cut keeps the
    drawing order (a table without rules, side headings beside a column): only the
    columns found are reordered."""
    if len(segs) <= 1:
        return segs, False
    rows = _horizontal_cut(segs, size)
    if len(rows) > 1:
        parts = [_xy_cut(row, size) for row in rows]
        if any(found for _, found in parts):
            return [s for ordered, _ in parts for s in ordered], True
        lifted = _lift_bands(rows, size)
        if lifted is not None:
            return lifted, True
        return sorted(segs, key=lambda s: s.index), False
    cols = _vertical_cut(segs, size)
    if len(cols) > 1:
        parts = [_xy_cut(col, size) for col in cols]
        if _misread(cols, size) or any(found for _, found in parts):
            return [s for ordered, _ in parts for s in ordered], True
    return sorted(segs, key=lambda s: s.index), False


def _misread(cols: list[list[_Segment]], size: float) -> bool:
    """Whether the drawing order reads these columns wrongly: prose columns of like
    widths drawn row by row across them or right first (a short last column too), or a
    prose column whose lines are drawn in turn with those of a sidebar beside it ("Key
    facts", a boxed summary), which pdfium joins line by line into the prose."""
    if all(_prose(c) for c in cols) and _even(cols) or _short_last(cols):
        return any(_drawn_before(right, left) >= 0.4 for left, right in pairwise(cols))
    sides = [k for k, c in enumerate(cols) if not _running(c)]
    return len(sides) == 1 and sides[0] in (0, len(cols) - 1) \
        and _sidebar(cols[sides[0]], size) and _switches(cols) >= 4


def _lift_bands(rows: list[list[_Segment]], size: float) -> list[_Segment] | None:
    """The drawing order of `rows` with each band across the page (a box, a full-width
    note) that is drawn between the foot of one prose column and the head of the next
    moved to after the columns' text, or None where no band is drawn so. Read where it
    is drawn, the band splits the sentence that runs on over the column break (from the
    left column into the right one, whether the band sits below the columns or between
    their upper and lower halves)."""
    order = sorted((s for row in rows for s in row), key=lambda s: s.index)
    at = {s.index: k for k, s in enumerate(order)}
    for gutter in _gutters(rows, size):
        # the rows set in columns at this gutter: line ends on both sides, none across
        sides = {}
        for k, row in enumerate(rows):
            cols = _vertical_cut(row, size)
            left = [s for s in row if s.right <= gutter[1]]
            right = [s for s in row if s.left >= gutter[0]]
            if len(cols) > 1 and left and right and len(left) + len(right) == len(row) \
                    and all(sum(s.visible for s in c) / len(c) >= MIN_COLUMN_CHARS
                            for c in (left, right)):
                sides[k] = (left, right)
        for k, band in enumerate(rows):
            first, last = at[min(s.index for s in band)], at[max(s.index for s in band)]
            if k in sides or not _spans(band, gutter) or last - first + 1 != len(band) \
                    or first == 0 or last + 1 == len(order):
                continue  # not a band, not drawn in one run, or not between two lines
            foot, head = order[first - 1], order[last + 1]
            if any(foot is min(left, key=lambda s: s.bottom) for left, _ in sides.values()) \
                    and any(head is max(right, key=lambda s: s.top) for _, right in sides.values()):
                # one band a page is the case met; a second stays where it is drawn
                end = max(at[s.index] for j in sides for s in rows[j])
                return order[:first] + order[last + 1:end + 1] + band + order[end + 1:]
    return None


def _gutters(rows: list[list[_Segment]], size: float) -> list[tuple[float, float]]:
    """The gutters between prose columns of like widths in `rows` (left, right edge)."""
    out = []
    for row in rows:
        cols = _vertical_cut(row, size)
        if len(cols) > 1 and (all(_prose(c) for c in cols) and _even(cols) or _short_last(cols)):
            out += [(max(s.right for s in left), min(s.left for s in right))
                    for left, right in pairwise(cols)]
    return out


def _spans(row: list[_Segment], gutter: tuple[float, float]) -> bool:
    """A row with a line across a gutter: a band across the columns, not one of them (a
    column's line that ends a little past the others' right edge does not count)."""
    return any(s.left <= gutter[0] and s.right >= gutter[1] for s in row)


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


def _running(col: list[_Segment]) -> bool:
    """Prose whose sentences run on from line to line: a third of its lines or more open
    in lower case, as the cells of a table without rules or the lines of a form rarely
    do."""
    lines = [_first_letter(s) for s in sorted(col, key=lambda s: -s.top)[1:]]
    return _prose(col) and sum(c.islower() for c in lines) >= len(lines) / 3


def _first_letter(seg: _Segment) -> str:
    return next((g.text for g in seg.glyphs if not g.text.isspace()), "")


def _short_last(cols: list[list[_Segment]]) -> bool:
    """Columns of like widths and full lines, one of them prose, the others holding as
    few as two lines: the end of a text set in columns, its last column short."""
    widths = [max(s.right for s in c) - min(s.left for s in c) for c in cols]
    return min(widths) >= 0.6 * max(widths) and any(_prose(c) for c in cols) and all(
        len({round(s.top) for s in c}) >= 2
        and sum(s.visible for s in c) / len(c) >= MIN_COLUMN_CHARS for c in cols)


def _sidebar(col: list[_Segment], size: float) -> bool:
    """A block of words beside the prose: three lines or more of words, set close (a
    "Key facts" box), not side headings spread down the margin, line numbers or a column
    of figures."""
    lines = len({round(s.top) for s in col})
    visible = sum(s.visible for s in col)
    letters = sum(1 for s in col for g in s.glyphs if g.text.isalpha())
    height = max(s.top for s in col) - min(s.bottom for s in col)
    return lines >= 3 and visible >= 10 * len(col) and letters >= 0.6 * visible \
        and lines * 1.2 * size >= 0.6 * height


def _switches(cols: list[list[_Segment]]) -> int:
    """How often the drawing order passes from one column to another: once for columns
    drawn one after the other, at every line for lines drawn across them."""
    col_of = {s.index: k for k, c in enumerate(cols) for s in c}
    order = [col_of[i] for i in sorted(col_of)]
    return sum(a != b for a, b in pairwise(order))
