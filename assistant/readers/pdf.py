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
from .tables import table_lines

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
    skipped_images: int = 0
    ocr_regions: int = 0
    tables: int = 0
    notes: list[str] = field(default_factory=list)


def read_pdf(
    path: Path, label: str, *, ocr: bool = True, ocr_language: str = "eng",
    limits: Any = None, progress: Callable[[str], None] | None = None,
) -> tuple[list[str], list[int], dict[str, str], list[str]]:
    """Raw text of each physical page (1-based order kept; page labels ignored), the
    numbers of pages read wholly or partly by OCR, the document's info dictionary, and
    notes on what was not read.

    OCR is bounded per file by `limits.ocr_max_pages` and `limits.ocr_max_seconds`
    (pages or regions past either are noted, not read); `progress` gets "OCR page i"."""
    import pypdfium2 as pdfium

    budget = _OcrBudget(limits)

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise ReportError(label, "encrypted PDF; save a copy without a password") from exc
        raise ReportError(label, f"damaged or unreadable PDF ({exc}); re-export it") from exc
    can_ocr = ocr and tesseract_available()
    language, missing_langs = usable_languages(ocr_language) if can_ocr else ("eng", [])
    tables = _TableFinder(path)
    try:
        info = {}
        try:
            info = {k: v for k, v in doc.get_metadata_dict().items() if isinstance(v, str)}
        except Exception:  # metadata is optional and often broken; the text is what matters
            pass
        pages: list[str] = []
        ocr_pages: list[int] = []
        missing: list[int] = []
        photos: list[int] = []
        blank: list[int] = []
        if can_ocr and progress:
            for i in range(len(doc)):
                try:
                    little = len(doc[i].get_textpage().get_text_range().strip()) < MIN_PAGE_CHARS
                except pdfium.PdfiumError:
                    little = True
                budget.expected += little
        for i in range(len(doc)):
            read = _read_page(doc[i], i, can_ocr, language, tables, budget, progress)
            if read.ocr:
                ocr_pages.append(i + 1)
            if not read.text.strip() and read.ocr:
                blank.append(i + 1)  # OCR found nothing: a picture or an empty page
            elif i + 1 in budget.skipped:
                pass  # noted with the OCR limit that stopped it
            elif not read.text.strip() or (read.skipped_images and not can_ocr):
                missing.append(i + 1)
            elif read.skipped_images:
                photos.append(i + 1)
            pages.append(read.text)
    finally:
        tables.close()
        doc.close()
    notes = []
    if budget.skipped:
        notes.append(f"{label}: pages {_ranges(sorted(set(budget.skipped)))} were not OCR'd: "
                     f"over {budget.reason} per file; raise it to read them")
    if missing_langs:
        notes.append(f"{label}: OCR languages {'+'.join(missing_langs)} are not installed "
                     f"(ASSISTANT_OCR_LANGUAGE); read with {language}; install "
                     + " ".join(f"tesseract-ocr-{m.replace('_', '-').lower()}"
                                for m in missing_langs))
    if missing:
        hint = (
            "OCR is turned off (ASSISTANT_OCR=false)"
            if not ocr
            else "install tesseract-ocr (apt-get install tesseract-ocr) to OCR them"
        )
        if len(missing) == len(pages) and not any(p.strip() for p in pages):
            raise ReportError(label, f"image-only PDF with no text layer; {hint}")
        notes.append(f"{label}: not read: scanned pages or regions without a text layer on "
                     f"pages {_ranges(missing)}; {hint}")
    if blank and len(blank) == len(pages):
        raise ReportError(label, "no text found, not even by OCR; is it a scan of blank "
                                 "pages or pictures?")
    if blank:
        notes.append(f"{label}: no text found by OCR on pages {_ranges(blank)} "
                     "(pictures or blank pages)")
    if photos:
        notes.append(f"{label}: not read: pictures without text on pages {_ranges(photos)}")
    return pages, ocr_pages, info, notes


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
               tables: _TableFinder, budget: _OcrBudget | None = None,
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
        if can_ocr and may_ocr():
            return _PageRead(_ocr(page, None, language), ocr=True)
        return _PageRead("".join(c.text for c in chars))
    regions = tables.find(index, chars, height) if tables.worth_trying(chars) else []
    text = _assemble(chars, regions, height)
    read = _PageRead(text, tables=len(regions))
    scans = _uncovered_images(page, chars, width, height)
    for box in scans:
        if not can_ocr:
            read.skipped_images += 1
            continue
        if not _looks_like_text(page, box):
            read.skipped_images += 1
            continue
        if not may_ocr():
            continue
        # The region is rendered with the digital text over it: drop lines read twice.
        native = {_line_key(ln) for ln in read.text.splitlines()}
        extra = "\n".join(ln for ln in _ocr(page, box, language).splitlines()
                          if _line_key(ln) not in native).strip()
        if extra:
            read.text = read.text.rstrip() + "\n" + extra
            read.ocr = True
            read.ocr_regions += 1
    return read


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
    for i in range(n):
        ch = text[i]
        if ch.isspace() or ch == "\ufffe":
            out.append(_Char(ch, (0.0, 0.0, 0.0, 0.0), 0.0))
            continue
        box = textpage.get_charbox(i, loose=True)  # advance widths: no gaps in words
        out.append(_Char(ch, box, pdfium_c.FPDFText_GetFontSize(textpage.raw, i)))
    return out


def _assemble(chars: list[_Char], regions: list[tuple[tuple[float, ...], list[str]]],
              height: float) -> str:
    """The page text: word gaps without a space get one; characters inside a table's box
    give way to the table's lines, placed where its first character was."""
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
                    out.append("\n" + "\n".join(regions[hit][1]) + "\n")
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
            left = re.search(r"[^\W\d_]*$", out).group()
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


def _region_of(ch: _Char, regions: list[tuple[tuple[float, ...], list[str]]],
               height: float) -> int | None:
    x = (ch.box[0] + ch.box[2]) / 2
    y = height - (ch.box[1] + ch.box[3]) / 2  # pdfplumber measures from the top
    for i, (bbox, _) in enumerate(regions):
        x0, top, x1, bottom = bbox
        if x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1:
            return i
    return None


def _uncovered_images(page: Any, chars: list[_Char], width: float,
                      height: float) -> list[tuple[float, float, float, float]]:
    """Boxes (left, bottom, right, top) of images that cover, with no text over them,
    at least MIN_SCAN_SHARE of the page together."""
    import pypdfium2.raw as pdfium_c

    try:
        images = [obj.get_bounds() for obj in
                  page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)]
    except Exception as exc:  # an odd object tree: judge the page by its text alone
        log.debug("image objects unreadable (%s); page judged by its text", exc)
        return []
    if not images or width <= 0 or height <= 0:
        return []
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
    picked = []
    uncovered_total: set[tuple[int, int]] = set()
    for box in dict.fromkeys(images):  # the same image drawn twice is OCR'd once
        img = cells(box)
        free = img - text_cells
        if len(free) >= 0.5 * len(img) and len(img) >= 0.05 * _GRID * _GRID:
            picked.append(box)
            uncovered_total |= free
    if len(uncovered_total) < MIN_SCAN_SHARE * _GRID * _GRID:
        return []
    return picked


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


def _looks_like_text(page: Any, box: tuple[float, ...]) -> bool:
    """A scanned page is mostly light paper with a little dark ink; a photo is not."""
    image = _render(page, box, 40).convert("L")
    histogram = image.histogram()
    total = sum(histogram) or 1
    light = sum(histogram[200:]) / total
    dark = sum(histogram[:100]) / total
    return light >= 0.5 and 0.003 <= dark <= 0.35


def _ocr(page: Any, box: tuple[float, ...] | None, language: str) -> str:
    image = _render(page, box, 300)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", language],
        input=buf.getvalue(),
        capture_output=True,
        timeout=300,
    )
    return proc.stdout.decode("utf-8", "replace")


class _TableFinder:
    """pdfplumber's table finder, opened once per document and only for pages that
    look like they hold a table (it parses a page ~20 times slower than pdfium)."""

    def __init__(self, path: Path):
        self.path = path
        self.pdf: Any = None
        self.failed = False

    def worth_trying(self, chars: list[_Char]) -> bool:
        text = "".join(c.text for c in chars)
        rows = sum(1 for line in text.splitlines()
                   if len(re.findall(r"(?<![\w.])[-(]?\$?\d[\d,.]*%?\)?(?![\w])", line)) >= 2)
        return rows >= 4

    def find(self, index: int, chars: list[_Char],
             height: float) -> list[tuple[tuple[float, ...], list[str]]]:
        if self.failed:
            return []
        try:
            if self.pdf is None:
                import pdfplumber

                self.pdf = pdfplumber.open(str(self.path))
            page = self.pdf.pages[index]
            found = [(t, False) for t in page.find_tables()]
            if not found:  # borderless statements: cells aligned by the words' positions
                found = [(t, True) for t in page.find_tables(
                    {"vertical_strategy": "text", "horizontal_strategy": "text"})]
            regions = []
            for table, by_text in found:
                rows = _cell_texts(chars, table, height)
                if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
                    continue
                if by_text and not _numeric_table(rows):
                    continue  # text alignment also "finds" tables in prose; keep figures
                lines = table_lines([[c or "" for c in row] for row in rows])
                if lines:
                    regions.append((tuple(table.bbox), lines))
            return regions
        except Exception as exc:  # pdfplumber is an aid here; pdfium's text stands without it
            log.warning("%s: table finding stopped at page %d (%s); pages read as text",
                        self.path.name, index + 1, exc)
            self.failed = True
            return []

    def close(self) -> None:
        if self.pdf is not None:
            try:
                self.pdf.close()
            except Exception:  # noqa: S110 - closing a read-only file cannot lose data
                pass


def _cell_texts(chars: list[_Char], table: Any, height: float) -> list[list[str]]:
    """The text of each cell of a pdfplumber table from pdfium's characters (pdfplumber's
    own text splits words: "T opic"), spaces where the page has them or a word gap."""
    rows = [list(row.cells) for row in table.rows]
    texts: list[list[list[str]]] = [[[] for _ in row] for row in rows]
    # Each row's vertical span, so that a character is matched against one row's cells
    # rather than every cell of the table (tables of 300 cells and 2,000 characters).
    spans = []
    for row in rows:
        filled = [cell for cell in row if cell]
        spans.append((min((c[1] for c in filled), default=1.0),
                      max((c[3] for c in filled), default=0.0)))
    last: dict[tuple[int, int], int] = {}  # cell -> index of its last character
    x0, top, x1, bottom = table.bbox
    for index, ch in enumerate(chars):
        if not ch.size:
            continue
        x = (ch.box[0] + ch.box[2]) / 2
        y = height - (ch.box[1] + ch.box[3]) / 2
        if not (x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1):
            continue
        hit = _cell_at(rows, spans, x, y)
        if hit is None:
            continue
        r, c = hit
        prev = last.get(hit)
        if prev is not None and (
            any(chars[k].text.isspace() for k in range(prev + 1, index))
            or _word_gap(chars[prev], ch) or ch.box[0] < chars[prev].box[0]
        ):
            texts[r][c].append(" ")
        texts[r][c].append(ch.text)
        last[hit] = index
    return [["".join(cell).strip() for cell in row] for row in texts]


def _cell_at(rows: list[list[Any]], spans: list[tuple[float, float]], x: float,
             y: float) -> tuple[int, int] | None:
    """(row, column) of the first cell holding the point (pdfplumber's top-down points,
    1 pt of slack), or None."""
    for r, (row_top, row_bottom) in enumerate(spans):
        if not row_top - 1 <= y <= row_bottom + 1:
            continue
        for c, cell in enumerate(rows[r]):
            if cell and cell[0] - 1 <= x <= cell[2] + 1 and cell[1] - 1 <= y <= cell[3] + 1:
                return r, c
    return None


def _numeric_table(rows: list[list[str]]) -> bool:
    """At least three rows and columns, and a third of the filled cells figures."""
    from .tables import is_number

    cells = [c.strip() for row in rows for c in row if c and c.strip()]
    if len(rows) < 3 or max(len(r) for r in rows) < 3 or not cells:
        return False
    # A long run of words in one cell is prose the alignment cut up, not a table.
    if any(len(c.split()) > 12 for c in cells):
        return False
    return sum(is_number(c) for c in cells) >= len(cells) / 3


def _ranges(numbers: list[int]) -> str:
    out, start = [], numbers[0]
    for a, b in zip(numbers, numbers[1:] + [None], strict=False):
        if b != a + 1:
            out.append(str(start) if start == a else f"{start}-{a}")
            start = b
    return ", ".join(out)
