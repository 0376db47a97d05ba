"""PDF tables as a reader (and a retriever) needs them: one row per line, the row label and
the column headers printed above the table kept with every figure, the title in the
chunk with the rows; and pdfplumber's finder fed from pdfium finding what it finds when
it parses the page itself."""

from __future__ import annotations

import pytest

from assistant.chunking import chunk_report, split_sentences, table_titles
from assistant.readers import read_report
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared"
TEN_Q = SHARED / "eval-bench" / "docugami-sec-10-q" / "data" / "v1" / "docs" / "2022 Q3 AAPL.pdf"
CSJ = SHARED / "eval-corpus" / "csj-pakistan-compliance-judgment-report-2016.pdf"

# A borderless statement of a district water board (invented figures): a title, a unit
# line, column headers in three lines above the figures ("Six Months Ended" over two
# columns), section labels over indented rows, "$" in front of the first figures.
COLUMNS = [300, 370, 450, 520]  # right edges of the four columns of figures (pt)
HEADERS = [
    [("Six Months Ended", 300, 370), ("Twelve Months Ended", 450, 520)],
    [("March 31,", 300, 300), ("March 31,", 370, 370), ("March 31,", 450, 450),
     ("March 31,", 520, 520)],
    [("2025", 300, 300), ("2024", 370, 370), ("2025", 450, 450), ("2024", 520, 520)],
]
ROWS = [
    ("Revenue:", 0, None),
    ("Metered connections", 8, ["$ 4,120", "$ 3,870", "$ 8,350", "$ 7,610"]),
    ("Tanker deliveries", 8, ["1,045", "1,310", "2,260", "2,580"]),
    ("Total revenue", 16, ["5,165", "5,180", "10,610", "10,190"]),
    ("Costs:", 0, None),
    ("Metered connections", 8, ["2,930", "2,710", "5,840", "5,400"]),
    ("Pumping power", 8, ["880", "1,020", "1,790", "2,015"]),
    ("Operating surplus", 0, ["1,355", "1,450", "2,980", "2,775"]),
]


def _statement_pdf(path, prose_after: bool = False, rows=None):
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.set_xy(40, 50)
    pdf.cell(0, 12, "Statement 4. Sukkur District Water Board, operating accounts "
                    "for the half-year and the year to March")
    pdf.set_xy(40, 64)
    pdf.cell(0, 12, "(In thousands of rupees)")
    y = 90
    for line in HEADERS:
        for text, left_right, right in line:
            width = pdf.get_string_width(text)
            if left_right == right:  # over one column: right-aligned on it
                x = right - width
            else:  # over two: centred between their right edges, less a column
                x = (left_right + right) / 2 - width / 2 - 20
            pdf.set_xy(x, y)
            pdf.cell(width, 11, text)
        y += 11
    y += 6
    for label, indent, figures in rows or ROWS:
        pdf.set_xy(40 + indent, y)
        pdf.cell(0, 11, label)
        for value, right in zip(figures or [], COLUMNS, strict=False):
            parts = value.split(" ")
            if len(parts) == 2:  # "$" at the column's left, the figure right-aligned
                pdf.set_xy(right - 48, y)
                pdf.cell(6, 11, parts[0])
            width = pdf.get_string_width(parts[-1])
            pdf.set_xy(right - width, y)
            pdf.cell(width, 11, parts[-1])
        y += 13
    if prose_after:
        pdf.set_xy(40, y + 20)
        pdf.multi_cell(500, 11, "The board met its surplus target in both periods. "
                                "Pumping costs fell with the new solar feeders.")
    pdf.output(str(path))
    return path


def test_statement_rows_carry_label_section_and_every_column_header(tmp_path):
    path = _statement_pdf(tmp_path / "water.pdf", prose_after=True)
    text = read_report(path, tmp_path).pages[0].text
    lines = text.split("\n")
    assert ("Revenue: Metered connections | Six Months Ended March 31, 2025: $4,120 | "
            "Six Months Ended March 31, 2024: $3,870 | Twelve Months Ended March 31, 2025: "
            "$8,350 | Twelve Months Ended March 31, 2024: $7,610") in lines
    # the same row label under another section stays apart
    assert any(ln.startswith("Costs: Metered connections | Six Months Ended March 31, "
                             "2025: 2,930") for ln in lines)
    # a row back at the section's indent is no longer in it
    assert any(ln.startswith("Operating surplus | Six Months") for ln in lines)
    # the header lines are not left behind as loose text, nor figures lost
    assert "March 31, March 31," not in text and "2025 2024" not in text
    for figure in ("1,045", "10,610", "2,015", "2,775"):
        assert text.count(figure) == 1
    assert text.index("Statement 4. Sukkur") < text.index("Revenue: Metered")
    assert "The board met its surplus target" in text


def test_table_title_is_in_the_chunk_of_its_first_rows_and_named_by_the_later_ones(
        tmp_path):
    path = _statement_pdf(tmp_path / "water.pdf")
    report = read_report(path, tmp_path)
    nodes = chunk_report(report, max_chars=600, overlap=1, shape="t")
    first = next(n for n in nodes if "Revenue: Metered connections" in n.text)
    assert "Statement 4. Sukkur District Water Board" in first.text
    later = [n for n in nodes if "Operating surplus |" in n.text]
    assert later
    for node in later:
        if "Statement 4." not in node.text:
            assert "Statement 4. Sukkur District Water Board" in node.metadata["table"]
            assert "table" not in node.excluded_embed_metadata_keys


def test_table_rows_are_chunk_units_and_a_title_never_ends_a_chunk():
    rows = "\n".join(f"Site {i}. North bank | Samples: {i}. Mean: 4.{i} mg/l | Pass" for i in
                     range(12))
    text = "The survey covered twelve sites along the canal in May.\nTable 3. Nitrate by " \
           "site\n" + rows + "\nAll sites passed."
    spans = split_sentences(text, 200)
    units = [text[s:e] for s, e in spans]
    assert "Site 3. North bank | Samples: 3. Mean: 4.3 mg/l | Pass" in units
    titles = table_titles(text, spans)
    first_row = units.index("Site 0. North bank | Samples: 0. Mean: 4.0 mg/l | Pass")
    a, b = titles[first_row]
    assert text[a:b] == "The survey covered twelve sites along the canal in May.\n" \
                        "Table 3. Nitrate by site"


def test_tables_setting_off_reads_the_statement_as_plain_text(tmp_path):
    path = _statement_pdf(tmp_path / "water.pdf")
    text = read_report(path, tmp_path, tables=False).pages[0].text
    assert " | " not in text
    assert "4,120" in text and "Pumping power" in text


def test_fed_finder_finds_the_tables_pdfplumber_finds_on_its_own_parse(tmp_path):
    import pdfplumber
    import pypdfium2 as pdfium
    from fpdf import FPDF
    from pdfplumber.table import TableFinder

    from assistant.readers.pdf import _chars
    from assistant.readers.pdf_tables import PageShapes, page_drawing, plumber_chars

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Annex 2. Compliance scores by province")
    with pdf.table() as table:
        for row in [("Province", "Area", "Score"), ("Punjab", "Job quota", "2.5"),
                    ("Sindh", "Job quota", "4"), ("Balochistan", "Curriculum", "3")]:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.output(str(tmp_path / "grid.pdf"))
    settings = [None, {"vertical_strategy": "text", "horizontal_strategy": "text"}]
    with pdfplumber.open(str(tmp_path / "grid.pdf")) as own:
        expected = [[t.bbox for t in own.pages[0].find_tables(s)] for s in settings]
    page = pdfium.PdfDocument(str(tmp_path / "grid.pdf"))[0]
    width, height = page.get_size()
    chars = _chars(page.get_textpage())
    edges, _ = page_drawing(page, height)
    shapes = PageShapes(width, height, plumber_chars(chars, height), edges)
    got = [[t.bbox for t in TableFinder(shapes, s).tables] for s in settings]
    assert len(got[0]) == len(expected[0]) == 1
    for mine, theirs in zip(got, expected, strict=True):
        # the same tables; edges found from words may differ by the glyph boxes'
        # heights (pdfium's font boxes against pdfminer's)
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs, strict=True):
            assert all(abs(u - v) <= 3 for u, v in zip(a, b, strict=True))


def test_blank_page_is_not_sent_to_ocr(tmp_path, monkeypatch):
    from fpdf import FPDF

    from assistant.readers import pdf as pdf_reader

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Water board minutes. The board approved the tariff review.")
    pdf.add_page()  # left blank
    pdf.output(str(tmp_path / "minutes.pdf"))

    def no_ocr(*args, **kwargs):
        raise AssertionError("a blank page went to OCR")

    monkeypatch.setattr(pdf_reader, "_ocr", no_ocr)
    monkeypatch.setattr(pdf_reader, "tesseract_available", lambda: True)
    report = read_report(tmp_path / "minutes.pdf", tmp_path)
    assert "approved the tariff review" in report.pages[0].text
    assert any("page" in n and "2" in n for n in report.notes)


def test_ten_q_statement_keeps_its_column_headers():
    if not TEN_Q.exists():
        pytest.skip("10-Q benchmark not present")
    lines = read_report(TEN_Q, TEN_Q.parent).pages[3].text.split("\n")
    assert ("Net sales: Products | Three Months Ended June 25, 2022: $63,355 | Three Months "
            "Ended June 26, 2021: $63,948 | Nine Months Ended June 25, 2022: $245,241 | Nine "
            "Months Ended June 26, 2021: $232,309") in lines
    assert any(ln.startswith("Net income | Three Months Ended June 25, 2022: $19,442")
               for ln in lines)


def test_csj_score_table_continued_on_the_next_page_keeps_its_headers():
    if not CSJ.exists():
        pytest.skip("eval corpus not present")
    report = read_report(CSJ, CSJ.parent)
    p37, p38 = report.pages[36].text, report.pages[37].text
    assert "2.1 Punjab in compliance: 8 /25\nArea of Compliance/ Order | Compliance " \
           "reported in Supreme Court | Situation on the ground | Score" in p37
    assert "| Score: 2.5" in p37
    row = next(ln for ln in p38.split("\n") if ln.startswith("Curtail Hate speech"))
    assert row.endswith("| Score: 2.5")
