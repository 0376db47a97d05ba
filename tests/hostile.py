"""Builders of hostile files for the hardening tests: small on disk, costly to read."""

from __future__ import annotations

import zlib
from pathlib import Path


def _pdf(path: Path, objects: list[bytes]) -> Path:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def make_pdf_bomb(path: Path, inflated_mb: int = 250) -> Path:
    """A one-page PDF whose content stream inflates to `inflated_mb` MB of text-drawing
    operators (a decompression bomb): about 0.25 MB on disk for 250 MB."""
    op = b"BT /F1 1 Tf 1 1 Td (x) Tj ET\n"
    block = op * ((1 << 20) // len(op) + 1)
    squeeze = zlib.compressobj(9)
    data = bytearray()
    for _ in range(inflated_mb * (1 << 20) // len(block)):
        data += squeeze.compress(block)
    data += squeeze.flush()
    return _pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + bytes(data)
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def make_blank_pages_pdf(path: Path, pages: int, first_page_text: str) -> Path:
    """A PDF whose first page holds `first_page_text` and whose other pages carry ink
    but no text layer (three grey bars, like a scanned line or two), so each one goes to
    OCR (a page without any ink is skipped as blank): a few kB for thousands of pages."""
    text = first_page_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    first = b"BT /F1 12 Tf 72 700 Td (" + text.encode("latin-1") + b") Tj ET"
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    content = 4 + pages
    for i in range(pages):
        stream = content + (1 if i else 0)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
                       b" /Resources << /Font << /F1 3 0 R >> >> >>" % stream)
    objects.append(b"<< /Length %d >>\nstream\n" % len(first) + first + b"\nendstream")
    bars = b"0.3 g 72 700 320 9 re f 72 680 290 9 re f 72 660 330 9 re f"
    objects.append(b"<< /Length %d >>\nstream\n" % len(bars) + bars + b"\nendstream")
    return _pdf(path, objects)
