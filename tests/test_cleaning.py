"""Pure clean-up and chunking logic (no model, no store)."""

import re

from assistant.chunking import chunk_spans, split_sentences
from assistant.cleaning import clean_pages, join_lines
from assistant.sentences import sentence_spans


def test_page_break_artefacts_of_the_sample_are_joined():
    text = ("Prof. Dr. Shabir Ahmed Khan stressed the importance of cultural perspectives to "
            "promote mutual\n\nrespect and deeper societal understanding. Prof. Dr. Sajjad "
            "Mubin, Vice Chancellor, University of\n\nOkara, spoke on exchange programs.\n\n"
            "CONSORTIUM FOR ASIA PACIFIC STUDIES\n\n\n")
    (cleaned,) = clean_pages([text], blank_line_paragraphs=True)
    assert "mutual respect" in cleaned
    assert "University of Okara" in cleaned
    assert "CONSORTIUM" not in cleaned


def test_hyphenation_and_hard_wraps_in_pdf_text():
    text = ("The government has laid out plans to expand its military infor-\nmation systems "
            "and to increase defense\nspending through 2034, including new bases in the north.\n"
            "Ties with the United States\nThe U.S. government describes U.S.-Australia "
            "defense ties as exceptionally close.")
    out = join_lines(text, blank_line_paragraphs=False)
    assert "information systems and to increase defense spending through 2034," in out
    assert "\nTies with the United States\n" in out


def test_running_headers_and_page_numbers_are_dropped():
    words = ["alpha", "beta", "gamma", "delta", "epsilon"]
    pages = [f"CRS INSIGHT\nBody text about {w} goes here.\n{i}" for i, w in enumerate(words, 1)]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert all("CRS INSIGHT" not in p for p in cleaned)
    assert cleaned[2] == "Body text about gamma goes here."


def test_a_closing_line_in_a_script_without_capitals_is_kept():
    body = "Silk Road Dialogue\n\nThe dialogue discussed transport corridors and trade.\n\n"
    footer = clean_pages([body + "CONSORTIUM FOR ASIA PACIFIC STUDIES"])[-1]
    assert "CONSORTIUM" not in footer  # an all-capitals footer still goes
    for last in ("双方同意建立联合工作组", "انہوں نے نئے مراکز کا اعلان کیا"):
        assert clean_pages([body + last])[-1].endswith(last)


def test_sentence_across_a_page_break_lives_on_the_first_page():
    pages = ["Opening text. The aquifers could be exhausted within two decades without",
             "reform of pricing. Next sentence here."]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert cleaned[0].endswith("two decades without reform of pricing.")
    assert cleaned[1] == "Next sentence here."


def test_page_numbers_of_a_two_page_report_do_not_split_a_carried_sentence():
    pages = ["Opening text. The committee asked the ministry to publish a medium-\n1",
             "term plan for the oldest plants. It met again in June.\n2"]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert cleaned[0].endswith("publish a medium-term plan for the oldest plants.")
    assert cleaned[1] == "It met again in June."
    # a bare number on one page only is no page number: a year stays
    kept = clean_pages(["The plan runs to\n2030", "Next page. More text here."],
                       blank_line_paragraphs=False)
    assert "2030" in kept[0]


def test_sentences_keep_titles_and_initials_together():
    text = "The forum began with H.E. Ambassador Albert P. Khorev, who spoke. Dr. Gul spoke next."
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["The forum began with H.E. Ambassador Albert P. Khorev, who spoke.",
                     "Dr. Gul spoke next."]


def test_chunks_cover_the_page_with_exact_offsets_and_overlap():
    text = " ".join(f"Sentence number {i} talks about topic {i} at some length." for i in range(30))
    sentences = split_sentences(text, 200)
    chunks = chunk_spans(sentences, 200, 1)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(e - s <= 200 for s, e, _ in chunks)
    # one sentence of overlap: each chunk starts where the previous one's last sentence does
    for (s1, e1, _), (s2, _, _) in zip(chunks, chunks[1:], strict=False):
        assert s1 < s2 < e1


def test_footnote_markers_do_not_become_digits():
    from assistant.cleaning import normalize

    text = normalize("Exports rose 12%¹ in 2024² to $3.5bn³.")
    assert text == "Exports rose 12% in 2024 to $3.5bn."


def test_unit_squares_and_cubes_are_no_footnote_markers():
    from assistant.cleaning import normalize

    assert normalize("It covers 796 km² and passes 9 m³/s (R² = 0.85); 4 ft² each.") == \
        "It covers 796 km2 and passes 9 m3/s (R2 = 0.85); 4 ft2 each."
    # a marker after an ordinary word still goes
    assert normalize("The programme² and the term³ ended.") == "The programme and the term ended."


def test_line_end_hyphens_keep_real_compounds_and_mend_syllable_breaks():
    from assistant.cleaning import keep_hyphen

    text = ("The ministry promised a medium-\nterm plan and a well-\ndesigned subsidy, and "
            "better coordi-\nnation of the agricul-\ntural extension services.")
    out = join_lines(text, blank_line_paragraphs=False)
    assert "medium-term plan" in out and "well-designed subsidy" in out
    assert "coordination of the agricultural extension" in out
    # the report's own spelling decides first: "e-\nmail" joins where it writes "email"
    (page,) = clean_pages(["Send an e-\nmail to the secretariat. Each email is logged."],
                          blank_line_paragraphs=False)
    assert "Send an email" in page
    assert keep_hyphen("data", "sharing") and not keep_hyphen("govern", "ment")


def test_line_end_hyphens_and_dashes_before_capitals_and_digits_are_kept_whole():
    text = ("The forum discussed the China-\nPakistan Economic Corridor, the Indo-\nPacific, "
            "the budget for 2023-\n24, COVID-\n19, the plan for 2025–\n2030 and a 10-\npoint "
            "agenda TO PRO-\nMOTE TRADE WITH CHINA-\nPAKISTAN FIRMS.")
    out = join_lines(text, blank_line_paragraphs=False)
    assert out == ("The forum discussed the China-Pakistan Economic Corridor, the Indo-Pacific, "
                   "the budget for 2023-24, COVID-19, the plan for 2025–2030 and a 10-point "
                   "agenda TO PROMOTE TRADE WITH CHINA-PAKISTAN FIRMS.")


def test_pdfium_hyphen_mark_is_decided_like_a_typed_hyphen():
    (page,) = clean_pages(["A cross\ufffeborder trade pact and fur\ufffe\r\nther talks."],
                          blank_line_paragraphs=False)
    assert "cross-border trade" in page and "further talks" in page


def test_rows_that_differ_in_their_figures_are_not_running_headers():
    districts = ["Zhob", "Loralai", "Sibi", "Turbat", "Mastung"]
    pages = [
        f"Provincial Health Bulletin - page {i + 3}\n"
        f"In {d} the vaccination coverage was {40 + 3.1 * i:.1f} percent in the 2023 round.\n"
        f"The district report for {d} follows.\n"
        f"Coverage in {d} improved by {i + 2} points over the year."
        for i, d in enumerate(districts)
    ]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert all("Provincial Health Bulletin" not in p for p in cleaned)  # page-numbered header
    assert "In Sibi the vaccination coverage was 46.2 percent" in cleaned[2]
    assert "Coverage in Sibi improved by 4 points" in cleaned[2]
    # the data row stays a sentence of its own, not glued onto the next line
    assert "in the 2023 round. The district report for Sibi" in cleaned[2].replace("\n", " ")


def test_header_block_lines_of_a_text_file_stay_apart():
    text = "Seminar on Water Pricing\nDate: May 5, 2025\nLocation: Quetta\nThe seminar met.\n"
    (page,) = clean_pages([text], blank_line_paragraphs=True)
    assert "Date: May 5, 2025" in page.split("\n\n")


def test_title_line_above_a_table_keeps_its_own_line_and_wrapped_sentences_still_join():
    from assistant.cleaning import join_lines

    text = ("Those excluded from scoring are marked NR and the claims were checked on the "
            "ground against reports of violations\n2.1 Punjab in compliance: 8 /25\n"
            "Area | Compliance reported | Score\nJob quota | Advertised | Score: 2.5")
    lines = join_lines(text, blank_line_paragraphs=False).split("\n")
    assert lines[1] == "2.1 Punjab in compliance: 8 /25"
    wrapped = ("The enrolment of each district surveyed by the board in 2024 is set out in "
               "the\ntable below.\nDistrict | Enrolment\nZhob | Enrolment: 36.0")
    lines = join_lines(wrapped, blank_line_paragraphs=False).split("\n")
    assert lines[0].endswith("is set out in the table below.")


def test_apostrophe_look_alikes_between_letters_become_the_apostrophe():
    from assistant.cleaning import normalize

    text = normalize("Sindh\u02bcs share, Punjab\u00b4s share and Pakistan`s share; "
                     "`code`, 5\u2032")
    assert text == "Sindh’s share, Punjab’s share and Pakistan’s share; `code`, 5\u2032"


def test_a_question_is_normalised_as_the_reports_are():
    from assistant.answering import check_question
    from assistant.settings import Settings
    from assistant.text import salient_terms

    asked = check_question(" What is Sindh\u00b4s share of the \ufb01nance\u00a0pool\u200b? ",
                           Settings())
    assert asked == "What is Sindh’s share of the finance pool?"
    assert [t.form for t in salient_terms(asked)] == \
        [t.form for t in salient_terms("What is Sindh's share of the finance pool?")]


def test_other_line_breaks_break_lines_and_invisible_characters_go():
    from assistant.cleaning import normalize
    from assistant.readers.metadata import read_header_block

    # a vertical tab (Word's manual line break), NEL and the Unicode line and paragraph
    # separators are line breaks, not characters to delete between two words
    text = normalize("Port Qasim\x0bBriefing\x85Cargo rose\u2028to 56 mil\u2063lion\u2029tonnes.")
    assert text == "Port Qasim\nBriefing\nCargo rose\nto 56 million\n\ntonnes."
    (page,) = clean_pages(["Briefing on Port Qasim\u2028Event Date: 6 March 2025\u2029"
                           "The LNG ter\u2062minal ran at 88 percent of capacity."],
                          blank_line_paragraphs=None)
    assert page.split("\n\n")[1:] == ["Event Date: 6 March 2025",
                                      "The LNG terminal ran at 88 percent of capacity."]
    assert read_header_block("Briefing\u2028Event Date: 6 March 2025\u2028Venue: Karachi") \
        .event_date == "2025-03-06"


def test_an_unlabelled_header_date_line_keeps_its_own_line():
    """"Gwadar, 5 May 2025" under a title is a header field like "Date: ..."; a wrapped
    line of a sentence that holds a date is not."""
    (page,) = clean_pages(["Review of Coastal Fisheries\nGwadar, 5 May 2025\n"
                           "Fish landings at Gwadar rose to 41,000 tonnes in 2024.\n"],
                          blank_line_paragraphs=True)
    assert page.split("\n\n") == ["Review of Coastal Fisheries", "Gwadar, 5 May 2025",
                                  "Fish landings at Gwadar rose to 41,000 tonnes in 2024."]
    wrapped = ("The survey of the coastal fisheries of Balochistan, the data as of\n"
               "March 3, 2026.\nThe review met in Quetta on the following day to discuss\n"
               "Gwadar on 5 May 2025 and the fleet.")
    out = join_lines(wrapped, blank_line_paragraphs=False)
    assert "data as of March 3, 2026." in out and "discuss Gwadar on 5 May 2025" in out


def test_rows_whose_year_goes_up_a_page_at_a_time_are_not_page_numbers():
    """An annex with a page a year: "The 2019 survey ..." on page 1, "The 2020 survey
    ..." on page 2; a year moving with the page is data, the page label still goes."""
    pages = [f"The {year} survey covered 12 districts of the province.\n"
             f"Primary enrolment was {rate} percent in {year}.\nStatistical annex - page {i}"
             for i, (year, rate) in enumerate([(2019, 51), (2020, 53), (2021, 48)], 1)]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert cleaned[1].startswith("The 2020 survey covered 12 districts")
    assert all("Statistical annex" not in p for p in cleaned)


def test_blank_lines_of_ocr_text_keep_a_heading_off_its_paragraph():
    """Tesseract puts a blank line between paragraphs: a heading stays apart from the
    paragraph under it, and a paragraph's short last line still joins it."""
    text = ("Received by the Secretariat on 3 February 2025 - Ref. HDC/2025/114\n\n"
            "Submission from the Chitral delegation\n\n"
            "The delegation from Chitral asked for a bridge over the Mastuj river and for\n"
            "a road fund. They said the valley is cut off for two months\n\nevery winter.")
    assert join_lines(text, blank_line_paragraphs=False).split("\n") == [
        "Received by the Secretariat on 3 February 2025 - Ref. HDC/2025/114",
        "Submission from the Chitral delegation",
        "The delegation from Chitral asked for a bridge over the Mastuj river and for a "
        "road fund. They said the valley is cut off for two months every winter."]


def test_a_date_line_that_goes_on_a_sentence_is_joined():
    """A date with words after it, a line followed by lower case, or any line past the
    first page is part of a sentence, not the header's date line."""
    pages = ["Senate Review\nThe committee met in the hall\nand the corridor.",
             "and the corridor.\nOn 12 March 2024, the Senate\n"
             "adopted the resolution unanimously after a long debate in the house."]
    assert "On 12 March 2024, the Senate adopted the resolution" in \
        clean_pages(pages, blank_line_paragraphs=False)[1]
    column = ("Trade Mission\nThe trade mission arrived in Kabul\n5 May 2025 with the "
              "delegation\nand met the traders of the city.")
    assert "arrived in Kabul 5 May 2025 with the delegation and met" in \
        clean_pages([column], blank_line_paragraphs=False)[0]
    (txt,) = clean_pages(["Senate Notes\n\nThe bill was tabled in June.\n"
                          "On 12 June 2025, the Senate\nadopted it without a vote.\n"],
                         blank_line_paragraphs=True)
    assert "On 12 June 2025, the Senate adopted it without a vote." in txt
    (post,) = clean_pages(["Meeting Notice\nThe meeting was postponed.\n2 May 2025\n"
                           "was the new date for the meeting.\n"],
                          blank_line_paragraphs=False)
    assert "2 May 2025 was the new date" in post


def test_ocr_blank_line_after_a_function_word_or_comma_is_joined():
    """Tesseract's blank line inside a sentence: a line ending in "of" or a comma goes
    on, even into a capital."""
    text = ("Visit Summary\n\nThe minister met the Prime Minister of\n\nPakistan and discussed "
            "trade.\n\nAll members, including the chair,\n\nSenator Ali, voted for it.")
    assert join_lines(text, blank_line_paragraphs=False).split("\n") == [
        "Visit Summary", "The minister met the Prime Minister of Pakistan and discussed trade.",
        "All members, including the chair, Senator Ali, voted for it."]


def test_a_single_capital_before_a_line_end_hyphen_keeps_it():
    """"A-" / "LEVEL" is A-LEVEL, not ALEVEL; "PRO-" / "MOTE" is still mended."""
    from assistant.cleaning import join_hyphenated

    for left, right in (("A", "LEVEL"), ("U", "TURN"), ("X", "RAY"), ("E", "GOVERNANCE")):
        assert join_hyphenated(f"the {left}-", f"{right} results") == \
            f"the {left}-{right} results"
    assert join_hyphenated("PRO-", "MOTE TRADE") == "PROMOTE TRADE"


def test_a_title_at_a_line_end_goes_on_with_the_name_on_the_next_line():
    pdf = clean_pages(["The delays at the terminal were blamed on the staff, said Mr.\n"
                       "Mustafa Iqbal of the port trust. The board met.\nNext heading"],
                      blank_line_paragraphs=False)[0]
    assert "said Mr. Mustafa Iqbal of the port trust." in pdf
    text = clean_pages(["The keynote on river basins was delivered by Prof.\nAmina Raza, "
                        "who chairs the water council.\n\nThe next session began."],
                       blank_line_paragraphs=True)[0]
    assert "delivered by Prof. Amina Raza, who chairs" in text
    # a line ending in a full stop after an ordinary word still ends its paragraph
    assert clean_pages(["The session closed with thanks to the staff.\nOther business",
                        ], blank_line_paragraphs=False)[0].split("\n")[0].endswith("staff.")


def test_a_title_word_at_a_paragraph_end_before_a_new_sentence_is_no_name_to_join():
    """"St." (a street) ends a paragraph; "The next meeting" opens a sentence, no name."""
    text = clean_pages(["Workshop on Water\n\nThe office of the council is on Jinnah St.\n\n"
                        "The next meeting will be held in May.\n"],
                       blank_line_paragraphs=True)[0]
    assert "Jinnah St.\n\nThe next meeting" in text
    pdf = clean_pages(["The office of the council is on Jinnah St.\nThe next meeting will "
                       "be held in May.\nOther business"], blank_line_paragraphs=False)[0]
    assert "Jinnah St.\nThe next meeting" in pdf


def test_a_sentence_with_a_date_and_a_capitalised_word_is_no_header_date_line():
    """"On 12 June 2025, Pakistan" opens a sentence that goes on in the next line; only a
    header's words ("Held on", a weekday) stand before a date with its place after it."""
    text = clean_pages(["Workshop on Water\nOn 12 June 2025, Pakistan\nChina and Russia "
                        "signed a water pact in Beijing.\n\nThe end.\n"],
                       blank_line_paragraphs=True)[0]
    assert "On 12 June 2025, Pakistan China and Russia signed a water pact" in text


def test_a_line_with_a_colon_that_goes_on_in_lower_case_is_prose_not_a_label():
    """Any script's "Label: value" line keeps its own line, but a sentence with a colon
    that wraps into a lower-case line is one sentence (Russian as English)."""
    for lines in (["Министр отметил: торговля", "растёт быстро и будет расти."],
                  ["The minister noted: trade", "is growing fast and will grow."]):
        for paragraphs in (True, False):
            text = clean_pages(["Forum\n\n" + "\n".join(lines) + "\n\nThe end.\n"],
                               blank_line_paragraphs=paragraphs)[0]
            assert " ".join(lines) in text, (lines, paragraphs, text)
    assert "\nДата: 18 декабря 2025 г.\n" in clean_pages(
        ["Форум Россия Пакистан\nДата: 18 декабря 2025 г.\n\nКонец.\n"],
        blank_line_paragraphs=True)[0].replace("\n\n", "\n")


def test_short_lines_under_a_bare_label_stay_a_list_and_one_line_is_its_value():
    """"Speakers:" over three names keeps a line each (they used to run into one, "Mr Tariq
    Baloch Ms Sana Ullah"); "Prepared by:" over one name is a "Label: value" line; a
    bulleted reference that ends in a colon is no label."""
    text = clean_pages(["Water dialogue\n\nPrepared by:\nDr Ayesha Khan\nReviewed by:\n"
                        "Mr Tariq Baloch\n\nSpeakers:\nDr Ayesha Khan\nMr Tariq Baloch\n"
                        "Ms Sana Ullah\n\nThe Authority will publish an audit of tube wells.\n"],
                       blank_line_paragraphs=True)[0]
    lines = [ln for ln in text.split("\n") if ln]
    assert "Prepared by: Dr Ayesha Khan" in lines and "Reviewed by: Mr Tariq Baloch" in lines
    assert lines[lines.index("Speakers:") + 1:lines.index("Speakers:") + 4] == \
        ["Dr Ayesha Khan", "Mr Tariq Baloch", "Ms Sana Ullah"]
    ref = clean_pages(["Papers\n\n* R. Sundara Raman, M. Wang, J. Mayer:\nNetwork Measurement\n"
                       "Methods [WANG]\n\nThe end of the list.\n"], blank_line_paragraphs=True)[0]
    assert "J. Mayer: Network Measurement Methods [WANG]" in ref
    # lines that wrap a sentence are no items
    prose = clean_pages(["Notes\n\nThe ministry said:\nthe tariff will rise by\n"
                         "five percent next year.\n\nEnd.\n"], blank_line_paragraphs=True)[0]
    assert "said: the tariff will rise by five percent next year." in prose


def test_marked_items_in_a_blank_line_paragraph_keep_a_line_each():
    """"i. …;" / "ii. …;" and "a) …," / "b) …" lines inside one paragraph of a text file
    are list items, not a wrapped sentence; an unmarked line after an item is its wrapped
    tail; a single line that happens to open with "1." is prose."""
    text = clean_pages(["Workshop\n\nThe workshop agreed on the following priorities:\n"
                        "i. reducing border waiting times\nat Torkham;\n"
                        "ii. a single window for transit documents;\n"
                        "iii. training for customs officers.\n\nThe end.\n"],
                       blank_line_paragraphs=True)[0]
    lines = [ln for ln in text.split("\n") if ln]
    assert lines[1:5] == ["The workshop agreed on the following priorities:",
                          "i. reducing border waiting times at Torkham;",
                          "ii. a single window for transit documents;",
                          "iii. training for customs officers."]
    prose = clean_pages(["Notes\n\nTariffs fell in the year to June\n1. percent of firms said so.\n"
                         "\nEnd.\n"], blank_line_paragraphs=True)[0]
    assert "June 1. percent" in prose


def test_hard_wrapped_prose_whose_lines_open_like_items_stays_one_paragraph():
    """A line that ends in "for", "of", "on", "the" goes on into the next: a mark after it
    ("a. new schools", "- third quarter", "1. 5 million") is the sentence's next word."""
    for raw, joined in (
            ("The committee decided that the budget for\na. new schools would rise. It agreed "
             "that\na. further review was needed.", "budget for a. new schools"),
            ("Growth was strong in the first half of the year\n- led by exports - and slowed "
             "in the\n- third quarter as demand fell.", "in the - third quarter"),
            ("The scheme reached a total of\n1. 5 million households in 2023, up from the "
             "earlier\n2. 3 million in 2022.", "total of 1. 5 million"),
            ("The forum was held on\n12. March 2024 in Lahore and closed on\n13. March.",
             "closed on 13. March")):
        text = clean_pages(["Notes\n\n" + raw + "\n\nEnd.\n"], blank_line_paragraphs=True)[0]
        assert joined in text, text


def test_a_quotation_under_a_speech_label_is_no_list():
    text = clean_pages(["Notes\n\nHe noted:\n\"We must act now.\nThe window is closing.\"\n\n"
                        "End.\n"], blank_line_paragraphs=True)[0]
    assert 'He noted: "We must act now.' in text


def test_a_running_header_of_a_two_page_report_is_dropped_and_table_lines_are_not():
    header = "Coastal Livelihoods Consultation - Karachi, 20 November 2025"
    pages = [f"{header}\nCoastal Livelihoods Consultation\nThe submissions follow.",
             f"{header}\nThe society asked for a ban on wire nets."]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert header not in "\n".join(cleaned)
    assert cleaned[1] == "The society asked for a ban on wire nets."
    # a table's column headers repeated atop its next page, and captions numbered on
    # (data, not a header), stay
    rows = ["District | Literacy rate | Enrolment rate\nKech | 40.9 | 52.8",
            "District | Literacy rate | Enrolment rate\nPanjgur | 38.6 | 47.3"]
    assert all(c.startswith("District | Literacy") for c in clean_pages(rows, False))
    captions = ["Table 1: Literacy by district survey\nKech 40.9", "Table 2: Literacy by "
                "district survey\nPanjgur 38.6"]
    assert all(c.startswith("Table") for c in clean_pages(captions, False))


def test_column_heads_repeated_under_each_pages_own_caption_stay():
    """An annex of one table a page: the running header atop every page goes, the column
    heads under each page's caption ("Area 2022 2023") are the table's and stay."""
    pages = [f"Statistical Annex - Welfare\nTable A.2 Poverty (%), {p}\nArea 2022 2023\n"
             f"Rural {a} {b}\nWelfare Report 2025 | page {n}"
             for n, (p, a, b) in enumerate([("Punjab", 33.8, 32.6), ("Sindh", 45.2, 43.1),
                                            ("Balochistan", 47.6, 45.9)], 1)]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert all("Area 2022 2023" in c and "Statistical Annex" not in c
               and "Welfare Report" not in c for c in cleaned), cleaned
    # a running header under a page's own chapter line still goes
    pages = [f"Chapter {n}: {topic}\nInstitute of Rural Economy Annual Report\nThe {topic} "
             f"work went on in {n + 2020} with new partners and more districts.\nMore text."
             for n, topic in enumerate(["Water", "Health", "Schools"], 1)]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert not any("Institute of Rural Economy" in c for c in cleaned), cleaned


def test_a_heading_as_long_as_the_text_keeps_its_line_above_the_first_sentence():
    """OCR'd and PDF text give no blank line under a heading; a capitals or title-case
    line over a line that opens a sentence is a heading, not the sentence's start."""
    ocr = ("Provincial Assembly of Khyber Pakhtunkhwa\nStanding Committee on Health\n"
           "The committee asked for 300 new nursing posts in the merged districts.")
    assert join_lines(ocr, False).split("\n")[-1].startswith("The committee asked for 300")
    caps = "TEXTILE POLICY DIALOGUE ON ENERGY\nSpeakers said 187 mills had closed since 2022."
    assert join_lines(caps, False) == caps
    # in a text file's blank-line paragraph too
    assert join_lines(caps + "\n\nNext.", True).startswith(
        "TEXTILE POLICY DIALOGUE ON ENERGY\n\nSpeakers said")
    # a name wrapped over a line, and a sentence line, go on
    name = ("The guests included the Ambassador of the Russian Federation to Pakistan Albert\n"
            "Khorev and the trade representative.")
    assert "\n" not in join_lines(name, False)
    wrapped = ("The committee asked the department to report on the Benazir Income Support\n"
               "The Programme and its new cards.")
    assert "\n" not in join_lines(wrapped, False)


def test_a_figure_line_repeated_at_the_foot_of_every_page_is_read_once():
    """An annex repeats its provincial average under each page's rows: data, kept where
    it is first seen; the page's footer goes."""
    rows = ["In Kech district literacy was 40.9 percent.", "In Panjgur district literacy "
            "was 38.6 percent.", "In Awaran district literacy was 29.4 percent."]
    pages = [f"{row}\nProvincial average: adult literacy 46.2 percent.\nAnnex B - page {n}"
             for n, row in enumerate(rows, 1)]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert [c.count("46.2 percent") for c in cleaned] == [1, 0, 0], cleaned
    assert not any("Annex B - page" in c for c in cleaned)


def test_page_numbers_between_dashes_and_a_two_page_footer_with_a_page_word_go():
    """Seventh round: "- 1 -" / "- 2 -" centred page numbers, "Page 1 | Centre for ..."
    footers and an "Institute | Workshop Report" header over prose on both pages of a
    two-page report are no text; left in, they split the sentence carried over the break."""
    pages = ["Institute of Rural Economy | Workshop Report\nFarmers said the govern-\n- 1 -",
             "Institute of Rural Economy | Workshop Report\nment should fund twenty centres.\n"
             "- 2 -"]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert cleaned == ["Farmers said the government should fund twenty centres.", ""], cleaned
    pages = ["The registration of seminaries with the education\nPage 1 | Centre for "
             "Religious Studies", "ministry reached 18,600.\nSpeakers asked for a curriculum."
             "\nPage 2 | Centre for Religious Studies"]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert cleaned[0] == "The registration of seminaries with the education ministry " \
        "reached 18,600.", cleaned
    assert "Centre for Religious Studies" not in "\n".join(cleaned)
    # a table's column headers atop both pages, over rows of their own, stay
    rows = ["District | Literacy rate | Enrolment rate\nKech | 40.9 | 52.8",
            "District | Literacy rate | Enrolment rate\nPanjgur | 38.6 | 47.3"]
    assert all(c.startswith("District | Literacy") for c in clean_pages(rows, False))


def test_a_sentence_carried_over_a_page_break_onto_a_figure_is_one_sentence():
    """A text export's form feed between "cost the exchequer" and "125 billion rupees":
    the figure and its lower-case unit go on the sentence; a numbered heading does not."""
    pages = ["Review of Subsidies\n\nThe urea subsidy cost the exchequer\n1",
             "125 billion rupees in 2024-25.\n\nDealers hoarded stocks.\n2"]
    cleaned = clean_pages(pages, blank_line_paragraphs=True)
    assert cleaned[0].endswith("The urea subsidy cost the exchequer 125 billion rupees in "
                               "2024-25."), cleaned
    pages = ["The review asked for\n\nbetter access to water", "2. Findings\n\nThe review found."]
    assert clean_pages(pages, True)[1].startswith("2. Findings")


def test_hyphen_and_minus_look_alikes_read_as_the_hyphen_a_question_types():
    from assistant.cleaning import normalize

    assert normalize("non\u2011state actors after COVID\u201119, growth \u22123.5 percent, "
                     "non\u2010governmental") == \
        "non-state actors after COVID-19, growth -3.5 percent, non-governmental"


def test_roman_page_numbers_and_a_web_address_footer_of_a_two_page_brief_go():
    pages = ["Brief on Polio\nSamples from Peshawar tested positive in\ni",
             "eleven of the last twelve months.\nIt asked for more testing.\nii"]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert cleaned[0].endswith("tested positive in eleven of the last twelve months."), cleaned
    assert cleaned[1] == "It asked for more testing."
    pages = ["A third of the fruit grown in Swat rots before it reaches\nwww.agripolicy.org.pk 1",
             "markets.\nThe workshop asked for cold stores.\nwww.agripolicy.org.pk 2"]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert cleaned[0].endswith("rots before it reaches markets."), cleaned
    assert "agripolicy" not in "\n".join(cleaned)
    # captions numbered on, at the top of both pages, stay
    captions = ["Table 1: Literacy by district survey\nKech 40.9", "Table 2: Literacy by "
                "district survey\nPanjgur 38.6"]
    assert all(c.startswith("Table") for c in clean_pages(captions, False))


def test_a_date_label_on_a_line_of_its_own_is_no_end_of_the_title():
    """"Date" over "12 May 2025" (a form's table exported to text): the title above keeps
    its own line; a word "Date" that goes on a sentence is joined as before."""
    (cleaned,) = clean_pages(["Seminar on Seismic Safety\nDate\n12 May 2025\n\nThe seminar "
                              "met."], blank_line_paragraphs=True)
    assert cleaned.split("\n\n")[:3] == ["Seminar on Seismic Safety", "Date", "12 May 2025"]


def test_two_page_rules_keep_source_notes_sentences_chapter_numbers_and_list_ends():
    """Review of the seventh round's page furniture: what only looks like it stays."""
    # a source note under each page's table, numbered on with its table, with an address
    pages = ["Seminar on Provincial Budgets\nSpending fell for a third year.\n"
             "Source: Finance Department, www.finance.gov.pk, Table 1",
             "The chair closed the session.\nSource: Finance Department, www.finance.gov.pk, "
             "Table 2"]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert all("www.finance.gov.pk, Table" in c for c in cleaned), cleaned
    # a sentence with " | " in it atop both pages is no running header
    line = "Options considered: tariff | subsidy | cash transfer were compared in detail."
    pages = [f"{line}\nThe participants discussed the budget.", f"{line}\nThey noted cuts."]
    assert all(c.startswith(line) for c in clean_pages(pages, False))
    # upper-case chapter numbers atop each page are headings, not Roman page numbers
    pages = [f"{n}\nFindings of the water strategy review.\nThe review met." for n in
             ("I", "II", "III")]
    assert [c.split("\n")[0] for c in clean_pages(pages, False)] == ["I", "II", "III"]
    # a page opening with a count after a list item ends no sentence across the break
    pages = ["Review of Health Services\n\nKey asks:\n\n- more staff for rural units\n"
             "- timely release of funds",
             "15 participants attended the second day.\n\nVaccines were discussed."]
    cleaned = clean_pages(pages, blank_line_paragraphs=True)
    assert cleaned[0].endswith("- timely release of funds"), cleaned
    assert cleaned[1].startswith("15 participants attended"), cleaned


def test_bare_page_numbers_of_two_runs_both_go():
    """A filing whose exhibit numbers its pages afresh ("-3-" ... "-9-" at the foot of
    physical pages 12 to 18) after the body's bare "1" ... "4": the exhibit's run, seen on
    more pages, must not leave the body's numbers in its text."""
    body = [f"Section {i} of the quarterly report discusses results.\n{i - 1}"
            for i in range(2, 6)]
    filler = ["A page of the report without a number at its foot stays as it is."] * 6
    exhibit = [f"Clause {n} of the award agreement binds the holder.\n-{n}-"
               for n in range(3, 10)]
    cleaned = clean_pages(["Quarterly Report\nCover page."] + body + filler + exhibit, False)
    for page in cleaned[1:5] + cleaned[11:]:
        assert not re.search(r"^-?\d+-?$", page, re.M), cleaned
