"""The same index-and-ask behaviour against a real Chroma server (`chroma run` on a
loopback port) through HttpClient, chosen by ASSISTANT_CHROMA_URL."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from assistant import ask, build_index
from assistant.errors import ConfigError
from assistant.settings import Settings

from .conftest import CRS_PDF, SAMPLE, free_port, start_server, stop_server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = Path(sys.executable).with_name("chroma")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_server(
        [str(chroma), "run", "--path", str(tmp_path_factory.mktemp("chroma-server")),
         "--host", "127.0.0.1", "--port", str(port)],
        f"{url}/api/v2/heartbeat", "chroma run", timeout=60,
    )
    yield url
    stop_server(proc)


def test_index_and_ask_through_a_chroma_server(chroma_url, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    shutil.copy(CRS_PDF, corpus / "australia.pdf")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=chroma_url)
    summary = build_index(settings=settings)
    assert sorted(summary.added) == ["australia.pdf", SAMPLE.name]
    assert not (tmp_path / "index" / "chroma").exists()  # vectors live on the server

    a = ask("Who spoke on food security at the Russia–Pakistan forum?", settings=settings)
    assert a.found and a.citations[0].page == 1 and "Zulfiqar Ali" in a.citations[0].quote

    (corpus / "australia.pdf").unlink()
    assert build_index(settings=settings).removed == ["australia.pdf"]
    a = ask("How much will Australia spend on defense through 2034?",
            filters={"files": ["australia.pdf"]}, settings=settings)
    assert not a.found


def test_unreachable_server_names_the_setting(tmp_path):
    (tmp_path / "corpus").mkdir()
    shutil.copy(SAMPLE, tmp_path / "corpus" / SAMPLE.name)
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index",
                        chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ConfigError, match="ASSISTANT_CHROMA_URL"):
        build_index(settings=settings)


def test_bad_url_setting_is_refused():
    with pytest.raises(ValueError, match="ASSISTANT_CHROMA_URL"):
        Settings(chroma_url="localhost:8000")


def test_a_second_machine_answers_from_the_server_alone(chroma_url, tmp_path):
    """The indexing machine's folder (manifest, BM25) is not shared: another machine's
    chat knows the reports and searches them from what the server holds."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    indexer = Settings(corpus_dir=corpus, index_dir=tmp_path / "indexer",
                       chroma_url=chroma_url, chunk_max_chars=550)  # a collection of its own
    build_index(settings=indexer)
    elsewhere = indexer.model_copy(update={"index_dir": tmp_path / "elsewhere",
                                           "corpus_dir": tmp_path / "no-corpus-here"})

    a = ask("Who spoke on food security at the Russia–Pakistan forum?", settings=elsewhere)
    assert a.found and a.citations[0].file == SAMPLE.name and a.citations[0].page == 1
    keyword = ask("INNOPROM", settings=elsewhere.model_copy(update={"retrieval_mode": "bm25"}))
    assert keyword.found  # BM25 was built there from the server's chunks

    # the indexer adds a report and removes one; the same process sees it, no restart
    shutil.copy(CRS_PDF, corpus / "australia.pdf")
    (corpus / SAMPLE.name).unlink()
    summary = build_index(settings=indexer)
    assert summary.added == ["australia.pdf"] and summary.removed == [SAMPLE.name]
    a = ask("How much will Australia spend on defense through 2034?", settings=elsewhere)
    assert a.found and a.citations[0].file == "australia.pdf"
    gone = ask("Who spoke on food security at the Russia–Pakistan forum?",
               filters={"files": [SAMPLE.name]}, settings=elsewhere)
    assert not gone.found

    # an edited report: the other machine answers from the new version only
    brief = corpus / "brief.txt"
    brief.write_text("Water Brief\n\nThe water seminar was chaired by Dr. Sana Mir.\n")
    build_index(settings=indexer)
    assert "Sana Mir" in ask("Who chaired the water seminar?", settings=elsewhere).text
    brief.write_text("Water Brief\n\nThe water seminar was chaired by Mr. Omar Baig.\n")
    assert build_index(settings=indexer).updated == ["brief.txt"]
    for mode in ("hybrid", "bm25"):
        a = ask("Who chaired the water seminar?",
                settings=elsewhere.model_copy(update={"retrieval_mode": mode}))
        assert a.found and "Omar Baig" in a.text and "Sana Mir" not in a.text
