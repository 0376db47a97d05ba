"""HTML reports: the page's main content (readability-lxml, with the whole visible text
as a fallback when it finds too little), sectioned by headings like DOCX, the <title>
kept.

Text counts wherever it sits: in <p>, in a <div> split by <br>, in list items and table
cells (tables come out one row per line). readability-lxml was measured against
trafilatura on CMS-style pages (bench/html_extractors.py): it kept every body paragraph
where trafilatura dropped 2.7% of them, and was ~25 times faster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..types import Section
from .tables import is_table, table_lines

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
    "tbody", "thead", "tfoot", "tr", "td", "th", "caption", *_HEADINGS,
}
_DROP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object",
         "button", "select", "textarea", "input", "canvas"}
_CHROME = {"nav", "footer", "aside", "form"}
# A cookie or consent banner (WordPress's "cookie-law-info-bar", OneTrust, Cookiebot,
# Complianz, Osano's "cc-window"), named so by its id, class or label: site furniture,
# whose "This website uses cookies ..." would be read as the report's first paragraph.
# Each class or id word is judged alone, and must name a banner, not just the subject:
# WordPress puts a post's tags and categories in its wrapper's class ("tag-gdpr",
# "category-consent"), and a page may name a box of its own text "cookie-exports".
_CONSENT = re.compile(
    r"onetrust|cmplz|cookiebot|borlabs|iubenda|usercentrics|truste|cookieyes|^qc-cmp|"
    r"^cc-(?:window|banner)$|cookie.*consent|consent.*cookie|"
    r"(?:cookie|consent|gdpr).*(?:bar|banner|notice|popup|pop-up|modal|dialog|law|overlay|"
    r"alert|sdk|box|window|wrapper|container|info|accept)|"
    r"(?:bar|banner|notice|popup|modal|dialog|overlay|alert|box|window).*(?:cookie|consent|gdpr)",
    re.I)
_TAXONOMY = re.compile(r"^(?:tag|category|post|postid|page-id|format|status)-", re.I)
# What a banner says: cookies, consent or privacy.
_CONSENT_TEXT = re.compile(r"cookie|consent|privacy|gdpr", re.I)
# Below this share of the visible text, the extractor's main content is not trusted.
_MIN_SHARE = 0.25


@dataclass
class HtmlPage:
    sections: list[Section]
    title: str
    notes: list[str] = field(default_factory=list)
    # The page's visible text from the top, main content or not: where a header block
    # ("Date: ...", "Venue: ...") sits, often outside the article itself.
    head: str = ""
    # The page's publication date as its markup states it (ISO), where no text may:
    # a CMS's <meta property="article:published_time">, JSON-LD "datePublished", a
    # <time datetime> in the article's header.
    published: str | None = None


def read_html(markup: str, label: str = "") -> HtmlPage:
    """The main content of a page as `Section`s (location: the heading path) and its
    title: <title>, else the first heading."""
    from lxml import html as lhtml

    try:
        root = lhtml.document_fromstring(markup)
    except Exception:  # lxml rejects empty or odd markup; there is nothing to read then
        return HtmlPage([], "")
    title = ""
    title_el = root.find(".//title")
    if title_el is not None and title_el.text_content().strip():
        title = re.sub(r"\s+", " ", title_el.text_content()).strip()
    full = _Walker()
    full.walk(_body(root), skip=_DROP | _CHROME)
    full.flush()
    main = _main_content(markup)
    chosen = full
    if main is not None:
        walker = _Walker()
        walker.walk(main, skip=_DROP | _CHROME)
        walker.flush()
        if walker.chars() >= _MIN_SHARE * full.chars() and walker.chars():
            chosen = walker
    notes = []
    dropped = full.images
    if dropped:
        notes.append(f"{label}: not read: {dropped} images")
    head = "\n".join(text for _, text in full.blocks[:30])
    title = _headline(title, root) or title
    if chosen is not full:
        chosen.blocks = _with_dropped_text(chosen.blocks, _body(root))
    sections = chosen.sections()
    if chosen is not full and main is not None:
        notes_text = _dropped_footnotes(root, main, chosen)
        if notes_text:
            sections.append(Section("Footnotes", "\n\n".join(notes_text)))
    return HtmlPage(sections, title or chosen.first_heading, notes, head, _published(root))


# Meta tags naming a page's publication date: Open Graph / Facebook's article tags,
# Dublin Core, schema.org microdata, and the plain names CMSs and news sites write.
_DATE_META = ("article:published_time", "og:published_time", "datepublished",
              "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "date",
              "pubdate", "publishdate", "publish-date", "publication_date",
              "sailthru.date", "parsely-pub-date", "citation_publication_date")


def _published(root: Any) -> str | None:
    """The page's date from its markup: an event's start (JSON-LD "startDate", an
    element marked "startDate" or "dtstart"), else its publication date: JSON-LD
    "datePublished", a meta tag of `_DATE_META`, an element marked
    itemprop="datePublished", else the first <time datetime> outside the page's
    navigation, sidebars, footer and comments (Ghost's and Joomla's article header).
    Where the text gives no date, a web page's is the date it was posted, as "Posted on
    3 December 2025" would say."""
    from ..dates import parse_date

    for value in _date_values(root):
        # the date as written; a time and zone after it are the clock's, not the day's
        day = parse_date(value.strip()[:10]) or parse_date(value)
        if day is not None:
            return day.isoformat()
    return None


def _date_values(root: Any) -> list[str]:
    """`_published`'s candidates, in the order they are trusted."""
    import json

    values: list[str] = []
    documents = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            documents.append(json.loads(script.text or ""))
        except ValueError:
            continue
    # An event page's own date first (schema.org Event "startDate", the hCalendar
    # "dtstart" of The Events Calendar, whose visible "November 5 @ 9:00 am" has no year),
    # then the date the page was published.
    values.extend(d for doc in documents for d in _json_dates(doc, "startDate"))
    # not an "Upcoming events" list in a sidebar or footer: other events' dates
    values.extend(el.get("content") or el.get("datetime") or el.get("title") or ""
                  for el in root.xpath("//*[@itemprop='startDate'] | //*[contains("
                                       "concat(' ', normalize-space(@class), ' '), ' dtstart ')]")
                  if not _in_chrome(el))
    values.extend(d for doc in documents for d in _json_dates(doc, "datePublished"))
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "")
        if name.lower() in _DATE_META:
            values.append(meta.get("content") or "")
    for el in root.xpath("//*[@itemprop='datePublished']"):
        values.append(el.get("datetime") or el.get("content") or el.text_content())
    for el in root.iter("time"):
        if el.get("datetime") and not _in_chrome(el):
            values.append(el.get("datetime") or "")
            break
    return values


def _in_chrome(el: Any) -> bool:
    """Whether `el` sits in the page's navigation, sidebars, footer or comments."""
    return any(a.tag in _CHROME or re.search(
        r"comment|related|sidebar|widget|upcoming",
        " ".join((a.get("class") or "", a.get("id") or "")), re.I)
        for a in el.iterancestors())


def _json_dates(data: Any, key: str) -> list[str]:
    """The `key` values ("startDate", "datePublished") anywhere in a JSON-LD document (an
    @graph or a list)."""
    if isinstance(data, dict):
        found = [data[key]] if isinstance(data.get(key), str) else []
        return found + [d for v in data.values() for d in _json_dates(v, key)]
    if isinstance(data, list):
        return [d for v in data for d in _json_dates(v, key)]
    return []


# The anchor names of footnotes and endnotes: Word's "Save as Web Page" (_ftn1, _edn1),
# WordPress and Markdown (fn1, fn:1, fn-1, footnote-1), Google Docs (ftnt1).
_NOTE_NAME = re.compile(r"^_?(?:ftnt?|edn|fn|footnote|endnote|note)[-:_]?\d+$", re.I)


def _dropped_footnotes(root: Any, main: Any, chosen: _Walker) -> list[str]:
    """The footnotes that the main text refers to ("mmbtu[1]" linked to "#_ftn1") but that
    readability left out as page furniture: each a paragraph of its own. A footnote holds
    what the sentence does not (a date, a source, a figure), so it is read."""
    have = re.sub(r"\s+", " ", " ".join(text for _, text in chosen.blocks))
    out: list[str] = []
    for a in main.iter("a"):
        name = (a.get("href") or "").lstrip("#")
        if not (a.get("href") or "").startswith("#") or not _NOTE_NAME.match(name):
            continue
        target = next(iter(root.xpath("//*[@id=$n or @name=$n]", n=name)), None)
        while target is not None and target.tag not in ("p", "li", "div", "aside"):
            target = target.getparent()
        if target is None:
            continue
        walker = _Walker()
        walker.walk(target, skip=_DROP)
        walker.flush()
        text = " ".join(t for _, t in walker.blocks).strip()
        if text and text not in out and re.sub(r"^\W*\d+\W*", "", text)[:60] not in have:
            out.append(text)
    return out


# Between a CMS page's headline and its site name in <title>: "Seminar on X – Institute",
# "Institute | Seminar on X", "Seminar on X :: Institute".
_TITLE_SEPARATOR = re.compile(r"\s+(?:[-–—|·•»:]|::)\s+")


def _headline(title: str, root: Any) -> str:
    """The part of a `<title>` that is the page's own <h1> headline, without the site
    name a template adds beside it; "" when no part is. The headline is whole between
    separators ("Pakistan – India Talks | Institute"), and of two <h1>s that both fit
    (a site-name logo and the article's), the longer one."""
    found = ""
    sep = _TITLE_SEPARATOR.pattern
    # A page without an <h1> (an older template) has its headline in an <h2>, or in an
    # <h3> under a date heading in <h2> (Blogger's "Tuesday, March 4, 2025" over the post).
    levels = ("h1",) if root.find(".//h1") is not None else ("h2", "h3")
    for level in levels:
        if level == "h3":
            # Blogger's "Blog Name: Post Title"; an <h2> "Water Governance" under
            # "Workshop Report: Water Governance" is a section's heading
            sep = rf"(?:{_TITLE_SEPARATOR.pattern}|:\s+)"
        for h in root.iter(level):
            head = re.sub(r"\s+", " ", h.text_content()).strip()
            if not head or len(head) <= len(found) or len(head) >= len(title):
                continue
            if re.search(rf"(?:^|{sep}){re.escape(head)}(?:{sep}|$)", title, re.I):
                found = head
        if found:
            break
    heads = [re.sub(r"\s+", " ", h.text_content()).strip() for h in root.iter("h1")]
    heads = [h for h in heads if h]
    # A <title> that is a word of the page's one <h1> ("Newsletter" over "Delta
    # Newsletter - Spring Issue") is a shortened headline: the <h1> says more.
    if not found and title and len(heads) == 1 and len(heads[0]) > len(title) and \
            re.search(rf"\b{re.escape(title)}\b", heads[0], re.I):
        found = heads[0]
    return found


# Page furniture by a word of its class or id: comments, related or recent posts, share
# buttons, widgets, a site footer ("site-footer", "comments-area", "related_posts"); whole
# words only ("has-sidebar" marks a layout, not a sidebar).
_FURNITURE = re.compile(r"(?:^|[-_])(?:comments?|related|recent|share|sharing|social|widgets?|"
                        r"sidebar|newsletter|subscribe|promo|advert|ads|breadcrumbs?|"
                        r"pagination|author|menu|nav|footer|copyright|tags)(?:[-_]|$)", re.I)


def _with_dropped_text(blocks: list[tuple[int, str]], body: Any) -> list[tuple[int, str]]:
    """`blocks` (readability's main content) with the text it dropped beside it put back
    in its place: a box of "Label: figure" lines, a table whose cells hold paragraphs, a
    <div> of <br> lines next to the article's <p>s. Only within the element one level
    above the one holding the main content (the article's wrapper, not the page), and a
    block counts that has eight words or more and a figure or a sentence's end, outside
    page furniture (by a word of its class or id, `_FURNITURE`; <nav>, <aside>, <footer>
    and forms are never read)."""
    from copy import deepcopy

    if not blocks:
        return blocks
    container = _wrapper(body, blocks)
    if container is None:
        return blocks
    container = deepcopy(container)
    for el in list(container.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}".split()
        if any(_FURNITURE.search(w) and not _TAXONOMY.match(w) for w in names):
            el.drop_tree()
    page = _Walker()
    page.walk(container, skip=_DROP | _CHROME)
    page.flush()
    have = {re.sub(r"\s+", " ", text) for _, text in blocks}
    out = list(blocks)
    at = -1  # where in `out` the page's last block of the main content is
    started = False
    for level, text in page.blocks:
        flat = re.sub(r"\s+", " ", text)
        if flat in have:
            started = True
            at = next((k for k, (_, t) in enumerate(out) if re.sub(r"\s+", " ", t) == flat),
                      at)
            continue
        if started and len(flat.split()) >= 8 and re.search(r"\d|[.!?](?:\s|$)", flat) \
                and not _CONSENT_TEXT.search(flat) and not any(flat in h for h in have):
            at += 1
            out.insert(at, (level, text))
    return out


def _wrapper(body: Any, blocks: list[tuple[int, str]]) -> Any:
    """The parent of the element of `body` where the main content's first block starts,
    taken up to the first that holds its last block too (the body itself at most); None
    when the blocks are not found as written."""
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    first, last = norm(blocks[0][1])[:15], norm(blocks[-1][1])[-15:]
    start = next((el for el in body.iter() if isinstance(el.tag, str)
                  and first and first in norm(el.text or "")), None)
    for el in ([start, *start.iterancestors()] if start is not None else []):
        if last in norm(el.text_content()):
            parent = el.getparent()
            return el if el is body or parent is None else parent
    return None


def _body(root: Any) -> Any:
    body = root.find(".//body")
    return body if body is not None else root


def _main_content(markup: str) -> Any:
    """readability-lxml's main-content element, or None when it fails or is missing."""
    try:
        from lxml import html as lhtml
        from readability import Document

        summary = Document(markup).summary(html_partial=True)
        return lhtml.fragment_fromstring(summary, create_parent="div") if summary else None
    except Exception:  # not installed, or a page it cannot score: use the whole text
        return None


# A table whose cells hold headings, tables of their own or whole paragraphs lays out a
# page (old sites and e-mailed newsletters: a menu cell beside an article cell), and is
# read as the blocks it holds, not as rows of data.
_LAYOUT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "table", "article", "section")
_LAYOUT_WORDS = 80


def _layout_table(table: Any) -> bool:
    # A table of one cell a row frames the page (a title-and-date row over an article
    # row, as DOCX reports framed in a one-column table are): read as rows, a cell's
    # "Date: ..." paragraph ran into its title and the header block was lost.
    rows = [tr for tr in table.iter("tr") if _own_table(tr) is table]
    if rows and all(sum(1 for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")) == 1
                    for tr in rows) and any(_paragraphed(c) or c.find(".//br") is not None
                                            for c in table.iter("td", "th")):
        return True
    for cell in table.iter("td", "th"):
        if any(cell.find(f".//{t}") is not None for t in _LAYOUT_TAGS):
            return True
        # Whole paragraphs, not a data table's long remarks cell (one run of text).
        if len(cell.text_content().split()) > _LAYOUT_WORDS and _paragraphed(cell):
            return True
    return False


def _blank_line(el: Any) -> bool:
    """A blank line as mail editors write one: "<div><br></div>" (Gmail, Apple Mail and
    other rich-text editors) or Word's "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
    (Outlook). A WordPress "<p>&nbsp;</p>" spacer is none: its page's paragraphs are
    whole paragraphs."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag not in ("div", "p") or el.text_content().replace("\xa0", " ").strip():
        return False
    kids = [c.tag for c in el.iter() if c is not el and isinstance(c.tag, str)]
    return bool(kids) and (all(k == "br" for k in kids) or "o:p" in kids)


def _bold_line(el: Any) -> bool:
    """Whether all of a line's text is bold: "<div><b>Results</b></div>"."""
    text = el.text_content().strip()
    bold = "".join(b.text_content() for b in el.iter("b", "strong")
                   if not any(a.tag in ("b", "strong") for a in b.iterancestors()))
    return bool(text) and re.sub(r"\s+", "", bold) == re.sub(r"\s+", "", text)


def _line_block(el: Any, tag: str, seen: dict[Any, bool]) -> bool:
    """Whether `el` is a line of a page written in a mail editor, which puts every line
    in a <div> (or Word a <p>) of its own and a blank line (`_blank_line`) between
    paragraphs: the lines of a paragraph wrapped by hand ("Growers said that kinnow
    exports to" / "Russia fell to 95,000 tonnes.") are one paragraph, not one each
    that splits the sentence. Only where a sibling is such a blank line."""
    parent = el.getparent()
    if tag not in ("div", "p") or parent is None or any(
            isinstance(c.tag, str) and c.tag in _BLOCKS for c in el.iterdescendants()):
        return False
    if parent not in seen:  # `seen`: each parent's children are looked at once
        seen[parent] = any(_blank_line(sib) for sib in parent)
    return seen[parent]


def _own_table(tr: Any) -> Any:
    return next(tr.iterancestors("table"), None)


def _time_text(el: Any) -> str:
    """A <time>'s text, its numeric date written as its datetime attribute says:
    "Tue, 07/08/2025 - 12:00" with datetime="2025-07-08" is 8 July (a US-style CMS date
    the day-first rule would read as 7 August)."""
    from datetime import date

    from ..dates import find_date

    text = el.text_content()
    m = re.match(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)", el.get("datetime") or "")
    found = find_date(text)
    if not m or found is None:
        return text
    try:
        meant = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return text
    day, (start, end) = found
    # Only the day and month swapped: a date a day off is the attribute's UTC against the
    # page's local time ("09/07/2025 - 02:30" with datetime="2025-07-08T21:30:00Z").
    if (day.month, day.day) != (meant.day, meant.month) or day.year != meant.year \
            or not re.fullmatch(r"[\d/.\-]+", text[start:end]):
        return text
    return f"{text[:start]}{meant.day} {meant:%B %Y}{text[end:]}"


def _paragraphed(cell: Any) -> bool:
    """Whether a cell holds paragraphs: two <p>s, or a blank line made of <br><br>."""
    if len(cell.findall(".//p")) >= 2:
        return True
    return any(br.getnext() is not None and br.getnext().tag == "br"
               and not (br.tail or "").strip() for br in cell.iter("br"))


def _cell_text(cell: Any) -> str:
    """A cell's text with a space where a <br> or a block ends ("Punjab<br>(provisional)"
    is "Punjab (provisional)", not "Punjab(provisional)")."""
    parts: list[str] = []

    def visit(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            parts.append(" ")
        else:
            if tag == "br" or tag in _BLOCKS:
                parts.append(" ")
            if el.text and tag:
                parts.append(el.text)
            for child in el:
                visit(child)
            if tag in _BLOCKS:
                parts.append(" ")
        if el.tail:
            parts.append(el.tail)

    parts.append(cell.text or "")
    for child in cell:
        visit(child)
    return "".join(parts)


def _consent_banner(el: Any, tag: str) -> bool:
    """Whether `el` is a cookie or consent banner (`_CONSENT`): short, and not the page's
    body or article, which a plugin may mark too ("cookies-not-set" on <body>)."""
    if tag in ("", "html", "body", "main", "article"):
        return False
    words = " ".join(el.get(a) or "" for a in ("id", "class", "aria-label")).split()
    if not any(_CONSENT.search(w) and not _TAXONOMY.match(w) for w in words):
        return False
    text = el.text_content()
    return len(text) < 1500 and bool(_CONSENT_TEXT.search(text))


def _span(cell: Any, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    return min(int(value), 100) if value.isdigit() and int(value) > 0 else 1


def _grid(table: Any) -> list[list[str]]:
    """A table's rows of cell texts laid on its grid: a cell spanning columns (colspan)
    or rows (rowspan) leaves the places it covers blank, so that each cell stays under
    its own column ("2023" spanning "Male | Female"; the row label's "District" over both
    header rows) and `table_lines` pairs each figure with its column's header."""
    rows: list[list[str]] = []
    below: dict[int, int] = {}  # grid column -> rows a cell above still covers
    for tr in table.iter("tr"):
        row: list[str] = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while below.get(len(row), 0) > 0:
                below[len(row)] -= 1
                row.append("")
            width, height = _span(cell, "colspan"), _span(cell, "rowspan")
            for k in range(width):
                if height > 1:
                    below[len(row) + k] = height - 1
            row.append(re.sub(r"\s+", " ", _cell_text(cell)).strip())
            row.extend([""] * (width - 1))
        while below.get(len(row), 0) > 0:  # covered places at the row's end
            below[len(row)] -= 1
            row.append("")
        rows.append(row)
    return rows


class _Walker:
    """Collects blocks of text in reading order: (heading level or 0, text)."""

    def __init__(self) -> None:
        self.blocks: list[tuple[int, str]] = []
        self.buffer: list[str] = []
        self.images = 0
        self.first_heading = ""
        self.blank_parents: dict[Any, bool] = {}  # for `_line_block`

    def chars(self) -> int:
        return sum(len(t) for _, t in self.blocks)

    def flush(self, level: int = 0) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        # One <br> keeps a line ("Venue: ..."); two or more start a paragraph.
        for para in re.split(r"\n[ \t]*\n", text):
            lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in para.split("\n")]
            para = "\n".join(ln for ln in lines if ln)
            if para:
                self.blocks.append((level, para))
                if level and not self.first_heading:
                    self.first_heading = para.replace("\n", " ")

    def walk(self, el: Any, skip: set[str]) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in skip or _consent_banner(el, tag):
            self._tail(el)
            return
        if _line_block(el, tag, self.blank_parents):
            self._line(el, skip)
            return
        if self._whole(el, tag):
            self._tail(el)
            return
        if tag == "img":
            self.images += 1
        block = tag in _BLOCKS
        if block:
            self.flush()
        if tag == "br":
            self.buffer.append("\n")
        if el.text and tag not in ("", "br"):
            self.buffer.append(el.text)
        for child in el:
            self.walk(child, skip)
        if block:
            self.flush(_HEADINGS.get(tag, 0))
        self._tail(el)

    def _line(self, el: Any, skip: set[str]) -> None:
        """A line of a mail-style page (`_line_block`): a line of the paragraph being
        read, which a blank line block ends."""
        if _blank_line(el):
            self.flush()
        elif _bold_line(el):
            # a heading written in the editor ("<div><b>Wheat sowing</b></div>"): a block
            # of its own, not the first words of the paragraph under it
            self.flush()
            self.buffer.append(el.text_content())
            self.flush()
        else:
            if self.buffer and not "".join(self.buffer).endswith("\n"):
                self.buffer.append("\n")
            if el.text:
                self.buffer.append(el.text)
            for child in el:
                self.walk(child, skip)
            self.buffer.append("\n")
        self._tail(el)

    def _whole(self, el: Any, tag: str) -> bool:
        """Read an element that is read whole, not walked: a <pre>'s lines, a <time>'s
        date, a data table's rows. Whether `el` was one."""
        if tag == "pre":
            self._pre(el)
        elif tag == "time":
            self.buffer.append(_time_text(el))
        elif tag == "table" and not _layout_table(el):
            self._table(el)
        else:
            return False
        return True

    def _table(self, el: Any) -> None:
        """A table as a block of its own: one line per row, cells joined (`table_lines`)."""
        self.flush()
        lines = table_lines(_grid(el))
        if lines:
            self.blocks.append((0, "\n".join(lines)))

    def _pre(self, el: Any) -> None:
        """Preformatted text keeps its lines; a table typed in it (columns lined up with
        runs of spaces, as plain-text e-mails and old CMS pages set them) is read as rows,
        not as one run of words and figures."""
        self.flush()
        lines = [ln.rstrip() for ln in el.text_content().split("\n") if ln.strip()]
        rows = [re.split(r"\s{2,}|\t+", ln.strip()) for ln in lines]
        if len(rows) >= 2 and is_table(rows):
            self.blocks.append((0, "\n".join(table_lines(rows))))
        else:
            self.buffer.append("\n".join(lines))
            self.flush()

    def _tail(self, el: Any) -> None:
        if el.tail:
            self.buffer.append(el.tail)

    def sections(self) -> list[Section]:
        out: list[Section] = []
        trail: list[str] = []
        current: list[str] = []
        for level, text in self.blocks:
            if level:
                if current:
                    out.append(Section(" > ".join(trail), "\n\n".join(current)))
                    current = []
                trail = trail[: level - 1] + [text.replace("\n", " ")]
            current.append(text)
        if current:
            out.append(Section(" > ".join(trail), "\n\n".join(current)))
        return out
