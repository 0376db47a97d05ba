"""Typed chunks: what chunking writes into a llama-index node comes back unchanged."""

from assistant.chunking import from_node, report_chunks, to_node
from assistant.types import Chunk, Page, Report


def test_a_chunk_survives_a_round_trip_through_a_node():
    chunk = Chunk(id="c1", text="Dr. Ali spoke on food security.", report_sha="ab12",
                  file="reports/forum.pdf", part=3, page=4, location=None, start=120,
                  end=151, prev_text="The forum met in Islamabad. ", title="Forum",
                  event_date="2025-05-06", venue="Islamabad", format="pdf")
    node = to_node(chunk)
    assert node.metadata["page"] == 4 and node.node_id == "c1"
    assert from_node(node) == chunk


def test_a_missing_page_is_none_in_the_chunk_and_zero_in_the_store():
    chunk = Chunk(id="c2", text="Findings.", report_sha="cd", file="brief.docx",
                  location="Findings > Trade", start=0, end=9, format="docx")
    node = to_node(chunk)
    assert node.metadata["page"] == 0  # Chroma metadata has no None
    assert node.metadata["event_date"] == "" and node.metadata["venue"] == ""
    back = from_node(node)
    assert back.page is None and back.event_date is None and back.venue is None
    assert back == chunk


def test_chunks_are_exact_slices_of_their_page_with_the_sentence_before():
    text = "One sentence here. Two sentences here. Three sentences here. Four here."
    report = Report(file="a.txt", sha256="ff", format="text",
                    pages=[Page(number=None, text=text)], title="A")
    chunks = report_chunks(report, max_chars=40, overlap=0, shape="s")
    assert len(chunks) > 1
    for c in chunks:
        assert text[c.start:c.end] == c.text and c.page is None and c.part == 0
        assert text[c.start - len(c.prev_text):c.start] == c.prev_text
    assert chunks[1].prev_text  # the second chunk carries the sentence before it

