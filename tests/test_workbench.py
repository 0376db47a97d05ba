"""Saved conversations, exports with references, feedback as eval lines, the report
library's states and the watcher, without the browser (the browser tests are in
test_workbench_ui.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time

import pytest

from assistant.conversations import WorkbenchStore, answer_from_json, answer_to_json, title_from
from assistant.errors import ConfigError
from assistant.types import Answer, Citation

from .conftest import ROOT, SAMPLE


def _answer(found: bool = True) -> Answer:
    c1 = Citation(n=1, file="forum.txt", page=1, quote="Prof. Ali spoke on food security.",
                  start=10, end=43, score=0.9, title="Russia–Pakistan Forum",
                  passage="Opening. Prof. Ali spoke on food security. More.", passage_start=0)
    c2 = Citation(n=2, file="brief.docx", page=None, location="Trade Panel",
                  quote="Gwadar needs faster customs.", start=0, end=28, score=0.8,
                  title="Maritime Seminar")
    if not found:
        return Answer(question="What is the budget?", text="The reports do not say.",
                      found=False, related=[c1])
    return Answer(question="Who spoke?", text="Prof. Ali spoke on food security [1]. "
                  "Gwadar needs faster customs [2].", citations=[c1, c2])


def test_answers_survive_a_round_trip_with_unknown_fields():
    a = _answer()
    assert answer_from_json(answer_to_json(a)) == a
    data = json.loads(answer_to_json(a))
    data["confidence"] = 0.8  # a field a newer answerer adds
    data["citations"][0]["page_box"] = [1, 2]
    back = answer_from_json(json.dumps(data))
    assert back.citations[0].quote == a.citations[0].quote


def test_the_chat_turn_and_the_sources_panel_say_the_same_confidence():
    import html

    from assistant.settings import Settings
    from assistant.ui import sources_html
    from assistant.workbench import answer_markdown

    answer = Answer(question="When was the forum held?", text="On 18 December. [1]",
                    confidence=0.75)
    assert "Confidence: medium (0.75)" in answer_markdown(answer, html.escape)
    assert "Confidence: medium" in sources_html(answer, Settings())


def test_conversations_are_per_user_listed_renamed_and_deleted(tmp_path):
    store = WorkbenchStore(tmp_path / "wb.sqlite3")
    cid = store.create("alice", "Who spoke on food security at the Russia–Pakistan forum "
                                "held in Islamabad in December?")
    store.add_turn(cid, "alice", "Who spoke?", _answer(), {"forum.txt": {"title": "T"}})
    store.add_turn(cid, "alice", "And the budget?", _answer(found=False))
    assert [c.title for c in store.list("alice")] == [
        "Who spoke on food security at the Russia–Pakistan forum…"]
    assert store.list("bob") == []
    with pytest.raises(ConfigError):
        store.get(cid, "bob")
    with pytest.raises(ConfigError):
        store.add_turn(cid, "bob", "x", _answer())
    conv = store.get(cid, "alice")
    assert [t.question for t in conv.turns] == ["Who spoke?", "And the budget?"]
    assert conv.turns[0].answer.citations[0].passage.startswith("Opening.")
    store.rename(cid, "alice", "Food security")
    assert store.list("alice")[0].title == "Food security"
    store.delete(cid, "alice")
    assert store.list("alice") == []
    assert title_from("  short  ") == "short"


def test_export_numbers_references_and_says_when_refused(tmp_path):
    import docx

    from assistant.export import to_docx, to_markdown

    store = WorkbenchStore(tmp_path / "wb.sqlite3")
    cid = store.create("", "Who spoke?")
    meta = {"forum.txt": {"title": "Russia–Pakistan Forum", "event_date": "2025-12-18"}}
    store.add_turn(cid, "", "Who spoke?", _answer(), meta)
    second = _answer()
    second.citations = [second.citations[1]]  # cites only the DOCX, as its [1]
    second.citations[0].n = 1
    second.text = "Gwadar needs faster customs [1]."
    store.add_turn(cid, "", "What about Gwadar?", second, meta)
    store.add_turn(cid, "", "What is the budget?", _answer(found=False))
    turns = store.get(cid, "").turns
    md = to_markdown(turns, "Food security")
    assert "Gwadar needs faster customs \\[2\\]." in md  # renumbered to the shared list
    assert "1. Russia–Pakistan Forum. `forum.txt`, page 1, event date 2025-12-18. " \
           "“Prof. Ali spoke on food security.”" in md
    assert "2. Maritime Seminar. `brief.docx`, Trade Panel." in md
    assert "3." not in md.split("## References")[1]  # the same quote is one reference
    assert "Not answered: the reports do not hold the answer." in md
    path = to_docx(turns, "Food security", tmp_path / "x.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Gwadar needs faster customs [2]." in text
    assert "1. Russia–Pakistan Forum. forum.txt, page 1, event date 2025-12-18. " \
           "\u201cProf. Ali spoke on food security.\u201d" in text
    assert "Not answered: the reports do not hold the answer." in text


def test_feedback_export_writes_eval_lines_and_eval_skips_reviews(tmp_path):
    from assistant.evaluation import load_questions
    from assistant.feedback import export_feedback

    store = WorkbenchStore(tmp_path / "wb.sqlite3")
    cid = store.create("u", "Who spoke?")
    up = store.add_turn(cid, "u", "Who spoke?", _answer())
    down = store.add_turn(cid, "u", "What is the budget?", _answer(found=False))
    store.rate(up, "u", 1)
    store.rate(down, "u", -1, "The annex has the budget on page 4")
    with pytest.raises(ConfigError):
        store.rate(up, "someone-else", 1)
    out = tmp_path / "feedback.jsonl"
    lines, counts = export_feedback(store, out)
    assert (counts.ready, counts.review) == (1, 1)
    first, second = (json.loads(s) for s in out.read_text().splitlines())
    assert first["answerable"] is True and first["file"] == "forum.txt"
    assert first["pages"] == [1] and first["must_contain"] == ["Prof. Ali spoke on food security."]
    assert second["review"] is True and second["comment"].startswith("The annex")
    questions = load_questions(out)
    assert [q.question for q in questions] == ["Who spoke?"]


def test_api_credentials(monkeypatch):
    import base64

    from assistant.api import credentials_ok
    from assistant.settings import Settings

    open_settings = Settings()
    assert credentials_ok(open_settings, None)
    s = Settings(auth_username="capes", auth_password="s3cret", api_token="tok")
    basic = "Basic " + base64.b64encode(b"capes:s3cret").decode()
    assert credentials_ok(s, basic) and credentials_ok(s, "Bearer tok")
    assert not credentials_ok(s, None) and not credentials_ok(s, "Bearer nope")
    assert not credentials_ok(s, "Basic " + base64.b64encode(b"capes:wrong").decode())
    assert not credentials_ok(s, "Basic !!!")


def test_watch_filter_ignores_hidden_and_non_reports(tmp_path):
    from assistant.watching import is_report_path

    assert is_report_path(tmp_path, tmp_path / "a.pdf")
    assert not is_report_path(tmp_path, tmp_path / ".a.pdf.swp")
    assert not is_report_path(tmp_path, tmp_path / "_notes" / "a.txt")
    assert not is_report_path(tmp_path, tmp_path / "a.xlsx")


def _watched_corpus(tmp_path):
    """A corpus folder holding the sample report, and settings watching it (changes
    gathered for 0.3 s)."""
    from assistant.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    return corpus, Settings(corpus_dir=corpus, index_dir=tmp_path / "index",
                            watch_debounce_ms=300)


def test_watch_indexes_added_changed_and_removed_reports(tmp_path):
    """The real watcher with the real index: a report dropped in is indexed, removed is
    dropped; stopping ends the loop."""
    from assistant.library import report_states
    from assistant.watching import watch_index

    corpus, settings = _watched_corpus(tmp_path)
    runs: list = []
    stop = threading.Event()
    worker = threading.Thread(target=watch_index, args=(settings,),
                              kwargs={"on_run": runs.append, "stop": stop}, daemon=True)
    worker.start()

    def wait_for(check, what: str) -> None:
        deadline = time.time() + 180
        while time.time() < deadline:
            if check():
                return
            time.sleep(0.2)
        pytest.fail(f"watcher never {what}")

    wait_for(lambda: len(runs) >= 1, "ran the first time")
    (corpus / "new.txt").write_text("Hydropower Seminar\n\nThe seminar agreed that Tarbela "
                                    "needs a new spillway by 2030.\n", encoding="utf-8")
    wait_for(lambda: any("new.txt" in r.added for r in runs), "indexed the new report")
    states = {s.file: s for s in report_states(settings)}
    assert states["new.txt"].state == "indexed"
    (corpus / "new.txt").unlink()
    wait_for(lambda: any("new.txt" in r.removed for r in runs), "removed the report")
    stop.set()
    worker.join(timeout=30)
    assert not worker.is_alive()


def test_watch_indexes_a_report_dropped_in_before_the_watcher_started(tmp_path):
    """A report copied in while the first run finishes (here: as it reports) is indexed,
    though the watcher, started after that run, never sees it arrive."""
    from assistant.watching import watch_index

    corpus, settings = _watched_corpus(tmp_path)
    runs: list = []
    stop = threading.Event()

    def on_run(summary) -> None:
        if not runs:
            (corpus / "late.txt").write_text("Water Seminar\n\nThe seminar asked for a new "
                                             "canal lining programme.\n", encoding="utf-8")
        runs.append(summary)

    worker = threading.Thread(target=watch_index, args=(settings,),
                              kwargs={"on_run": on_run, "stop": stop}, daemon=True)
    worker.start()
    deadline = time.time() + 180
    while time.time() < deadline and not any("late.txt" in r.added for r in runs):
        time.sleep(0.2)
    stop.set()
    worker.join(timeout=30)
    assert any("late.txt" in r.added for r in runs), "the late report was never indexed"


def test_watch_stops_cleanly_on_ctrl_c_during_the_first_run(tmp_path):
    """Ctrl-C can land while the first run reports (a CI run caught "Aborted!" there):
    the watch still ends normally, and what that run indexed stays indexed."""
    from assistant.library import report_states
    from assistant.settings import Settings
    from assistant.watching import watch_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")

    def ctrl_c(_summary) -> None:
        raise KeyboardInterrupt

    assert watch_index(settings, on_run=ctrl_c) == 1
    assert [s.state for s in report_states(settings)] == ["indexed"]


def test_report_states_show_failed_and_duplicate(tmp_path):
    from assistant import build_index
    from assistant.library import report_states
    from assistant.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "a-forum.txt")
    shutil.copy(SAMPLE, corpus / "b-forum copy.txt")
    (corpus / "broken.pdf").write_bytes(b"\x00\x01garbage" * 100)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(settings=settings)
    states = {s.file: s for s in report_states(settings)}
    assert states["broken.pdf"].state == "failed" and "binary" in states["broken.pdf"].reason
    indexed = [f for f, s in states.items() if s.state == "indexed"]
    dup = [s for s in states.values() if s.state == "duplicate"]
    assert len(indexed) == 1 and len(dup) == 1 and dup[0].duplicate_of == indexed[0]
    assert "duplicate of" in dup[0].status_text


def _ctrl_c_delivered() -> None:
    """A test run started in the background of a non-interactive shell (as CI may be)
    inherits SIGINT ignored, and a Python child then never sees Ctrl-C; give the watcher
    the disposition a terminal user's process has."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_cli_watch_stops_cleanly_on_ctrl_c(tmp_path):
    import os
    import signal

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    env = dict(os.environ, ASSISTANT_CORPUS_DIR=str(corpus),
               ASSISTANT_INDEX_DIR=str(tmp_path / "index"))
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", "--watch", "-q"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_ctrl_c_delivered)
    deadline = time.time() + 180
    out = ""
    while time.time() < deadline and "1 added" not in out:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        out += line
    assert "1 added" in out
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert "Stopped watching" in err and "Traceback" not in err


def test_report_list_shows_failures_remembered_and_passing_until_the_file_changes(
        tmp_path, monkeypatch):
    """The report list reads the indexer's real failure memory: a corrupt file (known
    bad by its bytes, so a copy is failed before any run), a passing fault of the last
    run (not remembered by hash) until the file changes, and a file over the size limit."""
    import os

    import assistant.sandbox as sandbox
    from assistant import build_index
    from assistant.errors import ReportError
    from assistant.library import report_states
    from assistant.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.pdf").write_bytes(b"\x00\x01garbage" * 100)
    (corpus / "minutes.txt").write_text("Minutes\n\nThe board met.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    real = sandbox.read_isolated

    def reader(path, *a, **k):
        if path.name == "minutes.txt":  # the share blinks out while it is read
            raise ReportError("minutes.txt", "cannot be read (Input/output error)",
                              permanent=False)
        return real(path, *a, **k)

    monkeypatch.setattr(sandbox, "read_isolated", reader)
    summary = build_index(settings=settings)
    assert {f for f, _ in summary.failed} == {"broken.pdf", "minutes.txt"}
    shutil.copy(corpus / "broken.pdf", corpus / "broken-copy.pdf")
    states = {s.file: s for s in report_states(settings)}
    assert states["broken.pdf"].state == "failed" and "binary" in states["broken.pdf"].reason
    assert states["broken-copy.pdf"].state == "failed"
    assert "binary" in states["broken-copy.pdf"].status_text
    assert states["minutes.txt"].status_text == "failed: cannot be read (Input/output error)"

    (corpus / "minutes.txt").write_text("Minutes\n\nThe board met twice.\n", encoding="utf-8")
    os.utime(corpus / "minutes.txt", (1, 1))  # a changed file is retried, so not failed
    assert {s.file: s.state for s in report_states(settings)}["minutes.txt"] == "waiting"
    small = settings.model_copy(update={"report_max_mb": 0.00001})
    over = {s.file: s for s in report_states(small)}["minutes.txt"]
    assert over.state == "failed" and "ASSISTANT_REPORT_MAX_MB" in over.reason
