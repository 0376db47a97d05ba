"""Field-case kinds on reports of our own: each file here is a variant of a kind in
../shared/field-cases (other wording and layout), indexed together through the real
`assistant index` command and asked through `ask()`, so that a fix holds for the kind and
not only for the shared file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from assistant import ask
from assistant.readers.pdf import tesseract_available
from assistant.settings import Settings

from .conftest import ROOT, SHARED

FILLER = SHARED / "field-cases" / "pdf-ligature" / "urban-transport-roundtable.txt"
NFD_NAME = unicodedata.normalize("NFD", "Café dialogue – Résumé (v2).txt")


def _two_page_hearing(path: Path) -> None:
    """A compound hyphen at the foot of page 1 ("medium-" / "term"), page numbers below."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pages = [["Hearing of the Senate Committee on Energy", "Event Date: 9 April 2025", "",
              "The committee heard the power regulator and the distribution companies.",
              "After a long debate the committee asked the ministry to publish a medium-"],
             ["term plan for retiring the oldest furnace-oil plants within five years.",
              "The regulator promised a decision on the tariff petitions in June."]]
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 8, str(number), align="C")
    pdf.output(str(path))


def _scanned_note(path: Path) -> None:
    """Page 2 is a scan of a short typed note, with a registry stamp at its foot."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for i, line in enumerate(["The delegation from Chitral asked for a bridge over",
                              "the Mastuj river and for a winter road fund."]):
        draw.text((150, 300 + 70 * i), line, fill=0, font=font)
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Highland Development Consultation\nEvent Date: 2 February 2025\n"
                         "The written submissions of the delegations follow.")
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210, h=297)
    pdf.set_xy(10, 285)
    pdf.set_font("Helvetica", size=8)
    pdf.cell(0, 5, "Received by the Secretariat on 3 February 2025 - Ref. HDC/2025/114")
    pdf.output(str(path))


def _finance_seminar(path: Path) -> None:
    """Possessives written with the modifier letter apostrophe (U+02BC)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Seminar on Provincial Finance\nEvent Date: 8 May 2025\n\n"
                         "Sindh\u02bcs share of the divisible pool stands at 24.55 percent.")
    pdf.output(str(path))


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("field-kinds")
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    shutil.copy(FILLER, corpus / FILLER.name)
    _two_page_hearing(corpus / "senate-energy-hearing.pdf")
    _scanned_note(corpus / "highland-consultation.pdf")
    _finance_seminar(corpus / "finance-seminar.pdf")
    (corpus / "fisheries-review.txt").write_text(
        "Review of Coastal Fisheries\nGwadar, 5 May 2025\n"
        "Fish landings at Gwadar rose to 41,000 tonnes in 2024.\n", encoding="utf-8")
    (corpus / "cotton-workshop.txt").write_text(
        "Workshop on Cotton Yields\u2028Event Date: 15 April 2025\u2029The average cotton "
        "yield in southern Punjab fell to\x0b18 maunds per acre in 2024.\n", encoding="utf-8")
    (corpus / "education-budget-review.txt").write_text(
        "Review of the Provincial Education Budget\nEvent Date: 20 June 2025\nVenue: Quetta\n\n"
        "The education budget was 84 billion rupees in 2023-24.\n\n"
        "The education budget rose to 97 billion rupees in 2024-25.\n\n"
        "On the first day, the keynote address was given by Dr. Shazia Baloch.\n\n"
        "On the second day, the keynote address was given by Mr. Naveed Kakar.\n",
        encoding="utf-8")
    (corpus / NFD_NAME).write_text(
        "Dialogue on Small Cafés\nEvent Date: 5 November 2025\n\n"
        "The chamber said that 640 cafés in Islamabad paid the new service tax.\n",
        encoding="utf-8")
    # a name in a legacy encoding (Latin-1 "café", from an old Windows zip): skipped with
    # a one-line reason, the rest indexed
    (Path(os.fsdecode(bytes(corpus) + b"/caf\xe9 seminar.txt"))).write_text(
        "Seminar on Cafes\nThe chamber met.\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "index", "-q", "--corpus", str(corpus),
         "--index", str(index)], capture_output=True, text=True, timeout=900, env=env)
    out = run.stdout + run.stderr
    assert run.returncode == 1 and "Traceback" not in out, out  # 1: a file was skipped
    assert "skipped caf\\xe9 seminar.txt: the file name is not UTF-8" in out, out
    assert "8 added" in out, out
    return Settings(corpus_dir=corpus, index_dir=index)


def _quotes(answer) -> list[str]:
    return [re.sub(r"\s+", " ", c.quote) for c in answer.citations]


def test_the_report_list_says_why_a_name_in_a_legacy_encoding_is_not_indexed(indexed):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "reports", "list", "--corpus",
         str(indexed.corpus_dir), "--index", str(indexed.index_dir)],
        capture_output=True, text=True, timeout=300, env=env)
    line = next(x for x in run.stdout.splitlines() if x.startswith("caf"))
    assert "failed: the file name is not UTF-8" in line and "waiting" not in line, line


def test_a_compound_hyphen_carried_over_a_page_break_of_a_two_page_pdf(indexed):
    a = ask("What plan did the committee ask the ministry to publish?", settings=indexed)
    assert any("publish a medium-term plan for retiring" in q for q in _quotes(a)), _quotes(a)


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
def test_a_short_scanned_note_under_a_stamp_is_answered_from_its_page(indexed):
    a = ask("What did the delegation from Chitral ask for?", settings=indexed)
    assert a.found and any(c.file == "highland-consultation.pdf" and c.page == 2
                           and "Mastuj" in c.quote for c in a.citations), _quotes(a)


def test_a_possessive_with_a_modifier_letter_apostrophe(indexed):
    a = ask("What is Sindh's share of the divisible pool?", settings=indexed)
    assert a.found and any("24.55 percent" in q for q in _quotes(a)), a.text


def test_a_place_and_date_line_under_the_title_serves_the_date_filter(indexed):
    may = {"date_from": "2025-05-01", "date_to": "2025-05-31"}
    a = ask("What were fish landings at Gwadar in 2024?", filters=may, settings=indexed)
    assert a.found and any("41,000 tonnes" in q for q in _quotes(a)), a.text


def test_line_separators_neither_glue_words_nor_hide_the_date(indexed):
    april = {"date_from": "2025-04-01", "date_to": "2025-04-30"}
    a = ask("What was the average cotton yield in southern Punjab?", filters=april,
            settings=indexed)
    assert a.found and any("fell to 18 maunds" in q for q in _quotes(a)), a.text


def test_a_file_filter_typed_composed_finds_a_name_stored_decomposed(indexed):
    a = ask("How many cafés paid the new service tax?", settings=indexed,
            filters={"files": ["Café dialogue – Résumé (v2).txt"]})
    assert a.found and a.citations[0].file == NFD_NAME and "640" in a.citations[0].quote


@pytest.mark.parametrize(("first", "then", "want"), [
    ("What was the education budget in 2023-24?", "And 2024-25?", "97 billion"),
    ("Who gave the keynote address on the first day?", "And on day two?", "Naveed Kakar"),
])
def test_an_elliptical_follow_up_with_a_fiscal_year_or_a_counted_day(indexed, first, then,
                                                                      want):
    earlier = ask(first, settings=indexed)
    a = ask(then, history=[(first, earlier.text)], settings=indexed)
    assert a.found and want in a.citations[0].quote, _quotes(a)
