"""HTML reports: visible text, sectioned by headings like DOCX."""

from __future__ import annotations

import re

_HEADINGS = ("h1", "h2", "h3", "h4")


def read_html(markup: str) -> tuple[list[tuple[str, str]], str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head", "nav"]):
        tag.decompose()
    title = ""
    if soup.title and soup.title.string:
        title = soup.title.string.strip()
    sections: list[tuple[str, list[str]]] = []
    trail: list[str] = []
    current: list[str] = []
    blocks = soup.find_all([*_HEADINGS, "p", "li", "td", "th", "pre", "blockquote"])
    for block in blocks:
        if block.find_parent(["p", "li", "td", "th", "pre", "blockquote"]):
            continue  # its text is part of the enclosing block
        text = re.sub(r"\s+", " ", block.get_text(" ")).strip()
        if not text:
            continue
        if block.name in _HEADINGS:
            if current:
                sections.append((" > ".join(trail), current))
                current = []
            level = int(block.name[1])
            trail = trail[: level - 1] + [text]
            title = title or text
        current.append(text)
    if current:
        sections.append((" > ".join(trail), current))
    if not sections:  # no block structure at all: fall back to the visible text
        text = soup.get_text("\n").strip()
        sections = [("", [text])] if text else []
    return [(loc, "\n\n".join(paras)) for loc, paras in sections], title
