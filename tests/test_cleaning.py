"""Pure clean-up and chunking logic (no model, no store)."""

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


def test_sentence_across_a_page_break_lives_on_the_first_page():
    pages = ["Opening text. The aquifers could be exhausted within two decades without",
             "reform of pricing. Next sentence here."]
    cleaned = clean_pages(pages, blank_line_paragraphs=False)
    assert cleaned[0].endswith("two decades without reform of pricing.")
    assert cleaned[1] == "Next sentence here."


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
