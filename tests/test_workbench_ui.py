"""The analyst's workbench as a user meets it, in Debian's Chromium against the running
app with sign-in on: a citation opened in the viewer with its highlight, a saved
conversation reopened after a reload, both exports read back, a thumbs-down exported as
an eval line, the report list following the folder, and the HTTP API with and without
credentials."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import PDF_PAGES, ROOT, SAMPLE, make_pdf
from .test_ui import ARTIFACTS, _start_app, browser  # noqa: F401 (fixture)

USER, PASSWORD, TOKEN = "analyst", "s3cret-pass", "tok-123"
PDF_QUESTION = "Who described the national water policy of 2018?"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("workbench")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    make_pdf(corpus / "water-workshop.pdf", PDF_PAGES, header="SOUTH ASIA WATER FORUM")
    proc, url = _start_app(root, corpus, ASSISTANT_AUTH_USERNAME=USER,
                           ASSISTANT_AUTH_PASSWORD=PASSWORD, ASSISTANT_API_TOKEN=TOKEN)
    yield url, corpus, root
    proc.terminate()
    proc.wait(timeout=30)


def _call(url: str, method: str = "GET", body: bytes | None = None,
          headers: dict | None = None) -> tuple[int, object]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def _basic(user: str = USER, password: str = PASSWORD) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_api_needs_credentials_and_answers_with_them(app, tmp_path):
    url, corpus, _ = app
    api = url + "api/v1/"
    assert _call(api + "reports")[0] == 401
    assert _call(api + "reports", headers=_basic(password="wrong"))[0] == 401
    assert _call(api + "reports", headers={"Authorization": "Bearer nope"})[0] == 401
    status, reports = _call(api + "reports", headers=_basic())
    assert status == 200
    assert {r["file"]: r["state"] for r in reports} == {SAMPLE.name: "indexed",
                                                        "water-workshop.pdf": "indexed"}
    body = json.dumps({"question": "Who spoke on food security at the Russia–Pakistan forum?",
                       "filters": {"files": [SAMPLE.name]}}).encode()
    json_headers = {"Content-Type": "application/json"}
    assert _call(api + "ask", "POST", body, json_headers)[0] == 401
    status, answer = _call(api + "ask", "POST", body,
                           {**json_headers, "Authorization": f"Bearer {TOKEN}"})
    assert status == 200 and answer["found"] is True
    assert answer["citations"][0]["file"] == SAMPLE.name
    assert "Zulfiqar Ali" in answer["citations"][0]["quote"]
    bad = json.dumps({"question": "Who?", "filters": {"date_from": "yesterday"}}).encode()
    status, err = _call(api + "ask", "POST", bad, {**json_headers, **_basic()})
    assert status == 422 and "yesterday" in json.dumps(err)

    # upload, then remove, through the API
    boundary = "----workbench"
    text = ("Glacier Monitoring Workshop\n\nThe workshop agreed that the Shishper glacier "
            "needs two new automatic weather stations by 2026.\n")
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"glacier.txt\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n"
            f"--{boundary}--\r\n").encode()
    form_headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    assert _call(api + "reports", "POST", form, form_headers)[0] == 401
    status, added = _call(api + "reports", "POST", form, {**form_headers, **_basic()})
    assert status == 201 and added["file"] == "uploads/glacier.txt"
    assert (corpus / "uploads" / "glacier.txt").exists()
    assert _call(api + "reports/uploads/glacier.txt", "DELETE")[0] == 401
    status, removed = _call(api + "reports/uploads/glacier.txt", "DELETE", headers=_basic())
    assert status == 200 and removed["removed"] is True
    assert not (corpus / "uploads" / "glacier.txt").exists()
    assert _call(api + "reports/../secret.txt", "DELETE", headers=_basic())[0] == 404

    status, spec = _call(url + "openapi.json")
    assert status == 200
    assert {"/api/v1/ask", "/api/v1/reports", "/api/v1/reports/{file}"} <= set(spec["paths"])


def _sign_in(page, url: str) -> None:
    page.goto(url)
    page.locator("input[type=text], input[name=username]").first.fill(USER)
    page.locator("input[type=password]").first.fill(PASSWORD)
    page.locator("button:has-text('Login'), button[type=submit]").first.click()
    page.wait_for_selector("#question textarea", timeout=60_000)


def _ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


@pytest.mark.browser
def test_the_analyst_workflow_in_the_browser(app, browser, tmp_path, request):  # noqa: F811
    import docx

    url, corpus, root = app
    context = browser.new_context(viewport={"width": 1600, "height": 1300},
                                  accept_downloads=True)
    # Closed even when the test fails: a page left open keeps polling the shared app
    # (the report list's timer) while the next test signs in.
    request.addfinalizer(context.close)
    page = context.new_page()
    _sign_in(page, url)

    # A question answered from the PDF; its citation opened in the viewer.
    _ask(page, PDF_QUESTION)
    page.wait_for_selector("#sources mark", timeout=90_000)
    assert "Tariq Hussain" in page.locator("#sources mark").first.inner_text()
    assert page.locator("#chat").inner_text().count("Confidence") <= 1
    page.locator("#cite-pick label").first.click()
    page.wait_for_selector("#viewer .viewer-page img", timeout=60_000)
    assert page.locator("#viewer .hl").count() >= 1
    caption = page.locator("#viewer .viewer-caption").inner_text()
    assert "water-workshop.pdf" in caption and "page 2 of 3" in caption
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viewer.png"), full_page=True)
    # the "open report" link stays beside the source
    assert "water-workshop.pdf" in page.locator("#sources a").first.get_attribute("href")
    page.locator("#viewer-next").click()
    page.wait_for_function("document.querySelector('#viewer .viewer-caption')?.innerText?"
                           ".includes('page 3 of 3')", timeout=30_000)
    page.locator("#viewer-prev").click()
    page.wait_for_function("document.querySelector('#viewer .viewer-caption')?.innerText?"
                           ".includes('page 2 of 3')", timeout=30_000)
    assert page.locator("#viewer .hl").count() >= 1
    page.locator("#viewer-zoom-in").click()
    page.wait_for_function("document.querySelector('#viewer .viewer-page')"
                           "?.getAttribute('data-zoom') == '1.25'", timeout=30_000)

    # A refused question in the same conversation, then thumbs down on the first answer.
    _ask(page, "What is the boiling point of mercury on Venus?")
    page.wait_for_function("document.querySelectorAll('#chat .message').length >= 4 && "
                           "document.querySelector('#chat')?.innerText?.includes('Not answered')",
                           timeout=90_000)
    page.locator("#chat button[aria-label='Dislike']").first.click()
    page.wait_for_function("document.querySelector('#feedback-note')?.innerText?"
                           ".includes('Thumbs down saved')", timeout=30_000)
    page.locator("#feedback-comment textarea").fill("Quote is right but the page is wrong")
    page.locator("#send-comment").click()
    page.wait_for_function("document.querySelector('#feedback-note')?.innerText?"
                           ".includes('Comment saved')", timeout=30_000)

    # Export the conversation in both formats and read them back.
    page.locator("#export").get_by_text("Export", exact=True).first.click()
    exported: dict[str, Path] = {}
    for button, suffix in (("#exp-c-docx", ".docx"), ("#exp-c-md", ".md")):
        page.locator(button).click()
        page.wait_for_function(
            f"[...document.querySelectorAll('#export-file a')].some(a => "
            f"(a.getAttribute('href') || '').includes('{suffix}'))", timeout=30_000)
        href = next(h for h in (a.get_attribute("href") for a in
                                page.locator("#export-file a").all()) if suffix in (h or ""))
        body = page.request.get(href if href.startswith("http") else url + href.lstrip("/"))
        assert body.ok
        exported[suffix] = tmp_path / f"export{suffix}"
        exported[suffix].write_bytes(body.body())
    text = "\n".join(p.text for p in docx.Document(str(exported[".docx"])).paragraphs)
    md = exported[".md"].read_text(encoding="utf-8")
    for content in (text, md):
        assert PDF_QUESTION in content and "References" in content
        assert "water-workshop.pdf" in content and "page 2" in content
        assert "event date 2025-03-03" in content and "Tariq Hussain" in content
        assert "Not answered: the reports do not hold the answer." in content

    # The thumbs-down comes out of `assistant feedback export` marked for review.
    env = dict(os.environ, ASSISTANT_CORPUS_DIR=str(corpus),
               ASSISTANT_INDEX_DIR=str(root / "index"))
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "feedback", "export"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(s) for s in out.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["review"] is True
    assert lines[0]["question"] == PDF_QUESTION and "page is wrong" in lines[0]["comment"]
    assert "0 ready to use, 1 marked for review" in out.stderr

    # After a reload the conversation is in the sidebar and reopens whole.
    page.reload()
    page.wait_for_selector("#conversations label", timeout=60_000)
    page.locator("#conversations label", has_text=PDF_QUESTION[:30]).first.click()
    page.wait_for_function("document.querySelector('#chat')?.innerText?.includes('Venus') && "
                           "document.querySelector('#chat')?.innerText?.includes('Tariq')",
                           timeout=30_000)
    page.locator("#cite-pick label").first.wait_for(timeout=30_000)

    # The report list follows the folder: `assistant index --watch` beside the chat.
    watcher = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", "--watch",
                                "-q"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        page.get_by_text("Reports", exact=True).click()
        (corpus / "dam-safety.txt").write_text(
            "Dam Safety Roundtable\n\nEvent Date: 2025-04-01\n\nThe roundtable asked that "
            "the Mangla dam be inspected every five years.\n", encoding="utf-8")
        (corpus / "broken.pdf").write_bytes(b"\x00\x01garbage" * 200)
        page.wait_for_function(
            "(() => { const t = document.querySelector('#report-table')?.innerText || '';"
            " return t.includes('dam-safety.txt') && !t.includes('waiting to be indexed') &&"
            " t.includes('broken.pdf') && t.includes('failed'); })()", timeout=180_000)
        table = page.locator("#report-table").inner_text()
        assert "binary" in table
        page.locator("#new-conversation").click()
        page.wait_for_function("!document.querySelector('#chat')?.innerText?.includes('Venus')",
                               timeout=30_000)
        _ask(page, "How often should the Mangla dam be inspected?")
        try:
            page.wait_for_function("document.querySelector('#sources')?.innerText?"
                                   ".includes('dam-safety.txt')", timeout=90_000)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "watch-failed.png"), full_page=True)
            pytest.fail("the watched report was not cited; chat: "
                        f"{page.locator('#chat').inner_text()!r}; sources: "
                        f"{page.locator('#sources').inner_text()!r}")
    finally:
        watcher.terminate()
        watcher.wait(timeout=60)


@pytest.mark.browser
def test_readme_screenshot_shows_the_viewer(app, browser, request):  # noqa: F811
    """Regenerates artifacts/chat-viewer.png, the picture docs/chat.png is copied from."""
    url, _, _ = app
    page = browser.new_page(viewport={"width": 1500, "height": 1050})
    request.addfinalizer(page.close)
    _sign_in(page, url)
    page.locator("#new-conversation").click()
    _ask(page, PDF_QUESTION)
    page.wait_for_selector("#sources mark", timeout=90_000)
    page.locator("#cite-pick label").first.click()
    page.wait_for_selector("#viewer .hl", timeout=60_000)
    page.wait_for_timeout(800)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "chat-viewer.png"))
