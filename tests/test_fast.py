"""ask() end to end on a small corpus with a fake embedder and the real embedded Chroma:
the fast tier's check that retrieval, answer selection and citations fit together."""

from __future__ import annotations

import pytest

from assistant import Components, ask
from assistant.readers import read_report

from .conftest import make_pdf
from .fakes import index_fast_corpus

PORT_PAGES = [
    "Port Development Workshop\n\nEvent Date: 2025-06-20\n\nThe workshop reviewed dredging "
    "plans for Gwadar port and the cost of new berths.",
    "Capt. Nadia Sheikh said that the new container terminal at Gwadar will handle 400,000 "
    "containers a year. The workshop asked for a rail link to the port.",
]


@pytest.fixture(scope="module")
def fast_index(tmp_path_factory) -> Components:
    """The fast corpus (three text reports and a two-page PDF) indexed with the fake
    embedder; the components that answer from it."""
    corpus = tmp_path_factory.mktemp("fast-corpus")
    make_pdf(corpus / "port-workshop.pdf", PORT_PAGES)
    return index_fast_corpus(corpus, tmp_path_factory.mktemp("fast-index"), added=4)


def test_a_pdf_answer_cites_its_page_and_the_exact_sentence(fast_index):
    a = ask("How many containers a year will the new terminal at Gwadar handle?",
            components=fast_index)
    assert a.found
    c = a.citations[0]
    assert (c.file, c.page) == ("port-workshop.pdf", 2)
    assert "400,000 containers" in c.quote
    report = read_report(fast_index.settings.corpus_dir / c.file, fast_index.settings.corpus_dir)
    assert report.pages[1].text[c.start:c.end] == c.quote
    assert fast_index.embedder.calls > 0  # the fake answered, not the real model


def test_a_text_report_answer_quotes_the_speaker_on_page_one(fast_index):
    a = ask("How much rooftop solar did net metering add in 2023?", components=fast_index)
    assert a.found
    c = a.citations[0]
    assert (c.file, c.page) == ("energy-roundtable-2024.txt", 1)
    assert "1,200 megawatts" in c.quote and "Bilal Ahmed" in c.quote


def test_filters_keep_answers_to_the_chosen_reports(fast_index):
    a = ask("Who spoke?", components=fast_index,
            filters={"files": ["trade-seminar-2025.txt"]})
    assert {c.file for c in a.citations + a.related} <= {"trade-seminar-2025.txt"}
    none = ask("Who spoke?", components=fast_index, filters={"date_from": "2030-01-01"})
    assert not none.found and "filters" in none.text


def test_a_question_the_reports_do_not_answer_is_refused(fast_index):
    a = ask("What was the price of wheat flour in Quetta in 1998?", components=fast_index)
    assert not a.found and not a.citations


def test_refresh_reopens_the_index(fast_index):
    before = ask("Who asked the government to meter tube wells?", components=fast_index)
    fast_index.refresh()
    after = ask("Who asked the government to meter tube wells?", components=fast_index)
    assert before.found and after.text == before.text
    assert "Farhan Malik" in after.citations[0].quote


def test_a_bm25_index_from_before_an_upgrade_is_rebuilt_on_the_first_question(fast_index):
    from assistant import bm25
    from assistant.index import Index
    from assistant.manifest import signature_of

    index = Index(fast_index.settings)
    rows = index.live_reports()
    shas = {r.sha256 for r in rows.values()}
    nodes = bm25.nodes_for(fast_index.collection(), list(rows.values()))
    # As the BM25 index of an earlier version: its signature names no format.
    bm25.write_bm25(index.folder, index.collection_name, nodes, signature_of(shas))
    a = ask("Who asked the government to meter tube wells?", components=fast_index)
    assert a.found and "Farhan Malik" in a.citations[0].quote
    assert index.bm25_signature() == bm25.signature_for(shas)
