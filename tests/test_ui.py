"""The web chat, as users and scripts meet it: gradio_client against the running app, and
Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLE, free_port, start_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
HOSTILE = (
    "Hostile Seminar Report\n\nEvent Date: 2024-02-02\n\n"
    'The hostile seminar discussed <img src=x onerror="window.__pwned=1"> tactics and '
    "<script>window.__pwned=2</script> counter-measures against disinformation. "
    "Delegates were told to read [the agenda](javascript:window.__pwned=3) before voting.\n"
)
UPLOADED = ("Karakoram Highway Workshop\n\nThe workshop on the Karakoram Highway agreed that "
            "landslide warning stations should be built at Attabad and Passu by 2027.\n")


def _start_app(root: Path, corpus: Path, **env_extra: str):
    port = free_port()
    env = dict(os.environ, ASSISTANT_CORPUS_DIR=str(corpus),
               ASSISTANT_INDEX_DIR=str(root / "index"), GRADIO_SERVER_PORT=str(port),
               GRADIO_ANALYTICS_ENABLED="False", **env_extra)
    url = f"http://127.0.0.1:{port}/"
    # the first run builds the index before serving
    proc = start_server([sys.executable, str(ROOT / "app.py")], url, "app.py", timeout=240,
                        cwd=root, env=env)
    return proc, url


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (root / "secret.txt").write_text("outside the corpus")
    (corpus / "link.txt").symlink_to(root / "secret.txt")
    proc, url = _start_app(root, corpus, ASSISTANT_UPLOAD_MAX_MB="1")
    yield url, corpus, root
    proc.terminate()
    proc.wait(timeout=30)


def test_api_answers_with_the_cited_sentence_and_page(app_url):
    from gradio_client import Client

    url, _, _ = app_url
    client = Client(url, verbose=False)
    d = client.predict("Who spoke on food security at the Russia–Pakistan forum?",
                       api_name="/ask")
    assert d["found"] is True
    c = d["citations"][0]
    assert c["file"] == SAMPLE.name and c["page"] == 1 and "Zulfiqar Ali" in c["quote"]
    none = client.predict("What is the boiling point of mercury on Venus?", api_name="/ask")
    assert none["found"] is False and none["citations"] == []


def test_file_serving_stays_inside_the_corpus(app_url):
    url, corpus, root = app_url

    def status(path: str) -> int:
        try:
            return urllib.request.urlopen(url + "gradio_api/file=" + path, timeout=5).status
        except urllib.error.HTTPError as exc:
            return exc.code

    # reports open through /report/ (test_hardening_app.py); Gradio's route serves none
    assert status(str(corpus / SAMPLE.name)) >= 400
    assert status("/etc/passwd") >= 400
    assert status(f"{corpus}/../secret.txt") >= 400
    assert status(str(corpus / "link.txt")) >= 400


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: apt-get install chromium (make test does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def _ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


@pytest.mark.browser
def test_chat_streams_a_cited_answer_and_highlights_the_source(app_url, browser):
    url, _, _ = app_url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    _ask(page, "What did the trade representative invite Pakistani businesses to?")
    page.wait_for_selector("#sources mark", timeout=60_000)
    chat = page.locator("#chat").inner_text()
    assert "INNOPROM 2026" in chat and "[1]" in chat
    mark = page.locator("#sources mark").first.inner_text()
    assert "He invited Pakistani traders" in mark
    link = page.locator("#sources a").first.get_attribute("href")
    assert SAMPLE.name in link
    # the link opens the report without showing users the server's folders
    assert str(app_url[1]) not in link and page.request.get(url + link.lstrip("/")).ok
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)

    # a follow-up uses the conversation; "Clear" starts over
    _ask(page, "Which university is he from?")
    page.wait_for_function("document.querySelectorAll('#chat .message').length >= 4 || "
                           "document.querySelector('#chat').innerText.split('[1]').length > 2",
                           timeout=60_000)
    page.get_by_role("button", name="New conversation").click()
    try:
        page.wait_for_function("!document.querySelector('#chat').innerText.includes('INNOPROM')",
                               timeout=10_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "new-conversation-failed.png"), full_page=True)
        raise
    page.close()


@pytest.mark.browser
def test_hostile_report_stays_inert(app_url, browser):
    url, _, _ = app_url
    page = browser.new_page()
    page.goto(url)
    _ask(page, "What did the hostile seminar discuss?")
    page.wait_for_selector("#sources mark", timeout=60_000)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__pwned") is None
    sources = page.locator("#sources").inner_text()
    assert "<img src=x" in sources and "<script>" in sources  # shown as text
    assert page.locator("#sources img, #chat img, #sources script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.close()


@pytest.mark.browser
def test_upload_indexes_a_report_and_refuses_a_bad_one(app_url, browser, tmp_path):
    url, corpus, _ = app_url
    good = tmp_path / "karakoram.txt"
    good.write_text(UPLOADED, encoding="utf-8")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(os.urandom(4096))
    big = tmp_path / "big.txt"
    big.write_text("Long minutes of a long meeting. " * 50_000)  # 1.6 MB, over the 1 MB limit
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(url)
    page.get_by_text("Reports", exact=True).click()
    page.set_input_files("#uploader input[type=file]", [str(good), str(bad), str(big)])
    page.wait_for_timeout(1500)
    page.locator("#add").click()
    page.wait_for_function(
        "document.querySelector('#status textarea').value.includes('Added')", timeout=120_000)
    status = page.locator("#status textarea").input_value()
    assert "Refused broken.pdf: named .pdf but holds binary data" in status
    assert "Refused big.txt: 1.6 MB is over the 1 MB limit" in status
    assert (corpus / "uploads" / "karakoram.txt").exists()
    assert not (corpus / "uploads" / "broken.pdf").exists()
    _ask(page, "Where should landslide warning stations be built?")
    page.wait_for_selector("#sources mark", timeout=60_000)
    assert "Attabad" in page.locator("#sources mark").first.inner_text()
    assert "uploads/karakoram.txt" in page.locator("#sources").inner_text()

    # the report list can remove it again; the answer is gone at once
    page.locator("#remove-pick input").click()
    page.locator("#remove-pick input").fill("uploads/karakoram.txt")
    page.get_by_role("option", name="uploads/karakoram.txt").click()
    page.locator("#remove").click()
    page.wait_for_function(
        "document.querySelector('#status textarea').value.includes('Removed')", timeout=60_000)
    assert not (corpus / "uploads" / "karakoram.txt").exists()
    page.close()

    from gradio_client import Client

    d = Client(url, verbose=False).predict(
        "Where should landslide warning stations be built?", api_name="/ask")
    assert all(c["file"] != "uploads/karakoram.txt" for c in d["citations"])


def test_sign_in_guards_the_chat_and_the_api(tmp_path):
    from gradio_client import Client

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    proc, url = _start_app(tmp_path, corpus, ASSISTANT_AUTH_USERNAME="capes",
                           ASSISTANT_AUTH_PASSWORD="s3cret")
    try:
        with pytest.raises(Exception):  # noqa: B017 (gradio_client raises several types)
            Client(url, verbose=False).predict("Who organised the forum?", api_name="/ask")
        d = Client(url, auth=("capes", "s3cret"), verbose=False).predict(
            "Who organised the forum?", api_name="/ask")
        assert d["found"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=30)
