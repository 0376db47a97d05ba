"""The index's layout and lifecycle without the model or Chroma: where its files go, which
store a setting picks, when replaced versions' chunks go, and how a run is planned."""

from __future__ import annotations

import os
import shutil

from assistant.index import Index
from assistant.indexing import list_reports
from assistant.indexing.plan import apply_moves, missing_held_back, plan_run
from assistant.indexing.write import Retirements
from assistant.manifest import ReportRow
from assistant.settings import Settings
from assistant.store import LocalStore, ServerStore


def test_the_index_keeps_its_files_in_its_folder(tmp_path):
    settings = Settings(index_dir=tmp_path / "idx")
    index = Index(settings)
    assert index.manifest_path == tmp_path / "idx" / "manifest.sqlite3"
    assert index.bm25_root == tmp_path / "idx" / "bm25" / index.collection_name
    assert index.onnx_dir(str(tmp_path)).parent == tmp_path / "idx" / "onnx"
    assert settings.collection_name() == index.collection_name
    # A model or chunking of its own never shares vectors with another.
    other = Index(Settings(index_dir=tmp_path / "idx", chunk_max_chars=550))
    assert other.collection_name != index.collection_name
    assert Index(Settings(index_dir=tmp_path / "x")).collection_name == index.collection_name


def test_a_chroma_url_picks_the_shared_server_store(tmp_path):
    local = Index(Settings(index_dir=tmp_path))
    server = Index(Settings(index_dir=tmp_path, chroma_url="http://127.0.0.1:8000/"))
    assert isinstance(local.store, LocalStore) and not local.store.shared
    assert isinstance(server.store, ServerStore) and server.store.shared
    assert server.where == "http://127.0.0.1:8000" and local.where == str(tmp_path)


class _Chunks:
    """Stands in for a Chroma collection: records which versions' chunks were deleted."""

    def __init__(self) -> None:
        self.deleted: list[str] = []

    def delete(self, where: dict) -> None:
        self.deleted.append(where["doc_sha"])


def test_a_shared_store_keeps_retired_versions_until_the_run_finishes(tmp_path):
    manifest = Index(Settings(index_dir=tmp_path)).manifest()
    for defer, before_finish in ((False, ["old"]), (True, [])):
        chunks = _Chunks()
        retirements = Retirements(manifest, lambda c=chunks: c, defer=defer)
        manifest.mark_pending("old")
        retirements.retire("old")
        assert chunks.deleted == before_finish
        retirements.finish()
        assert chunks.deleted == ["old"] and manifest.pending() == set()
    manifest.close()


def test_a_run_plans_renames_and_reads_identical_copies_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "brief.txt").write_text("The forum met in Karachi.")
    (corpus / "brief (copy).txt").write_text("The forum met in Karachi.")
    (corpus / "minutes.txt").write_text("Minutes of the meeting.")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    manifest = Index(settings).manifest()

    plan = plan_run(list_reports(corpus), manifest, settings)
    assert [w.file for w in plan.work] == ["brief.txt", "minutes.txt"]
    assert plan.duplicates == [("brief (copy).txt", "brief.txt")]

    for item in plan.work:  # as if indexed
        manifest.commit_report(ReportRow(file=item.file, sha256=item.sha, size=item.size,
                                         mtime=item.mtime))
    shutil.move(corpus / "minutes.txt", corpus / "minutes-2025.txt")
    os.utime(corpus / "minutes-2025.txt")
    plan = plan_run(list_reports(corpus), manifest, settings)
    assert plan.work == [] and [(r.old, r.row.file) for r in plan.renamed] == [
        ("minutes.txt", "minutes-2025.txt")]
    apply_moves(plan, manifest)
    assert set(manifest.reports()) == {"brief.txt", "minutes-2025.txt"}
    manifest.close()


def test_an_emptied_corpus_does_not_empty_the_index(tmp_path):
    settings = Settings(index_dir=tmp_path / "index", max_removal_share=0.5)
    manifest = Index(settings).manifest()
    for name in ("a.txt", "b.txt", "c.txt"):
        manifest.commit_report(ReportRow(file=name, sha256=name))
    assert missing_held_back({}, manifest, settings) == ["a.txt", "b.txt", "c.txt"]
    on_disk = {"a.txt": tmp_path / "a.txt", "b.txt": tmp_path / "b.txt"}
    assert missing_held_back(on_disk, manifest, settings) == []  # one of three may go
    manifest.close()


def test_settings_keep_flat_names_and_read_by_group(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TOP_K", "7")
    monkeypatch.setenv("ASSISTANT_OCR_LANGUAGE", "eng+urd")
    settings = Settings()
    assert settings.top_k == settings.retrieval.top_k == 7
    assert settings.reading.ocr_language == "eng+urd"
    assert settings.index.index_dir == settings.index_dir
    assert all(f.description for f in Settings.model_fields.values())


# Passages of a Chinese and a mixed-script report, as BM25 indexes them.
_PASSAGES = [
    "2024年，瓜达尔港的货物吞吐量增长了百分之二十。",
    "The ports were handling more containers; Выставка ИННОПРОМ invited exporters.",
    "Rail links to the hinterland were discussed at the workshop.",
]


def _nodes() -> list:
    from llama_index.core.schema import TextNode

    return [TextNode(text=t, id_=f"n{i}", metadata={"doc_sha": f"s{i}"})
            for i, t in enumerate(_PASSAGES)]


def _search(index_dir, question: str) -> list[str]:
    from assistant import bm25

    _, retriever = bm25.load_bm25(index_dir, "c")
    return [n.node.get_content() for n in retriever.retrieve(question) if n.score > 0]


def test_bm25_terms_are_character_pairs_for_chinese_and_stems_for_english(tmp_path):
    from assistant import bm25

    bm25.write_bm25(tmp_path, "c", _nodes(), bm25.signature_for({"s0", "s1", "s2"}))
    _, retriever = bm25.load_bm25(tmp_path, "c")
    terms = set(retriever.bm25.vocab_dict)
    # Overlapping pairs of a CJK run; a lone CJK character (年) by itself.
    assert {"瓜达", "达尔", "尔港", "吞吐", "吐量", "百分", "年"} <= terms
    assert "瓜达尔港的货物吞吐量增长了百分之二十" not in terms
    # Other scripts as before: English stemmed without stop words, Cyrillic words whole.
    assert {"port", "contain", "handl", "выставка", "иннопром", "2024"} <= terms
    assert not {"the", "to", "at", "ports", "handling"} & terms


def test_a_chinese_question_finds_the_chinese_passage_after_a_reload(tmp_path):
    from assistant import bm25

    bm25.write_bm25(tmp_path, "c", _nodes(), bm25.signature_for({"s0", "s1", "s2"}))
    assert _search(tmp_path, "瓜达尔港的货物吞吐量增长了多少？") == [_PASSAGES[0]]
    assert _search(tmp_path, "Which exporters were invited to INNOPROM?") == [_PASSAGES[1]]


def test_a_bm25_index_of_an_older_format_is_searched_as_built_then_rebuilt(tmp_path):
    from assistant import bm25
    from assistant.manifest import signature_of

    shas = {"s0", "s1", "s2"}
    bm25.write_bm25(tmp_path, "c", _nodes(), signature_of(shas))  # as versions before 2 did
    assert bm25.format_of(signature_of(shas)) == 1 < bm25.FORMAT
    # Split as it was built: English still found, Chinese not (a run is one term there).
    assert _search(tmp_path, "rail links") == [_PASSAGES[2]]
    assert _search(tmp_path, "瓜达尔港的货物吞吐量增长了多少？") == []

    assert bm25.rebuild_older(tmp_path, "c", _nodes, bm25.signature_for(shas))
    assert bm25.current_signature(tmp_path, "c") == bm25.signature_for(shas)
    assert _search(tmp_path, "瓜达尔港的货物吞吐量增长了多少？") == [_PASSAGES[0]]
    assert not bm25.rebuild_older(tmp_path, "c", _nodes, bm25.signature_for(shas))


def test_a_text_copy_saved_with_a_bom_crlf_or_trailing_spaces_is_a_duplicate(tmp_path):
    """The same plain-text report saved again (a byte-order mark and Windows line ends,
    or trailing spaces and blank lines) is no byte-identical copy, yet a copy: read once,
    in the run that finds it and in a later run after the first is indexed."""
    from assistant.library import report_states

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "Workshop on Coastal Roads\nEvent Date: 15 June 2025\n\nThe road will cost 27 billion.\n"
    (corpus / "roads.txt").write_text(text, encoding="utf-8")
    (corpus / "roads (1).txt").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (corpus / "other.txt").write_text(text.replace("27", "28"), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    manifest = Index(settings).manifest()
    plan = plan_run(list_reports(corpus), manifest, settings)
    assert [w.file for w in plan.work] == ["other.txt", "roads.txt"]
    assert plan.duplicates == [("roads (1).txt", "roads.txt")]
    for item in plan.work:  # as if indexed
        manifest.commit_report(ReportRow(file=item.file, sha256=item.sha, size=item.size,
                                         mtime=item.mtime))
    (corpus / "Copy of roads.txt").write_text(text.replace("\n", "  \n") + "\n\n",
                                              encoding="utf-16")
    plan = plan_run(list_reports(corpus), manifest, settings)
    assert plan.work == [] and sorted(plan.duplicates) == [
        ("Copy of roads.txt", "roads.txt"), ("roads (1).txt", "roads.txt")]
    manifest.close()
    states = {s.file: s for s in report_states(settings)}
    assert states["Copy of roads.txt"].duplicate_of == "roads.txt"


def test_an_office_owner_file_beside_an_open_document_is_no_report(tmp_path):
    """Word keeps "~$nutes.docx" (162 bytes, the user's name) beside "minutes.docx"
    while it is open: not listed, so indexing does not fail on it."""
    (tmp_path / "minutes.docx").write_bytes(b"PK")
    (tmp_path / "~$nutes.docx").write_bytes(b"\x0cJohn Smith" + b"\0" * 150)
    assert list(list_reports(tmp_path)) == ["minutes.docx"]


def test_a_report_whose_name_starts_with_a_tilde_dollar_is_listed(tmp_path):
    """Only a small file of NUL-padded bytes is an owner file: a text report named
    "~$notes.txt", or a whole DOCX named "~$ report.docx", is a report."""
    (tmp_path / "~$notes.txt").write_text("Seminar notes\nDate: 5 May 2025\n", encoding="utf-8")
    (tmp_path / "~$ report.docx").write_bytes(b"PK\x03\x04" + b"\0" * 2000)
    (tmp_path / "~$port.docx").write_bytes(b"\x0cJohn Smith" + b"\0" * 150)
    assert list(list_reports(tmp_path)) == ["~$ report.docx", "~$notes.txt"]
