"""The offline answerer: quotes the sentences (or list blocks) that answer best, one per
part of the question, or refuses with the reason.

Selection and refusal are learned (see `selection.py`); the LLM answerer uses the same
selection as its sources, so both answer or refuse alike. Quotes are exact slices of the
cleaned page text by construction, so their citations need no checking.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..conversation import is_follow_up
from ..retrieval import Retrieved
from ..settings import Settings
from ..text import (
    STOPWORDS,
    UNION_WORDS,
    UNIONS,
    Bag,
    Term,
    by_country,
    content_terms,
    country_forms,
    report_names,
    salient_terms,
    spelled_out,
    stem,
    term_of,
    words,
)
from ..types import Answer, Citation
from .questions import ANY_PEOPLE, UNIT_FORMS, QuestionInfo, holds_focus

if TYPE_CHECKING:
    from ..components import CachedEmbedder
from .selection import (
    FEATURES,
    REFERENCE,
    VALUE_TYPES,
    Candidate,
    FigureKind,
    Idf,
    Model,
    Scored,
    answer_confidence,
    answer_value,
    asks_span,
    candidates,
    embed_all,
    featurize,
    figure_kinds,
    focus_features,
    load_model,
    part_quotes,
    part_refusal_rows,
    refusal_features,
    type_match,
)

NOT_FOUND = "The reports do not say"
RELATED = "The closest passages are listed as possibly related."
_TYPE_WORDS = {"number": "figure", "percent": "percentage", "money": "amount",
               "date": "date", "person": "name", "org": "organisation", "place": "place"}


@dataclass
class Selection:
    """What the answer selection decided for one question."""

    found: bool
    confidence: float
    chosen: list[tuple[Candidate, str | None]] = field(default_factory=list)  # (cand, part)
    uncovered: list[str] = field(default_factory=list)  # parts the reports do not cover
    reason: str = ""
    related: list[Candidate] = field(default_factory=list)
    best: float = 0.0


def _overlaps(c: Candidate, taken: list[Candidate]) -> bool:
    """Whether `c` quotes what an earlier quote already does: overlapping text of the same
    page, or the same words on another page or report (a repeated sentence, a copy)."""
    text = " ".join(c.quote.split()).lower()
    return any((c.frag is t.frag and c.quote_start < t.quote_end and t.quote_start < c.quote_end)
               or text in " ".join(t.quote.split()).lower() for t in taken)


def _add(chosen: list[tuple[Candidate, str | None]], c: Candidate, part: str | None) -> bool:
    """Add `c` unless an earlier quote holds it; a quote that holds an earlier one (the
    same sentence with the one it leans on, a list with its opener) takes its place."""
    taken = [x for x, _ in chosen]
    if not _overlaps(c, taken):
        chosen.append((c, part))
        return True
    for k, (t, p) in enumerate(chosen):
        if c.frag is t.frag and c.quote_start <= t.quote_start and t.quote_end <= c.quote_end \
                and (c.quote_start, c.quote_end) != (t.quote_start, t.quote_end):
            chosen[k] = (c, p or part)
            return True
    return False


def refusal_reason(main: Scored, best: Candidate | None, best_type: float) -> str:
    """Why the reports do not answer, in words."""
    # Only names, acronyms and numbers are named: "no report mentions 'attended'" would
    # be true and useless.
    absent = [t for t in main.absent if t.key]
    if absent:
        names = ", ".join(f"\u201c{t.shown or t.form}\u201d" for t in absent[:3])
        return f"no report mentions {names}"
    missing = [t for t in main.missing if t.key]
    if missing:
        names = ", ".join(f"\u201c{t.shown or t.form}\u201d" for t in missing[:3])
        return f"the closest passages do not mention {names}"
    label = _TYPE_WORDS.get(main.info.qtype)
    focus = main.info.focus
    if focus and best is not None:
        # Say what the closest passages lack: the thing asked for ("the budget"), or a
        # figure for it ("they mention the tonnage but give no figure for it").
        phrase = " ".join(t.shown for t in focus)
        _, head, near = focus_features(main.info, best.quote)
        if not head:
            return f"the closest passages do not give the {phrase}"
        if near == 0:
            return f"the closest passages mention the {phrase} but give no figure for it"
    if label and best is not None and best_type < 0.5:
        return f"the closest passages give no {label} for it"
    return "the closest passages do not answer it"


def _lead_first(main: Scored, probs: np.ndarray, key_ratio: float) -> list[int]:
    """Candidate indices, likeliest first, with the one that should lead the answer moved to
    the front."""
    cands = main.cands
    order = [int(i) for i in np.argsort(-probs)]
    # The first quote must hold the question's own names, years and numbers when a nearly
    # as likely sentence does ("... in 2024?" is not answered with the 2023 figure).
    # Only names, acronyms, years and numbers count here: in a small report set every word
    # is rare, and "people" in "people-to-people" must not outrank the attendance figure.
    keys = [t for t in main.info.terms if t.key and t.weight >= 1]
    # (a demonym's country counts: "the Dutch delegate" is "Mr. ... of the Netherlands")
    # (and a fiscal year's other names: "FY25" is the "2024-25" asked for)
    ends = _fiscal_ends(main.info.text)
    # each sentence's words, read once for all the checks below (not once per term)
    bags: dict[int, Bag] = {}

    def bag(i: int) -> Bag:
        if i not in bags:
            bags[i] = Bag.of(cands[i].text)
        return bags[i]

    share = [sum(1 for t in keys if _holds_key(bag(i), t)
                 or _year_held(t, bag(i), ends.get(t.form))) for i in range(len(cands))] \
        if keys else [0] * len(cands)
    close = [i for i in order if probs[i] >= min(1.0, key_ratio) * probs[order[0]]]
    # A bibliography line ("17 Ministry of ... Food Security, https://...") never leads
    # when a nearly as likely sentence of the text is there.
    # Then the thing asked for: "Which two markets ...?" is led by the sentence naming
    # the markets, not by a nearly as likely list of the report's obstacles.
    focus = [t for t in main.info.focus if t.weight >= 1]
    held = [sum(1 for t in focus if _holds_asked_thing(t, bag(i).forms))
            if i in close else 0 for i in range(len(cands))]
    lead = max(close, key=lambda i: (share[i], held[i], not REFERENCE.search(cands[i].text),
                                     probs[i]))
    # Within the lead's report, a name its title holds ("Gilgit-Baltistan's installed
    # capacity" of "Conference on Gilgit-Baltistan's Hydropower") is what every sentence
    # is about, though few repeat it: "The region's installed capacity is only 190
    # megawatts" holds it as much as the likelier-looking sentence that spells the name
    # out. Years and figures count only where the sentence holds them; the lead's report
    # stays the one chosen by the sentences' own names.
    report = cands[lead].hit.report
    title = Bag.of(report_names(report.title, report.file))
    in_title = [t for t in keys if not any(ch.isdigit() for ch in t.form) and title.has(t)]
    if in_title:
        mine = [i for i in close if cands[i].hit.report.sha256 == report.sha256]
        titled = {i: share[i] + sum(1 for t in in_title if not bag(i).has(t))
                  for i in mine}
        lead = max(mine, key=lambda i: (titled[i], not REFERENCE.search(cands[i].text),
                                        probs[i]))
    lead = _year_neighbour(main, lead, keys, bag, ends)
    order.remove(lead)
    order.insert(0, lead)
    return order


def _year_neighbour(main: Scored, lead: int, keys: list[Term], bag: Callable[[int], Bag],
                    ends: dict[str, str]) -> int:
    """The sentence next to the lead, in the same passage, that holds the year the question
    asks and the lead lacks, with a value of the asked type of its own: "... in 2022?"
    where the likeliest sentence gives the 2023 figure ("Punjab lost 1.4 million acre-feet
    ... in 2023.") and the next one goes on "In 2022 the losses were 1.1 million
    acre-feet, she added.", restating neither place nor measure. The lead otherwise (and
    when the question names several years, or the neighbour is a reference entry)."""
    years = [t for t in keys if _YEAR.fullmatch(t.form)]

    def holds(i: int) -> bool:
        return all(_holds_key(bag(i), t) or _year_held(t, bag(i), ends.get(t.form))
                   for t in years)

    info = main.info
    if not years or info.qtype not in ("number", "percent", "money") or holds(lead):
        return lead
    cands = main.cands
    for j in (lead + 1, lead - 1):
        # (the sentence's own value: a quote opening "This was ..." carries the lead's)
        if 0 <= j < len(cands) and cands[j].frag is cands[lead].frag and holds(j) \
                and not REFERENCE.search(cands[j].text) \
                and answer_value(info.qtype, cands[j].text, info.text) >= 1.0:
            return j
    return lead


_COUNTRY_NOUNS = frozenset(term_of(w) for w in ("country", "countries", "nation", "nations"))


def _holds_asked_thing(term: Term, forms: set[str]) -> bool:
    """`holds_focus`, and "countries" held by a sentence naming countries ("Delegations
    from France, the Netherlands and Norway attended")."""
    return holds_focus(term, forms) or (term.form in _COUNTRY_NOUNS
                                        and len(forms & country_forms()) >= 2)


def _holds_key(bag: Bag, term: Term) -> bool:
    return bag.has(term) or (not term.acronym and by_country(term, bag.caps))


def _related(cands: list[Candidate], order: list[int]) -> list[Candidate]:
    """Up to three of the likeliest candidates, each from its own passage and quoting
    something new: the closest passages shown beside an answer or a refusal."""
    related: list[Candidate] = []
    for i in order:
        if len(related) >= 3:
            break
        if not _overlaps(cands[i], related) and cands[i].hit not in [r.hit for r in related]:
            related.append(cands[i])
    return related


def _quote_part(chosen: list[tuple[Candidate, str | None]], ps: Scored, model: Model) -> bool:
    """Add the likeliest quote for one part of the question to `chosen`; False when no
    candidate is likely enough for the part to count as covered."""
    pp = model.selection.prob(ps.X)
    b = int(np.argmax(pp))
    if pp[b] < model.part_min:
        return False
    if _add(chosen, ps.cands[b], ps.info.text):
        return True
    # Its likeliest quote was taken for an earlier part: the next likeliest one,
    # when nearly as likely, is quoted too (the two asks rarely share a sentence).
    for j in [int(k) for k in np.argsort(-pp)[1:4]]:
        if pp[j] < max(model.part_min, 0.5 * pp[b]):
            break
        if _add(chosen, ps.cands[j], ps.info.text):
            break
    return True


@dataclass
class _Quotes:
    """The quotes chosen so far, and the parts of the question none of them covers."""

    chosen: list[tuple[Candidate, str | None]] = field(default_factory=list)  # (cand, part)
    uncovered: list[str] = field(default_factory=list)


def _part_quotes(parts: list[Scored], model: Model) -> _Quotes:
    """The best quote for each part of a multi-part question (none for a single ask)."""
    quotes = _Quotes()
    if len(parts) > 1:
        for ps in parts:
            if not _quote_part(quotes.chosen, ps, model):
                quotes.uncovered.append(ps.info.text)
    return quotes


def _add_likely(chosen: list[tuple[Candidate, str | None]], cands: list[Candidate],
                order: list[int], probs: np.ndarray, model: Model, max_quotes: int, *,
                several: bool = False, terms: list[Term] | None = None) -> None:
    """Add further candidates nearly as likely as the best (in `order` after the lead), up
    to `max_quotes` in all: the other items or facts of a list or multi-fact question, or
    the next likeliest answers to a one-fact question whose lead is unsure.

    One from a page or section that neither the lead nor a part's quote is on is added only
    to a one-fact question (`several` False) whose lead is less likely than
    `model.far_below`, or when it holds one of the question's `terms` that those quotes
    lack ("female" in a table row, where the lead gives the adult literacy rate).
    Elsewhere such a quote is mostly another figure on the topic from a sibling filing: a
    list's items stand together, and each part of a question gets its own quote (README,
    Figures)."""
    top = float(probs.max())
    far_ok = not several and float(probs[order[0]]) < model.far_below
    # The pages (or sections: DOCX and HTML have no page numbers) of the lead and the part
    # quotes; a far quote let in does not open its page to the candidates after it.
    near = {(c.frag.sha, c.frag.part) for c, _ in chosen}
    # The question's own terms: an earlier turn's, at weight 0.4, are no reason to quote.
    lacking = [t for t in terms or [] if t.weight >= 1
               and not any(Bag.of(c.quote).has(t) for c, _ in chosen)]
    for i in order[1:]:
        if len(chosen) >= max_quotes:
            break
        if probs[i] < model.extra_ratio * top:
            continue
        cand = cands[i]
        if not far_ok and (cand.frag.sha, cand.frag.part) not in near:
            bag = Bag.of(cand.quote) if lacking else None
            adds = [t for t in lacking if bag is not None and bag.has(t)]
            if not adds:
                continue
            # one far quote per word: a second holding it adds nothing the first did not
            lacking = [t for t in lacking if t not in adds]
        _add(chosen, cand, None)


def decide(main: Scored, parts: list[Scored], model: Model, idf: Idf,
           max_quotes: int, asked: str | None = None) -> Selection:
    """Refuse, or pick the quotes: the best for each part of the question, then further
    ones nearly as likely (`_add_likely`: the items of a list, the other facts asked, the
    next likeliest answers where the best is unsure)."""
    cands = main.cands
    if not cands:
        return Selection(False, 0.0, reason="no passage of the reports matches the question")
    probs = model.selection.prob(main.X)
    for c, p in zip(cands, probs, strict=True):
        c.prob = float(p)
    evidence = model.evidence or model.selection
    extra = part_quotes(parts, evidence) if len(parts) > 1 else []
    conf = answer_confidence(
        float(model.refusal.prob(refusal_features(main, evidence.prob(main.X), idf,
                                                  extra)[None])[0]),
        model.refusal.prob(part_refusal_rows(parts, evidence, idf)))
    order = _lead_first(main, probs, model.key_ratio)
    best = cands[order[0]]
    related = _related(cands, order)
    # A name, acronym or number the question turns on that no indexed report holds at all
    # ("the US" where only the UK and Japan pledged): the reports cannot answer it, however
    # close the passages look. Refused whatever the probability, so that a small corpus,
    # where the fitted evidence is least sure, never answers it.
    if conf < model.threshold or main.absent_names:
        btype = float(main.X[order[0], FEATURES.index("type")])
        # An outright refusal is no likelier to be answerable than the threshold says: a
        # refusal never reads as a "medium" or "high" confidence.
        return Selection(False, min(conf, model.threshold),
                         reason=refusal_reason(main, best, btype),
                         related=related, best=float(probs[order[0]]))
    quotes = _part_quotes(parts, model)
    chosen = quotes.chosen
    if not chosen or not _overlaps(best, [x for x, _ in chosen]):
        chosen.insert(0, (best, None))
    # "How many solar refrigerators did WHO supply?" quoting "UNICEF supplied ... 1,200
    # solar refrigerators": the quote is another actor's, whatever its words share.
    swap = swapped_name(main, best.quote, asked, _names_of(best))
    if swap is not None:
        return Selection(False, min(conf, model.threshold),
                         reason=f"the closest passages speak of {swap[1]}, not "
                                f"\u201c{swap[0].shown or swap[0].form}\u201d",
                         related=related, best=float(probs[order[0]]))
    chosen = [(c, part) for c, part in chosen
              if swapped_name(main, c.quote, asked, _names_of(c)) is None]
    unmentioned = unmentioned_names(main, [c for c, _ in chosen], idf, asked=asked,
                                    skip=quotes.uncovered)
    if unmentioned:
        # "How many homes were rebuilt in Hyderabad?" where another report names Hyderabad
        # and the quoted one gives Dadu's figure: a sibling's figure is no answer.
        return Selection(False, min(conf, model.threshold),
                         reason=_unmentioned_reason(unmentioned, [c for c, _ in chosen]),
                         related=related, best=float(probs[order[0]]))
    _add_likely(chosen, cands, order, probs, model, max_quotes,
                several=main.info.wants_list or len(parts) > 1, terms=main.info.terms)
    reason = _unanswered(main, chosen, asked if asked is not None else main.info.text)
    if reason is not None:
        return Selection(False, min(conf, model.threshold), reason=reason, related=related,
                         best=float(probs[order[0]]))
    return Selection(True, conf, chosen, quotes.uncovered, related=related,
                     best=float(probs[order[0]]))


def _unanswered(main: Scored, chosen: list[tuple[Candidate, str | None]],
                question: str) -> str | None:
    """Why the chosen quotes, however close, do not answer `question` (the reason a
    refusal gives), or None: they speak of another member of its series, no speaker in
    them speaks of its topic, the lead says it did not happen, or none holds a value of
    the kind asked."""
    texts = [f"{_around(c, main.cands)} {_names_of(c)}" for c, _ in chosen]
    other = swapped_ordinal(question, texts) or swapped_label(question, texts)
    if other is not None:
        # "Which country will host the Fourth UN Conference?" quoting the hosts of the
        # Third, "Scope 2 emissions" quoting Scope 1's: the series' other member.
        return (f"the closest passages speak of the \u201c{other[1]}\u201d, not the "
                f"\u201c{other[0]}\u201d")
    unspoken = unspoken_topic(question, texts)
    if unspoken:
        # "Who spoke about e-commerce taxes?" quoting the speaker on "a flat tax on
        # software exports": someone spoke, but not of what was asked.
        shown = ", ".join(f"\u201c{t.shown or t.form}\u201d" for t in unspoken[:3])
        return f"no speaker in the closest passages speaks of {shown}"
    negated = negated_ask(question, main.info.terms, chosen[0][0].quote) \
        if len(main.info.parts) <= 1 else None
    if negated is not None:
        # "Which countries ban VPNs outright?" quoting "VPNs are not officially banned in
        # India": the lead says what did not happen.
        return f"the closest passage says \u201c{negated}\u201d"
    if lacks_value(main.info, [c.quote for c, _ in chosen]):
        # "How many employees does DHS have?" quoting "DHS will ensure its operators and
        # employees have the tools ...": however close the words, no quote holds a figure
        # (a date, a sum) at all, so none can be the answer. The fitted refusal evidence
        # weighs this ("typed_noval") but, being linear, not past the rest of a close
        # passage. A count of things may have been given of other things ("300 cargo
        # ships" for the crews aboard), so the reason names what it is missing for.
        named = [t.shown for t in main.info.focus if not any(ch.isdigit() for ch in t.shown)]
        what = " ".join(named) if main.info.qtype == "number" and len(named) <= 3 else ""
        return f"the closest passages give no {_TYPE_WORDS[main.info.qtype]} for " + (
            f"the {what}" if what else "it")
    return None


# Asks that words answer as often as figures: "every five years", "annually", "a
# decade", "halfway".
_WORDED_MEASURE = re.compile(r"\bhow (often|frequently|long|far|big|large|high|soon)\b", re.I)
# A count of people in other words than a noun for them: "More than 150 attended",
# "attendance exceeded 200", "33 million Pakistanis".
_FIGURE = r"\d[\d,.]*(?:\s+(?:thousand|million|billion|lakh|crore))?"
_PEOPLE_COUNT = re.compile(
    rf"{_FIGURE}\s+(?:(?:people|persons)\s+)?(?:attended|took part|participated|joined|"
    rf"registered|turned up|were present|came)\b|"
    rf"\b(?i:attendance|turnout|participation)\s+(?:\w+\s+){{0,3}}?(?:of\s+)?"
    rf"(?:(?:about|around|over|nearly|almost|some|more than|at least)\s+)?{_FIGURE}|"
    rf"{_FIGURE}\s+[A-Z][a-z]+(?:ans|ese|is|ians)\b")
_ONE = re.compile(r"\b(?:[Oo]ne|1)\s+\w+\s+(?:in|out of)\s+\w+\b|"
                  r"\b(?:[Oo]ne|1)\b(?!\s*(?:hundred|thousand|million|billion|lakh|crore|"
                  r"[.,]\d))")
_HOW_MANY = re.compile(r"\bhow many\b", re.I)
_PLURAL = re.compile(r"[a-z]{2}[^su]s$")
# "How many dollars ...?" is answered by "$2.1 billion".
_CURRENCIES = frozenset(term_of(w) for w in "dollars rupees euros pounds yuan".split())


@dataclass(frozen=True)
class _Count:
    """What a one-part "how many ...?" question counts (`_count_asked`)."""

    unit: str  # "money" (dollars, rupees), "measure" (tonnes, miles) or "thing"
    named: frozenset[str]  # the term forms of the asked phrase ("crew", "member")
    others: frozenset[str]  # the question's other words ("ship" of "aboard the ships")


def _count_asked(info: QuestionInfo) -> _Count | None:
    """What a one-part "how many ...?" question counts; None for another question, one
    that names nothing ("How many were killed?") or asks a length of time ("how many
    days": "a three-day conference" answers)."""
    if info.qtype != "number" or not info.focus or not _HOW_MANY.search(info.text):
        return None
    forms = [t.form for t in info.focus if not any(ch.isdigit() for ch in t.form)]
    if not forms or asks_span(info.text):
        return None
    unit = "money" if any(f in _CURRENCIES for f in forms) else \
        "measure" if any(f in UNIT_FORMS for f in forms) else "thing"
    named = frozenset(forms)
    # Only plural nouns: a figure counts things in the plural ("1,000 ships"), and the
    # question's verbs may be the quote's nouns ("enrolled" / "1,200 enrolments").
    others = frozenset(t.form for t in info.terms if t.weight >= 1.0 and _PLURAL.search(
        t.shown or "")) - named
    return _Count(unit, named, others)


def _clashes(count: _Count, figure: FigureKind) -> bool:
    """Whether a figure (`selection.figure_kinds`) counts something else than `count`: a
    share of anything but the asked things ("40% of U.S. exports" for tons of soybeans),
    a sum where no money is asked, a length of time, a measure where none is asked ("6,000
    miles" for dollars), people where money is asked, or other things the question names
    ("1,000 ships" for the crew members aboard the ships). People and things in words of
    the report's own ("54 nations" for countries, "40 scholars" for participants) and bare
    figures ("45 were accepted") count what was asked."""
    kind = figure.kind
    if kind == "percent":
        return figure.word not in count.named
    if kind in ("money", "people"):
        return (kind == "money") != (count.unit == "money")
    if kind == "measure":
        return count.unit != "measure"
    if kind == "noun":
        return any(w in count.others for w in figure.word.split())
    return kind == "span"


# A share in words answers "what proportion ...?" ("About half of households ...")
_SHARE_WORDS = re.compile(r"\b(half|quarter|third|thirds|fifth|majority|minority|"
                          r"doubled|tripled|halved)\b", re.I)


def _latin(text: str) -> bool:
    """Whether every letter of `text` is Latin: the values `answer_value` reads are digits
    and English words, so "百分之二十" (twenty per cent) or "2019年" would read as no
    figure or date."""
    return all(ch.isascii() or not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN")
               for ch in text)


def lacks_value(info: QuestionInfo, quotes: list[str]) -> bool:
    """Whether a one-part question asking for a number, percentage, sum or date gets
    quotes (`quotes[0]` the lead) none of which holds a value of its kind beyond the
    question's own (`selection.answer_value` 0: no figure for "how many", no date for
    "when"). A further quote counts only when it also names what is asked for (the head
    of `QuestionInfo.focus`): "22 federal departments" beside the lead is no count of the
    employees asked about. The lead counts with a value alone, as it is chosen for the
    question's words and often answers in other words ("40 scholars" for "people"),
    except for a count of people ("how many people / participants"), which any quote
    must give beside a word for people (`focus_features`: "40 scholars", not "eight
    sessions"), and a count of other things ("how many ships / tonnes / dollars"),
    which a quote answers only with a figure that does not count something else
    (`_clashes`: not "1,000 ships" for the crew members aboard the ships, "6,000 miles"
    for dollars or "40% of U.S. exports" for tonnes)."""
    # Only these types (VALUE_TYPES): person and place questions were tried too, but
    # their quotes name people and places in ways `answer_value` misses ("the Chairman of
    # CAPES", "the Embassy"), and refusing them cost more answers than it gained refusals
    # (README, Figures).
    if info.qtype not in VALUE_TYPES or len(info.parts) > 1 or not _latin(info.text) \
            or not all(_latin(q) for q in quotes) or _WORDED_MEASURE.search(info.text):
        return False
    # "How many people attended the workshop?" quoting "The workshop consisted of eight
    # sessions": a count of people stands beside a word for them ("40 scholars", "45
    # participants"), in the lead as in any further quote.
    people = info.qtype == "number" and bool(info.focus) and info.focus[-1].form in ANY_PEOPLE
    # A count of other things ("how many crew members / tonnes / dollars") is answered by
    # a figure of any kind but a clashing one (`_clashes`): "An estimated 1,000 ships" is
    # no count of the crew members aboard the ships, "6,000 miles" none of dollars, "40%
    # of U.S. exports" none of tonnes. Reports name the
    # things counted in words of their own ("54 nations" for countries, "a workforce of
    # 221,000" for employees) or leave them out ("45 were accepted"), so a figure is
    # never asked to stand beside the question's word (README, Figures).
    count = _count_asked(info) if not people else None
    for k, q in enumerate(quotes):
        value = answer_value(info.qtype, q, info.text) > 0 or (
            info.qtype == "percent" and _SHARE_WORDS.search(q) is not None)
        if not value:
            continue
        if people:
            # "fewer than one farmer in five", "one of the speakers": a figure of one (and
            # the "in five" of its share) is a share or a person, no count of who came
            told = _ONE.sub("a", q)
            # "The floods displaced 8 million": a figure with no noun after it counts them
            if focus_features(info, told)[2] == 1.0 or _PEOPLE_COUNT.search(told) \
                    or any(f.kind == "bare" for f in figure_kinds(told, info.text)):
                return False
        elif count is not None and all(_clashes(count, figure)
                                       for figure in figure_kinds(q, info.text)):
            continue
        elif k == 0 or not info.focus or focus_features(info, q)[1] == 1.0:
            return False
    return True


# "Who spoke about hydropower tariffs at the seminar?", "Who else talked on trade?": the
# topic of what was said, up to the event or place that frames it ("at", "in", "during").
_SPOKE_ON = re.compile(
    r"^\W*who\s+(?:\w+\s+){0,2}?(?:spoke|speaks?|talked|talks?|said|says|commented|"
    r"remarked|warned|argued|focus(?:s)?ed|presented|touched|dwelt|reflected)\s+(?:\w+\s+)?"
    r"(?:about|on|upon|regarding|concerning)\s+(?P<topic>.+?)"
    r"(?=\s+(?:at|in|during|for|from|with|to|and who|and what|and when)\s|[?.,;:]|$)", re.I)
# "Who spoke on behalf of ...", "on Monday", "on the second day", "on the panel": when or
# for whom, no topic.
_NO_TOPIC = re.compile(
    r"^(?:behalf|(?:the\s+)?(?:occasion|sidelines|opening|closing)|(?:the\s+)?(?:\w+\s+)?"
    r"(?:day|panel|stage|session|podium|floor)\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day)",
    re.I)
# Words that frame a topic, not name it: "the role of women", "the need for connectivity".
_TOPIC_FRAME = frozenset(term_of(w) for w in """role roles importance significance need needs
    issue issues topic subject question questions theme matter aspect aspects state status
    prospects future""".split())


def unspoken_topic(question: str, quotes: list[str]) -> list[Term]:
    """The terms of the topic of a "Who spoke about TOPIC ...?" question that the quotes
    (each with the sentences around it and its report's title) lack: the speakers quoted
    spoke of something else ("a flat tax on software exports" for "e-commerce taxes").
    Empty for any other question. A speaker is named for the topic the report gives them,
    so the topic's words stand together in one quote or beside it ("spoke on the sediment
    crisis"), not one word here and one there; each subject of "trade and energy" may
    be another speaker's. Words framing the topic ("the role of"), figures and ordinals
    ("Pakistan's 5th census") need not stand there."""
    m = _SPOKE_ON.search(question)
    if m is None or not quotes or _NO_TOPIC.match(m.group("topic")):
        return []
    bags = [Bag.of(q) for q in quotes]
    for subject in re.split(r"\s+(?:and|&)\s+", m.group("topic")):
        terms = [t for t in salient_terms(subject) if t.form not in _TOPIC_FRAME
                 and not any(ch.isdigit() for ch in t.form)
                 and t.form not in ("st", "nd", "rd", "th") and t.form not in _ORDINAL_WORDS]
        if not terms:
            continue
        lacking = min(([t for t in terms if not (bag.has(t) or bag.has_name(t))]
                       for bag in bags), key=len)
        if lacking:
            return lacking
    return []


def _around(c: Candidate, cands: list[Candidate]) -> str:
    """A candidate's quote with the sentences before and after it in its passage."""
    near = [x.text for x in cands if x.frag is c.frag and abs(x.index - c.index) == 1]
    return " ".join([c.quote, *near])


_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                  "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                  "nineteenth twentieth").split()
_ORDINAL = r"(?:(?i:" + "|".join(_ORDINAL_WORDS) + r")|\d+(?:st|nd|rd|th))"
# An ordinal and the four words after it, where the name it numbers stands: "Fourth UN
# Conference on", "6th Think Tank Forum", "Third United Nations Conference on". Not the
# end of "Twenty-First".
_ORDINAL_NAME = re.compile(rf"(?<![\w-])({_ORDINAL})((?:\s+[\w&’'-]+){{1,4}})")
_ORDINAL_ANY = re.compile(rf"(?<![\w-])({_ORDINAL})(?![\w-])")
# Capitalised words an ordinal numbers that name no series of events ("the 21st Century",
# "the 2nd Quarter").
_NO_SERIES = frozenset({"century", "centuries", "quarter", "half", "day", "week", "month",
                        "year", "time", "place", "person", "floor"})


def _ordinal_number(word: str) -> int:
    w = word.lower()
    return _ORDINAL_WORDS.index(w) + 1 if w in _ORDINAL_WORDS else int(re.sub(r"\D", "", w))


def swapped_ordinal(question: str, texts: list[str]) -> tuple[str, str] | None:
    """(the question's numbered name, the quote's) where the question asks about one of a
    numbered series ("the Fourth UN Conference", "ISSI's 6th Think Tank Forum") and
    `texts` (the quotes with the sentences beside them, and their reports' titles) speak
    only of another of it ("the Third United Nations Conference"): the series' earlier or
    later event, no answer. None otherwise, and wherever the texts write the asked number
    at all ("the sixth in the series"). Only an ordinal written as part of a name
    (capitalised, or in figures) before a capitalised word; the two name the same series
    when that word follows both ("Conference", in any case)."""
    text = " ".join(texts)
    written = {_ordinal_number(x.group(1)) for x in _ORDINAL_ANY.finditer(text)}
    for m in _ORDINAL_NAME.finditer(question):
        if not (m.group(1)[0].isupper() or m.group(1)[0].isdigit()):
            continue
        asked, after = _ordinal_number(m.group(1)), m.group(2).split()
        nouns = {w.lower() for w in after if re.fullmatch(r"[A-Z][a-z]{2,}", w)} - _NO_SERIES
        if not nouns or asked in written:
            continue
        for x in _ORDINAL_NAME.finditer(text):
            words_x = x.group(2).split()
            shared = nouns & {w.lower() for w in words_x}
            if shared:
                cut = max(k for k, w in enumerate(after) if w.lower() in shared)
                cut_x = max(k for k, w in enumerate(words_x) if w.lower() in shared)
                return (" ".join([m.group(1), *after[:cut + 1]]),
                        " ".join([x.group(1), *words_x[:cut_x + 1]]))
    return None


# A member of a numbered series by its label: "Scope 2", "Phase II", "Item 1A", "Goal
# 3.1", "Scope-2"; several after one noun: "Scope 1, 2, and 3", "Scopes 1+2", "Phases
# I-III", "Articles 1 through 100". Not a year or other figure of four digits ("Vision
# 2030"), a share or decimal run on ("43.83%"), nor a label's own hyphenated word
# ("Scope 2-related" is Scope 2).
_LABEL = r"(?:\d{1,3}(?:\.\d{1,2})?[A-Z]?|[IVX]{1,4})"
_LABEL_SEP = r"\s*(?:,\s*(?:and|or)\b|,|\band\b|&|\bor\b|\bto\b|\bthrough\b|\+|-|–|/)\s*"
_LABELLED = re.compile(
    rf"(?<![\w-])([A-Za-z][a-z]{{2,}})[\s-]+({_LABEL}(?:{_LABEL_SEP}{_LABEL})*)"
    r"(?![\w%+]|[.,]\d|-\d)")
_LABEL_PART = re.compile(rf"{_LABEL}")
_ROMAN = {"I": 1, "V": 5, "X": 10}
# The nouns whose numbered members a question may ask for apart: a capitalised word before
# a figure in a question is as often a place or a name with a count ("Punjab 61", "Pakistan
# 5 years ago"), which no other figure makes a wrong answer.
SERIES_NOUNS = frozenset("""scope phase item part goal objective article section chapter title
    tier level grade class pillar priority session round wave annex schedule note table
    figure stage step category group zone window track target outcome indicator component
    module option scenario principle recommendation measure action commitment appendix
    clause rule paragraph volume edition season generation unit""".split())
_NUMBER_WORDS = ("one two three four five six seven eight nine ten first second third "
                 "fourth fifth sixth seventh eighth ninth tenth").split()


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "ches", "shes", "xes")):
        return w[:-2]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _label_value(label: str) -> str:
    if re.fullmatch(r"[IVX]+", label):
        vals = [_ROMAN[ch] for ch in label]
        return str(sum(-v if k + 1 < len(vals) and v < vals[k + 1] else v
                       for k, v in enumerate(vals)))
    return label.upper()


def _labels(run: str) -> set[str]:
    """The labels of "1, 2 and 3", "I-III" ("1", "2", "3"), a span counted through."""
    parts = [_label_value(x) for x in _LABEL_PART.findall(run)]
    out = set(parts)
    if len(parts) == 2 and re.search(r"[-–]|\b(?:to|through)\b", run):
        lo, hi = parts
        if lo.isdigit() and hi.isdigit():
            out |= {str(k) for k in range(int(lo), min(int(hi), int(lo) + 500) + 1)}
        elif re.fullmatch(r"\d+\.\d+", lo) and re.fullmatch(r"\d+\.\d+", hi) \
                and lo.split(".")[0] == hi.split(".")[0]:  # "Goals 3.1-3.4"
            head = lo.split(".")[0]
            out |= {f"{head}.{k}" for k in range(int(lo.split(".")[1]),
                                                  int(hi.split(".")[1]) + 1)}
    return out


def labelled_series(text: str, *, question: bool = True) -> dict[str, dict[str, str]]:
    """{noun (lower case, singular): {label: as written}} of the members of a numbered
    series `text` names ("Scope 1 and 2 emissions": {"scope": {"1": "Scope 1 and 2", "2":
    ...}}); `question`: only under a capitalised noun of `SERIES_NOUNS` (a question's "Phase
    2", not its "Punjab 10 years ago"); else under any noun, in any case."""
    out: dict[str, dict[str, str]] = {}
    for m in _LABELLED.finditer(text):
        noun = _singular(m.group(1))
        if question and not (m.group(1)[0].isupper() and noun in SERIES_NOUNS):
            continue
        out.setdefault(noun, {}).update(dict.fromkeys(_labels(m.group(2)), m.group(0)))
    return out


def _same_member(a: str, b: str) -> bool:
    """Whether labels `a` and `b` name one member, or one a part of the other ("1" and
    "1.4", "1" and "1A")."""
    return a == b or re.match(rf"{re.escape(a)}(?:\.|[A-Z])", b) is not None \
        or re.match(rf"{re.escape(b)}(?:\.|[A-Z])", a) is not None


def swapped_label(question: str, texts: list[str]) -> tuple[str, str] | None:
    """(the question's series member, the texts') where the question names a member of a
    numbered series by its label ("Costco's Scope 2 emissions", "Phase III") and `texts`
    (the quotes with the sentences beside them, and their reports' titles) name only other
    members of it ("Our Scope 1 emissions increased 15%"): a figure of the series' other
    member, no answer. None where the texts name an asked member (or a part of it, or the
    whole it is part of), or none of the series, or name a member in words ("the second
    phase", "Scope two"). The sibling of `swapped_ordinal` for series numbered by a label
    after the noun."""
    words_ = question.split(maxsplit=1)
    asked = labelled_series(words_[1] if len(words_) > 1 else "")
    if not asked:
        return None
    text = " ".join(texts)
    written = labelled_series(text, question=False)
    for noun, labels in asked.items():
        other = written.get(noun, {})
        if not other or any(_same_member(a, b) for a in labels for b in other):
            continue
        # "Scope two", "the second phase"; not "all three scopes", a count of them
        worded, ordinal = "|".join(_NUMBER_WORDS), "|".join(_NUMBER_WORDS[10:])
        if re.search(rf"(?i)\b{noun}\w*[\s-]+(?:{worded})\b|\b(?:{ordinal})\s+{noun}", text):
            continue
        return next(iter(labels.values())), next(iter(other.values()))
    return None


_NEGATION = frozenset({"not", "never", "no", "neither", "nor", "without", "cannot"})
# In a quote "no" and "without" say there is none ("No material weaknesses were
# identified"), which answers "how many" or "what"; and a rule's "cannot", "may not"
# ("may not serve more than two terms") states a limit, the answer to one.
_QUOTE_NEGATION = frozenset({"not", "never", "neither", "nor"})
_MODALS = frozenset({"may", "shall", "must", "should", "can", "could", "will", "would"})
_NEGATED_NOT = frozenset({"only", "just", "merely", "less", "longer", "later", "sooner",
                          "more", "fewer", "least"})
# Words between a negation and the verb it negates: "not officially banned", "did not
# yet carry out", "has never been tested".
_BETWEEN_NEGATED = frozenset({"be", "been", "being", "have", "has", "yet", "ever", "even",
                              "currently", "still", "always", "so", "formally"})
# Verbs whose negation is what the question asks for ("What impact does the Company expect
# ...?" quoting "does not expect a material impact").
_STANCE = frozenset(term_of(w) for w in "expect believe anticipate intend think foresee".split())
# Questions a negation answers: why, yes or no (after a lead-in too: "In 2023, did ...?"),
# how many or what share ("40% of girls do not attend school"), what a text says about
# something, or asked in negative words ("Which provinces failed to comply?").
_NEGATION_ANSWERS = re.compile(
    r"^\W*(?:why|how come)\b|\b(?:reasons?|caus\w*|explain\w*)\b|"
    r"^(?:[^?]*?,\s*)?(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|"
    r"should|shall|may|must)\b|"
    r"\bhow\s+(?:many|much|often|did|does|do|has|have|is|are|was|were)\b|\bwhat\s+(?:percentage|share|proportion|fraction|number)\b|"
    r"\b(?:say|says|said|find|finds|found|report|reports|reported|state|states|stated)\b"
    r".*\babout\b|"
    r"\b(?:fail\w*|refus\w*|declin\w*|lack\w*|yet\s+to|against|non|absent|missing|"
    r"(?:did|do|does|is|are|was|were|has|have|had|could|would|should|wo|ca)nt)\b", re.I)
# "did not open until 2024", "not before June": the time it did happen.
_NOT_UNTIL = re.compile(r"\b(?:until|till|unless|before)\b", re.I)


def _negates(word: str, negations: frozenset[str] = _NEGATION) -> bool:
    w = word.lower().replace("\u2019", "'")
    return w in negations or w.endswith("n't")


def _negated_at(toks: list[str], k: int) -> int | None:
    """Where the negation is that negates the word at `k` as its verb (across adverbs and
    auxiliaries: "not officially banned"), not "not only", "no longer", "no more than",
    nor a rule's "may not", "can't"; None if none does."""
    j = k - 1
    while j >= 0 and j >= k - 3 and (toks[j].lower() in _BETWEEN_NEGATED
                                     or toks[j].lower().endswith("ly")):
        j -= 1
    if j < 0 or not _negates(toks[j], _QUOTE_NEGATION) \
            or toks[j + 1].lower() in _NEGATED_NOT:
        return None
    w = toks[j].lower().replace("\u2019", "'")
    if w in ("can't", "mustn't", "shan't") or (j > 0 and toks[j - 1].lower() in _MODALS):
        return None
    return j


def negated_ask(question: str, terms: list[Term], quote: str) -> str | None:
    """The words of `quote` that negate a term of the question (not a name) wherever the
    quote holds it ("not officially banned" for "Which countries ban VPNs?", "not carry"
    for "When did Russia carry out a test?"): the quote says it did not happen, no answer
    to what, who or when it did. None where the question is itself negative, asks why or
    for a yes or no, where the quote says when it did happen ("not open until 2024"), or
    the quote also holds the term unnegated ("Only Balochistan complied; Sindh did not
    comply")."""
    if any(_negates(w) for w in words(question)) or _NEGATION_ANSWERS.search(question) \
            or _NOT_UNTIL.search(quote):
        return None
    toks = words(quote)
    for t in terms:
        if t.key or t.form in _STANCE:
            continue
        at = [k for k, w in enumerate(toks) if term_of(w) == t.form]
        spans = [_negated_at(toks, k) for k in at]
        if at and all(j is not None for j in spans):
            return " ".join(toks[spans[0]:at[0] + 1])
    return None


def _names_of(c: Candidate) -> str:
    return report_names(c.hit.report.title, c.hit.report.file)


# A capitalised word of a quote and the word after it (every such pair: "The UK buyers")
_NAME_THEN_WORD = re.compile(r"(?<![\w.])(?=([A-Z][\w.&'’-]*)\s+([^\W\d_]+))")


def swapped_name(main: Scored, quote: str, asked: str | None = None,
                 title: str = "") -> tuple[Term, str] | None:
    """(the question's acronym, the quote's) where the quote puts another acronym where
    the question has its own, before the same word ("did WHO supply" / "UNICEF supplied";
    "US buyers" / "The UK buyers") and holds the question's nowhere, nor its report's
    title: it speaks of someone else. None otherwise."""
    text = asked if asked is not None else main.info.text
    own = {t.form for t in salient_terms(text)}
    names = [t for t in main.info.terms if t.key and t.acronym and t.weight >= 1
             and t.form in own and t.shown and not any(ch.isdigit() for ch in t.shown)]
    if not names:
        return None
    bag = Bag.of(f"{quote} {title}")  # a report on Costco's emissions says "our"
    for t in names:
        # the acronym, then a word in lower case ("did WHO supply", "US buyers")
        m = re.search(rf"(?<![\w.]){re.escape(t.shown)}\s+([^\W\d_]+)", text)
        if m is None or not m.group(1)[0].islower() or m.group(1).lower() in STOPWORDS \
                or bag.has(t) or bag.has_name(t) or _union_named(t, bag):
            continue
        after = term_of(m.group(1))
        for q in _NAME_THEN_WORD.finditer(quote):
            name, word = q.group(1).rstrip(".’'"), q.group(2)
            form = name.lower()
            # Acronyms for acronyms only ("UK" for "US", "UNICEF" for "WHO"): a capitalised
            # word may be the name's role or office ("the Governor" / "Kamran Tessori",
            # "the Department"). Not the question's own other name ("Did WHO supply them,
            # or UNICEF?"), nor one holding the asked one ("USAID" for "the US"); a union
            # only for another union, as its agencies speak for it ("WFP" for "the UN").
            if word[0].islower() and term_of(word) == after and name.isupper() \
                    and len(name) >= 2 and not any(ch.isdigit() for ch in name) \
                    and form not in own and not form.startswith(t.form) \
                    and (t.form not in UNIONS or form in UNIONS):
                return t, name
    return None


def unmentioned_names(main: Scored, quoted: list[Candidate], idf: Idf, *,
                      asked: str | None = None, skip: list[str] | None = None) -> list[Term]:
    """The names and acronyms the question turns on that none of the reports holding the
    quotes mentions anywhere, title and file name included. Only the question as asked
    (`asked`; not an earlier turn that a follow-up is searched with), not figures, titles
    ("Dr"), two-letter acronyms ("PM", "AI": too often written out), names only in the
    parts the reports do not cover (`skip`), nor any in a question written in title case,
    where every word looks like a name. Empty when the index kept no report text to look in.
    The unions' two letters count ("the US" where another report holds the United States
    and the quoted one only the UK and Japan), as reports write them out alike.
    """
    own = salient_terms(asked) if asked is not None else main.info.terms
    own_forms = {t.form for t in own}
    skipped = {t.form for part in skip or [] for t in salient_terms(part)}
    shown = [w for w in words(asked if asked is not None else main.info.text) if len(w) > 2]
    if len(shown) >= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in shown):
        return []
    names = [t for t in main.info.terms
             if t.key and t.weight >= 1 and t.form in own_forms and t.form not in skipped
             and not any(ch.isdigit() for ch in t.shown or t.form)
             and not (t.acronym and len(t.form) <= 2 and t.form not in UNIONS)
             and (t.shown or t.form).lower().rstrip(".") not in _HONORIFICS]
    # A year the question turns on ("How many mills closed in 2021?", "the budget for
    # 2022-23") distinguishes its answer as a name does: the report's figure of another
    # year is no answer to it.
    names += [t for t in main.info.terms
              if t.key and t.weight >= 1 and t.form in own_forms and t.form not in skipped
              and _YEAR.fullmatch(t.form)]
    if not names or not quoted:
        return []
    bags = []
    for c in quoted:
        bag = idf.report_bag(c.hit.report.sha256)
        if bag is None:
            return []
        bags += [bag, Bag.of(report_names(c.hit.report.title, c.hit.report.file))]
    text = asked if asked is not None else main.info.text
    ends = _fiscal_ends(text)
    # "In '24 the number ... rose to 64": the short year a quote writes, which the words
    # of a report's bag keep only as "24"
    short = {m.group(1) for c in quoted for m in _SHORT_YEAR.finditer(c.text)} if any(
        _YEAR.fullmatch(t.form) for t in names) else set()
    return [t for t in names if not (
        _YEAR.fullmatch(t.form) and t.form[2:] in short) and not any(
        b.has_name(t) or _union_named(t, b) or _year_held(t, b, ends.get(t.form))
        or t.form in spelled_out(text, b.acronyms - idf.spelled) for b in bags)]


_YEAR = re.compile(r"(?:19|20)\d\d")


_SHORT_YEAR = re.compile(r"['‘’](\d\d)\b")
# "2024-25", "2024/25", "2024-2025" in a question: a fiscal year, named by its end year
_FISCAL_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*(\d\d(?:\d\d)?)\b")
# a date written in figures ("05.03.2024", "2024-03-05") is one word of a bag
_DATE_FORM = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


# Arabic-Indic, Extended Arabic-Indic (Urdu, Persian) and Devanagari digits
_NATIVE_DIGITS = [str.maketrans("0123456789", "".join(chr(z + i) for i in range(10)))
                  for z in (0x660, 0x6F0, 0x966)]


def _fiscal_ends(question: str) -> dict[str, str]:
    """The end year of each fiscal year the question names, by its first year
    ({"2024": "2025"} for "the budget for 2024-25")."""
    ends = {}
    for m in _FISCAL_SPAN.finditer(question):
        end = m.group(2) if len(m.group(2)) == 4 else m.group(1)[:2] + m.group(2)
        if int(end) == int(m.group(1)) + 1:
            ends[m.group(1)] = end
    return ends


def _year_held(term: Term, bag: Bag, end: str | None = None) -> bool:
    """Whether `bag` holds the year `term` as the end of a fiscal year ("2023-24" or
    "FY24" for 2024), in a date written in figures ("05.03.2024"), or, for the first year
    of a fiscal year the question names (`end`: "2025" of "2024-25"), as the report's
    "FY25" or "FY 2025"."""
    if not _YEAR.fullmatch(term.form):
        return False
    y, yy = term.form, term.form[2:]
    # "۲۰۲۴ء میں ...": an Urdu (or Arabic, Hindi) report writes the year in its own digits
    if any(y.translate(digits) in bag.forms for digits in _NATIVE_DIGITS):
        return True
    if end and ({f"fy{end}", f"fy{end[2:]}"} & bag.forms or "fy" in bag.forms
                and end in bag.forms):
        return True
    return (str(int(y) - 1) in bag.forms and yy in bag.forms) or bool(
        {f"fy{y}", f"fy{yy}"} & bag.forms) or any(
        (f.startswith(y) or f.endswith(y)) and _DATE_FORM.fullmatch(f)
        for f in bag.forms if len(f) > 5 and f[:1].isdigit())


# Other ways reports name the unions whose two letters a question types: "the USA",
# "America", "the British High Commission", the UN's agencies ("UNDP", "UNICEF"), "the
# European Commission". Only another country is a name the report lacks.


def _union_named(term: Term, bag: Bag) -> bool:
    """Whether `bag` names the union `term` ("US", "UK", "UN", "EU") otherwise."""
    if not (term.acronym and term.form in UNIONS):
        return False
    if term.form == "un":
        return any(a.startswith("un") and 3 <= len(a) <= 6 for a in bag.acronyms)
    return any(term_of(w) in bag.forms for w in UNION_WORDS.get(term.form, ()))


_HONORIFICS = frozenset("""dr mr mrs ms miss prof sir dame lord lady hon he gen col capt lt
maj brig adm cmdr sen rep amb ambassador president minister chairman chair secretary
governor mayor justice judge""".split())


def _unmentioned_reason(names: list[Term], quoted: list[Candidate]) -> str:
    shown = ", ".join(f"\u201c{t.shown or t.form}\u201d" for t in names[:3])
    titles = list(dict.fromkeys(c.hit.report.title or c.hit.report.file for c in quoted))
    if len(titles) == 1:
        return (f"the report with the closest passages (\u201c{titles[0]}\u201d) does not "
                f"mention {shown}")
    return f"the reports with the closest passages do not mention {shown}"


def _query_vector(text: str, vectors: CachedEmbedder) -> np.ndarray:
    return vectors.query_vector(text)


# Sentences embedded per question: the rest (unlikely by their words and passage rank) get
# a cosine below all embedded ones. Embedding every sentence of ten passages would cost
# several hundred milliseconds a question on a laptop CPU.
EMBED_MOST = 16


def _embed_likely(info: QuestionInfo, cands: list[Candidate], embedder: Any,
                  idf: Idf) -> np.ndarray:
    from .selection import _coverage

    cheap = [_coverage(info.terms, Bag.of(c.text), idf) + 0.5 / (1 + c.rank)
             + 0.3 * type_match(info.qtype, c.text) for c in cands]
    order = sorted(range(len(cands)), key=lambda i: -cheap[i])
    texts: list[str] = []
    for i in order:
        if cands[i].text not in texts:
            texts.append(cands[i].text)
        if len(texts) >= EMBED_MOST:
            break
    found = dict(zip(texts, embed_all(texts, embedder), strict=True)) if texts else {}
    dim = next(iter(found.values())).shape[0] if found else 384
    nan = np.full(dim, np.nan, dtype=np.float32)
    return np.stack([found.get(c.text, nan) for c in cands]) if cands else \
        np.zeros((0, dim), dtype=np.float32)


def score_question(search: str, hits: list[Retrieved], embedder: Any, idf: Idf,
                   context: str = "") -> tuple[Scored, list[Scored]]:
    """Features of every candidate for the question, and for each of its parts."""
    info = QuestionInfo.of(search, context=context)
    cands = candidates(hits, info.wants_list, idf)
    vecs = _embed_likely(info, cands, embedder, idf)
    whole = _query_vector(search, embedder)
    main = featurize(info, cands, hits, whole, vecs, idf)
    parts: list[Scored] = []
    if len(info.parts) > 1:
        for part in info.parts:
            rest = " ".join(p for p in info.parts if p != part)
            pinfo = QuestionInfo.of(part, context=(rest + " " + context).strip())
            # A part that leans on the others ("…, and from which years?", "until when
            # have they been extended?") means nothing to the embedding model alone.
            vec = whole if is_follow_up(part) else _query_vector(part, embedder)
            parts.append(featurize(pinfo, cands, hits, vec, vecs, idf))
    return main, parts


def select(question: str, hits: list[Retrieved], embedder: CachedEmbedder, settings: Settings,
           *, search_query: str | None = None, context: str = "",
           idf: Idf | None = None, must_quote: list[Term] | None = None,
           exclude: str = "") -> Selection:
    """`embedder`: `Components.vectors`; `idf`: over the whole corpus (`Components.idf`),
    else over the retrieved passages; `must_quote`: terms the first quote must hold (an
    elliptical follow-up's own, `conversation.own_terms`), else the answer is refused;
    `exclude`: an earlier answer's text, whose quotes are not quoted again ("Who else
    spoke?")."""
    idf = idf or Idf.from_texts([h.chunk.text for h in hits])
    main, parts = score_question(search_query or question, hits, embedder, idf, context)
    model = load_model(str(settings.answer_model) if settings.answer_model else None)
    if settings.refusal_threshold is not None:
        from dataclasses import replace

        model = replace(model, threshold=settings.refusal_threshold)
    sel = decide(main, parts, model, idf, settings.max_answer_sentences, asked=question)
    if exclude:
        sel = _beyond(sel, exclude, question, main, model, settings.max_answer_sentences)
    focus: list[Term] = []
    if must_quote:
        # ... and what the resolved question asks for ("And Lahore?" after "What was the
        # population of Karachi division?" is not answered by Lahore's households)
        focus = [t for t in main.info.focus if t.form not in {m.form for m in must_quote}]
    return _lead_with(sel, must_quote or [], model.threshold, focus=focus, main=main,
                      part_min=model.part_min)


# Verbs of speaking, all one for "Who else spoke?".
_SPEECH_VERBS = ("say", "said", "says", "spoke", "speak", "speaks", "told", "tell", "talk",
                 "address", "addressed", "stated", "noted", "added", "argued", "remarked",
                 "presented", "explained", "urged", "stressed", "warned", "proposed")
_SPEECH = re.compile(r"\b(?:" + "|".join(_SPEECH_VERBS) + r"|opening address|keynote)\b", re.I)


def _holds_asked(asked: str, search: str) -> Callable[[str], bool]:
    """Whether a sentence holds the words "Who else spoke?" (`asked`) brings. "Who else?"
    after "Who spoke about canal lining?" (`search`) brings that question's verb. A speech
    verb is held by any ("Who else spoke?" by "Dr. Samina Rauf said ...", "The opening
    address was given by ..."): reports vary the verb."""
    own = set(content_terms(asked)) - {stem("else")}
    speech = {stem(w) for w in _SPEECH_VERBS}
    if not own:
        own = set(content_terms(search)) & speech
    speaking = bool(own) and own <= speech

    def holds(text: str) -> bool:
        return bool(own) and (own <= set(content_terms(text)) or speaking and bool(
            _SPEECH.search(text)))
    return holds


def _beyond(sel: Selection, earlier: str, asked: str, main: Scored, model: Model,
            max_quotes: int) -> Selection:
    """The selection with the quotes the earlier answer `earlier` already gave left out
    ("Who else spoke?", "What else did the forum ask for?"). The best other candidate of
    the kind asked for (a person's name for "who") answers instead, with the others nearly
    as likely (`extra_ratio`, as `_add_likely` adds them): one that holds the words the
    question `asked` brings ("spoke") in a report the answer quotes, or one as likely as a
    part of a question must be to count as covered (`part_min`). With none, a refusal
    saying that the reports add nothing to it."""
    said = " ".join(earlier.split())

    def new(c: Candidate) -> bool:
        return " ".join(c.text.split()) not in said

    # "else" asks of the event the earlier answer is about, and only there ("Who else
    # spoke?" after a speaker of the SCO forum is no speaker of another report's forum)
    earlier_reports = {c.hit.report.sha256 for c in main.cands if not new(c)}
    if sel.found and all(new(c) and (not earlier_reports or c.hit.report.sha256 in
                                     earlier_reports) for c, _ in sel.chosen):
        return sel
    heading, label = FEATURES.index("heading"), FEATURES.index("label")

    # "Who spoke?" has no topic of its own ("spoke" frames "Who spoke about X?"), so a
    # sentence saying who else spoke scores low by its terms: holding the verb is enough
    holds_own = _holds_asked(asked, main.info.text)

    # ... in the report the earlier answer is about. "Who spoke?" alone may score too low
    # to answer ("Who else spoke?" after "Who spoke about agriculture?"): the report of
    # the earlier answer's quotes then
    reports = earlier_reports or ({c.hit.report.sha256 for c, _ in sel.chosen}
                                  if sel.found else set())
    if not reports:
        return sel

    def answers(i: int) -> bool:
        # of the kind asked for, and no title or header line ("Event Date: 28 September
        # 2025" is two capitalised words, no one's name), unless one labelled as the
        # answer ("Chair: Dr. Nadia Hussain")
        return type_match(main.info.qtype, main.cands[i].text) > 0 and (
            main.X[i, heading] == 0 or main.X[i, label] > 0)

    chosen: list[tuple[Candidate, str | None]] = []
    for i in sorted(range(len(main.cands)), key=lambda i: -main.cands[i].prob):
        c = main.cands[i]
        if earlier_reports and c.hit.report.sha256 not in earlier_reports:
            continue
        floor = model.extra_ratio * chosen[0][0].prob if chosen else (
            0.0 if holds_own(c.text)
            and c.hit.report.sha256 in reports else model.part_min if sel.found
            # refused as asked: only a quote that holds all the question's words
            else float("inf"))
        if len(chosen) < max_quotes and new(c) and c.prob >= floor and answers(i):
            _add(chosen, c, None)
    if chosen:
        return Selection(True, max(sel.confidence, chosen[0][0].prob), chosen, sel.uncovered,
                         related=sel.related, best=sel.best)
    if not sel.found:
        return sel
    return Selection(False, min(sel.confidence, model.threshold),
                     reason="the closest passages add nothing to the earlier answer",
                     related=[c for c in sel.related if new(c)][:3], best=sel.best)


def _lead_with(sel: Selection, own: list[Term], threshold: float, *,
               focus: list[Term] | None = None, main: Scored | None = None,
               part_min: float = 1.0) -> Selection:
    """The selection with its first quote holding every one of the follow-up's `own` terms
    and the `focus` of the question it stands for ("And in 2024?" answered by the 2024
    figure, not the 2023 one it was asked after): a later quote that holds them moves
    first. Else a candidate of `main` that holds the own terms right after or before the
    first quote, which holds the focus for it ("... Punjab lost 1.4 million acre-feet of
    water to canal seepage in 2023." / "In 2022 the losses were 1.1 million acre-feet,
    she added.": the second names neither water nor seepage, so it scores far below the
    first for "... lose to canal seepage in 2022?"), of the kind asked for and as likely
    as a part of a question must be to count (`part_min`), leads with the first quote
    after it. With none, a refusal that names what is missing."""
    terms = own + (focus or [])
    if not sel.found or not terms:
        return sel
    def holds(bag: Bag, t: Term) -> bool:
        # "And the Swiss?" is held by "Switzerland's state secretariat offered ..."
        return _holds_key(bag, t) or holds_focus(t, bag.forms)

    def titled(c: Candidate) -> Bag:
        return Bag.of(report_names(c.hit.report.title, c.hit.report.file))

    def named(c: Candidate, t: Term) -> bool:
        # a name the report's title holds: "What about the Sukkur seminar?" is answered by
        # "The seminar was attended by 132 participants." in the "Seminar on Canal Water,
        # Sukkur"; a year or number must be the quote's own
        return bool(t.key) and not any(ch.isdigit() for ch in t.form) \
            and _holds_key(titled(c), t)

    for k, (c, _) in enumerate(sel.chosen):
        bag = Bag.of(c.quote)
        # what is asked for may be named by the report's title only ("The budget for
        # 2024-25 was ..." in the "Brief on the Water Sector Budget" answers "And the year
        # before?" after "What was the water budget for 2025-26?")
        if all(holds(bag, t) or named(c, t) for t in own) and all(
                holds(bag, t) or titled(c).has(t) for t in focus or []):
            sel.chosen.insert(0, sel.chosen.pop(k))
            return sel
    first = sel.chosen[0][0]
    if main is not None and own and all(holds(Bag.of(first.quote), t) for t in focus or []):
        beside = _beside(first, own, main, part_min)
        if beside is not None:
            sel.chosen.insert(0, (beside, None))
            return sel
    first_bag = Bag.of(first.quote)
    missing = [t for t in terms if not holds(first_bag, t)] or terms
    shown = ", ".join(f"\u201c{t.shown or t.form}\u201d" for t in missing[:3])
    return Selection(False, min(sel.confidence, threshold),
                     reason=f"the closest passages do not mention {shown}",
                     related=list({id(c): c for c in [c for c, _ in sel.chosen] + sel.related}
                                  .values())[:3], best=sel.best)


def _beside(first: Candidate, own: list[Term], main: Scored,
            part_min: float) -> Candidate | None:
    """The likeliest candidate right after or before `first` in its passage that holds
    the terms `own`, of the kind asked for, no heading, and at least `part_min` likely."""
    def touches(c: Candidate) -> bool:
        if c.frag is not first.frag:
            return False
        a, b = sorted([(first.quote_start, first.quote_end), (c.quote_start, c.quote_end)])
        return a[1] <= b[0] and not c.frag.text[a[1] - c.frag.start:b[0] - c.frag.start].strip()

    heading = FEATURES.index("heading")
    for i in sorted(range(len(main.cands)), key=lambda i: -main.cands[i].prob):
        c = main.cands[i]
        if c.prob < part_min:
            return None
        bag = Bag.of(c.quote)
        if touches(c) and main.X[i, heading] == 0 and type_match(main.info.qtype, c.quote) > 0 \
                and all(bag.has(t) or holds_focus(t, bag.forms) for t in own):
            return c
    return None


def to_citation(n: int, c: Candidate, part: str | None = None) -> Citation:
    frag = c.frag
    # The passage shown around the quote: the fragment, cut to a window around it.
    a = max(0, c.quote_start - frag.start - 400)
    b = min(len(frag.text), c.quote_end - frag.start + 400)
    return Citation(
        n=n, file=c.hit.report.file, page=c.hit.chunk.page, quote=c.quote, start=c.quote_start,
        end=c.quote_end, score=c.prob, location=c.hit.chunk.location,
        title=c.hit.report.title, passage=frag.text[a:b], passage_start=frag.start + a,
        is_list=c.is_list, part=part,
    )


def format_quote(c: Citation) -> str:
    """A quote as the answer text shows it: a list block one item per line."""
    if not c.is_list:
        return c.quote
    from .enumeration import is_item, list_lines

    lines = list_lines(c.quote)

    return "\n".join([lines[0]] + [ln if is_item(ln) else f"\u2022 {ln}" for ln in lines[1:]])


def to_answer(question: str, sel: Selection) -> Answer:
    if not sel.found:
        related = [to_citation(i + 1, c) for i, c in enumerate(sel.related)]
        text = f"{NOT_FOUND}: {sel.reason}. {RELATED}" if related else f"{NOT_FOUND}: {sel.reason}."
        return Answer(question=question, text=text, found=False, related=related,
                      evidence=sel.best, confidence=sel.confidence, reason=sel.reason)
    citations = [to_citation(i + 1, c, part) for i, (c, part) in enumerate(sel.chosen)]
    parts = [f"{format_quote(c)} [{c.n}]" for c in citations]
    reason = ""
    if sel.uncovered:
        reason = "the reports do not say: " + "; ".join(p.rstrip("?") for p in sel.uncovered)
        parts.append(f"({reason[0].upper()}{reason[1:]}.)")
    joiner = "\n\n" if any(c.is_list for c in citations) else " "
    return Answer(question=question, text=joiner.join(parts), citations=citations, found=True,
                  evidence=sel.best, confidence=sel.confidence, reason=reason)


def answer_extractive(question: str, hits: list[Retrieved], embedder: CachedEmbedder,
                      settings: Settings, *, search_query: str | None = None,
                      context: str = "", idf: Idf | None = None) -> Answer:
    return to_answer(question, select(question, hits, embedder, settings,
                                      search_query=search_query, context=context, idf=idf))
