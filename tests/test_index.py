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
