"""Read a report file into a cleaned `Report`, choosing the reader by content.

A file's extension is only a hint: a binary file named `.pdf`, a DOCX renamed `.txt` or
an HTML page saved as `.txt` are recognised by their bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..charset import bom_encoding, decode_text
from ..cleaning import clean_pages, normalize
from ..errors import ReportError
from ..types import Page, Report

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sniff(data: bytes, suffix: str) -> str:
    """The format of a file by its first bytes: pdf, docx, html, markdown or text."""
    head = data[:2048]
    if bom_encoding(head):  # UTF-16/32 text is full of NULs, yet not binary
        head = head.decode(bom_encoding(head), "ignore").lstrip("\ufeff").encode("utf-8")
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or suffix == ".docx" else "zip"
    if b"\x00" in head:
        return "binary"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def read_report(
    path: Path, corpus_dir: Path | None = None, *, ocr: bool = True, ocr_language: str = "eng",
    limits: Any = None, progress: Callable[[str], None] | None = None,
) -> Report:
    """Read, clean and describe one report. Raises ReportError with a one-line reason.

    `limits` (a `sandbox.ReadLimits`) caps OCR pages and seconds; `progress` receives lines
    such as "OCR page 3 of 40". Untrusted files are read through `sandbox.read_isolated`,
    which calls this in a limited process."""
    path = Path(path)
    label = _label(path, corpus_dir)
    try:
        data = path.read_bytes()
    except OSError as exc:
        # A missing folder or a permission is a passing fault: retried on the next run.
        raise ReportError(label, f"cannot be read ({exc.strerror})", permanent=False) from exc
    if not data.strip():
        raise ReportError(label, "empty file (0 bytes of text); add content or delete it")
    suffix = path.suffix.lower()
    kind = sniff(data, suffix)
    expected = {".pdf": "pdf", ".docx": "docx"}.get(suffix)
    if expected and kind != expected:
        found = {"binary": "binary data", "zip": "a ZIP archive"}.get(kind, f"{kind} content")
        raise ReportError(
            label, f"named {suffix} but holds {found}; re-export it as a real {suffix[1:].upper()}"
        )
    if kind in ("binary", "zip"):
        raise ReportError(label, "binary file, not a supported report (PDF, DOCX, TXT, MD, HTML)")

    sha = hashlib.sha256(data).hexdigest()
    notes: list[str] = []
    title = ""
    info: dict[str, str] = {}
    if kind == "pdf":
        from .pdf import read_pdf

        raw, ocr_pages, info, notes = read_pdf(path, label, ocr=ocr, ocr_language=ocr_language,
                                               limits=limits, progress=progress)
        texts = clean_pages(raw, blank_line_paragraphs=False)
        pages = [
            Page(number=i + 1, text=t, ocr=(i + 1) in ocr_pages) for i, t in enumerate(texts)
        ]
    elif kind == "docx":
        from .docx import read_docx

        sections, title = read_docx(path, label)
        pages = _sections(sections)
    else:
        try:
            text = decode_text(data)
        except UnicodeDecodeError as exc:
            raise ReportError(
                label, f"not UTF-8 text (bad byte at offset {exc.start}); re-save it as UTF-8 "
                "(or UTF-16 with a byte-order mark)"
            ) from exc
        if kind == "html":
            from .html import read_html

            sections, title = read_html(text)
            pages = _sections(sections)
        else:
            # Form feeds separate pages in text exports; without them the file is page 1.
            raw = text.split("\f")
            texts = clean_pages(raw, blank_line_paragraphs=True)
            pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
            if kind == "markdown":
                title = next(
                    (ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")),
                    "",
                )
    if not any(p.text.strip() for p in pages):
        raise ReportError(label, "no text found; is it a scan or an empty document?")

    first = next(p.text for p in pages if p.text.strip())
    return Report(
        file=label,
        sha256=sha,
        format=kind,
        pages=pages,
        title=title or _pdf_title(info) or guess_title(first) or path.stem,
        event_date=find_event_date(first),
        venue=_field(first, "Venue"),
        notes=notes,
    )


def _label(path: Path, corpus_dir: Path | None) -> str:
    if corpus_dir is not None:
        try:
            return path.resolve().relative_to(Path(corpus_dir).resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def _sections(sections: list[tuple[str, str]]) -> list[Page]:
    pages = []
    for loc, text in sections:
        cleaned = "\n\n".join(normalize(p).replace("\n", " ") for p in text.split("\n\n"))
        if cleaned.strip():
            pages.append(Page(number=None, text=cleaned.strip(), location=loc or None))
    return pages


def _pdf_title(info: dict[str, str]) -> str:
    title = (info.get("Title") or "").strip()
    # Producers often fill Title with a file name or "Microsoft Word - x.docx".
    junk = re.search(r"\.(docx?|pdf|indd)$|^microsoft|^https?:", title, re.I)
    if len(title) < 6 or " " not in title or junk:
        return ""
    return title


def guess_title(text: str) -> str:
    """The longest of the first few short lines that is not a "Label: value" line."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:4]
    candidates = [
        ln for ln in lines
        if len(ln) < 150 and len(ln.split()) >= 3 and not re.match(r"^[\w ]{2,20}:\s", ln)
        and not re.match(r"^(https?://|www\.|updated\b|page\b)", ln, re.I)
    ]
    return max(candidates, key=len, default="")


def _field(text: str, name: str) -> str | None:
    m = re.search(rf"^\s*{name}\s*[:\-–]\s*(.+)$", text[:3000], re.I | re.M)
    return m.group(1).strip() if m else None


_DATE_FORMATS = ("%B %d, %Y", "%B %d %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y",
                 "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


def parse_date(value: str) -> date | None:
    value = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value.strip().rstrip("."))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def find_event_date(text: str) -> str | None:
    """ISO date from an "Event Date:" (or "Date:") line, where the report states one."""
    raw = _field(text, "Event Date") or _field(text, "Date")
    if not raw:
        return None
    parsed = parse_date(raw)
    return parsed.isoformat() if parsed else None
