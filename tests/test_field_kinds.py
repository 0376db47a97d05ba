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


def _port_briefing(path: Path) -> None:
    """A TTF font (the ligature code points kept) and a title at a line's end: 'said Mr.'
    / 'Mustafa Iqbal.'."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("serif", "", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    pdf.set_font("serif", size=11)
    pdf.add_page()
    for line in ["Briefing on Port Logistics", "Event Date: 11 March 2025", "",
                 "Customs tari\ufb00s on re\ufb02agged vessels were cut by \ufb01fteen percent.",
                 "The ba\ufb04ing delays at the Wa\ufb04e Road terminal were blamed on the staff",
                 "shortage, said Mr.", "Mu\ufb06afa Iqbal of the port trust."]:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _typed_page(lines: list[str], *, paper: int = 255, size: int = 40, top: int = 300,
                fill: int = 0):
    """A scanned A4 page (PIL, 200 dpi) of `lines` typed in DejaVu Serif on `paper` grey."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), paper)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", size)
    for i, line in enumerate(lines):
        draw.text((150, top + 70 * i), line, fill=fill, font=font)
    return image


def _sideways_scan(path: Path) -> None:
    """Page 2 is a scan fed in on its side."""
    from fpdf import FPDF

    image = _typed_page(["The council of Tharparkar asked for forty new reverse",
                         "osmosis plants and a solar pump for every village."])
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Consultation on Desert Water Supply\nEvent Date: 7 July 2025\n"
                         "The scanned submissions of the district councils follow.")
    pdf.add_page()
    pdf.image(image.rotate(90, expand=True), x=0, y=0, w=210, h=297)
    pdf.output(str(path))


def _table_laid_dialogue(path: Path) -> None:
    """A DOCX that is one table: title and "Date:" in the first row's cells."""
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Dialogue on Textile Competitiveness"
    table.cell(0, 1).text = "Date: 27 October 2025"
    table.cell(1, 0).text = "Ms. Amna Sheikh, APTMA"
    table.cell(1, 1).text = "Gas tariffs for export mills should be capped at 9 dollars " \
        "per mmbtu."
    doc.save(str(path))


def _stamped_strip_scan(path: Path) -> None:
    """Two pages under a running header of real text; page 2 is a scan cut into strips
    (as some scanners write it), with a receipt stamp turned up the margin."""
    from fpdf import FPDF

    image = _typed_page(["Submission of the Fishermen Cooperative Society",
                         "The society asked for a ban on wire nets in the",
                         "creeks of Keti Bandar and for diesel at cost."], fill=20)
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=9)
    for number in (1, 2):
        pdf.add_page()
        pdf.set_xy(10, 5)
        pdf.cell(0, 5, "Coastal Livelihoods Consultation - Karachi, 20 November 2025")
        if number == 1:
            pdf.set_xy(10, 20)
            pdf.multi_cell(0, 6, "Coastal Livelihoods Consultation\nEvent Date: 20 November "
                                 "2025\nThe written submissions follow on the next page.")
        else:
            third = image.height // 3
            for k in range(3):
                strip = image.crop((0, k * third, image.width, (k + 1) * third))
                pdf.image(strip, x=0, y=12 + k * 90, w=210, h=90)
            with pdf.rotation(90, 200, 200):
                pdf.set_xy(120, 195)
                pdf.cell(0, 5, "CLC/2025/SUB/0042 - RECEIVED")
        pdf.set_xy(10, 287)
        pdf.cell(0, 5, f"Page {number} of 2", align="C")
    pdf.output(str(path))


def _stamped_council_scan(path: Path, council: str, lines: list[str], *, paper: int,
                          strips: int) -> None:
    """Page 2 is a scan under a digital stamp line: on grey paper (`paper`, 0-255), or
    stored as `strips` bands of the page whose edges cut through its lines of text."""
    from fpdf import FPDF

    image = _typed_page([f"Submission of the {council} council", *lines], paper=paper,
                        size=44, top=230, fill=30)
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Northern Areas Tourism Forum\nEvent Date: 4 April 2025\nThe forum "
                         "collected written submissions from the district councils.")
    pdf.add_page()
    band = image.height // strips
    for k in range(strips):
        pdf.image(image.crop((0, k * band, image.width, (k + 1) * band)), x=0,
                  y=k * 297 / strips, w=210, h=297 / strips)
    pdf.set_xy(10, 5)
    pdf.cell(0, 5, "Annex B - Scanned council submissions (received by post)")
    pdf.set_xy(10, 288)
    pdf.cell(0, 5, "NATF-2025-000117")
    pdf.output(str(path))


def _columns_drawn_out_of_order(path: Path, title: str, columns: list[list[str]], *,
                                across: bool) -> None:
    """A page of narrow columns drawn out of reading order: row by row across the columns
    (`across`; pdfium joins each row's lines into one), or the rightmost column first."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("F", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_page()
    pdf.set_font("F", size=13)
    pdf.text(40, 50, title)
    pdf.set_font("F", size=9)
    pdf.text(40, 68, "Event Date: 9 August 2025")
    step = 182 if len(columns) == 3 else 270  # a gutter of some 15 points
    drawn = [(i, k) for i in range(max(map(len, columns))) for k in range(len(columns))] \
        if across else [(i, k) for k in reversed(range(len(columns)))
                        for i in range(len(columns[k]))]
    for i, k in drawn:
        if i < len(columns[k]):
            pdf.text(40 + k * step, 100 + i * 13, columns[k][i])
    pdf.output(str(path))


def _scanned_cover(path: Path) -> None:
    """Page 1 is a scanned letter whose heading lines sit right over its first sentence."""
    from fpdf import FPDF

    image = _typed_page(["Provincial Assembly of Khyber Pakhtunkhwa",
                         "Standing Committee on Health",
                         "The committee asked for 300 new nursing posts",
                         "in the merged districts of Bajaur and Khyber."], paper=240, fill=20)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image.rotate(1.5, fillcolor=240), x=0, y=0, w=210, h=297)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Health Committee Report\nEvent Date: 12 May 2025\nThe committee "
                         "also heard the department on vaccine stocks.")
    pdf.output(str(path))


def _annex_with_average(path: Path) -> None:
    """A three-page annex that repeats the provincial average under each page's rows."""
    from fpdf import FPDF

    rows = [("Kech", 40.9), ("Gwadar", 44.1), ("Panjgur", 38.6), ("Awaran", 29.4),
            ("Lasbela", 47.5), ("Khuzdar", 41.7)]
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for n in range(3):
        pdf.add_page()
        if n == 0:
            pdf.cell(0, 6, "Annex B: Makran and Kalat Divisions", new_x="LMARGIN",
                     new_y="NEXT")
        for district, rate in rows[2 * n: 2 * n + 2]:
            pdf.cell(0, 6, f"In {district} district the adult literacy rate was {rate} "
                           "percent, according to the 2024 survey.", new_x="LMARGIN",
                     new_y="NEXT")
        pdf.cell(0, 6, "Provincial average: adult literacy 46.2 percent, primary enrolment "
                       "58.1 percent.", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, f"Annex B - page {n + 1}", align="C")
    pdf.output(str(path))


def _annex_by_year(path: Path) -> None:
    """A four-page annex, one table per division: the running header, the table's caption,
    then its column heads ("District 2023 2024", the same on every page), rows of one-word
    district names and their figures, a source note and a footer."""
    from fpdf import FPDF

    divisions = [("Quetta", [("Pishin", "61.4", "63.0"), ("Chaman", "48.2", "50.9")]),
                 ("Sibi", [("Kohlu", "22.7", "25.1"), ("Dera Bugti", "19.8", "21.3")]),
                 ("Zhob", [("Sherani", "31.5", "33.6"), ("Musakhel", "27.0", "29.4")]),
                 ("Naseerabad", [("Jhal Magsi", "35.8", "36.2"), ("Jaffarabad", "44.0",
                                                                  "47.7")])]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for n, (division, rows) in enumerate(divisions, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.set_xy(15, 10)
        pdf.cell(0, 5, "Balochistan Development Statistics - Annex C")
        pdf.set_font("Helvetica", "B", 11)
        pdf.set_xy(15, 22)
        pdf.cell(0, 6, f"Table C.{n} Households with electricity (%), {division} Division")
        y = 30
        for r in [("District", "2023", "2024"), *rows]:
            x = 15
            for w, cell in zip((70, 30, 30), r, strict=True):
                pdf.set_xy(x, y)
                pdf.cell(w, 7, cell, border=1, align="L" if x == 15 else "R")
                x += w
            y += 7
        pdf.set_xy(15, y + 6)
        pdf.cell(0, 6, "Source: Balochistan Energy Survey, 2023 and 2024 rounds.")
        pdf.set_xy(15, 285)
        pdf.cell(0, 5, f"Development Statistics 2025 | page {n}")
    pdf.output(str(path))


def _boxed_roundtable(path: Path) -> None:
    """A DOCX drawn inside a one-cell box: title and date paragraphs, a speakers table
    nested in the box."""
    from docx import Document

    doc = Document()
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "Roundtable on Urban Flooding"
    cell.add_paragraph("Event Date: 16 July 2025")
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "Engr. Kamran Bashir, WASA Lahore"
    inner.cell(0, 1).text = "The storm drains of Lahore can carry only 30 millimetres " \
        "of rain an hour."
    inner.cell(1, 0).text = "Dr. Nadia Farooq, LUMS"
    inner.cell(1, 1).text = "She proposed retention ponds in 14 low-lying neighbourhoods."
    doc.save(str(path))


def _merged_cells_roundtable(path: Path) -> None:
    """A DOCX that is one table: the title and its date on one line in a row merged across
    the columns, a speaker's name merged down over two statement rows."""
    from docx import Document

    doc = Document()
    t = doc.add_table(rows=5, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = \
        "Roundtable on Livestock Health - Event Date: 17 June 2025"
    for col, text in enumerate(["Speaker", "Organisation", "Statement"]):
        t.cell(1, col).text = text
    t.cell(2, 0).merge(t.cell(3, 0)).text = "Dr. Saima Javed"
    t.cell(2, 1).text = t.cell(3, 1).text = "UVAS Lahore"
    t.cell(2, 2).text = "Lumpy skin disease killed 4,800 cattle in Sindh in 2024."
    t.cell(3, 2).text = "She asked for a vaccine bank at Tando Jam."
    t.cell(4, 0).merge(t.cell(4, 2)).text = "The roundtable closed with a call for " \
        "cross-border surveillance."
    doc.save(str(path))


def _dairy_workshop(path: Path) -> None:
    """Two pages under an "Institute | Workshop Report" header, centred "- 1 -" page
    numbers, a syllable break ("govern-" / "ment") over the page break."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pages = [["Workshop on Dairy Cooperatives", "Event Date: 19 May 2025", "",
              "The workshop reviewed milk collection in the Pothohar region.",
              "Farmers said that chilling centres were too far apart and that the govern-"],
             ["ment should fund twenty new chilling centres near Chakwal and Attock.",
              "The workshop ended with a field visit."]]
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(10, 8)
        pdf.cell(0, 5, "Institute of Rural Economy | Workshop Report")
        pdf.set_font("Helvetica", size=11)
        for i, line in enumerate(lines):
            pdf.set_xy(10, 20 + 6 * i)
            pdf.cell(190, 6, line)
        pdf.set_xy(10, 282)
        pdf.cell(0, 6, f"- {number} -", align="C")
    pdf.output(str(path))


def _madrassa_conference(path: Path) -> None:
    """A sentence over the break of a two-page PDF whose footer is "Page N | Centre ..."."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pages = [["Conference on Madrassa Education", "Event Date: 27 November 2025", "",
              "The conference was told that the registration of seminaries with the education"],
             ["ministry had reached 18,600 by October, against 32,000 seminaries in all.",
              "Speakers asked for a common curriculum."]]
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        for i, line in enumerate(lines):
            pdf.set_xy(10, 20 + 6 * i)
            pdf.cell(190, 6, line)
        pdf.set_xy(10, 282)
        pdf.cell(0, 6, f"Page {number} | Centre for Religious Studies", align="C")
    pdf.output(str(path))


def _non_state_briefing(path: Path) -> None:
    """Non-breaking hyphens (U+2011) and a minus sign (U+2212), as word processors set them."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    pdf.multi_cell(190, 6, "Briefing on Non\u2011State Actors\nEvent Date: 6 May 2025\n\n"
                           "Attacks by non\u2011state actors in Khyber rose after COVID\u201119 "
                           "lockdowns ended, while tourism growth was \u22123.5 percent.")
    pdf.output(str(path))


def _seed_banks_round_table(path: Path) -> None:
    """A DOCX whose date is only in its first page's header: "title | date | place"."""
    from docx import Document

    doc = Document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = \
        "Round Table on Seed Banks | 27 August 2025 | Hunza"
    doc.add_heading("Round Table on Seed Banks", level=1)
    doc.add_paragraph("The round table heard that the Hunza seed bank holds 2,300 local "
                      "varieties.")
    doc.save(str(path))


def _two_page_brief(path: Path, pages: list[list[str]], footers: list[str]) -> None:
    """A two-page PDF with a sentence over the break and the given footer on each page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for lines, footer in zip(pages, footers, strict=True):
        pdf.add_page()
        for i, line in enumerate(lines):
            pdf.set_xy(10, 20 + 6 * i)
            pdf.cell(190, 6, line)
        pdf.set_xy(10, 282)
        pdf.cell(0, 6, footer, align="C")
    pdf.output(str(path))


def _hydropower_conference(path: Path) -> None:
    """A title naming the region ("Conference on Gilgit-Baltistan’s Hydropower") whose
    installed-capacity sentence says "The region’s" only; curly apostrophes."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Conference on Gilgit-Baltistan\u2019s Hydropower\nEvent Date: 22 "
                         "September 2025\nVenue: Gilgit\n\nGilgit-Baltistan\u2019s untapped "
                         "hydropower potential was put at 40,000 megawatts.\n\nThe region\u2019s "
                         "installed capacity is only 190 megawatts, said Mr. Ejaz Hunzai of the "
                         "power department.")
    pdf.output(str(path))


def _water_budget_brief(path: Path) -> None:
    """A Word brief whose title names the water budget; the earlier year's sentence says
    "The budget" only."""
    from docx import Document

    doc = Document()
    doc.add_heading("Brief on the Water Sector Budget", 1)
    doc.add_paragraph("Event Date: 3 June 2025")
    doc.add_paragraph("The federal water budget for 2025-26 is 180 billion rupees.")
    doc.add_paragraph("Of this, 45 billion rupees go to the Diamer-Bhasha dam and 22 billion "
                      "rupees to canal lining.")
    doc.add_paragraph("Ms. Sana Javed of the planning commission said 60 percent of canal "
                      "water is lost before it reaches the fields.")
    doc.add_paragraph("The budget for 2024-25 was 155 billion rupees.")
    doc.save(str(path))


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
    (corpus / "cement-emissions-brief.txt").write_text(
        "Brief on Cement Plant Emissions\nEvent Date: 3 March 2025\n\n"
        "The cement plants' Scope 1 emissions rose 12% in 2024, driven by kiln fuel.\n\n"
        "The plants will build a waste-heat line in the first phase of the upgrade.\n",
        encoding="utf-8")
    (corpus / "karachi-port-queue-note.txt").write_text(
        "Note on the Karachi Port Queue\nEvent Date: 9 April 2025\n\n"
        "An estimated 300 cargo ships were waiting outside Karachi port in March 2025.\n\n"
        "The port authority said 2.4 million tonnes of wheat were unloaded that month.\n",
        encoding="utf-8")
    (corpus / "old-city-zoning-minutes.txt").write_text(
        "Minutes of the Old City Heritage Committee\nEvent Date: 12 May 2025\n\n"
        "The committee walked the old city's bazaars with traders and residents.\n\n"
        "The zoning plan for the old city has not yet been approved by the provincial "
        "cabinet.\n", encoding="utf-8")
    (corpus / NFD_NAME).write_text(
        "Dialogue on Small Cafés\nEvent Date: 5 November 2025\n\n"
        "The chamber said that 640 cafés in Islamabad paid the new service tax.\n",
        encoding="utf-8")
    # a name in a legacy encoding (Latin-1 "café", from an old Windows zip): skipped with
    # a one-line reason, the rest indexed
    (Path(os.fsdecode(bytes(corpus) + b"/caf\xe9 seminar.txt"))).write_text(
        "Seminar on Cafes\nThe chamber met.\n", encoding="utf-8")
    _port_briefing(corpus / "port-logistics-briefing.pdf")
    _sideways_scan(corpus / "desert-water-consultation.pdf")
    from .conftest import DOCX_SECTIONS, make_docx
    make_docx(corpus / "maritime-seminar.doc", DOCX_SECTIONS, "Maritime Trade Seminar")
    (corpus / "old-minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    (corpus / "energy-newsletter.html").write_text(
        "<!DOCTYPE html><html><head><title>Energy Newsletter</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/about'>About us</a></nav><main>"
        "<h1>Energy Newsletter, Issue 4</h1><div>Posted on 3 December 2025</div>"
        "<div>The regulator&rsquo;s buy-back rate for rooftop solar was cut to 11&nbsp;rupees "
        "per unit.<br><br>Rooftop solar kept growing in every province.</div><table>"
        "<tr><th>Province</th><th>Installed rooftop capacity</th></tr>"
        "<tr><td>Punjab</td><td>2,450 megawatts</td></tr>"
        "<tr><td>Sindh</td><td>870 megawatts</td></tr></table></main></body></html>",
        encoding="utf-8")
    (corpus / "russian-trade-note.txt").write_text(
        "Заметка о торговле\nДата: 10 декабря 2025 г.\n\nТоварооборот между Россией и "
        "Пакистаном вырос до 1,2 млрд долларов.\n", encoding="utf-8")
    (corpus / "urdu-seminar.txt").write_text(
        "سیمینار برائے زرعی پانی\nتاریخ: 12 دسمبر 2025\n\nسیمینار میں بتایا گیا کہ تربیلا "
        "ڈیم میں پانی کی سطح 1,450 فٹ ہے۔\n", encoding="utf-8")
    (corpus / "dairy-exports.txt").write_text(
        "Review of Dairy Exports\nHeld on 18th of December, 2025 at Chakwal\n\n"
        "Milk powder exports by province:\nProvince\tExports\tFirms\n"
        "Punjab\t41,000 tonnes\t12\nSindh\t9,500 tonnes\t4\n\n"
        "The review asked for a dairy export board.\n", encoding="utf-8")
    _table_laid_dialogue(corpus / "textile-dialogue.docx")
    (corpus / "rice-exporters-meeting.txt").write_text(
        "Rice Exporters Meeting\nDate of meeting: 09/10/2025\nChair: Mr. Kashif Mehmood\n\n"
        "Basmati exports fell to 750,000 tonnes.\n", encoding="utf-8")
    (corpus / "pulses-import-review.txt").write_text(
        "Review of Pulses Imports\nDate: 2025/09/15\n\nChickpea imports rose to 450,000 "
        "tonnes.\n", encoding="utf-8")
    (corpus / "textile-exports-news.html").write_text(
        "<html><head><title>Textile exports rise - Business Daily</title></head><body>"
        "<table width='100%'><tr><td><a href='/'>Home</a><br><a href='/biz'>Business</a>"
        "</td><td><h2>Textile exports rise</h2>Faisalabad, 8 December 2025<br><br>Textile "
        "exports rose to 1.6&nbsp;billion dollars in November, the association said.<br>"
        "Home textiles led the rise.</td></tr></table></body></html>", encoding="utf-8")
    (corpus / "gems-exhibition-review.txt").write_bytes(
        "GEMS AND JEWELLERY EXHIBITION REVIEW\r\nDate: 31st January \u2013 1st February "
        "2025\r\nVenue: Peshawar\r\nExporters signed orders worth 14 million dollars for "
        "Swat emeralds.\r\n".encode("cp1252"))
    _stamped_strip_scan(corpus / "coastal-livelihoods-consultation.pdf")
    _scanned_cover(corpus / "kp-health-committee.pdf")
    _annex_with_average(corpus / "makran-kalat-annex.pdf")
    _annex_by_year(corpus / "electricity-annex.pdf")
    (corpus / "measles-campaign-review.txt").write_text(
        "Review of the Measles Campaign in Sindh\nEvent Date: 3 March 2025\nVenue: "
        "Hyderabad\n\nDr. Hina Baig of WHO said that cases had fallen to 3,100 in 2024.\n"
        "UNICEF supplied 1,200 solar refrigerators for the cold chain.\nThe British High "
        "Commission pledged 5 million pounds for cold rooms.\nThe Japanese buyers of the "
        "vaccine asked for monthly stock reports.\n", encoding="utf-8")
    _boxed_roundtable(corpus / "urban-flooding-roundtable.docx")
    (corpus / "wind-seminar.html").write_text(
        "<!DOCTYPE html><html><head><title>Seminar on Wind Power &#8211; Centre for Policy "
        "Studies</title></head><body class='single cookies-not-set'><div id='cookie-law-"
        "info-bar'><span>This website uses cookies to improve your experience. <a>ACCEPT"
        "</a></span></div><div class='entry-content'><h2>Seminar on Wind Power</h2><p>"
        "Posted on August 28, 2025</p><p>&nbsp;</p><p><span>The seminar heard that wind "
        "capacity </span><span>grew fastest in the Jhimpir corridor.</span></p><pre>\n"
        "Province      Solar (MW)   Wind (MW)\nSindh         620          1,845\n"
        "Punjab        1,310        0\n</pre></div></body></html>", encoding="utf-8")
    (corpus / "gas-pricing-brief.htm").write_bytes(
        "<html><head><title>Brief on Gas Pricing</title></head><body><div class="
        "WordSection1><p class=MsoTitle>Brief on Gas Pricing</p><p class=MsoNormal>Event "
        "Date: 7 January 2025</p><p class=MsoNormal>The regulator raised the gas price for "
        "captive power plants to 3,500 rupees per mmbtu<a href='#_ftn1' name='_ftnref1'>"
        "<span class=MsoFootnoteReference><![if !supportFootnotes]>[1]<![endif]></span></a>"
        ", the minister said.</p></div><div style='mso-element:footnote-list'><div style="
        "'mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a href='#_ftnref1' "
        "name='_ftn1'>[1]</a> The new price took effect on 1 February 2025 under OGRA\u2019s "
        "notification.</p></div></div></body></html>".encode("cp1252"))
    (corpus / "health-workers-review.txt").write_text(
        "Review of the Lady Health Worker Programme\nEvent Date: 12 March 2025\n\n"
        "In 2023 the programme trained 2,150 health workers.\n\n"
        "In 2024 the programme trained 4,600 health workers.\n\n"
        "In 2025 the programme plans to train 6,000 health workers.\n", encoding="utf-8")
    (corpus / "cpec-zones-seminar.txt").write_text(
        "Seminar on CPEC Special Economic Zones\nEvent Date: 22 April 2025\n\n"
        "The seminar heard that four zones were ready for investors and asked for a "
        "single-window office for them.\n", encoding="utf-8")
    (corpus / "gwadar-tourism-forum.txt").write_text(
        "Gwadar Coastal Tourism Forum\nEvent Date: 28 September 2025\n\n"
        "The inaugural session was chaired by Dr. Nadia Hussain, Vice Chancellor of the "
        "University of Turbat.\n\nMr. Arif Baloch of the Gwadar Development Authority spoke "
        "about beach resorts and the new marina.\n\nMs. Sadia Rind, a tour operator from "
        "Karachi, spoke about visa rules for foreign visitors.\n\nThe forum asked the "
        "province to open a tourism desk at the airport.\n", encoding="utf-8")
    (corpus / "kazan-business-note.txt").write_text(
        "Pakistan-Russia Business Council Note\nEvent Date: 4 November 2025\n\n"
        "Members met the visiting delegation from Tatarstan at the Lahore chamber.\n\n"
        "Представитель Татарстана Ильдар Гарипов сообщил, что логистический центр в Казани "
        "обойдётся в 240 миллионов долларов. Он добавил, что первая партия пакистанского "
        "риса прибудет в Казань в марте.\n", encoding="utf-8")
    (corpus / "gwadar-fisheries-note.txt").write_text(
        "Gwadar Fisheries Consultation\nEvent Date: 16 August 2025\n\n"
        "The consultation heard the fishermen\u2019s union and the port authority.\n\n"
        "ماہی گیروں کی یونین کے صدر نے بتایا کہ گوادر میں 2,300 کشتیاں رجسٹرڈ ہیں۔ "
        "انہوں نے مطالبہ کیا کہ ٹرالرز پر پابندی لگائی جائے۔\n", encoding="utf-8")
    (corpus / "regional-health-brief.txt").write_text(
        "Brief on Regional Health Cooperation\nEvent Date: 3 December 2025\n\n"
        "The United States pledged 5 million dollars for polio vaccines.\n\n"
        "The WHO\u2018s country director said measles cases fell by a third.\n",
        encoding="utf-8")
    (corpus / "flood-housing-pledges.txt").write_text(
        "Flood Housing Pledging Session\nEvent Date: 14 October 2025\n\n"
        "The UK pledged 12 million pounds for flood housing in Dadu.\n\n"
        "Japan pledged 9 million dollars for flood housing in Jacobabad.\n",
        encoding="utf-8")
    # sixth round: header date lines, mail-editor HTML, a Drupal <time>, merged DOCX
    # cells, a text copy saved with a byte-order mark and Windows line ends
    (corpus / "fishing-council-minutes.txt").write_text(
        "FISHING COUNCIL OF SINDH\nMeeting held on Tuesday, 4 March 2025 at Karachi\n\n"
        "The council banned the use of gujjo nets in the creeks.\n", encoding="utf-8")
    (corpus / "orchard-growers-mail.htm").write_text(
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><title>Minutes"
        "</title></head><body><div class=WordSection1><p class=MsoNormal><b>Minutes of the "
        "Orchard Growers Meeting<o:p></o:p></b></p><p class=MsoNormal>Date: 21 October 2025"
        "<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Growers "
        "said that kinnow exports to<o:p></o:p></p><p class=MsoNormal>Russia fell to 95,000 "
        "tonnes.<o:p></o:p></p></div></body></html>", encoding="utf-8")
    (corpus / "groundwater-law-seminar.html").write_text(
        "<!DOCTYPE html><html><head><title>Seminar on Groundwater Law | Institute of Policy"
        "</title></head><body><article><h1>Seminar on Groundwater Law</h1><div class='field "
        "field--name-field-date'><time datetime='2025-07-08T12:00:00Z'>Tue, 07/08/2025 - "
        "12:00</time></div><div class='field--name-body'>The seminar heard that tubewells "
        "in Balochistan draw 1.2 million acre-feet a year<br>from aquifers that refill far "
        "more slowly.<br><br>Speakers asked for a groundwater bill.</div></article></body>"
        "</html>", encoding="utf-8")
    _merged_cells_roundtable(corpus / "livestock-health-roundtable.docx")
    roads = "Workshop on Sindh Coastal Roads\nEvent Date: 15 June 2025\n\nThe coastal " \
        "highway from Karachi to Keti Bandar will cost 27 billion rupees.\n"
    (corpus / "coastal-roads-workshop.txt").write_text(roads, encoding="utf-8")
    (corpus / "coastal-roads-workshop (1).txt").write_bytes(
        b"\xef\xbb\xbf" + roads.replace("\n", "\r\n").encode())
    (corpus / "indus-seepage-seminar.txt").write_text(
        "Seminar on Water Security in the Indus Basin\nEvent Date: 9 October 2024\n"
        "Venue: Lahore\n\nThe seminar was chaired by Engr. Khalid Mahmood.\n\n"
        "Dr. Samina Rauf said that Punjab lost 1.4 million acre-feet of water to canal "
        "seepage in 2023.\n\nIn 2022 the losses were 1.1 million acre-feet, she added.\n\n"
        "The seminar recommended a telemetry system for every barrage by 2027.\n",
        encoding="utf-8")
    (corpus / "sco-digital-youth-forum.txt").write_text(
        "SCO Youth Forum on Digital Skills\nEvent Date: 14 March 2025\n\n"
        "The opening address was given by Dr. Farah Qazi, Rector of NUST.\n\n"
        "Mr. Bilal Ansari said that IT exports reached 3.8 billion dollars in 2024, up from "
        "2.6 billion dollars in 2023.\n\nMs. Zoya Mirza, a software entrepreneur from "
        "Lahore, spoke about venture capital for start-ups.\n\nMr. Nguyen Van Long, a "
        "trade counsellor from Hanoi, said Vietnam wanted Pakistani software firms to open "
        "offices there.\n\nThe forum recommended a regional coding academy.\n",
        encoding="utf-8")
    _hydropower_conference(corpus / "gb-hydropower-conference.pdf")
    # seventh round: irregular demonyms, spans of years, a fiscal-year budget brief in
    # Word, a Russian paragraph asked after in Russian following an English question
    (corpus / "europe-gulf-trade-roundtable.txt").write_text(
        "Roundtable on Pakistan\u2019s Trade with Europe and the Gulf\nEvent Date: 6 November "
        "2025\nVenue: Islamabad\n\nDelegations from France, the Netherlands, Norway, "
        "Switzerland, T\u00fcrkiye, the UAE and the Philippines attended the roundtable.\n\n"
        "The envoy of France, Ms. Claire Dubois, said that France would finance a cold chain "
        "for mango exports worth 40 million euros.\n\nMr. Joost van Dijk of the Netherlands "
        "proposed a joint dairy training centre in Okara.\n\nNorway\u2019s delegate, Ms. "
        "Ingrid Solberg, said her government would fund 12 small hydropower plants in Swat."
        "\n\nInvestors from the UAE said they would put 1.5 billion dollars into the Karachi "
        "port terminal.\n\nContractors from T\u00fcrkiye asked for faster visas for their "
        "engineers.\n\nSwitzerland\u2019s state secretariat offered training in watch-making "
        "skills to 200 artisans in Sialkot.\n\nWorkers from the Philippines now make up 9 "
        "percent of the seafarers on Pakistani ships, the shipping corporation said.\n\n"
        "The roundtable recommended the following steps:\n1) a single trade desk at every "
        "embassy;\n2) an annual investment week in Lahore;\n3) a review of the GSP+ "
        "compliance report by March 2026.\n", encoding="utf-8")
    (corpus / "textile-census-brief.txt").write_text(
        "Brief on the Textile Industry Census\nEvent Date: 12 September 2025\nVenue: "
        "Faisalabad\n\nIn 2022 the industry employed 1.9 million workers.\n\nIn 2023 the "
        "industry employed 2.1 million workers.\n\nBetween 2023 and 2024 textile exports "
        "grew by 8 percent.\n\nBetween 2022 and 2023 textile exports fell by 3 percent.\n\n"
        "Ms. Rabia Siddiqui of APTMA said that gas shortages closed 46 mills in 2024.\n",
        encoding="utf-8")
    _water_budget_brief(corpus / "water-budget-brief.docx")
    (corpus / "central-asia-power-note.txt").write_text(
        "Note on Central Asian Power Imports\nEvent Date: 25 November 2025\nVenue: "
        "Islamabad\n\nThe meeting reviewed power imports from Tajikistan and Uzbekistan.\n\n"
        "Представитель Узбекистана Рустам Алиев сообщил, что экспорт электроэнергии в "
        "Афганистан в 2024 году составил 6,2 млрд киловатт-часов. По его словам, новая линия "
        "до Пешавара будет готова в 2027 году.\n\nPakistan imported 950 megawatts from "
        "Tajikistan in the summer of 2025.\n", encoding="utf-8")
    # seventh round: page furniture of two-page PDFs, dates a page's markup, a front
    # matter, a Russian official form or a DOCX header gives, a form feed before a figure
    _dairy_workshop(corpus / "dairy-cooperatives-workshop.pdf")
    _madrassa_conference(corpus / "madrassa-conference.pdf")
    _non_state_briefing(corpus / "non-state-actors-briefing.pdf")
    _seed_banks_round_table(corpus / "seed-banks-round-table.docx")
    (corpus / "makran-literacy-by-sex.html").write_text(
        "<html><head><title>Annex E: Literacy Rate by Sex, Makran</title></head><body><h1>"
        "Annex E: Literacy Rate by Sex, Makran</h1><table><tr><th rowspan=2>District</th>"
        "<th colspan=2>2023</th><th colspan=2>2024</th></tr><tr><th>Male</th><th>Female</th>"
        "<th>Male</th><th>Female</th></tr><tr><td>Kech</td><td>58.1</td><td>36.4</td><td>"
        "60.2</td><td>41.2</td></tr><tr><td>Gwadar</td><td>61.0</td><td>39.9</td><td>63.3"
        "</td><td>44.0</td></tr></table></body></html>", encoding="utf-8")
    _two_page_brief(corpus / "polio-environment-brief.pdf", [
        ["Brief on Polio Eradication", "Event Date: 14 April 2025", "",
         "The brief noted that environmental samples from Peshawar tested positive in"],
        ["eleven of the last twelve months, the health ministry said.",
         "It asked for more testing."]], ["i", "ii"])
    _two_page_brief(corpus / "cold-chain-workshop.pdf", [
        ["Workshop on Cold Chains", "Event Date: 3 July 2025", "",
         "Participants said that a third of the fruit grown in Swat rots before it reaches"],
        ["markets because the valley has only four cold stores.",
         "The workshop asked for more."]],
        ["www.agripolicy.org.pk    1", "www.agripolicy.org.pk    2"])
    (corpus / "uzbek-trade-talks.html").write_text(
        "<!DOCTYPE html><html><head><title>Pakistan-Uzbekistan Trade Talks</title><meta "
        "property='article:published_time' content='2025-10-23T07:30:00Z'></head><body><main>"
        "<h1>Pakistan-Uzbekistan Trade Talks</h1><p>The two sides agreed to raise bilateral "
        "trade to 2 billion dollars through the Trans-Afghan railway.</p></main><div id="
        "'onetrust-consent-sdk'><div id='onetrust-banner-sdk'><p>We use cookies to "
        "personalise content.</p></div></div></body></html>", encoding="utf-8")
    (corpus / "blogger-kidney-seminar.html").write_text(
        "<!DOCTYPE html><html><head><title>Policy Blog: Seminar on Kidney Transplants</title>"
        "</head><body><h2 class='date-header'><span>Tuesday, March 4, 2025</span></h2><h3 "
        "class='post-title entry-title'>Seminar on Kidney Transplants</h3><div class='post-"
        "body entry-content'>The seminar heard that 1,100 kidney transplants were done in "
        "Punjab in 2024.<br /><br />Doctors asked for a deceased-donor law.</div></body></html>",
        encoding="utf-8")
    (corpus / "climate-finance-notes.md").write_text(
        "---\ntitle: \"Roundtable on Climate Finance\"\ndate: 2025-09-30\nauthor: Staff\n---\n\n"
        "# Roundtable on Climate Finance\n\nPakistan received 1.3 billion dollars from the "
        "Resilience and Sustainability Facility.\n", encoding="utf-8")
    (corpus / "fertiliser-subsidy-review.txt").write_text(
        "Review of Fertiliser Subsidies\nEvent Date: 19 August 2025\n\nThe review found that "
        "the urea subsidy cost the exchequer\n1\n\f125 billion rupees in 2024-25.\n\nDealers "
        "hoarded stocks before sowing.\n2\n", encoding="utf-8")
    (corpus / "rice-export-meeting-ru.txt").write_text(
        "Совещание по экспорту риса\nДата: «12» марта 2025 г.\n\nЭкспорт риса из Пакистана "
        "составил 5,8 млн тонн.\n", encoding="utf-8")
    (corpus / "olive-cultivation-review.txt").write_text(
        "          REVIEW OF OLIVE CULTIVATION\n          ===========================\n\n"
        "Event Date:\t\t26 February 2025\nVenue:\t\t\tChakwal\n\nOlive orchards in the "
        "Potohar region now cover 22,000 acres.\n", encoding="utf-8")
    # eighth round: columns drawn across the page or right first
    _columns_drawn_out_of_order(corpus / "cotton-dialogue-three-column.pdf", "Cotton "
                                "Growers Dialogue", [
        ["The dialogue opened with a review of", "cotton output, which fell by a fifth",
         "after the floods. Growers asked for", "certified seed and cheaper loans.",
         "Speakers from the ginning sector", "said that exports of yarn to China",
         "rose in the second half of the year.", "The agriculture secretary announced"],
        ["that the Multan cotton research", "institute would distribute 40,000",
         "bags of heat-tolerant seed before", "the next sowing season, and that the",
         "provincial bank would offer loans at", "five percent. A researcher warned",
         "that pink bollworm now damages one", "field in three, and proposed that"],
        ["pheromone traps be given free to", "smallholders in Bahawalpur, Vehari",
         "and Lodhran districts. The dialogue", "closed with a call for a price floor",
         "for seed cotton, as growers had asked", "the ministry the year before."]],
        across=True)
    _columns_drawn_out_of_order(corpus / "housing-board-two-column.pdf", "Housing "
                                "Reconstruction Board Minutes", [
        ["The board reviewed the housing scheme", "for flood-affected families in Dadu.",
         "Engineers reported that 12,400 houses", "had been rebuilt with raised plinths.",
         "The finance member told the board", "that the World Bank tranche for the",
         "third phase would be released once"],
        ["the provincial assembly passes the", "land-titling law, which is expected",
         "in March 2026. Women will be named", "joint owners on every new title.",
         "The next meeting of the board will", "be held in Hyderabad, the chair said."]],
        across=False)
    # eighth round: scans on grey paper or in strips under a stamp line
    _stamped_council_scan(corpus / "hunza-council-submission.pdf", "Hunza", [
        "The Hunza council requested a solid waste", "plant at Aliabad and a cap of 400 jeeps",
        "a day on the road to Khunjerab Pass."], paper=196, strips=1)
    _stamped_council_scan(corpus / "ghizer-council-submission.pdf", "Ghizer", [
        "The Ghizer council requested a trout", "farm at Phander lake and a rescue post",
        "at Shandur for the polo festival."], paper=255, strips=12)
    # eighth round: two seminars whose attendance lines name no place, a follow-up naming
    # the other; a brief dated by its month only
    for place, date, venue, count, more in [
            ("Multan", "4 March 2025", "Bahauddin Zakariya University, Multan", "Some 85 "
             "participants attended the seminar, including farmers from Khanewal.",
             "Dr. Imran Bosan said that 40 percent of outlets had been tampered with."),
            ("Sukkur", "11 March 2025", "Sukkur IBA University", "The seminar was attended by "
             "132 participants, most of them irrigation engineers.", "Speakers warned that the "
             "Sukkur barrage gates needed 9 billion rupees of repairs.")]:
        (corpus / f"{place.lower()}-canal-seminar.txt").write_text(
            f"Seminar on Canal Water, {place}\nEvent Date: {date}\nVenue: {venue}\n\n"
            f"{count}\n{more}\n", encoding="utf-8")
    # eighth round: a brief dated by its month only
    (corpus / "livestock-disease-brief.md").write_text(
        "# Livestock Disease Brief\n\nDate: September 2025  \nPlace: Bahawalpur  \n\n"
        "The brief reports that lumpy skin disease killed about 9,000 cattle in Cholistan "
        "in 2025.\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "index", "-q", "--corpus", str(corpus),
         "--index", str(index)], capture_output=True, text=True, timeout=900, env=env)
    out = run.stdout + run.stderr
    assert run.returncode == 1 and "Traceback" not in out, out  # 1: a file was skipped
    assert "skipped caf\\xe9 seminar.txt: the file name is not UTF-8" in out, out
    assert "old-minutes.doc: a Word 97-2003 document (.doc), which is not read; open it " \
        "in Word or LibreOffice and save it as DOCX or PDF" in out, out
    assert "coastal-roads-workshop (1).txt: same content as coastal-roads-workshop.txt; " \
        "indexed once" in out, out
    assert "70 added" in out, out
    # the scan's blank strip is paper, no picture left unread
    assert not tesseract_available() or "coastal-livelihoods-consultation.pdf: not read" \
        not in out, out
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


def test_a_name_after_a_title_at_a_line_end_and_ligatures_from_a_ttf_font(indexed):
    a = ask("Who blamed the delays at the Waffle Road terminal on the staff shortage?",
            settings=indexed)
    assert a.found and any("said Mr. Mustafa Iqbal of the port trust" in q
                           for q in _quotes(a)), _quotes(a)
    a = ask("By how much were customs tariffs on reflagged vessels cut?", settings=indexed)
    assert a.found and "tariffs on reflagged vessels were cut by fifteen" in _quotes(a)[0]


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
def test_a_page_scanned_on_its_side_is_answered_from_its_page(indexed):
    a = ask("What did the council of Tharparkar ask for?", settings=indexed)
    assert a.found and any(c.file == "desert-water-consultation.pdf" and c.page == 2
                           and "reverse osmosis plants" in c.quote for c in a.citations), \
        _quotes(a)


def test_a_docx_saved_as_doc_is_answered(indexed):
    a = ask("What system did Ms. Sara Qureshi propose for port users?", settings=indexed)
    assert a.found and a.citations[0].file == "maritime-seminar.doc"
    assert "single-window system" in a.citations[0].quote


def test_a_web_table_figure_with_its_unit_in_words_is_found_by_its_row(indexed):
    a = ask("What is the installed rooftop capacity in Sindh?", settings=indexed)
    assert a.found and any("Sindh | Installed rooftop capacity: 870 megawatts" in q
                           for q in _quotes(a)), _quotes(a)


def test_a_tab_separated_table_in_a_text_file_is_answered_by_its_row(indexed):
    december = {"date_from": "2025-12-01", "date_to": "2025-12-31"}
    a = ask("How much milk powder did Sindh export?", filters=december, settings=indexed)
    assert a.found and any("Sindh | Exports: 9,500 tonnes" in q for q in _quotes(a)), \
        _quotes(a)


@pytest.mark.parametrize(("question", "file", "want"), [
    ("До какого уровня вырос товарооборот между Россией и Пакистаном?",
     "russian-trade-note.txt", "1,2 млрд"),
    ("تربیلا ڈیم میں پانی کی سطح کیا ہے؟", "urdu-seminar.txt", "1,450"),
])
def test_a_russian_or_urdu_header_date_serves_the_date_filter(indexed, question, file, want):
    december = {"date_from": "2025-12-01", "date_to": "2025-12-31"}
    a = ask(question, filters=december, settings=indexed)
    assert a.found and a.citations[0].file == file and want in a.citations[0].quote, \
        _quotes(a)


@pytest.mark.parametrize(("question", "month", "file", "want"), [
    ("What cap on gas tariffs for export mills was proposed?", "2025-10",
     "textile-dialogue.docx", "capped at 9 dollars"),
    ("How much did basmati exports fall to?", "2025-10", "rice-exporters-meeting.txt",
     "750,000 tonnes"),
    ("How much did chickpea imports rise to?", "2025-09", "pulses-import-review.txt",
     "450,000 tonnes"),
    ("How much did textile exports rise to in November?", "2025-12",
     "textile-exports-news.html", "Textile exports rose to 1.6 billion dollars in November"),
])
def test_a_header_date_in_a_table_cell_under_another_label_or_form_serves_the_filter(
        indexed, question, month, file, want):
    """'Date of meeting:', 'Date: 2025/09/15', a date in the first row of a report laid
    out as a table, a date line inside an HTML layout table."""
    last = {"10": "31", "09": "30", "12": "31"}[month[-2:]]
    a = ask(question, filters={"date_from": f"{month}-01", "date_to": f"{month}-{last}"},
            settings=indexed)
    assert a.found and a.citations[0].file == file and want in _quotes(a)[0], _quotes(a)


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
def test_a_scan_in_strips_under_a_two_page_running_header_is_quoted_from_its_sentence(
        indexed):
    a = ask("What did the Fishermen Cooperative Society ask for?", settings=indexed)
    cites = [c for c in a.citations if c.file == "coastal-livelihoods-consultation.pdf"]
    assert a.found and any(c.page == 2 and re.sub(r"\s+", " ", c.quote).startswith(
        "The society asked for a ban on wire nets") for c in cites), _quotes(a)
    assert not any("Karachi, 20 November 2025" in q for q in _quotes(a)), _quotes(a)


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
@pytest.mark.parametrize(("question", "file", "want"), [
    # grey paper (level 196): no page of white paper with a little ink
    ("What did the Hunza council request?", "hunza-council-submission.pdf",
     "a cap of 400 jeeps"),
    # twelve strips whose edges cut through the lines: read strip by strip, junk
    ("What did the Ghizer council request?", "ghizer-council-submission.pdf",
     "a trout farm at Phander lake"),
])
def test_a_scan_on_grey_paper_or_in_strips_under_a_stamp_line_is_read(indexed, question,
                                                                        file, want):
    a = ask(question, settings=indexed)
    assert a.found and any(c.file == file and c.page == 2 and want in re.sub(
        r"\s+", " ", c.quote) for c in a.citations), _quotes(a)


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
def test_a_scanned_cover_letters_heading_is_no_part_of_its_first_sentence(indexed):
    """The header block's date is on page 2, after the scanned letter: it still serves
    the date filter."""
    may = {"date_from": "2025-05-01", "date_to": "2025-05-31"}
    a = ask("How many nursing posts did the health committee ask for?", filters=may,
            settings=indexed)
    assert a.found and a.citations[0].file == "kp-health-committee.pdf"
    assert a.citations[0].page == 1
    assert _quotes(a)[0].startswith("The committee asked for 300 new nursing posts"), \
        _quotes(a)


def test_an_annexs_figure_repeated_under_every_page_is_answered(indexed):
    a = ask("What is the provincial average adult literacy rate?", settings=indexed)
    assert a.found and any(c.file == "makran-kalat-annex.pdf" and c.page == 1
                           and "46.2 percent" in c.quote for c in a.citations), _quotes(a)


def test_an_annex_row_is_found_by_the_figure_the_question_gives(indexed):
    """Rows that differ only in the district and its figure: the question gives the figure
    and asks for the district (a place, not a percentage)."""
    a = ask("In which district could 29.4 percent of adults read?", settings=indexed)
    assert a.found and "Awaran" in _quotes(a)[0] and "29.4" in _quotes(a)[0], _quotes(a)


@pytest.mark.parametrize(("question", "page", "want"), [
    ("What share of households in Kohlu had electricity in 2024?", 2, "2024: 25.1"),
    ("What share of households in Chaman had electricity in 2023?", 1, "2023: 48.2"),
])
def test_an_annex_row_of_one_word_under_year_columns_repeated_on_every_page(
        indexed, question, page, want):
    """The column heads ("District 2023 2024") repeat under each page's own caption: they
    are the table's, not a running header, and a row of a one-word name and its figures is
    a quotable sentence, read with its table's title."""
    a = ask(question, settings=indexed)
    assert a.found and any(c.file == "electricity-annex.pdf" and c.page == page
                           and want in c.quote for c in a.citations), _quotes(a)


@pytest.mark.parametrize(("question", "want"), [
    ("How many solar refrigerators did WHO supply?", None),
    ("What did the Chinese buyers ask for?", None),
    ("How much did the UK pledge for cold rooms?", "5 million pounds"),
    ("How many solar refrigerators did UNICEF supply?", "1,200 solar"),
])
def test_an_acronym_held_only_by_another_actors_sentence_or_by_its_adjective(
        indexed, question, want):
    """WHO is in the report, but the refrigerators were UNICEF's: no answer. "The UK" is
    "the British High Commission" in the report: answered."""
    a = ask(question, settings=indexed)
    if want is None:
        assert not a.found or not any("refrigerators" in q or "stock reports" in q
                                      for q in _quotes(a)), _quotes(a)
    else:
        assert a.found and any(want in q for q in _quotes(a)), _quotes(a)


def test_a_docx_in_a_one_cell_box_serves_the_date_filter_and_its_speakers_table(indexed):
    july = {"date_from": "2025-07-01", "date_to": "2025-07-31"}
    a = ask("How much rain can the storm drains of Lahore carry?", filters=july,
            settings=indexed)
    assert a.found and a.citations[0].file == "urban-flooding-roundtable.docx"
    assert "WASA Lahore | The storm drains of Lahore can carry only 30" in _quotes(a)[0]


def test_a_wordpress_pre_table_and_a_word_html_footnote_are_answered(indexed):
    a = ask("What is the installed wind capacity in Sindh?", settings=indexed)
    assert a.found and any("Sindh | Solar (MW): 620 | Wind (MW): 1,845" in q
                           for q in _quotes(a)), _quotes(a)
    assert not any("cookies" in q for q in _quotes(a))
    a = ask("When did the new gas price take effect?", settings=indexed)
    assert a.found and any(c.file == "gas-pricing-brief.htm" and "1 February 2025" in
                           c.quote for c in a.citations), _quotes(a)


def test_a_meeting_over_the_turn_of_a_month_is_found_in_the_month_it_began(indexed):
    """A Windows-1252 text file with CRLF lines: a title in capitals right over its header
    block, dated "31st January - 1st February 2025"."""
    january = {"date_from": "2025-01-01", "date_to": "2025-01-31"}
    a = ask("What orders did exporters sign for Swat emeralds?", filters=january,
            settings=indexed)
    assert a.found and a.citations[0].file == "gems-exhibition-review.txt"
    assert "14 million dollars" in _quotes(a)[0], _quotes(a)
def _chain(indexed: Settings, turns: list[str]):
    history: list[tuple[str, str]] = []
    for q in turns[:-1]:
        history.append((q, ask(q, history=history, settings=indexed).text))
    return ask(turns[-1], history=history, settings=indexed), history


def test_a_fragment_naming_a_new_subject_after_a_chain_of_years_is_answered_about_it(indexed):
    """"What about the CPEC seminar?" after three turns about health workers trained: the
    seminar, not the programme's figure or a refusal for lack of "CPEC" in its report."""
    years = ["How many health workers did the programme train in 2023?", "And in 2024?",
             "What about 2025?"]
    a, _ = _chain(indexed, years)
    assert a.found and "6,000" in a.citations[0].quote, _quotes(a)
    a, _ = _chain(indexed, years + ["What about the CPEC seminar?"])
    assert a.found and a.citations[0].file == "cpec-zones-seminar.txt", (a.text, _quotes(a))


def test_who_else_spoke_is_answered_by_a_speaker_the_earlier_answer_did_not_quote(indexed):
    a, history = _chain(indexed, ["Who chaired the inaugural session of the Gwadar tourism "
                                  "forum?", "Who else spoke?"])
    earlier = history[0][1]
    assert a.found and all(c.quote not in earlier for c in a.citations), (earlier, _quotes(a))
    assert any("Sadia Rind" in q for q in _quotes(a)), _quotes(a)


def test_a_russian_or_urdu_sentence_opening_with_a_pronoun_brings_its_antecedent(indexed):
    """"Он добавил, что ... рис прибудет ..." / "انہوں نے مطالبہ کیا ..." ("he added", "they
    demanded"): who said it is in the sentence before, which the quote takes along."""
    a = ask("Кто сказал, что рис прибудет в Казань в марте?", settings=indexed)
    assert a.found and "Ильдар Гарипов" in _quotes(a)[0] and "марте" in _quotes(a)[0], \
        _quotes(a)
    a = ask("یونین نے کیا مطالبہ کیا؟", settings=indexed)
    assert a.found and "ٹرالرز" in _quotes(a)[0], _quotes(a)


def test_and_before_an_urdu_question_of_its_own_is_no_fragment(indexed):
    """"اور یونین نے کیا مطالبہ کیا؟" ("And what did the union demand?") after a question
    about the boats: a question of its own, not the earlier one with its words added."""
    first = "گوادر میں کتنی کشتیاں رجسٹرڈ ہیں؟"
    a, _ = _chain(indexed, [first, "اور یونین نے کیا مطالبہ کیا؟"])
    assert a.found and "ٹرالرز" in _quotes(a)[0], (a.reason, _quotes(a))


def test_the_us_where_another_report_names_the_united_states_is_refused_with_the_reason(
        indexed):
    """Only the UK and Japan pledged for flood housing; another report has the United
    States pledging for polio vaccines, so "US" is in the corpus but not in the report
    whose passages come closest: refused, naming "US"; the polio pledge is answered."""
    a = ask("How much did the US pledge for flood housing?", settings=indexed)
    assert not a.found and "US" in a.reason, (a.reason, _quotes(a))
    a = ask("how much did the us pledge for polio vaccines?", settings=indexed)
    assert a.found and "5 million dollars" in _quotes(a)[0], _quotes(a)


@pytest.mark.parametrize("question", [
    "What did the WHO’s country director say about measles?",
    "What did the WHO‘s country director say about measles?",
    "What did the WHO's country director say about measles?"])
def test_an_acronyms_possessive_with_any_apostrophe_keeps_it_an_acronym(indexed, question):
    """The report writes "WHO‘s" (an opening quote for the apostrophe)."""
    a = ask(question, settings=indexed)
    assert a.found and "measles cases fell by a third" in _quotes(a)[0], (a.reason, _quotes(a))


@pytest.mark.parametrize(("question", "month", "file", "want"), [
    ("What nets did the council ban in the creeks?", "2025-03", "fishing-council-minutes.txt",
     "gujjo nets"),
    ("What did kinnow exports to Russia fall to?", "2025-10", "orchard-growers-mail.htm",
     "Growers said that kinnow exports to Russia fell to 95,000 tonnes."),
    ("How much water do tubewells in Balochistan draw?", "2025-07",
     "groundwater-law-seminar.html", "1.2 million acre-feet a year from aquifers"),
    ("Who asked for a vaccine bank at Tando Jam?", "2025-06",
     "livestock-health-roundtable.docx",
     "Dr. Saima Javed | UVAS Lahore | She asked for a vaccine bank at Tando Jam."),
])
def test_sixth_round_header_dates_mail_lines_and_merged_cells_serve_the_date_filter(
        indexed, question, month, file, want):
    """"Meeting held on Tuesday, 4 March 2025 at Karachi"; an Outlook mail whose lines are
    <p class=MsoNormal> between blank ones (the sentence wrapped over two); Drupal's
    "Tue, 07/08/2025" in <time datetime="2025-07-08">; a DOCX table whose title row says
    "- Event Date: 17 June 2025" and whose speaker is merged down over two rows."""
    last = {"03": "31", "10": "31", "07": "31", "06": "30"}[month[-2:]]
    a = ask(question, filters={"date_from": f"{month}-01", "date_to": f"{month}-{last}"},
            settings=indexed)
    assert a.found and a.citations[0].file == file and want in _quotes(a)[0], _quotes(a)


@pytest.mark.parametrize(("date_from", "date_to", "found"), [
    ("2025-09-01", "2025-09-30", True), ("2025-09-10", "2025-09-20", True),
    ("2025-10-01", "2025-10-31", False)])
def test_a_brief_dated_by_its_month_only_is_found_by_a_filter_over_that_month(
        indexed, date_from, date_to, found):
    """"Date: September 2025": no day, yet the brief is September's, and a filter over any
    part of that month finds it."""
    a = ask("How many cattle died of lumpy skin disease in Cholistan?",
            filters={"date_from": date_from, "date_to": date_to}, settings=indexed)
    assert a.found is found, (a.reason, _quotes(a))
    if found:
        assert a.citations[0].file == "livestock-disease-brief.md" \
            and "9,000 cattle" in _quotes(a)[0], _quotes(a)


@pytest.mark.parametrize("then", ["What about the Sukkur seminar?", "And in Sukkur?",
                                  "And the Sukkur one?"])
def test_a_follow_up_naming_another_event_is_answered_by_a_line_its_title_places(indexed,
                                                                                 then):
    """"The seminar was attended by 132 participants" names no Sukkur; its report's title
    does ("Seminar on Canal Water, Sukkur"). A sentence naming Sukkur about something else
    does not answer how many attended."""
    first = "How many participants attended the Multan seminar?"
    a1 = ask(first, settings=indexed)
    assert a1.found and "85" in _quotes(a1)[0], _quotes(a1)
    a = ask(then, history=[(first, a1.text)], settings=indexed)
    assert a.found and "132 participants" in _quotes(a)[0], (a.reason, _quotes(a))


@pytest.mark.parametrize(("question", "file", "want"), [
    ("How many bags of heat-tolerant seed will the Multan cotton research institute "
     "distribute?", "cotton-dialogue-three-column.pdf",
     "the Multan cotton research institute would distribute 40,000 bags of heat-tolerant "
     "seed before the next sowing season"),
    ("When will the World Bank tranche for the third phase be released?",
     "housing-board-two-column.pdf", "would be released once the provincial assembly "
     "passes the land-titling law, which is expected in March 2026"),
])
def test_columns_drawn_across_the_page_or_right_first_are_read_column_by_column(
        indexed, question, file, want):
    """Three columns drawn row by row (pdfium joins each row's three lines into one), and
    two drawn right column first: a sentence that runs on over a column's foot is quoted
    whole, with no words of another column in it."""
    a = ask(question, settings=indexed)
    assert a.found and a.citations[0].file == file and want in re.sub(
        r"\s+", " ", _quotes(a)[0]), _quotes(a)


def test_a_text_copy_with_a_bom_and_windows_line_ends_is_quoted_once(indexed):
    a = ask("How much will the coastal highway from Karachi to Keti Bandar cost?",
            settings=indexed)
    assert a.found and "27 billion rupees" in _quotes(a)[0], _quotes(a)
    assert [c.file for c in a.citations].count("coastal-roads-workshop (1).txt") == 0
@pytest.mark.parametrize(("turns", "want"), [
    (["What was the value of it exports in 2024?", "And the year before?"], "2.6 billion"),
    (["How much water did Punjab lose to canal seepage in 2023?", "And in 2022?"],
     "1.1 million acre-feet"),
    # no fragment, but the frame and "the year before" only
    (["How much water did Punjab lose to canal seepage in 2023?",
      "What was it the year before?"], "1.1 million acre-feet"),
    (["How much water did Punjab lose to canal seepage in 2023?",
      "How much the previous year?"], "1.1 million acre-feet"),
])
def test_a_year_follow_up_answered_by_a_figure_that_does_not_restate_the_subject(
        indexed, turns, want):
    """"And the year before?" must find the year it stands for (2023), not the word
    "before"; "In 2022 the losses were 1.1 million acre-feet, she added." names neither
    Punjab nor seepage, as the sentence before it does, and is the answer to "And in
    2022?" all the same (both were refused)."""
    a, _ = _chain(indexed, turns)
    assert a.found and want in _quotes(a)[0], (a.reason, _quotes(a))


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2032", "`"])
def test_a_name_the_title_holds_does_not_pull_the_lead_to_the_sentence_repeating_it(
        indexed, apostrophe):
    """"What is Gilgit-Baltistan′s installed capacity?" over "Conference on
    Gilgit-Baltistan’s Hydropower": "The region’s installed capacity is only 190
    megawatts" answers it, not the potential sentence that repeats the region's name
    (which led before); any apostrophe. "Who said so?" then names the speaker."""
    q = f"What is Gilgit-Baltistan{apostrophe}s installed capacity?"
    a, _ = _chain(indexed, [q])
    assert a.found and "190 megawatts" in _quotes(a)[0], _quotes(a)
    a, _ = _chain(indexed, [q, "Who said so?"])
    assert a.found and "Ejaz Hunzai" in _quotes(a)[0], _quotes(a)


def test_who_else_spoke_is_answered_by_another_verb_of_speech_in_the_same_report(indexed):
    """"Who else spoke?" after "Who spoke about venture capital?": the forum's others
    "said" or gave "the opening address" (no sentence but the first says "spoke"), and
    only the forum's report answers (it was refused as adding nothing)."""
    a, _ = _chain(indexed, ["Who spoke about venture capital?", "Who else spoke?"])
    assert a.found and all(c.file == "sco-digital-youth-forum.txt" for c in a.citations), \
        (a.reason, [(c.file, c.quote) for c in a.citations])
    assert any(n in q for q in _quotes(a) for n in ("Farah Qazi", "Bilal Ansari",
                                                    "Nguyen Van Long")), _quotes(a)
    assert not any("Zoya Mirza" in q for q in _quotes(a)), _quotes(a)


@pytest.mark.parametrize(("question", "want"), [
    ("What did the Vietnamese counsellor want?", "software firms to open offices"),
    ("What did the World Health Organization director say about measles?",
     "measles cases fell by a third"),
])
def test_a_demonym_or_a_spelled_out_name_of_what_a_report_names_is_no_absent_name(
        indexed, question, want):
    """The report names "Vietnam" and "the WHO‘s country director": "Vietnamese" and
    "World Health Organization" were refused as names no report mentions."""
    a = ask(question, settings=indexed)
    assert a.found and any(want in q for q in _quotes(a)), (a.reason, _quotes(a))


def test_a_demonym_of_a_country_no_report_names_is_still_refused(indexed):
    a = ask("What did the German counsellor want?", settings=indexed)
    assert not a.found and "German" in a.reason, (a.reason, _quotes(a))


def test_who_else_spoke_a_second_time_repeats_no_earlier_speaker(indexed):
    """A chain of three: the third turn named the chair and the first speaker again."""
    a, _ = _chain(indexed, ["Who chaired the water security seminar?", "Who else spoke?",
                            "Who else spoke?"])
    assert not any("Khalid Mahmood" in q or "Samina Rauf" in q for q in _quotes(a)), \
        (a.reason, _quotes(a))


def test_the_year_before_a_question_with_no_year_is_refused(indexed):
    """No year to move: the 2023 figure was given as the year before's."""
    a, _ = _chain(indexed, ["How much water did Punjab lose to canal seepage?",
                            "And the year before?"])
    assert not a.found or "1.4 million" not in _quotes(a)[0], (a.reason, _quotes(a))


@pytest.mark.parametrize(("question", "want"), [
    ("What did the French envoy say about mango exports?", "cold chain"),
    ("What did the Dutch delegate propose?", "dairy training centre"),
    ("What did the Norwegian delegate say her government would fund?", "12 small hydropower"),
    ("How much will Emirati investors put into the Karachi port terminal?", "1.5 billion"),
    ("What did the Turkish contractors ask for?", "faster visas"),
    ("What training did the Swiss offer?", "watch-making"),
    ("What share of seafarers on Pakistani ships are Filipino?", "9 percent"),
])
def test_an_irregular_demonym_of_a_country_a_report_names_is_answered(indexed, question,
                                                                       want):
    """The report names France, the Netherlands, Norway, the UAE, Türkiye, Switzerland and
    the Philippines: each demonym was refused as a name no report mentions."""
    a = ask(question, settings=indexed)
    assert a.found and want in _quotes(a)[0], (a.reason, _quotes(a))


def test_an_irregular_demonym_of_a_country_no_report_names_is_refused(indexed):
    a = ask("What did the Polish ambassador say about mango exports?", settings=indexed)
    assert not a.found and "Polish" in a.reason, (a.reason, _quotes(a))


def test_which_countries_is_led_by_the_sentence_naming_them_not_another_list(indexed):
    a = ask("Which countries sent delegations to the trade roundtable?", settings=indexed)
    assert a.found and "France" in _quotes(a)[0] and "Philippines" in _quotes(a)[0], \
        _quotes(a)


@pytest.mark.parametrize(("question", "year"), [
    ("How many mills did gas shortages close in 2021?", "2021"),
    ("What was the federal water budget for 2022-23?", "2022"),
])
def test_a_year_no_quoted_report_holds_is_refused_with_the_reason(indexed, question, year):
    """The reports give the mills closed in 2024 and the budgets of 2025-26 and 2024-25:
    another year's figure was given as the answer."""
    a = ask(question, settings=indexed)
    assert not a.found and year in a.reason, (a.reason, _quotes(a))


@pytest.mark.parametrize(("turns", "want"), [
    (["How much did textile exports grow between 2023 and 2024?", "And the year before?"],
     "fell by 3 percent"),
    # "The budget for 2024-25 ..." names the water budget by its report's title only
    (["What was the water budget for 2025-26?", "and the year before?"], "155 billion"),
    (["What was the water budget for 2025-26?", "what about 2024-25"], "155 billion"),
    # a Russian question after an English one, on the report's Russian paragraph
    (["How many megawatts did Pakistan import from Tajikistan?",
      "А кто представлял Узбекистан?"], "Рустам Алиев"),
    (["How many megawatts did Pakistan import from Tajikistan?",
      "А сколько экспортировал Узбекистан в Афганистан?"], "6,2 млрд"),
])
def test_seventh_round_follow_ups(indexed, turns, want):
    a, _ = _chain(indexed, turns)
    assert a.found and want in _quotes(a)[0], (a.reason, _quotes(a))


@pytest.mark.parametrize("turns", [
    ["Who said that gas shortages closed mills?", "And who spoke about fisheries?"],
    ["Who said that gas shortages closed mills?", "And who spoke about freight rates?"],
])
def test_a_whole_english_question_after_and_is_not_answered_by_the_earlier_speaker(indexed,
                                                                                   turns):
    """No report speaks of fisheries or freight: the census brief's speaker on gas
    shortages was given, as only names were asked to be quoted of a whole question after
    "And"."""
    a, _ = _chain(indexed, turns)
    assert not a.found or "Rabia" not in " ".join(_quotes(a)), (a.reason, _quotes(a))


@pytest.mark.parametrize(("question", "month", "file", "want"), [
    ("How many chilling centres should the government fund?", "2025-05",
     "dairy-cooperatives-workshop.pdf",
     "that the government should fund twenty new chilling centres near Chakwal"),
    ("How many seminaries had registered with the education ministry?", "2025-11",
     "madrassa-conference.pdf", "with the education ministry had reached 18,600 by October"),
    ("How much did the urea subsidy cost the exchequer?", "2025-08",
     "fertiliser-subsidy-review.txt", "cost the exchequer 125 billion rupees in 2024-25."),
    ("What bilateral trade target did Pakistan and Uzbekistan agree?", "2025-10",
     "uzbek-trade-talks.html", "2 billion dollars"),
    ("How many kidney transplants were done in Punjab in 2024?", "2025-03",
     "blogger-kidney-seminar.html", "1,100 kidney transplants"),
    ("How much did Pakistan receive from the Resilience and Sustainability Facility?",
     "2025-09", "climate-finance-notes.md", "1.3 billion dollars"),
    ("Сколько составил экспорт риса из Пакистана?", "2025-03", "rice-export-meeting-ru.txt",
     "5,8 млн тонн"),
    ("How many local varieties does the Hunza seed bank hold?", "2025-08",
     "seed-banks-round-table.docx", "2,300 local varieties"),
    ("How many acres do olive orchards in the Potohar region cover?", "2025-02",
     "olive-cultivation-review.txt", "22,000 acres"),
    ("In how many months did environmental samples from Peshawar test positive?",
     "2025-04", "polio-environment-brief.pdf", "tested positive in eleven of the last twelve"),
    ("Why does fruit grown in Swat rot?", "2025-07", "cold-chain-workshop.pdf",
     "rots before it reaches markets because the valley has only four cold stores"),
])
def test_seventh_round_page_furniture_and_dates_in_markup_serve_the_date_filter(
        indexed, question, month, file, want):
    """Two-page PDFs whose "- 1 -" page numbers and "Institute | Workshop Report" header,
    or "Page 1 | Centre for Religious Studies" footer, split the sentence carried over
    the break (and took the title); a text export's form feed before "125 billion
    rupees"; a page dated only by <meta property="article:published_time">; Blogger's
    date heading over its <h3> post title; a Markdown front matter's "date:"; a Russian
    "«12» марта 2025 г."; a DOCX dated only in its first page's header; a title
    underlined with "=====". Each report's date serves the filter, its title is its own."""
    last = {"02": "28", "03": "31", "04": "30", "05": "31", "07": "31", "08": "31",
            "09": "30", "10": "31", "11": "30"}[month[-2:]]
    a = ask(question, filters={"date_from": f"{month}-01", "date_to": f"{month}-{last}"},
            settings=indexed)
    assert a.found and a.citations[0].file == file and want in _quotes(a)[0], \
        (a.reason, _quotes(a))
    assert not re.search(r"Page 1 \||- 1 -|www\.|\bii\b", _quotes(a)[0]), _quotes(a)


def test_non_breaking_hyphens_and_a_minus_sign_are_quoted_as_typed(indexed):
    a = ask("When did attacks by non-state actors in Khyber rise?", settings=indexed)
    assert a.found and a.citations[0].file == "non-state-actors-briefing.pdf"
    assert "non-state actors in Khyber rose after COVID-19 lockdowns" in _quotes(a)[0], \
        _quotes(a)


def test_an_annex_headed_by_two_rows_is_answered_by_both_headers(indexed):
    """"2023" and "2024" each span "Male | Female": the row read "Kech | 58.1 | 36.4 |
    60.2 | 41.2", four figures alike."""
    a = ask("What was the female literacy rate in Kech in 2024?", settings=indexed)
    assert a.found and any("Kech | 2023 Male: 58.1 | 2023 Female: 36.4 | 2024 Male: 60.2 | "
                           "2024 Female: 41.2" in q for q in _quotes(a)), _quotes(a)


def test_a_series_member_the_reports_do_not_give_is_refused_naming_the_one_they_do(indexed):
    asked = ask("What were the cement plants' Scope 2 emissions in 2024?", settings=indexed)
    assert not asked.found and "Scope 1" in asked.reason and "Scope 2" in asked.reason
    given = ask("What were the cement plants' Scope 1 emissions in 2024?", settings=indexed)
    assert given.found and "rose 12%" in given.citations[0].quote


def test_a_passage_saying_the_asked_thing_did_not_happen_is_no_answer(indexed):
    asked = ask("Who approved the zoning plan for the old city?", settings=indexed)
    assert not asked.found and "not yet been approved" in asked.reason


def test_a_count_of_things_the_quotes_give_only_of_other_things_is_refused(indexed):
    """A figure beside other things ("300 cargo ships") is no count of the crews asked
    about; the things it counts, and a unit written otherwise ("tonnes" for "tons"), are."""
    asked = ask("How many crew members were aboard the cargo ships waiting outside Karachi "
                "port?", settings=indexed)
    assert not asked.found and "crew" in asked.reason, asked.reason
    ships = ask("How many cargo ships were waiting outside Karachi port?", settings=indexed)
    assert ships.found and "300 cargo ships" in ships.citations[0].quote
    wheat = ask("How many tons of wheat were unloaded at Karachi port?", settings=indexed)
    assert wheat.found and "2.4 million tonnes" in wheat.citations[0].quote
