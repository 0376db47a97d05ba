"""Reading every format, metadata, and one clear line for each kind of bad file."""

import re
import shutil

import pytest

from assistant.errors import ReportError
from assistant.readers import read_report
from assistant.readers.pdf import tesseract_available

from .conftest import (
    CRS_PDF,
    DOCX_SECTIONS,
    EVAL_CORPUS,
    IMAGE_ONLY_PDF,
    PDF_PAGES,
    SAMPLE,
    make_docx,
    make_pdf,
)


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
    (tmp_path / "word.docx").write_text("not really a docx")
    return {
        "empty.pdf": "empty file",
        "binary.pdf": "named .pdf but holds binary data",
        "truncated.pdf": "damaged or unreadable PDF",
        "locked.pdf": "encrypted PDF",
        "word.docx": "named .docx but holds text content",
    }


def test_bad_files_raise_one_line_reasons(tmp_path):
    for name, reason in _bad_files(tmp_path).items():
        with pytest.raises(ReportError) as err:
            read_report(tmp_path / name, tmp_path)
        msg = str(err.value)
        assert msg.startswith(f"{name}: ") and reason in msg, msg
        assert "\n" not in msg


def test_text_saved_in_a_windows_code_page_is_read_with_a_note(tmp_path):
    # Word's "Plain Text" on Windows: curly quotes and dashes are single cp1252 bytes.
    text = "The minister\u2019s \u201cvisit\u201d to Quetta \u2013 a caf\xe9 meeting was held."
    (tmp_path / "notes.txt").write_bytes(text.encode("cp1252"))
    r = read_report(tmp_path / "notes.txt", tmp_path)
    assert r.pages[0].text == text
    assert any("not UTF-8" in n for n in r.notes)
    (tmp_path / "ru.txt").write_bytes("Пакистан и Россия подписали соглашение.".encode("cp1251"))
    assert "Россия" in read_report(tmp_path / "ru.txt", tmp_path).pages[0].text


def test_western_text_in_windows_1252_is_not_read_in_a_baltic_or_central_code_page(tmp_path):
    """charset-normalizer took a short Windows-1252 report with accented names for Baltic
    cp775 ("Z³rich", "M³ller") or Central European cp1250 ("naďve")."""
    for name, text in [
        ("zurich.txt", "The seminar in Z\u00fcrich, chaired by Mr. M\u00fcller, discussed "
                       "the na\u00efve caf\u00e9 economy \u2013 and \u201cexports\u201d."),
        ("note.txt", "Zürich café \u2013 naïve \u201cquoted\u201d")]:
        (tmp_path / name).write_bytes(text.encode("cp1252"))
        r = read_report(tmp_path / name, tmp_path)
        assert r.pages[0].text == text
        assert r.notes == [f"{name}: not UTF-8: read as cp1252; re-save it as UTF-8 if "
                           "letters look wrong"], r.notes


def test_czech_and_hungarian_text_in_windows_1250_is_not_read_as_western(tmp_path):
    """Their accented letters are few enough to pass for Western text, yet cp1252 turns
    "Seminář" into "Semináø": such words are left to charset-normalizer."""
    for name, text in [
        ("praha.txt", "Semin\u00e1\u0159 v Praze: \u00fa\u010dastn\u00edci diskutovali o "
                      "spolupr\u00e1ci."),
        ("budapest.txt", "Budapesten tartott tal\u00e1lkoz\u00f3; a r\u00e9sztvev\u0151k "
                         "megvitatt\u00e1k a gazdas\u00e1got \u00e9s kereskedelmet.")]:
        (tmp_path / name).write_bytes(text.encode("cp1250"))
        r = read_report(tmp_path / name, tmp_path)
        assert r.pages[0].text == text, r.notes


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


# ------------------------------------------------------------- faults of issue 11

def _scan_image(lines: list[str]):
    """A white 'scanned page' with typed lines on it, as a PIL image."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for i, line in enumerate(lines):
        draw.text((140, 400 + 90 * i), line, fill=0, font=font)
    return image


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
def test_a_scan_turned_sideways_and_a_faint_scan_are_read_the_right_way_up(tmp_path):
    """A page scanned on its side (a landscape sheet fed in turned) is read after
    Tesseract's orientation detection; grey type on grey paper is read as it is."""
    from fpdf import FPDF
    from PIL import ImageOps

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Consultation on Desert Water Supply\nThe scanned submissions follow.")
    turned = _scan_image(["The council of Tharparkar asked for forty new reverse",
                          "osmosis plants and a solar pump for every village."])
    pdf.add_page()
    pdf.image(turned.rotate(90, expand=True), x=0, y=0, w=210, h=297)
    faint = ImageOps.autocontrast(_scan_image(
        ["The council of Cholistan asked for water tankers during",
         "the heat wave and for eleven new covered ponds."]), cutoff=0)
    pdf.add_page()
    pdf.image(faint.point(lambda v: 150 if v < 128 else 215), x=0, y=0, w=210, h=297)
    pdf.output(str(tmp_path / "desert.pdf"))
    r = read_report(tmp_path / "desert.pdf", tmp_path)
    assert "asked for forty new reverse osmosis plants" in r.pages[1].text
    assert "eleven new covered ponds" in r.pages[2].text and r.pages[2].ocr


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
def test_scanned_body_under_a_digital_stamp_line_is_ocrd(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Provincial Energy Hearing\nEvent Date: 2 February 2025\n"
                         "The hearing took written evidence, reproduced on the next page.")
    pdf.add_page()
    pdf.image(_scan_image(["Written evidence from the Thar coalfield",
                           "The miners union asked for a clinic at Islamkot",
                           "and for weekly safety audits of the open pit."]),
              x=0, y=0, w=210, h=297)
    pdf.set_xy(10, 8)
    pdf.cell(0, 6, "Received 14/02/2025 - Registry stamp no. 4471")
    path = pdf.output(str(tmp_path / "hearing.pdf")) or tmp_path / "hearing.pdf"
    r = read_report(tmp_path / "hearing.pdf", tmp_path)
    page = r.pages[1]
    assert page.ocr and "Registry stamp" in page.text
    assert "miners union asked for a clinic" in page.text
    assert page.text.count("Registry stamp") == 1  # the stamp is not read twice
    assert path


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr is not installed")
def test_a_short_scanned_note_under_a_stamp_at_the_foot_is_ocrd(tmp_path):
    """A scan of two typed lines has little ink on its page, yet it is text, not a
    picture; the stamp sits at the page's foot this time."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Highland Consultation\nThe written submissions follow.")
    pdf.add_page()
    pdf.image(_scan_image(["The Chitral delegation asked for a bridge",
                           "over the Mastuj river and a road fund."]),
              x=0, y=0, w=210, h=297)
    pdf.set_xy(10, 285)
    pdf.cell(0, 5, "Received by the Secretariat on 3 February 2025 - Page 2 of 2")
    pdf.output(str(tmp_path / "note.pdf"))
    r = read_report(tmp_path / "note.pdf", tmp_path)
    page = r.pages[1]
    assert len(r.pages) == 2 and "Received by the Secretariat" in page.text
    assert page.ocr and "asked for a bridge" in page.text and "Mastuj" in page.text
    assert not r.notes


def test_pdf_line_end_compound_hyphen_is_kept(tmp_path):
    path = make_pdf(tmp_path / "h.pdf", [
        "The board approved a short-\nterm loan and a multi-\nyear grant for the "
        "irriga-\ntion network of the district."])
    text = read_report(path, tmp_path).pages[0].text
    assert "short-term loan" in text and "multi-year grant" in text
    assert "irrigation network" in text


def test_words_run_together_in_the_pdf_get_their_space_from_character_boxes():
    from assistant.readers.pdf import _assemble, _Char

    def word(text, x):
        return [_Char(c, (x + 5 * i, 100, x + 5 * (i + 1), 110), 10.0)
                for i, c in enumerate(text)]

    # "the" ends at x=115; "St." starts 2.5 pt (a quarter em) later with no space char
    chars = word("the", 100) + word("St.", 117.5) + [_Char(" ", (0, 0, 0, 0), 0)] + \
        word("Elizabeths", 135)
    assert _assemble(chars, [], 792) == "the St. Elizabeths"
    tight = word("govern", 100) + word("ment", 130.2)  # kerning, not a gap
    assert _assemble(tight, [], 792) == "government"


def test_real_report_glued_words_are_split():
    dhs = EVAL_CORPUS / "usgov-dhs-strategic-plan-fy2020-2024.pdf"
    if not dhs.exists():
        pytest.skip("eval corpus not present")
    r = read_report(dhs, dhs.parent)
    assert "the St. Elizabeths Campus" in r.pages[31].text


def test_pdf_table_rows_keep_row_labels_column_headers_and_title(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Table 2. Literacy by district, 2024 survey")
    rows = [("District", "Adult literacy", "Enrolment"), ("Zhob", "28.4", "36.0"),
            ("Kalat", "39.1", "48.2"), ("Gwadar", "51.7", "60.3"), ("Sibi", "44.0", "52.5")]
    with pdf.table() as table:
        for row in rows:
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.output(str(tmp_path / "t.pdf"))
    text = read_report(tmp_path / "t.pdf", tmp_path).pages[0].text
    lines = text.split("\n")
    assert "Kalat | Adult literacy: 39.1 | Enrolment: 48.2" in lines
    assert text.index("Table 2. Literacy by district") < text.index("Kalat |")


def _docx_with_every_story(path):
    """A DOCX holding text in every place Word lets a user put it."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    d.add_heading("Dialogue on Urban Water", level=1)
    d.add_paragraph("Event Date: 7 July 2025")
    body = d.add_paragraph("The dialogue reviewed tariffs.")
    box = (
        f'<w:r {w} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>'
        '<w:t>Sidebar: leakage in Quetta fell to 28 percent.</w:t></w:r></w:p>'
        '</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>Sidebar: leakage in Quetta fell to 28 '
        'percent.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r>')
    body._p.append(parse_xml(box))
    sdt = (f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Prepared by the Urban '
           'Unit under contract 17-B.</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    d.element.body.insert(len(d.element.body) - 1, parse_xml(sdt))
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "City"
    table.cell(0, 1).text = "Note"
    table.cell(1, 0).text = "Sukkur"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Metered connections"
    inner.cell(0, 1).text = "12,400"
    d.sections[0].header.paragraphs[0].text = "Urban Water Series, Brief 3"
    d.add_comment(body.runs, text="Check the tariff year with the finance team.",
                  author="Sana")
    notes = (f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
             '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
             '<w:t>Tariff data from the 2024 WASA audit.</w:t></w:r></w:p></w:footnote>'
             '</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                notes.encode(), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    d.save(str(path))
    return path


def test_docx_every_story_is_read_once_with_its_location(tmp_path):
    r = read_report(_docx_with_every_story(tmp_path / "w.docx"), tmp_path)
    by_loc = {p.location: p.text for p in r.pages}
    everything = "\n".join(p.text for p in r.pages)
    assert everything.count("leakage in Quetta fell to 28 percent") == 1  # not VML twice
    assert any("Text box" in loc and "28 percent" in t for loc, t in by_loc.items())
    assert "Prepared by the Urban Unit" in everything  # content control
    assert "Metered connections | 12,400" in everything  # nested table
    assert "WASA audit" in by_loc["Footnotes"]
    assert "Check the tariff year" in by_loc["Comments"] and "Sana" in by_loc["Comments"]
    assert "Urban Water Series, Brief 3" in by_loc["Header and footer"]
    assert everything.count("Urban Water Series") == 1
    assert r.event_date == "2025-07-07" and r.title == "Dialogue on Urban Water"


def test_a_text_box_in_a_table_cell_is_read_apart_from_the_cell(tmp_path):
    """A text box anchored in a cell reads as a text box, not run on from the cell's
    words ("Summary Key figure: ...")."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_heading("Workshop on Climate Finance", level=1)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Session"
    table.cell(0, 1).text = "Summary"
    table.cell(0, 1).paragraphs[0]._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>Key figure: the fund disbursed 4.7 billion rupees in 2024.</w:t></w:r>'
        '</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    d.save(tmp_path / "w.docx")
    r = read_report(tmp_path / "w.docx", tmp_path)
    by_loc = {p.location: p.text for p in r.pages}
    assert by_loc["Workshop on Climate Finance"].endswith("Session | Summary")
    assert by_loc["Workshop on Climate Finance > Text box"] == \
        "Key figure: the fund disbursed 4.7 billion rupees in 2024."


def test_html_text_in_divs_and_breaks_is_read_and_the_title_kept(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(
        "<html><head><title>Roundtable on Port Tariffs</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/x'>Publications</a></nav>"
        "<div class='meta'>Date: March 3, 2025<br>Venue: Karachi Port Trust</div>"
        "<div class='entry'>Speakers compared berth charges across the region.<br><br>"
        "The chair said container charges rose 14 percent in 2024.<br><br>"
        "<p>Participants asked for a tariff review every two years.</p></div>"
        "<footer><p>Copyright 2025 Maritime Institute</p></footer></body></html>")
    r = read_report(path, tmp_path)
    text = "\n".join(p.text for p in r.pages)
    assert r.title == "Roundtable on Port Tariffs"
    assert "container charges rose 14 percent in 2024" in text
    assert "tariff review every two years" in text
    assert "Publications" not in text and "Copyright" not in text
    assert r.event_date == "2025-03-03" and r.venue == "Karachi Port Trust"


def test_an_html_date_line_under_the_title_keeps_its_own_line(tmp_path):
    path = tmp_path / "wheat.html"
    path.write_text("<html><body><font><b>Seminar on Wheat Prices</b><br>Lahore, 5 May 2025"
                    "<br><br><span>The food minister said the support price would rise to "
                    "4,000 rupees per maund.</span></font></body></html>")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == ("Seminar on Wheat Prices", "2025-05-05")
    assert r.pages[0].text.startswith("Seminar on Wheat Prices\nLahore, 5 May 2025\n\nThe food")


def test_text_header_block_gives_date_venue_and_title(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("Consultation on Dairy Exports\nDate of event: 12/03/2025\n"
                    "Location: Faisalabad\nThe consultation opened with trade figures.\n"
                    "Exports of milk powder grew in 2024.\n")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date, r.venue) == (
        "Consultation on Dairy Exports", "2025-03-12", "Faisalabad")


@pytest.mark.parametrize(("name", "text", "title", "iso"), [
    ("ru.txt", "Заметка о торговле\nДата: 10 декабря 2025 г.\n\nТоварооборот вырос до "
     "1,2 млрд долларов.\n", "Заметка о торговле", "2025-12-10"),
    ("ur.txt", "سیمینار برائے زرعی پانی\nتاریخ: 12 دسمبر 2025\n\nسیمینار میں بتایا گیا کہ "
     "تربیلا ڈیم میں پانی کی سطح 1,450 فٹ ہے۔\n", "سیمینار برائے زرعی پانی", "2025-12-12"),
    ("zh.txt", "中巴经济走廊 合作 对话\n日期：2025年12月18日\n\n"
     "中方代表表示，瓜达尔港今年将新增三个泊位。\n",
     "中巴经济走廊 合作 对话", "2025-12-18"),
])
def test_a_header_block_in_russian_urdu_or_chinese_gives_title_and_date(tmp_path, name,
                                                                        text, title, iso):
    """The label and the month in the report's own script; the date line keeps its own
    line (not run into the title) and a sentence ending in "۔" is no title."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == (title, iso)
    assert r.pages[0].text.split("\n\n")[0] == title


@pytest.mark.parametrize("second_line", ["Held on 18th of December, 2025 at Chakwal",
                                         "Held on 18 December 2025 in Chakwal",
                                         "18.12.2025, Chakwal"])
def test_a_date_line_with_its_place_after_the_date_is_no_part_of_the_title(tmp_path,
                                                                        second_line):
    path = tmp_path / "olive.txt"  # old Mac line ends (CR) as well
    path.write_bytes(f"Olive Growers Forum\r{second_line}\r\rThe forum said olive oil "
                     "output reached 1,800 tonnes.\r".encode())
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == ("Olive Growers Forum", "2025-12-18")
    assert r.pages[0].text.split("\n\n")[:2] == ["Olive Growers Forum", second_line]


@pytest.mark.parametrize("second_line", [
    "Gwadar, 5 May 2025", "5th May 2025", "Dated 05/05/2025 | Gwadar", "Monday, May 5th, 2025",
    "Date - 5 May 2025", "**Date:** 5 May 2025", "- Date: 5 May 2025", "Held on 05-May-2025"])
def test_a_header_blocks_date_is_found_in_other_layouts(second_line):
    """Event reports write the date line under the title in many ways: with a place,
    alone, after "Dated" or a dash, in Markdown bold. A sentence that mentions a date and
    a line labelled as another date are no event date."""
    from assistant.readers.metadata import read_header_block

    head = f"Review of Coastal Fisheries\n{second_line}\nFish landings rose in 2024.\n"
    block = read_header_block(head)
    assert (block.event_date or block.unlabelled_date) == "2025-05-05"
    for other in ("The review found that the plan will run until 31 December 2027.",
                  "Expires: 4 June 2023", "Pakistan - China Trade 5 May 2025 to 2030 review "
                  "of the corridor and its many projects"):
        block = read_header_block(f"Review of Coastal Fisheries\n{other}\n")
        assert block.event_date is None and block.unlabelled_date is None
    venue = read_header_block("Review of Coastal Fisheries\nVenue - Gwadar\n").venue
    assert venue == "Gwadar"
    from assistant.readers import guess_title
    assert guess_title("Review of Coastal Fisheries\nDate & Time: 5 May 2025, 10:00 am") \
        == "Review of Coastal Fisheries"


@pytest.mark.parametrize("value, iso", [
    ("5 May 2025", "2025-05-05"), ("May 5, 2025", "2025-05-05"), ("05/05/2025", "2025-05-05"),
    ("2025-05-05", "2025-05-05"), ("5th May, 2025", "2025-05-05"),
    ("Monday, 5-6 May 2025", "2025-05-05"), ("Sept. 3, 2024", "2024-09-03"),
    ("12/25/2024", "2024-12-25"), ("05-May-2025", "2025-05-05"), ("5/Sep/2024", "2024-09-05"),
    ("18th of December, 2025", "2025-12-18"), ("18.12.2025", "2025-12-18"),
    ("10 декабря 2025 г.", "2025-12-10"), ("12 دسمبر 2025", "2025-12-12"),
    ("۱۲ دسمبر ۲۰۲۵", "2025-12-12"), ("会议于2025年12月18日在北京举行", "2025-12-18"),
    ("2025/09/15", "2025-09-15"), ("2025.9.5", "2025-09-05"),
    # a meeting of two days joined by "&" or "and", or over the turn of a month: the first
    ("14 & 15 March 2025", "2025-03-14"), ("March 14 and 15, 2025", "2025-03-14"),
    ("31st January - 1st February 2025", "2025-01-31"),
    ("January 31 to February 1, 2025", "2025-01-31"), ("14-03-2025", "2025-03-14"),
    # over the turn of a year written once: the first day is in the year before
    ("31 December - 1 January 2025", "2024-12-31"),
    ("December 30 to January 2, 2026", "2025-12-30"),
    ("2025/26", None), ("FY 2024/25/26", None), ("2025-05/06", None),
    ("May 2025", None), ("TBC", None)])
def test_common_date_forms(value, iso):
    from assistant.readers.metadata import parse_date

    parsed = parse_date(value)
    assert (parsed.isoformat() if parsed else None) == iso


@pytest.mark.parametrize("head, iso", [
    ("Livestock Disease Brief\n\nDate: September 2025  \nPlace: Bahawalpur\n", "2025-09"),
    ("# Brief on Dates\n\n**Date:** Sept. 2025\n", "2025-09"),
    ("PAK-PACIFIC BRIEF\nJUNE 2025 ISSUE #1\n", "2025-06"),
    ("Бюллетень\nДата: сентябрь 2025\n", "2025-09"),
    # a full date anywhere in the header beats a month; a month in a sentence dates nothing
    ("Brief on Wheat\nDate: September 2025\nEvent Date: 14 September 2025\n", "2025-09-14"),
    ("Brief on Wheat\nThe meeting in May 2025 was attended by growers of the Punjab.\n",
     None),
    # a month's letters inside a word are no month
    ("Myanmar 2025: Humanitarian Update\n", None)])
def test_a_report_dated_by_its_month_only_gets_that_month(tmp_path, head, iso):
    path = tmp_path / "brief.md"
    path.write_text(head + "\nThe brief reports that 9,000 cattle died.\n", encoding="utf-8")
    assert read_report(path, tmp_path).event_date == iso


@pytest.mark.parametrize("event_date, date_from, date_to, admitted", [
    ("2025-09", "2025-09-01", "2025-09-30", True),
    ("2025-09", "2025-09-10", "2025-09-20", True),  # a filter within the month
    ("2025-09", "2025-08-01", "2025-09-01", True),
    ("2025-09", "2025-10-01", None, False),
    ("2025-09", None, "2025-08-31", False),
    ("2025-09-14", "2025-09-15", None, False)])
def test_a_month_date_passes_a_filter_over_any_of_its_days(event_date, date_from, date_to,
                                                            admitted):
    from types import SimpleNamespace

    from assistant.types import Filters

    flt = Filters.from_any({"date_from": date_from, "date_to": date_to})
    assert flt.admits(SimpleNamespace(file="a.txt", event_date=event_date)) is admitted


def test_ocr_languages_that_are_not_installed_are_named():
    from assistant.readers.pdf import installed_languages, usable_languages

    usable, missing = usable_languages("eng+zzz")
    assert "zzz" in missing and "zzz" not in usable
    if "eng" in installed_languages():
        assert usable == "eng"


def test_what_was_not_read_is_noted_per_report(tmp_path):
    dst = tmp_path / "mixed.pdf"
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "A page of text about the seminar on fisheries in Gwadar.")
    pdf.add_page()
    pdf.image(_scan_image(["A scanned annex page"]), x=0, y=0, w=210, h=297)
    pdf.output(str(dst))
    r = read_report(dst, tmp_path, ocr=False)
    assert len(r.notes) == 1 and r.notes[0].startswith("mixed.pdf: ")
    assert "page" in r.notes[0] and "2" in r.notes[0] and "ASSISTANT_OCR" in r.notes[0]


def test_a_title_is_never_a_date_a_sentence_or_a_producers_file_name():
    """A report's title shows in every citation: a date line, a sentence of the body or
    a producer's file name ("report final.cdr") is none, and wrapping brackets go."""
    from assistant.readers import _pdf_title, guess_title

    assert guess_title("https://crsreports.congress.gov\nUpdated April 16, 2026\nApril 16, "
                       "2026\n(2025-2030) and the Outline of Long-Term Goals.") == ""
    assert guess_title("[Optimizing the Institutional Protection ]\nThe body starts here.") \
        == "Optimizing the Institutional Protection"
    assert guess_title("APRIL 16, 2026\n16th April 2026\nMonday, April 16, 2026") == ""
    assert guess_title("(CAPES) Seminar on Regional Connectivity\nBody.") == \
        "(CAPES) Seminar on Regional Connectivity"
    # a pair inside a title stays
    assert guess_title("Strategic Plan [Draft]\nBody.") == "Strategic Plan [Draft]"
    assert _pdf_title({"Title": "justice report final 23.11.16.cdr"}) == ""
    assert _pdf_title({"Title": "Fact Sheet on Forced Conversions"}) == \
        "Fact Sheet on Forced Conversions"


def test_a_later_docx_block_with_a_date_line_is_one_paragraph():
    """Header date lines are looked for only in the document's first lines: a block
    further on that breaks before a date keeps its sentence whole."""
    from assistant.readers import _clean_block

    block = "The delegation arrived in Kabul\n5 May 2025\nFlights resumed after it."
    assert _clean_block(block) == ("The delegation arrived in Kabul 5 May 2025 "
                                   "Flights resumed after it.")
    assert _clean_block("Seminar on Wheat\nLahore, 5 May 2025", header=6) == \
        "Seminar on Wheat\nLahore, 5 May 2025"


def test_a_labelled_event_date_beats_an_unlabelled_date_line(tmp_path):
    """"Islamabad, 2 June 2025" under the title may be the publication date; an "Event
    Date:" line further down the first page says which date the event was."""
    path = tmp_path / "wheat.txt"
    body = "\n".join(f"Line {i} of the background on wheat procurement in Punjab."
                     for i in range(32))
    path.write_text("Wheat Procurement Seminar\nIslamabad, 2 June 2025\n\n" + body
                    + "\n\nEvent Date: 5 May 2025\nVenue: Lahore\n", encoding="utf-8")
    assert read_report(path, tmp_path).event_date == "2025-05-05"


def test_a_title_with_an_ampersand_and_a_colon_is_a_title():
    """"Pakistan & China: Partners in Progress" is a title; "Time & Venue: 10:00 am, ..."
    is a header line."""
    from assistant.readers import guess_title

    for title in ("Pakistan & China: Partners in Progress",
                  "Trade & Transit: The Afghan Corridor"):
        assert guess_title(f"{title}\nIslamabad, 5 May 2025\nThe seminar met.") == title
    assert guess_title("Review of Coastal Fisheries\nTime & Venue: 10:00 am, Serena Hotel "
                       "Islamabad") == "Review of Coastal Fisheries"


def test_ocr_of_a_chart_is_not_read_as_text():
    """A black-and-white line chart has the ink of a short scanned note; what Tesseract
    makes of it (axis figures, curve fragments) is dropped, a typed note is kept."""
    from assistant.readers.pdf import reads_as_words

    assert not reads_as_words("2019 2020 2021 2022\n0 10 20 30\n—_——~ |\n= .")
    assert not reads_as_words("Sree wmv ff\nnnn xqz Wrrr\nee Ss ae")
    assert reads_as_words("Submission from the Chitral delegation\n"
                          "The delegation asked for a bridge over the Mastuj river.")
    assert reads_as_words("ضلع چترال کے وفد نے پل مانگا", "urd")


def test_word_97_rtf_and_odt_files_are_listed_and_skipped_with_how_to_convert(tmp_path):
    """Old or other document formats are not ignored in silence: each is a report the
    user meant to add, skipped with one line saying how to convert it; a DOCX saved under
    a .doc name is read as the DOCX it is."""
    from assistant.corpus import list_reports

    (tmp_path / "old-minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    (tmp_path / "memo.rtf").write_bytes(b"{\\rtf1\\ansi The memo.}")
    (tmp_path / "draft.odt").write_bytes(
        b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text" + b"\0" * 32)
    make_docx(tmp_path / "maritime-seminar.doc", DOCX_SECTIONS, "Maritime Trade Seminar")
    assert set(list_reports(tmp_path)) == {"old-minutes.doc", "memo.rtf", "draft.odt",
                                           "maritime-seminar.doc"}
    for name, what in [("old-minutes.doc", "Word 97-2003"), ("memo.rtf", "RTF"),
                       ("draft.odt", "OpenDocument")]:
        with pytest.raises(ReportError) as err:
            read_report(tmp_path / name, tmp_path)
        assert str(err.value).startswith(f"{name}: ") and what in str(err.value)
        assert "save it as DOCX or PDF" in str(err.value)
    r = read_report(tmp_path / "maritime-seminar.doc", tmp_path)
    assert r.format == "docx" and "single-window system" in " ".join(p.text for p in r.pages)


def test_table_figures_with_their_unit_in_words_keep_the_column_header(tmp_path):
    """A web or Word table writes "2,450 megawatts" in a cell: the row must still say
    which column the figure is, as one of bare numbers does."""
    (tmp_path / "news.html").write_text(
        "<html><body><h1>Energy Newsletter</h1><p>Rooftop solar grew in 2025.</p><table>"
        "<tr><th>Province</th><th>Installed rooftop capacity</th></tr>"
        "<tr><td>Punjab</td><td>2,450 megawatts</td></tr>"
        "<tr><td>Sindh</td><td>870 megawatts</td></tr></table></body></html>",
        encoding="utf-8")
    text = "\n".join(p.text for p in read_report(tmp_path / "news.html", tmp_path).pages)
    assert "Sindh | Installed rooftop capacity: 870 megawatts" in text
    from assistant.readers.tables import table_lines
    # no header row: the first row of figures is not taken for one
    assert table_lines([["Punjab", "2,450 megawatts"], ["Sindh", "870 megawatts"]]) == \
        ["Punjab | 2,450 megawatts", "Sindh | 870 megawatts"]
    # columns headed by years over other figures: each figure carries its year; a table
    # of years alone has no such header
    assert table_lines([["Area", "2022", "2023"], ["Rural", "45.2", "43.1"]])[1] == \
        "Rural | 2022: 45.2 | 2023: 43.1"
    assert table_lines([["Area", "2022-23", "FY2024"], ["Kech", "12", "13"]])[1] == \
        "Kech | 2022-23: 12 | FY2024: 13"
    assert table_lines([["Item", "2019", "2020"], ["Launch", "2019", "2020"]])[1] == \
        "Launch | 2019 | 2020"
    # a blank corner, a group's label row, a provisional year, a change column, dashes
    assert table_lines([["", "2022", "2023P", "Change"], ["Punjab", "", ""],
                        ["Urban", "16.1", "15.4", "-0.7"], ["Rural", "-", "n.a.", "-"]])[2] \
        == "Urban | 2022: 16.1 | 2023P: 15.4 | Change: -0.7"


def test_tab_separated_and_markdown_tables_in_text_keep_a_row_a_line(tmp_path):
    (tmp_path / "solar.txt").write_text(
        "Review of Rooftop Solar\nEvent Date: 4 March 2025\n\nInstalled capacity:\n"
        "Province\tCapacity\tConnections\nPunjab\t2,450 MW\t81,000\nSindh\t870 MW\t23,500\n\n"
        "The price was\tRs 3,900 per unit, set by the cabinet.\n", encoding="utf-8")
    (tmp_path / "solar.md").write_text(
        "# Solar Review\n\n| Province | Capacity |\n|---|:---:|\n| Punjab | 2,450 MW |\n"
        "| Sindh | 870 MW |\n\nThe review closed.\n", encoding="utf-8")
    text = read_report(tmp_path / "solar.txt", tmp_path).pages[0].text
    assert "\nSindh | Capacity: 870 MW | Connections: 23,500\n" in text
    assert "The price was Rs 3,900 per unit, set by the cabinet." in text  # a tab as a space
    md = read_report(tmp_path / "solar.md", tmp_path).pages[0].text
    assert "\nSindh | Capacity: 870 MW\n" in md and "---" not in md


@pytest.mark.parametrize(("body", "kept"), [
    # a tab inside prose, question-and-answer and list lines: no table, no " | "
    ("The minister said\tthat the budget would rise.\nHe added\tthat the plan was ready.",
     "The minister said that the budget would rise. He added that the plan was ready."),
    ("Q:\tWhat is the capacity of Tarbela dam?\nA:\tIt is 6 million acre feet.",
     "Q: What is the capacity of Tarbela dam? A: It is 6 million acre feet."),
    # bulleted lines keep a line each (a list), with no " | " between them
    ("The two sides agreed on two points.\n•\tPakistan will build it.\n•\tRussia will pay.",
     "The two sides agreed on two points.\n\n• Pakistan will build it.\n\n• Russia will pay."),
    # a pipe in a wrapped paragraph does not cut it into pieces
    ("The session was chaired by the Director of CAPES and the\nbrief | annex was "
     "circulated to all the members before the\nmeeting started in the hall.",
     "The session was chaired by the Director of CAPES and the brief | annex was "
     "circulated to all the members before the meeting started in the hall."),
])
def test_tabs_and_pipes_in_text_prose_are_no_table(tmp_path, body, kept):
    path = tmp_path / "water.txt"
    path.write_text(f"Workshop on Water\n\n{body}\n\nThe end.\n", encoding="utf-8")
    r = read_report(path, tmp_path)
    assert kept in r.pages[0].text and r.title == "Workshop on Water"


def test_a_title_with_its_date_is_still_the_title(tmp_path):
    """Only a header's date line ("Held on ...") is no title; a title may end in a date."""
    path = tmp_path / "dialogue.txt"
    path.write_text("Islamabad Dialogue on Energy, 5 May 2025\n\nThe dialogue met.\n",
                    encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == ("Islamabad Dialogue on Energy, 5 May 2025",
                                       "2025-05-05")


def test_a_cell_naming_a_thing_after_a_number_is_no_figure_with_a_unit():
    from assistant.readers.tables import table_lines

    # "5% Job Quota" and "2023 Annual Plan" name things; "870 megawatts" is a figure
    assert table_lines([["No.", "Issue", "Status"], ["1.", "5% Job Quota", "Pending"],
                        ["2.", "2023 Annual Plan", "Done"]])[1:] == \
        ["1. | 5% Job Quota | Pending", "2. | 2023 Annual Plan | Done"]
    assert table_lines([["Province", "Capacity"], ["Sindh", "870 megawatts"]])[1] == \
        "Sindh | Capacity: 870 megawatts"


def _docx_with(path, paragraphs_xml: list[str], lists: bool = False):
    """A python-docx document with raw WordprocessingML paragraphs appended."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_heading("Roundtable on Water Governance", 1)
    if lists:
        d.add_paragraph("The panel agreed on two priorities:")
        for text in ("Metering of canal outlets.", "A water tribunal."):
            d.add_paragraph(text, style="List Number")
        d.add_paragraph("Telemetry at barrages.", style="List Bullet")
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for xml in paragraphs_xml:
        element = parse_xml(xml.replace("<w:p>", f"<w:p {ns}>", 1))
        d.element.body.insert(len(d.element.body) - 1, element)
    d.save(str(path))


def test_docx_tracked_changes_moves_and_prompts_read_as_accepted(tmp_path):
    _docx_with(tmp_path / "r.docx", [
        "<w:p><w:r><w:t xml:space='preserve'>Cases are heard within </w:t></w:r>"
        "<w:del w:id='1' w:author='A'><w:r><w:delText>ninety</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='A'><w:r><w:t>sixty</w:t></w:r></w:ins>"
        "<w:r><w:t xml:space='preserve'> days, thanks to donors from </w:t></w:r>"
        "<w:del w:id='3' w:author='A'><w:r><w:t xml:space='preserve'>Norway and </w:t>"
        "</w:r></w:del>"
        "<w:r><w:t>Japan.</w:t></w:r></w:p>",
        "<w:p><w:moveFrom w:id='4' w:author='A'><w:r><w:t>Karachi hosts the secretariat. </w:t>"
        "</w:r></w:moveFrom><w:r><w:t>Funding was pledged.</w:t></w:r></w:p>",
        "<w:p><w:moveTo w:id='5' w:author='A'><w:r><w:t>Karachi hosts the secretariat.</w:t>"
        "</w:r></w:moveTo></w:p>",
        "<w:p><w:r><w:t xml:space='preserve'>Prepared by: </w:t></w:r><w:sdt><w:sdtPr>"
        "<w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Click or tap here to enter "
        "text.</w:t></w:r></w:sdtContent></w:sdt></w:p>",
    ])
    text = "\n".join(p.text for p in read_report(tmp_path / "r.docx", tmp_path).pages)
    assert "within sixty days, thanks to donors from Japan." in text
    assert "ninety" not in text and "Norway" not in text and "Click or tap" not in text
    assert text.count("Karachi hosts the secretariat.") == 1


def test_docx_list_paragraphs_carry_their_marks_and_end_the_list(tmp_path):
    from assistant.answering.enumeration import block_at

    _docx_with(tmp_path / "r.docx", ["<w:p><w:r><w:t>Karachi will host the secretariat.</w:t>"
                                     "</w:r></w:p>"], lists=True)
    text = read_report(tmp_path / "r.docx", tmp_path).pages[0].text
    assert "1. Metering of canal outlets.\n\n2. A water tribunal.\n\n• Telemetry" in text
    start = text.index("The panel")
    block = block_at(text, start, text.index(":", start) + 1)
    assert block is not None and "Telemetry" in text[block[0]:block[1]]
    assert "Karachi" not in text[block[0]:block[1]]


def test_pdf_raised_footnote_numbers_do_not_run_into_the_word(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("serif", "", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    pdf.set_font("serif", size=10)
    pdf.add_page()
    pdf.write(5, "Line losses stood at 37 percent")
    pdf.char_vpos = "SUP"
    pdf.write(5, "12")
    pdf.char_vpos = "LINE"
    pdf.write(5, " in 2024. Recovery in Quetta was 31 percent")
    pdf.char_vpos = "SUP"
    pdf.write(5, "13")
    pdf.char_vpos = "LINE"
    pdf.write(5, ".\nThe area is 796 km in all.")
    pdf.output(str(tmp_path / "r.pdf"))
    text = read_report(tmp_path / "r.pdf", tmp_path).pages[0].text
    assert "stood at 37 percent in 2024. Recovery in Quetta was 31 percent." in text, text


def test_html_title_of_headline_and_site_name_gives_the_headline(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>Seminar on Coastal Erosion &#8211; Policy Institute</title></head>"
        "<body><article><h1>Seminar on Coastal Erosion</h1><p>The shoreline at Ibrahim "
        "Hyderi retreats by 7 metres every year, the seminar heard.</p></article></body>"
        "</html>", encoding="utf-8")
    assert read_report(tmp_path / "p.html", tmp_path).title == "Seminar on Coastal Erosion"


def test_pdf_raised_marker_before_a_gap_without_a_space_keeps_the_word_gap():
    # CRS reports: no space character after a raised footnote number, pdfium breaks the
    # line after it, and the next word starts a gap further on ("law,8 as" read "law,as")
    from assistant.readers.pdf import _assemble, _Char

    chars, x = [], 72.0
    for text, raised in (("law,", ""), ("", "8"), ("as a", "")):
        for ch in raised:
            chars.append(_Char(ch, (x, 703.5, x + 4.2, 710.5), 7.0))
            x += 4.2
        if raised:
            chars += [_Char("\r", (0, 0, 0, 0), 0.0), _Char("\n", (0, 0, 0, 0), 0.0)]
            x += 2.75
        for ch in text:
            if ch == " ":
                chars.append(_Char(" ", (0, 0, 0, 0), 0.0))
                x += 2.75
                continue
            chars.append(_Char(ch, (x, 700.0, x + 5.5, 711.0), 11.0))
            x += 5.5
    assert _assemble(chars, [], 792.0) == "law,\u2078 as a"


def test_pdf_raised_unit_powers_are_no_footnote_numbers(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("serif", "", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    pdf.set_font("serif", size=10)
    pdf.add_page()
    for text, raised in (("The reservoir covers 796 km", "2"), (" and passes 9 m", "3"),
                         (" a second; the fit gave R", "2"), (" = 0.85, with 10", "6"),
                         (" tonnes stored.", "")):
        pdf.write(5, text)
        pdf.char_vpos = "SUP"
        pdf.write(5, raised)
        pdf.char_vpos = "LINE"
    pdf.output(str(tmp_path / "r.pdf"))
    text = read_report(tmp_path / "r.pdf", tmp_path).pages[0].text
    assert "covers 796 km2 and passes 9 m3 a second; the fit gave R2 = 0.85" in text, text


@pytest.mark.parametrize(("title", "h1s", "want"), [
    # a site-name logo set as <h1> too: the article's headline, not the site name
    ("Policy Institute | Seminar on Coastal Erosion", ["Policy Institute",
                                                        "Seminar on Coastal Erosion"],
     "Seminar on Coastal Erosion"),
    # a dash inside the headline is no separator
    ("Pakistan – India Trade Talks | Policy Institute", ["Pakistan – India Trade Talks"],
     "Pakistan – India Trade Talks"),
    # no <h1> to tell which side is the headline: the <title> as it is
    ("Seminar on Coastal Erosion - Policy Institute", [],
     "Seminar on Coastal Erosion - Policy Institute"),
])
def test_html_title_headline_is_the_h1_part_only(title, h1s, want):
    from assistant.readers.html import read_html

    heads = "".join(f"<h1>{h}</h1>" for h in h1s[:-1])
    body = f"<h1>{h1s[-1]}</h1>" if h1s else ""
    page = read_html(f"<html><head><title>{title}</title></head><body><header>{heads}"
                     f"</header><article>{body}<p>The shoreline at Ibrahim Hyderi retreats "
                     "by 7 metres every year, the seminar heard.</p></article></body></html>",
                     "p.html")
    assert page.title == want


def test_docx_filled_content_control_still_flagged_as_prompt_is_read(tmp_path):
    # templating tools fill a control's text and leave its showingPlcHdr flag set
    _docx_with(tmp_path / "r.docx", [
        "<w:p><w:r><w:t xml:space='preserve'>Prepared by: </w:t></w:r><w:sdt><w:sdtPr>"
        "<w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Dr Ayesha Khan</w:t></w:r>"
        "</w:sdtContent></w:sdt></w:p>",
        "<w:p><w:r><w:t xml:space='preserve'>Venue: </w:t></w:r><w:sdt><w:sdtPr>"
        "<w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle "
        "w:val='PlaceholderText'/></w:rPr><w:t>Name of the hotel</w:t></w:r>"
        "</w:sdtContent></w:sdt></w:p>",
    ])
    text = "\n".join(p.text for p in read_report(tmp_path / "r.docx", tmp_path).pages)
    assert "Prepared by: Dr Ayesha Khan" in text
    assert "Name of the hotel" not in text


@pytest.mark.parametrize(("label_line", "iso"), [
    ("Date of meeting: 09/10/2025", "2025-10-09"), ("Meeting date: 5 May 2025", "2025-05-05"),
    ("Date of the workshop: 21st of July 2025", "2025-07-21"),
    ("Seminar dates: 12-14 March 2025", "2025-03-12"), ("Date held: 2025/03/04", "2025-03-04"),
    ("Дата встречи: 5 мая 2025 г.", "2025-05-05"),
    # another date a header block gives is no event date
    ("Due date: 5 May 2025", None), ("Date of issue: 3 March 2025", None),
    ("Publication date: 3 March 2025", None), ("Deadline for comments: 4 June 2025", None),
    ("Date of birth: 4 June 1990", None), ("Last updated: 4 June 2025", None)])
def test_a_header_date_under_another_label_naming_a_date(label_line, iso):
    from assistant.readers.metadata import read_header_block

    assert read_header_block(f"Rice Exporters Meeting\n{label_line}\nChair: Mr. K. M.\n"
                             ).event_date == iso


def test_a_labelled_event_date_beats_another_label_with_a_date():
    from assistant.readers.metadata import read_header_block

    head = "Talks on Rice\nMeeting date: 1 June 2025\nEvent Date: 6 June 2025\n"
    assert read_header_block(head).event_date == "2025-06-06"


def test_a_report_laid_out_as_a_table_gives_title_and_date_from_its_first_row(tmp_path):
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Dialogue on Textile Competitiveness"
    table.cell(0, 1).text = "Date: 27 October 2025"
    table.cell(1, 0).text = "Ms. Amna Sheikh"
    table.cell(1, 1).text = "Gas tariffs for export mills should be capped."
    doc.save(tmp_path / "textile.docx")
    r = read_report(tmp_path / "textile.docx", tmp_path)
    assert (r.title, r.event_date) == ("Dialogue on Textile Competitiveness", "2025-10-27")
    # a data table's first row is no title: its cells are column headers
    from assistant.readers import guess_title
    assert guess_title("Province | Exports | Firms\nPunjab | 41,000 tonnes | 12") == ""


def test_an_html_layout_table_is_read_as_blocks_and_a_data_table_as_rows(tmp_path):
    """A table that lays out a page (a menu cell beside an article cell with a heading)
    is read as its blocks: no words glued over <br> or headings ("riseFaisalabad"); a
    data table's <br> inside a cell is a space, and cells in <p> stay rows."""
    page = tmp_path / "news.html"
    page.write_text(
        "<html><head><title>Textile exports rise - Business Daily</title></head><body>"
        "<table><tr><td><a href='/'>Home</a><br><a href='/biz'>Business</a></td>"
        "<td><h2>Textile exports rise</h2>Faisalabad, 8 December 2025<br><br>Textile "
        "exports rose to 1.6&nbsp;billion dollars in November.<br>Home textiles led."
        "</td></tr></table></body></html>", encoding="utf-8")
    r = read_report(page, tmp_path)
    text = "\n".join(p.text for p in r.pages)
    assert (r.title, r.event_date) == ("Textile exports rise", "2025-12-08")
    assert "Faisalabad, 8 December 2025\n\nTextile exports rose to 1.6 billion dollars in " \
        "November." in text and "riseFaisalabad" not in text and "HomeBusiness" not in text
    data = tmp_path / "data.html"
    data.write_text(
        "<html><body><h1>Output</h1><table><tr><th>Province</th><th>Output</th></tr>"
        "<tr><td><p>Punjab<br>(provisional)</p></td><td><p>41,000 tonnes</p></td></tr>"
        "<tr><td><p>Sindh</p></td><td><p>9,500 tonnes</p></td></tr></table></body></html>",
        encoding="utf-8")
    text = "\n".join(p.text for p in read_report(data, tmp_path).pages)
    assert "Punjab (provisional) | Output: 41,000 tonnes\nSindh | Output: 9,500 tonnes" in text


@pytest.mark.parametrize("label_line", [
    "Date sent: 1 June 2025", "Date of preparation: 1 June 2025", "Date created: 1 June 2025",
    "Date of letter: 1 June 2025", "Дата публикации: 1 июня 2025 г.",
    "Дата рождения: 5 мая 1970 г.", "تاریخ اشاعت: 1 جون 2025"])
def test_a_documents_own_date_under_another_label_is_no_event_date(label_line):
    """Labels naming when the document was sent, prepared, published, or a birth date:
    the event's date is the one after them ('Date of meeting'), or none."""
    from assistant.readers.metadata import read_header_block

    assert read_header_block(f"Rice Exporters Meeting\n{label_line}\n").event_date is None
    assert read_header_block(f"Rice Exporters Meeting\n{label_line}\n"
                             "Date of meeting: 5 May 2025\n").event_date == "2025-05-05"


def test_held_at_is_still_the_venue_before_a_date():
    """'Held at' holds 'held', a date word, yet names the place."""
    from assistant.readers.metadata import read_header_block

    block = read_header_block("Seminar on Water\nHeld at: Serena Hotel, Quetta\n"
                              "Date: 5 May 2025\n")
    assert (block.venue, block.event_date) == ("Serena Hotel, Quetta", "2025-05-05")


@pytest.mark.parametrize("value", [
    "Version 2024.1.2", "Release 2023.10.1", "Section 2019.3.4", "Ref. No. 2025/03/12",
    "Letter No. F.2025/1/12", "Order No. 2019/10/1-A", "v 2024.1.2.7"])
def test_a_version_or_reference_number_is_no_year_first_date(value):
    from assistant.dates import date_line, parse_date

    assert (parse_date(value), date_line(value)) == (None, None)


@pytest.mark.parametrize("rows", [
    [["Contents of this report", "Page"], ["Introduction", "3"]],
    [["Name of the participant", "Organisation", "Designation"], ["Ali Khan", "PIDE", "Fellow"]],
    [["Ministry of Planning, Development and Special Initiatives", "Date: 3 March 2025"],
     ["Subject", "Minutes"]]])
def test_a_docx_opening_with_a_data_or_letterhead_table_keeps_its_paragraph_title(
        tmp_path, rows):
    """Only a report laid out wholly as a table takes its title from the first cell."""
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    doc.add_paragraph("Review of Literacy")
    doc.add_paragraph("The committee approved the plan.")
    doc.save(tmp_path / "r.docx")
    assert read_report(tmp_path / "r.docx", tmp_path).title == "Review of Literacy"


def test_an_html_data_table_with_a_long_remarks_cell_stays_rows(tmp_path):
    """A remarks column of 80+ words is data, not a page's layout: rows stay rows."""
    remark = " ".join(["The district reported delays in releasing funds and the committee "
                       "asked for a review."] * 6)
    page = tmp_path / "budget.html"
    page.write_text(
        "<html><body><h1>Budget Review of Districts</h1><p>The review covered three "
        "districts.</p><table><tr><th>District</th>"
        f"<th>Allocation<br>(Rs million)</th><th>Remarks</th></tr><tr><td>Quetta</td>"
        f"<td>410</td><td>{remark}</td></tr><tr><td>Gwadar</td><td>120</td><td>On track."
        "</td></tr></table></body></html>", encoding="utf-8")
    text = "\n".join(p.text for p in read_report(page, tmp_path).pages)
    assert "Quetta | Allocation (Rs million): 410 | The district reported" in text, text


def test_a_docx_framed_in_a_one_column_table_reads_its_paragraphs_as_blocks(tmp_path):
    """A report inside a bordered one-cell box: title and date paragraphs, then a table
    of speakers nested in the box; not one glued row."""
    from docx import Document

    doc = Document()
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "Roundtable on Urban Flooding"
    cell.add_paragraph("Event Date: 16 July 2025")
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "Engr. Kamran Bashir, WASA Lahore"
    inner.cell(0, 1).text = "The storm drains can carry only 30 millimetres of rain an hour."
    inner.cell(1, 0).text = "Dr. Nadia Farooq, LUMS"
    inner.cell(1, 1).text = "She proposed retention ponds in 14 neighbourhoods."
    path = tmp_path / "flooding.docx"
    doc.save(str(path))
    r = read_report(path, tmp_path)
    assert r.title == "Roundtable on Urban Flooding" and r.event_date == "2025-07-16"
    assert "Dr. Nadia Farooq, LUMS | She proposed retention ponds" in r.pages[0].text


def test_html_cookie_banner_pre_table_and_word_footnotes(tmp_path):
    """A WordPress page with a cookie banner and a table typed in <pre>; a Word "Save as
    Web Page" file whose footnote readability leaves out."""
    page = tmp_path / "energy.html"
    page.write_text(
        "<html><head><title>Seminar on Energy Transition - Centre</title></head>"
        "<body class='single cookies-not-set'><div id='cookie-law-info-bar'><span>This "
        "website uses cookies to improve your experience. <a>Accept</a></span></div>"
        "<div class='entry-content'><h2>Seminar on Energy Transition</h2><p>The seminar "
        "heard that wind capacity reached 1,845 megawatts in 2025, mostly in the Jhimpir "
        "corridor, and that the grid could not take more without storage.</p><p>&nbsp;</p>"
        "<pre>\nProvince      Solar (MW)   Wind (MW)\nSindh         620          1,845\n"
        "Punjab        1,310        0\n</pre></div></body></html>", encoding="utf-8")
    text = "\n".join(p.text for p in read_report(page, tmp_path).pages)
    assert "cookies" not in text and "wind capacity reached 1,845 megawatts" in text
    assert "Punjab | Solar (MW): 1,310 | Wind (MW): 0" in text
    word = tmp_path / "gas.htm"
    word.write_bytes(
        "<html><head><title>Brief on Gas Pricing</title></head><body><div class=WordSection1>"
        "<p class=MsoTitle>Brief on Gas Pricing</p><p class=MsoNormal>The regulator raised "
        "the gas price for captive power plants to 3,500 rupees per mmbtu<a href='#_ftn1' "
        "name='_ftnref1'><span class=MsoFootnoteReference><![if !supportFootnotes]>[1]"
        "<![endif]></span></a>, the minister said.</p></div><div style='mso-element:"
        "footnote-list'><div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText>"
        "<a href='#_ftnref1' name='_ftn1'>[1]</a> The price took effect on 1 February 2025"
        " under OGRA\u2019s notification.</p></div></div></body></html>".encode("cp1252"))
    r = read_report(word, tmp_path)
    text = "\n".join(p.text for p in r.pages)
    assert "3,500 rupees per mmbtu, the minister said" in text
    assert "The price took effect on 1 February 2025" in text


def test_a_post_tagged_gdpr_or_a_box_named_for_cookies_is_no_consent_banner(tmp_path):
    """WordPress writes a post's tags into its wrapper's class ("tag-gdpr tag-consent");
    a bakers' page names a box "cookie-exports-table". Neither is a banner: the report
    was read as empty, the box's figure lost."""
    page = tmp_path / "data-protection.html"
    page.write_text(
        "<html><head><title>Data Protection Roundtable - Centre</title></head><body>"
        "<div id='post-412' class='post-412 post type-post hentry category-events tag-gdpr "
        "tag-consent'><h1>Data Protection Roundtable</h1><p>Event Date: 14 April 2025</p>"
        "<p>Speakers said the bill should require informed consent before personal data is "
        "shared.</p><p>The regulator needs 40 trained staff in its first year.</p></div>"
        "</body></html>", encoding="utf-8")
    text = "\n".join(p.text for p in read_report(page, tmp_path).pages)
    assert "The regulator needs 40 trained staff" in text
    bakers = tmp_path / "bakers.html"
    bakers.write_text(
        "<html><body><div class='entry-content'><h1>Bakers Association Seminar</h1><p>The "
        "seminar heard that biscuit exports reached 85 million dollars.</p><div class="
        "'cookie-exports-table'><p>Lahore bakeries produced 12,000 tonnes of cookies.</p>"
        "</div></div></body></html>", encoding="utf-8")
    text = "\n".join(p.text for p in read_report(bakers, tmp_path).pages)
    assert "12,000 tonnes of cookies" in text


@pytest.mark.parametrize("text", [
    "Press Release\n5 May 2025\nThe Institute held a seminar on water security.",
    "Executive Summary\nDate: 5 May 2025\nThe committee met.",
    "Note: Figures are provisional\nDate: 5 May 2025\nThe committee met.",
    "Issue Brief: 12 May 2025\nThe committee met."])
def test_a_generic_heading_or_a_note_over_the_header_block_is_no_title(text):
    """"Press Release" is no title as "Microfinance Roundtable" is, nor a "Note: ..."
    line a document's kind and name as "Policy Brief: ..." is: the file name serves."""
    from assistant.readers import guess_title

    assert guess_title(text) == ""


@pytest.mark.parametrize("line", ["Policy Brief: Indus Basin Storage",
                                  "Annex B: Makran and Kalat Divisions",
                                  "WORKSHOP REPORT: Water Governance in Sindh"])
def test_a_title_naming_its_kind_of_document_before_a_colon_is_a_title(line):
    from assistant.readers import guess_title

    assert guess_title(f"{line}\nEvent Date: 3 March 2025\nThe roundtable met.") == line
    assert guess_title("Venue: Serena Hotel Islamabad\nThe roundtable met.") == ""


def test_a_docx_cover_in_a_text_box_gives_title_and_date(tmp_path):
    """Word's cover pages set the title and date lines in a text box anchored before any
    body text: they are read first, as the report's title and header block."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    box = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in [
        "Dialogue on Seed Certification", "Event Date: 25 June 2025", "Venue: Faisalabad"])
    doc = Document()
    doc.add_paragraph()._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>'
        f'{box}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></w:r>'))
    doc.add_paragraph("The department said 62 percent of wheat seed sold was uncertified.")
    path = tmp_path / "seed.docx"
    doc.save(str(path))
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date, r.venue) == ("Dialogue on Seed Certification",
                                                "2025-06-25", "Faisalabad")
    assert "62 percent of wheat seed" in "\n".join(p.text for p in r.pages)


def test_a_two_word_title_over_its_header_block_and_a_title_word_of_the_h1(tmp_path):
    from assistant.readers import guess_title

    assert guess_title("Microfinance Roundtable\nWhen: 21 October 2025\nWhere: Karachi") \
        == "Microfinance Roundtable"
    # a place line, a name, a heading over prose: no title
    for text in ["Islamabad, Pakistan\nDate: 5 May 2025", "Dr. Khan\nVenue: Quetta",
                 "Executive Summary\nThe report finds that exports fell."]:
        assert guess_title(text) == ""
    page = tmp_path / "delta.html"
    page.write_text("<html><head><title>Newsletter</title></head><body><article><h1>Delta "
                    "Newsletter - Spring Issue</h1><p>Mangrove cover in the Indus delta grew "
                    "to 1,460 square kilometres, the forest department said.</p></article>"
                    "</body></html>", encoding="utf-8")
    assert read_report(page, tmp_path).title == "Delta Newsletter - Spring Issue"


@pytest.mark.parametrize(("lines", "title", "iso"), [
    ("FISHING COUNCIL OF SINDH\nMeeting held on Tuesday, 4 March 2025 at Karachi",
     "FISHING COUNCIL OF SINDH", "2025-03-04"),
    ("Mango Festival Report\nHeld on 29 June 2025 at the Expo Centre.", "Mango Festival Report",
     "2025-06-29"),
    ("Wheat Review Meeting\nOn: 12th Feb 2025\nVenue: Lahore", "Wheat Review Meeting",
     "2025-02-12"),
    ("Forum on State Enterprises - Event Date: 10 March 2025", "Forum on State Enterprises",
     "2025-03-10"),
    ("Policy Brief: Wheat Procurement – Date: 20 April 2025",
     "Policy Brief: Wheat Procurement", "2025-04-20"),
])
def test_a_header_date_after_a_meeting_held_on_an_on_label_or_a_dash_after_the_title(
        tmp_path, lines, title, iso):
    """"Meeting held on <weekday>, <date> at <place>" is a date line (a weekday and the
    "on"/"at the" around it are no words of a sentence), "On:" labels a date, and a title
    with its date label after a dash on one line is the title and a label line."""
    path = tmp_path / "minutes.txt"
    path.write_text(f"{lines}\n\nThe meeting set a target of 28 million tonnes.\n",
                    encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == (title, iso)


@pytest.mark.parametrize("line", [
    "The council met on 4 March 2025 in the old hall of the assembly",
    "Pakistan - China: Trade after 5 May 2025",
    # a header's "held on ... at" words discount only in a header's form, and "on" labels
    # a date only as the whole label
    "The deadline is 5 May 2025 at the latest",
    "Floods hit the city on 3 March 2025",
    "On 12 Feb 2025 the ministry issued a circular",
    "Reports held on file since 3 March 2025",
    "Posted on: 12 Feb 2025",
    "Based on: a household survey of 5 May 2024"])
def test_a_sentence_or_a_title_with_a_dash_and_a_date_is_no_header_date(line):
    from assistant.readers.metadata import read_header_block

    block = read_header_block(f"{line}\nThe council heard the port authority.\n")
    assert block.event_date is None and block.unlabelled_date is None


def test_a_docx_cell_merged_down_over_rows_names_every_row(tmp_path):
    """A speaker's name (or a province) merged down over two rows is in the file only in
    the first; the row below shows it too, so each statement says whose it is. A title
    merged across the columns stays one line."""
    from docx import Document

    doc = Document()
    t = doc.add_table(rows=5, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "Roundtable on Livestock Health"
    for col, text in enumerate(["Speaker", "Organisation", "Statement"]):
        t.cell(1, col).text = text
    t.cell(2, 0).merge(t.cell(3, 0)).text = "Dr. Saima Javed"
    t.cell(2, 1).merge(t.cell(4, 1)).text = "UVAS Lahore"
    t.cell(2, 2).text = "Lumpy skin disease killed 4,800 cattle in Sindh in 2024."
    t.cell(3, 2).text = "She asked for a vaccine bank at Tando Jam."
    t.cell(4, 0).text = "Dr. Imran Khalid"
    t.cell(4, 2).text = "He asked for cold chains for vaccines."
    path = tmp_path / "livestock.docx"
    doc.save(str(path))
    lines = read_report(path, tmp_path).pages[0].text.split("\n")
    assert lines[0] == "Roundtable on Livestock Health"
    assert "Dr. Saima Javed | UVAS Lahore | She asked for a vaccine bank at Tando Jam." in lines
    assert "Dr. Imran Khalid | UVAS Lahore | He asked for cold chains for vaccines." in lines


def test_an_html_one_column_layout_table_and_a_us_date_in_a_time_element(tmp_path):
    """A page framed in a table of one cell a row (title and "Date:" paragraphs in the
    first) keeps its header block; Drupal's "Tue, 07/08/2025 - 12:00" in a <time
    datetime="2025-07-08..."> is 8 July, as the attribute says, not 7 August."""
    path = tmp_path / "minutes.html"
    path.write_text(
        "<html><head><title>Minutes of the Textile Board</title></head><body><table><tr><td>"
        "<p><b>Minutes of the Textile Board</b></p><p>Date: 3 September 2025</p></td></tr>"
        "<tr><td><p>The board noted that yarn exports fell to 310 million dollars.</p>"
        "<p>Members asked for a cut in the export refinance rate.</p></td></tr></table>"
        "</body></html>", encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == ("Minutes of the Textile Board", "2025-09-03")
    assert "yarn exports fell to 310 million dollars." in r.pages[0].text
    path = tmp_path / "drupal.html"
    path.write_text(
        "<html><head><title>Seminar on Groundwater Law | Institute</title></head><body>"
        "<article><h1>Seminar on Groundwater Law</h1><div class='field--name-field-date'>"
        "<time datetime='2025-07-08T12:00:00Z'>Tue, 07/08/2025 - 12:00</time></div><div>"
        "Tubewells draw 1.2 million acre-feet a year.<br><br>Speakers asked for a law.</div>"
        "</article></body></html>", encoding="utf-8")
    r = read_report(path, tmp_path)
    assert r.event_date == "2025-07-08" and "Tue, 8 July 2025 - 12:00" in r.pages[0].text
    # a <time> whose text agrees with its attribute, or says no numeric date, is as written
    path.write_text("<html><body><h1>Forum</h1><p><time datetime='2025-07-08'>July 8, 2025"
                    "</time></p><p>The forum met.</p></body></html>", encoding="utf-8")
    assert "July 8, 2025" in read_report(path, tmp_path).pages[0].text


@pytest.mark.parametrize(("lines", "iso"), [
    ("MINUTES OF THE BOARD OF TRUSTEES\nDated the 5th day of May, 2025", "2025-05-05"),
    ("Minutes of the Flour Mills Committee\nDate: 05.06.25", "2025-06-05"),
    ("Event: Seminar on Dairy Cooperatives (14 August 2025)\nVenue: Okara", "2025-08-14"),
    ("Title: Forum on Dairy Cooperatives, 14 August 2025", "2025-08-14"),
    ("Subject: Review of the plan until 31 December 2027", None),
    ("Minutes of the Committee\nVersion: 1.2.25", None),
])
def test_a_deeds_day_of_a_two_digit_year_or_a_date_after_the_event_label(tmp_path, lines,
                                                                         iso):
    """"the 5th day of May, 2025", a labelled "Date: 05.06.25", and a title label whose
    value ends in the event's date are the event date; a subject running on to a date,
    and a two-digit-year form under a label that names no date, are not."""
    path = tmp_path / "minutes.txt"
    path.write_text(f"{lines}\n\nThe trustees approved a grant of 20 million rupees.\n",
                    encoding="utf-8")
    assert read_report(path, tmp_path).event_date == iso


def test_lines_of_a_mail_editor_page_between_blank_lines_are_one_paragraph(tmp_path):
    """Gmail writes each line in a <div> and a blank line as <div><br></div>; Outlook
    each in a <p class=MsoNormal>, a blank one holding <o:p>&nbsp;</o:p>. A sentence
    wrapped by hand over two such lines is one sentence; the header block's lines stay
    lines. WordPress paragraphs around a "<p>&nbsp;</p>" spacer stay paragraphs."""
    path = tmp_path / "mail.html"
    for markup in [
        "<div>Poultry Association Meeting</div><div>Date: 2 November 2025</div><div><br>"
        "</div><div>The association said broiler prices fell to 380 rupees a kilogram</div>"
        "<div>after feed costs dropped.</div>",
        "<div class=WordSection1><p class=MsoNormal>Poultry Association Meeting<o:p></o:p>"
        "</p><p class=MsoNormal>Date: 2 November 2025<o:p></o:p></p><p class=MsoNormal>"
        "<o:p>&nbsp;</o:p></p><p class=MsoNormal>The association said broiler prices fell "
        "to 380 rupees a kilogram<o:p></o:p></p><p class=MsoNormal>after feed costs dropped."
        "<o:p></o:p></p></div>"]:
        path.write_text(f"<html><head><title>Notes</title></head><body>{markup}</body></html>",
                        encoding="utf-8")
        r = read_report(path, tmp_path)
        assert r.event_date == "2025-11-02"
        assert r.pages[0].text == ("Poultry Association Meeting\nDate: 2 November 2025\n\n"
                                   "The association said broiler prices fell to 380 rupees "
                                   "a kilogram after feed costs dropped.")
    path.write_text("<html><body><h1>Forum</h1><p>The forum met in May</p><p>&nbsp;</p>"
                    "<p>Speakers came from Quetta</p><p>The next forum is in June.</p>"
                    "</body></html>", encoding="utf-8")
    assert read_report(path, tmp_path).pages[0].text.split("\n\n")[1:] == [
        "The forum met in May", "Speakers came from Quetta", "The next forum is in June."]


def test_a_time_a_day_off_its_utc_datetime_and_a_figure_merged_down_a_docx_table(tmp_path):
    """A <time> whose date is a day off its datetime attribute (the page's local time
    against UTC) is as written: only a day and month swapped is a US-style date. A figure
    merged down over rows (a budget three projects share) stays in its first row; a name
    merged down shows in each."""
    from docx import Document

    path = tmp_path / "forum.html"
    path.write_text(
        "<html><body><article><h1>Night Market Forum</h1><div><time datetime="
        "'2025-07-08T21:30:00Z'>09/07/2025 - 02:30</time></div><div>Traders said rents rose "
        "20 percent.</div></article></body></html>", encoding="utf-8")
    r = read_report(path, tmp_path)
    assert r.event_date == "2025-07-09" and "09/07/2025 - 02:30" in r.pages[0].text
    doc = Document()
    t = doc.add_table(rows=4, cols=3)
    for c, h in enumerate(["Province", "Project", "Budget (Rs million)"]):
        t.cell(0, c).text = h
    for r_, project in enumerate(["Lower Chenab lining", "Upper Jhelum lining", "Thal lining"], 1):
        t.cell(r_, 1).text = project
    t.cell(1, 0).merge(t.cell(3, 0)).text = "Punjab"
    t.cell(1, 2).merge(t.cell(3, 2)).text = "900"
    path = tmp_path / "canals.docx"
    doc.save(str(path))
    lines = read_report(path, tmp_path).pages[0].text.split("\n")
    assert "Punjab | Lower Chenab lining | Budget (Rs million): 900" in lines, lines
    assert "Punjab | Thal lining" in lines, lines


def test_a_bold_line_of_a_mail_editor_page_is_a_heading_of_its_own(tmp_path):
    """Blogger and Gmail write a heading as "<div><b>...</b></div>" among the line <div>s:
    a block of its own, not the first words of the paragraph under it."""
    path = tmp_path / "blog.html"
    path.write_text(
        "<html><head><title>Kissan Diary</title></head><body><div class='post-body'><div><b>"
        "Wheat sowing in Sindh</b></div><div>Sowing began late this year because of the "
        "floods.</div><div><br /></div><div>The department supplied 4,000 bags of seed.</div>"
        "</div></body></html>", encoding="utf-8")
    text = read_report(path, tmp_path).pages[0].text
    assert "Wheat sowing in Sindh\n" in text and "Sindh Sowing" not in text, text


@pytest.mark.parametrize(("text", "title", "iso"), [
    # a place, a weekday and the date under the title: no title
    ("Consultation on Potato Seed\nIslamabad, Monday, 14 July 2025\n\nImports fell.\n",
     "Consultation on Potato Seed", "2025-07-14"),
    # a Russian official date, the day in guillemets
    ("Совещание по экспорту риса\nДата: «12» марта 2025 г.\n\nЭкспорт вырос.\n",
     "Совещание по экспорту риса", "2025-03-12"),
    # a title underlined (setext) and centred with spaces, tabs after the labels
    ("          REVIEW OF OLIVE CULTIVATION\n          ===========================\n\n"
     "Event Date:\t\t26 February 2025\nVenue:\t\t\tChakwal\n\nOrchards grew.\n",
     "REVIEW OF OLIVE CULTIVATION", "2025-02-26"),
    ("Review of Olive Cultivation\n---------------------------\n\nDate: 26 February 2025\n\n"
     "Orchards grew.\n", "Review of Olive Cultivation", "2025-02-26"),
])
def test_seventh_round_header_blocks_of_text_files(tmp_path, text, title, iso):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == (title, iso)
    assert "===" not in r.pages[0].text and "---" not in r.pages[0].text


def test_a_markdown_front_matter_gives_title_and_date_and_is_no_text(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("---\ntitle: \"Roundtable on Climate Finance\"\ndate: 2025-09-30\n"
                    "author: Staff\n---\n\nPakistan received 1.3 billion dollars.\n",
                    encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == ("Roundtable on Climate Finance", "2025-09-30")
    # its other fields stay as label lines: a question finds them, a venue is read
    assert r.pages[0].text == "Author: Staff\n\nPakistan received 1.3 billion dollars."
    path.write_text("---\ntitle: Dialogue on Urban Water\ndate: 2025-05-12\nvenue: Serena "
                    "Hotel, Quetta\norganiser: Balochistan Water Forum\nlayout: post\n"
                    "draft: false\n---\n\nTariffs were debated.\n", encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date, r.venue) == ("Dialogue on Urban Water", "2025-05-12",
                                                "Serena Hotel, Quetta")
    assert "Organiser: Balochistan Water Forum" in r.pages[0].text
    assert not re.search(r"title:|layout|draft", r.pages[0].text, re.I), r.pages[0].text
    # a YAML block further down (a source line above it) is left as it was read
    path.write_text("Source: x\n\n---\nsymbol: A/1\n---\n\nText.\n", encoding="utf-8")
    assert "---" in read_report(path, tmp_path).pages[0].text


@pytest.mark.parametrize(("markup", "title", "iso"), [
    # the date in <meta property="article:published_time"> only
    ("<html><head><title>Trade Talks</title><meta property='article:published_time' "
     "content='2025-10-23T07:30:00Z'></head><body><main><h1>Trade Talks</h1><p>The two "
     "sides agreed to raise trade.</p></main></body></html>", "Trade Talks", "2025-10-23"),
    # JSON-LD datePublished; Ghost's <time> beside "3 min read"
    ("<html><head><title>Forum on Startups</title><script type='application/ld+json'>"
     "{\"@graph\": [{\"@type\": \"Article\", \"datePublished\": \"2025-06-14T08:00:00Z\"}]}"
     "</script></head><body><article><h1>Forum on Startups</h1><p>Startups raised 75 "
     "million dollars.</p></article></body></html>", "Forum on Startups", "2025-06-14"),
    ("<html><head><title>Forum on Startups</title></head><body><nav><time datetime="
     "'2024-01-01'>1 Jan</time></nav><article><h1>Forum on Startups</h1><div><time "
     "datetime='2025-06-14'>Jun 14, 2025</time> — 3 min read</div><p>Startups raised 75 "
     "million dollars.</p></article></body></html>", "Forum on Startups", "2025-06-14"),
    # Joomla's "Published:" in a <time itemprop="datePublished">
    ("<html><head><title>Workshop on Water Pricing</title></head><body><div class="
     "'item-page'><h2 itemprop='headline'>Workshop on Water Pricing</h2><dl><dd><time "
     "datetime='2025-09-18T10:15:00+00:00' itemprop='datePublished'>Published: 18 September "
     "2025</time></dd></dl><div itemprop='articleBody'><p>The utility recovers 40 percent."
     "</p></div></div></body></html>", "Workshop on Water Pricing", "2025-09-18"),
    # Blogger: a date heading in <h2> over the post title in <h3>, "Blog: Post" in <title>
    ("<html><head><title>Policy Blog: Seminar on Kidney Transplants</title></head><body>"
     "<h2 class='date-header'><span>Tuesday, March 4, 2025</span></h2><h3 class='post-title'>"
     "Seminar on Kidney Transplants</h3><div class='post-body'>The seminar heard that 1,100 "
     "transplants were done.</div></body></html>", "Seminar on Kidney Transplants",
     "2025-03-04"),
])
def test_a_cms_pages_date_in_its_markup_and_a_blogger_headline(tmp_path, markup, title, iso):
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == (title, iso)


def test_an_event_pages_start_date_in_its_markup_beats_its_publication_date(tmp_path):
    """The Events Calendar shows "November 5 @ 9:00 am" (no year); its JSON-LD Event and
    the hCalendar "dtstart" hold the day."""
    path = tmp_path / "event.html"
    path.write_text(
        "<html><head><title>Workshop on Lift Irrigation</title><meta property='article:"
        "published_time' content='2025-10-01'><script type='application/ld+json'>[{\"@type"
        "\": \"Event\", \"startDate\": \"2025-11-05T09:00:00+05:00\"}]</script></head><body>"
        "<h1>Workshop on Lift Irrigation</h1><h2><span class='tribe-event-date-start'>"
        "November 5 @ 9:00 am</span></h2><p>Solar lift schemes irrigate 12,000 acres.</p>"
        "</body></html>", encoding="utf-8")
    assert read_report(path, tmp_path).event_date == "2025-11-05"
    path.write_text(
        "<html><head><title>Workshop on Lift Irrigation</title></head><body><h1>Workshop on "
        "Lift Irrigation</h1><p>Solar lift schemes irrigate 12,000 acres.</p><dl><dt>Date:"
        "</dt><dd><abbr class='tribe-events-abbr dtstart' title='2025-11-05'>November 5"
        "</abbr></dd></dl></body></html>", encoding="utf-8")
    assert read_report(path, tmp_path).event_date == "2025-11-05"


def test_a_visible_date_beats_the_pages_publication_date(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Seminar on Dams</title><meta property='article:"
                    "published_time' content='2025-10-23'></head><body><h1>Seminar on Dams"
                    "</h1><p>Event Date: 2 October 2025</p><p>The seminar met.</p></body>"
                    "</html>", encoding="utf-8")
    assert read_report(path, tmp_path).event_date == "2025-10-02"


def test_a_docx_header_of_cells_gives_the_date(tmp_path):
    """"Round Table on Seed Banks | 27 August 2025 | Hunza" in the first page's header."""
    from docx import Document

    doc = Document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = \
        "Round Table on Seed Banks | 27 August 2025 | Hunza"
    doc.add_heading("Round Table on Seed Banks", level=1)
    doc.add_paragraph("The seed bank holds 2,300 local varieties.")
    doc.save(str(tmp_path / "seeds.docx"))
    r = read_report(tmp_path / "seeds.docx", tmp_path)
    assert (r.title, r.event_date) == ("Round Table on Seed Banks", "2025-08-27")


@pytest.mark.parametrize(("first", "title"), [
    ("Seminar on Groundwater Recharge 12 May 2025", "Seminar on Groundwater Recharge"),
    ("Islamabad Dialogue on Energy, 5 May 2025", "Islamabad Dialogue on Energy, 5 May 2025"),
    ("Review of the Plan until 31 December 2027", "Review of the Plan until 31 December 2027"),
])
def test_a_date_set_apart_at_the_right_of_the_title_line_is_no_part_of_the_title(first,
                                                                                  title):
    """A letterhead's date at the right margin reads as the title line's end."""
    from assistant.readers import guess_title

    assert guess_title(f"{first}\nThe seminar heard that recharge wells work.") == title


@pytest.mark.parametrize("value", ["12-May-25", "12 May '25", "May 12, 25"])
def test_a_labelled_date_with_a_month_name_and_a_two_digit_year(tmp_path, value):
    """A spreadsheet's d-mmm-yy ("12-May-25") under a date label; in running text such a
    value is no date."""
    path = tmp_path / "minutes.txt"
    path.write_text(f"Minutes of the Sugar Advisory Board\nDate: {value}\n\nThe board met.\n",
                    encoding="utf-8")
    assert read_report(path, tmp_path).event_date == "2025-05-12"
    from assistant.dates import parse_date

    assert parse_date(f"The board met on {value} in Lahore.") is None


def _annex_two_header_rows(tmp_path, kind: str):
    """An annex headed by two rows: "District" merged down, "2023" and "2024" each
    spanning "Male | Female"."""
    rows = [("Kech", "58.1", "36.4", "60.2", "41.2"), ("Gwadar", "61.0", "39.9", "63.3", "44.0")]
    if kind == "pdf":
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        pdf.cell(190, 8, "Annex E: Literacy Rate by Sex and District", new_x="LMARGIN",
                 new_y="NEXT")
        with pdf.table(col_widths=(50, 30, 30, 30, 30), num_heading_rows=2) as t:
            r = t.row()
            r.cell("District", rowspan=2)
            r.cell("2023", colspan=2)
            r.cell("2024", colspan=2)
            r = t.row()
            for x in ("Male", "Female", "Male", "Female"):
                r.cell(x)
            for row in rows:
                r = t.row()
                for x in row:
                    r.cell(x)
        pdf.output(str(tmp_path / "annex.pdf"))
        return tmp_path / "annex.pdf"
    if kind == "docx":
        from docx import Document

        doc = Document()
        doc.add_heading("Annex E: Literacy Rate by Sex and District", level=1)
        t = doc.add_table(rows=4, cols=5)
        t.cell(0, 0).merge(t.cell(1, 0)).text = "District"
        t.cell(0, 1).merge(t.cell(0, 2)).text = "2023"
        t.cell(0, 3).merge(t.cell(0, 4)).text = "2024"
        for j, x in enumerate(["Male", "Female", "Male", "Female"], 1):
            t.cell(1, j).text = x
        for i, row in enumerate(rows, 2):
            for j, x in enumerate(row):
                t.cell(i, j).text = x
        doc.save(str(tmp_path / "annex.docx"))
        return tmp_path / "annex.docx"
    body = "".join(f"<tr><td>{'</td><td>'.join(r)}</td></tr>" for r in rows)
    (tmp_path / "annex.html").write_text(
        "<html><body><h1>Annex E</h1><table><tr><th rowspan=2>District</th><th colspan=2>"
        "2023</th><th colspan=2>2024</th></tr><tr><th>Male</th><th>Female</th><th>Male</th>"
        f"<th>Female</th></tr>{body}</table></body></html>", encoding="utf-8")
    return tmp_path / "annex.html"


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_an_annex_headed_by_two_rows_names_both_headers_at_each_figure(tmp_path, kind):
    r = read_report(_annex_two_header_rows(tmp_path, kind), tmp_path)
    text = "\n".join(p.text for p in r.pages)
    assert "Kech | 2023 Male: 58.1 | 2023 Female: 36.4 | 2024 Male: 60.2 | 2024 Female: " \
        "41.2" in text, text


def test_a_two_row_header_needs_its_spans_and_figures_below():
    from assistant.readers.tables import table_lines

    # a first row without spans is a row of its own, and so is a table of words
    rows = [["District", "2023", "2024"], ["", "Male", "Female"], ["Kech", "58.1", "36.4"]]
    assert "Kech | 58.1 | 36.4" in table_lines(rows)
    words = [["Name", "Role", ""], ["", "Chair", "Member"], ["Ali", "yes", "no"]]
    assert table_lines(words)[-1] == "Ali | yes | no"


def test_review_of_seventh_round_titles_and_markup_dates(tmp_path):
    """What the seventh round's rules must leave alone."""
    # a "=====" underline names the title, blanked or not ("Report ... =====" once)
    path = tmp_path / "fisheries.txt"
    path.write_text("Report of the Consultation on Fisheries\n" + "=" * 39 + "\n"
                    "\nHeld on 4 April 2025 at Gwadar\n\nThe fishermen asked for cold storage.\n"
                    "---\nSigned by the chair\n", encoding="utf-8")
    r = read_report(path, tmp_path)
    assert (r.title, r.event_date) == ("Report of the Consultation on Fisheries", "2025-04-04")
    # an event's name of two words before its date is a title; a place's is not
    from assistant.readers import guess_title

    assert guess_title("Youth Convention, 12 May 2025\nText.") == "Youth Convention, 12 May 2025"
    assert guess_title("Islamabad, Monday, 14 July 2025\nDialogue on Energy\nText.") == \
        "Dialogue on Energy"
    # an <h2> that is the part of the <title> after a colon is a section's heading
    path = tmp_path / "water.html"
    path.write_text("<html><head><title>Workshop Report: Water Governance</title></head><body>"
                    "<h2>Water Governance</h2><p>The workshop met in Lahore with farmers.</p>"
                    "<h2>Recommendations</h2><p>Canal committees should be elected.</p>"
                    "</body></html>", encoding="utf-8")
    assert read_report(path, tmp_path).title == "Workshop Report: Water Governance"
    # other events' start dates in an "Upcoming events" sidebar are not the page's date
    path = tmp_path / "tax.html"
    path.write_text(
        "<html><head><title>Roundtable on Tax Reform | Institute</title><meta property="
        "'article:published_time' content='2025-06-20T10:00:00+05:00'></head><body><h1>"
        "Roundtable on Tax Reform</h1><article><p>The roundtable discussed the sales tax on "
        "services with experts.</p></article><aside class='sidebar'><h3>Upcoming events</h3>"
        "<ul><li itemscope itemtype='https://schema.org/Event'><span itemprop='name'>Budget "
        "Talk</span> <time itemprop='startDate' datetime='2025-09-15'>15 Sep</time></li>"
        "<li class='vevent'><abbr class='dtstart' title='2025-10-01'>1 Oct</abbr> Energy "
        "Forum</li></ul></aside></body></html>", encoding="utf-8")
    assert read_report(path, tmp_path).event_date == "2025-06-20"
    # the prose's "held on 3 June 2025" beats the day the page was posted
    path.write_text(
        "<html><head><title>Seminar on Heat Waves | Institute</title><meta property="
        "'article:published_time' content='2025-06-20T10:00:00+05:00'></head><body><h1>"
        "Seminar on Heat Waves</h1><p>Speakers discussed heat waves and floods in Sindh.</p>"
        "<p>The seminar, held on 3 June 2025 at the Institute, was attended by 80 people.</p>"
        "</body></html>", encoding="utf-8")
    assert read_report(path, tmp_path).event_date == "2025-06-03"


def _glyphs(lines: list[tuple[float, float, str]], size: float = 9.0) -> list:
    """Fake characters of text lines drawn at (x, baseline y) in the order given, each
    letter 5 points wide, a line break after each line."""
    from assistant.readers.pdf import _Char

    out = []
    for x, y, text in lines:
        for k, ch in enumerate(text):
            box = (0.0, 0.0, 0.0, 0.0) if ch == " " else (x + 5 * k, y, x + 5 * k + 5,
                                                          y + size)
            out.append(_Char(ch, box, 0.0 if ch == " " else size))
        out.append(_Char("\n", (0.0, 0.0, 0.0, 0.0), 0.0))
    return out


def _read(chars: list) -> list[str]:
    from assistant.readers.columns import reading_order
    from assistant.readers.pdf import _Char

    text = "".join(c.text for c in reading_order(chars, _Char("\n", (0, 0, 0, 0), 0.0)))
    return [ln for ln in text.split("\n") if ln]


def test_columns_drawn_right_first_are_read_left_column_first():
    left = [(40, 700 - 13 * i, f"left column line {i} of the text here") for i in range(6)]
    right = [(300, 700 - 13 * i, f"right column line {i} of the text here") for i in range(6)]
    lines = _read(_glyphs(right + left))
    assert lines[0].startswith("left column line 0") and lines[6].startswith("right column")


def test_a_page_drawn_in_reading_order_or_a_table_keeps_its_order():
    """Columns drawn one after the other, and a table of short cells in rows, are left
    as pdfium gives them."""
    left = [(40, 700 - 13 * i, f"left column line {i} of the text here") for i in range(6)]
    right = [(300, 700 - 13 * i, f"right column line {i} of the text here") for i in range(6)]
    chars = _glyphs(left + right)
    from assistant.readers.columns import reading_order

    assert reading_order(chars, chars[-1]) == chars
    rows = [(x, 700 - 13 * i, cell) for i in range(8)
            for x, cell in ((40, f"District {i}"), (300, f"{20 + i}.4"))]
    table = _glyphs(rows)
    assert reading_order(table, table[-1]) == table


def test_merged_image_strips_and_grey_paper():
    from assistant.readers.pdf import _light_from, _merge_touching

    strips = [(0.0, 800.0 - 70 * k, 595.0, 870.0 - 70 * k) for k in range(12)]
    assert _merge_touching(strips) == [(0.0, 800.0 - 70 * 11, 595.0, 870.0)]
    apart = [(0.0, 0.0, 100.0, 100.0), (300.0, 300.0, 400.0, 400.0)]
    assert _merge_touching(apart) == apart
    white = [0] * 256
    white[255], white[20] = 950, 50
    grey = [0] * 256
    grey[196], grey[30] = 950, 50
    photo = [10] * 256  # levels spread evenly
    assert _light_from(white) == 200 and _light_from(grey) == 176
    assert _light_from(photo) == 200


@pytest.mark.parametrize("markup, want", [
    # a table whose cells hold <p>s after a <div> of <span>s and <br>s
    ("<html><head><title>Workshop on Glacial Lake Floods</title></head><body><div id='page'>"
     "<div class='entry-content'><div class='text-block'><span>The workshop brought "
     "together hydrologists and village disaster committees.</span><br/><br/><span>Mr. "
     "Karim Shah said that <b>36 glacial lakes</b> in Gilgit-Baltistan are now classed as "
     "dangerous,</span> <span>up from 33 in 2020.</span><br/><br/><div class='inner'>"
     "Villagers from Hassanabad described the 2022 outburst flood that destroyed the "
     "Karakoram Highway bridge.<br>They asked for early warning sensors upstream.</div>"
     "</div><table class='data'><tr><td><p>Funding</p></td><td><p>The Green Climate Fund "
     "approved 37 million dollars for early warning systems in the valleys.</p></td></tr>"
     "</table></div></div><footer><p>Mountain Institute 2025</p></footer></body></html>",
     "The Green Climate Fund approved 37 million dollars"),
    # a box of "Label: figure" lines in <font> and <br> beside the article's <p>s
    ("<html><head><title>Seminar on Textile Exports</title></head><body><table><tr><td "
     "class='sidebar'><a href='/'>Home</a><br><a href='/events'>Events</a></td><td "
     "class='main'><div class='article'><h1>Seminar on Textile Exports</h1><p>The seminar "
     "examined why textile exports have stalled despite the rebate schemes, and the "
     "discussion ranged from energy prices to the cost of finance.</p><p>Several exporters "
     "said that gas and electricity tariffs for industry are now the highest in the "
     "region.</p><p>The commerce ministry promised to review the duty drawback scheme "
     "before the next budget.</p></div><div class='keyfigures'><font size='2'><b>Key "
     "figures</b><br>Textile exports in fiscal 2025: 17.9 billion dollars<br>Spinning mills "
     "closed since 2022: 144, according to the All Pakistan Textile Mills Association"
     "</font></div></td></tr></table></body></html>",
     "Spinning mills closed since 2022: 144"),
])
def test_text_the_main_content_extractor_drops_beside_the_article_is_read(markup, want):
    from assistant.readers.html import read_html

    text = "\n".join(s.text for s in read_html(markup, "page.html").sections)
    assert want in text and "Home" not in text.split("\n")


def test_comments_and_related_posts_beside_the_article_stay_out():
    from assistant.readers.html import read_html

    paras = "".join(f"<p>Paragraph {i} of the seminar report says that the water board "
                    f"met {i} times and agreed on a plan.</p>" for i in range(6))
    markup = (f"<html><body><div class='wrap'><article>{paras}</article><div class="
              "'comments-area'><p>Great post, I think the water board should meet 12 more "
              "times this year.</p></div><div class='related-posts'><p>Read our 2024 report "
              "on water boards and the 3 plans they agreed.</p></div></div><div class="
              "'site-info'><p>Copyright 2025 Water Institute, Islamabad. All rights "
              "reserved for the 3 offices.</p><p>Recent: Workshop on olive cultivation, 26 "
              "February 2025, in Chakwal.</p></div></body></html>")
    text = "\n".join(s.text for s in read_html(markup, "page.html").sections)
    assert "Paragraph 5" in text
    assert not any(w in text for w in ("Great post", "Read our", "Copyright", "Recent")), text


# Pages set beside a sidebar, with a short last column, or with a box drawn between two
# columns: each text object is placed at (x, y) in the order given, as a layout program
# that draws across the page writes them.
_SEMINAR = (
    "The seminar brought together engineers, farmers and officials of the irrigation "
    "department to discuss the reform of canal water charges. Opening the first session, the "
    "Punjab irrigation secretary said that the abiana, the flat charge farmers pay for canal "
    "water, would be doubled from the next rabi season and then linked to the area actually "
    "irrigated. Farmers objected that the charge was already collected poorly and that the "
    "money never returned to the maintenance of the watercourses. The World Bank adviser "
    "answered that a pilot will cover eleven canal commands in south Punjab and that farmer "
    "organisations there would keep half of the charges they collect.")
_KEY_FACTS = ["Key facts", "Canal water lost before", "the farm gate: 40 percent",
              "Abiana collected in", "2024: 2.1 billion rupees", "Farmer organisations:",
              "1,300 registered"]
_BOX = ["Box 1. Housing loans in 2024",
        "Banks approved 18,500 housing loans in 2024, a third of them under the",
        "government mark-up subsidy scheme."]


def _drawn_page(path, lay_out):
    """A one-page PDF: `lay_out(width_of)` gives (x, y, text, size) in drawing order."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("F", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("F", size=14)
    pdf.text(40, 50, "Seminar on Irrigation Reform")
    pdf.set_font("F", size=10)
    pdf.text(40, 68, "Event Date: 16 April 2025")

    def wrap(text: str, width: float) -> list[str]:
        lines = [""]
        for word in text.split():
            if lines[-1] and pdf.get_string_width(f"{lines[-1]} {word}") > width:
                lines.append(word)
            else:
                lines[-1] = f"{lines[-1]} {word}".strip()
        return lines

    for x, y, text, size in lay_out(wrap):
        pdf.set_font("F", size=size)
        pdf.text(x, y, text)
    pdf.output(str(path))
    return " ".join(read_report(path, path.parent).pages[0].text.split())


@pytest.mark.parametrize("body_x,body_width,side_x,pitch,size", [
    (40, 330, 400, 14, 10),  # a sidebar half the text's width, on its baselines
    (40, 390, 450, 14, 10),  # a narrow one
    (190, 360, 40, 14, 10),  # on the left
    (40, 330, 400, 12, 9),  # smaller type, closer lines: baselines of its own
])
def test_a_sidebar_drawn_line_by_line_with_the_text_reads_apart(tmp_path, body_x, body_width,
                                                                 side_x, pitch, size):
    """pdfium joins a "Key facts" sidebar's lines to the text lines drawn beside them: a
    sentence of the text, and a fact of the sidebar, read whole."""
    def lay_out(wrap):
        body = [(body_x, 100 + i * 14, line, 10) for i, line in enumerate(wrap(_SEMINAR,
                                                                               body_width))]
        side = [(side_x, 100 + i * pitch, line, size) for i, line in enumerate(_KEY_FACTS)]
        return sorted(body + side, key=lambda item: item[1])  # across the page, top down

    text = _drawn_page(tmp_path / "sidebar.pdf", lay_out)
    assert "the Punjab irrigation secretary said that the abiana, the flat charge farmers pay " \
        "for canal water, would be doubled from the next rabi season" in text, text
    assert "answered that a pilot will cover eleven canal commands in south Punjab" in text
    assert "Canal water lost before the farm gate: 40 percent" in text


def test_a_short_last_column_drawn_across_the_page_reads_after_the_first(tmp_path):
    """Two columns drawn row by row, the right one three lines long (the end of the
    report): the sentence over the column break reads whole, the right column's own too."""
    def lay_out(wrap):
        left = wrap(_SEMINAR, 260)
        right = wrap("The next meeting, to be held in Sukkur, will discuss the grading of lint "
                     "and the testing of moisture at the gate.", 220)
        items = []
        for i, line in enumerate(left):
            items.append((40, 100 + i * 14, line, 10))
            if i < len(right):
                items.append((335, 100 + i * 14, right[i], 10))
        return items

    text = _drawn_page(tmp_path / "short.pdf", lay_out)
    assert "would keep half of the charges they collect. The next meeting, to be held in " \
        "Sukkur, will discuss the grading of lint and the testing of moisture" in text, text
    assert "Opening the first session, the Punjab irrigation secretary said" in text


@pytest.mark.parametrize("middle", [False, True])
def test_a_box_drawn_between_two_columns_does_not_split_their_sentence(tmp_path, middle):
    """Two columns drawn column by column, a box across both drawn after the left one:
    below the columns (`middle` False) or between their upper and lower halves. The
    sentence that runs on from the left column into the right one reads whole."""
    def lay_out(wrap):
        lines = wrap(text, 240)
        half = len(lines) // 2
        left, right = lines[:half], lines[half:]
        above = 5 if middle else len(right)  # lines of a column above the box
        box_y = 100 + above * 14 + 14

        def y(i: int) -> float:
            return 100 + i * 14 + (70 if i >= above else 0)

        return ([(40, y(i), line, 10) for i, line in enumerate(left)]
                + [(50, box_y + i * 12, line, 10) for i, line in enumerate(_BOX)]
                + [(310, y(i), line, 10) for i, line in enumerate(right)])

    text = _SEMINAR + (" Speakers from the universities asked that the pilot be evaluated by "
                       "an independent body before any province-wide rollout of the charge.")
    read = _drawn_page(tmp_path / "box.pdf", lay_out)
    assert "Box 1." in read and "Banks approved 18,500 housing loans" in read
    assert text in read, read


def test_side_headings_and_a_table_without_rules_keep_their_rows(tmp_path):
    """Headings in the margin beside their paragraphs, and a glossary of two columns
    drawn row by row: neither is a sidebar, and each keeps its rows."""
    cut = _SEMINAR.index("Farmers objected")
    paragraphs = [("Background", _SEMINAR[:cut]), ("Findings", _SEMINAR[cut:])]
    glossary = [("Abiana", "the flat charge farmers pay for canal water"),
                ("Warabandi", "the rotation of canal water among farmers"),
                ("Mogha", "the outlet from a distributary to a watercourse"),
                ("Rabi season", "the winter crop season from October to March"),
                ("Kharif season", "the summer crop season from April to September"),
                ("Khal panchayat", "a committee of the farmers on one watercourse")]

    def lay_out(wrap):
        items, y = [], 100
        for head, text in paragraphs:
            items.append((40, y, head, 10))
            for line in wrap(text, 380):
                items.append((160, y, line, 10))
                y += 14
            y += 10
        for term, meaning in glossary:
            items += [(40, y, term, 10), (160, y, meaning, 10)]
            y += 14
        return items

    text = _drawn_page(tmp_path / "heads.pdf", lay_out)
    assert "Background The seminar brought together" in text, text
    assert "Findings Farmers objected that the charge" in text
    assert "Warabandi the rotation of canal water among farmers Mogha the outlet" in text
