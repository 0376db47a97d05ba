"""Corpus folder to Chroma index: incremental behaviour, stable ids, bad files, crash safety."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from assistant import build_index
from assistant.index import Index
from assistant.settings import Settings

from .conftest import CRS_PDF, EVAL_CORPUS, ROOT, SAMPLE, make_pdf


def _stored_shas(settings):
    metas = Index(settings).collection().get(include=["metadatas"])["metadatas"]
    return {m["doc_sha"] for m in metas}


def _ids(settings):
    return set(Index(settings).collection().get(include=[])["ids"])


def test_incremental_add_edit_rename_delete_and_noop(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "forum.txt")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")

    first = build_index(settings=settings)
    assert first.added == ["forum.txt"] and first.chunks_written > 5
    ids = _ids(settings)

    # nothing changed: neither the model nor Chroma is touched (that is what keeps it fast)
    import assistant.embedding
    import assistant.store

    def untouchable(*_a, **_k):
        raise AssertionError("a no-op run must not load the model or open Chroma")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(assistant.store.LocalStore, "client", untouchable)
        mp.setattr(assistant.embedding, "get_embedder", untouchable)
        again = build_index(settings=settings)
    assert again.unchanged == ["forum.txt"] and again.chunks_written == 0
    assert _ids(settings) == ids  # stable ids, nothing duplicated

    shutil.copy(CRS_PDF, corpus / "australia.pdf")
    added = build_index(settings=settings)
    assert added.added == ["australia.pdf"] and added.unchanged == ["forum.txt"]

    (corpus / "forum.txt").write_text(SAMPLE.read_text() + "\nA new closing paragraph.\n")
    edited = build_index(settings=settings)
    assert edited.updated == ["forum.txt"]
    rows = Index(settings).manifest().reports()
    live = {r.sha256 for r in rows.values()}
    stored = _stored_shas(settings)
    assert stored == live  # the old version's chunks are gone

    before = _ids(settings)
    (corpus / "australia.pdf").rename(corpus / "australia-renamed.pdf")
    renamed = build_index(settings=settings)
    assert renamed.renamed == [("australia.pdf", "australia-renamed.pdf")]
    assert renamed.chunks_written == 0 and _ids(settings) == before

    (corpus / "australia-renamed.pdf").unlink()
    removed = build_index(settings=settings)
    assert removed.removed == ["australia-renamed.pdf"]
    assert all(m["file"] == "forum.txt"
               for m in Index(settings).collection().get(include=["metadatas"])["metadatas"])


def test_bad_files_are_skipped_and_the_rest_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "forum.txt")
    (corpus / "empty.txt").write_text("")
    (corpus / "fake.pdf").write_bytes(os.urandom(2048))
    make_pdf(corpus / "locked.pdf", ["secret text"], password="pw")
    summary = build_index(corpus, tmp_path / "index")
    assert summary.added == ["forum.txt"]
    failed = dict(summary.failed)
    assert set(failed) == {"empty.txt", "fake.pdf", "locked.pdf"}
    assert not summary.ok

    # the command line says the same, one line per file, and exits 1
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "index", "--corpus", str(corpus),
         "--index", str(tmp_path / "index"), "-q"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1
    assert "skipped fake.pdf: named .pdf but holds binary data" in proc.stderr
    assert "1 unchanged, 3 failed" in proc.stdout


def test_rebuild_starts_from_scratch(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "forum.txt")
    build_index(corpus, tmp_path / "index")
    summary = build_index(corpus, tmp_path / "index", rebuild=True)
    assert summary.added == ["forum.txt"]


def test_kill_during_embedding_keeps_the_last_good_index(tmp_path):
    from assistant import ask

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "forum.txt")
    index = tmp_path / "index"
    settings = Settings(corpus_dir=corpus, index_dir=index)
    build_index(settings=settings)
    # a second, larger batch of reports whose indexing is killed mid-way
    for name in ("usgov-nara-strategic-plan-2022-2026.pdf",
                 "crs-R48903-strait-of-hormuz-in-brief.pdf", "iab-workshop-report-bias-2024.txt"):
        shutil.copy(EVAL_CORPUS / name, corpus / name)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "index", "--corpus", str(corpus),
         "--index", str(index)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True,
    )
    # wait until embedding has started, then kill -9
    buf = ""
    deadline = time.time() + 240
    while "Embedding chunks" not in buf and time.time() < deadline:
        buf += proc.stderr.read(1)
    time.sleep(3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    answer = ask("Who spoke on food security?", settings=settings)
    assert answer.found and answer.citations[0].file == "forum.txt"

    summary = build_index(settings=settings)
    assert summary.ok and len(summary.added) + len(summary.unchanged) == 4
    rows = Index(settings).manifest().reports()
    assert len(rows) == 4
    stored = _stored_shas(settings)
    assert stored == {r.sha256 for r in rows.values()}  # no orphans left by the crash


def test_two_indexing_runs_at_once_leave_a_consistent_index(tmp_path):
    import threading

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "forum.txt")
    shutil.copy(CRS_PDF, corpus / "australia.pdf")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    results = []
    runs = [threading.Thread(target=lambda: results.append(build_index(settings=settings)))
            for _ in range(2)]
    for t in runs:
        t.start()
    for t in runs:
        t.join()
    assert all(r.ok for r in results)
    rows = Index(settings).manifest().reports()
    assert set(rows) == {"forum.txt", "australia.pdf"}
    assert _stored_shas(settings) == {r.sha256 for r in rows.values()}
    assert sum(len(r.added) for r in results) == 2  # each report embedded once


def test_asking_for_a_gpu_that_is_not_there_names_the_setting(tmp_path):
    import torch

    from assistant.errors import ConfigError

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "forum.txt")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", device="cuda")
    with pytest.raises(ConfigError, match="ASSISTANT_DEVICE=cuda"):
        build_index(settings=settings)


def test_many_reports_read_in_worker_processes_index_as_one_reader_would(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(8):
        (corpus / f"brief-{n}.txt").write_text(
            f"Policy Brief {n}\n\nThe seminar number {n} was held in Islamabad. "
            f"Speaker {n} discussed regional connectivity and trade corridors. "
            "Participants asked about energy pipelines and customs reform.\n"
        )
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(512))

    # the command line reads with several processes; the library here with one
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "index", "-q", "--workers", "2",
         "--corpus", str(corpus), "--index", str(tmp_path / "parallel")],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1  # the broken file, reported, not fatal
    assert "skipped broken.pdf:" in proc.stderr
    assert "8 added" in proc.stdout

    serial = Settings(corpus_dir=corpus, index_dir=tmp_path / "serial", read_workers=1)
    summary = build_index(settings=serial)
    assert len(summary.added) == 8 and [f for f, _ in summary.failed] == ["broken.pdf"]
    parallel = serial.model_copy(update={"index_dir": tmp_path / "parallel"})
    assert _ids(parallel) == _ids(serial)  # the same chunks, ids and all


def test_pipelined_encoder_gives_the_models_own_vectors():
    import numpy as np

    from assistant.embedding import get_embedder
    from assistant.encoding import encode

    model = get_embedder(Settings())._model
    texts = [SAMPLE.read_text()[i : i + n] for i, n in
             [(0, 40), (100, 600), (900, 5), (50, 300), (2000, 120)] * 5]
    expected = model.encode(texts, batch_size=4, normalize_embeddings=True)
    got = encode(model, texts, batch_size=4)  # several batches, sorted by length inside
    assert got.shape == expected.shape
    assert np.allclose(got, expected, atol=1e-5)  # same order, same vectors
    assert encode(model, [], batch_size=4).shape[0] == 0


def test_a_report_that_crashes_its_reader_process_is_skipped_alone(tmp_path):
    # Stand-in for a PDF that crashes the PDF library: reading files named crash*
    # kills the reader process (sandbox.py's child) outright (hooked in through
    # sitecustomize, so the real command line runs unchanged).
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os\n"
        "import assistant.readers as readers\n"
        "_real = readers.read_report\n"
        "def read_report(path, *a, **k):\n"
        "    if path.name.startswith('crash') and os.environ.get('ASSISTANT_SANDBOX'):\n"
        "        os._exit(139)\n"
        "    return _real(path, *a, **k)\n"
        "readers.read_report = read_report\n"
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(7):
        (corpus / f"brief-{n}.txt").write_text(f"Brief {n}\n\nSeminar {n} met in Lahore.\n")
    (corpus / "crash.txt").write_text("Crash\n\nThis one kills its reader.\n")
    env = dict(os.environ, PYTHONPATH=f"{hook}{os.pathsep}{ROOT}")
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "index", "-q", "--workers", "2",
         "--corpus", str(corpus), "--index", str(tmp_path / "index")],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert proc.returncode == 1, proc.stderr
    assert "skipped crash.txt: the reader crashed on this file" in proc.stderr
    assert "7 added" in proc.stdout


def test_a_byte_identical_copy_is_a_note_and_the_plainer_name_is_kept(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "Copy of forum brief.txt")
    shutil.copy(SAMPLE, corpus / "forum brief.txt")
    summary = build_index(corpus, tmp_path / "index")
    assert summary.ok and summary.added == ["forum brief.txt"]
    assert summary.duplicates == [("Copy of forum brief.txt", "forum brief.txt")]
    assert "Copy of forum brief.txt: same content as forum brief.txt; indexed once" \
        in summary.notes
    (corpus / "third (2).txt").write_bytes(SAMPLE.read_bytes())
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "index", "--corpus", str(corpus),
         "--index", str(tmp_path / "index"), "-q"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "third (2).txt: same content as forum brief.txt; indexed once" in proc.stderr


def test_a_copy_of_a_file_that_cannot_be_read_is_not_called_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minutes.docx").write_text("not really a docx")
    (corpus / "minutes (1).docx").write_text("not really a docx")
    summary = build_index(corpus, tmp_path / "index")
    failed = dict(summary.failed)
    assert set(failed) == {"minutes.docx", "minutes (1).docx"}
    assert "indexed once" not in failed["minutes (1).docx"]
    assert "same content as minutes.docx, which could not be read" in failed["minutes (1).docx"]
    assert not summary.notes
