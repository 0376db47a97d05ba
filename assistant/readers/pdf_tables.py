"""Tables of a PDF page: found by pdfplumber's table finder, fed from pdfium.

pdfplumber (MIT) finds tables from ruling lines ("lines" strategy) or from the alignment
of words ("text" strategy, for borderless financial statements). Letting pdfplumber parse
the page itself (through pdfminer) costs ~0.15 s a page, more than pdfium's whole read;
its table finder needs only the characters' boxes and the ruling edges. Both are known
from pdfium already (the characters) or cheaply (the path objects' segments), so the
finder gets a small stand-in page built from them (`PageShapes`): the same tables in a
third of the time (bench/table_feed.py). It runs only on pages that look tabular: lines
holding two or more figures that stand in columns, or a grid of ruling lines (not a
drawing of thousands of strokes, whose intersections would take the finder minutes).

What a table finder leaves out, this module adds (`TableFinder.find`):
  * column headers printed above the table's box ("Three Months Ended" / "June 25," /
    "2022" over each column of figures), stacked per column and repeated into each row
    as "header: value";
  * rows of figures just above or below the box that the finder missed, when their
    figures fall in the table's columns;
  * the section a row belongs to ("Cost of sales:" over indented "Products").
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import itertools
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .tables import first_row_is_header, is_number, merge_units, table_lines

if TYPE_CHECKING:
    from .pdf import _Char

log = logging.getLogger(__name__)

# A page looks tabular with this many lines holding two or more figures each ...
MIN_FIGURE_ROWS = 4
# ... or this many horizontal and vertical ruling edges (each at least MIN_RULE_PT long).
MIN_RULES = 3
MIN_RULE_PT = 10.0
# More edges than this make a drawing (a map, a chart), not a ruled table.
MAX_EDGES = 5000
# Header lines are looked for this far above a table (points), at most this many.
HEADER_REACH_PT = 90.0
MAX_HEADER_LINES = 6
# A "cell" of more words than this is a column of a page's layout, not of a table.
MAX_CELL_WORDS = 200
# A section label ("Current assets:") longer than this is not repeated into its rows.
MAX_SECTION_CHARS = 60

_FIGURE = re.compile(r"(?<![\w.])[-(]?\$?\d[\d,.]*%?\)?(?![\w])")
_BY_TEXT = {"vertical_strategy": "text", "horizontal_strategy": "text"}
_UNITS = ("$", "€", "£", "%", ")")
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass
class TableRegion:
    """A table of one page: its box (pdfplumber's top-down points: left, top, right,
    bottom) and its lines of text, one per row."""

    bbox: tuple[float, float, float, float]
    lines: list[str]
    header: list[str] | None = None  # the column headers, where found


@dataclass
class PageShapes:
    """What pdfplumber's `TableFinder` reads of a page, built from pdfium: characters
    (pdfplumber's char dicts, top-down points), ruling edges and the page box."""

    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        from pdfplumber.utils import extract_words

        return extract_words(self.chars, **kwargs)

    def rules(self) -> tuple[int, int]:
        """(horizontal, vertical) edges at least MIN_RULE_PT long."""
        h = sum(1 for e in self.edges if e["orientation"] == "h" and e["width"] >= MIN_RULE_PT)
        v = sum(1 for e in self.edges if e["orientation"] == "v" and e["height"] >= MIN_RULE_PT)
        return h, v


def plumber_chars(chars: list[_Char], height: float) -> list[dict[str, Any]]:
    """pdfium's characters as pdfplumber char dicts; a space between two characters of a
    line is kept (pdfplumber splits words at it) with the box of the gap it fills."""
    out: list[dict[str, Any]] = []
    pending_space = False
    for ch in chars:
        if ch.text.isspace() or not ch.size:
            pending_space = pending_space or ch.text == " "
            if ch.text in "\r\n":
                pending_space = False
            continue
        left, bottom, right, top = ch.box
        if pending_space and out and abs(out[-1]["bottom"] - (height - bottom)) < 2:
            prev = out[-1]
            out.append(_char_dict(" ", prev["x1"], max(left, prev["x1"]), prev["top"],
                                  prev["bottom"], prev["size"]))
        pending_space = False
        out.append(_char_dict(ch.text, left, right, height - top, height - bottom, ch.size))
    return out


def _char_dict(text: str, x0: float, x1: float, top: float, bottom: float,
               size: float) -> dict[str, Any]:
    return {"object_type": "char", "text": text, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top,
            "size": size, "upright": True, "fontname": ""}


def page_drawing(page: Any, height: float) -> tuple[list[dict[str, Any]],
                                                     list[tuple[float, float, float, float]]]:
    """The ruling edges (pdfplumber edge dicts, top-down) and image boxes (left, bottom,
    right, top; PDF points) of a page, from one walk over its objects, form XObjects
    included (their matrices composed)."""
    import pypdfium2.raw as c

    edges: list[dict[str, Any]] = []
    images: list[tuple[float, float, float, float]] = []
    ident = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def walk(count: int, get: Any, parent: Any, outer: tuple[float, ...], depth: int) -> None:
        for i in range(count):
            obj = get(parent, i)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_PATH:
                _path_edges(obj, outer, height, edges)
            elif kind == c.FPDF_PAGEOBJ_IMAGE:
                box = _bounds(obj)
                if box is not None:
                    images.append(_transform_box(box, outer))
            elif kind == c.FPDF_PAGEOBJ_FORM and depth < 4:
                walk(c.FPDFFormObj_CountObjects(obj), c.FPDFFormObj_GetObject, obj,
                     _compose(_matrix(obj), outer), depth + 1)

    walk(c.FPDFPage_CountObjects(page.raw), c.FPDFPage_GetObject, page.raw, ident, 0)
    return edges, images


def _matrix(obj: Any) -> tuple[float, ...]:
    import pypdfium2.raw as c

    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `inner` and then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _bounds(obj: Any) -> tuple[float, float, float, float] | None:
    import pypdfium2.raw as c

    vals = [ctypes.c_float() for _ in range(4)]
    if not c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in vals)):
        return None
    return (vals[0].value, vals[1].value, vals[2].value, vals[3].value)


def _transform_box(box: tuple[float, ...], m: tuple[float, ...]
                   ) -> tuple[float, float, float, float]:
    if m == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0):
        return (box[0], box[1], box[2], box[3])
    pts = [_apply(m, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def _path_edges(obj: Any, outer: tuple[float, ...], height: float,
                edges: list[dict[str, Any]]) -> None:
    """Horizontal and vertical segments of a painted path, as pdfplumber makes them: a
    rectangle gives its four sides, any other subpath the sides between its points."""
    import pypdfium2.raw as c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and not (
            fill.value or stroke.value):
        return  # neither filled nor stroked: draws nothing
    for pts in _subpaths(obj, _compose(_matrix(obj), outer), height):
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            edge = _straight_edge(x0, y0, x1, y1)
            if edge is not None:
                edges.append(edge)


def _subpaths(obj: Any, m: tuple[float, ...], height: float
              ) -> list[list[tuple[float, float]]]:
    """The path's subpaths as points on the page (top-down), closed ones ending where
    they began."""
    import pypdfium2.raw as c

    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    for i in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, i)
        if not c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        px, py = _apply(m, x.value, y.value)
        point = (px, height - py)
        kind = c.FPDFPathSegment_GetType(seg)
        if kind == c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if c.FPDFPathSegment_GetClose(seg) and subpaths[-1][0] != point:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _straight_edge(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any] | None:
    """A horizontal or vertical segment as a pdfplumber edge; None for a slanted one or
    a point."""
    if abs(y0 - y1) < 0.01 and abs(x0 - x1) >= 0.01:
        orientation = "h"
    elif abs(x0 - x1) < 0.01 and abs(y0 - y1) >= 0.01:
        orientation = "v"
    else:
        return None
    left, right, top, bottom = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    if orientation == "h":
        top = bottom = (y0 + y1) / 2
    else:
        left = right = (x0 + x1) / 2
    return {"object_type": "line", "orientation": orientation, "x0": left,
            "x1": right, "top": top, "bottom": bottom, "doctop": top,
            "width": right - left, "height": bottom - top}


def figure_rows(chars: list[_Char]) -> int:
    """Lines of the page (as pdfium breaks them) holding two or more figures that stand
    in columns: figures whose right edges line up (within 2 pt) with figures on two
    other lines. Prose quoting numbers ("in 2022 and 2021") has no such columns."""
    text = "".join(ch.text for ch in chars)
    if len(text) != len(chars):
        return 0
    lines: list[list[int]] = []  # per line, its figures' right edges (rounded)
    for line in re.finditer(r"[^\r\n]+", text):
        rights = []
        for m in _FIGURE.finditer(line.group()):
            box = chars[line.start() + m.end() - 1].box
            if box[2] > box[0]:
                rights.append(round(box[2] / 2))
        if len(rights) >= 2:
            lines.append(rights)
    if len(lines) < MIN_FIGURE_ROWS:
        return 0
    seen: dict[int, int] = {}
    for rights in lines:
        for r in set(rights):
            seen[r] = seen.get(r, 0) + 1
    column = {r for r, n in seen.items() if n + seen.get(r - 1, 0) + seen.get(r + 1, 0) >= 3}
    return sum(1 for rights in lines
               if sum(1 for r in rights if {r - 1, r, r + 1} & column) >= 2)


class TableFinder:
    """pdfplumber's table finder over `PageShapes`; see the module docstring."""

    def __init__(self, label: str = ""):
        self.label = label
        self.failed = False
        # The headers of a table that ran to the foot of the last page read: a table
        # continued at the top of the next page without them gets them back.
        self.carried: list[str] | None = None

    def find(self, chars: list[_Char], shapes: PageShapes, index: int = 0
             ) -> list[TableRegion]:
        """The tables of one page (`index` counts from 0, for messages only)."""
        if self.failed:
            return []
        figures = figure_rows(chars)
        h_rules, v_rules = shapes.rules()
        ruled = MIN_RULES <= h_rules and MIN_RULES <= v_rules and \
            len(shapes.edges) <= MAX_EDGES
        if figures < MIN_FIGURE_ROWS and not ruled:
            return []
        try:
            from pdfplumber.table import TableFinder as PlumberFinder

            if not shapes.chars:
                shapes.chars = plumber_chars(chars, shapes.height)
            carried, self.carried = self.carried, None
            regions = []
            if ruled:
                regions = [r for t in PlumberFinder(shapes).tables
                           if (r := _region(chars, t, shapes.height, False, carried))]
            # Borderless statements (or shaded bands of one row each, which the lines
            # strategy finds as tables of one row): cells aligned by the words' positions.
            if not regions and figures >= MIN_FIGURE_ROWS:
                regions = [r for t in PlumberFinder(shapes, _BY_TEXT).tables
                           if (r := _region(chars, t, shapes.height, True, carried))]
            last = max(regions, key=lambda r: r.bbox[3], default=None)
            if last is not None and last.header and last.bbox[3] > 0.75 * shapes.height:
                self.carried = last.header
            return regions
        except Exception as exc:  # the finder is an aid; pdfium's text stands without it
            log.warning("%s: table finding stopped at page %d (%s); pages read as text",
                        self.label, index + 1, exc)
            self.failed = True
            return []


@dataclass
class _Cell:
    text: str = ""
    x0: float = float("inf")
    x1: float = float("-inf")
    size: float = 0.0  # largest font size of its characters
    spans: list[tuple[float, float]] = field(default_factory=list)  # its characters' x

    def add(self, ch: _Char) -> None:
        """Take in the extent and size of one of its characters (its text goes apart)."""
        self.x0, self.x1 = min(self.x0, ch.box[0]), max(self.x1, ch.box[2])
        self.size = max(self.size, ch.size)
        self.spans.append((ch.box[0], ch.box[2]))


def _region(chars: list[_Char], table: Any, height: float, by_text: bool,
            carried: list[str] | None = None) -> TableRegion | None:
    """The table as lines of text, its box grown by the rows and headers around it;
    `carried`: the headers of a table the previous page ended with."""
    if len(table.rows) < 2:
        return None  # a shaded band, not a table
    rows = _merge_columns(_cells(chars, table, height))
    if not rows:
        return None
    texts = [merge_units([c.text for c in row]) for row in rows]
    if not _holds_table(texts) or (by_text and not _numeric_table(texts)):
        return None
    x0, top, x1, bottom = table.bbox
    box = (x0, top, x1, bottom)
    if by_text:
        band = _figure_band(table, rows, texts)
        if band is None:
            return None
        rows, texts, box = band
    body = _Body(texts, [row[0].x0 if row and row[0].text else float("inf") for row in rows],
                 box)
    layout = _Columns.of(rows, texts)
    if layout is not None:
        _take_surroundings(body, chars, height, layout)
    opening = _header_from_rows(body, carried, height)
    lines = table_lines(_with_sections(body.texts, body.label_x), header=body.header)
    if not lines:
        return None
    return TableRegion(body.box, body.captions + opening + lines, body.header)


@dataclass
class _Body:
    """A table's rows as text on their way to lines, with its box and what heads it."""

    texts: list[list[str]]
    label_x: list[float]  # per row, its label's left edge (sections go by indent)
    box: tuple[float, float, float, float]  # x0, top, x1, bottom (points from the top)
    header: list[str] | None = None
    captions: list[str] = field(default_factory=list)


def _holds_table(texts: list[list[str]]) -> bool:
    """Two rows of two filled cells, and no cell of a page's length: a box round a text,
    a banner's or a page's frame is no table."""
    return sum(1 for t in texts if sum(1 for c in t if c) >= 2) >= 2 and not any(
        len(c.split()) > MAX_CELL_WORDS for t in texts for c in t)


def _figure_band(table: Any, rows: list[list[_Cell]], texts: list[list[str]]
                 ) -> tuple[list[list[_Cell]], list[list[str]],
                            tuple[float, float, float, float]] | None:
    """The rows of figures of a table found by text alignment, and their box.

    Aligned words take in the title and headers above a statement and the notes below
    it; the table is its rows of figures, and what lies above them is looked at again
    by position (`_around`)."""
    x0, _, x1, _ = table.bbox
    spans = [row.bbox for row in table.rows]
    data = [i for i, t in enumerate(texts) if t[0] and any(
        is_number(c) and not _YEAR.match(c) for c in t[1:])]
    if not data:
        return None
    rows = _merge_columns(rows[data[0]: data[-1] + 1], by_text=True)
    texts = [merge_units([c.text for c in row]) for row in rows]
    return rows, texts, (x0, spans[data[0]][1], x1, spans[data[-1]][3])


def _take_surroundings(body: _Body, chars: list[_Char], height: float,
                       layout: _Columns) -> None:
    """Grow the table by the rows and column headers just outside its box, and take
    the header from its opening rows where they name the columns."""
    x0, top, x1, bottom = body.box
    # A table whose first row names its columns has nothing of its own above it.
    near = _around(chars, height, layout, body.box, above=not first_row_is_header(body.texts))
    texts = [r for r, _ in near.above] + body.texts + [r for r, _ in near.below]
    label_x = [lx for _, lx in near.above] + body.label_x + [lx for _, lx in near.below]
    if near.headers:
        x1 = max(x1, layout.right)
    body.box = (x0, min(top, near.top), x1, max(bottom, near.bottom))
    body.captions = near.captions
    stacked = near.headers or [[] for _ in range(layout.width)]
    lead = _leading_header_rows(texts)
    for row in texts[:lead]:
        for j, cell in enumerate(row[: layout.width]):
            if cell:
                stacked[j].append(cell)
    if any(stacked[j] for j in layout.values):
        body.header = [" ".join(parts) for parts in stacked]
        texts, label_x = texts[lead:], label_x[lead:]
    body.texts, body.label_x = texts, label_x


def _header_from_rows(body: _Body, carried: list[str] | None, height: float) -> list[str]:
    """Without a header yet: the first row where it names the columns (it then opens
    the table's lines, the row it was), else the headers carried from the page before
    for a table at the top of the page with as many columns."""
    if body.header is not None:
        return []
    if first_row_is_header(body.texts):
        body.header, body.texts, body.label_x = body.texts[0], body.texts[1:], body.label_x[1:]
        return [" | ".join(c for c in body.header if c)]
    if carried and len(carried) == len(body.texts[0]) and body.box[1] < 0.25 * height:
        body.header = carried
    return []


def _cells(chars: list[_Char], table: Any, height: float) -> list[list[_Cell]]:
    """The text of each cell of a pdfplumber table from pdfium's characters (pdfplumber's
    own text splits words: "T opic"), spaces where the page has them or a word gap, and
    the horizontal extent of its characters."""
    from .pdf import _GAP, _word_gap

    rows = [list(row.cells) for row in table.rows]
    parts: list[list[list[str]]] = [[[] for _ in row] for row in rows]
    out = [[_Cell() for _ in row] for row in rows]
    spans = _row_spans(rows)
    last: dict[tuple[int, int], int] = {}  # cell -> index of its last character
    x0, top, x1, bottom = table.bbox
    for index, ch in enumerate(chars):
        if not ch.size:
            continue
        x = (ch.box[0] + ch.box[2]) / 2
        y = height - (ch.box[1] + ch.box[3]) / 2
        if not (x0 - 1 <= x <= x1 + ch.size and top - 1 <= y <= bottom + 1):
            continue
        hit = _cell_at(rows, spans, x, y, ch.size)
        if hit is None:
            continue
        r, c = hit
        prev = last.get(hit)
        if prev is not None and (
            any(chars[k].text.isspace() for k in range(prev + 1, index))
            or ch.box[0] < chars[prev].box[0] or _new_line(chars[prev], ch)
        ):
            parts[r][c].append(" ")
        elif prev is not None and _word_gap(chars[prev], ch):
            parts[r][c].append(_GAP)  # a space only if it splits words (as in the text)
        parts[r][c].append(ch.text)
        out[r][c].add(ch)
        last[hit] = index
    for r, row in enumerate(out):
        for c, cell in enumerate(row):
            cell.text = re.sub(r"\s+", " ", _gaps("".join(parts[r][c]))).strip()
        _move_currency_signs(row)
    return out


def _row_spans(rows: list[list[Any]]) -> tuple[tuple[float, float], ...]:
    """Each row's vertical span, so that a character is matched against one row's cells
    rather than every cell of the table (tables of 300 cells and 2,000 characters)."""
    spans = []
    for row in rows:
        filled = [cell for cell in row if cell]
        spans.append((min((c[1] for c in filled), default=1.0),
                      max((c[3] for c in filled), default=0.0)))
    return tuple(spans)


def _move_currency_signs(row: list[_Cell]) -> None:
    """A currency sign printed well left of its figure can fall in the cell before
    ("4,120 $" | "3,870"): it goes to the figure it stands for."""
    for c in range(len(row) - 2, -1, -1):  # from the right: "3,870 $" first
        cell = row[c]
        m = re.search(r"(?:^|\s)([$€£])$", cell.text)
        after = next((x for x in row[c + 1:] if x.text), None)
        if m and after is not None and is_number(after.text):
            cell.text = cell.text[: m.start()].strip()
            after.text = m.group(1) + after.text
            sign = max(cell.spans, key=lambda sp: sp[1])
            cell.spans.remove(sign)
            after.spans.append(sign)
            after.x0 = min(after.x0, sign[0])
            cell.x0 = min((sp[0] for sp in cell.spans), default=float("inf"))
            cell.x1 = max((sp[1] for sp in cell.spans), default=float("-inf"))


def _new_line(a: _Char, b: _Char) -> bool:
    """Whether b sits on a line below a's ("% of" / "Net Revenue" in one cell)."""
    return abs((a.box[1] + a.box[3]) - (b.box[1] + b.box[3])) / 2 > 0.5 * max(a.size, b.size)


def _merge_columns(rows: list[list[_Cell]], by_text: bool = False) -> list[list[_Cell]]:
    """The table's columns as printed. Cells found from shading or ruling often split one
    printed column in two ("$63,355" in one, "19,604" in the next, overlapping it): two
    neighbouring columns whose text overlaps horizontally and never shares a row (but
    for a unit in one and its figure in the other: "$" | "19,442") become one. Columns
    found by word alignment (`by_text`) cut through labels ("Cost of rev" | "enue:"):
    neighbours whose texts in some row lie closer than a wide space become one. Columns
    empty in every row go."""
    if not rows:
        return rows
    width = max(len(r) for r in rows)
    rows = [r + [_Cell() for _ in range(width - len(r))] for r in rows]

    def span(j: int) -> tuple[float, float] | None:
        filled = [r[j] for r in rows if r[j].text]
        if not filled:
            return None
        return min(c.x0 for c in filled), max(c.x1 for c in filled)

    def close(left: _Cell, right: _Cell) -> bool:
        size = max(left.size, right.size, 1.0)
        words = not any(is_number(t) or t[:1] in _UNITS or t[-1:] in _UNITS
                        for t in (left.text, right.text))
        return bool(left.text and right.text) and words and right.x0 - left.x1 < 0.6 * size

    keep = [j for j in range(width) if span(j) is not None]
    rows = [[r[j] for j in keep] for r in rows]
    j = 0
    while rows and j + 1 < len(rows[0]):
        a, b = span(j), span(j + 1)
        shared = any(r[j].text and r[j + 1].text and not (
            r[j].text in _UNITS or r[j + 1].text in _UNITS) for r in rows)
        overlap = a and b and min(a[1], b[1]) > max(a[0], b[0]) and not shared
        if overlap or (by_text and any(close(r[j], r[j + 1]) for r in rows)):
            for r in rows:
                r[j] = _joined(r[j], r[j + 1])
                del r[j + 1]
        else:
            j += 1
    return rows


def _gaps(text: str) -> str:
    """Text with word-gap marks (pdf._GAP) decided: a space next to a figure or a sign
    ("Q3 2023"), between letters only where it splits words ("% of Net", not
    "Per formance"; `pdf._decide_gaps`)."""
    from .pdf import _GAP, _decide_gaps

    text = re.sub(rf"(?<![^\W\d_]){_GAP}|{_GAP}(?![^\W\d_])", " ", text)
    return _decide_gaps(text)


def _joined(left: _Cell, right: _Cell) -> _Cell:
    from .pdf import _GAP

    if not left.text or not right.text:
        text = left.text + right.text
    elif left.text in _UNITS or right.text in _UNITS:
        text = left.text + right.text
    else:
        # touching: one word the columns cut ("Cost of rev" | "enue:"); else a gap
        # that is a space where it splits words
        size = max(left.size, right.size, 1.0)
        touching = right.x0 - left.x1 < 0.05 * size
        text = left.text + right.text if touching else _gaps(left.text + _GAP + right.text)
    return _Cell(text, min(left.x0, right.x0), max(left.x1, right.x1),
                 max(left.size, right.size), left.spans + right.spans)


@functools.lru_cache(maxsize=8)
def _bottoms(spans: tuple[tuple[float, float], ...]) -> list[float]:
    """Per row, the lowest bottom of it and the rows above it."""
    return list(itertools.accumulate((b for _, b in spans), max))


def _cell_at(rows: list[list[Any]], spans: tuple[tuple[float, float], ...], x: float,
             y: float, reach: float = 0.0) -> tuple[int, int] | None:
    """(row, column) of the first cell holding the point (pdfplumber's top-down points,
    1 pt of slack), or None; a point up to `reach` right of a row's last cell (the ")"
    of "(1,211)" hanging past a right-aligned column) belongs to that cell, and one in a
    row's span where it has no cell to the nearest cell of that row."""
    # Rows run top-down (pdfplumber sorts them by their top): only those starting above
    # the point can hold it, and none before the first whose bottom (or that of any row
    # before it) reaches down to it; searched top-down, the first holding it wins.
    reach_down = _bottoms(spans)
    fallback: int | None = None  # the first row holding the point in none of its cells
    first = bisect.bisect_left(reach_down, y - 1)  # the first row reaching down to y
    for r in range(first, bisect.bisect_right(spans, (y + 1, float("inf")))):
        row_top, row_bottom = spans[r]
        if not row_top - 1 <= y <= row_bottom + 1:
            continue
        for c, cell in enumerate(rows[r]):
            if cell and cell[0] - 1 <= x <= cell[2] + 1 and cell[1] - 1 <= y <= cell[3] + 1:
                return r, c
        last = max((c for c, cell in enumerate(rows[r]) if cell), default=None,
                   key=lambda c: rows[r][c][2])
        if last is not None and 0 < x - rows[r][last][2] <= reach:
            return r, last
        if fallback is None:
            fallback = r
    if fallback is not None:
        # Where a row has no cell (a missing rule: "1.1 A" left of its row's first
        # cell), the text goes to the nearest cell of the row rather than being lost.
        cells = [(min(abs(x - cell[0]), abs(x - cell[2])), c)
                 for c, cell in enumerate(rows[fallback]) if cell]
        if cells:
            return fallback, min(cells)[1]
    return None


def _numeric_table(rows: list[list[str]]) -> bool:
    """At least three rows and columns, and a third of the filled cells figures."""
    cells = [c.strip() for row in rows for c in row if c and c.strip()]
    if len(rows) < 3 or max(len(r) for r in rows) < 3 or not cells:
        return False
    # A long run of words in one cell is prose the alignment cut up, not a table.
    if any(len(c.split()) > 12 for c in cells):
        return False
    return sum(is_number(c) for c in cells) >= len(cells) / 3


@dataclass
class _Columns:
    """Where a table's columns of figures lie: per column (as the table's cells), the
    extent of its figures; `values` the columns that hold figures."""

    width: int
    values: list[int]
    spans: dict[int, tuple[float, float]]
    left: float  # left edge of the first column of figures' area
    right: float
    labels: float  # left edge of the row labels

    @classmethod
    def of(cls, rows: list[list[_Cell]], texts: list[list[str]]) -> _Columns | None:
        width = max(len(r) for r in rows)
        spans: dict[int, tuple[float, float]] = {}
        for row, text in zip(rows, texts, strict=True):
            for j, (cell, value) in enumerate(zip(row, text, strict=False)):
                if j == 0 or not value or not is_number(value) or cell.x0 == float("inf"):
                    continue
                lo, hi = spans.get(j, (cell.x0, cell.x1))
                spans[j] = (min(lo, cell.x0), max(hi, cell.x1))
        # A "$" printed in a column of its own belongs to the figures on its right.
        for j in list(spans):
            if j + 1 in spans and all(
                    not t[j] or t[j] in "$€£" for t in texts if j < len(t)):
                del spans[j]
        values = sorted(spans)
        if not values:
            return None
        centres = [(spans[j][0] + spans[j][1]) / 2 for j in values]
        pitch = min((b - a for a, b in zip(centres, centres[1:], strict=False)),
                    default=spans[values[0]][1] - spans[values[0]][0] + 40)
        labels = min((row[0].x0 for row in rows if row and row[0].text), default=0.0)
        return cls(width, values, spans, spans[values[0]][0] - 0.6 * pitch,
                   spans[values[-1]][1] + 0.5 * pitch, labels)

    def column_of(self, x0: float, x1: float) -> list[int]:
        """The columns of figures a piece of text from x0 to x1 stands over: those whose
        share of the row (between the midpoints to its neighbours) it overlaps."""
        bounds = []
        for k, j in enumerate(self.values):
            lo = self.left if k == 0 else (self.spans[self.values[k - 1]][1]
                                           + self.spans[j][0]) / 2
            hi = self.right if k == len(self.values) - 1 else (
                self.spans[j][1] + self.spans[self.values[k + 1]][0]) / 2
            bounds.append((j, lo, hi))
        width = max(x1 - x0, 0.1)
        hits = [j for j, lo, hi in bounds if min(x1, hi) - max(x0, lo) > 0.2 * width]
        if hits:
            return hits
        centre = (x0 + x1) / 2
        inside = [j for j, lo, hi in bounds if lo <= centre <= hi]
        return inside


@dataclass
class _Line:
    top: float
    bottom: float
    pieces: list[tuple[float, float, str]]  # (x0, x1, text): runs of words, left to right


def _lines_in(chars: list[_Char], height: float, box: tuple[float, float, float, float]
              ) -> list[_Line]:
    """Lines of text (top-down) whose characters' centres lie in the box (top-down
    points), each as runs of words split where the gap is wider than about an em."""
    x0, top, x1, bottom = box
    picked = []
    spaced: set[int] = set()  # characters the page puts a space (or line break) before
    for i, ch in enumerate(chars):
        if ch.text.isspace() or not ch.size:
            continue
        cx = (ch.box[0] + ch.box[2]) / 2
        cy = height - (ch.box[1] + ch.box[3]) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom:
            picked.append(ch)
            if i and chars[i - 1].text.isspace():
                spaced.add(id(ch))
    picked.sort(key=lambda ch: (-(ch.box[1] + ch.box[3]) / 2, ch.box[0]))
    lines = []
    for group in _same_line_groups(picked):
        group.sort(key=lambda ch: ch.box[0])
        lines.append(_Line(height - max(c.box[3] for c in group),
                           height - min(c.box[1] for c in group),
                           _word_runs(group, spaced)))
    return lines


def _same_line_groups(picked: list[_Char]) -> list[list[_Char]]:
    """Characters (sorted top-down) grouped into lines: those whose centres lie within
    about half a font size of the line's first character."""
    groups: list[list[_Char]] = []
    for ch in picked:
        cy = (ch.box[1] + ch.box[3]) / 2
        if groups:
            first = groups[-1][0]
            if abs((first.box[1] + first.box[3]) / 2 - cy) <= 0.4 * max(first.size, ch.size):
                groups[-1].append(ch)
                continue
        groups.append([ch])
    return groups


def _word_runs(group: list[_Char], spaced: set[int]) -> list[tuple[float, float, str]]:
    """One line's characters (left to right) as runs of words (x0, x1, text)."""
    from .pdf import _GAP

    pieces: list[list[Any]] = []
    for ch in group:
        size = max(ch.size, 1.0)
        gap = ch.box[0] - pieces[-1][1] > 0.15 * size if pieces else True
        space = id(ch) in spaced and ch.box[0] >= pieces[-1][1] - 0.5 if pieces else False
        # "19,442 $ 21,744": a currency sign after a space opens the next cell
        if pieces and ch.box[0] - pieces[-1][1] < 0.9 * size and not (
                gap and ch.text in "$€£"):
            pieces[-1][2] += (" " if space else _GAP if gap else "") + ch.text
            pieces[-1][1] = max(pieces[-1][1], ch.box[2])
        else:
            pieces.append([ch.box[0], ch.box[2], ch.text])
    return [(p[0], p[1], _gaps(p[2])) for p in pieces]


def _data_row(line: _Line, layout: _Columns) -> tuple[list[str], float] | None:
    """A line as a row of the table (label, figures in their columns) and its label's
    left edge, or None when it does not fit the table's columns."""
    row = [""] * layout.width
    label_x = float("inf")
    figures = 0
    for x0, x1, text in line.pieces:
        if x0 < layout.left:
            row[0] = (row[0] + " " + text).strip()
            label_x = min(label_x, x0)
            continue
        columns = layout.column_of(x0, x1)
        value = text.replace(" ", "") if is_number(text) else text
        if len(columns) != 1 or not (is_number(value) or value in "$€£%"):
            return None
        row[columns[0]] += value
        figures += is_number(value)
    if not row[0] or (not figures and not row[0].endswith(":") and not (
            abs(label_x - layout.labels) <= 3 and len(row[0]) <= 60)):
        return None
    return row, label_x


@dataclass
class _Around:
    """What lies just outside a table's box and belongs to it."""

    above: list[tuple[list[str], float]]  # rows of figures (cells, label's left edge)
    below: list[tuple[list[str], float]]
    headers: list[list[str]]  # per column, its header lines top-down ([] if none)
    captions: list[str]  # text left of the headers on their lines ("(In millions)")
    top: float
    bottom: float


def _around(chars: list[_Char], height: float, layout: _Columns,
            bbox: tuple[float, float, float, float], above: bool = True) -> _Around:
    """Rows missed just above (when `above`) and below a table's box, and the column
    headers printed above it."""
    x0, top, x1, bottom = bbox
    right = max(x1, layout.right)
    scan = _AboveScan(top=top)
    if above:
        scan.walk(_lines_in(chars, height, (x0 - 2, top - HEADER_REACH_PT, right, top - 0.5)),
                  layout)
    below, new_bottom = _rows_below(
        _lines_in(chars, height, (x0 - 2, bottom + 0.5, right, bottom + HEADER_REACH_PT)),
        layout, bottom)
    headers, captions = _column_headers(scan.header_lines, layout)
    return _Around(scan.rows[::-1], below, headers, captions, scan.top, new_bottom)


@dataclass
class _AboveScan:
    """The walk up from a table's top, line by line, and what it has taken in."""

    top: float  # the table's top so far
    rows: list[tuple[list[str], float]] = field(default_factory=list)  # bottom-up
    header_lines: list[_Line] = field(default_factory=list)  # bottom-up
    widest: int = 0  # most columns one header line stands over
    pending: int = 0  # bare labels last taken in, not yet known to belong to the table

    def walk(self, lines: list[_Line], layout: _Columns) -> None:
        edge = self.top
        for line in reversed(lines):
            size = max(line.bottom - line.top, 4.0)
            if edge - line.bottom > 1.8 * size + 2 or not self.take(line, layout):
                break
            edge = line.top
        if self.pending:
            del self.rows[-self.pending:]

    def take(self, line: _Line, layout: _Columns) -> bool:
        """Take in the next line up; False where the table ends below it."""
        over = [p for p in line.pieces if p[0] >= layout.left]
        figures = [p for p in over if is_number(p[2]) and not _YEAR.match(p[2])]
        if over and not figures:
            return self._take_header(line, layout, over)
        if not self.header_lines and (row := _data_row(line, layout)) is not None:
            self.rows.append(row)
            # A bare label ("Assets") belongs to the table only if headers lie above it;
            # otherwise it is the text before the table (its title).
            self.pending = self.pending + 1 if not any(row[0][1:]) and \
                not row[0][0].endswith(":") else 0
            if not self.pending:
                self.top = line.top
            return True
        return False

    def _take_header(self, line: _Line, layout: _Columns,
                     over: list[tuple[float, float, str]]) -> bool:
        columns = [layout.column_of(p[0], p[1]) for p in over]
        if len(self.header_lines) >= MAX_HEADER_LINES or not all(columns):
            return False
        # One short line over one column, above headers over several, is a title
        # centred on the page ("(In millions)"), not a column's header.
        if len(columns) == 1 and len(columns[0]) == 1 and self.widest > 1:
            return False
        self.widest = max(self.widest, len({j for cols in columns for j in cols}))
        self.header_lines.append(line)
        self.pending, self.top = 0, line.top
        return True


def _rows_below(lines: list[_Line], layout: _Columns, bottom: float
                ) -> tuple[list[tuple[list[str], float]], float]:
    """Rows of figures that go on just below a table's box, and the table's new bottom."""
    below: list[tuple[list[str], float]] = []
    edge = bottom
    for line in lines:
        size = max(line.bottom - line.top, 4.0)
        row = _data_row(line, layout)
        if line.top - edge > 1.8 * size + 2 or row is None or not any(row[0][1:]):
            break
        below.append(row)
        edge = line.bottom
    return below, edge


def _column_headers(header_lines: list[_Line], layout: _Columns
                    ) -> tuple[list[list[str]], list[str]]:
    """Per column, its header lines top-down ([] without header lines), and the text
    left of the headers (captions); `header_lines` bottom-up."""
    headers: list[list[str]] = [[] for _ in range(layout.width)] if header_lines else []
    captions = []
    groups: list[list[int]] = []  # columns each piece of the line above stands over
    for line in reversed(header_lines):
        left = " ".join(p[2] for p in line.pieces if p[0] < layout.left)
        if left:
            captions.append(left)
        groups = _place_headers(line, layout, groups, headers)
    return headers, captions


def _place_headers(line: _Line, layout: _Columns, groups: list[list[int]],
                   headers: list[list[str]]) -> list[list[int]]:
    """Add one header line's pieces to the columns they stand over; the columns each
    piece stands over, for the line below."""
    placed = [(layout.column_of(p0, p1), text) for p0, p1, text in line.pieces
              if p0 >= layout.left]
    used = {j for cols, _ in placed for j in cols}
    for cols, text in placed:
        # "December 31," printed once under "Three Months Ended" (over two columns)
        # and over the right one only: it stands for both.
        group = next((g for g in groups if set(cols) <= set(g)), cols)
        if len(placed) < len(used | set(group)) and not (set(group) - set(cols)) & used:
            cols = group
        for j in cols:
            headers[j].append(text)
    return [cols for cols, _ in placed]


def _leading_header_rows(texts: list[list[str]]) -> int:
    """How many rows open the table as column headers: no row label, and no figure but
    a year ("2022" over a column)."""
    n = 0
    for row in texts:
        filled = [c for c in row[1:] if c]
        if row[0] or not filled or any(is_number(c) and not _YEAR.match(c) for c in filled):
            break
        n += 1
    return n


def _with_sections(texts: list[list[str]], label_x: list[float]) -> list[list[str]]:
    """Rows under a section label ("Cost of sales:" alone on its row) and indented
    beneath it carry the section in their label: "Cost of sales: Products", so that
    "Products" under net sales and under cost of sales stay apart. The section's own row
    then goes (its words are in every row beneath it)."""
    out: list[list[str]] = []
    section: tuple[str, float, int] | None = None  # label, left edge, its row in out
    carried: set[int] = set()
    for row, x in zip(texts, label_x, strict=True):
        label = row[0] if row else ""
        alone = bool(label) and not any(row[1:])
        if alone and label.endswith(":") and len(label) <= MAX_SECTION_CHARS:
            section = (label, x, len(out))
            out.append(row)
            continue
        if section is not None and label and x <= section[1] + 1:
            section = None
        if section is not None and label:
            row = [f"{section[0]} {label}", *row[1:]]
            carried.add(section[2])
        out.append(row)
    return [row for i, row in enumerate(out) if i not in carried]
