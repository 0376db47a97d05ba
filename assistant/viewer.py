"""The source viewer: the cited page of a PDF rendered as an image with the quoted
sentence highlighted by its character boxes; for DOCX, HTML and text reports the cited
section as text with the quote marked.

A citation's offsets point into the *cleaned* page text (lines joined, end-of-line
hyphens dropped, running headers removed, the end of a sentence carried over from the next
page). Instead of threading a character map through every clean-up step (which would tie
the viewer to each step's internals), the cleaned passage is aligned with the page's own
characters as pdfium reports them, plus the head of the next page, over non-whitespace
characters with each page character NFKC-normalised as the clean-up does; characters
the clean-up dropped (hyphens, headers, footnote marks, control characters) are gaps of
the alignment. Alignment: difflib's SequenceMatcher (Ratcliff/Obershelp longest matching
blocks) in a window around an exact anchor. A scanned page has no pdfium characters: it
is read again with Tesseract's word boxes (TSV output) and aligned the same way.
"""

from __future__ import annotations

import base64
import difflib
import html
import io
import logging
import re
import shutil
import subprocess
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .settings import Settings
from .types import Citation

logger = logging.getLogger(__name__)

# Render scale at zoom 1: 1.5 pixels per PDF point (108 dpi), sharp in a side panel;
# the page is drawn at the panel's width times the zoom.
BASE_SCALE = 1.5
OCR_SCALE = 300 / 72  # as the PDF reader OCRs pages
_DROPPED = set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u00b9\u00b2\u00b3\u2070") | set(
    map(chr, range(0x2074, 0x207A))) | set(map(chr, range(0x202A, 0x202F))) | set(
    map(chr, range(0x2066, 0x206A))) | {"\u200e", "\u200f", "\x00"}


@dataclass
class Box:
    """A rectangle in PDF points, origin at the page's bottom-left."""

    left: float
    bottom: float
    right: float
    top: float


@dataclass
class Unit:
    """One non-whitespace character of a page as the clean-up would see it."""

    char: str
    page: int  # 0-based page index
    index: int  # pdfium character index, or the OCR word's number
    box: Box | None = None  # for OCR words, their box


@dataclass
class Highlight:
    """Where a quote lies on the rendered pages: per 0-based page index, the pdfium
    character indices (text pages) or word boxes (OCR pages) of the quote."""

    chars: dict[int, list[int]] = field(default_factory=dict)
    boxes: dict[int, list[Box]] = field(default_factory=dict)
    matched: float = 0.0  # share of the quote's characters found on the page(s)


def _units_of_text(text: str, page: int, indices: list[int] | None = None) -> list[Unit]:
    out: list[Unit] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _DROPPED:
            continue
        if ch in "\ufffe\ufffd" or ch == "\x02":  # pdfium's marks for a line-end hyphen
            norm = "-"
        else:
            norm = unicodedata.normalize("NFKC", ch)
        for c in norm:
            if not c.isspace():
                out.append(Unit(c, page, indices[i] if indices else i))
    return out


def page_text(textpage: Any) -> str:
    """The text of a pdfium text page with text[i] the character of index i."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    if len(text) == n:
        return text
    import pypdfium2.raw as raw  # surrogate pairs or odd producers: one call per char

    return "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))


def _nonspace(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The NFKC characters of text[start:end] that the page prints there, with their
    offsets: whitespace and the reader's table markup are left out."""
    markup = _table_markup(text)
    chars, where = [], []
    for i in range(start, end):
        ch = text[i]
        if not ch.isspace() and i not in markup:
            for c in unicodedata.normalize("NFKC", ch):
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def _table_markup(text: str) -> set[int]:
    """Offsets of what the PDF reader adds to a table row: the "|" between cells and the
    column headers repeated before figures ("Revenue | Six Months Ended March 31, 2025:
    4,120", readers.tables.table_lines). The page prints each header once above the
    table, so aligned with the row they would pull it towards the header lines and count
    as missing from it."""
    if " | " not in text:
        return set()
    from .readers.tables import is_number

    out = {m.start() + 1 for m in re.finditer(r" \| ", text)}
    pos = 0
    for line in text.split("\n"):
        at = pos
        for k, cell in enumerate(line.split(" | ") if " | " in line else ()):
            head, sep, value = cell.rpartition(": ")
            if k and sep and head and is_number(value):
                out.update(range(at, at + len(head) + len(sep)))
            at += len(cell) + 3
        pos += len(line) + 1
    return out


def align(passage: str, q_start: int, q_end: int, units: list[Unit]) -> tuple[list[Unit], float]:
    """The page units that the passage's characters [q_start, q_end) came from, and the
    share of those characters found. `units` are the page's (and the next page's)
    characters in reading order."""
    clean, where = _nonspace(passage, 0, len(passage))
    if not clean or not units:
        return [], 0.0
    raw = "".join(u.char for u in units)
    quote_at = next((k for k, w in enumerate(where) if w >= q_start), 0)
    lo, hi = _window(clean, raw, quote_at)
    matcher = difflib.SequenceMatcher(None, clean, raw[lo:hi], autojunk=False)
    got: dict[int, int] = {}
    for a, b, n in matcher.get_matching_blocks():
        for k in range(n):
            got[a + k] = lo + b + k
    wanted = [k for k, w in enumerate(where) if q_start <= w < q_end]
    hits = [got[k] for k in wanted if k in got]
    if not wanted:
        return [], 0.0
    # Blocks of one or two characters far from their neighbours are chance matches.
    hits = _coherent(hits)
    share = len(hits) / len(wanted)
    if not hits:
        return [], share
    return [units[i] for i in _fill_gaps(hits)], share


def _window(clean: str, raw: str, quote_at: int) -> tuple[int, int]:
    """The stretch of `raw` to align `clean` with: around an exact anchor (the quote's
    start, else the passage's), so a common letter far away is never matched; all of
    `raw` when no anchor is found."""
    for size in (24, 12, 6):
        for qs in (quote_at, 0):
            pos = _anchor(clean, raw, qs, size)
            if pos >= 0:
                return (max(0, pos - qs - 400),
                        min(len(raw), pos + (len(clean) - qs) * 2 + 800))
    return 0, len(raw)


def _fill_gaps(hits: list[int]) -> list[int]:
    """The hits with small gaps (a dropped hyphen, a ligature's other half) filled, sorted."""
    picked = set(hits)
    ordered = sorted(picked)
    for x, y in zip(ordered, ordered[1:], strict=False):
        if 1 < y - x <= 3:
            picked.update(range(x + 1, y))
    return sorted(picked)


def _anchor(clean: str, raw: str, at: int, size: int) -> int:
    """Where clean[at:at+size] occurs in raw; of several places (a sentence repeated in a
    summary box), the one whose surroundings match the passage best. -1: nowhere."""
    anchor = clean[at : at + size]
    if len(anchor) < size:
        return -1
    found, pos = [], raw.find(anchor)
    while pos >= 0 and len(found) < 20:
        found.append(pos)
        pos = raw.find(anchor, pos + 1)
    if len(found) <= 1:
        return found[0] if found else -1
    context = clean[max(0, at - 120) : at + 120]

    def fit(p: int) -> float:
        around = raw[max(0, p - (at - max(0, at - 120)) - 40) : p + 160]
        return difflib.SequenceMatcher(None, context, around, autojunk=False).ratio()

    return max(found, key=fit)


def _coherent(hits: list[int]) -> list[int]:
    if len(hits) < 3:
        return hits
    s = sorted(hits)
    median = s[len(s) // 2]
    span = max(200, 3 * len(hits))
    return [h for h in hits if abs(h - median) <= span]


# ------------------------------------------------------------------ PDF pages

_cache: OrderedDict[tuple, Any] = OrderedDict()
_cache_lock = threading.Lock()


def _cached(key: tuple, make: Any) -> Any:
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = make()
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > 64:
            _cache.popitem(last=False)
    return value


def _pdf_units(doc: Any, index: int) -> list[Unit]:
    page = doc[index]
    return _units_of_text(page_text(page.get_textpage()), index)


def _ocr_units(path: Path, doc: Any, index: int, language: str) -> list[Unit]:
    """Words of a scanned page with their boxes, as Tesseract reads the page image the PDF
    reader OCR'd (same scale, same language)."""
    if shutil.which("tesseract") is None:
        return []

    def run() -> list[Unit]:
        page = doc[index]
        image = page.render(scale=OCR_SCALE).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", language, "tsv"],
                              input=buf.getvalue(), capture_output=True, timeout=300)
        _, height = page.get_size()
        units: list[Unit] = []
        for n, line in enumerate(proc.stdout.decode("utf-8", "replace").splitlines()[1:]):
            cols = line.split("\t")
            if len(cols) < 12 or not cols[11].strip():
                continue
            left, top, w, h = (int(c) / OCR_SCALE for c in cols[6:10])
            box = Box(left, height - top - h, left + w, height - top)
            for u in _units_of_text(cols[11], index):
                units.append(Unit(u.char, index, n, box))
        return units

    return _cached(("ocr", str(path), path.stat().st_mtime, index, language), run)


def _may_hold_scans(page: Any) -> bool:
    """Whether the PDF reader may have OCR'd (part of) the page: too few characters
    for a text page, or images over a share of it (its rule, readers.pdf)."""
    from .readers.pdf import MIN_PAGE_CHARS, MIN_SCAN_SHARE
    from .readers.pdf_tables import page_drawing

    text = page_text(page.get_textpage())
    if sum(not ch.isspace() for ch in text) < MIN_PAGE_CHARS:
        return True
    width, height = page.get_size()
    try:
        _, images = page_drawing(page, height)
    except Exception:  # an odd object tree: as the reader, judge the page by its text
        return False
    area = sum(max(0.0, min(r, width) - max(x, 0.0)) * max(0.0, min(t, height) - max(b, 0.0))
               for x, b, r, t in set(images))
    return area >= MIN_SCAN_SHARE * width * height


def locate_pdf(path: Path, citation: Citation, language: str = "eng") -> Highlight:
    """Where the citation's quote is on its page (and the next, where its sentence
    ends there). Raises ConfigError for a PDF that cannot be opened."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ConfigError(f"{path.name}: cannot be shown ({exc})") from exc
    try:
        first = (citation.page or 1) - 1
        pages = [p for p in (first, first + 1) if 0 <= p < len(doc)]
        passage, q_start, q_end = _passage_of(citation)
        units = [u for p in pages for u in _pdf_units(doc, p)]
        picked, share = align(passage, q_start, q_end, units)
        # Only a page the reader OCR'd (a scan, or images of text on it) can hold a quote
        # its text layer lacks; on a digital page a low share (a table row's figures
        # under headers printed once) is no reason to read the page again.
        if share < 0.8 and any(_may_hold_scans(doc[p]) for p in pages):
            ocr = [u for p in pages for u in _ocr_units(path, doc, p, language)]
            got, ocr_share = align(passage, q_start, q_end, ocr)
            if ocr_share > share:
                picked, share = got, ocr_share
        result = Highlight(matched=share)
        for u in picked:
            if u.box is not None:
                boxes = result.boxes.setdefault(u.page, [])
                if not boxes or boxes[-1] is not u.box:
                    boxes.append(u.box)
            else:
                chars = result.chars.setdefault(u.page, [])
                if not chars or chars[-1] != u.index:
                    chars.append(u.index)
        return result
    finally:
        doc.close()


def _passage_of(c: Citation) -> tuple[str, int, int]:
    """The cleaned text to align (the retrieved passage, for context) and the quote's
    offsets in it."""
    passage = c.passage or ""
    rel = c.start - c.passage_start
    if passage and 0 <= rel and passage[rel : rel + len(c.quote)] == c.quote:
        return passage, rel, rel + len(c.quote)
    return c.quote, 0, len(c.quote)


def char_boxes(textpage: Any, indices: list[int]) -> list[Box]:
    """The highlight rectangles of pdfium characters: one per run of characters on a
    line, in PDF points."""
    rects: list[Box] = []
    last = -2
    for i in sorted(indices):
        left, bottom, right, top = textpage.get_charbox(i)
        if right - left <= 0 or top - bottom <= 0:
            continue
        box = Box(left, bottom, right, top)
        r = rects[-1] if rects else None
        same_line = r is not None and i - last <= 3 and min(r.top, top) - max(r.bottom, bottom) \
            > 0.5 * min(r.top - r.bottom, top - bottom) and left >= r.left - 2
        if same_line and r is not None:
            r.left, r.bottom = min(r.left, left), min(r.bottom, bottom)
            r.right, r.top = max(r.right, right), max(r.top, top)
        else:
            rects.append(box)
        last = i
    return rects


@dataclass
class RenderedPage:
    """A rendered PDF page: PNG bytes, its pixel size, the highlight rectangles in pixels
    (x, y, width, height; origin top-left) and the page count of the document."""

    png: bytes
    width: int
    height: int
    rects: list[tuple[float, float, float, float]]
    page: int  # 1-based
    pages: int
    scale: float


def render_pdf_page(path: Path, page: int, highlight: Highlight | None,
                    zoom: float = 1.0) -> RenderedPage:
    """Render 1-based `page` of a PDF with the highlight's rectangles for that page."""
    import pypdfium2 as pdfium

    scale = BASE_SCALE * max(0.25, min(zoom, 4.0))
    doc = pdfium.PdfDocument(str(path))
    try:
        page = max(1, min(page, len(doc)))
        pdf_page = doc[page - 1]
        # Boxes are in page space; the image shows the page's effective box (crop box
        # within the media box, inherited ones included), from its top-left corner.
        left0, _, _, height_top = pdf_page.get_bbox()
        image = pdf_page.render(scale=scale).to_pil()
        boxes: list[Box] = []
        if highlight is not None:
            if page - 1 in highlight.chars:
                boxes += char_boxes(pdf_page.get_textpage(), highlight.chars[page - 1])
            boxes += _merge_word_boxes(highlight.boxes.get(page - 1, []))
        rects = [((b.left - left0) * scale, (height_top - b.top) * scale,
                  (b.right - b.left) * scale, (b.top - b.bottom) * scale) for b in boxes]
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False)
        return RenderedPage(buf.getvalue(), image.width, image.height, rects, page, len(doc),
                            scale)
    finally:
        doc.close()


def _merge_word_boxes(boxes: list[Box]) -> list[Box]:
    out: list[Box] = []
    for b in boxes:
        r = out[-1] if out else None
        if r and min(r.top, b.top) - max(r.bottom, b.bottom) > 0.5 * (b.top - b.bottom) \
                and b.left >= r.left:
            r.right, r.top, r.bottom = max(r.right, b.right), max(r.top, b.top), min(
                r.bottom, b.bottom)
        else:
            out.append(Box(b.left, b.bottom, b.right, b.top))
    return out


# ------------------------------------------------------------------ the panel


@dataclass
class ViewTarget:
    """What the viewer shows: a report, a 1-based page (or section index for reports
    without pages), the citation being shown and the zoom."""

    file: str
    page: int
    citation: dict[str, Any] | None = None
    zoom: float = 1.0


def report_path(settings: Settings, file: str, indexed: set[str] | None) -> Path:
    """The file of an indexed report. Raises ConfigError for anything else."""
    root = settings.corpus_dir.resolve()
    path = (root / file).resolve()
    if (indexed is not None and file not in indexed) or not path.is_relative_to(root) \
            or not path.is_file():
        raise ConfigError(f"{file}: not an indexed report")
    return path


def _citation(target: ViewTarget) -> Citation | None:
    if not target.citation:
        return None
    import dataclasses

    names = {f.name for f in dataclasses.fields(Citation)}
    return Citation(**{k: v for k, v in target.citation.items() if k in names})


def view_html(settings: Settings, target: ViewTarget, indexed: set[str] | None) -> str:
    """The viewer panel's HTML for `target`. Report text is escaped; the page image is a
    data URL, so nothing is fetched from the report."""
    path = report_path(settings, target.file, indexed)
    c = _citation(target)
    from .readers import sniff

    with open(path, "rb") as f:
        head = f.read(65536)
    if sniff(head, path.suffix.lower()) == "pdf":
        return _pdf_html(settings, path, target, c)
    return _text_html(settings, path, target, c)


def _pdf_html(settings: Settings, path: Path, target: ViewTarget, c: Citation | None) -> str:
    highlight = None
    if c is not None:
        key = ("hl", str(path), path.stat().st_mtime, c.page, c.start, c.end, c.quote)
        highlight = _cached(key, lambda: locate_pdf(path, c, settings.ocr_language))
    r = render_pdf_page(path, target.page, highlight, target.zoom)
    data = base64.b64encode(r.png).decode()
    # Rectangles in percent of the page, so the page fits the panel's width at zoom 1 and
    # the highlight stays on its characters at any size.
    marks = "".join(
        f'<div class="hl" style="left:{100 * x / r.width:.3f}%;top:{100 * y / r.height:.3f}%;'
        f'width:{100 * w / r.width:.3f}%;height:{100 * h / r.height:.3f}%"></div>'
        for x, y, w, h in r.rects)
    note = ""
    if c is not None and not r.rects and target.page == c.page:
        note = ('<p class="viewer-note">The quote could not be placed on this page image; '
                "it is shown in the sources.</p>")
    caption = _caption(target.file, f"page {r.page} of {r.pages}", c)
    return (f'<div class="viewer" data-page="{r.page}" data-pages="{r.pages}">{caption}{note}'
            f'<div class="viewer-scroll"><div class="viewer-page" data-zoom="{target.zoom:g}" '
            f'style="width:{100 * target.zoom:.0f}%"><img alt="page {r.page}" '
            f'width="{r.width}" height="{r.height}" src="data:image/png;base64,{data}">'
            f"{marks}</div></div></div>")


def _caption(file: str, where: str, c: Citation | None) -> str:
    title = html.escape(c.title or file) if c else html.escape(file)
    quote = f' · quoting [{c.n}]' if c else ""
    return (f'<div class="viewer-caption"><b>{title}</b> · {html.escape(file)} · '
            f"{html.escape(where)}{quote}</div>")


def _sections(settings: Settings, path: Path) -> list[Any]:
    from .readers import read_report

    def read() -> list[Any]:
        return read_report(path, None, ocr=False).pages

    return _cached(("sections", str(path), path.stat().st_mtime), read)


def section_index(pages: list[Any], c: Citation) -> int:
    """The 0-based section (or page) of a report without PDF pages that holds the quote."""
    fits = [i for i, p in enumerate(pages) if p.text[c.start : c.end] == c.quote]
    same = [i for i in fits if (pages[i].number or None) == (c.page or None)
            and (pages[i].location or None) == (c.location or None)]
    if same or fits:
        return (same or fits)[0]
    found = [i for i, p in enumerate(pages) if c.quote in p.text]
    return found[0] if found else 0


def _text_html(settings: Settings, path: Path, target: ViewTarget, c: Citation | None) -> str:
    pages = _sections(settings, path)
    if not pages:
        raise ConfigError(f"{path.name}: nothing to show")
    index = max(0, min(target.page - 1, len(pages) - 1))
    page = pages[index]
    text = page.text
    if c is not None and text[c.start : c.end] == c.quote:
        body = (f"{html.escape(text[: c.start])}<mark id=\"viewer-quote\">"
                f"{html.escape(c.quote)}</mark>{html.escape(text[c.end :])}")
    elif c is not None and c.quote in text:
        i = text.index(c.quote)
        body = (f"{html.escape(text[:i])}<mark id=\"viewer-quote\">{html.escape(c.quote)}"
                f"</mark>{html.escape(text[i + len(c.quote):])}")
    else:
        body = html.escape(text)
    body = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    where = page.location or (f"page {page.number}" if page.number else "text")
    caption = _caption(target.file, f"{where} ({index + 1} of {len(pages)})", c)
    return (f'<div class="viewer" data-page="{index + 1}" data-pages="{len(pages)}">{caption}'
            f'<div class="viewer-scroll viewer-text">{body}</div></div>')


def target_for(settings: Settings, c: Citation) -> ViewTarget:
    """The viewer target that opens citation `c` at its page or section."""
    import dataclasses

    page = c.page or 1
    if not c.page:
        try:
            path = report_path(settings, c.file, None)
            page = section_index(_sections(settings, path), c) + 1
        except ConfigError as exc:  # the section is not found: the first one
            logger.info("no section of %s for the citation: %s", c.file, exc)
            page = 1
    return ViewTarget(file=c.file, page=page, citation=dataclasses.asdict(c))


# Scroll the viewer's own box (not the page) so the highlight is in sight; after the page
# image has had a moment to lay out.
SCROLL_JS = """() => { setTimeout(() => {
  const box = document.querySelector('#viewer .viewer-scroll');
  const m = document.querySelector('#viewer .hl, #viewer mark');
  if (!box || !m) return;
  const b = box.getBoundingClientRect(), r = m.getBoundingClientRect();
  box.scrollTop += r.top - b.top - box.clientHeight / 3;
  box.scrollLeft += r.left - b.left - 16; }, 200); }"""

CSS = """
#viewer .viewer-scroll { max-height: 720px; overflow: auto; border: 1px solid
  var(--border-color-primary); border-radius: 6px; }
#viewer .viewer-page { position: relative; }
#viewer .viewer-page img { display: block; width: 100%; height: auto; max-width: none; }
#viewer .hl { position: absolute; background: rgba(250, 204, 21, 0.42);
  outline: 1px solid rgba(202, 138, 4, 0.9); mix-blend-mode: multiply; pointer-events: none; }
#viewer .viewer-text { padding: 8px 12px; }
#viewer mark { background: #fde68a; color: inherit; }
#viewer .viewer-caption { font-size: 0.9em; margin-bottom: 6px; }
#viewer .viewer-note { color: #b45309; }
"""
