"""Hostile but fair input, as `assistant index`, `assistant ask` and `ask()` meet it: a
decompression bomb, a 3,000-page scan, huge text, passing faults, an emptied corpus, a
read-only index, a full disk, symbolic links, control characters, UTF-16 text and
malformed filters. Files are built here (tests/hostile.py), small on disk."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import build_index
from assistant.errors import FilterError, QuestionError, ReportError
from assistant.settings import Settings

from .conftest import SAMPLE
from .hostile import make_blank_pages_pdf, make_pdf_bomb

FORUM_Q = "Who spoke on food security at the Russia–Pakistan forum?"


def _cli(*args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env=dict(os.environ, **(env or {})))


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "forum.txt")
    return corpus


def _can_mount() -> bool:
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(not shutil.which("unshare") or not _can_mount(),
                                 reason="needs a mount namespace (unshare -m)")


# ------------------------------------------------------------ bounded work per file


def test_a_decompression_bomb_is_refused_in_a_limited_process(tmp_path):
    corpus = _corpus(tmp_path)
    make_pdf_bomb(corpus / "bomb.pdf", inflated_mb=250)  # 0.6 MB on disk
    assert (corpus / "bomb.pdf").stat().st_size < 1_000_000
    index = tmp_path / "index"
    probe = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
             "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
             "file=sys.stderr); sys.exit(p.returncode)")
    # The indexer's own memory (this wrapper reports the peak of its direct child, the
    # CLI, whose readers run in grandchildren capped at 512 MB each).
    proc = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "assistant.cli", "index", "-q",
         "--corpus", str(corpus), "--index", str(index)],
        capture_output=True, text=True, timeout=600,
        env=dict(os.environ, ASSISTANT_READ_MEMORY_MB="512"))
    assert proc.returncode == 1, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "bomb.pdf" in ln]
    assert lines == ["skipped bomb.pdf: needs more than 512 MB of memory to read (a "
                     "decompression bomb, or a very large file); refused "
                     "(ASSISTANT_READ_MEMORY_MB)"]
    assert "1 added" in proc.stdout  # the good report is indexed all the same


def test_ocr_is_capped_per_file_with_progress_and_a_note(tmp_path):
    if not shutil.which("tesseract"):
        pytest.skip("tesseract-ocr is not installed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # 3,000 near-empty pages, 0.5 MB: each would go to Tesseract
    make_blank_pages_pdf(corpus / "scan.pdf", 3000,
                         "Seminar on Urban Water. The seminar met in Quetta on 9 May 2025.")
    proc = _cli("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"),
                env={"ASSISTANT_OCR_MAX_PAGES": "3"})
    assert proc.returncode == 0, proc.stderr
    assert "OCR page 3 of 3" in proc.stderr  # progress while it reads
    assert ("note: scan.pdf: pages 5-3000 were not OCR'd: over ASSISTANT_OCR_MAX_PAGES=3 "
            "pages per file; raise it to read them") in proc.stderr
    assert "1 added" in proc.stdout


def test_size_and_chunk_caps_skip_a_huge_report_with_a_message(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "minutes.txt").write_text("The committee met again and agreed. " * 2000)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", report_max_chunks=20)
    summary = build_index(settings=settings)
    failed = dict(summary.failed)
    assert summary.added == ["forum.txt"]
    assert re.fullmatch(r"7[\d,]+ characters of text, over the limit of 12,000 per report "
                        r"\(ASSISTANT_REPORT_MAX_CHUNKS\); split it", failed["minutes.txt"])
    small = settings.model_copy(update={"report_max_mb": 0.01, "report_max_chunks": 20_000})
    failed = dict(build_index(settings=small).failed)
    assert failed["minutes.txt"] == ("0.072 MB is over the 0.01 MB limit per report "
                                     "(ASSISTANT_REPORT_MAX_MB); split it or raise the limit")


def test_a_reader_stopped_for_time_leaves_no_process_behind(tmp_path, monkeypatch):
    """A child stopped at ASSISTANT_READ_TIMEOUT_S takes what it started (Tesseract)
    with it, instead of leaving OCR running for minutes after the file was refused."""

    import assistant.sandbox as sandbox

    pid_file = tmp_path / "grandchild.pid"
    # Stands in for the reading child: starts a long-running program, as OCR does.
    fake = tmp_path / "reader.sh"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pid_file}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sandbox.sys, "executable", str(fake))
    report = tmp_path / "scan.pdf"
    report.write_bytes(b"%PDF-1.4")
    with pytest.raises(ReportError, match="longer than 1 s"):
        sandbox.read_isolated(report, tmp_path, limits=sandbox.ReadLimits(seconds=1))
    _assert_stops(int(pid_file.read_text()), "the reader's own child")


def test_an_interrupted_indexing_run_stops_the_reads_under_way(tmp_path, monkeypatch):
    """Ctrl-C (or an error) while several reports are read at once: the reads still
    under way are stopped, not left to run to their time limit."""
    import time
    from contextlib import closing

    import assistant.sandbox as sandbox
    from assistant.indexing.plan import Work
    from assistant.indexing.progress import Progress
    from assistant.indexing.reading import read_all

    pid_file = tmp_path / "grandchild.pid"
    fake = tmp_path / "reader.sh"  # quick.txt fails at once; slow.txt reads "for minutes"
    fake.write_text("#!/bin/sh\nread job\ncase \"$job\" in *slow*) sleep 300 &\n"
                    f"echo $! > {pid_file}; wait;; *) exit 1;; esac\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sandbox.sys, "executable", str(fake))
    settings = Settings(corpus_dir=tmp_path, index_dir=tmp_path / "index", read_workers=2)
    work = [Work(file=n, path=tmp_path / n, sha=n, size=1, mtime=0.0, old_sha=None)
            for n in ("quick.txt", "slow.txt")]
    for item in work:
        item.path.write_text("text")
    with closing(read_all(work, settings, Progress(False, 2))) as reads:
        read = next(reads)
        assert read.item.file == "quick.txt" and "crashed" in read.error.reason
        for _ in range(50):
            if pid_file.exists() and pid_file.read_text().strip():
                break
            time.sleep(0.1)
    _assert_stops(int(pid_file.read_text()), "a read under way")


def _assert_stops(pid: int, what: str) -> None:
    """`pid` is gone within 5 s (a killed process is reaped by init shortly after)."""
    import time

    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail(f"process {pid} ({what}) still runs")


# ------------------------------------------------------- errors that don't stick


def test_failures_are_remembered_by_hash_only_for_faults_of_the_file(tmp_path, monkeypatch):
    import assistant.sandbox as sandbox

    corpus = _corpus(tmp_path)
    (corpus / "fake.pdf").write_bytes(b"not a pdf at all" * 64)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    real = sandbox.read_isolated
    reads: list[str] = []
    outage = {"on": True}

    def reader(path, *a, **k):
        reads.append(path.name)
        if path.name == "forum.txt" and outage["on"]:  # the share blinks out
            raise ReportError("forum.txt", "cannot be read (No such file or directory)",
                              permanent=False)
        return real(path, *a, **k)

    monkeypatch.setattr(sandbox, "read_isolated", reader)
    first = build_index(settings=settings)
    assert dict(first.failed)["forum.txt"] == "cannot be read (No such file or directory)"
    assert "named .pdf but holds" in dict(first.failed)["fake.pdf"]

    outage["on"] = False
    reads.clear()
    second = build_index(settings=settings)
    assert second.added == ["forum.txt"]  # the passing fault is retried
    assert reads == ["forum.txt"]  # the corrupt file is not read again...
    assert "named .pdf but holds" in dict(second.failed)["fake.pdf"]  # ...but still named

    # the memory is of the bytes: a copy under a new name is known bad too, and a new
    # limit (here OCR turned off) reads it again
    shutil.copy(corpus / "fake.pdf", corpus / "fake-copy.pdf")
    reads.clear()
    third = build_index(settings=settings)
    assert reads == [] and {f for f, _ in third.failed} == {"fake.pdf", "fake-copy.pdf"}
    build_index(settings=settings.model_copy(update={"ocr": False}))
    assert len(reads) == 1 and reads[0] in {"fake.pdf", "fake-copy.pdf"}  # one copy is read


def test_an_emptied_corpus_does_not_empty_the_index(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "brief.txt").write_text("Energy Brief\n\nThe brief covers solar tariffs in Sindh.\n")
    index = tmp_path / "index"
    assert _cli("index", "-q", "--corpus", str(corpus), "--index", str(index)).returncode == 0
    for f in corpus.iterdir():  # an unmounted share, a failed sync
        f.unlink()
    proc = _cli("index", "-q", "--corpus", str(corpus), "--index", str(index))
    assert proc.returncode == 4
    assert proc.stderr.strip().splitlines() == [
        f"kept 2 indexed reports missing from {corpus}: more than 50% of the index (an empty "
        "or unmounted folder?), so nothing was removed; if they were deleted on purpose, run "
        "again with --allow-mass-removal"]
    ask = _cli("ask", FORUM_Q, "--corpus", str(corpus), "--index", str(index))
    assert ask.returncode == 0 and "Zulfiqar Ali" in ask.stdout  # still answering
    proc = _cli("index", "-q", "--allow-mass-removal", "--corpus", str(corpus),
                "--index", str(index))
    assert proc.returncode == 0 and "2 removed" in proc.stdout


@needs_mount
def test_a_read_only_index_answers(tmp_path):
    corpus = _corpus(tmp_path)
    index = tmp_path / "index"
    assert _cli("index", "-q", "--corpus", str(corpus), "--index", str(index)).returncode == 0
    before = sorted(p.name for p in index.rglob("*"))
    script = (f"mount --bind {index} {index} && mount -o remount,bind,ro {index} && "
              f"exec {sys.executable} -m assistant.cli ask '{FORUM_Q}' --corpus {corpus} "
              f"--index {index}")
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Zulfiqar Ali" in proc.stdout
    assert sorted(p.name for p in index.rglob("*")) == before


@needs_mount
def test_a_full_disk_ends_indexing_with_one_line_and_its_own_status(tmp_path):
    corpus = _corpus(tmp_path)
    index = tmp_path / "index"
    index.mkdir()
    big = tmp_path / "big"
    big.mkdir()
    for n in range(12):  # enough chunks to overflow a small disk
        (big / f"report-{n}.txt").write_text(
            f"Report {n}\n\n" + " ".join(f"Finding {n}.{i} concerns trade corridor {i} and "
                                         f"its customs posts." for i in range(400)))
    script = (f"mount -t tmpfs -o size=3m tmpfs {index} && "
              f"{sys.executable} -m assistant.cli index -q --corpus {corpus} --index {index} "
              f"&& cp {big}/* {corpus}/ && "
              f"{sys.executable} -m assistant.cli index -q --corpus {corpus} --index {index}; "
              f"echo status=$?; {sys.executable} -m assistant.cli ask '{FORUM_Q}' "
              f"--corpus {corpus} --index {index}")
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                          text=True, timeout=600)
    assert "status=3" in proc.stdout, proc.stdout + proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("Error")]
    assert errors == [f"Error: the disk holding the index ({index}) is full; free some space "
                      "or set ASSISTANT_INDEX_DIR to a larger disk, then run again (the index "
                      "as it was still answers)"]
    assert "Traceback" not in proc.stderr
    assert "Zulfiqar Ali" in proc.stdout  # the old index keeps answering


# -------------------------------------------------------- nothing private indexed


def test_symbolic_links_are_not_followed_unless_inside_and_allowed(tmp_path):
    corpus = _corpus(tmp_path)
    (tmp_path / ".env").write_text("API_TOKEN=hunter2-very-secret\n")
    (corpus / "link.txt").symlink_to(tmp_path / ".env")  # points out of the corpus
    (corpus / "drafts").mkdir()
    (corpus / "drafts" / "brief.text").write_text("Port Brief\n\nGwadar handled 2 ships.\n")
    (corpus / "port-brief.txt").symlink_to(corpus / "drafts" / "brief.text")  # stays inside
    (corpus / "outside").symlink_to(tmp_path, target_is_directory=True)  # a linked folder
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    summary = build_index(settings=settings)
    assert summary.added == ["forum.txt"] and summary.ok
    followed = build_index(settings=settings.model_copy(update={"follow_links": True}))
    assert followed.added == ["port-brief.txt"]  # never link.txt, never outside/


# ------------------------------------------------------------- display and text


def test_control_characters_never_reach_the_terminal(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "spoof.txt").write_text(
        "Spoofed Seminar\n\nThe seminar on cyber norms was chaired by Ms. Hina Baig "
        "\u202eof the Foreign Office\u202c and \x1b[31mred text\x1b[0m ended it.\n")
    (corpus / "bad\x1b]0;pwned\x07name.pdf").write_bytes(b"not a pdf" * 10)
    index = tmp_path / "index"
    proc = _cli("index", "-q", "--corpus", str(corpus), "--index", str(index))
    assert "\x1b" not in proc.stderr + proc.stdout
    assert "skipped bad\\u001b]0;pwned\\u0007name.pdf: named .pdf" in proc.stderr
    ask = _cli("ask", "Who chaired the seminar on cyber norms?", "--corpus", str(corpus),
               "--index", str(index))
    assert "Hina Baig of the Foreign Office and red text ended it." in ask.stdout
    assert not any(c in ask.stdout for c in "\x1b\u202e\u202c")


def test_utf16_text_with_a_byte_order_mark_is_read(tmp_path):
    from assistant.readers import read_report

    text = "Seminar on Glaciers\n\nThe seminar in Skardu counted 3,044 glaciers in Gilgit.\n"
    (tmp_path / "le.txt").write_bytes(text.encode("utf-16"))  # BOM + little-endian
    (tmp_path / "be.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    for name in ("le.txt", "be.txt"):
        report = read_report(tmp_path / name, tmp_path)
        assert "counted 3,044 glaciers in Gilgit." in report.pages[0].text
        assert report.pages[0].text.startswith("Seminar on Glaciers")


# -------------------------------------------------------------- filters at ask()


def test_ask_checks_its_filters_with_one_clear_message(built_index):
    from assistant import ask

    s = built_index
    cases = [
        ({"date_from": "yesterday"}, "date_from must be a date like 2025-12-18, not 'yesterday'"),
        ({"date_to": 20250101}, "date_to must be a date like 2025-12-18, not 20250101"),
        ({"files": 5}, "files must be a list of report file names"),
        ({"date_from": "2025-12-31", "date_to": "2025-01-01"}, "date_from 2025-12-31 is after"),
        ({"dates": "2025"}, "unknown filter 'dates'"),
        ("files=x", "filters must be a dict"),
    ]
    for filters, message in cases:
        with pytest.raises(FilterError, match=message.replace("(", r"\(")):
            ask("Who spoke?", filters=filters, settings=s)
    with pytest.raises(QuestionError, match="not valid text"):
        ask("Who spoke \ud800 here?", settings=s)
    import datetime

    ok = ask("Who spoke on food security?", settings=s,
             filters={"date_from": datetime.date(2025, 12, 1), "date_to": "2025-12-31"})
    assert ok.found and ok.citations[0].file == SAMPLE.name


def test_clean_up_strips_bidi_controls_and_escapes():
    from assistant.cleaning import normalize
    from assistant.untrusted import shown_name

    assert normalize("abc\u202edef\u2066g\u2069 \x1b[1;31mred\x1b[0m \x1b]0;t\x07end") == \
        "abcdefg red end"
    assert shown_name("a\u202etxt.exe") == "a\\u202etxt.exe"


def test_upload_names_keep_their_type(tmp_path):
    from assistant.library import upload_name

    assert upload_name("..txt") == "report.txt"
    assert upload_name("_notes.md") == "notes.md"
    assert upload_name(".hidden.pdf") == "hidden.pdf"
    assert upload_name("brief\u202efdp.txt") == "brieffdp.txt"
    assert upload_name("a/b/../c?.html") == "c_.html"
    assert upload_name("README") == "README"

