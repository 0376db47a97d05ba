"""The source viewer's highlight is right: the page's characters inside the highlight
rectangles are the quote (no more, no less), on real reports and on built ones whose
quotes cross a line, a hyphenated line end and a page break."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.readers import read_report
from assistant.sentences import sentence_spans
from assistant.types import Citation
from assistant.viewer import locate_pdf, render_pdf_page

from .conftest import CRS_PDF, EVAL_CORPUS, IMAGE_ONLY_PDF, make_pdf


def _squash(text: str) -> str:
    # Whitespace is never highlighted; a hyphen the clean-up dropped at a line end is.
    import unicodedata

    return re.sub(r"[\s\-\u00ad\ufffe\u2010\u2011]", "", unicodedata.normalize("NFKC", text))


def chars_inside(path: Path, page: int, rects: list, scale: float) -> str:
    """The page's characters whose centre lies inside one of the rectangles (pixels)."""
    import pypdfium2 as pdfium

    from assistant.viewer import page_text

    doc = pdfium.PdfDocument(str(path))
    try:
        p = doc[page - 1]
        tp = p.get_textpage()
        text = page_text(tp)
        left0, _, _, top = p.get_bbox()
        out = []
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            lft, bottom, rgt, tp_ = tp.get_charbox(i)
            x, y = ((lft + rgt) / 2 - left0) * scale, (top - (bottom + tp_) / 2) * scale
            if any(rx <= x <= rx + rw and ry <= y <= ry + rh for rx, ry, rw, rh in rects):
                out.append(ch)
        return "".join(out)
    finally:
        doc.close()


def _assert_ink_inside(r) -> None:
    """Each rectangle lies on printed characters of the rendered image (not beside them)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(r.png)).convert("L")
    for x, y, w, h in r.rects:
        crop = image.crop((int(x), int(y), int(x + w) + 1, int(y + h) + 1))
        assert min(crop.getdata()) < 128, (x, y, w, h)  # dark text pixels inside


def _citation(report, page_index: int, start: int, end: int) -> Citation:
    page = report.pages[page_index]
    return Citation(n=1, file=report.file, page=page.number, quote=page.text[start:end],
                    start=start, end=end, score=1.0, passage=page.text, passage_start=0)


def _check(path: Path, c: Citation) -> None:
    highlight = locate_pdf(path, c)
    assert highlight.matched > 0.97, (c.quote, highlight.matched)
    got = ""
    for page in sorted({*highlight.chars, *highlight.boxes}):
        r = render_pdf_page(path, page + 1, highlight)
        assert r.rects
        _assert_ink_inside(r)
        got += chars_inside(path, page + 1, r.rects, r.scale)
    assert _squash(got) == _squash(c.quote), (c.quote, got)


def test_highlight_is_the_quote_on_real_report_pages():
    report = read_report(CRS_PDF)
    checked = 0
    for i, page in enumerate(report.pages):
        spans = [s for s in sentence_spans(page.text) if s[1] - s[0] > 60]
        for start, end in spans[:: max(1, len(spans) // 4)][:4]:
            _check(CRS_PDF, _citation(report, i, start, end))
            checked += 1
    assert checked >= 8


def test_highlight_crosses_a_line_a_hyphen_and_a_page_break(tmp_path):
    body = ("The delegation from the provincial government presented a long-term plan for "
            "the irrigation canals of the southern districts, which the committee then "
            "discussed at length with the representatives of the farmers' associations and "
            "the water boards of Sindh and Balochistan, before agreeing that the work "
            "should begin within")
    pdf = make_pdf(tmp_path / "canals.pdf",
                   [body, "eighteen months of the signing. The next meeting is in May.",
                    "Annex one lists the members."], header="IRRIGATION FORUM REPORT")
    report = read_report(pdf)
    text = report.pages[0].text
    start = text.index("The delegation")
    end = text.index("signing.") + len("signing.")
    c = _citation(report, 0, start, end)
    highlight = locate_pdf(pdf, c)
    assert sorted(highlight.chars) == [0, 1]  # the sentence ends on the next page
    _check(pdf, c)
    # a quote in the middle of a wrapped line
    start = text.index("the committee")
    _check(pdf, _citation(report, 0, start, start + len("the committee then discussed")))


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract-ocr")
def test_highlight_on_a_scanned_page_uses_ocr_word_boxes():
    report = read_report(IMAGE_ONLY_PDF)
    page = next(p for p in report.pages if p.ocr and len(p.text) > 400)
    i = report.pages.index(page)
    start, end = next(s for s in sentence_spans(page.text) if s[1] - s[0] > 60)
    c = _citation(report, i, start, end)
    highlight = locate_pdf(IMAGE_ONLY_PDF, c)
    assert highlight.matched > 0.9 and highlight.boxes.get(i)
    r = render_pdf_page(IMAGE_ONLY_PDF, i + 1, highlight)
    assert r.rects and all(w > 0 and h > 0 for _, _, w, h in r.rects)


def test_text_report_section_marks_the_quote(tmp_path):
    from assistant.settings import Settings
    from assistant.viewer import ViewTarget, view_html

    src = EVAL_CORPUS / "iab-workshop-report-bias-2024.txt"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(src, corpus / src.name)
    report = read_report(corpus / src.name, corpus)
    page = report.pages[0]
    start, end = sentence_spans(page.text)[5]
    c = Citation(n=2, file=src.name, page=page.number, quote=page.text[start:end], start=start,
                 end=end, score=1.0)
    import dataclasses

    out = view_html(Settings(corpus_dir=corpus), ViewTarget(file=src.name, page=1,
                                                            citation=dataclasses.asdict(c)),
                    {src.name})
    import html

    assert f'<mark id="viewer-quote">{html.escape(c.quote)}</mark>' in out



# A section label longer than its rows' labels, as in a statement of comprehensive
# income: printed once, it is most of each row's text as the reader writes it.
LONG_SECTION = [
    ("Other comprehensive income of the board:", 0, None),
    ("Grants", 8, ["$ 120", "$ 95", "$ 240", "$ 210"]),
    ("Fees", 8, ["64", "51", "131", "102"]),
    ("Total", 8, ["184", "146", "371", "312"]),
    ("Net surplus", 0, ["1,539", "1,596", "3,351", "3,087"]),
]


@pytest.mark.parametrize("long_section", [False, True])
def test_table_row_highlight_is_its_label_and_figures_on_the_digital_page(
        tmp_path, monkeypatch, long_section):
    # A table row as the reader writes it repeats the column headers printed once above
    # the table ("Six Months Ended March 31, 2025: 4,120") and its section's label; the
    # highlight is the row's own label and figures, found in the text layer, and the
    # page is never OCR'd.
    import dataclasses

    from assistant import viewer

    from .test_pdf_tables import ROWS, _statement_pdf

    def no_ocr(*args, **kwargs):
        raise AssertionError("a digital page was OCR'd")

    monkeypatch.setattr(viewer, "_ocr_units", no_ocr)
    rows = LONG_SECTION if long_section else ROWS
    pdf = _statement_pdf(tmp_path / "water.pdf", prose_after=True, rows=rows)
    report = read_report(pdf, tmp_path)
    text = report.pages[0].text
    section = ""
    for label, _, figures in rows:
        if not figures:
            section = label
            continue
        line = next(ln for ln in text.split("\n")
                    if f"{label} | " in ln and figures[-1].split()[-1] in ln)
        start = text.index(line)
        in_page = _citation(report, 0, start, start + len(line))
        assert "Six Months Ended March 31, 2025: " in in_page.quote
        # with the page around it, and alone (a citation whose passage is not stored)
        for c in (in_page, dataclasses.replace(in_page, passage="")):
            highlight = viewer.locate_pdf(pdf, c)
            assert list(highlight.chars) == [0] and not highlight.boxes
            r = render_pdf_page(pdf, 1, highlight)
            _assert_ink_inside(r)
            got = _squash(chars_inside(pdf, 1, r.rects, r.scale))
            row = _squash(label + "".join(figures))
            # the row, and at most its section's label printed above it
            assert got.endswith(row) and len(got) - len(row) <= len(_squash(section)), (
                c.quote, got)
