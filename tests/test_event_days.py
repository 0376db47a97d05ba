"""Events over several days ("5–7 March 2025"): the range read from a date, from a header
block and from a report; kept in the manifest (`event_end`, with the migration of a
manifest written before it); a date filter over any of the event's days; the range as
the report lists and exports show it; and ask() with a date filter, end to end with the
fake embedder."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from assistant import Components, Settings, ask
from assistant.dates import (
    date_line,
    date_line_range,
    event_span,
    find_date,
    find_date_range,
    parse_date,
    parse_date_range,
    show_event_date,
)
from assistant.index import Index
from assistant.manifest import Manifest, ReportRow
from assistant.readers import find_event_span, read_report
from assistant.readers.metadata import read_header_block
from assistant.types import Filters

from .fakes import index_fast_corpus

D = date


# ------------------------------------------------------------------ parsing a range

@pytest.mark.parametrize("text, first, last", [
    ("5–7 March 2025", D(2025, 3, 5), D(2025, 3, 7)),            # en dash
    ("5-7 March 2025", D(2025, 3, 5), D(2025, 3, 7)),            # hyphen
    ("5 – 7 March, 2025", D(2025, 3, 5), D(2025, 3, 7)),         # spaced, comma
    ("5 to 7 March 2025", D(2025, 3, 5), D(2025, 3, 7)),
    ("5 and 6 March 2025", D(2025, 3, 5), D(2025, 3, 6)),
    ("5th & 6th March 2025", D(2025, 3, 5), D(2025, 3, 6)),
    ("March 5-7, 2025", D(2025, 3, 5), D(2025, 3, 7)),
    ("March 5th to 7th, 2025", D(2025, 3, 5), D(2025, 3, 7)),
    ("30 April – 2 May 2025", D(2025, 4, 30), D(2025, 5, 2)),     # across a month
    ("April 30 - May 2, 2025", D(2025, 4, 30), D(2025, 5, 2)),
    ("30 April to 2 May, 2025", D(2025, 4, 30), D(2025, 5, 2)),
    ("Dates: 12-13 November 2025", D(2025, 11, 12), D(2025, 11, 13)),
    ("28 December 2024 – 2 January 2025", D(2024, 12, 28), D(2025, 1, 2)),  # across a year
    ("28 December – 2 January 2025", D(2024, 12, 28), D(2025, 1, 2)),       # year once
    ("2025-03-05 to 2025-03-07", D(2025, 3, 5), D(2025, 3, 7)),  # two full dates
    ("05/03/2025 - 07/03/2025", D(2025, 3, 5), D(2025, 3, 7)),
    ("5 March 2025 until 7 March 2025", D(2025, 3, 5), D(2025, 3, 7)),
    ("5 till 7 March 2025", D(2025, 3, 5), D(2025, 3, 7)),      # "till", "until", "through"
    ("from 5th until 7th March 2025", D(2025, 3, 5), D(2025, 3, 7)),
    ("March 5 through 7, 2025", D(2025, 3, 5), D(2025, 3, 7)),
])
def test_a_range_of_days_is_read_as_its_first_and_last_day(text, first, last):
    assert parse_date_range(text) == (first, last)
    # The one-date readers still give the first day, as before ranges were read.
    assert parse_date(text) == first


@pytest.mark.parametrize("text, day", [
    ("5 May 2025", D(2025, 5, 5)),
    ("Monday, May 5, 2025", D(2025, 5, 5)),
    ("2025-05-05", D(2025, 5, 5)),
    ("05.05.2025", D(2025, 5, 5)),
])
def test_a_single_date_is_a_range_of_one_day(text, day):
    assert parse_date_range(text) == (day, day)


@pytest.mark.parametrize("text, expected", [
    ("no date here", None),
    ("September 2025", None),                                  # a month, no day
    ("7-5 March 2025", (D(2025, 3, 7), D(2025, 3, 7))),        # backwards: the first day
    ("5-32 March 2025", (D(2025, 3, 5), D(2025, 3, 5))),       # no such last day
    # two days joined by "and" are two days, not the weeks between them
    ("5 May 2025 and 7 June 2025", (D(2025, 5, 5), D(2025, 5, 5))),
    ("sessions on May 5 and 12, 2025", (D(2025, 5, 5), D(2025, 5, 5))),
    ("deadlines: 1 & 15 May 2025", (D(2025, 5, 1), D(2025, 5, 1))),
    # over a year apart: two dates, not one event
    ("5 March 2025 - 7 March 2026", (D(2025, 3, 5), D(2025, 3, 5))),
])
def test_what_is_no_range(text, expected):
    assert parse_date_range(text) == expected


def test_the_range_span_covers_both_dates_and_find_date_keeps_its_own():
    text = "Held 28 December 2024 – 2 January 2025, Lahore"
    first, last, (start, end) = find_date_range(text)
    assert text[start:end] == "28 December 2024 – 2 January 2025"
    assert (first, last) == (D(2024, 12, 28), D(2025, 1, 2))
    assert find_date(text) == (D(2024, 12, 28), (5, 21))


def test_a_date_line_may_be_a_range():
    assert date_line_range("Karachi, 28 December 2024 – 2 January 2025") == (
        D(2024, 12, 28), D(2025, 1, 2))
    assert date_line("Gwadar, 5–7 May 2025") == D(2025, 5, 5)
    assert date_line_range("Gwadar, 5 May 2025") == (D(2025, 5, 5), D(2025, 5, 5))
    assert date_line_range("The floods of 5-7 May 2025 hit the coastal towns of the "
                           "province hard") is None
    # a period on a line of its own is no event: read as it was before ranges were
    assert date_line_range("Budget 1 July 2024 to 30 June 2025") is None
    assert date_line_range("Valid 1 March 2025 until 28 February 2026") is None
    assert date_line_range("Karachi, 5 January 2025 - 20 March 2025") == (
        D(2025, 1, 5), D(2025, 1, 5))


# ------------------------------------------------------------------ the reader

def test_the_header_block_reads_a_range_from_its_date_line():
    block = read_header_block("Dialogue on Coastal Fisheries\nEvent Date: 5–7 March 2025\n"
                              "Venue: Gwadar\n\nThe dialogue opened with ...")
    assert (block.event_date, block.event_end, block.venue) == (
        "2025-03-05", "2025-03-07", "Gwadar")
    one_day = read_header_block("Forum\nEvent Date: 5 March 2025\nVenue: Gwadar\n")
    assert (one_day.event_date, one_day.event_end) == ("2025-03-05", None)
    other_label = read_header_block("Forum\nSeminar dates: 12-13 November 2025\n")
    assert (other_label.event_date, other_label.event_end) == ("2025-11-12", "2025-11-13")
    unlabelled = read_header_block("Winter School on Glaciers\nSkardu, 28 December 2024 – "
                                   "2 January 2025\n\nThe school opened ...")
    assert (unlabelled.unlabelled_date, unlabelled.unlabelled_end) == (
        "2024-12-28", "2025-01-02")


def test_a_report_over_several_days_gets_its_first_and_last_day(tmp_path):
    (tmp_path / "fisheries.txt").write_text(
        "Dialogue on Coastal Fisheries\n\nEvent Date: 5–7 March 2025\nVenue: Gwadar\n\n"
        "The dialogue reviewed the fish catch at Gwadar.\n", encoding="utf-8")
    (tmp_path / "school.md").write_text(
        "# Winter School on Glaciers\n\nSkardu, 28 December 2024 – 2 January 2025\n\n"
        "The school trained young researchers in glacier monitoring.\n", encoding="utf-8")
    (tmp_path / "forum.txt").write_text(
        "Forum on Dairy Cooperatives\n\nEvent Date: 14 August 2025\n\nThe forum met.\n",
        encoding="utf-8")
    fisheries = read_report(tmp_path / "fisheries.txt", tmp_path)
    assert (fisheries.event_date, fisheries.event_end) == ("2025-03-05", "2025-03-07")
    school = read_report(tmp_path / "school.md", tmp_path)
    assert (school.event_date, school.event_end) == ("2024-12-28", "2025-01-02")
    forum = read_report(tmp_path / "forum.txt", tmp_path)
    assert (forum.event_date, forum.event_end) == ("2025-08-14", None)


def test_an_event_date_line_on_the_first_page_gives_its_range():
    assert find_event_span("Some words\nEvent Date: March 5-7, 2025\n") == (
        "2025-03-05", "2025-03-07")
    assert find_event_span("Date: 5 May 2025") == ("2025-05-05", None)
    assert find_event_span("No label here") is None


# ------------------------------------------------------------------ the manifest

_OLD_SCHEMA = """
CREATE TABLE reports (
    collection TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '', event_date TEXT, venue TEXT,
    format TEXT NOT NULL DEFAULT '', pages INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0, size INTEGER NOT NULL DEFAULT 0,
    mtime REAL NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '[]',
    indexed_at REAL NOT NULL, PRIMARY KEY (collection, file));
INSERT INTO reports VALUES ('c', 'old.txt', 'abc', 'Old Forum', '2025-03-05', 'Lahore',
    'text', 1, 3, 10, 1.5, '[]', 100.0);
"""


def _old_manifest(folder: Path) -> Path:
    """A manifest as written before `event_end` was a column, with one row."""
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / "manifest.sqlite3")
    db.executescript(_OLD_SCHEMA)
    db.commit()
    db.close()
    return folder


def test_an_old_manifest_opens_and_keeps_its_rows(tmp_path):
    folder = _old_manifest(tmp_path / "index")
    # Read-only (answering) it is not migrated, and its rows are one-day events.
    reader = Manifest(folder, "c", read_only=True)
    old = reader.reports()["old.txt"]
    reader.close()
    assert (old.title, old.event_date, old.event_end, old.chunks) == (
        "Old Forum", "2025-03-05", None, 3)
    # Opened for writing (indexing) it gains the column and keeps the row.
    manifest = Manifest(folder, "c")
    rows = manifest.reports()
    assert list(rows) == ["old.txt"]
    assert (rows["old.txt"].venue, rows["old.txt"].event_end, rows["old.txt"].indexed_at) == (
        "Lahore", None, 100.0)
    manifest.commit_report(ReportRow(file="new.txt", sha256="def", event_date="2025-03-05",
                                     event_end="2025-03-07"))
    manifest.close()
    again = Manifest(folder, "c")  # a second opening migrates nothing twice
    rows = again.reports()
    again.close()
    assert rows["new.txt"].event_end == "2025-03-07" and rows["old.txt"].event_end is None
    columns = [r[1] for r in sqlite3.connect(folder / "manifest.sqlite3").execute(
        "PRAGMA table_info(reports)")]
    assert columns.count("event_end") == 1


def test_an_old_row_passes_a_filter_as_a_one_day_event(tmp_path):
    reader = Manifest(_old_manifest(tmp_path / "index"), "c", read_only=True)
    old = reader.reports()["old.txt"]
    reader.close()
    assert Filters(date_from="2025-03-05", date_to="2025-03-05").admits(old)
    assert not Filters(date_from="2025-03-06").admits(old)


# ------------------------------------------------------------------ the date filter

_RANGE = ReportRow(file="fisheries.txt", sha256="a", event_date="2025-03-05",
                   event_end="2025-03-07")


@pytest.mark.parametrize("date_from, date_to, passes", [
    ("2025-03-06", "2025-03-06", True),   # a day inside
    ("2025-03-07", None, True),           # from its last day
    (None, "2025-03-05", True),           # until its first day
    ("2025-03-01", "2025-03-31", True),   # around it
    ("2025-03-08", None, False),          # after it
    (None, "2025-03-04", False),          # before it
    ("2025-03-08", "2025-03-10", False),
])
def test_a_report_passes_when_its_days_overlap_the_filter(date_from, date_to, passes):
    flt = Filters.from_any({"date_from": date_from, "date_to": date_to})
    assert flt.admits(_RANGE) is passes


def test_one_day_month_and_undated_reports_filter_as_before():
    one_day = ReportRow(file="a.txt", sha256="a", event_date="2025-03-05")
    month = ReportRow(file="b.txt", sha256="b", event_date="2025-09")
    undated = ReportRow(file="c.txt", sha256="c")
    flt = Filters(date_from="2025-03-06", date_to="2025-09-10")
    assert not flt.admits(one_day) and flt.admits(month) and not flt.admits(undated)
    assert Filters(date_from="2025-09-30").admits(month)
    assert event_span("2025-03-05", "2025-03-07") == ("2025-03-05", "2025-03-07")
    assert event_span("2025-03-05") == ("2025-03-05", "2025-03-05")

    class Plain:  # a row without event_end (as another version's published row)
        file, event_date = "d.txt", "2025-03-05"

    assert Filters(date_from="2025-03-05").admits(Plain())


# ------------------------------------------------------------------ the display

def test_a_range_is_shown_as_its_first_and_last_day():
    assert show_event_date("2025-03-05", "2025-03-07") == "2025-03-05 \u2013 2025-03-07"
    assert show_event_date("2025-03-05", None) == "2025-03-05"
    assert show_event_date("2025-03-05", "2025-03-05") == "2025-03-05"
    assert show_event_date("2025-09") == "2025-09"
    assert show_event_date(None) == ""


def _listed_corpus(tmp_path: Path) -> Settings:
    """A corpus of two reports and a manifest as if both were indexed, one a range."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fisheries.txt").write_text("Fisheries\n", encoding="utf-8")
    (corpus / "forum.txt").write_text("Forum\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    manifest = Index(settings).manifest()
    manifest.commit_report(ReportRow(file="fisheries.txt", sha256="a", title="Fisheries",
                                     event_date="2025-03-05", event_end="2025-03-07"))
    manifest.commit_report(ReportRow(file="forum.txt", sha256="b", title="Forum",
                                     event_date="2025-08-14"))
    manifest.close()
    return settings


def test_the_report_lists_show_the_range(tmp_path):
    from click.testing import CliRunner

    from assistant.cli import main
    from assistant.library import report_states
    from assistant.workbench import report_table

    settings = _listed_corpus(tmp_path)
    states = {s.file: s for s in report_states(settings)}
    assert states["fisheries.txt"].shown_date == "2025-03-05 \u2013 2025-03-07"
    assert states["forum.txt"].shown_date == "2025-08-14"
    assert states["fisheries.txt"].to_dict()["event_end"] == "2025-03-07"
    table = {row[1]: row[2] for row in report_table(settings)}
    assert table == {"fisheries.txt": "2025-03-05 \u2013 2025-03-07",
                     "forum.txt": "2025-08-14"}
    out = CliRunner().invoke(main, ["reports", "list", "--corpus", str(settings.corpus_dir),
                                    "--index", str(settings.index_dir)])
    assert out.exit_code == 0, out.output
    lines = {ln.split("\t")[0]: ln.split("\t")[1] for ln in out.output.splitlines()}
    assert lines == {"fisheries.txt": "2025-03-05 \u2013 2025-03-07",
                     "forum.txt": "2025-08-14"}


def test_an_export_shows_the_cited_report_s_range():
    from assistant.conversations import Turn
    from assistant.export import to_markdown
    from assistant.types import Answer, Citation

    cite = Citation(n=1, file="fisheries.txt", page=1, quote="The catch fell.", start=0,
                    end=15, score=1.0)
    answer = Answer(question="What fell?", text="The catch fell. [1]", citations=[cite])
    turn = Turn(id="t1", question="What fell?", answer=answer, reports={
        "fisheries.txt": {"title": "Fisheries", "event_date": "2025-03-05",
                          "event_end": "2025-03-07"}})
    assert "event date 2025-03-05 \u2013 2025-03-07" in to_markdown([turn], "Export")
    # a conversation saved before ranges were read has no event_end: its one day
    turn.reports["fisheries.txt"].pop("event_end")
    assert "event date 2025-03-05." in to_markdown([turn], "Export")


# ------------------------------------------------------------------ ask() with filters

FISHERIES = (
    "Dialogue on Coastal Fisheries\n\nEvent Date: 5–7 March 2025\nVenue: Gwadar\n\n"
    "The dialogue on coastal fisheries met in Gwadar over three days. Ms. Rubina Baloch "
    "said that the sardine catch at Gwadar fell by 12 percent in 2024.\n\n"
    "The dialogue closed with a call for cold storage at the fish harbour.\n")


@pytest.fixture(scope="module")
def range_index(tmp_path_factory) -> Components:
    """The fast corpus and a report over three days (5-7 March 2025), indexed with the
    fake embedder (in a corpus of its own, so the fast corpus keeps its four reports)."""
    corpus = tmp_path_factory.mktemp("range-corpus")
    (corpus / "fisheries-dialogue-2025.txt").write_text(FISHERIES, encoding="utf-8")
    return index_fast_corpus(corpus, tmp_path_factory.mktemp("range-index"), added=4)


def test_the_index_keeps_the_range(range_index):
    rows = Index(range_index.settings).live_reports()
    row = rows["fisheries-dialogue-2025.txt"]
    assert (row.event_date, row.event_end) == ("2025-03-05", "2025-03-07")
    assert rows["water-forum-2025.txt"].event_end is None


@pytest.mark.parametrize("day", ["2025-03-05", "2025-03-06", "2025-03-07"])
def test_ask_with_a_filter_on_any_day_of_the_event_finds_it(range_index, day):
    a = ask("By how much did the sardine catch at Gwadar fall in 2024?",
            components=range_index, filters={"date_from": day, "date_to": day})
    assert a.found, a.text
    assert {c.file for c in a.citations} == {"fisheries-dialogue-2025.txt"}
    assert "12 percent" in a.citations[0].quote


def test_ask_with_a_filter_beside_the_event_does_not_answer_from_it(range_index):
    a = ask("By how much did the sardine catch at Gwadar fall in 2024?",
            components=range_index, filters={"date_from": "2025-03-08",
                                             "date_to": "2025-03-11"})
    assert not a.found and "filters" in a.text
    # a range that also holds the water forum (12 March) answers from both reports' days
    b = ask("By how much did the sardine catch at Gwadar fall in 2024?",
            components=range_index, filters={"date_from": "2025-03-07",
                                             "date_to": "2025-03-12"})
    assert b.found and b.citations[0].file == "fisheries-dialogue-2025.txt"
