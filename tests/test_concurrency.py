"""Queries keep being answered while `assistant index` adds and removes reports in another
process, and the same process sees the new reports afterwards (even after a full
`--rebuild` there) without a restart."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading

from assistant import ask, build_index
from assistant.settings import Settings

from .conftest import CRS_PDF, EVAL_CORPUS, SAMPLE


def test_queries_during_a_rebuild_in_another_process(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    shutil.copy(CRS_PDF, corpus / "australia.pdf")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(settings=settings)
    assert ask("Who spoke on food security?", settings=settings).found

    # another process adds two reports and removes one while we keep asking
    (corpus / "australia.pdf").unlink()
    for name in ("crs-R48903-strait-of-hormuz-in-brief.pdf",
                 "iab-workshop-report-bias-2024.txt"):
        shutil.copy(EVAL_CORPUS / name, corpus / name)
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "index", "-q", "--corpus", str(corpus),
         "--index", str(settings.index_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    errors: list[BaseException] = []
    answers = 0
    stop = threading.Event()

    def keep_asking() -> None:
        nonlocal answers
        while not stop.is_set():
            try:
                a = ask("Who spoke on food security?", settings=settings)
                assert a.found and a.citations[0].file == SAMPLE.name
                answers += 1
            except BaseException as exc:  # noqa: BLE001 (collected and reported below)
                errors.append(exc)
                return

    worker = threading.Thread(target=keep_asking)
    worker.start()
    out, err = proc.communicate(timeout=600)
    stop.set()
    worker.join(timeout=60)
    assert proc.returncode == 0, err
    assert not errors, errors[0]
    assert answers >= 3

    a = ask("How many ships passed through the Strait of Hormuz each day?", settings=settings)
    assert a.found and a.citations[0].file == "crs-R48903-strait-of-hormuz-in-brief.pdf"
    gone = ask("How much will Australia spend on defense through 2034?",
               filters={"files": ["australia.pdf"]}, settings=settings)
    assert not gone.found

    # a full rebuild in another process drops the very collection this process holds
    rebuilt = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "index", "-q", "--rebuild", "--corpus",
         str(corpus), "--index", str(settings.index_dir)],
        capture_output=True, text=True, timeout=600,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    again = ask("Who spoke on food security?", settings=settings)
    assert again.found and again.citations[0].file == SAMPLE.name
