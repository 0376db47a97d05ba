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
