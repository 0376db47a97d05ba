"""Shared fixtures. Every test runs with ASSISTANT_* settings pointing into tmp_path, so no
test reads or writes the project's own corpus/ or index/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "corpus" / "russia-pakistan-forum-2025-12-18.txt"
EVAL_CORPUS = SHARED / "eval-corpus"
CRS_PDF = EVAL_CORPUS / "crs-IF10491-australia-background-and-us-relations.pdf"
IMAGE_ONLY_PDF = EVAL_CORPUS / "capes-caps-newsletter-2025-07-imageonly.pdf"


# The fast tier (`pytest -m "not slow"`, seconds): pure logic and ask() end to end with a
# fake embedder. Every other file uses real parts (the model, Chroma at scale, readers on
# real reports, servers, a browser) and is marked `slow`.
FAST_FILES = {"test_fast.py", "test_chunks.py", "test_fusion.py", "test_verify.py",
              "test_answer_logic.py", "test_cleaning.py", "test_layers.py", "test_index.py",
              "test_event_days.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name not in FAST_FILES:
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session):
    # Real reports, labelled questions and field cases come from the shared data folder
    # beside the repository: without it a dozen tests would fail on a missing file.
    if not EVAL_CORPUS.is_dir() and any(i.path.name not in FAST_FILES for i in session.items):
        raise pytest.UsageError(
            f"the tests read real reports from {SHARED}, which does not exist: clone the "
            "repository beside the shared data folder, or run only the fast tier with "
            "pytest -m 'not slow'")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def make_pdf(path: Path, pages: list[str], *, header: str | None = None,
             password: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for i, text in enumerate(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        if header:
            pdf.cell(0, 8, header, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, text)
        pdf.set_y(-20)
        pdf.cell(0, 8, f"{i + 1}", align="C")
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.output(str(path))
    return path


def make_docx(path: Path, sections: list[tuple[str, list[str]]], title: str) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for heading, paras in sections:
        document.add_heading(heading, level=2)
        for p in paras:
            document.add_paragraph(p)
    document.save(str(path))
    return path


PDF_PAGES = [
    "Workshop on Water Security in South Asia\nEvent Date: 3 March 2025\nVenue: Lahore\n"
    "The workshop opened with remarks on the Indus basin. Dr. Amina Raza presented new "
    "findings on groundwater depletion in Punjab and warned that the aquifers could be "
    "exhausted within two decades without",
    "reform of pricing and metering. Mr. Tariq Hussain of the Planning Commission described "
    "the national water policy of 2018 and its targets for storage capacity. The "
    "participants agreed to meet again in Karachi in the autumn.",
    "Closing remarks were delivered by the chair, who thanked the sponsors. The report was "
    "compiled by the secretariat of the forum.",
]

DOCX_SECTIONS = [
    ("Opening Session", ["The seminar on maritime trade began with a keynote by Admiral "
                         "Khalid Mehmood on the security of sea lanes in the Arabian Sea."]),
    ("Trade Panel", ["Ms. Sara Qureshi argued that Gwadar port needs faster customs "
                     "clearance to attract transshipment cargo.",
                     "She proposed a single-window system for port users."]),
]


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory) -> Path:
    """A small corpus of every supported format."""
    root = tmp_path_factory.mktemp("fixture-corpus")
    shutil.copy(SAMPLE, root / SAMPLE.name)
    make_pdf(root / "water-workshop.pdf", PDF_PAGES, header="SOUTH ASIA WATER FORUM")
    make_docx(root / "maritime-seminar.docx", DOCX_SECTIONS, "Maritime Trade Seminar")
    (root / "notes.md").write_text(
        "# Energy Roundtable\n\nEvent Date: 2024-05-10\n\nThe roundtable discussed solar "
        "tariffs. Engr. Bilal Ahmed said net metering added 1,200 megawatts in 2023.\n",
        encoding="utf-8")
    (root / "brief.html").write_text(
        "<html><head><title>Climate Brief</title></head><body><h1>Climate Brief</h1>"
        "<p>Glacial lakes in Gilgit-Baltistan are expanding, and the brief counts 36 lakes "
        "at risk of outburst floods.</p><script>alert(1)</script></body></html>",
        encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_index(fixture_corpus, tmp_path_factory) -> Settings:
    """The fixture corpus indexed once per session with the real model and Chroma."""
    from assistant import build_index

    index = tmp_path_factory.mktemp("fixture-index")
    settings = Settings(corpus_dir=fixture_corpus, index_dir=index)
    summary = build_index(settings=settings)
    assert summary.ok, summary.failed
    return settings


def copy_corpus(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(cmd: list[str], probe: str, name: str, timeout: float = 120, **popen):
    """Start a loopback server and wait until `probe` answers (any HTTP status counts)."""
    import subprocess
    import time
    import urllib.error
    import urllib.request

    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    proc = subprocess.Popen(cmd, **popen)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(probe, timeout=2)
            return proc
        except urllib.error.HTTPError:
            return proc  # it answers: a sign-in page says 401
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"{name} exited at start-up")
            time.sleep(0.5)
    proc.kill()
    pytest.fail(f"{name} did not start within {timeout:.0f} s")


def stop_server(proc) -> None:
    proc.terminate()
    proc.wait(timeout=30)
