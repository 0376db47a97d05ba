"""Sentence boundaries with exact character offsets, for every script.

The boundaries come from `sentencex` (Wikimedia's rule-based segmenter for ~300
languages: abbreviation lists per language, decimals, quotes, the Urdu full stop "۔" and
the Chinese "。"), run line by line because a line break in cleaned report text always
ends a sentence (headings, list items, table rows). A few general repairs follow for
what report text has and the library's lists do not: enumeration labels ("1.", "(a)")
split from their item, single-letter initials in any script ("А. С. Смирнов"), common
abbreviations missing from the lists ("Approx.", "Rs."), an abbreviation glued to the word
before it by PDF extraction ("theSt. Elizabeths"), and a lower-case continuation.

Chosen over pysbd, blingfire and syntok on the eval corpus (see the README): as right as
pysbd on abbreviations, initials, decimals and non-Latin scripts, about 80 times faster.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["sentence_spans", "language_of"]

# Abbreviations (lower case, without the final dot) after which a dot never ends a
# sentence when more text follows on the line. Titles and units common in reports.
ABBREVIATIONS = frozenset("""
    dr prof mr mrs ms st vs etc e.g i.e jr sr inc ltd co corp gen col lt gov sen rep
    approx h.e u.s u.k u.n dept jan feb mar apr jun jul aug
    sep sept oct nov dec cf al ed eds est govt min mt ft capt maj adm rs mln bn tel engr
    hon amb ch chap nr ref resp sq km kg cm mm ca rev lit
    т.е т.д т.п г гг ул им др
""".split())
# Only before a number ("No. 5", "Fig. 3"): "The answer was no." ends a sentence.
NUMBER_ABBREVIATIONS = frozenset("no nos fig figs vol pp p art sec secs para ch chap".split())
_GLUED_TITLE = re.compile(r"[a-z\u0430-\u044f](?:St|Dr|Mr|Mrs|Ms|Prof|Mt|Ft|Gen|Col|Lt|Capt)\.$")
# An enumeration label alone: "1.", "(a)", "iv)", and outline labels "T1.", "SO2.", "2.1."
_LABEL = re.compile(r"^[\s(\[]*(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5}|[A-Z]{1,3}\d{1,2}|"
                    r"\d{1,2}(?:\.\d{1,2}){1,3})[.)\]]\s*$")
# A timeline's date heading on a line of its own ("2016", "March 2024", "12 March 2024",
# "2024 & beyond"): it dates the sentence on the next line, and a quote without it would
# not say when.
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December)")
_DATE_LINE = re.compile(r"^\s*(?:(?:\d{1,2} )?" + _MONTHS + r",? |" + _MONTHS +
                        r" \d{1,2}, )?(?:19|20)\d\d(?:\s*(?:&|and|-|–)\s*(?:beyond|"
                        r"(?:19|20)\d\d))?\s*:?\s*$")
# A sentence piece that cannot end a sentence: three words or more, the last in lower
# case and no closing punctuation.
_OPEN_CLAUSE = re.compile(r"\S+\s+\S+\s+[a-z][a-z,-]*$")
_INITIAL = re.compile(r"(?:^|[\s(])[^\W\d_]\.$")
_LAST_WORD = re.compile(r"(\S+)\.$")


def language_of(text: str) -> str:
    """ISO code of the script the text is mostly written in (en, ru, ur, zh, ...): picks
    the segmenter's rules; Latin text gets English rules."""
    counts = {"ru": 0, "ur": 0, "zh": 0, "en": 0, "hi": 0}
    for ch in text[:400]:
        o = ord(ch)
        if 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
        elif 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            counts["ur"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            counts["zh"] += 1
        elif 0x0900 <= o <= 0x097F:
            counts["hi"] += 1
        elif ch.isalpha():
            counts["en"] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "en"


@lru_cache(maxsize=8)
def _segmenter(language: str):
    import sentencex

    return lambda text: sentencex.segment(language, text)


def _pieces(line: str) -> list[tuple[int, int]]:
    """The library's sentences of one line, as offsets (it returns strings, which are
    found again in order so that the offsets are exact)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in _segmenter(language_of(line))(line):
        piece = piece.strip()
        if not piece:
            continue
        at = line.find(piece, pos)
        if at < 0:  # the library changed the text: fall back to the rest of the line
            spans.append((pos, len(line)))
            return spans
        spans.append((at, at + len(piece)))
        pos = at + len(piece)
    if line[pos:].strip():
        spans.append((pos, len(line)))
    return spans


def _joins(left: str, right: str) -> bool:
    """Whether the boundary between two pieces of one line is false."""
    if _LABEL.match(left):
        return True  # "1." / "(a)" belongs to its item
    if right[:1].islower():
        return True  # "... 3.5 percent", "e.g. the ..."
    if not left.endswith("."):
        return False
    if _INITIAL.search(left) or _GLUED_TITLE.search(left):
        return True
    m = _LAST_WORD.search(left)
    word = m.group(1).lower().lstrip("(\"'“‘[") if m else ""
    if word in NUMBER_ABBREVIATIONS:
        return right[:1].isdigit()
    return word in ABBREVIATIONS


# A numbered paragraph run on after a sentence ("... implementation. 14. We reaffirm"),
# which the library does not split ("on p. 12. The" is joined again by `_joins`).
_NUMBERED_AFTER = re.compile(r"(?<=[.!?;])\s+(?=\d{1,3}\.\s+[A-Z])")


def _numbered(line: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in pieces:
        at = s
        for m in _NUMBERED_AFTER.finditer(line, s, e):
            out.append((at, m.start()))
            at = m.end()
        out.append((at, e))
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, without surrounding spaces:
    `text[start:end]` is the sentence exactly. Line breaks end a sentence, except after
    a timeline's date heading alone on its line and inside a clause a PDF broke off (see
    `_dated`); a numbered paragraph run on after a sentence starts one (`_numbered`)."""
    out: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base, segment = line.start(), line.group()
        merged: list[tuple[int, int]] = []
        for s, e in _numbered(segment, _pieces(segment)):
            if merged and _joins(segment[merged[-1][0]:merged[-1][1]], segment[s:e]):
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        for s, e in merged:
            while s < e and segment[s].isspace():
                s += 1
            while e > s and segment[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((base + s, base + e))
    return _dated(text, out)


def _dated(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with two kinds of line break joined: after a date heading line, to the
    sentence that opens the next line when it starts with a capital and has three words or
    more (a column of years in a table stays as it is); and inside a sentence that a PDF
    broke off mid-clause ("... was abolished and reorganized into" / "four new
    organizations: ..."): a line ending in a lower-case word without closing punctuation,
    and the next starting in lower case, when the line is as long as a wrapped line (60
    characters or more; short lower-case lines are a list's items)."""
    # A timeline has two date headings or more; one date line is a page's publication
    # date ("April 16, 2026" above "China's 15th Five-Year Plan ..."), no heading.
    timeline = sum(1 for a, b in spans if _DATE_LINE.match(text[a:b])
                   and (a == 0 or text[a - 1] == "\n")) >= 2
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            gap = text[pe:s]
            single = gap.count("\n") == 1 and not gap.strip()
            if single and timeline and _DATE_LINE.match(text[ps:pe]) and text[s:s + 1].isupper() \
                    and len(text[s:e].split()) >= 3 and (ps == 0 or text[ps - 1] == "\n"):
                out[-1] = (ps, e)
                continue
            # a wrapped line is long; short lower-case lines are a list's items
            line_start = text.rfind("\n", 0, pe) + 1
            if single and text[s:s + 1].islower() and pe - line_start >= 60 \
                    and _OPEN_CLAUSE.search(text[ps:pe]):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out
