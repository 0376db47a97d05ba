"""Clean-up that real reports need, as pure functions over text.

Extracted text arrives with hard line breaks, end-of-line hyphenation, paragraphs broken
across page breaks and running headers/footers. Offsets of citations point into the text
these functions return, so everything here must be deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .untrusted import strip_controls

_TERMINAL = tuple('.!?:;"”’)]')
_FUNCTION_WORDS = {
    "a", "an", "the", "of", "and", "or", "to", "in", "for", "with", "on", "at", "by",
    "from", "as", "that", "which", "its", "their", "his", "her", "our", "into", "between",
}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SUPERSCRIPT_DIGITS = re.compile("[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.I)


def normalize(text: str) -> str:
    """Unicode NFKC (ligatures, full-width forms), one kind of newline, no zero-width or
    soft-hyphen characters, no control, bidi-override or terminal-escape characters (see
    untrusted.py), runs of spaces folded."""
    text = strip_controls(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # Footnote markers would become digits under NFKC ("2024²" -> "20242").
    text = _SUPERSCRIPT_DIGITS.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    # pdfium marks a hyphen at a line end as U+FFFE: drop it inside a word, keep it otherwise.
    text = re.sub("\ufffe\n?(?=[a-z])", "", text).replace("\ufffe", "-")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def _line_key(line: str) -> str:
    # Page numbers inside running headers change from page to page; ignore digits.
    return re.sub(r"\d+", "#", line.strip().lower())


def strip_repeated_lines(pages: list[str], edge: int = 3, share: float = 0.5) -> list[str]:
    """Drop running headers and footers: lines within `edge` lines of a page's top or
    bottom that recur on at least `share` of the pages (from three pages up), and bare
    page numbers."""
    split = [[ln for ln in p.split("\n")] for p in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        body = [ln for ln in lines if ln.strip()]
        counts.update({_line_key(ln) for ln in body[:edge] + body[-edge:]})
    threshold = max(3, int(len(pages) * share + 0.999))
    repeated = {k for k, c in counts.items() if c >= threshold and k}
    out = []
    for lines in split:
        body_idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(body_idx[:edge] + body_idx[-edge:])
        kept = [
            ln
            for i, ln in enumerate(lines)
            if not (i in edges and (_line_key(ln) in repeated or _PAGE_NUMBER.match(ln)))
        ]
        out.append("\n".join(kept))
    return out


def _is_footer_line(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 8
        and line.upper() == line
        and any(c.isalpha() for c in line)
        and not line.endswith(_TERMINAL)
    )


def strip_trailing_footer(text: str) -> str:
    """Drop a short all-capitals line standing alone at the very end (an organisation's
    footer such as "CONSORTIUM FOR ASIA PACIFIC STUDIES") when body text precedes it."""
    paras = text.rstrip().split("\n")
    while paras and not paras[-1].strip():
        paras.pop()
    if len(paras) >= 3 and _is_footer_line(paras[-1]) and not paras[-2].strip():
        return "\n".join(paras[:-1]).rstrip()
    return text


def _should_join(prev: str, nxt: str, typical: int) -> bool:
    """Whether the line break between `prev` and `nxt` falls inside a paragraph."""
    if not prev or not nxt:
        return False
    if prev.endswith("-") and nxt[:1].islower():
        return True
    last_word = prev.rsplit(" ", 1)[-1].lower()
    if nxt[:1].islower() or nxt[:1] in ",;)":
        return not prev.endswith((".", "!", "?")) or last_word in _FUNCTION_WORDS
    if prev.endswith(_TERMINAL):
        return False
    if last_word in _FUNCTION_WORDS:
        return True
    # A long line without closing punctuation wraps into the next one; a short one is a
    # heading or list label and keeps its break.
    return len(prev) >= 0.6 * typical


def join_lines(text: str, blank_line_paragraphs: bool | None = None) -> str:
    """Reflow hard-wrapped text into one line per paragraph.

    With blank-line paragraphs (text files), a break across a blank line is joined only
    when it obviously falls mid-sentence (the sample's "mutual" / "respect"); otherwise
    (PDF text) single line breaks are judged by punctuation and line length."""
    lines = text.split("\n")
    if blank_line_paragraphs is None:
        blank_line_paragraphs = sum(1 for ln in lines if not ln.strip()) >= 0.2 * max(
            1, sum(1 for ln in lines if ln.strip())
        )
    nonblank = [ln for ln in lines if ln.strip()]
    lengths = sorted(len(ln) for ln in nonblank) or [80]
    typical = lengths[int(len(lengths) * 0.8)] if len(lengths) > 4 else max(lengths)

    if blank_line_paragraphs:
        paras: list[str] = []
        current: list[str] = []
        for ln in lines + [""]:
            if ln.strip():
                current.append(ln.strip())
            elif current:
                paras.append(" ".join(current))
                current = []
        # Hard-wrapped lines inside a blank-line paragraph are always joined; between
        # paragraphs only an evident mid-sentence break is.
        units = paras
    else:
        units = [ln.strip() for ln in lines if ln.strip()]

    out: list[str] = []
    for unit in units:
        if out and _should_join_unit(out[-1], unit, typical, blank_line_paragraphs):
            prev = out[-1]
            if prev.endswith("-") and unit[:1].islower() and not prev.endswith(" -"):
                out[-1] = prev[:-1] + unit  # undo end-of-line hyphenation
            else:
                out[-1] = prev + " " + unit
        else:
            out.append(unit)
    sep = "\n\n" if blank_line_paragraphs else "\n"
    return sep.join(out)


def _should_join_unit(prev: str, nxt: str, typical: int, paragraphs: bool) -> bool:
    if not paragraphs:
        return _should_join(prev, nxt, typical)
    if prev.endswith(_TERMINAL) or len(prev) < 60:
        return prev.endswith("-") and nxt[:1].islower()
    last_word = prev.rsplit(" ", 1)[-1].lower()
    return nxt[:1].islower() or last_word in _FUNCTION_WORDS


def carry_across_pages(pages: list[str]) -> list[str]:
    """When a page ends mid-sentence and the next starts in lower case, move the end of
    that sentence back onto the first page, so that the sentence (and its citation)
    lives on one page."""
    pages = list(pages)
    for i in range(len(pages) - 1):
        prev, nxt = pages[i].rstrip(), pages[i + 1].lstrip()
        if not prev or not nxt or prev.endswith(_TERMINAL) or not nxt[:1].islower():
            continue
        m = re.search(r"[.!?][\"”’)]?(\s|$)", nxt[:400])
        if not m:
            continue
        head, rest = nxt[: m.end()].strip(), nxt[m.end() :].lstrip()
        if prev.endswith("-"):
            pages[i] = prev[:-1] + head
        else:
            pages[i] = prev + " " + head
        pages[i + 1] = rest
    return pages


def clean_pages(raw_pages: list[str], blank_line_paragraphs: bool | None = None) -> list[str]:
    """The whole clean-up for the pages of one report, in order."""
    pages = [normalize(p) for p in raw_pages]
    if len(pages) >= 3:
        pages = strip_repeated_lines(pages)
    pages = [join_lines(p, blank_line_paragraphs) for p in pages]
    pages = carry_across_pages(pages)
    if pages:
        pages[-1] = strip_trailing_footer(pages[-1])
    return [p.strip() for p in pages]


# ---------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "dr", "prof", "mr", "mrs", "ms", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "jr",
    "sr", "inc", "ltd", "co", "corp", "gen", "col", "lt", "gov", "sen", "rep", "fig",
    "vol", "pp", "p", "approx", "h.e", "u.s", "u.k", "u.n", "art", "sec", "para", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "cf", "al", "ed", "eds", "est", "govt", "min", "max", "mt", "ft", "capt", "maj", "adm",
}
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`. Line breaks always end a sentence
    (headings, list items); abbreviations and initials ("Dr.", "H.E.", "Albert P.
    Khorev") do not."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base, segment = line.start(), line.group()
        start = 0
        for m in _SENTENCE_END.finditer(segment):
            end = m.end()
            before = segment[start : m.start()].rsplit(None, 1)
            word = before[-1].lower().lstrip("(\"'“") if before else ""
            if segment[m.start()] == "." and (
                word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
            ):
                continue
            rest = segment[end:].lstrip()
            # "... 3.5 percent" or "e.g. the" — a lower-case continuation is no new sentence
            if rest and rest[0].islower():
                continue
            _add_span(spans, segment, base, start, end)
            start = end
        _add_span(spans, segment, base, start, len(segment))
    return spans


def _add_span(spans: list[tuple[int, int]], seg: str, base: int, s: int, e: int) -> None:
    while s < e and seg[s].isspace():
        s += 1
    while e > s and seg[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((base + s, base + e))
