"""What a question asks for: its answer type, whether it wants a list, and its parts.

Pure functions over the question text; the answerers and the follow-up logic use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import Term, salient_terms

# Answer types, in the order the features use them.
TYPES = ("number", "percent", "money", "date", "person", "org", "place", "definition",
         "list", "reason", "other")

_TYPE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("percent", re.compile(r"\b(what|which) (share|percentage|proportion|percent|fraction|"
                           r"rate)\b|\bhow much (of|did .* (grow|rise|fall|drop|increase|"
                           r"decrease))|\bby how much\b|\bwhat % |\bpercent(age)? of\b", re.I)),
    ("money", re.compile(r"\bhow much (money|funding|did .* (pledge|spend|cost|pay|invest|"
                         r"allocate|earn|raise))|\b(budget|cost|price|revenue|income|"
                         r"spending|funding|value|worth|sales|profit|loss|expenses?|cash)\b.*\?",
                         re.I)),
    ("number", re.compile(r"\bhow (many|much|long|large|big|often|far|high|old)\b|\bwhat "
                          r"(number|amount|level|score|total|size|count)\b|\bnumber of\b",
                          re.I)),
    ("date", re.compile(r"^\W*(when|since when|until when)\b|\b(what|which|in what) (year|date|"
                        r"month|day|time)\b|\bwhen (was|were|did|is|will|does)\b|\buntil when\b"
                        r"|\bby when\b", re.I)),
    ("person", re.compile(r"^\W*(who|whom|whose)\b|\bwho (is|was|were|are|heads|chairs|"
                          r"leads|spoke|said|presented|organi[sz]ed)\b|\bwhich (person|official|"
                          r"speaker|minister|ambassador|expert|scholar)\b|\bname of the "
                          r"(person|speaker|chair|head)\b", re.I)),
    ("org", re.compile(r"\bwhich (organi[sz]ation|company|agency|institution|university|firm|"
                       r"department|ministry|body|bank|group|country|countries)\b", re.I)),
    ("place", re.compile(r"^\W*where\b|\bwhere (was|were|is|are|did|will)\b|\bin which "
                         r"(city|country|place|province|region|district)\b|\bwhat (venue|"
                         r"location|city|place)\b", re.I)),
    ("list", re.compile(r"^\W*(list|name|enumerate|outline)\b|\bwhat (are|were) the (main |key "
                        r"|\w+ )?(\w+ )?(areas|priorities|directions|goals|objectives|"
                        r"recommendations|tools|steps|measures|pillars|themes|topics|"
                        r"components|elements|principles|challenges|risks|factors|"
                        r"categories|types|sectors|issues|findings|outcomes|points|"
                        r"strategies|initiatives|actions|lessons|areas|kinds|ways|options)\b|"
                        r"\bwhich (\w+ )?(tools|areas|countries|sectors|topics|measures|steps|"
                        r"programs|programmes|projects|organi[sz]ations|companies|agencies)\b|"
                        r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+) (main |key )?"
                        r"(\w+ )?(areas|priorities|directions|goals|objectives|pillars|themes|"
                        r"recommendations|steps|points|principles|elements|components)\b",
                        re.I)),
    ("definition", re.compile(r"^\W*(what (is|are|was|were) (an? |the )?[\w -]{1,40}\?$|define\b|"
                              r"what does [\w -]+ (mean|stand for)|meaning of)", re.I)),
    ("reason", re.compile(r"^\W*why\b|\bwhat (caused|led to|explains)\b|\bthe reason\b", re.I)),
]


def answer_type(question: str) -> str:
    """The kind of thing the question asks for (one of TYPES)."""
    for name, rule in _TYPE_RULES:
        if rule.search(question):
            return name
    return "other"


def wants_list(question: str) -> bool:
    return answer_type(question) == "list" or bool(
        re.search(r"\b(list|which \w+s|what (are|were) the \w+s)\b", question, re.I))


# A coordinated second ask: ", and when ...", " and how many ...", "; who ...".
_SPLIT = re.compile(
    r"\s*(?:,\s*and|;\s*and|\band\b|;|,)\s+(?=(?:(?:until|by|since|at|in|for|from|to|on|"
    r"roughly|approximately|about|exactly)\s+)?(?:who|whom|whose|what|when|where|which|why|"
    r"how|did|does|do|is|are|was|were|has|have)\b)", re.I)
_ASKS = re.compile(r"^\W*(?:(?:until|by|since|at|in|for|from|to|on|roughly|approximately|"
                   r"about)\s+)?"
                   r"(who|whom|whose|what|when|where|which|why|how|did|does|do|is|are|was|"
                   r"were|has|have|can|could|will|would|should|list|name|give|describe|"
                   r"explain|compare)\b", re.I)
_WH_WORD = re.compile(r"\b(who|whom|whose|what|when|where|which|why|how)\b", re.I)
# "... pay for One Medical and for iRobot": the second ask repeats the first's frame.
_SAME_PREP = re.compile(r"\s+and\s+(for|of|in|at|on|to|from|with|by)\s+", re.I)


def split_parts(question: str) -> list[str]:
    """The separate asks of a coordinated question ("Who heads X, and when was he
    confirmed?" -> two parts); a single ask is one part. A part of fewer than three words
    stays with the one before it."""
    text = question.strip()
    pieces: list[str] = []
    last = 0
    for m in _SPLIT.finditer(text):
        left = text[last:m.start()].strip(" ,;")
        # "By FY 2026, how much ...": an opening phrase, not an ask of its own.
        if not _ASKS.match(left) and not _WH_WORD.search(left):
            continue
        if len(left.split()) >= 3 and len(text[m.end():].split()) >= 2:
            pieces.append(left)
            last = m.end()
    pieces.append(text[last:].strip(" ,;"))
    pieces = [p.rstrip("?").strip() for p in pieces if p.strip()]
    if len(pieces) == 1:
        m = _SAME_PREP.search(text)
        prep = f" {m.group(1).lower()} " if m else ""
        head = text[:m.start()] if m else ""
        at = head.lower().rfind(prep) if m else -1
        if m and at > 0 and len(text[m.end():].split()) >= 1:
            pieces = [head.strip(), (head[:at] + prep + text[m.end():]).rstrip("?").strip()]
    if len(pieces) <= 1:
        return [question.strip()]
    return [p + "?" for p in pieces]


@dataclass
class QuestionInfo:
    """A question (or one part of one) as the answer selection reads it."""

    text: str  # what the embedding sees
    terms: list[Term]
    qtype: str
    wants_list: bool
    parts: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, context: str = "") -> QuestionInfo:
        """`context`: an earlier question whose terms count at half weight (follow-ups)
        or the rest of a multi-part question (at a third)."""
        terms = salient_terms(text)
        if context:
            mine = {t.form for t in terms}
            terms += [t for t in salient_terms(context, weight=0.4) if t.form not in mine]
        parts = split_parts(text)
        # A multi-part question's answer type is its first ask's ("Who heads X, and when
        # ...?" wants a name first).
        return cls(text=text, terms=terms, qtype=answer_type(parts[0]),
                   wants_list=wants_list(text), parts=parts)
