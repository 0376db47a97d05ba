"""Main-content extraction from HTML reports: trafilatura against readability-lxml.

    python bench/html_extractors.py

The eval corpus has no HTML, so the pages are made here: the field case's CMS page and,
for each of the first text reports of ../shared/eval-corpus, its first paragraphs put in
three page layouts seen on think-tank sites (text in a <div> split by <br><br>; an
<article> of <p>; paragraphs mixed with a data table), each with a menu, a sidebar of
related links, a comment box and a footer. Prints per extractor: the share of body
paragraphs kept (recall), the share of boilerplate lines that leaked in, the share of
pages whose <title> came out, and milliseconds per page.
"""

from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BOILER = ["Home", "Subscribe to our newsletter", "Related: Annual report 2023",
          "Related: Call for papers", "Leave a comment", "All rights reserved",
          "Follow us on social media"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _chrome(title: str, body: str) -> str:
    nav = "<nav><a href='/'>Home</a> | <a href='/about'>About</a></nav>"
    side = ("<aside class='sidebar'><h3>Subscribe to our newsletter</h3><ul>"
            "<li><a href='/a'>Related: Annual report 2023</a></li>"
            "<li><a href='/b'>Related: Call for papers</a></li></ul></aside>")
    tail = ("<div class='comments'><h3>Leave a comment</h3><form><textarea></textarea>"
            "</form></div><footer><p>Copyright 2025 Institute. All rights reserved.</p>"
            "<p>Follow us on social media</p></footer>")
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body>"
            f"{nav}<div class='wrap'>{side}{body}</div>{tail}</body></html>")


def pages() -> list[tuple[str, str, list[str]]]:
    """(markup, title, body paragraphs) for each test page."""
    out = []
    case = SHARED / "field-cases" / "html-div-br" / "coastal-resilience-seminar.html"
    if case.exists():
        out.append((case.read_text(), "Seminar on Coastal Resilience",
                    ["mangrove plantation along the Indus delta covered 1,050 hectares",
                     "2 million acres of delta land", "The seminar brought together scientists",
                     "publish the full proceedings in August"]))
    for path in sorted((SHARED / "eval-corpus").glob("*.txt"))[:6]:
        paras = [re.sub(r"\s+", " ", p).strip() for p in path.read_text().split("\n\n")]
        paras = [p for p in paras if len(p) > 120 and not re.search(r"\.{4,}|\[Page", p)][:12]
        if len(paras) < 4:
            continue
        title = path.stem.replace("-", " ").title()
        esc = [html.escape(p) for p in paras]
        div = f"<div class='post-body'>{'<br><br>'.join(esc)}</div>"
        art = "<article>" + "".join(f"<p>{p}</p>" for p in esc) + "</article>"
        mixed = (f"<div class='content'><h1>{html.escape(title)}</h1>"
                 + "".join(f"<p>{p}</p>" for p in esc[: len(esc) // 2])
                 + "<div>" + "<br>".join(esc[len(esc) // 2:]) + "</div>"
                 + "<table><tr><th>Item</th><th>Value</th></tr><tr><td>Sessions</td>"
                   "<td>4</td></tr></table></div>")
        for body in (div, art, mixed):
            out.append((_chrome(title, body), title, [p[:80] for p in paras]))
    return out


def trafilatura_extract(markup: str) -> tuple[str, str]:
    import trafilatura

    text = trafilatura.extract(markup, include_tables=True, include_comments=False,
                               favor_recall=True) or ""
    meta = trafilatura.extract_metadata(markup)
    return (meta.title if meta and meta.title else ""), text


def readability_extract(markup: str) -> tuple[str, str]:
    from lxml import html as lhtml
    from readability import Document

    doc = Document(markup)
    summary = doc.summary(html_partial=True)
    text = lhtml.fromstring(summary).text_content() if summary.strip() else ""
    return doc.title() or "", text


def main() -> int:
    tests = pages()
    print(f"{len(tests)} pages")
    print(f"{'extractor':<14}{'body kept':>10}{'boilerplate':>12}{'title':>7}{'ms/page':>9}")
    for name, fn in (("trafilatura", trafilatura_extract), ("readability", readability_extract)):
        kept = total = leaked = titles = 0
        started = time.perf_counter()
        for markup, title, paras in tests:
            got_title, text = fn(markup)
            flat = _norm(text)
            kept += sum(_norm(p) in flat for p in paras)
            total += len(paras)
            leaked += sum(_norm(b) in flat for b in BOILER)
            titles += _norm(title) in _norm(got_title)
        ms = 1000 * (time.perf_counter() - started) / len(tests)
        print(f"{name:<14}{kept / total:>10.3f}{leaked / (len(BOILER) * len(tests)):>12.3f}"
              f"{titles / len(tests):>7.2f}{ms:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
