"""Reading every format, metadata, and one clear line for each kind of bad file."""

import shutil

import pytest

from assistant.errors import ReportError
from assistant.readers import read_report
from assistant.readers.pdf import tesseract_available

from .conftest import CRS_PDF, DOCX_SECTIONS, IMAGE_ONLY_PDF, PDF_PAGES, SAMPLE, make_docx, make_pdf


def test_sample_report_metadata_and_clean_text():
    r = read_report(SAMPLE, SAMPLE.parent)
    assert r.title == "Russia-Pakistan: Overview of the Modern Stage of Bilateral Relations"
    assert r.event_date == "2025-12-18"
    assert r.venue == "Russian Embassy, Islamabad"
    assert r.file == SAMPLE.name and len(r.sha256) == 64
    text = r.pages[0].text
    assert "promote mutual respect and deeper" in text
    assert "CONSORTIUM FOR ASIA PACIFIC STUDIES" not in text


def test_pdf_keeps_physical_page_numbers_and_drops_running_headers(tmp_path):
    path = make_pdf(tmp_path / "w.pdf", PDF_PAGES, header="SOUTH ASIA WATER FORUM")
    r = read_report(path, tmp_path)
    assert [p.number for p in r.pages] == [1, 2, 3]
    assert all("SOUTH ASIA WATER FORUM" not in p.text for p in r.pages)
    assert "without reform of pricing and metering." in r.pages[0].text  # carried back
    assert r.pages[1].text.startswith("Mr. Tariq Hussain")
    assert r.event_date == "2025-03-03"


def test_real_pdf_with_url_page_labels_uses_physical_pages():
    r = read_report(CRS_PDF, CRS_PDF.parent)
    assert [p.number for p in r.pages] == [1, 2, 3]
    assert "australia" in r.title.lower() and "http" not in r.title


def test_docx_sections_carry_heading_paths(tmp_path):
    path = make_docx(tmp_path / "m.docx", DOCX_SECTIONS, "Maritime Trade Seminar")
    r = read_report(path, tmp_path)
    assert r.title == "Maritime Trade Seminar"
    locs = [p.location for p in r.pages]
    assert "Maritime Trade Seminar > Trade Panel" in locs
    assert all(p.number is None for p in r.pages)


def test_html_is_read_as_visible_text(tmp_path):
    path = tmp_path / "b.html"
    path.write_text("<html><body><h1>Brief</h1><p>Text <b>here</b>.</p>"
                    "<script>alert(1)</script></body></html>")
    r = read_report(path, tmp_path)
    assert r.title == "Brief"
    assert "alert" not in " ".join(p.text for p in r.pages)


def _bad_files(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "binary.pdf").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "truncated.pdf").write_bytes(CRS_PDF.read_bytes()[:3000])
    make_pdf(tmp_path / "locked.pdf", ["secret"], password="pw")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 in Karachi".encode("latin-1"))
    (tmp_path / "word.docx").write_text("not really a docx")
    return {
        "empty.pdf": "empty file",
        "binary.pdf": "named .pdf but holds binary data",
        "truncated.pdf": "damaged or unreadable PDF",
        "locked.pdf": "encrypted PDF",
        "latin1.txt": "not UTF-8",
        "word.docx": "named .docx but holds text content",
    }


def test_bad_files_raise_one_line_reasons(tmp_path):
    for name, reason in _bad_files(tmp_path).items():
        with pytest.raises(ReportError) as err:
            read_report(tmp_path / name, tmp_path)
        msg = str(err.value)
        assert msg.startswith(f"{name}: ") and reason in msg, msg
        assert "\n" not in msg


def test_image_only_pdf_without_ocr_says_how_to_read_it(tmp_path):
    dst = tmp_path / IMAGE_ONLY_PDF.name
    shutil.copy(IMAGE_ONLY_PDF, dst)
    with pytest.raises(ReportError, match="image-only PDF.*(tesseract|OCR)"):
        read_report(dst, tmp_path, ocr=False)


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
def test_image_only_pdf_is_read_by_ocr(tmp_path):
    r = read_report(IMAGE_ONLY_PDF, IMAGE_ONLY_PDF.parent)
    assert all(p.ocr for p in r.pages)
    assert sum(len(p.text) for p in r.pages) > 500
