"""PDF pages through pdfium (fast, Apache/BSD licensed, robust on real layouts), with
Tesseract OCR for pages that carry no text layer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import ReportError

# Fewer characters than this on a page means a scan or a picture, not a text page.
MIN_PAGE_CHARS = 20


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def read_pdf(
    path: Path, label: str, *, ocr: bool = True, ocr_language: str = "eng"
) -> tuple[list[str], list[int], dict[str, str], list[str]]:
    """Raw text of each physical page (1-based order kept; page labels ignored), the
    numbers of OCR-read pages, the document's info dictionary, and notes."""
    import pypdfium2 as pdfium

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
        for i in range(len(doc)):
            page = doc[i]
            try:
                text = page.get_textpage().get_text_range()
            except pdfium.PdfiumError:
                text = ""
            if len(text.strip()) < MIN_PAGE_CHARS:
                if ocr and tesseract_available():
                    text = _ocr_page(page, ocr_language)
                    ocr_pages.append(i + 1)
                else:
                    missing.append(i + 1)
            pages.append(text)
    finally:
        doc.close()
    notes = []
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
