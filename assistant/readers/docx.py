"""DOCX reports: paragraphs grouped under their heading path. DOCX has no pages, so the
heading path ("Findings > Trade") is what a citation points to."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReportError


def read_docx(path: Path, label: str) -> tuple[list[tuple[str, str]], str]:
    """Sections as (heading path, text with one paragraph per blank-line block), and the
    first heading (the title)."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for bad files
        reason = f"damaged DOCX ({type(exc).__name__}); re-save it in Word"
        raise ReportError(label, reason) from exc

    sections: list[tuple[str, list[str]]] = []
    trail: list[str] = []
    title = ""
    current: list[str] = []

    def flush() -> None:
        if current:
            sections.append((" > ".join(trail), list(current)))
            current.clear()

    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        level = _heading_level(style)
        if level is not None:
            flush()
            title = title or text
            trail[:] = trail[: max(level - 1, 0)] + [text]
            current.append(text)
        else:
            current.append(text)
    flush()
    for table in document.tables:  # tables carry facts too; keep them as rows of text
        rows = [" | ".join(c.text.strip() for c in row.cells) for row in table.rows]
        if rows:
            sections.append((" > ".join(trail[:1] + ["Table"]), rows))
    return [(loc, "\n\n".join(paras)) for loc, paras in sections], title


def _heading_level(style: str) -> int | None:
    if style == "title":
        return 1
    if style.startswith("heading"):
        digits = "".join(c for c in style if c.isdigit())
        return int(digits) if digits else 1
    return None
