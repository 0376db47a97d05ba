"""Small lexical helpers shared by the answerers and the citation checks."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a an the of and or to in on at by for from with as is are was were be been being it
    its this that these those he she they them his her their there here what which who whom
    whose when where why how did do does done has have had not no yes can could would should
    will shall may might must about into over under than then so such also any all some each
    other more most very just only i you we our your my me us if but because while whether
    said say says tell told according report reports""".split()
)
_TOKEN = re.compile(r"[\w][\w'’.-]*\w|\w", re.UNICODE)


def stem(word: str) -> str:
    """A crude English stemmer: enough to match "invited" with "invite" and "talks" with
    "talk" without pulling in a stemming library for the answer scorer."""
    w = word.lower().strip(".'’-")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def content_terms(text: str) -> list[str]:
    return [stem(t) for t in _TOKEN.findall(text) if t.lower() not in STOPWORDS]


def overlap(query_terms: list[str], text: str) -> float:
    """Share of the query's content terms that appear in `text` (0..1)."""
    if not query_terms:
        return 0.0
    have = set(content_terms(text))
    wanted = set(query_terms)
    return len(wanted & have) / len(wanted)
