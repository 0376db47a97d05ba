"""PDF pages through pdfium (fast, Apache/BSD licensed, robust on real layouts), with
Tesseract OCR for scanned pages and scanned regions, tables through pdfplumber.

Per page, from pdfium's characters and their boxes:
  * a space is put where two characters sit a word gap apart with no space character
    between them ("theSt. Elizabeths" -> "the St. Elizabeths");
  * a page with (almost) no text is OCR'd whole; a page whose images cover a large area
    with no text over it (a scan under a one-line digital stamp) has those image regions
    OCR'd, when they look like text (mostly light, with dark strokes) rather than photos;
  * on pages with ruling lines or columns of figures, pdfplumber finds tables; their
    characters are replaced by the table's rows, one per line, cells separated by " | "
    and each figure labelled with its column header (`tables.table_lines`).
pdfplumber was measured against camelot on the 10-Q statements and the CSJ report
(bench/table_finders.py); see the README.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cleaning import zipf
from ..errors import ReportError
from .columns import reading_order
from .pdf_tables import PageShapes, TableFinder, TableRegion, page_drawing

log = logging.getLogger(__name__)

# Fewer characters than this on a page means a scan or a picture, not a text page.
MIN_PAGE_CHARS = 20
# A gap wider than this share of the font size between two characters is a word gap.
WORD_GAP = 0.15
# Share of the page that images cover with no text over them before they are OCR'd.
MIN_SCAN_SHARE = 0.2
_GRID = 48  # cells per side of the coverage grid


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


@functools.lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Tesseract's installed language packs (empty without Tesseract)."""
    if not tesseract_available():
        return frozenset()
    proc = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=60)
    lines = proc.stdout.decode("utf-8", "replace").splitlines()[1:]
    return frozenset(ln.strip() for ln in lines if ln.strip())


def usable_languages(setting: str) -> tuple[str, list[str]]:
    """The installed part of an OCR language setting ("eng+urd+rus") and the missing
    languages; "eng" when none of them is installed."""
    wanted = [lang for lang in re.split(r"[+,\s]+", setting) if lang]
    have = installed_languages()
    missing = [lang for lang in wanted if lang not in have]
    usable = [lang for lang in wanted if lang in have] or ["eng"]
    return "+".join(usable), missing


@dataclass
class _PageRead:
    text: str
    ocr: bool = False
    blank: bool = False  # no ink at all: not sent to OCR
    skipped_images: int = 0
    ocr_regions: int = 0
    tables: int = 0
    notes: list[str] = field(default_factory=list)


def read_pdf(
    path: Path, label: str, *, ocr: bool = True, ocr_language: str = "eng",
    limits: Any = None, progress: Callable[[str], None] | None = None, tables: bool = True,
) -> tuple[list[str], list[int], dict[str, str], list[str]]:
    """Raw text of each physical page (1-based order kept; page labels ignored), the
    numbers of pages read wholly or partly by OCR, the document's info dictionary, and
    notes on what was not read. `tables` (ASSISTANT_PDF_TABLES) turns table finding on.

    OCR is bounded per file by `limits.ocr_max_pages` and `limits.ocr_max_seconds`
    (pages or regions past either are noted, not read); `progress` gets "OCR page i"."""
    budget = _OcrBudget(limits)
    doc = _open_pdf(path, label)
    can_ocr = ocr and tesseract_available()
    language, missing_langs = usable_languages(ocr_language) if can_ocr else ("eng", [])
    finder = TableFinder(label) if tables else None
    tally = _PageTally()
    try:
        info = _info(doc)
        if can_ocr and progress:
            budget.expected += _sparse_page_count(doc)
        for i in range(len(doc)):
            read = _read_page(doc[i], i, can_ocr, language, finder, budget, progress)
            tally.add(i + 1, read, can_ocr, budget)
    finally:
        doc.close()
    notes = _ocr_notes(label, budget, missing_langs, language)
    notes += _unread_notes(label, tally, ocr)
    return tally.pages, tally.ocr_pages, info, notes


def _open_pdf(path: Path, label: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise ReportError(label, "encrypted PDF; save a copy without a password") from exc
        raise ReportError(label, f"damaged or unreadable PDF ({exc}); re-export it") from exc


def _info(doc: Any) -> dict[str, str]:
    try:
        return {k: v for k, v in doc.get_metadata_dict().items() if isinstance(v, str)}
    except Exception:  # metadata is optional and often broken; the text is what matters
        return {}


def _sparse_page_count(doc: Any) -> int:
    """Pages with (almost) no text: the ones likely to need OCR, for the progress line."""
    import pypdfium2 as pdfium

    count = 0
    for i in range(len(doc)):
        try:
            little = len(doc[i].get_textpage().get_text_range().strip()) < MIN_PAGE_CHARS
        except pdfium.PdfiumError:
            little = True
        count += little
    return count


@dataclass
class _PageTally:
    """The pages' text and, by 1-based page number, which were OCR'd or left unread."""

    pages: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)  # scans that could not be OCR'd
    photos: list[int] = field(default_factory=list)  # pictures judged not to be text
    blank: list[int] = field(default_factory=list)  # OCR found nothing
    empty: list[int] = field(default_factory=list)  # pages without ink

    def add(self, number: int, read: _PageRead, can_ocr: bool, budget: _OcrBudget) -> None:
        has_text = bool(read.text.strip())
        if read.ocr:
            self.ocr_pages.append(number)
        if read.blank and not has_text:
            self.empty.append(number)
        elif not has_text and read.ocr:
            self.blank.append(number)  # OCR found nothing: a picture or an empty page
        elif number in budget.skipped:
            pass  # noted with the OCR limit that stopped it
        elif not has_text or (read.skipped_images and not can_ocr):
            self.missing.append(number)
        elif read.skipped_images:
            self.photos.append(number)
        self.pages.append(read.text)


def _ocr_notes(label: str, budget: _OcrBudget, missing_langs: list[str],
               language: str) -> list[str]:
    """Notes on OCR held back by its limits or by missing language packs."""
    notes = []
    if budget.skipped:
        notes.append(f"{label}: pages {_ranges(sorted(set(budget.skipped)))} were not OCR'd: "
                     f"over {budget.reason} per file; raise it to read them")
    if missing_langs:
        notes.append(f"{label}: OCR languages {'+'.join(missing_langs)} are not installed "
                     f"(ASSISTANT_OCR_LANGUAGE); read with {language}; install "
                     + " ".join(f"tesseract-ocr-{m.replace('_', '-').lower()}"
                                for m in missing_langs))
    return notes


def _unread_notes(label: str, tally: _PageTally, ocr: bool) -> list[str]:
    """Notes on pages left unread; ReportError when nothing at all could be read."""
    notes = []
    if tally.missing:
        notes.append(_missing_note(label, tally, ocr))
    if tally.empty and len(tally.empty) == len(tally.pages):
        raise ReportError(label, "every page is blank")
    if tally.blank and len(tally.blank) + len(tally.empty) == len(tally.pages):
        raise ReportError(label, "no text found, not even by OCR; is it a scan of blank "
                                 "pages or pictures?")
    if tally.blank:
        notes.append(f"{label}: no text found by OCR on pages {_ranges(tally.blank)} "
                     "(pictures or blank pages)")
    if tally.empty:
        notes.append(f"{label}: blank pages {_ranges(tally.empty)} (no ink; nothing to read)")
    if tally.photos:
        notes.append(f"{label}: not read: pictures without text on pages "
                     f"{_ranges(tally.photos)}")
    return notes


def _missing_note(label: str, tally: _PageTally, ocr: bool) -> str:
    hint = (
        "OCR is turned off (ASSISTANT_OCR=false)"
        if not ocr
        else "install tesseract-ocr (apt-get install tesseract-ocr) to OCR them"
    )
    if len(tally.missing) == len(tally.pages) and not any(p.strip() for p in tally.pages):
        raise ReportError(label, f"image-only PDF with no text layer; {hint}")
    return (f"{label}: not read: scanned pages or regions without a text layer on "
            f"pages {_ranges(tally.missing)}; {hint}")


class _OcrBudget:
    """Pages and seconds of OCR left for one file."""

    def __init__(self, limits: Any):
        self.max_pages = limits.ocr_max_pages if limits else 10**9
        self.max_seconds = limits.ocr_max_seconds if limits else float("inf")
        self.pages = 0
        self.started: float | None = None
        self.skipped: list[int] = []
        self.reason = ""
        self.expected = 0  # pages with (almost) no text, for the progress line

    def allows(self) -> bool:
        if self.started is None:
            self.started = time.monotonic()
        if self.pages >= self.max_pages:
            self.reason = f"ASSISTANT_OCR_MAX_PAGES={self.max_pages} pages"
        elif time.monotonic() - self.started > self.max_seconds:
            self.reason = f"ASSISTANT_OCR_MAX_SECONDS={self.max_seconds:g} s"
        else:
            return True
        return False

    def spent(self) -> None:
        self.pages += 1


def _read_page(page: Any, index: int, can_ocr: bool, language: str,
               tables: TableFinder | None, budget: _OcrBudget | None = None,
               progress: Callable[[str], None] | None = None) -> _PageRead:
    budget = budget or _OcrBudget(None)

    def may_ocr() -> bool:
        if not budget.allows():
            budget.skipped.append(index + 1)
            return False
        if progress:
            total = max(min(budget.expected, budget.max_pages), budget.pages + 1)
            progress(f"OCR page {budget.pages + 1} of {total} (page {index + 1})")
        budget.spent()
        return True

    import pypdfium2 as pdfium

    try:
        textpage = page.get_textpage()
        chars = _chars(textpage)
    except pdfium.PdfiumError:
        chars = []
    width, height = page.get_size()
    visible = sum(1 for c in chars if not c.text.isspace())
    if visible < MIN_PAGE_CHARS:
        return _read_sparse_page(page, chars, can_ocr, language, may_ocr)
    try:
        edges, images = page_drawing(page, height)
    except Exception as exc:  # an odd object tree: judge the page by its text alone
        log.debug("page objects unreadable (%s); page judged by its text", exc)
        edges, images = [], []
    regions = []
    if tables is not None:
        regions = tables.find(chars, PageShapes(width, height, edges=edges), index)
    # columns drawn right first, or row by row across the page, read column by column
    chars = reading_order(chars, _Char("\n", (0.0, 0.0, 0.0, 0.0), 0.0))
    read = _PageRead(_assemble(chars, regions, height), tables=len(regions))
    for box in _uncovered_images(images, chars, width, height):
        _read_scan(page, box, read, can_ocr, language, may_ocr)
    return read


def _read_sparse_page(page: Any, chars: list[_Char], can_ocr: bool, language: str,
                      may_ocr: Callable[[], bool]) -> _PageRead:
    """A page with (almost) no text: blank, a scan to OCR whole, or its few characters."""
    if can_ocr and _ink_free(page):
        # a blank page (or one with a faint rule): nothing for OCR to find, so none
        # of the page budget or seconds go on it
        return _PageRead("".join(c.text for c in chars), blank=True)
    if can_ocr and may_ocr():
        return _PageRead(_ocr(page, None, language), ocr=True)
    return _PageRead("".join(c.text for c in chars))


def _read_scan(page: Any, box: tuple[float, float, float, float], read: _PageRead,
               can_ocr: bool, language: str, may_ocr: Callable[[], bool]) -> None:
    """Add the OCR'd text of one scanned region to `read`, or count it as skipped."""
    if not can_ocr or not _looks_like_text(page, box):
        # blank paper (a scanner's empty strip or margin) is no picture left unread
        read.skipped_images += not (can_ocr and _blank_paper(page, box))
        return
    if not may_ocr():
        return
    # The region is rendered with the digital text over it: drop lines read twice.
    native = {_line_key(ln) for ln in read.text.splitlines()}
    extra = "\n".join(ln for ln in _ocr(page, box, language).splitlines()
                      if _line_key(ln) not in native).strip()
    if extra and not reads_as_words(extra, language):
        # a black-and-white chart passes the ink test; its OCR is axis figures and junk
        read.skipped_images += 1
        return
    if extra:
        # a paragraph of its own: the page's digital text (a stamp) does not run on into it
        read.text = read.text.rstrip() + "\n\n" + extra
        read.ocr = True
        read.ocr_regions += 1


@dataclass
class _Char:
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top (PDF points)
    size: float


def _chars(textpage: Any) -> list[_Char]:
    import pypdfium2.raw as pdfium_c

    n = textpage.count_chars()
    text = textpage.get_text_range() if n else ""
    if len(text) != n:  # surrogate pairs: no per-character boxes, the text as it is
        return [_Char(text, (0.0, 0.0, 0.0, 0.0), 0.0)] if text else []
    out = []
    # pdfium's own calls with one reused rectangle: a third of the time of the wrapper's
    # get_charbox on pages of thousands of characters (financial statements).
    raw, rect = textpage.raw, pdfium_c.FS_RECTF()
    loose_box, font_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
    for i in range(n):
        ch = text[i]
        if ch.isspace() or ch == "\ufffe" or not loose_box(raw, i, rect):
            out.append(_Char(ch, (0.0, 0.0, 0.0, 0.0), 0.0))
            continue
        # loose boxes: advance widths, so no gaps inside words
        out.append(_Char(ch, (rect.left, rect.bottom, rect.right, rect.top),
                         font_size(raw, i)))
    return out


def _assemble(chars: list[_Char], regions: list[TableRegion], height: float) -> str:
    """The page text: word gaps without a space get one; characters inside a table's box
    give way to the table's lines, placed where its first character was."""
    chars = _superscripts(chars)
    spacing = _letter_spacing(chars)
    out: list[str] = []
    prev: _Char | None = None
    line = 0
    emitted: set[int] = set()
    for ch in chars:
        if regions and not ch.text.isspace():
            hit = _region_of(ch, regions, height)
            if hit is not None:
                if hit not in emitted:
                    emitted.add(hit)
                    out.append("\n" + "\n".join(regions[hit].lines) + "\n")
                prev = None
                continue
        if ch.text.isspace() or ch.text == "\ufffe":
            out.append(ch.text)
            line += ch.text == "\n"
            prev = None
            continue
        if prev is not None and _word_gap(prev, ch, spacing[line] if line < len(spacing) else 0):
            out.append(_GAP)
        out.append(ch.text)
        prev = ch
    return _decide_gaps("".join(out))


_SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                                            "\u2078\u2079")


def _superscripts(chars: list[_Char]) -> list[_Char]:
    """Footnote markers set as raised, smaller digits right after a word ("37 percent¹²
    in 2024") become Unicode superscript digits, which `cleaning.normalize` drops like
    typed ones; drawn as plain digits they ran into the word ("37 percent12"). pdfium
    often starts a new line after the raised run; the line break before text that goes
    on along the word's baseline is dropped."""
    out: list[_Char] = []
    base: _Char | None = None  # the last character on the baseline
    raised: _Char | None = None  # the last digit of a raised run just read
    for ch in chars:
        if ch.text.isspace() or not ch.size:
            if raised is not None and ch.text in "\r\n":
                continue  # decided by the next visible character
            base = base if ch.text == " " else None
            raised = None
            out.append(ch)
            continue
        if base is not None and ch.text in "0123456789" and ch.size < 0.85 * base.size \
                and ch.box[1] > base.box[1] + 0.2 * base.size \
                and ch.box[0] - (raised or base).box[2] < 0.15 * base.size \
                and (raised is not None or not base.text.isdigit()):
            raised = ch
            out.append(_Char(ch.text.translate(_SUPERSCRIPT), ch.box, ch.size))
            continue
        if raised is not None and base is not None and (
                abs(ch.box[1] - base.box[1]) > 0.2 * base.size
                or not -1.0 < ch.box[0] - raised.box[2] < 0.5 * base.size):
            out.append(_Char("\n", (0.0, 0.0, 0.0, 0.0), 0.0))  # a real new line
        raised = None
        base = ch
        out.append(ch)
    return out


_GAP = "\x00"
_GAP_WORD = re.compile(r"\S*\x00\S*")


def _decide_gaps(text: str) -> str:
    """A gap between characters becomes a space only where it splits a run of letters
    into words that the joined run is not: "theSt." (a capital after lower case) or
    "secondlargest" split; "suppor|ted", where a font's odd spacing opened a gap, kept
    whole. Words are judged by wordfreq (`cleaning.zipf`)."""
    if _GAP not in text:
        return text

    def decide(m: re.Match[str]) -> str:
        pieces = m.group().split(_GAP)
        out = pieces[0]
        for piece in pieces[1:]:
            # a footnote marker made superscript (`_superscripts`) is no letter: "law,⁸"
            # then "as" is a word gap, as "law,8" then "as" was
            left = re.search(r"[^\W\d_\u00b2\u00b3\u00b9\u2070-\u2079]*$", out).group()
            right = re.match(r"[^\W\d_]*", piece).group()
            if _splits_words(left, right):
                out += " " + piece
            else:
                out += piece
        return out

    return _GAP_WORD.sub(decide, text)


def _splits_words(left: str, right: str) -> bool:
    if not left or not right:
        # next to a digit or punctuation ("2024and", ")The"): a gap there is a space
        return bool(left or right)
    if left[-1].islower() and right[0].isupper():
        return True
    joined = (left + right).lower()
    return zipf(joined) < 1.0 and zipf(left.lower()) >= 1.0 and zipf(right.lower()) >= 1.0


def _letter_spacing(chars: list[_Char]) -> list[float]:
    """Per line of the page (as pdfium breaks them), the median gap between adjacent
    characters, in ems: near 0 for ordinary text, larger for letter-spaced ("tracked")
    headings, whose letters are no words each."""
    out: list[float] = []
    gaps: list[float] = []
    prev: _Char | None = None
    for ch in [*chars, _Char("\n", (0.0, 0.0, 0.0, 0.0), 0.0)]:
        if ch.text == "\n":
            out.append(sorted(gaps)[len(gaps) // 2] if gaps else 0.0)
            gaps, prev = [], None
        elif ch.text.isspace() or not ch.size:
            prev = None
        else:
            if prev is not None:
                gaps.append((ch.box[0] - prev.box[2]) / max(prev.size, ch.size, 1.0))
            prev = ch
    return out


def _word_gap(a: _Char, b: _Char, spacing: float = 0.0) -> bool:
    size = max(a.size, b.size, 1.0)
    same_line = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1]) > 0.3 * min(
        a.box[3] - a.box[1], b.box[3] - b.box[1], size)
    gap = b.box[0] - a.box[2]
    return same_line and (max(spacing, 0.0) + WORD_GAP) * size < gap < 8 * size


def _region_of(ch: _Char, regions: list[TableRegion], height: float) -> int | None:
    x = (ch.box[0] + ch.box[2]) / 2
    y = height - (ch.box[1] + ch.box[3]) / 2  # pdfplumber measures from the top
    for i, region in enumerate(regions):
        x0, top, x1, bottom = region.bbox
        if x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1:
            return i
    return None


def _uncovered_images(images: list[tuple[float, float, float, float]], chars: list[_Char],
                      width: float, height: float) -> list[tuple[float, float, float, float]]:
    """Of the page's image boxes (left, bottom, right, top), those that cover, with no
    text over them, at least MIN_SCAN_SHARE of the page together."""
    if not images or width <= 0 or height <= 0:
        return []
    images = list(dict.fromkeys(images))  # the same image drawn twice is OCR'd once
    area = sum(max(0.0, min(b[2], width) - max(b[0], 0.0)) * max(0.0, min(b[3], height)
               - max(b[1], 0.0)) for b in images)
    if area < MIN_SCAN_SHARE * width * height:
        return []  # logos and pictures too small to hold a scanned page's text
    cw, chh = width / _GRID, height / _GRID

    def cells(box: tuple[float, ...], pad: int = 0) -> set[tuple[int, int]]:
        x0 = max(0, int(box[0] / cw) - pad)
        x1 = min(_GRID - 1, int(box[2] / cw) + pad)
        y0 = max(0, int(box[1] / chh) - pad)
        y1 = min(_GRID - 1, int(box[3] / chh) + pad)
        return {(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)}

    text_cells: set[tuple[int, int]] = set()
    for ch in chars:
        if not ch.text.isspace() and ch.size:
            text_cells |= cells(ch.box, pad=1)
    # A scan stored as strips (a band of the page per image, as some scanners and PDF
    # optimisers write it) is one picture: OCR'd strip by strip, the lines a strip edge
    # cuts through read as junk.
    images = _merge_touching(images)
    picked = []
    uncovered_total: set[tuple[int, int]] = set()
    for box in images:
        img = cells(box)
        free = img - text_cells
        if len(free) >= 0.5 * len(img) and len(img) >= 0.05 * _GRID * _GRID:
            picked.append(box)
            uncovered_total |= free
    if len(uncovered_total) < MIN_SCAN_SHARE * _GRID * _GRID:
        return []
    return picked


def _merge_touching(boxes: list[tuple[float, float, float, float]],
                    gap: float = 2.0) -> list[tuple[float, float, float, float]]:
    """Image boxes (left, bottom, right, top) that are bands of one picture joined into the
    box around them: boxes with the same left and right edges (within `gap` points) that
    touch above and below, or the same bottom and top that touch side by side. Other
    boxes (an L of pictures around text, a logo) stay apart. Up to 200 boxes a page; a
    page of more (a tiled map) keeps its boxes."""
    if len(boxes) > 200:
        return list(boxes)
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def near(a: float, b: float) -> bool:
        return abs(a - b) <= gap

    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            stacked = near(a[0], b[0]) and near(a[2], b[2]) and (
                near(a[1], b[3]) or near(b[1], a[3]) or (a[1] < b[3] and b[1] < a[3]))
            beside = near(a[1], b[1]) and near(a[3], b[3]) and (
                near(a[2], b[0]) or near(b[2], a[0]) or (a[0] < b[2] and b[0] < a[2]))
            if stacked or beside:
                parent[root(j)] = root(i)
    groups: dict[int, list[tuple[float, float, float, float]]] = {}
    for i, box in enumerate(boxes):
        groups.setdefault(root(i), []).append(box)
    return [(min(g[0] for g in grp), min(g[1] for g in grp), max(g[2] for g in grp),
             max(g[3] for g in grp)) for grp in groups.values()]


def _line_key(line: str) -> str:
    return re.sub(r"\W+", "", line).lower()


def _render(page: Any, box: tuple[float, ...] | None, dpi: int) -> Any:
    scale = dpi / 72
    if box is None:
        return page.render(scale=scale).to_pil()
    width, height = page.get_size()
    left, bottom, right, top = box
    crop = (max(0.0, left), max(0.0, bottom), max(0.0, width - right), max(0.0, height - top))
    return page.render(scale=scale, crop=crop).to_pil()


def _ink_free(page: Any) -> bool:
    """A page with (almost) no dark or mid-tone pixels at 40 dpi: blank paper."""
    histogram = _render(page, None, 40).convert("L").histogram()
    total = sum(histogram) or 1
    return sum(histogram[:200]) / total < 0.002


# Share of black pixels (at 40 dpi) that a scanned region of text has at least: two typed
# lines on an A4 scan give 0.001, a page of text 0.005 and more; grey graphics (the tinted
# cover bands of CRS reports, 0.0000-0.0003) have none, and OCR would read them as junk.
MIN_SCAN_INK = 0.001


def _looks_like_text(page: Any, box: tuple[float, ...]) -> bool:
    """A scanned page is mostly light paper with a little dark ink (a short letter of a
    few lines as much as a full page); a photo is not."""
    image = _render(page, box, 40).convert("L")
    histogram = image.histogram()
    total = sum(histogram) or 1
    light = sum(histogram[_light_from(histogram):]) / total
    dark = sum(histogram[:100]) / total
    return light >= 0.5 and MIN_SCAN_INK <= dark <= 0.35


def _light_from(histogram: list[int]) -> int:
    """The grey level (0-255) from which a pixel is paper: 200, or on grey or yellowed
    paper 20 levels under the paper's own level, where that paper is even: a median level
    of 150 to 200 with most pixels (60%) within 20 levels of it. A photo's levels spread."""
    total = sum(histogram) or 1
    seen, median = 0, 255
    for level, count in enumerate(histogram):
        seen += count
        if seen * 2 >= total:
            median = level
            break
    if not 150 <= median < 200:
        return 200
    even = sum(histogram[max(0, median - 20):median + 21]) / total
    return median - 20 if even >= 0.6 else 200


def _blank_paper(page: Any, box: tuple[float, ...]) -> bool:
    """Whether an image region is paper without ink: all light, no dark pixels."""
    histogram = _render(page, box, 40).convert("L").histogram()
    total = sum(histogram) or 1
    return sum(histogram[_light_from(histogram):]) / total >= 0.99 and \
        sum(histogram[:100]) / total < MIN_SCAN_INK


def reads_as_words(text: str, language: str = "eng") -> bool:
    """Whether OCR'd `text` of a scanned region is text rather than a picture read as
    letters (a line chart's axes and curves): at least two words of three letters or
    more, and for English (`language` "eng") half of them words wordfreq knows (Zipf
    2.5 and up; two-letter junk such as "ee", "Ss" is known, so it is not counted)."""
    tokens = [t for t in re.findall(r"[^\W\d_]+", text) if len(t) >= 3]
    if len(tokens) < 2:
        return False
    if language != "eng":
        return True
    return sum(zipf(t.lower()) >= 2.5 for t in tokens) >= 0.5 * len(tokens)


def _ocr(page: Any, box: tuple[float, ...] | None, language: str) -> str:
    """The OCR'd text of the page (or of `box` on it). A scan fed in sideways or upside
    down (a landscape sheet, a page turned on the scanner) reads as junk: then Tesseract's
    orientation detection (OSD) says how far to turn it, and the turned image is read
    instead when that reads as words."""
    image = _render(page, box, 300)
    text = _tesseract(image, ["-l", language])
    if reads_as_words(text, language) or "osd" not in installed_languages():
        return text
    m = re.search(r"^Rotate:\s*(\d+)", _tesseract(image, ["--psm", "0"]), re.M)
    if not m or int(m.group(1)) % 360 == 0:
        return text
    turned = _tesseract(image.rotate(-int(m.group(1)), expand=True), ["-l", language])
    return turned if reads_as_words(turned, language) else text


def _tesseract(image: Any, args: list[str]) -> str:
    buf = io.BytesIO()
    # Uncompressed TIFF: Tesseract reads the same pixels as from PNG (the same text
    # comes back) without the ~0.3 s a page of PNG compression.
    image.save(buf, format="TIFF")
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", *args],
        input=buf.getvalue(),
        capture_output=True,
        timeout=300,
    )
    return proc.stdout.decode("utf-8", "replace")


def _ranges(numbers: list[int]) -> str:
    out, start = [], numbers[0]
    for a, b in zip(numbers, numbers[1:] + [None], strict=False):
        if b != a + 1:
            out.append(str(start) if start == a else f"{start}-{a}")
            start = b
    return ", ".join(out)
