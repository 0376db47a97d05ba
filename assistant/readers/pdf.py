"""PDF pages through pdfium (fast, Apache/BSD licensed, robust on real layouts), with
Tesseract OCR for pages that carry no text layer."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ReportError

# Fewer characters than this on a page means a scan or a picture, not a text page.
MIN_PAGE_CHARS = 20


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def read_pdf(
    path: Path, label: str, *, ocr: bool = True, ocr_language: str = "eng",
    limits: Any = None, progress: Callable[[str], None] | None = None,
) -> tuple[list[str], list[int], dict[str, str], list[str]]:
    """Raw text of each physical page (1-based order kept; page labels ignored), the
    numbers of OCR-read pages, the document's info dictionary, and notes.

    OCR is bounded per file by `limits.ocr_max_pages` and `limits.ocr_max_seconds`
    (pages past either are noted, not read); `progress` gets "OCR page i of n"."""
    import pypdfium2 as pdfium

    budget = _OcrBudget(limits)

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise ReportError(label, "encrypted PDF; save a copy without a password") from exc
        raise ReportError(label, f"damaged or unreadable PDF ({exc}); re-export it") from exc
    try:
        info = {}
        try:
            info = {k: v for k, v in doc.get_metadata_dict().items() if isinstance(v, str)}
        except Exception:  # metadata is optional and often broken; the text is what matters
            pass
        pages: list[str] = []
        ocr_pages: list[int] = []
        missing: list[int] = []
        texts: list[str] = []
        for i in range(len(doc)):
            try:
                texts.append(doc[i].get_textpage().get_text_range())
            except pdfium.PdfiumError:
                texts.append("")
        wanted = [i for i, t in enumerate(texts) if len(t.strip()) < MIN_PAGE_CHARS]
        for i, text in enumerate(texts):
            if len(text.strip()) < MIN_PAGE_CHARS:
                if not (ocr and tesseract_available()):
                    missing.append(i + 1)
                elif not budget.allows():
                    budget.skipped.append(i + 1)
                else:
                    if progress:
                        progress(f"OCR page {len(ocr_pages) + 1} of "
                                 f"{min(len(wanted), budget.max_pages)} (page {i + 1})")
                    text = _ocr_page(doc[i], ocr_language)
                    budget.spent()
                    ocr_pages.append(i + 1)
            pages.append(text)
    finally:
        doc.close()
    notes = []
    if budget.skipped:
        notes.append(f"{label}: pages {_ranges(budget.skipped)} were not OCR'd: over "
                     f"{budget.reason} per file; raise it to read them")
    if missing:
        hint = (
            "OCR is turned off (ASSISTANT_OCR=false)"
            if not ocr
            else "install tesseract-ocr (apt-get install tesseract-ocr) to OCR them"
        )
        if len(missing) == len(pages):
            raise ReportError(label, f"image-only PDF with no text layer; {hint}")
        notes.append(f"{label}: pages {_ranges(missing)} have no text layer; {hint}")
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


def _ocr_page(page, language: str) -> str:
    image = page.render(scale=300 / 72).to_pil()
    import io

    buf = io.BytesIO()
    image.save(buf, format="PNG")
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", language],
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
