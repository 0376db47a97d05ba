"""Read a report file into a cleaned `Report`, choosing the reader by content.

A file's extension is only a hint: a binary file named `.pdf`, a DOCX renamed `.txt` or
an HTML page saved as `.txt` are recognised by their bytes.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..charset import bom_encoding, decode_text_as
from ..cleaning import LABEL_LINE, clean_pages, header_dates, normalize, says_when
from ..dates import WEEKDAY, date_line, find_date, find_date_range, iso_span, parse_date
from ..errors import ReportError
from ..types import Page, Report, Section
from .metadata import read_header_block, split_date_tail

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"}
# Document formats that are not read, yet are reports a user puts in the folder: listed
# with the corpus, so each is skipped with a line saying how to convert it, not ignored
# in silence; one whose bytes are a supported format (a DOCX, PDF or web page saved as
# .doc) is read as that format.
OTHER_DOCUMENT_SUFFIXES = {".doc": "a Word 97-2003 document (.doc)",
                           ".rtf": "an RTF document", ".odt": "an OpenDocument text (.odt)"}
LISTED_SUFFIXES = SUPPORTED_SUFFIXES | set(OTHER_DOCUMENT_SUFFIXES)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


PLAIN_TEXT_SUFFIXES = {".txt", ".md", ".markdown"}


def text_key(path: Path) -> str | None:
    """For a plain-text report, a hash of its text, not its bytes: the same report saved
    again with a byte-order mark, Windows line ends, another encoding or trailing spaces
    has the same key (a copy that is no byte-identical copy). None for other formats
    and for a file that reads as no text."""
    if path.suffix.lower() not in PLAIN_TEXT_SUFFIXES:
        return None
    try:
        text, _ = decode_text_as(path.read_bytes())
    except (OSError, UnicodeDecodeError):
        return None
    lines = [ln.rstrip() for ln in re.split(r"\r\n|\r|\n", text)]
    return "text:" + hashlib.sha256("\n".join(lines).strip("\n").encode()).hexdigest()


def sniff(data: bytes, suffix: str) -> str:
    """The format of a file by its first bytes: pdf, docx, html, markdown or text."""
    head = data[:2048]
    if bom_encoding(head):  # UTF-16/32 text is full of NULs, yet not binary
        head = head.decode(bom_encoding(head), "ignore").lstrip("\ufeff").encode("utf-8")
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or suffix == ".docx" else "zip"
    if b"\x00" in head:
        return "binary"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def read_report(
    path: Path, corpus_dir: Path | None = None, *, ocr: bool = True, ocr_language: str = "eng",
    limits: Any = None, progress: Callable[[str], None] | None = None, tables: bool = True,
) -> Report:
    """Read, clean and describe one report. Raises ReportError with a one-line reason.

    `tables` (ASSISTANT_PDF_TABLES) turns table finding in PDFs on.

    `limits` (a `sandbox.ReadLimits`) caps OCR pages and seconds; `progress` receives lines
    such as "OCR page 3 of 40". Untrusted files are read through `sandbox.read_isolated`,
    which calls this in a limited process."""
    path = Path(path)
    label = _label(path, corpus_dir)
    data, kind = _checked_bytes(path, label)
    if kind == "pdf":
        parsed = _parse_pdf(path, label, ocr, ocr_language, limits, progress, tables)
    elif kind == "docx":
        parsed = _parse_docx(path, label)
    else:
        parsed = _parse_text(data, kind, label)
    pages = parsed.pages
    if not any(p.text.strip() for p in pages):
        raise ReportError(label, "no text found; is it a scan or an empty document?")

    first = next(p.text for p in pages if p.text.strip())
    header = read_header_block(parsed.head)
    # Each source of the event date as (first day, last day of a range or None), strongest
    # first; the date is the first source's, its last day that of any source giving the
    # same first day. A web page's markup date (`parsed.published`, the day it was posted)
    # gives way to a sentence saying when the event was held.
    spans = [(header.event_date, header.event_end), find_event_span(first),
             _after_scanned_cover(pages), (header.unlabelled_date, header.unlabelled_end)]
    if parsed.published:
        spans += [_held_on_span(first), (parsed.published, None)]
    spans.append((header.event_month, None))
    event_date = next((s[0] for s in spans if s and s[0]), None)
    event_end = next((s[1] for s in spans if s and s[1] and s[0] == event_date), None)
    return Report(
        file=label,
        sha256=hashlib.sha256(data).hexdigest(),
        format=kind,
        pages=pages,
        title=_tidy_title(parsed.title or header.title or _pdf_title(parsed.info)
                          or guess_title(first)) or path.stem,
        event_date=event_date,
        event_end=event_end,
        venue=header.venue or _field(first, "Venue"),
        notes=parsed.notes,
    )


def _after_scanned_cover(pages: list[Page]) -> tuple[str, str | None] | None:
    """The labelled date (`find_event_span`) of the first page read from text, when the
    pages before it were scans (a scanned covering letter in front of the report, whose
    header block is on the page after it)."""
    first = next((p for p in pages if p.text.strip()), None)
    if first is None or not first.ocr:
        return None
    digital = next((p for p in pages if p.text.strip() and not p.ocr), None)
    return find_event_span(digital.text) if digital is not None else None


@dataclass
class _Parsed:
    """What a format's reader found, before the report is described."""

    pages: list[Page]
    title: str = ""
    notes: list[str] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)  # PDF document properties
    head: str = ""  # the raw opening text, where a header block ("Event Date: ...") would be
    # A date the file states as metadata, not in its text (a web page's publication date,
    # a Markdown front matter's "date:"): the last resort for the event date.
    published: str | None = None


def _checked_bytes(path: Path, label: str) -> tuple[bytes, str]:
    """The file's bytes and format; ReportError for an unreadable, empty, binary or
    mislabelled file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        # A missing folder or a permission is a passing fault: retried on the next run.
        raise ReportError(label, f"cannot be read ({exc.strerror})", permanent=False) from exc
    if not data.strip():
        raise ReportError(label, "empty file (0 bytes of text); add content or delete it")
    suffix = path.suffix.lower()
    kind = sniff(data, suffix)
    if suffix in OTHER_DOCUMENT_SUFFIXES:
        rtf = data.lstrip()[:5] == b"{\\rtf"
        if rtf or kind not in ("pdf", "docx", "html", "text"):
            what = "an RTF document" if rtf else OTHER_DOCUMENT_SUFFIXES[suffix]
            raise ReportError(label, f"{what}, which is not read; open it in Word or "
                                     "LibreOffice and save it as DOCX or PDF")
    expected = {".pdf": "pdf", ".docx": "docx"}.get(suffix)
    if expected and kind != expected:
        found = {"binary": "binary data", "zip": "a ZIP archive"}.get(kind, f"{kind} content")
        raise ReportError(
            label, f"named {suffix} but holds {found}; re-export it as a real {suffix[1:].upper()}"
        )
    if kind in ("binary", "zip"):
        raise ReportError(label, "binary file, not a supported report (PDF, DOCX, TXT, MD, HTML)")
    return data, kind


def _parse_pdf(path: Path, label: str, ocr: bool, ocr_language: str, limits: Any,
               progress: Callable[[str], None] | None, tables: bool) -> _Parsed:
    from .pdf import read_pdf

    raw, ocr_pages, info, notes = read_pdf(path, label, ocr=ocr, ocr_language=ocr_language,
                                           limits=limits, progress=progress, tables=tables)
    texts = clean_pages(raw, blank_line_paragraphs=False)
    pages = [Page(number=i + 1, text=t, ocr=(i + 1) in ocr_pages) for i, t in enumerate(texts)]
    return _Parsed(pages, notes=notes, info=info,
                   head=next((normalize(t) for t in raw if t.strip()), ""))


def _parse_docx(path: Path, label: str) -> _Parsed:
    from .docx import read_docx

    document = read_docx(path, label)
    head = "\n".join([*document.running_text, *(s.text for s in document.sections[:3])])
    return _Parsed(_sections(document.sections), title=document.title, notes=document.notes,
                   head=head)


def _parse_text(data: bytes, kind: str, label: str) -> _Parsed:
    """Text, Markdown or HTML."""
    try:
        text, encoding = decode_text_as(data)
    except UnicodeDecodeError as exc:
        raise ReportError(
            label, f"not UTF-8 text (bad byte at offset {exc.start}); re-save it as UTF-8 "
            "(or UTF-16 with a byte-order mark)"
        ) from exc
    legacy = [] if encoding.startswith("utf") else [
        # named, as every note is: the indexing summary lists notes of many files
        f"{label}: not UTF-8: read as {encoding}; re-save it as UTF-8 if letters look wrong"]
    if kind == "html":
        from .html import read_html

        page = read_html(text, label)
        return _Parsed(_sections(page.sections), title=page.title,
                       notes=legacy + page.notes, head=page.head, published=page.published)
    from .tables import text_tables

    matter, text = _front_matter(text)
    underlined = _setext_title(text)
    text = _without_rules(text)
    # Form feeds separate pages in text exports; without them the file is page 1.
    texts = clean_pages([text_tables(t) for t in text.split("\f")],
                        blank_line_paragraphs=True)
    title = str(matter.get("title") or "").strip() or underlined
    if kind == "markdown" and not title:
        title = next(
            (ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), "")
    published = parse_date(str(matter.get("date") or ""))
    return _Parsed([Page(number=i + 1, text=t) for i, t in enumerate(texts)], title=title,
                   notes=legacy, head=text[:5000],
                   published=published.isoformat() if published else None)


_RULE_LINE = re.compile(r"^[ \t]*([=\-_~*])\1{2,}[ \t]*$")


def _setext_title(text: str) -> str:
    """The line over a "=====" underline of about its length near the top ("Report of the
    Consultation\n=====", a Markdown setext heading): the title, as the underline says,
    where a longer line below would be guessed once the underline is blanked."""
    lines = text.split("\n")[:12]
    for above, line in zip(lines, lines[1:], strict=False):
        above = above.strip()
        if above and re.fullmatch(r"[ \t]*={3,}[ \t\r]*", line) and \
                abs(len(line.strip()) - len(above)) <= max(3, len(above) // 4):
            return above.lstrip("# ").strip()
    return ""


def _without_rules(text: str) -> str:
    """`text` with its rules ("=====", "*****") and the underlines of its titles (as
    Markdown's setext headings are written) blanked: no text, and joined to the title
    above, a rule became the title's end ("REVIEW OF OLIVE CULTIVATION ====="). A run of
    dashes is blanked only under a line of about its length: "---" also fences a YAML
    block, and such lines are kept as they were read."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _RULE_LINE.match(line.rstrip("\r"))
        if not m:
            continue
        above = lines[i - 1].strip() if i else ""
        if m.group(1) != "-" or (above and not re.match(r"[\w.-]+:", above)  # a YAML key
                                 and abs(len(line.strip()) - len(above))
                                 <= max(3, len(above) // 4)):
            lines[i] = ""
    return "\n".join(lines)
# A YAML front matter block (Jekyll, Hugo, Obsidian, pandoc): "---" lines round
# "title: ..." / "date: ..." at the very start of a Markdown or text file.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                           re.S)


# Front matter keys read as metadata (title, date) or that only drive a site generator
# (Jekyll's layout and permalink, Hugo's weight and aliases): no words of the report.
_SITE_KEYS = frozenset("title date layout permalink slug draft weight aliases url type toc "
                       "comments published lastmod template id sitemap menu".split())


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The fields of a YAML front matter block (title, date: metadata, not the report's
    words) and the text after it; ({}, text) where there is none or it is no YAML."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    try:
        fields = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(fields, dict):
        return {}, text
    # Its other fields ("venue: Serena Hotel, Quetta", "organiser: ...") stay in the text
    # as label lines: the header block reads the venue there and a question finds them.
    kept = [f"{str(k).strip().capitalize()}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in fields.items()
            if str(k).lower() not in _SITE_KEYS and v not in (None, "")
            and not isinstance(v, (dict, bool))]
    rest = text[m.end():]
    return {str(k).lower(): v for k, v in fields.items()}, \
        "\n\n".join(kept) + "\n\n" + rest if kept else rest


def _label(path: Path, corpus_dir: Path | None) -> str:
    if corpus_dir is not None:
        try:
            return path.resolve().relative_to(Path(corpus_dir).resolve()).as_posix()
        except ValueError:  # outside the corpus: named by its file name
            logger.debug("%s is outside %s", path, corpus_dir)
    return path.name


def _sections(sections: list[Section]) -> list[Page]:
    pages = []
    seen = 0  # lines read so far: header date lines are looked for among the first six
    for section in sections:
        blocks = []
        for block in section.text.split("\n\n"):
            blocks.append(_clean_block(block, max(0, 6 - seen)))
            seen += sum(1 for ln in block.split("\n") if ln.strip())
        cleaned = "\n\n".join(blocks)
        if cleaned.strip():
            pages.append(Page(number=None, text=cleaned.strip(),
                              location=section.location or None))
    return pages


def _clean_block(block: str, header: int = 0) -> str:
    """A DOCX/HTML paragraph on one line; table rows (" | " cells) keep a line each.
    Its first `header` lines are still the document's header block, whose date lines
    keep their own line."""
    lines = [ln for ln in (normalize(ln).strip() for ln in block.split("\n")) if ln]
    if sum(" | " in ln for ln in lines) >= max(1, len(lines) // 2):
        return "\n".join(lines)
    heads = header_dates(lines, header) if header else frozenset()
    out: list[str] = []
    for i, ln in enumerate(lines):  # a header block's "Venue: ..." and date lines stay
        if out and not LABEL_LINE.match(ln) and not LABEL_LINE.match(out[-1]) \
                and i not in heads and i - 1 not in heads:
            out[-1] += " " + ln
        else:
            out.append(ln)
    return "\n".join(out)


def _pdf_title(info: dict[str, str]) -> str:
    title = (info.get("Title") or "").strip()
    # Producers often fill Title with a file name ("x.docx", "report final.cdr") or
    # "Microsoft Word - x.docx".
    junk = re.search(r"\.[a-z]{2,4}$|^microsoft|^https?:", title, re.I)
    if len(title) < 6 or " " not in title or junk:
        return ""
    return title


def guess_title(text: str) -> str:
    """The longest of the first few short lines that is not a "Label: value" line, a web
    address, a date alone, a sentence or a sentence's tail (starting in lower case or with
    a bracket); "" when there is none."""
    lines = [_tidy_title(ln.lstrip(" #")) for ln in text.split("\n")]
    lines = [ln for ln in lines if ln][:4]
    title = _without_date_cell(_guessed_title(lines))
    # A report laid out as a table opens with a row of "title | Date: ..." cells: its
    # first cell is the title when a cell beside it is a header's date and no line out
    # of a table is a title (a data table's "Name of the participant | Organisation", a
    # letterhead's "Ministry of ... | Date: ..." above the report's own title are not).
    cells = lines[0].split(" | ") if lines else []
    if not title and len(cells) > 1 and any(
            _header_label(c.strip()) or parse_date(c) for c in cells[1:]):
        title = _guessed_title([cells[0].strip()])
    # A title of two words ("Microfinance Roundtable") is too short to tell from a
    # heading in the text, unless the report opens with it right over its header block.
    if not title and len(lines) > 1 and _two_word_title(lines[0]) and (
            _header_label(lines[1]) or _DATE_ONLY.match(lines[1]) or says_when(lines[1])):
        title = lines[0]
    return title


# Words a date goes on from within a title ("Plan until 31 December 2027", "Forum of 5
# May 2025"): the date is the title's.
_DATE_GRAMMAR = frozenset("on of until till to by from since before after in at for and "
                          "the dated".split())


def _without_date_cell(title: str) -> str:
    """A title line whose date sits apart at the right margin, as a letterhead sets it
    ("Seminar on Groundwater Recharge 12 May 2025", the gap lost in the text): the title
    alone; the date is the header's. A date the title runs on to ("..., 5 May 2025",
    "... on 5 May 2025") stays."""
    found = find_date(title)
    if found is None or found[1][1] != len(title):
        return title
    before = title[:found[1][0]].rstrip()
    words = before.split()
    if len(words) < 3 or not before[-1:].isalpha() or words[-1].lower() in _DATE_GRAMMAR:
        return title
    return before


def _place_and_date(line: str) -> bool:
    """A date line with no more than a place of two words and a weekday beside its date
    ("Islamabad, Monday, 14 July 2025", "Gilgit, Pakistan - 5 May 2025"): no title, as
    "Islamabad Dialogue on Energy, 5 May 2025" is."""
    found = find_date(line) if date_line(line) else None
    if found is None:
        return False
    start, end = found[1]
    words = [w for w in re.findall(r"[^\W_]+", line[:start] + " " + line[end:])
             if not WEEKDAY.fullmatch(w)]
    # two words are a place as "City, Country" ("Gilgit, Pakistan"); "Youth Convention,
    # 12 May 2025" names the event
    return len(words) <= 1 or len(words) == 2 and bool(
        re.search(rf"{re.escape(words[0])}\s*[,;/–-]\s*{re.escape(words[1])}", line))


def _two_word_title(line: str) -> bool:
    # letters only: "Islamabad, Pakistan" (a place line) and "Dr. Khan" are no titles
    words = line.split()
    return len(words) == 2 and all(w[:1].isupper() and w.isalpha() for w in words) \
        and not all(w.lower() in _GENERIC_HEADINGS for w in words)


# Words of a document part's or kind's heading, not a title: "Press Release", "Executive
# Summary", "Meeting Minutes", "Concept Note" over a date name no report.
_GENERIC_HEADINGS = frozenset(
    "press release executive summary meeting minutes concept note event report policy "
    "brief annual final draft news newsletter agenda programme program invitation notice "
    "background introduction overview media advisory issue paper".split())


def _guessed_title(lines: list[str]) -> str:
    candidates = [
        ln for ln in lines
        if len(ln) < 150 and len(ln.split()) >= 3 and not _header_label(ln)
        and " | " not in ln and not re.match(r"\(\d", ln)  # not "(2025-2030) and ..."
        and not (ln[:1].islower() and not re.match(r"[a-z]-[A-Z]", ln))  # "e-Governance"
        and not re.match(r"^(https?://|www\.|updated\b|page\b)", ln, re.I)
        and not _DATE_ONLY.match(ln) and not says_when(ln)  # "Held on 5 May 2025 at X"
        and not _place_and_date(ln)  # "Islamabad, Monday, 14 July 2025"
    ]
    # A title does not end like a sentence; the body's first sentence often follows it.
    # None: the caller falls back to the file name, which beats a sentence as a title.
    titles = [ln for ln in candidates  # full stops and marks of Urdu, Arabic and CJK too
              if not ln.endswith((".", "!", "?", "\u06d4", "\u061f", "。", "！", "？"))]
    return max(titles, key=len, default="")


# A date alone: "April 16, 2026", "APRIL 16, 2026", "16th April 2026", "Monday, April 16,
# 2026".
# What kind of document a title names before its colon ("Policy Brief: Indus Basin
# Storage", "Annex B: Makran Division", "Chapter 3: Trade"): a title, not a header field.
_DOCUMENT_KIND = re.compile(
    r"^(?i:annex(?:ure)?|appendix|chapter|part|(?:policy|issue|event|seminar|workshop|"
    r"conference|roundtable|special|research|briefing|discussion|working|concept)\s"
    r"(?:brief|report|paper|note)|newsletter)\b[\w .-]{0,12}:\s+[A-Z\d]")


def _header_label(line: str) -> bool:
    """Whether `line` is a header block's "Label: value" line rather than a title: a
    one-word-run label ("Venue: ..."), or one with "&" or "/" whose value is a date or
    time ("Date & Time: 5 May 2025", "Time & Venue: 10:00 am, Serena"); "Pakistan &
    China: Partners in Progress" is a title."""
    # "Note: figures are provisional" is a label ("Note" names no kind of document on its
    # own), and so is "Issue Brief: 12 May 2025", whose value is a date
    if _DOCUMENT_KIND.match(line) and not parse_date(line.split(":", 1)[1]):
        return False
    if re.match(r"^[\w ]{2,20}:\s", line):
        return True
    m = re.match(r"^[\w &/]{2,20}:\s+(.*)", line)
    return bool(m) and (parse_date(m.group(1)) is not None or re.search(
        r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s*[ap]\.?m\b", m.group(1), re.I) is not None)


_DATE_ONLY = re.compile(r"^(?:[A-Za-z]+,? )?(?:[A-Za-z]+\.? )?\d{1,2}(?:st|nd|rd|th)?,?"
                        r"(?: [A-Za-z]+,?)? \d{4}$")
_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "[": "]"}


def _tidy_title(title: str) -> str:
    """Without the quotes or brackets some producers wrap a whole title in, nor a colon
    at its end ("“Awaza Political Declaration :”", "[Optimizing ... ]"); a pair inside
    ("The “Belt and Road”", "Plan [Draft]") stays."""
    t = re.sub(r"\s+", " ", title).strip()
    t = split_date_tail(t)[0]  # "Forum on X - Event Date: 10 March 2025": the title is "Forum on X"
    while len(t) > 1 and _PAIRS.get(t[0]) == t[-1] and t.count(t[0]) == 1 + (t[0] == t[-1]):
        t = t[1:-1].strip()
    return t.rstrip(" :").strip()


def _field(text: str, name: str) -> str | None:
    m = re.search(rf"^\s*{name}\s*[:\-–]\s*(.+)$", text[:3000], re.I | re.M)
    return m.group(1).strip() if m else None


# "The seminar, held on 3 June 2025 at ...": the prose's own word for the event's day.
_HELD = re.compile(r"\b(?:(?:was|were|is) )?(?:held|took place|convened|hosted|organi[sz]ed)"
                   r"(?: (?:on|from))? (?=\S)", re.I)


def _held_on_span(text: str) -> tuple[str, str | None] | None:
    """The date a sentence says the event was held on, where a web page's markup date (the
    day it was posted, weeks after) would otherwise stand for it, as (first day, last day
    or None), ISO: "held from 5 to 7 March 2025" gives ("2025-03-05", "2025-03-07")."""
    for m in _HELD.finditer(text[:3000]):
        found = find_date_range(text[m.end():m.end() + 40])
        if found is not None and found[2][0] <= 4:
            return iso_span(found[0], found[1])
    return None


def find_event_date(text: str) -> str | None:
    """ISO date from an "Event Date:" (or "Date:") line, where the report states one; a
    range's first day."""
    span = find_event_span(text)
    return span[0] if span else None


def find_event_span(text: str) -> tuple[str, str | None] | None:
    """(first day, last day or None), ISO, of an "Event Date:" (or "Date:") line, where the
    report states one: "Event Date: 5–7 March 2025" gives ("2025-03-05", "2025-03-07"),
    "Event Date: 5 May 2025" ("2025-05-05", None); None without such a line or date."""
    raw = _field(text, "Event Date") or _field(text, "Date")
    if not raw:
        return None
    found = find_date_range(raw)
    return iso_span(found[0], found[1]) if found else None
