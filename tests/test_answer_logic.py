"""Pure logic of answering: sentence boundaries, enumeration blocks, question parts,
answer types, salient terms, follow-up decisions (no model, no index)."""

import math

import pytest

from assistant.answering.enumeration import block_at
from assistant.answering.questions import answer_type, split_parts, wants_list
from assistant.conversation import follow_up, is_follow_up, replace_ellipsis
from assistant.sentences import sentence_spans
from assistant.text import Bag, Term, salient_terms, term_of


def _sentences(text):
    spans = sentence_spans(text)
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and text[s:e]  # exact, trimmed slices
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize("text, expected", [
    # abbreviations and titles
    ("He worked at St. Elizabeths Hospital in Washington. It closed in 2010.",
     ["He worked at St. Elizabeths Hospital in Washington.", "It closed in 2010."]),
    ("Prof. Dr. Zulfiqar Ali spoke next. Approx. 40 people came.",
     ["Prof. Dr. Zulfiqar Ali spoke next.", "Approx. 40 people came."]),
    ("The U.S. Congress passed the act in Jan. 2020. The U.K. did not.",
     ["The U.S. Congress passed the act in Jan. 2020.", "The U.K. did not."]),
    # an abbreviation glued to the word before it by PDF extraction
    ("The patients moved to theSt. Elizabeths campus in 1855. It grew.",
     ["The patients moved to theSt. Elizabeths campus in 1855.", "It grew."]),
    # initials
    ("H.E. Ambassador Albert P. Khorev spoke. Denis A. Nevzorov invited firms.",
     ["H.E. Ambassador Albert P. Khorev spoke.", "Denis A. Nevzorov invited firms."]),
    # decimals and money
    ("Exports grew 3.5 percent to $1.2 billion. Imports fell 0.8 percent.",
     ["Exports grew 3.5 percent to $1.2 billion.", "Imports fell 0.8 percent."]),
    ("Resolution No. 5 was adopted. The answer was no. Then he left.",
     ["Resolution No. 5 was adopted.", "The answer was no.", "Then he left."]),
    # a numbered list item keeps its label
    ("1. First item here\n2. Second item", ["1. First item here", "2. Second item"]),
    # outline labels stay with their item; a rating that ends a sentence still ends it
    ("T1. Coordination\nSO2. Improve access. 2.1. Scope of the review.",
     ["T1. Coordination", "SO2. Improve access.", "2.1. Scope of the review."]),
    ("It was rated A1. The next one failed.", ["It was rated A1.", "The next one failed."]),
    # a timeline's year (or date) heading stays with the line it dates; a column of years
    # in a table does not join its neighbours
    ("2016\nAcquired the Bolton Distribution Centre. It is big.\n2024 & beyond\n"
     "Ongoing work on our strategy.",
     ["2016\nAcquired the Bolton Distribution Centre.", "It is big.",
      "2024 & beyond\nOngoing work on our strategy."]),
    # a sentence a PDF broke off mid-clause continues on the next line; a short heading
    # above a lower-case line does not join it
    ("With the Act of 1978, the Commission was abolished and reorganized into\nfour new "
     "organizations: OPM and MSPB.\nKey risks\nlack of funds",
     ["With the Act of 1978, the Commission was abolished and reorganized into\nfour new "
      "organizations: OPM and MSPB.", "Key risks", "lack of funds"]),
    ("Next steps agreed\nbetter data sharing among agencies\nregular joint training for staff",
     ["Next steps agreed", "better data sharing among agencies",
      "regular joint training for staff"]),
    ("FY\n2022\n2023\nRevenue 5\nMarch 2024\nCAPES hosted a seminar.",
     ["FY", "2022", "2023", "Revenue 5", "March 2024\nCAPES hosted a seminar."]),
    # ... but a page's one publication date is no timeline heading
    ("April 16, 2026\nChina's plan was approved on March 12, 2026.",
     ["April 16, 2026", "China's plan was approved on March 12, 2026."]),
    # non-Latin scripts
    ("Торговый представитель А. С. Смирнов сообщил о росте. Он пригласил компании.",
     ["Торговый представитель А. С. Смирнов сообщил о росте.", "Он пригласил компании."]),
    ("پاکستان اور روس کے درمیان تجارت بڑھ رہی ہے۔ وزیر نے کانفرنس سے خطاب کیا۔",
     ["پاکستان اور روس کے درمیان تجارت بڑھ رہی ہے۔", "وزیر نے کانفرنس سے خطاب کیا۔"]),
    ("中国和巴基斯坦签署了协议。双方同意加强合作！",
     ["中国和巴基斯坦签署了协议。", "双方同意加强合作！"]),
    # a numbered paragraph run on after a sentence starts a sentence ("on p. 12." does not)
    ("(e) Means of implementation. 14. We reaffirm it.",
     ["(e) Means of implementation.", "14. We reaffirm it."]),
    ("See the table on p. 12. The rest follows.", ["See the table on p. 12.", "The rest follows."]),
])
def test_sentence_boundaries(text, expected):
    assert _sentences(text) == expected


def test_sentence_offsets_are_exact_in_page_text():
    text = "Title line\n\nVenue: Islamabad\nThe forum met.  It ended at 5 p.m. on Friday."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Title line", "Venue: Islamabad", "The forum met.", "It ended at 5 p.m. on Friday."]


def test_a_last_item_run_into_a_long_paragraph_ends_the_list_at_its_sentence():
    """A resolution's list whose last item shares its line with the next numbered
    paragraph, too long to quote: the block ends with that item's sentence."""
    text = ("It rests on five priority areas:\n\n(a) Trade;\n\n(b) Transit;\n\n(c) Resilience;"
            "\n\n(d) Innovation;\n\n(e) Means of implementation. 14. We reaffirm "
            + "our commitment to the deliverables. " * 40 + "\n")
    s, e = sentence_spans(text)[0]
    a, b = block_at(text, s, e)
    assert text[a:b].endswith("(e) Means of implementation.")
    # a long item that runs into no numbered paragraph is not cut
    long_item = "recommendations:\n1. Expand the water programme. " + "It needs funds. " * 90
    s, e = sentence_spans(long_item)[0]
    assert block_at(long_item, s, e) is None or \
        long_item[slice(*block_at(long_item, s, e))].endswith("funds.")


def test_a_one_word_label_opens_its_list_which_ends_where_prose_begins():
    """"Speakers:" is a candidate that quotes the names under it (a one-word sentence is
    otherwise too short to quote); the next paragraph, a sentence, is no item."""
    from assistant.answering.selection import candidates

    text = ("Speakers:\n\nDr Ayesha Khan\n\nMr Tariq Baloch\n\nMs Sana Ullah\n\n"
            "The Authority promised to publish an audit of tube wells by December 2025.")
    assert text[slice(*block_at(text, 0, 9))] == text[:text.index("\n\nThe Authority")]
    opener = next(c for c in candidates([_hit(text, 0, len(text), 0)], wants_list=True)
                  if c.text == "Speakers:")
    assert opener.is_list and opener.quote.endswith("Ms Sana Ullah")


def test_a_heading_or_a_sentence_cut_off_by_its_items_opens_the_list():
    """"Recommendations" over numbered lines, and "The tools presented included" over
    "a) …" lines, head the block an item's candidate quotes; a short heading over prose
    opens nothing."""
    from assistant.answering.selection import candidates

    text = ("Recommendations\n1) Open the Ghulam Khan crossing around the clock.\n"
            "2) Publish monthly transit statistics.\n\nThe tools presented included\n"
            "a) the WeBOC customs portal,\nb) a cargo tracking dashboard, and\n"
            "c) a trade-finance calculator.\n\nKey Outcomes\nThe chamber thanked the guests.")
    quotes = {c.quote for c in candidates([_hit(text, 0, len(text), 0)], wants_list=True)
              if c.is_list}
    assert "Recommendations\n1) Open the Ghulam Khan crossing around the clock.\n" \
        "2) Publish monthly transit statistics." in quotes
    assert any(q.startswith("The tools presented included\na) the WeBOC") and
               q.endswith("calculator.") for q in quotes)
    assert not any("Key Outcomes" in q for q in quotes)


def test_a_list_opener_wrapped_over_two_lines_still_opens_its_list():
    text = ("In line with the declaration, the new plan of action sets out the following\n"
            "priority areas for the decade:\n(a) Trade;\n(b) Transit;\n(c) Resilience.")
    assert len(sentence_spans(text)) == 4  # the opener is one sentence over two lines
    s, e = sentence_spans(text)[0]
    a, b = block_at(text, s, e)
    assert text[a:b].startswith("In line") and text[a:b].endswith("(c) Resilience.")


def test_enumeration_block_with_bullets_and_bounds():
    text = ("Intro sentence. The plan sets the following priority areas:\n• Water security\n"
            "• Energy transition\n• Food security\nAfter the list a long paragraph follows.")
    s = text.index("The plan")
    e = text.index(":") + 1
    a, b = block_at(text, s, e)
    assert text[a:b] == ("The plan sets the following priority areas:\n• Water security\n"
                         "• Energy transition\n• Food security")
    # an item finds its whole list when the question wants one
    i = text.index("• Energy")
    assert block_at(text, i, i + 19, as_item=True) == (a, b)
    # a sentence that opens nothing has no block
    assert block_at(text, 0, 15) is None
    # outline labels ("T1.") mark items as bullets do
    outline = "The outcomes are as follows:\nT1. Coordination\nT2. E-Records\nThe plan ends."
    assert outline[slice(*block_at(outline, 0, 28))].endswith("T2. E-Records")


def test_footnote_numbers_on_lines_of_their_own_do_not_break_a_list():
    # PDF extraction puts a footnote's superscript number on a line of its own, between
    # the sentence that opens a list and its items, and between the items.
    from assistant.answering.enumeration import list_lines, unfinished_list

    text = ("NOAA has published four applications that are fully compliant:\n101\n"
            "• two applications submitted by TMC USA;\n102\n"
            "• one application submitted by American Metal Resources;\n"
            "• one application submitted by SeaX.\nThe next paragraph begins here.")
    a, b = block_at(text, 0, text.index("\n101"))
    assert text[a:b].endswith("submitted by SeaX.")
    assert list_lines(text[a:b]) == [
        "NOAA has published four applications that are fully compliant:",
        "• two applications submitted by TMC USA;",
        "• one application submitted by American Metal Resources;",
        "• one application submitted by SeaX."]
    # a passage that ends after such a number still ends inside its list
    assert unfinished_list(text[:text.index("• one application submitted by American")])
    # a table of short lines keeps its figures: they are no footnote marks
    table = "Seats won by each party:\nPTI\n93\nPML-N\n75\nPPP\n54\nThe rest went elsewhere."
    a, b = block_at(table, 0, 24)
    assert table[a:b].endswith("PPP\n54")
    assert list_lines(table[a:b])[1:] == ["PTI", "93", "PML-N", "75", "PPP", "54"]
    # and a figure under a bare label is that label's, between items or at the end
    assert list_lines("Results by year:\n• 2022\n15\n• 2023\n18") == [
        "Results by year:", "• 2022", "15", "• 2023", "18"]


def test_a_bullet_wrapped_onto_an_unmarked_line_stays_in_its_list():
    """PDF extraction leaves a long bullet's tail on a line of its own; the list goes on
    past it (Costco's FY23 highlights lost their last three items there)."""
    from assistant.answering.enumeration import list_lines
    from assistant.answering.selection import candidates

    text = ("Here are some highlights from FY23:\n● We added solar canopies.\n"
            "This brings the campus to 3.3MW.\n● We began using renewable diesel.\n"
            "● We deployed LED lighting to 167 warehouses.\nThe next section is about water.")
    whole = text[:text.index("\nThe next")]
    assert text[slice(*block_at(text, 0, 35))] == whole
    i = text.index("● We deployed")
    assert text[slice(*block_at(text, i, i + 20, as_item=True))] == whole
    assert list_lines(whole)[1] == "● We added solar canopies. This brings the campus to 3.3MW."
    # the same list with its items as sentences of one line (text files)
    flat = whole.replace("\n", " ")
    opener = next(c for c in candidates([_hit(flat, 0, len(flat), 0)], wants_list=False)
                  if c.text.startswith("Here are"))
    assert opener.is_list and opener.quote.endswith("167 warehouses.")
    # an unmarked paragraph after the last item is not taken in
    assert not block_at(text, 0, 35)[1] > len(whole)


def test_enumeration_of_unmarked_short_lines_after_a_colon():
    text = "The eight directions are:\nTrade\nEnergy\nEducation\n" + "A long paragraph. " * 12
    a, b = block_at(text, 0, 25)
    assert text[a:b] == "The eight directions are:\nTrade\nEnergy\nEducation"
    long_list = "Items:\n" + "\n".join(f"- item number {i}" for i in range(40))
    a, b = block_at(long_list, 0, 6)
    assert long_list[a:b].count("\n") <= 15 and b - a <= 1200


@pytest.mark.parametrize("question, parts", [
    ("Who heads the Gwadar Port Authority, and when was he confirmed?",
     ["Who heads the Gwadar Port Authority?", "when was he confirmed?"]),
    ("How many papers were accepted and how many people took part?",
     ["How many papers were accepted?", "how many people took part?"]),
    ("What did Amazon agree to pay for One Medical and for iRobot?",
     ["What did Amazon agree to pay for One Medical?", "What did Amazon agree to pay for iRobot?"]),
    ("Which section of the NDAA orders DOD to update its directive, and by when?",
     ["Which section of the NDAA orders DOD to update its directive?", "by when?"]),
    # an opening phrase is no ask of its own
    ("By FY 2026, how much description does NARA plan to provide?",
     ["By FY 2026, how much description does NARA plan to provide?"]),
    ("Who organised the forum?", ["Who organised the forum?"]),
    ("Who organised the forum and where was it held?",
     ["Who organised the forum?", "where was it held?"]),
    # two question words sharing one clause
    ("When and where was the cotton roundtable held?",
     ["When was the cotton roundtable held?", "where was the cotton roundtable held?"]),
    # another prepositional phrase in the same frame
    ("How fast did AWS grow in Q2 2023 and over the first half of 2023?",
     ["How fast did AWS grow in Q2 2023?", "How fast did AWS grow over the first half of 2023?"]),
    # "and" inside one noun phrase is one topic: the parts would be guesses
    ("What were NVIDIA's total revenue and Data Center growth in the first quarter?",
     ["What were NVIDIA's total revenue and Data Center growth in the first quarter?"]),
    ("What did Russia and Pakistan agree?", ["What did Russia and Pakistan agree?"]),
    ("How much did trade between Pakistan and Russia grow?",
     ["How much did trade between Pakistan and Russia grow?"]),
    ("Who spoke on trade and investment at the forum?",
     ["Who spoke on trade and investment at the forum?"]),
    # what follows the second prepositional phrase belongs to both asks
    ("How many people died in Sindh and in Punjab during the 2022 floods?",
     ["How many people died in Sindh during the 2022 floods?",
      "How many people died in Punjab during the 2022 floods?"]),
    ("What was the GDP in 2022 and in 2023 according to the IMF?",
     ["What was the GDP in 2022 according to the IMF?",
      "What was the GDP in 2023 according to the IMF?"]),
    # a phrase belonging to a noun is not the one the second replaces
    ("What did the minister say about trade with China and at the SCO summit?",
     ["What did the minister say about trade with China and at the SCO summit?"]),
    ("What and how much did Pakistan export?", ["What and how much did Pakistan export?"]),
    ("What did Dr. Khan say about the economy and about the budget?",
     ["What did Dr. Khan say about the economy?", "What did Dr. Khan say about the budget?"]),
    # a phrase of the first ask's own is not shared with the second
    ("How much did the US give to Pakistan in 2010 and to India in 2011?",
     ["How much did the US give to Pakistan in 2010?",
      "How much did the US give to India in 2011?"]),
    ("What did Amazon agree to pay for One Medical and for iRobot, per its Q3 2022 10-Q?",
     ["What did Amazon agree to pay for One Medical, per its Q3 2022 10-Q?",
      "What did Amazon agree to pay for iRobot, per its Q3 2022 10-Q?"]),
])
def test_question_parts(question, parts):
    assert split_parts(question) == parts


@pytest.mark.parametrize("question, qtype", [
    ("How many people attended the forum?", "number"),
    ("What is the budget of CAPES?", "money"),
    ("When was the Commission given a statutory footing?", "date"),
    ("Who spoke about agriculture?", "person"),
    ("Where was the forum held?", "place"),
    ("List the priority areas of the plan.", "list"),
    ("What were the eight directions of cooperation?", "list"),
    # a measure named after "what" asks for a figure
    ("What was the GDP growth rate in fiscal year 2025?", "percent"),
    ("What was the voter turnout in the April election?", "percent"),
    ("What was the company's GRESB score in 2022?", "number"),
    ("What is the range of the new cruise missile?", "number"),
    ("On what dates was the summit held?", "date"),
    ("Which country will host the fourth conference?", "place"),
    ("Which city hosted the workshop?", "place"),
    ("What was the venue of the Gwadar dialogue?", "place"),
    ("What was the date of the seminar?", "date"),
    ("What is the location accuracy of GPS tracking?", "definition"),
    ("What was the date format used?", "definition"),
    # ... but not a name, a reason, or a range of things
    ("What is the Population Council?", "definition"),
    ("What caused the decline in the literacy rate?", "reason"),
    ("What is the range of topics covered?", "definition"),
    # "why" asks for a reason whatever measure it names; "how much extra money", a sum
    ("Why did the company's net sales fall in the first quarter?", "reason"),
    ("How much extra money did the administration request?", "money"),
    # ... and "when" a date, whatever sum it names
    ("Since when has Rio Tinto built a carbon price into its investment decisions?", "date"),
    ("When was the budget approved?", "date"),
    # how much something grew is a share; what it grew to, a level
    ("How much did exports grow in 2024?", "percent"),
    ("How much did basmati exports fall to?", "number"),
    # a "when" clause opening another ask is no date question
    ("When the pandemic hit how many jobs were lost?", "number"),
    ("Сколько процентов экспорта приходится на текстиль?", "percent"),
    ("Какая сумма выделена на проект?", "money"),
    ("کون سا شہر میزبان ہے؟", "place"),
    ("کس سال معاہدہ ہوا؟", "date"),
    # one word may qualify the kind of organisation or place asked for
    ("Which Japanese company is setting up a subsidiary in Pakistan?", "org"),
    ("Which provincial government complied best?", "org"),
    ("which port is the main container hub in the gulf?", "place"),
    # a keyword question names what it wants last
    ("measuring network quality workshop - dates?", "date"),
    ("nemops workshop dates", "date"),
    ("OPM data center location (USAJOBS, USA Staffing)", "place"),
    ("Gwadar dialogue: who spoke?", "person"),
    # ... or first
    ("date of the cotton roundtable", "date"),
    ("death toll from the attacks on pilgrims in 2014-15, per CSJ", "number"),
    ("new START central limits numbers", "number"),
    ("date palm exports to China", "other"),
    # the kind of person asked for may be qualified by several words
    ("which lahore high court judge ruled on the case?", "person"),
    # questions in Russian, Urdu and Chinese, by their question words
    ("Сколько человек участвовало в форуме?", "number"),
    ("Когда состоялся форум?", "date"),
    ("Кто выступал на форуме?", "person"),
    ("Где прошла встреча?", "place"),
    ("Какой процент экспорта приходится на текстиль?", "percent"),
    ("Почему снизился экспорт?", "reason"),
    ("فورم میں کتنے لوگ شریک ہوئے؟", "number"),
    ("فورم کب منعقد ہوا؟", "date"),
    ("اجلاس کہاں ہوا؟", "place"),
    ("论坛有多少人参加？", "number"),
    ("论坛什么时候举行？", "date"),
    ("谁在论坛上发言？", "person"),
    ("论坛在哪里举行？", "place"),
    ("На какую выставку пригласили пакистанские компании?", "other"),
])
def test_answer_types(question, qtype):
    assert answer_type(question) == qtype


def test_list_questions():
    assert wants_list("Which tools were presented?")
    assert wants_list("What components make up end-to-end latency?")
    assert not wants_list("Who spoke about agriculture?")
    # a plural noun asked about with a verb after it
    assert wants_list("What obstacles have the processing plants run into?")
    assert wants_list("What new products did Apple announce?")
    assert not wants_list("What business does Intel run?")
    assert not wants_list("What does the news say?")
    # a plural asking for a date or a figure wants that, not a list block
    assert not wants_list("From which years are the incidents?")
    assert not wants_list("What percentages of the budget went to schools?")
    assert wants_list("List the dates of the sessions.")


def test_salient_terms_keep_acronyms_numbers_and_any_case():
    forms = {t.form: t for t in salient_terms("How much did the US pledge in 2024?")}
    assert forms["us"].acronym and forms["2024"].key
    lower = {t.form for t in salient_terms("what is balochistan's share of the pool")}
    upper = {t.form for t in salient_terms("What is Balochistan’s share of the pool")}
    assert lower == upper and "balochistan" in lower
    # "US" is not the pronoun "us"; "U.S." is
    us = next(t for t in salient_terms("Did the US pledge?") if t.form == "us")
    assert not Bag.of("Let us pledge more.").has(us)
    assert Bag.of("The U.S. pledged more.").has(us) and Bag.of("The US pledged.").has(us)
    ru = {t.form for t in salient_terms("Каким был товарооборот между странами в 2024 году?")}
    assert "2024" in ru and "был" not in ru and any(f.startswith("товаро") for f in ru)


def test_a_titles_abbreviation_is_no_term_a_passage_must_hold():
    """"Adm. Correll's figure" is answered by "Admiral Correll stated ...": the title's
    abbreviation is no topic, so no missing term refuses it; the name stays. "Gen Z" is a
    topic."""
    forms = {t.form for t in salient_terms("What did Adm. Correll and Lt. Col. Ahmed say?")}
    assert "adm" not in forms and "lt" not in forms and "col" not in forms
    assert {"correl", "ahm"} <= forms
    assert "gen" in {t.form for t in salient_terms("What do Gen Z voters want?")}
    assert "gen" in {t.form for t in salient_terms("What did Gen AI change?")}
    assert "dr" in {t.form for t in salient_terms("Who governs DR Congo?")}


def test_follow_up_decision():
    assert is_follow_up("And in 2024?")
    assert is_follow_up("Which university is he from?")
    assert is_follow_up("Why?")
    assert not is_follow_up("Who spoke about agriculture?")
    assert not is_follow_up("What is INNOPROM?")
    history = [("What is the budget of CAPES?", "The reports do not say.")]
    assert follow_up("Who spoke about agriculture?", history).search == \
        "Who spoke about agriculture?"


def test_elliptical_follow_ups_in_other_forms_and_languages():
    day = [("Who gave the keynote address on the first day?", "x")]
    for q in ("And the second day?", "And on day two?", "What about day 2?"):
        assert follow_up(q, day).search == "Who gave the keynote address on the second day?"
    budget = [("What was the education budget in 2023-24?", "x")]
    for q, fy in (("And 2024-25?", "2024-25"), ("What about FY2024-25?", "FY2024-25"),
                  ("And in 2024?", "2024")):
        assert follow_up(q, budget).search == f"What was the education budget in {fy}?"
    trade = [("Каким был товарооборот между странами в 2024 году?", "x")]
    for q in ("А в 2023?", "А в 2023 году?", "Что насчёт 2023?", "И в 2023 году?"):
        plan = follow_up(q, trade)
        assert plan.is_follow_up and plan.search == \
            "Каким был товарооборот между странами в 2023 году?", q
    schools = [("جنوبی پنجاب میں 2024 میں کتنے اسکول کھولے گئے؟", "x")]
    assert follow_up("اور 2025 میں؟", schools).search == \
        "جنوبی پنجاب میں 2025 میں کتنے اسکول کھولے گئے؟"
    # an opener is a whole word: "Andrew?" and "Автомобили?" are no "And ..." / "А ..."
    assert follow_up("Andrew?", trade).search.endswith("Andrew?")


def test_a_same_question_for_follow_up_in_its_other_wordings():
    doctors = [("How many doctors per million people did Lahore have in 2024?", "x")]
    for q, place, year in (("Same question for 2023?", "Lahore", "2023"),
                           ("The same question, but for Karachi?", "Karachi", "2024"),
                           ("Same again for 2023?", "Lahore", "2023"),
                           ("Same for Karachi?", "Karachi", "2024"),
                           # "in"/"at"/"with" instead of "for": the place word stays
                           ("Same in Karachi?", "Karachi", "2024"),
                           ("The same at Karachi?", "Karachi", "2024"),
                           ("Same in 2023?", "Lahore", "2023")):
        plan = follow_up(q, doctors)
        assert plan.is_follow_up and plan.search == \
            f"How many doctors per million people did {place} have in {year}?", q
    assert not follow_up("Who spoke about the same-day courier rules?", doctors).is_follow_up
    # "The same, for example, ..." is a new question, as are "Same-sex ..." and "Samesung"
    for q in ("The same, for example, applies to nurses in 2023?",
              "Same-day delivery in Karachi?",
              "Same-sex marriage laws in 2023?", "Samesung phone sales for 2023?"):
        assert not follow_up(q, doctors).is_follow_up, q


def test_elliptical_follow_up_replaces_the_matching_part():
    prev = "How many teachers did the programme train in 2023?"
    assert replace_ellipsis("And in 2024?", prev) == \
        "How many teachers did the programme train in 2024?"
    assert replace_ellipsis("What about Japan?", "How much did Germany pledge?") == \
        "How much did Japan pledge?"
    plan = follow_up("Which university is he from?", [("Who spoke on food security?", "x")])
    assert plan.is_follow_up and plan.context == "Who spoke on food security?"


def _hit(page_text, start, end, rank, prev_start=None):
    from types import SimpleNamespace

    from assistant.retrieval import Retrieved
    from assistant.types import Chunk

    prev = page_text[prev_start:start] if prev_start is not None else ""
    chunk = Chunk(id=str(rank), text=page_text[start:end], report_sha="abc", file="r.txt",
                  part=0, page=1, start=start, end=end, prev_text=prev)
    report = SimpleNamespace(file="r.txt", title="R", sha256="abc")
    return Retrieved(chunk, 1.0, report, rank, rank)


def test_candidates_quote_exact_slices_and_whole_lists():
    from assistant.answering.selection import candidates, fragments

    page = ("The seminar met in Karachi. It agreed the following priority areas:\n"
            "• Digital customs\n• Dredging\n• Rail links\nHe closed the meeting. The end came.")
    a, b = page.index("It agreed"), page.index("He closed")
    hits = [_hit(page, a, b, 0, prev_start=0), _hit(page, b, len(page), 1)]
    frags = fragments(hits)
    assert len(frags) == 1 and frags[0].start == 0 and frags[0].text == page  # merged
    cands = candidates(hits, wants_list=False)
    for c in cands:
        assert page[c.start:c.end] == c.text and page[c.quote_start:c.quote_end] == c.quote
    opener = next(c for c in cands if c.text.startswith("It agreed"))
    assert opener.is_list and opener.quote.endswith("• Rail links")
    # a pronoun sentence takes its antecedent from its paragraph, never from a list item
    closing = next(c for c in cands if c.text.startswith("He closed"))
    assert closing.quote == "He closed the meeting."
    first = next(c for c in cands if c.text.startswith("It agreed"))
    assert first.quote.startswith("It agreed")  # a list opener quotes its list instead


def test_a_sentence_announcing_reasons_is_quoted_with_the_sentence_that_gives_them():
    from assistant.answering.selection import candidates

    page = ("Even so, many labs do not run the experiment for a variety of reasons. Three "
            "reasons emerged: cost, training and beam time. The workshop ended.\n"
            "There are two causes for this.\nPrices rose.")
    cands = candidates([_hit(page, 0, len(page), 0)], wants_list=False)
    announce = next(c for c in cands if c.text.startswith("Even so"))
    assert announce.quote == ("Even so, many labs do not run the experiment for a variety "
                              "of reasons. Three reasons emerged: cost, training and beam "
                              "time.")
    assert page[announce.quote_start:announce.quote_end] == announce.quote
    # the reasons given, or a sentence that ends its paragraph, stay alone
    assert next(c for c in cands if c.text.startswith("Three")).quote.endswith("beam time.")
    assert next(c for c in cands if c.text.startswith("There are")).quote == \
        "There are two causes for this."
    # never onto an item, a heading run into the line or a reference; a list it opens whole
    for page, quote in [
            ("1. Projects stalled for several reasons. 2. Budgets were cut.",
             "1. Projects stalled for several reasons."),
            ("Trade fell for many reasons. Retrieved from https://x.org/a. The end.",
             "Trade fell for many reasons."),
            ("Schools closed for several reasons. The main ones were:\n- floods\n- strikes\n"
             "- heat\nThe end.", "Schools closed for several reasons. The main ones were:\n"
             "- floods\n- strikes\n- heat"),
            ("There were two main reasons behind the decision. Cost was one. Time another.",
             "There were two main reasons behind the decision. Cost was one.")]:
        first = candidates([_hit(page, 0, len(page), 0)], wants_list=False)[0]
        assert first.quote == quote and page[first.quote_start:first.quote_end] == quote


@pytest.mark.parametrize("question, focus", [
    ("How many people attended the forum?", ["people"]),
    ("What is the annual budget of CAPES?", ["annual", "budget"]),
    ("How many American crew members are aboard the ships?", ["American", "crew", "members"]),
    ("What royalty rate will the ISA charge?", ["royalty", "rate"]),
    ("What was CT REIT's GRESB score in 2022?", ["GRESB", "score"]),
    ("What share of households had mobile banking?", ["households"]),
    ("How many tonnes of rice did Pakistan export?", ["tonnes"]),
    # a participle ends the phrase once it has begun, unless hyphenated to the word before
    ("How many ships used to pass through the Strait?", ["ships"]),
    ("How much animal feed did Pakistan import?", ["animal", "feed"]),
    ("How much new paper-based archival material does the archive take in?",
     ["paper", "based", "archival", "material"]),
    ("When was the forum held?", []),
    ("How much did exports grow?", []),
    # a person asked for by role: the quote that answers names the role
    ("Who were the members of the NCHR fact-finding mission?", ["members"]),
    ("Who is the chair of the program committee?", ["chair"]),
    ("Who spoke about trade?", []),
    ("Who is Dr. Khan?", []),
])
def test_question_focus_names_what_is_asked_for(question, focus):
    from assistant.answering.questions import focus_terms

    assert [t.shown for t in focus_terms(question)] == focus


def test_answer_value_is_a_value_the_question_does_not_hold():
    from assistant.answering.selection import answer_value

    q = "How many centrifuges did Iran have before the June 2025 strikes?"
    # only the question's own year: no count
    assert answer_value("number", "In June 2025 the centrifuges were struck.", q) == 0
    assert answer_value("number", "Iran had 18,000 centrifuges installed.", q) == 1
    assert answer_value("number", "Enrichment rose 60% in June 2025.", q) == 0.5
    assert answer_value("percent", "Exports rose 12 percent.", "By what share?") == 1
    assert answer_value("date", "It was confirmed in March 2024.", "When was he confirmed?") == 1
    assert answer_value("date", "He was confirmed in 2024.", "Was he confirmed in 2024?") == 0
    assert answer_value("list", "Anything at all.", "List the areas.") == 0.5


def test_a_list_run_into_a_sentence_is_found():
    from assistant.answering.enumeration import run_in_series

    assert run_in_series("They met challenges such as lengthy permitting, competition for "
                         "feedstock, and low investor interest.")
    assert not run_in_series("Countries such as Pakistan and China met.")
    # short phrases a comma apart, the last after "and"/"or", with no "such as"
    assert run_in_series("Ideas centered on academic exchanges, the creation of youth hubs, "
                         "academic tourism, and promotion of creative arts.")
    assert run_in_series("For DNS, either a decided IP address, a bogon IP address "
                         "(127.0.0.1), or an empty domain is returned.")
    for prose in ("In 2024, exports rose and imports fell.",
                  "Oman, Kuwait and Saudi Arabia welcomed it.",
                  "On December 18, 2025, at the embassy, the minister spoke and left.",
                  "Pakistan pumps 50 cubic kilometres a year, most of it for irrigation, and "
                  "almost none is recharged.",
                  "The minister, who spoke first, and the ambassador agreed.",
                  "The seminar was held at ISSI, Islamabad, and chaired by Dr Khan."):
        assert not run_in_series(prose), prose


def test_a_plural_noun_and_a_past_verb_ask_for_a_list():
    assert wants_list("What ideas came up for getting young people involved?")
    assert wants_list("Which firms signed the memorandum?")
    assert not wants_list("What was announced at the forum?")
    assert not wants_list("What crisis prompted the talks?")
    assert not wants_list("What is the budget of CAPES?")


def test_days_of_dates_names_and_paragraph_numbers_are_no_counts():
    from assistant.answering.selection import answer_value

    q = "How many heads of state attended the conference?"
    # a day of the month, a paragraph's number, a year with a footnote mark run into it
    assert answer_value("number", "1. We met in Awaza from 5 to 8 August 2025.", q) == 0
    assert answer_value("number", "The summit opened on December 18 in 20241 form.", q) == 0
    assert answer_value("number", "It builds on the Five Eyes arrangement.", q) == 0
    assert answer_value("number", "Some 40 heads of state attended.", q) == 1
    # lengths of time and footnote marks are no counts, unless a length is what is asked
    assert answer_value("number", "It halted 40 days of conflict after a two-week truce.", q) == 0
    assert answer_value("number", "ITA sought comments over a 30-day period.", q) == 0
    assert answer_value("number", "to improve its services.28 Congress could ask", q) == 0
    assert answer_value("number", "The talks lasted 40 days.", "How long did the talks last?") == 1
    # the days of a date range or of a date without a year, and numeric dates
    assert answer_value("number", "The IAB held a workshop on November 9-13, 2020.", q) == 0
    assert answer_value("number", "It met from 29 November to 2 December online.", q) == 0
    assert answer_value("number", "It met on the 3rd of March and on 18.12.2025.", q) == 0
    assert answer_value("number", "On November 9, 45 participants joined the calls.", q) == 1
    assert answer_value("number", "She was 13 years old.", "How old was she?") == 1
    # the second year of a span ("the 2015-16 season", "FY2019/20") counts nothing
    assert answer_value("number", "Yields have fallen since the 2015-16 season.", q) == 0
    assert answer_value("number", "Spending rose in FY2019/20.", q) == 0
    # the number of a document or of its part: "Annex 1", "Table 3", "resolution 76/217"
    assert answer_value("number", "Annex  1. We, the Heads of State, met in Awaza.", q) == 0
    assert answer_value("number", "Recalling its resolutions 76/217 and 77/246 ...", q) == 0
    assert answer_value("number", "See Table 3 and ISBA/26/C/38 for details.", q) == 0
    assert answer_value("number", "Sindh scored 10.5/25 in compliance.", q) == 1
    assert answer_value("number", "Pakistan scored 29/100 on the index.", q) == 1
    assert answer_value("number", "Trade volume reached 1.2 billion.", q) == 1
    assert answer_value("money", "The support price is Rs 3,900/maund.", "What price?") == 1
    assert answer_value("number", "[^15]: Resolution 63/239, annex.", q) == 0
    assert answer_value("number", "As the survey found [12], delegates agreed.", q) == 0
    assert answer_value("number", "In 2015, 16 heads of state came.", q) == 1
    # "In addition to ..." names no place; "held in Islamabad" does
    assert answer_value("place", "In addition to areas where it is used, it helps.",
                        "Where was it held?") == 0
    assert answer_value("place", "The forum was held in Islamabad.", "Where was it held?") == 1
    # an organisation's name is no person
    who = "Who delivered the keynote address?"
    assert answer_value("person", "It was organised by the Embassy of the Russian Federation "
                        "and the Consortium for Asia Pacific & Eurasian Studies.", who) == 0
    assert answer_value("person", "The keynote was given by Anthony Albanese.", who) == 1


def test_focus_features_find_the_asked_thing_next_to_a_number():
    from assistant.answering.questions import QuestionInfo
    from assistant.answering.selection import focus_features

    info = QuestionInfo.of("How many people attended the forum?")
    share, head, near = focus_features(
        info, "The forum brought together approximately 40 distinguished scholars.")
    assert (share, head, near) == (1.0, 1.0, 1.0)  # people are counted by what they are
    budget = QuestionInfo.of("What is the budget of CAPES?")
    assert focus_features(budget, "CAPES organised the forum with 40 scholars.") == \
        (0.0, 0.0, 0.0)
    assert focus_features(QuestionInfo.of("When was it held?"), "In 2024.") == (1.0, 1.0, 0.5)
    # "how much money": a sum of money is what is asked for, in any currency
    money = QuestionInfo.of("How much money did Munir Ahmed demand from the family?")
    assert focus_features(money, "He asked the family to pay 400,000 Rupees.") == \
        (1.0, 1.0, 1.0)
    assert focus_features(money, "He threatened the family twice.")[2] == 0.0


def test_a_list_cut_off_by_its_passage_is_quoted_whole_from_the_page():
    from assistant.answering.enumeration import unfinished_list
    from assistant.answering.selection import Idf, candidates

    page = ("Costs rose. The Company announced the following new products:\n"
            "• MacBook Pro, powered by the M2 Pro chip;\n• Mac mini;\n• HomePod.\n"
            "Revenue fell in the quarter.")
    cut = page.index("• Mac mini")
    assert unfinished_list(page[:cut]) and not unfinished_list("Costs rose.\nRevenue fell.")
    # the index holds the page as two passages; only the first was retrieved
    corpus = Idf({}, 2, {("abc", 0): [(0, page[:cut]), (cut, page[cut:])]})
    assert corpus.following("abc", 0, cut, 12) == page[cut:cut + 12]
    hits = [_hit(page, 0, cut, 0)]
    opener = next(c for c in candidates(hits, True, corpus)
                  if c.text.startswith("The Company announced"))
    assert opener.is_list and opener.quote.endswith("• HomePod.")
    assert page[opener.quote_start:opener.quote_end] == opener.quote  # still a page slice
    # without the index's other passages the list ends where the passage does
    alone = next(c for c in candidates(hits, True) if c.text.startswith("The Company"))
    assert "Mac mini" not in alone.quote


def test_a_list_split_over_two_retrieved_passages_is_one_block_ending_at_its_last_item():
    from assistant.answering.selection import Idf, candidates

    # A resolution: lettered areas inside numbered paragraphs; the index holds the page
    # as three passages, the first and the last retrieved (the middle one is not).
    page = ("13. We commit to the plan in line with its five priority areas:\n\n"
            "(a) Structural transformation;\n\n(b) Trade and regional integration;\n\n"
            "(c) Transit and connectivity;\n\n(d) Resilience to climate change;\n\n"
            "(e) Means of implementation.\n"
            "14. We reaffirm our commitment to the concrete deliverables of the plan.\n")
    cut1, cut2 = page.index("(c)"), page.index("(d)")
    corpus = Idf({}, 3, {("abc", 0): [(0, page[:cut1]), (cut1, page[cut1:cut2]),
                                      (cut2, page[cut2:])]})
    hits = [_hit(page, 0, cut1, 0), _hit(page, cut2, len(page), 1)]
    opener = next(c for c in candidates(hits, True, corpus)
                  if c.text.startswith("13. We commit"))
    assert opener.is_list
    assert opener.quote.endswith("(e) Means of implementation.")  # not into "14. We ..."
    assert page[opener.quote_start:opener.quote_end] == opener.quote
    after = next(c for c in candidates(hits, True, corpus) if c.text.startswith("14. We"))
    assert after.text in after.quote


def test_a_list_ends_where_items_of_another_style_go_on_but_keeps_its_sublists():
    text = ("Areas:\n(a) Trade;\n(b) Transit.\n14. We reaffirm the plan.\n")
    assert text[slice(*block_at(text, 0, 6))].endswith("(b) Transit.")
    nested = "Areas:\n1. Trade:\n(a) tariffs\n(b) quotas\n2. Transit\n"
    assert text_of(nested, block_at(nested, 0, 6)).endswith("2. Transit")
    outline = "Plan:\n2. Goals\n2.1. Water\n2.2. Energy\n3. Means\n"
    assert text_of(outline, block_at(outline, 0, 5)).endswith("3. Means")


def text_of(text, span):
    return text[span[0]:span[1]]


def test_numbers_joined_to_a_name_are_no_key_figures():
    forms = {t.form: t.key for t in salient_terms("What did Amazon pay per its Q3 2022 10-Q?")}
    assert forms["2022"] and not forms["10"]
    assert not {t.form: t.key for t in salient_terms("How many COVID-19 cases?")}["19"]
    # "2014-15" is the years a report writes "2014-2015": "15" is no figure to find
    years = {t.shown: t.key for t in salient_terms("death toll in 2014-15 and FY2019/20?")}
    assert years["2014"] and not years["15"] and not years["20"]


def test_a_refusal_says_what_the_closest_passage_lacks():
    from types import SimpleNamespace

    from assistant.answering.extractive import refusal_reason
    from assistant.answering.questions import QuestionInfo

    def reason(question, quote):
        main = SimpleNamespace(info=QuestionInfo.of(question), absent=[], missing=[])
        return refusal_reason(main, SimpleNamespace(quote=quote), 1.0)

    assert reason("What is the budget of CAPES?", "CAPES organised the forum.") == \
        "the closest passages do not give the budget"
    assert reason("How many tonnes of rice did Pakistan export?",
                  "Rice exports, in tonnes, rose sharply.") == \
        "the closest passages mention the tonnes but give no figure for it"


def test_a_footnote_entry_is_never_quoted_as_an_answer():
    """A report's endnotes share the question's words ("Food Security" in a ministry's
    name) without answering it; prose that cites a link is still quotable."""
    from assistant.answering.selection import _usable

    assert not _usable("17 Government of the Netherlands, Ministry of Agriculture, Fisheries,"
                       " Food Security and Nature, “Impact of the Middle East War on Food"
                       " Systems,” April 1, 2026, https://www.example.nl/food.")
    assert not _usable("4 See the ministry's annual report, accessed on 3 May 2025.")
    assert _usable("The forum's papers are published at https://capes.example.org/forum.")
    assert _usable("12 delegates from Russia spoke on food security at the forum.")
    # a table row of a one-word name and its figures is quotable; a bare figure is not
    assert _usable("Rural | 2022: 45.2 | 2023: 43.1")
    assert not _usable("Rural 2022 45.2 2023 43.1") and not _usable("| 45.2 | 43.1 |")


def test_bibliography_entries_are_marked_as_references():
    """An RFC-style reference list ("[Nordman] Nordman, B., \"Applying ...\", ...") is
    marked so the selection learns it does not answer; a bracketed mark in prose is not."""
    from assistant.answering.selection import REFERENCE

    assert REFERENCE.search('[Nordman] Nordman, B., "Applying Internet Architecture to '
                            'Energy Systems", Position paper in the IAB Workshop, 2022.')
    assert not REFERENCE.search("[1] The workshop concluded that multicast saves energy.")
    assert not REFERENCE.search('[2] The chair called it "historic".')


def test_author_lists_are_marked_as_references_and_names_in_prose_are_not():
    """A reference entry's author list ("* Feldmann, A., Gasser, O., …", "Boland, B., De
    Smet, A., …") shares a question's words without answering it; names in a sentence
    ("Mr. Khan, Dr. Ali, and …", "Khan, A. and Ali, B.") do not make it one."""
    from assistant.answering.selection import REFERENCE

    assert REFERENCE.search("* Feldmann, A., Gasser, O., Lichtblau, F., Pujol, E., and "
                            "Poese, I., \"The Lockdown Effect\", IMC 2020.")
    assert REFERENCE.search('[McKinsey2020] Boland, B., De Smet, A., Palter, R., and A. '
                            'Sanghvi, "Reimagining the office and work life after COVID-19"')
    for prose in ("Speakers included Khan, A., Ali, B., and Raza, C. of the institute.",
                  "Participants: Arkko, J., Thomson, M., and Hardie, T. discussed encryption.",
                  "Chaired by Kühlewind, M. and Trammell, B., the session covered measurement."):
        assert not REFERENCE.search(prose), prose


def test_source_lines_and_footnote_entries_are_references_and_rank_below_prose():
    """"Source: github.com/..." and a footnote naming its source and a quoted title ("54
    ISA, “Letter Dated ...”") are marked as references, and the selection model's
    probability for a marked row is cut (`REFERENCE_SHARE`), so a source line no longer
    answers "Where was the workshop held?"; sentences with figures and quotes are not."""
    import numpy as np

    from assistant.answering.selection import FEATURES, REFERENCE, REFERENCE_SHARE, Linear

    for entry in ("Source: github.com/example/2023-workshop-report : README.md (commit 1a2b)",
                  "Source: CRS, with data from the Departments of Commerce and State.",
                  "54 ISA, \u201cLetter Dated 30 June 2021 from the President,\u201d "
                  "ISBA/26/C/38, July 1, 2021.",
                  "4 Weilun Soon, \u201cShipowners Eye Hormuz Truce,\u201d gCaptain.com, April 8."):
        assert REFERENCE.search(entry), entry
    for prose in ("12 delegates from Russia spoke on food security at the forum.",
                  "3 Ministers attended, and the chair called it \u201chistoric\u201d.",
                  "45 Pakistani scholars attended, \u201ca record,\u201d said the chair.",
                  "The sources of funding were the federal and provincial budgets."):
        assert not REFERENCE.search(prose), prose
    n = len(FEATURES)
    linear = Linear(list(FEATURES), np.zeros(n), np.ones(n), np.ones(n) * 0.1, 0.0)
    rows = np.ones((2, n))
    rows[1, FEATURES.index("reference")] = 0.0
    plain = linear.prob(rows[1:])[0]
    rows[0] = rows[1]
    rows[0, FEATURES.index("reference")] = 1.0
    p_ref, p_plain = linear.prob(rows)
    assert p_plain == plain and p_ref < p_plain
    assert p_ref <= REFERENCE_SHARE


def test_typos_are_corrected_against_the_reports_words():
    from assistant.spelling import correct

    vocabulary = {"participants": 3, "attended": 2, "workshop": 5, "commission": 4,
                  "taiwan": 1, "boards": 2, "shelter": 2, "trainees": 2}
    stems = {"particip", "attend", "workshop", "commiss", "taiwan", "board", "shelter",
             "traine"}
    c = correct("how many particpants attended the workshop?", vocabulary, stems)
    assert c.text == "how many participants attended the workshop?"
    assert c.changes == [("particpants", "participants")]
    # possessive, hyphenated, repeated, or the question's capitalised first word
    c = correct("Particpants of the comission's panel and the comission-led one", vocabulary,
                stems)
    assert c.text == "Participants of the commission's panel and the commission-led one"
    assert c.changes == [("particpants", "participants"), ("comission", "commission")]
    # left alone: a common English word the reports lack (what an absent-fact refusal
    # rests on), a capitalised name (what an absent-entity refusal names), a real word one
    # letter from a report word by a key not next to it ("smelter" / "shelter")
    for question in ("How many crew are aboard the ships?", "What did Taiwen say?",
                     "What is the copper smelter output?"):
        c = correct(question, vocabulary, stems)
        assert c.text == question and not c.changes


def test_a_function_word_with_two_letters_swapped_is_corrected():
    """"who chaired teh workshop" searched "teh" as a term no report holds, which counts
    against the answer; a short real word ("tow", "form") or an ambiguous slip ("hwo":
    "how" or "who") is left alone."""
    from assistant.spelling import correct

    vocabulary = {"workshop": 5, "committee": 2, "form": 3}
    c = correct("who chaired teh workshop committee?", vocabulary, {"workshop"})
    assert c.text == "who chaired the workshop committee?" and c.changes == [("teh", "the")]
    assert correct("Waht did thier committee say?", vocabulary, set()).text == \
        "What did their committee say?"
    # nor a slip that may be a name or an acronym typed in lower case
    for question in ("How many tow trucks?", "Which form was used?", "hwo many came?",
                     "what did aws report", "the lal masjid case", "to and fro", "btu it rose"):
        assert correct(question, vocabulary, set()).text == question


# ---------------------------------------------------------------- terms

def test_an_acronym_matches_its_spelled_out_name():
    bag = Bag.of("The Defense Intelligence Agency assessed in May 2025 that Iran could ...")
    dia = next(t for t in salient_terms("What did the DIA assess?") if t.acronym)
    assert bag.has(dia)
    # Two capitalised words in a row spell no acronym: "Upper Sindh" is not "US".
    us = next(t for t in salient_terms("What did the US pledge?") if t.acronym)
    assert not Bag.of("Floods hit Upper Sindh and the UK pledged aid.").has(us)
    # a file name's words count as acronyms ("the M-TEN report"), but spell none together
    from assistant.text import report_names

    names = Bag.of(report_names("", "crs-IF10491-australia-background-and-us-relations.pdf"))
    assert "cia" not in names.acronyms and "if10491" in names.acronyms
    ten = next(t for t in salient_terms("What does the M-TEN report say?") if t.shown == "TEN")
    assert Bag.of(report_names("", "iab-workshop-report-m-ten-2022.txt")).has(ten)
    # joining words inside the name are skipped: "to" as well as "of", "for", "the"
    unccd = next(t for t in salient_terms("What did the UNCCD decide?") if t.acronym)
    assert Bag.of("the United Nations Convention to Combat Desertification met").has(unccd)


def test_a_russian_name_is_found_whatever_its_case_ending():
    """The stemmer gives "пакиста" for "Пакистана" and "пакистан" for "Пакистану": a name
    the report holds in another case is no absent name."""
    from assistant.answering.selection import Idf

    idf = Idf.from_texts(["Россия выделила Пакистану 300 государственных стипендий."])
    terms = {t.shown: t for t in salient_terms("Сколько студентов из Пакистана учится в России?")}
    assert idf.holds(terms["Пакистана"]) and idf.holds(terms["России"])
    assert not idf.holds(salient_terms("Что сказал Германии?")[-1])
    # Latin names keep the exact rule: "Germany" is not held by "German"
    assert not Idf.from_texts(["German firms pledged aid."]).holds(
        next(t for t in salient_terms("What did Germany pledge?") if t.key))


def test_a_name_spelt_another_way_is_held_but_not_a_different_name():
    """Transliterated names are spelt several ways, and reports misspell them; a name one
    letter off (two from ten letters) is the same name, unless it is short or only adds an
    ending."""
    from assistant.answering.selection import Idf

    idf = Idf.from_texts(["Aid reached Khyber Pakhtunkhawa and Baluchistan; Slovakia and "
                          "Austria pledged, and German firms."])

    def key(q: str, shown: str) -> Term:
        return next(t for t in salient_terms(q) if t.shown == shown)

    assert idf.holds(key("Who funded Khyber Pakhtunkhwa?", "Pakhtunkhwa"))
    assert idf.holds(key("What reached Balochistan?", "Balochistan"))
    for q, name in [("What did Slovenia pledge?", "Slovenia"),
                    ("What did Australia pledge?", "Australia"),
                    ("What did Germany pledge?", "Germany")]:
        assert not idf.holds(key(q, name)), name
    # only vowels, h, w, y and doubled letters differ between spellings of one name; a
    # name matches names, not an ordinary word ("Provence" is no "province")
    other = Idf.from_texts(["Ireland, Austrian firms, Abdulrahim and Fedotov met in the "
                            "province."])
    for q, name in [("Did Iceland attend?", "Iceland"), ("Did Australian firms?", "Australian"),
                    ("Was Abdulkarim there?", "Abdulkarim"), ("Was Fedorov there?", "Fedorov"),
                    ("What about Provence?", "Provence")]:
        assert not other.holds(key(q, name)), name
    assert Bag.of("Aid reached Khyber Pakhtunkhawa.").has_name(
        key("Who funded Khyber Pakhtunkhwa?", "Pakhtunkhwa"))


def test_stemming_joins_forms_of_a_word_in_latin_and_cyrillic_script():
    from assistant.text import stem

    assert stem("respondents") == stem("responded")
    assert stem("organisations") == stem("organisation")
    assert stem("выставку") == stem("выставке")
    assert stem("پنجاب") == "پنجاب"


def test_a_nominalisation_matches_its_verb():
    """"What did the workshop conclude?" is answered by "The conclusion was that …", "What
    did the council decide?" by its decision; a name ending alike ("Davis") keeps its own."""
    from assistant.text import stem

    for verb, noun in (("conclude", "conclusion"), ("decide", "decision"),
                       ("include", "inclusion"), ("reduce", "reduction"),
                       ("describe", "description"), ("consume", "consumption"),
                       ("grow", "growth")):
        assert stem(verb) == stem(noun), (verb, noun)
    # whole stems only: a product is not produced, a bill's provisions provide nothing
    assert stem("product") != stem("produce") and stem("provisions") != stem("provide")
    assert stem("exclusive") != stem("exclude") and stem("conduct") != stem("conducive")
    assert stem("introduction") != stem("introduced")  # every report's heading
    bag = Bag.of("Overall the conclusion was that multicast can provide some savings.")
    assert {t.form for t in salient_terms("What did they conclude about multicast?")} \
        <= bag.forms


def test_lower_case_us_and_it_after_the_are_acronyms():
    terms = {t.shown: t for t in salient_terms("how much did the us give for the it sector?")}
    assert terms["US"].acronym and terms["US"].key
    assert terms["IT"].acronym
    assert not [t for t in salient_terms("what did it tell us about trade?") if t.acronym]


def test_british_spellings_and_irregular_forms_match_their_other_forms():
    from assistant.text import Bag, salient_terms, stem

    # An analyst writing British English asks of a US report, and "who wrote" of a line
    # saying who "writes".
    for british, american in [("centre", "center"), ("organisations", "organizations"),
                              ("programme", "programs"), ("defence", "defense"),
                              ("analysed", "analyzed"), ("labour", "labor")]:
        assert stem(british) == stem(american), british
    for form, base in [("wrote", "writes"), ("spoke", "speaking"), ("held", "holds"),
                       ("met", "meeting"), ("children", "child"), ("sought", "seeking")]:
        assert stem(form) == stem(base), form
    # a form that is a word of its own stays one: no "grind" in "ground", no "find" in "found"
    assert stem("ground") != stem("grind")
    assert stem("founded") == stem("found") != stem("find")
    bag = Bag.of("The plan features Shanghai as China's financial center.")
    assert all(bag.has(t) for t in salient_terms("financial centre") if t.form != "")


def test_chinese_with_digits_inside_is_split_into_character_pairs():
    from assistant.text import words

    toks = words("瓜达尔港的货物吞吐量在2024年增长了百分之二十。")
    assert "吞吐" in toks and "2024" in toks and "增长" in toks


# ---------------------------------------------------------------- names the quoted report lacks

def _quoted(sha: str, title: str = "Flood Housing Review", file: str = "housing.txt"):
    from types import SimpleNamespace

    return SimpleNamespace(hit=SimpleNamespace(report=SimpleNamespace(
        sha256=sha, title=title, file=file)))


def _names_missing(question: str, report: str, *, asked: str | None = None,
                   skip: list[str] | None = None, chunks: bool = True) -> list[str]:
    from types import SimpleNamespace

    from assistant.answering.extractive import unmentioned_names
    from assistant.answering.questions import QuestionInfo
    from assistant.answering.selection import Idf

    idf = Idf.from_texts([report, "A freight corridor to Hyderabad."])
    if chunks:
        idf.chunks = {("r1", 0): [(0, report), (len(report), "")]}
    main = SimpleNamespace(info=QuestionInfo.of(question))
    return [t.shown for t in unmentioned_names(main, [_quoted("r1")], idf, asked=asked,
                                               skip=skip)]


def test_a_name_the_quoted_report_lacks_is_found_and_only_such_a_name():
    report = ("In 2025, 42,000 homes were rebuilt in Dadu district with World Bank funds. "
              "Japan's JICA and the U.S. embassy attended. PAK-PACIFIC BRIEF.")
    assert _names_missing("How many homes were rebuilt in Hyderabad?", report) == ["Hyderabad"]
    for q in ("How many homes were rebuilt in Dadu?",         # named
              "What did Japanese donors fund in Dadu?",       # a demonym by its country
              "What did the US embassy say?",                  # "U.S." is US
              "What does the Pak-Pacific Brief say?",          # a title in capitals
              "What did Dr Khan say about Dadu?",              # "Dr" is no name; Khan is
              "What Were The Key Findings Of The Review?"):    # title case: no names read
        assert _names_missing(q, report) == ([] if "Khan" not in q else ["Khan"]), q
    # ... but a short follow-up is no title ("And in Hyderabad?")
    assert _names_missing("How many homes were rebuilt in Hyderabad?", report,
                          asked="And in Hyderabad?") == ["Hyderabad"]
    # a follow-up searched with the earlier question: only its own names count
    assert _names_missing("How many in Hyderabad? How many homes were rebuilt in Dadu?",
                          report, asked="And in Dadu?") == []
    # the names of a part the reports do not cover are that part's business
    assert _names_missing("How many homes were rebuilt in Dadu, and what did Hyderabad get?",
                          report, skip=["what did Hyderabad get?"]) == []
    # no report text kept (an IDF over the retrieved passages): no rule
    assert _names_missing("How many homes in Hyderabad?", report, chunks=False) == []


def test_a_lower_case_question_matches_a_longer_acronym_stemmed():
    """"nemops workshop dates": the question's word is stemmed ("nemop"), the report's
    "NEMOPS" was kept whole, so the sentence naming the workshop did not hold it."""
    from assistant.answering.selection import Idf
    from assistant.text import Bag

    text = "The NEMOPS workshop was convened by CAPES from December 3-5, 2024."
    for q in ("nemops workshop dates", "what did capes convene"):
        name = salient_terms(q)[0]
        assert Bag.of(text).has(name), q
        assert Idf.from_texts([text, "Other words."]).holds(name), q


def test_a_place_question_is_answered_by_a_city_or_country_named_without_in():
    """"Which city does the plan cast as the financial centre?" is answered by "The plan
    features Shanghai as China's financial center": no "in" or "at" before the name."""
    from assistant.answering.selection import answer_value, type_match
    from assistant.text import place_names

    q = "which city does china's plan cast as the financial centre?"
    right = "The plan features Shanghai as China’s financial center."
    assert place_names(right) == ["Shanghai", "China"]
    assert type_match("place", right) == 1.0 and answer_value("place", right, q) == 1.0
    # only the question's own country: no place it does not already name
    assert answer_value("place", "China’s plan is ambitious.", q) == 0.0
    assert type_match("place", "The plan is ambitious.") == 0.0
    assert place_names("Delegates came from the United Arab Emirates and New York.") == [
        "United Arab Emirates", "New York"]


def test_a_month_or_season_after_in_is_no_place():
    """"Where was the forum held?" is not answered by "The forum was held in May." A venue
    whose name opens with a season's word is a place ("at the Spring Garden Hotel")."""
    from assistant.answering.selection import answer_value

    q = "Where was the forum held?"
    for told in ("The forum was held in May.", "It met in Sept. 2024.", "It met in July 2026.",
                 "The talks resumed in Spring."):
        assert answer_value("place", told, q) == 0.0, told
    for told in ("The delegation met at the Spring Garden Hotel.", "It was held in Lahore.",
                 "The fair takes place in Russia in July 2026."):
        assert answer_value("place", told, q) == 1.0, told
    # the question's own place is no answer, in any case it writes it
    assert answer_value("place", "The seminar was held in Lahore.",
                        "Where in Lahore was the seminar held?") == 0.0


def test_an_acronym_in_a_report_counts_only_written_as_one():
    from assistant.text import Bag

    who = next(t for t in salient_terms("What did the WHO say?") if t.acronym)
    assert not Bag.of("Who Pays for Floods? Lessons for Us.").has_name(who)
    assert Bag.of("The World Health Organization said so.").has_name(who)
    cpec = next(t for t in salient_terms("What did CPEC deliver?") if t.acronym)
    assert Bag.of("The China-Pakistan Economic Corridor delivered roads.").has_name(cpec)


def test_a_file_filter_matches_a_name_stored_decomposed():
    """macOS stores "é" as "e" + U+0301 (NFD); the name a user types is composed (NFC)."""
    import unicodedata
    from types import SimpleNamespace

    from assistant.types import Filters

    stored = SimpleNamespace(file=unicodedata.normalize("NFD", "Café dialogue – Résumé.txt"),
                             event_date=None)
    assert Filters.from_any({"files": ["Café dialogue – Résumé.txt"]}).admits(stored)
    assert not Filters.from_any({"files": ["Cafe dialogue.txt"]}).admits(stored)


def test_a_counted_session_or_day_follow_up_replaces_the_earlier_one():
    """"session 1" then "And session 2?" asks about the second session, not "session 1
    second"; "last" in "last year" is no ordinal for "the first day" to replace."""
    assert follow_up("And session 2?", [("Who spoke in session 1?", "x")]).search == \
        "Who spoke in second session?"
    assert follow_up("What about day two?", [("Who spoke on Day 1 of the forum?", "x")]) \
        .search == "Who spoke on second Day of the forum?"
    plan = follow_up("And on the first day?",
                     [("What did the minister say last year about wheat?", "x")])
    assert "last year" in plan.search and "first day" in plan.search
    assert follow_up("And the opening session?", [("Who spoke at the closing session?", "x")]) \
        .search == "Who spoke at the opening session?"


def test_a_follow_up_asking_something_else_of_the_same_subject():
    """"And when?" after "Where was the forum held?" asks when the forum was held; a new
    question of its own after "And" keeps the earlier subject beside it instead of swapping
    its name in; a stand-in noun ("the figure") with a year moves the earlier year."""
    where = [("Where was the forum held?", "x")]
    for q in ("When?", "And when?", "And when was it held?"):
        assert follow_up(q, where).search == "When was the forum held?", q
    assert follow_up("А когда?", [("Где прошёл форум?", "x")]).search == "Когда прошёл форум?"
    # "say" is a word the earlier question lacks: the pronoun route, not a swap
    assert follow_up("What did he say?", [("When did he join?", "x")]).search == \
        "What did he say? When did he join?"
    plan = follow_up("And what did the US say?",
                     [("What was pledged at the Lahore conference?", "x")])
    assert plan.is_follow_up and "Lahore" in plan.search and "US conference" not in plan.search
    assert plan.context == "What was pledged at the Lahore conference?"
    teachers = [("How many teachers did the programme train in 2023?", "x")]
    plan = follow_up("What was the figure for 2024?", teachers)
    assert plan.is_follow_up and "2024" in plan.search and "2023" not in plan.search
    assert plan.search.startswith("How many teachers")
    assert follow_up("And the closing one?", [("Who chaired the opening session?", "x")]) \
        .search == "Who chaired the closing session?"


def test_chinese_elliptical_follow_ups():
    assert follow_up("那2024年呢？", [("2023年培训了多少名教师？", "x")]).search == \
        "2024年培训了多少名教师？"
    assert follow_up("那2024年呢？",
                     [("How many teachers did the programme train in 2023?", "x")]).search == \
        "How many teachers did the programme train in 2024?"


def test_a_chain_of_pronoun_follow_ups_keeps_its_first_question_and_the_last():
    history = [("Who opened the seminar?", "a"), ("What is his position?", "b"),
               ("Where did he study?", "c"), ("When did he join?", "d")]
    plan = follow_up("What did he say?", history)
    assert plan.search == "What did he say? When did he join? Who opened the seminar?"
    # a chain of elliptical follow-ups still resolves from its start
    years = [("How many teachers did the programme train in 2023?", "a"),
             ("And in 2024?", "b"), ("What about 2025?", "c"), ("And 2026?", "d")]
    assert follow_up("And 2027?", years).search == \
        "How many teachers did the programme train in 2027?"


def test_the_answer_keeps_the_question_as_typed_and_searches_it_normalised():
    """The answer shows the user's own text; the search, and an earlier question a
    follow-up leans on, are normalised as the reports are."""
    from types import SimpleNamespace

    from assistant.answering import ask_stream
    from assistant.settings import Settings

    class Retriever:
        queries: list[str] = []

        def retrieve(self, query, top_k, filters):
            self.queries.append(query)
            return []

    retriever = Retriever()
    components = SimpleNamespace(settings=Settings(), retriever=retriever, llm=None,
                                 idf=lambda: None, vectors=None)
    *_, final = ask_stream("And \ufb01nal session 2?\u200b", components=components,
                           history=[("Who spoke in ses\u200bsion 1?", "x")])
    assert final.question == "And \ufb01nal session 2?\u200b"
    assert retriever.queries == ["Who spoke in second session final?"]


@pytest.mark.parametrize(("turns", "question", "want"), [
    # a chain: the second follow-up leans on what the first stood for
    (["What was wheat output in Punjab in 2024?", "What about Sindh?"],
     "And the year before?", "What was wheat output in Sindh in 2023?"),
    (["What was the education budget in 2024-25?"], "The previous year?",
     "What was the education budget in 2023-24?"),
    (["How many tourists visited Swat in 2022?"], "What about the following year?",
     "How many tourists visited Swat in 2023?"),
    (["Who spoke for the farmers?"], "Who else?", "Who spoke for the farmers?"),
    (["What was wheat output in Balochistan?"], "What about Sindh?",
     "What was wheat output in Sindh?"),
])
def test_chained_relative_year_and_who_else_follow_ups(turns, question, want):
    plan = follow_up(question, [(t, "answer") for t in turns])
    assert plan.is_follow_up and plan.search == want


@pytest.mark.parametrize(("turns", "question", "want"), [
    # the follow-up's own topic stays when the year moves
    (["What was inflation in 2023?"], "What about GDP growth the year before?",
     "What was inflation in 2022 GDP growth?"),
    # "next year" without "the" is the calendar's, not the earlier question's year + 1
    (["What did the 2024 strategic plan say about hiring?"], "What does it plan for next year?",
     "What does it plan for next year? What did the 2024 strategic plan say about hiring?"),
])
def test_a_relative_year_follow_up_keeps_its_own_words(turns, question, want):
    plan = follow_up(question, [(t, "answer") for t in turns])
    assert plan.is_follow_up and plan.search == want


def test_a_new_question_with_only_a_year_of_its_own_stands_alone():
    """"What happened in 2024?" has a word of its own, too common to be a salient term: a
    new question, not the earlier one with its year moved; "How many in 2024?" has none."""
    teachers = [("How many teachers did the programme train in 2023?", "x")]
    for q in ("What happened in 2024?", "Who spoke in 2024?", "What was done in 2024?",
              "What did the report say about 2024?", "What happened on 9 May?"):
        assert not follow_up(q, teachers).is_follow_up, q
    for q in ("How many in 2024?", "What was the 2024 total?", "The figure for 2024?"):
        assert follow_up(q, teachers).search == \
            "How many teachers did the programme train in 2024?", q


def test_a_question_word_is_swapped_only_where_the_question_stays_one():
    """"When?" after "How many teachers did ..." is no "When teachers did ..."; "Who?"
    after "When was the forum held?" is no "Who was the forum held?"."""
    for prev, q in (("How many teachers did the programme train in 2023?", "When?"),
                    ("How many teachers did the programme train in 2023?",
                     "Where did they train?"),
                    ("Who spoke at the forum?", "When?"),
                    ("Who pledged the most?", "How much?"),
                    ("When was the forum held?", "Who?"),
                    ("What is the budget of CAPES?", "And why?")):
        search = follow_up(q, [(prev, "x")]).search
        assert prev in search, (q, search)
    assert follow_up("When?", [("How much did Germany pledge?", "x")]).search == \
        "When did Germany pledge?"


def test_and_with_the_earlier_question_said_again_of_another_name_swaps_the_name():
    capes = [("What is the budget of CAPES?", "x")]
    assert follow_up("And what is the budget of FAPESP?", capes).search == \
        "What is the budget of FAPESP?"
    plan = follow_up("And what did the US pledge?",
                     [("What was pledged at the Lahore conference?", "x")])
    assert "Lahore" in plan.search and "US conference" not in plan.search
    # a new Chinese question after 那么 ("then") keeps its own subject
    plan = follow_up("那么2024年培训了多少名医生？", [("2023年培训了多少名教师？", "x")])
    assert plan.search.startswith("那么2024年培训了多少名医生？")


def test_a_pronoun_chain_keeps_its_root_as_resolved():
    history = [("What was wheat output in Punjab in 2024?", "a"), ("What about Sindh?", "b"),
               ("Why did it fall?", "c")]
    plan = follow_up("Who funded it?", history)
    assert plan.search == \
        "Who funded it? Why did it fall? What was wheat output in Sindh in 2024?"


def test_a_short_sentence_after_the_names_under_a_label_is_no_item():
    text = "Speakers:\n\nDr Ayesha Khan\n\nMr Tariq Baloch\n\nThe session ended early."
    assert text[slice(*block_at(text, 0, 9))] == text[:text.index("\n\nThe session")]


def test_an_elliptical_follow_ups_own_terms():
    from assistant.conversation import own_terms

    def shown(q):
        return [t.shown for t in own_terms(q)]

    assert shown("What about rice?") == ["rice"]
    assert shown("And in 2024?") == ["2024"]
    assert shown("And the second day?") == []  # a report may write "Day 2"
    assert shown("What was the figure for 2024?") == []  # no fragment: no terms of its own
    assert shown("Who spoke about agriculture?") == []
    # "the year before" brings the year it was resolved to, not "before" or "previous"
    assert [t.shown for t in own_terms("And the year before?",
                                       "What was the value of IT exports in 2023?")] == ["2023"]
    assert [t.shown for t in own_terms("What about the previous year?",
                                       "How many teachers were trained in 2022?")] == ["2022"]


def test_a_fragment_naming_a_subject_of_its_own_is_asked_as_such():
    """"What about the CPEC seminar?" after a chain of years about a programme's trainees
    names a new subject (a name with its noun, the noun not in the earlier question): it is
    searched as asked, the earlier question at a lower weight, not appended to it; a place,
    a name or a word for the earlier question's own slot still replaces or refines it."""
    years = [("How many health workers did the programme train in 2023?", "a"),
             ("And in 2024?", "b"), ("What about 2025?", "c")]
    for q in ("What about the CPEC seminar?", "And the Roshan Gharana scheme?"):
        plan = follow_up(q, years)
        assert plan.is_follow_up and plan.search == q, plan
        assert plan.context == "How many health workers did the programme train in 2025?"
    for q, want in (("How about in Lahore?", "in 2025 Lahore?"), ("And leather?", "leather?"),
                    ("What about 2026?", "train in 2026?")):
        assert follow_up(q, years).search.endswith(want), q
    wheat = [("What was wheat output in Punjab in 2024?", "a")]
    assert follow_up("What about Sindh?", wheat).search == "What was wheat output in Sindh in 2024?"


def test_who_else_with_a_verb_asks_for_answers_beyond_the_earlier_one():
    chair = [("Who chaired the inaugural session of the Gwadar forum?", "a")]
    plan = follow_up("Who else spoke?", chair)
    assert plan.is_follow_up and plan.others and plan.search == "Who spoke?"
    assert plan.context == chair[0][0]
    assert follow_up("Who else?", chair).others
    assert follow_up("And what else did the forum ask for?", chair).search == \
        "What did the forum ask for?"
    assert not follow_up("What about Sindh?", chair).others


def test_a_russian_or_urdu_question_of_its_own_is_no_fragment():
    """Russian question words open a question ("Кто представлял Татарстан?" stands alone);
    an Urdu question after "اور" ("and") with a topic of its own asks anew, the earlier
    question beside it, as an English "And what did ...?" does."""
    centre = [("Что сообщил Ильдар Гарипов о стоимости центра?", "x")]
    assert not follow_up("Кто представлял Татарстан?", centre).is_follow_up
    boats = [("گوادر میں کتنی کشتیاں رجسٹرڈ ہیں؟", "x")]
    plan = follow_up("اور یونین نے کیا مطالبہ کیا؟", boats)
    assert plan.is_follow_up and plan.context == boats[0][0]
    assert plan.search.startswith("اور یونین نے کیا مطالبہ کیا؟")
    # a fragment is still one
    assert follow_up("А в 2023?", [("Каким был товарооборот в 2024 году?", "x")]).search == \
        "Каким был товарооборот в 2023 году?"


def test_an_acronyms_plural_is_the_acronym():
    """"FTEs", "NGOs" are the acronyms "FTE", "NGO": a question's plural finds a report's
    singular and the other way round, and is no name the reports lack. "MoUs" and
    "DDoS" stay as they are."""
    from assistant.text import is_acronym

    assert is_acronym("FTEs") and is_acronym("NGOs") and is_acronym("CEO’s")
    assert not is_acronym("MoUs") and not is_acronym("DDoS")
    assert [(t.form, t.acronym) for t in salient_terms("How many FTEs did OPM have?")
            if t.shown == "FTEs"] == [("fte", True)]
    report = "In FY 2019, OPM had 5,497 FTE and worked with 12 NGO partners."
    assert _names_missing("How many FTEs did OPM have?", report) == []
    assert _names_missing("How many NGOs did OPM work with?", report) == []
    assert Bag.of("The 40 NGOs met.").has_name(
        next(t for t in salient_terms("Which NGO met?") if t.acronym))


def test_an_acronym_keeps_its_possessive_apart_and_the_unions_count_as_names():
    from assistant.cleaning import normalize
    from assistant.text import is_acronym

    assert is_acronym("WHO’s") and is_acronym("IMF's") and not is_acronym("Who’s")
    who = next(t for t in salient_terms(normalize("What did the WHO‘s director say?"))
               if t.acronym)
    assert who.form == "who" and Bag.of("The WHO’s director spoke.").has_name(who)
    assert not Bag.of("Who’s there? Let us see.").has_name(who)
    report = "The UK pledged 12 million pounds for flood housing in Dadu."
    assert _names_missing("How much did the US pledge for flood housing?", report) == ["US"]
    assert _names_missing("How much did the UK pledge for flood housing?", report) == []
    assert _names_missing("What did the PM say about flood housing?", report) == []


def test_a_union_written_otherwise_in_the_report_is_mentioned():
    """"the US" is the report's "USA" or "America", "the UK" its "Britain" or "British",
    "the UN" its agencies ("UNDP"), "the EU" its "European Commission": only another
    country ("the UK and Japan" for "the US") is a name the report lacks."""
    for q, report in (("How much did the US pledge for flood housing?",
                       "The USA pledged 12 million dollars for flood housing in Dadu."),
                      ("How much did the US pledge for flood housing?",
                       "The American government pledged 12 million dollars for flood housing."),
                      ("How much did the UK pledge for flood housing?",
                       "Britain pledged 12 million pounds for flood housing in Dadu."),
                      ("How much did the UK pledge for flood housing?",
                       "The British High Commission pledged 12 million pounds for flood housing."),
                      ("What did the UN pledge for flood housing?",
                       "UNDP pledged 12 million dollars for flood housing in Dadu."),
                      ("What did the EU pledge for flood housing?",
                       "The European Commission pledged 12 million euros for flood housing.")):
        assert _names_missing(q, report) == [], (q, report)
    assert _names_missing("How much did the US pledge for flood housing?",
                          "The UK and Japan pledged 12 million pounds for flood housing.") == ["US"]


def test_a_russian_pronoun_follow_up_leans_on_the_earlier_question():
    """"Что он сказал?" ("What did he say?") after "Кто открыл форум?" opens with a question
    word, so it is no fragment; its pronoun makes it a follow-up, as in English. "Кто ещё
    выступил?" is "Who else spoke?"."""
    opened = [("Кто открыл форум в Казани?", "x")]
    for q in ("Что он сказал?", "Кого он пригласил?"):
        plan = follow_up(q, opened)
        assert plan.is_follow_up and plan.context == opened[0][0], plan
    plan = follow_up("Кто ещё выступил?", opened)
    assert plan.is_follow_up and plan.others and plan.search == "Кто выступил?"
    assert follow_up("А кто ещё?", opened).others
    assert not follow_up("Кто представлял Татарстан?", opened).is_follow_up


def test_a_fragment_naming_a_place_or_another_event_keeps_the_earlier_question():
    """"What about the Lahore conference?" after "How many people attended the Gwadar
    forum?" asks the same of another event, and "What about Balochistan province?" the
    same of another place: the earlier question with the name put in, so that "How many"
    or "When" still asks for a count or a date; "What about the CPEC seminar?" after a
    question about a programme names a subject of its own (see above)."""
    for before, q, want in (
            ("How many people attended the Gwadar forum?", "What about the Lahore conference?",
             "How many people attended the Lahore"),
            ("When was the Gwadar forum held?", "What about the Lahore conference?",
             "When was the Lahore"),
            ("Who attended the forum?", "What about the Moscow event?", "Who attended the"),
            ("What did the report recommend for Sindh?", "What about Balochistan province?",
             "What did the report recommend for Balochistan"),
            ("What was wheat output in Punjab in 2024?", "What about Sindh province?",
             "What was wheat output in Sindh in 2024")):
        plan = follow_up(q, [(before, "x")])
        assert plan.is_follow_up and plan.search.startswith(want), (q, plan)
    for before in ("How many health workers did the programme train in 2025?",
                   "How many teachers did the Punjab programme train in 2023?"):
        plan = follow_up("What about the CPEC seminar?", [(before, "x")])
        assert plan.search == "What about the CPEC seminar?", plan


def test_the_frame_and_a_relative_year_alone_is_a_follow_up():
    """"How many the year before?", "What was it the previous year?": no topic of their
    own, the earlier question with its year moved; a word of its own ("What happened the
    year before?") is a question of its own."""
    from assistant.answering.questions import focus_terms
    from assistant.conversation import own_terms

    kits = [("How many farmers got drip kits in 2025?", "x")]
    for q in ("How many the year before?", "What was it the previous year?"):
        plan = follow_up(q, kits)
        assert plan.is_follow_up and plan.search == "How many farmers got drip kits in 2024?"
        assert [t.shown for t in own_terms(q, plan.search)] == ["2024"]
    assert not follow_up("What happened the year before?", kits).is_follow_up
    # "got" ends the asked-for phrase as "received" does
    assert [t.shown for t in focus_terms("How many farmers got drip kits in 2025?")] == \
        ["farmers"]


def test_a_demonym_or_a_spelled_out_acronym_is_held_by_the_reports():
    from assistant.answering.selection import Idf
    from assistant.text import spelled_out

    idf = Idf.from_texts(["Vietnam wanted more seafood.", "The WHO’s officer spoke."])

    def key(q: str, shown: str) -> Term:
        return next(t for t in salient_terms(q) if t.shown == shown)

    assert idf.holds(key("What did the Vietnamese counsellor want?", "Vietnamese"))
    assert not idf.holds(key("What did the German counsellor want?", "German"))
    assert spelled_out("What did the World Health Organization officer say?",
                       idf.acronyms) == {term_of(w) for w in ("World", "Health", "Organization")}
    assert spelled_out("What did the International Monetary Fund say?", idf.acronyms) == set()


def test_a_demonym_is_held_only_by_its_countrys_name():
    """"Chinese" is not held by "Chinar Hotel", nor "Georgian" by "Professor George Mason":
    both were answered with unrelated quotes of the report naming them."""
    from assistant.answering.selection import Idf
    from assistant.text import by_country

    def key(q: str, shown: str) -> Term:
        return next(t for t in salient_terms(q) if t.shown == shown)

    idf = Idf.from_texts(["Venue: Chinar Hotel, Islamabad", "Professor George Mason said."])
    assert not idf.holds(key("What did the Chinese delegation say?", "Chinese"))
    assert not idf.holds(key("What did the Georgian delegation say?", "Georgian"))
    for demonym, text in (("Georgian", "Georgia wine"), ("Ukrainian", "Ukraine said"),
                          ("Chinese", "China said"), ("Vietnamese", "Vietnam wanted"),
                          ("German", "Germany pledged"), ("Kazakh", "Kazakhstan said"),
                          ("Afghan", "Afghanistan said"), ("Uzbek", "Uzbekistan said")):
        term = key(f"What did the {demonym} envoy say?", demonym)
        assert by_country(term, Bag.of(text).forms), demonym
    assert not by_country(key("What did the Chinese envoy say?", "Chinese"),
                          Bag.of("Chinar Hotel").forms)
    assert not by_country(key("What did the Indian envoy say?", "Indian"),
                          Bag.of("Indiana said").forms)


def test_a_spelled_out_name_counts_only_for_an_acronym_the_reports_do_not_spell_out():
    """"Asian Investment Mission" where the reports write "Agriculture Innovation Mission
    (AIM)" names something else, and "Asad Iqbal Mir" is a person, not AIM: both were
    answered with AIM's quotes."""
    from assistant.answering.selection import Idf
    from assistant.text import spelled_out

    idf = Idf.from_texts(["The review assessed the Agriculture Innovation Mission (AIM).",
                          "The WHO’s officer spoke."])
    written = set(idf.acronyms or ()) - idf.spelled
    assert spelled_out("What did the Asian Investment Mission say?", written) == set()
    assert spelled_out("What did Asad Iqbal Mir say?", set(idf.acronyms or ())) == set()
    assert spelled_out("What did the World Health Organization officer say?", written) == \
        {term_of(w) for w in ("World", "Health", "Organization")}


def test_the_year_before_with_no_year_or_a_fiscal_year():
    """"And the year before?" after a question with no year must hold "before" (it was
    answered with the latest figure); after "FY2024" it stands for FY2023 (it was answered
    with the FY2024 figure)."""
    from assistant.conversation import own_terms

    assert [t.shown for t in own_terms("And the year before?",
                                       "How many farmers received drip kits?")] == ["before"]
    plan = follow_up("And the year before?",
                     [("What was Punjab's development budget in FY2024?", "x")])
    assert plan.search == "What was Punjab's development budget in FY2023?", plan
    assert [t.form for t in own_terms("And the year before?", plan.search)] == ["fy2023"]


def test_who_else_excludes_every_answer_of_the_else_chain():
    from assistant.answering import _said_before

    pairs = [("Who chaired the seminar?", "Khalid Mahmood chaired it."),
             ("Who else spoke?", "Samina Rauf said so.")]
    assert "Khalid Mahmood" in _said_before(pairs) and "Samina Rauf" in _said_before(pairs)
    pairs = [("Who chaired the seminar?", "Khalid Mahmood chaired it."),
             ("Where was it held?", "In Lahore.")]
    assert _said_before(pairs) == "In Lahore."



def test_an_irregular_demonym_is_held_by_its_countrys_name():
    """"French", "Dutch", "Norwegian", "Emirati", "Turkish", "Swiss", "Filipino" were
    refused as names no report mentions where a report names France, the Netherlands, ...;
    "Polish" stays refused where no report names Poland."""
    from assistant.answering.selection import Idf
    from assistant.text import by_country

    text = ("Delegations from France, the Netherlands, Norway, Switzerland, Türkiye, the UAE "
            "and the Philippines attended.")
    forms = Bag.of(text).forms
    idf = Idf.from_texts([text])
    for demonym in ("French", "Dutch", "Norwegian", "Emirati", "Turkish", "Swiss",
                    "Filipino"):
        term = next(t for t in salient_terms(f"What did the {demonym} delegate say?")
                    if t.shown == demonym)
        assert by_country(term, forms) and idf.holds(term), demonym
    polish = next(t for t in salient_terms("What did the Polish delegate say?")
                  if t.shown == "Polish")
    assert not by_country(polish, forms) and not idf.holds(polish)
    turkish = next(t for t in salient_terms("What did the Turkish envoy say?")
                   if t.shown == "Turkish")
    assert by_country(turkish, Bag.of("Turkey pledged aid.").forms)


def test_the_year_before_a_span_of_years_moves_both():
    """"And the year before?" after "between 2023 and 2024" stands for "between 2022 and
    2023" (it moved the last year only, "between 2023 and 2023"), and its answer must hold
    both years."""
    from assistant.conversation import own_terms

    plan = follow_up("And the year before?",
                     [("How much did textile exports grow between 2023 and 2024?", "x")])
    assert plan.search == "How much did textile exports grow between 2022 and 2023?", plan
    assert [t.form for t in own_terms("And the year before?", plan.search)] == ["2022", "2023"]
    plan = follow_up("And the year after?", [("How many firms closed from 2020 to 2022?", "x")])
    assert plan.search == "How many firms closed from 2021 to 2023?", plan
    plan = follow_up("And the year before?", [("What was the budget for 2024-25?", "x")])
    assert plan.search == "What was the budget for 2023-24?", plan


def test_a_whole_question_after_and_in_another_script_is_searched_in_its_own_words():
    """"А кто представлял Узбекистан?" after an English question: searched as asked (the
    English words outweighed the Russian ones, and the Russian paragraph was never among
    the passages), and its answer must hold its names, not each of its words
    ("экспортировал" where the report writes "экспорт")."""
    from assistant.conversation import own_terms

    first = [("How many megawatts did Pakistan import from Tajikistan?", "x")]
    plan = follow_up("А кто представлял Узбекистан?", first)
    assert plan.is_follow_up and plan.search == "А кто представлял Узбекистан?", plan
    assert plan.context == first[0][0]
    plan = follow_up("And what did the US say?", [("What was pledged at the Lahore "
                                                   "conference?", "x")])
    assert "Lahore" in plan.search, plan  # same script: searched with the earlier question
    assert [t.shown for t in own_terms("А сколько экспортировал Узбекистан в Афганистан?")] \
        == ["Узбекистан", "Афганистан"]
    assert [t.shown for t in own_terms("What about rice?")] == ["rice"]


def test_a_year_is_held_as_a_fiscal_years_end():
    from assistant.answering.extractive import _year_held

    def year(y: str) -> Term:
        return next(t for t in salient_terms(f"What was it in {y}?") if t.shown == y)

    assert _year_held(year("2024"), Bag.of("The budget was 84 billion in 2023-24."))
    assert _year_held(year("2024"), Bag.of("Exports in FY24 rose."))
    assert not _year_held(year("2022"), Bag.of("The budget for 2024-25 was 155 billion."))


def test_an_irregular_demonym_is_not_held_by_a_common_noun_or_another_places_name():
    """Review of the demonym list: "turkey meat" names no Türkiye, "Latin America" no
    American, "New England" no English, "New South Wales" no Welsh, "Mr. Tom Holland" no
    Dutch; the countries' own names still do."""
    def term(demonym: str) -> Term:
        return next(t for t in salient_terms(f"What did the {demonym} delegate say?")
                    if t.shown == demonym)

    for demonym, text in [("Turkish", "Mr. Raza said turkey meat sales reached 300 tonnes."),
                          ("American", "Exports to Latin America rose."),
                          ("English", "Universities from New England offered scholarships."),
                          ("Welsh", "Ms. Brown of New South Wales spoke."),
                          ("Dutch", "Mr. Tom Holland, a historian, spoke.")]:
        assert not Bag.of(text).has_name(term(demonym)), demonym
    assert Bag.of("Contractors from Türkiye asked for visas.").has_name(term("Turkish"))
    assert Bag.of("The USA pledged aid.").has_name(term("American"))
    assert Bag.of("Mr. van Dijk of the Netherlands spoke.").has_name(term("Dutch"))


def test_a_year_is_held_by_a_date_in_figures_and_a_fiscal_year_by_its_fy_name():
    """"What wheat support price was decided in 2024?" of minutes dated "05.03.2024", and
    "the health budget for 2024-25" of a report writing "FY25", were refused as naming no
    2024."""
    from assistant.answering.extractive import _fiscal_ends, _year_held

    def year(y: str) -> Term:
        return next(t for t in salient_terms(f"What was it in {y}?") if t.shown == y)

    assert _year_held(year("2024"), Bag.of("Date: 05.03.2024"))
    assert not _year_held(year("2023"), Bag.of("Date: 05.03.2024"))
    # an Urdu report's own digits
    assert _year_held(year("2024"), Bag.of("۲۰۲۴ء میں برآمدات ۱۶ ارب ڈالر رہیں"))
    assert not _year_held(year("2023"), Bag.of("۲۰۲۴ء میں برآمدات ۱۶ ارب ڈالر رہیں"))
    assert _fiscal_ends("What was the health budget for 2024-25?") == {"2024": "2025"}
    assert _fiscal_ends("How did exports grow from 2021-2024?") == {}
    assert _year_held(year("2024"), Bag.of("The FY25 health budget was 90 billion."), "2025")
    assert _year_held(year("2024"), Bag.of("The FY 2025 budget was 90 billion."), "2025")
    assert not _year_held(year("2024"), Bag.of("The FY25 health budget was 90 billion."))


def test_a_whole_english_question_after_and_keeps_its_words():
    """"And who spoke about fisheries?" after a question on gas prices must quote
    "fisheries" (it was answered by the speakers on gas prices, only names being asked
    for), as "And what did it recommend?" must quote a recommendation; a Russian one
    with a name still needs only its names."""
    from assistant.conversation import own_terms

    assert "fisheries" in [t.shown for t in own_terms("And who spoke about fisheries?")]
    assert "recommend" in [t.shown for t in own_terms("And what did it recommend?")]
    assert [t.shown for t in own_terms("А кто представлял Узбекистан?")] == ["Узбекистан"]
    assert "выступал" in [t.shown for t in own_terms("А кто выступал?")]
    # a place or a time: "Venue: Karachi" answers "And where was it held?"
    assert own_terms("And where was it held?") == []


def test_a_part_that_leans_on_the_others_is_embedded_with_the_whole_question():
    import numpy as np

    from assistant.answering.extractive import score_question
    from assistant.answering.selection import Idf

    class Recording:  # the embedding model's stand-in: records what it is asked to embed
        def __init__(self):
            self.queries = []

        def query_vector(self, text):
            self.queries.append(text)
            return np.ones(4, dtype=np.float32)

        def sentence_vectors(self, texts):
            return np.ones((len(texts), 4), dtype=np.float32) / 2

    page = "CSJ used verified 162 incidents that surfaced during 2013-2020. It met in Lahore."
    hits = [_hit(page, 0, len(page), 0)]
    question = "How many verified incidents does CSJ analyse, and from which years?"
    rec = Recording()
    main, parts = score_question(question, hits, rec, Idf.from_texts([page]))
    assert len(parts) == 2
    # "from which years?" alone means nothing to the model; the first part stands alone
    assert "from which years?" not in rec.queries
    assert rec.queries.count(question) >= 1 and len(set(rec.queries)) == 2


def test_items_after_a_sublist_and_a_list_opening_on_its_first_item_stay_whole():
    from assistant.answering.selection import candidates

    # a resolution's "1. … 2. …: (a)(b)(c) 3. …": items after the sublist keep the list
    page = ("Goals:\n1. Trade in goods\n2. Growth of firms\n(a) tariffs on goods\n"
            "(b) quotas on goods\n(c) fees for firms\n3. Transit of goods\n4. Water for all\n")
    cands = candidates([_hit(page, 0, len(page), 0)], True)
    for start in ("3. Transit", "4. Water"):
        c = next(c for c in cands if c.text.startswith(start))
        assert c.is_list and c.text in c.quote and "1. Trade" in c.quote
    # no opener: the list is its first item's, sublist and later items included
    bare = ("Intro text here.\n1. Trade in goods\n(a) tariffs on goods\n(b) quotas\n"
            "(c) fees for firms\n2. Transit of goods\n3. Water for all\n")
    first = bare.index("1. Trade")
    assert text_of(bare, block_at(bare, first, first + 17, as_item=True)).endswith("Water for all")


def test_a_list_merged_from_two_passages_reads_on_into_the_next_list_of_the_page():
    from itertools import pairwise

    from assistant.answering.selection import Idf, candidates

    page = ("Areas:\n(a) Trade;\n(b) Transit;\n(c) Water.\nBoard members:\n(a) Ms Khan;\n"
            "(b) Mr Ali;\n(c) Dr Shah;\n(d) Ms Rind.\nThe board meets yearly.")
    cuts = [0, page.index("(b) Transit"), page.index("Board"), page.index("(b) Mr Ali"),
            len(page)]
    corpus = Idf({}, 4, {("abc", 0): [(a, page[a:b]) for a, b in pairwise(cuts)]})
    hits = [_hit(page, cuts[0], cuts[1], 0), _hit(page, cuts[2], cuts[3], 1)]
    board = next(c for c in candidates(hits, True, corpus) if c.text.startswith("Board"))
    assert board.is_list and board.quote.endswith("(d) Ms Rind.")


def test_quote_precision_counts_the_quotes_that_bear_on_the_question():
    from assistant.evaluation import EvalResult, Question, Quoted, score

    q = Question("q", "How many attended?", True, file="a.pdf", pages=[3],
                 must_contain=["40 scholars"])
    quotes = [Quoted("a.pdf", 3, "About 40 scholars attended."),  # right page
              Quoted("b.pdf", 1, "The budget rose by 12%."),  # another report, no answer
              Quoted("c.pdf", 2, "Some 40  Scholars came.")]  # another copy of the answer
    answered = score(q, True, quotes)
    assert (answered.quotes, answered.on_target, answered.correct) == (3, 2, True)
    refused = score(q, False, quotes)
    assert refused.quotes == 0
    f = EvalResult("cv", [answered, refused]).figures()
    assert f["quote_precision"] == pytest.approx(2 / 3) and f["quotes_per_answer"] == 3


def _cand(report: str, part: int, text: str, page: int | None = None):
    from types import SimpleNamespace

    from assistant.answering.selection import Candidate, Fragment

    frag = Fragment(report, part, 0, text)
    hit = SimpleNamespace(report=SimpleNamespace(sha256=report, file=report),
                          chunk=SimpleNamespace(page=page, part=part))
    return Candidate(frag, hit, 0, 0, len(text), text, 0, 0, len(text))


@pytest.mark.parametrize("several, lead, far_below, asked, quoted", [
    (True, 0.2, math.inf, "", ["lead", "beside it"]),  # a list's items stand together
    (False, 0.2, math.inf, "", ["lead", "beside it", "other page"]),
    (False, 0.2, 0.35, "", ["lead", "beside it", "other page"]),  # an unsure lead
    (False, 0.6, 0.35, "", ["lead", "beside it"]),  # a sure one: no far quote to read past
    # unless it holds a word of the question the chosen quotes lack
    (False, 0.6, 0.35, "Which other page?", ["lead", "beside it", "other page"]),
    (True, 0.6, 0.35, "Which other page?", ["lead", "beside it", "other page"]),
    # not one the lead holds already
    (False, 0.6, 0.35, "Which lead page?", ["lead", "beside it", "other page"]),
    (False, 0.6, 0.35, "Which lead?", ["lead", "beside it"]),
])
def test_a_further_quote_from_another_page_only_for_an_unsure_one_fact_answer(
        several, lead, far_below, asked, quoted):
    cands = [_cand("r1", 3, "lead"), _cand("r1", 3, "beside it"),
             _cand("r2", 8, "other page")]
    assert _further(cands, lead, far_below, several, salient_terms(asked)) == quoted


def _further(cands, lead, far_below, several, terms):
    from dataclasses import replace

    import numpy as np

    from assistant.answering.extractive import _add_likely
    from assistant.answering.selection import Linear, Model

    none = Linear([], np.zeros(0), np.ones(0), np.zeros(0), 0.0)
    model = replace(Model(none, none, 0.5, extra_ratio=0.5), far_below=far_below)
    chosen = [(cands[0], None)]
    probs = np.array([lead * 0.9 ** i for i in range(len(cands))])
    _add_likely(chosen, cands, list(range(len(cands))), probs, model, 3, several=several,
                terms=terms)
    return [c.text for c, _ in chosen]


def test_sections_without_page_numbers_are_apart_and_a_far_quote_opens_no_page():
    # DOCX and HTML sections have no page (None): each is its own place all the same
    docx = [_cand("d", 0, "lead"), _cand("d", 1, "next section"),
            _cand("d", 1, "its second sentence")]
    assert _further(docx, 0.6, 0.35, False, []) == ["lead"]
    # a far quote let in by the question's word does not bring its page's others with it
    assert _further(docx, 0.6, 0.35, False, salient_terms("Which next section?")) == [
        "lead", "next section"]
    # a term of an earlier turn (weight 0.4) is no reason to quote
    assert _further(docx, 0.6, 0.35, False, salient_terms("next section", weight=0.4)) == [
        "lead"]


def test_the_far_quote_bound_round_trips_through_the_model_file():
    import numpy as np

    from assistant.answering.selection import Linear, Model

    none = Linear([], np.zeros(0), np.ones(0), np.zeros(0), 0.0)
    for bound in (0.1, math.inf):
        m = Model(none, none, 0.5, far_below=bound)
        assert Model.from_json(m.to_json()).far_below == bound


def test_a_name_and_its_acronym_hold_each_other():
    """Reports spell a name out once and write its acronym after: "the Clarion-Clipperton
    Zone" is held by "The CCZ is ...", and a question's "FTEs" by "full-time equivalent
    employees". A stop word breaks a lower-case run, and two letters are too few."""
    zone = salient_terms("How big is the Clarion-Clipperton Zone?")
    assert all(Bag.of("The CCZ is approximately 1.7 million square miles.").has(t)
               for t in zone if t.form in ("clarion", "clipperton", "zone"))
    assert not any(Bag.of("The ISA met in Kingston.").has(t) for t in zone)
    # only an acronym as written: a sentence spelling out another name with the same
    # initials ("Central Coast Zoning Board") holds no "Clarion"
    assert not Bag.of("The Central Coast Zoning office met.").has(zone[0])
    # a run's last words name the thing: "Analyzing IETF Data" is "AID", not "AI"
    aid = salient_terms("Who spoke at the Analyzing IETF Data workshop?")
    assert Bag.of("The AID workshop was online.").has(next(t for t in aid if t.form == "data"))
    assert not Bag.of("The ID card was new.").has(next(t for t in aid if t.form == "data"))
    fte = next(t for t in salient_terms("How many FTEs did OPM have?") if t.form == "fte")
    assert Bag.of("In FY 2019, the agency had 5,497 full-time equivalent employees.").has(fte)
    # a stop word, a comma or a capital ends a run of lower-case words
    assert not Bag.of("They spoke of free trade in the economy.").has(fte)
    assert not Bag.of("Tariffs were free, trade enabled exports.").has(fte)
    assert not Bag.of("Free Trade employees met.").has(fte)
    it = next(t for t in salient_terms("Who runs the IT office?") if t.acronym)
    assert not Bag.of("The information technology office is new.").has(it)


def test_a_two_part_question_is_as_answerable_as_its_least_answerable_part():
    """The best quote of "How many FTEs ..., and what was its budget?" covers half of it,
    which alone reads as a refusal: each part asked alone decides, where all are likely."""
    import numpy as np

    from assistant.answering.selection import answer_confidence

    assert answer_confidence(0.3, np.array([0.8, 0.9])) == pytest.approx(0.8)
    assert answer_confidence(0.3, np.array([0.8, 0.1])) == pytest.approx(0.3)
    assert answer_confidence(0.6, np.zeros(0)) == pytest.approx(0.6)



def test_each_part_of_a_question_is_read_with_the_other_parts_quotes(monkeypatch):
    """`part_refusal_rows`: the parts share one list of candidates, and each part's row
    reads the others' likeliest quotes with its own (`cov_own` of the whole question)."""
    import numpy as np

    from assistant.answering import selection as S

    seen: list[list] = []

    def features(sc, probs, idf, extra=None):
        seen.append(list(extra or []))
        return np.zeros(len(S.REFUSAL_FEATURES), dtype=np.float32)

    cands = ["first", "second"]

    class Part:
        def __init__(self, col):
            self.cands = cands
            self.X = np.eye(2, dtype=np.float32)[:, [col]].repeat(len(S.FEATURES), 1)

    class Linear:
        def prob(self, X):
            return X[:, 0]

    monkeypatch.setattr(S, "refusal_features", features)
    rows = S.part_refusal_rows([Part(0), Part(1)], Linear(), None)
    assert rows.shape == (2, len(S.REFUSAL_FEATURES))
    assert seen == [["second"], ["first"]]


def test_an_acronym_that_is_a_stop_word_is_not_held_by_the_word_opening_a_sentence():
    """"How much did IT companies pledge?": "It was agreed that ..." holds no IT, nor "Who
    attended?" the WHO; an acronym written as one still does."""
    it = next(t for t in salient_terms("How much did IT companies pledge?") if t.acronym)
    assert not Bag.of("It was agreed that donors would pledge 12 million.").has(it)
    assert Bag.of("The IT ministry pledged 4 million.").has(it)
    who = next(t for t in salient_terms("What did the WHO pledge?") if t.acronym)
    assert not Bag.of("Who pledged the most was not said.").has(who)
    assert Bag.of("The WHO pledged 9 million for clinics.").has(who)


def test_a_region_is_named_by_its_demonym_as_a_country_is():
    """"By how much did European orders rise?" of "Orders from Europe rose 11 percent.";
    a country's name holds the demonym, not the other way round (see the test above)."""
    for question, text in [("By how much did European orders rise?", "Orders from Europe "
                            "rose 11 percent."), ("What did Asian buyers want?",
                                                  "Buyers from Asia wanted rice.")]:
        name = next(t for t in salient_terms(question) if t.key)
        assert Bag.of(text).has_name(name), question


@pytest.mark.parametrize(("question", "text", "held"), [
    ("Who opened the forum?", "The forum commenced with a welcome address by Dr. Khan.",
     True),
    ("Who gave the closing remarks?", "The session concluded with remarks by Dr. Khan.",
     True),
    ("How did the forum wrap up?", "The event ended with a question-and-answer session.",
     True),
    ("Who inaugurated the seminar?", "The seminar was opened by the Governor.", True),
    # the bare words have other senses
    ("How did the forum end?", "Pakistan seeks close cooperation with Russia.", False),
    ("Who opened the forum?", "Oman welcomed the ceasefire by the end of 2025.", False),
    # only a sentence naming an event
    ("When will the new terminal open?", "Work began on the new terminal in 2024.", False),
    ("When does the fiscal year end?", "In conclusion, the board approved the budget.",
     False),
])
def test_the_words_for_the_opening_and_the_close_of_an_event_hold_each_other(question, text,
                                                                             held):
    """A report says how its event began and ended in its own words: "commenced with a
    welcome address", "concluded with remarks by"."""
    phase = [t for t in salient_terms(question)
             if t.form in {term_of(w) for w in ("open", "close", "wrap", "end", "inaugurate")}]
    assert phase and all(Bag.of(text).has(t) for t in phase) is held


def test_a_percentage_the_question_gives_does_not_make_it_ask_for_one():
    """"Which district had piped water in 21.4 percent of households?" asks for the district
    (an annex's rows differ only in their names and figures); "What percent of ..." asks
    for a percentage."""
    assert answer_type("Which district had piped water in 21.4 percent of households?") \
        == "place"
    assert answer_type("What percent of households had piped water in Tharparkar?") == \
        "percent"


def test_a_quote_putting_another_name_where_the_question_has_its_own_is_no_answer():
    """"did WHO supply" quoted by "UNICEF supplied": another actor's fact. Not a name held
    otherwise (the report's title, "the British" for "the UK"), not a title's words, nor
    a name of another kind ("NARA holds" for "the National Archives hold")."""
    from types import SimpleNamespace

    from assistant.answering.extractive import swapped_name
    from assistant.answering.questions import QuestionInfo

    def swap(question, quote, title=""):
        hit = swapped_name(SimpleNamespace(info=QuestionInfo.of(question)), quote,
                           title=title)
        return hit and (hit[0].shown, hit[1])

    assert swap("How many solar refrigerators did WHO supply?",
                "UNICEF supplied 4.5 million doses and 1,200 solar refrigerators.") == \
        ("WHO", "UNICEF")
    assert swap("What did US buyers ask for?", "The UK buyers asked for proof of "
                "cotton traceability.") == ("US", "UK")
    assert not swap("What did UK buyers ask for?", "The UK buyers asked for proof.")
    assert not swap("How much did the UK pledge?", "The British High Commission pledged "
                    "5 million pounds.")
    assert not swap("What were Costco's total FY22 emissions?", "Our emissions for FY22 "
                    "totaled 174M MT CO2e.", title="CostCo Climate Action Plan")
    assert not swap("Who gave the keynote at the workshop on Measuring Network Quality?",
                    "The Apple Network Quality tool was shown.")
    assert not swap("How much analog material does the National Archives hold?",
                    "NARA holds the equivalent of 13 billion pages.")
    # an agency for its parent, the question's own other name, a mixed-case acronym, a
    # role for the name
    assert not swap("What did the US provide?", "USAID provided 300 water filters.")
    assert not swap("What did the UN provide?", "WFP provided food to 20,000 families.")
    assert not swap("Did WHO supply the refrigerators, or UNICEF?",
                    "UNICEF supplied 1,200 solar refrigerators.")
    assert not swap("When did GoP approve the plan?", "The Government of Pakistan approved "
                    "the plan in May.")
    assert not swap("What did the Governor announce?", "Kamran Tessori announced a fund.")


def test_a_union_named_by_its_adjective_is_held():
    """"the UK" where the reports write "the British High Commission" is mentioned."""
    from assistant.answering.selection import Idf
    from assistant.text import Term

    idf = Idf.from_texts(["The British High Commission pledged 5 million pounds."])
    assert idf.holds(Term(form="uk", key=True, acronym=True, shown="UK"))
    assert not idf.holds(Term(form="us", key=True, acronym=True, shown="US"))


def test_a_figure_question_whose_quotes_hold_no_figure_lacks_its_value():
    from assistant.answering.extractive import lacks_value
    from assistant.answering.questions import QuestionInfo

    staff = QuestionInfo.of("How many employees does DHS have according to its plan?")
    lead = "DHS will ensure its operators and employees have the tools they need."
    assert lacks_value(staff, [lead])
    # a figure beside the lead that counts something else is no answer ...
    assert lacks_value(staff, [lead, "DHS combined the functions of 22 federal agencies."])
    # ... one that names what is asked for is, and so is a lead with any figure
    assert not lacks_value(staff, [lead, "DHS has some 240,000 employees."])
    assert not lacks_value(staff, ["The department grew to 240,000 staff."])
    # a count of people stands beside a word for them, in the lead too
    came = QuestionInfo.of("How many people attended the 2023 methods workshop?")
    assert lacks_value(came, ["The workshop consisted of eight sessions on methods."])
    assert lacks_value(came, ["Certified seed reached fewer than one farmer in five."])
    assert not lacks_value(came, ["One hundred farmers came to the workshop."])
    for told in ("More than 150 attended the workshop.", "Attendance exceeded 200.",
                 "It drew 300 young entrepreneurs.", "The floods displaced 33 million "
                 "Pakistanis.", "Some 60 farmers, ginners and policymakers took part."):
        assert not lacks_value(came, [told]), told
    assert not lacks_value(came, ["Approximately 40 distinguished scholars, academicians "
                                  "and practitioners attended the workshop."])
    assert not lacks_value(came, ["The workshop had eight sessions.",
                                  "More than 120 participants joined online."])
    # a count of things stands beside their name, or its unit's abbreviation, in the lead
    # too; "how many employees" is a count of people ("240,000 staff" above)
    crew = QuestionInfo.of("How many American crew members are aboard the ships in the Gulf?")
    assert lacks_value(crew, ["An estimated 1,000 ships are in a holding pattern in the Gulf."])
    assert not lacks_value(crew, ["The ships carry about 120 American sailors."])
    tons = QuestionInfo.of("How many tons of soybeans are shipped to the Gulf each year?")
    assert lacks_value(tons, ["The Gulf countries account for nearly 40% of U.S. exports."])
    assert not lacks_value(tons, ["About 2.1 million tonnes of soybeans went to the Gulf."])
    assert not lacks_value(tons, ["Shipments reached 400 t in 2024."])
    dollars = QuestionInfo.of("How many dollars does the plan commit to the border wall?")
    assert lacks_value(dollars, ["It covers nearly 6,000 miles of land border."])
    assert not lacks_value(dollars, ["The plan commits $1.4 billion to the wall."])
    ships = QuestionInfo.of("How many ships used to pass through the Strait each day?")
    assert not lacks_value(ships, ["Before the strikes, about 130 ships transited daily."])
    # ... but not its word: reports name what they count in words of their own, or leave
    # it out, and only a figure of something else (a share, a sum, a length of time, a
    # measure, things for people) is no answer
    for question, quote in [
            ("How many papers were accepted?", "Of the 120 submissions, 45 were accepted."),
            ("How many countries signed the declaration?", "It was signed by 54 nations."),
            ("How many countries are members of the UN?", "Member States rose to 193."),
            ("How many employees did it have?", "We had a workforce of about 221,000."),
            ("How many employees did it have?", "It had 221,000 full-time equivalents."),
            ("How many jobs will the project create?", "It will employ 12,000 workers."),
            ("How many troops are deployed?", "Some 40,000 American service members are."),
            ("How many refugees does Pakistan host?", "It hosts 1.3 million registered Afghans."),
            ("How many people were displaced?", "The floods displaced 8 million."),
            ("How many Indians live in the Gulf?", "Nearly 9 million Indian nationals do."),
            ("How many Sustainable Development Goals are there?", "It sets out 17 SDGs."),
            ("How many Action Plans were adopted?", "Three plans were adopted."),
            ("How many megawatts of solar were added?", "Pakistan added 17 GW of solar."),
            ("How many days did the conference last?", "The three-day conference opened."),
            ("How many customers does the bank serve?", "It serves 10 million account holders."),
            ("How many shares were repurchased?", "We repurchased 4.2 million of our stock."),
            ("How many employees does Apple have?", "It had approximately 161,000 "
             "full-time equivalent employees."),
            ("How many students enrolled?", "There were 1,200 enrolments."),
            ("How many Chinese companies operate there?", "Some 400 firms operate there."),
            ("How many member states ratified it?", "It was ratified by 27 countries."),
            ("How many victims were identified?", "91 bodies were identified."),
            ("How many countries have not ratified it?", "So far, 45 haven't ratified it."),
            ("How many miles long is the border?", "The border runs 2,640 km."),
            ("How many dollars were pledged?", "Donors pledged 4 million USD."),
            ("How many Pakistanis live in poverty?", "39.4 per cent of Pakistanis do."),
            ("How many households were surveyed?", "It surveyed 12,000 across 40 districts."),
            ("How many ships are in the fleet?", "The fleet has 12 MT-class tankers."),
            ("How many acres were acquired?", "The project acquired 4,800 hectares.")]:
        assert not lacks_value(QuestionInfo.of(question), [quote]), (question, quote)
    # a "how many" naming nothing is left to the model
    assert not lacks_value(QuestionInfo.of("How many were killed in the attack?"),
                           ["The attack killed 12 and wounded 40."])
    home = QuestionInfo.of("How many Americans did the State Department bring home?")
    assert not lacks_value(home, ["It brought more than 100,000 U.S. citizens back."])
    assert lacks_value(home, ["The evacuation took 12 weeks."])
    assert lacks_value(QuestionInfo.of("How many heads of state attended the conference?"),
                       ["We, the Heads of State, met in Awaza from 5 to 8 August 2025."])
    # the question's own year is no answer to "when"; another date is
    opened = QuestionInfo.of("When did the commission open its office in Quetta?")
    assert lacks_value(opened, ["The commission said it would soon open an office."])
    assert not lacks_value(opened, ["The office opened in March 2016."])
    # a question in another script, whose quotes may write figures in words of their own
    growth = QuestionInfo.of("瓜达尔港的货物吞吐量增长了多少？")
    assert not lacks_value(growth, ["增长了百分之二十。"])
    # ... or a quote in another script, which may write its date its own way
    assert not lacks_value(QuestionInfo.of("When did the programme start?"),
                           ["该项目于2019年启动。"])
    # a frequency or a length of time may be given in words
    assert not lacks_value(QuestionInfo.of("How often should the dam be inspected?"),
                           ["The roundtable asked that the dam be inspected every five years."])
    assert not lacks_value(QuestionInfo.of("How long did the talks last?"),
                           ["The talks lasted a decade."])
    # a share in words is a share
    assert not lacks_value(QuestionInfo.of("What proportion of households had power?"),
                           ["About half of households had power."])
    # questions of other kinds, and questions of several parts, are left to the model
    assert not lacks_value(QuestionInfo.of("Who opened the office?"), ["It opened."])
    assert not lacks_value(
        QuestionInfo.of("How many offices opened, and who opened them?"), ["It opened."])


def test_who_spoke_about_a_topic_no_quote_holds_is_unspoken():
    from assistant.answering.extractive import unspoken_topic

    tax = "Who spoke about e-commerce taxes at the youth digital economy forum?"
    flat = ("Dr. Rustam Karimov shared how the IT Park grew by offering a flat tax on "
            "software exports.")
    assert [t.shown for t in unspoken_topic(tax, [flat])] == ["commerce"]
    # the event or place after the topic frames the ask and is no part of it
    assert not unspoken_topic("Who spoke on food security at the Russia-Pakistan forum?",
                              ["Prof. Ali focused on joint initiatives in agriculture and "
                               "food security."])
    # the topic's words in another form, or in the sentence beside the quote, count
    assert not unspoken_topic("who talked about agriculture",
                              ["He noted shared global agricultural challenges."])
    assert not unspoken_topic("Who spoke about glacier melt?",
                              ["Ms. Naz spoke next. She focused on glacier melt."])
    # any of the topic's words missing is enough: the speaker spoke of something else
    assert [t.shown for t in unspoken_topic(
        "Who spoke about hydropower tariffs?", ["Engr. Yousaf spoke on tariffs."])] == \
        ["hydropower"]
    # only "who spoke / talked / said ... about / on" questions, of a topic
    for other in ("What did the ambassador say about trade?", "Who opened the forum?",
                  "Who spoke at the forum?", "Who spoke on behalf of the Ministry?",
                  "Who spoke on Monday?", "Who spoke on the second day of the conference?",
                  "Who organised the event where the minister spoke about trade?"):
        assert not unspoken_topic(other, ["Nothing of it."]), other
    # words framing the topic, and its figures, need not stand in the quote
    assert not unspoken_topic("Who spoke on the role of women in peacebuilding?",
                              ["She spoke of how women build peace."])
    assert not unspoken_topic("Who talked about Pakistan's 5th population census?",
                              ["He reviewed the fifth population census of Pakistan."])
    # each subject of "A and B" may be another speaker's, but each is someone's
    both = "Who spoke about trade and energy?"
    assert not unspoken_topic(both, ["Ali spoke on trade.", "Khan spoke on energy."])
    assert [t.shown for t in unspoken_topic(both, ["Ali spoke on trade."])] == ["energy"]
    # the words stand together in one quote: a speaker spoke of the whole topic
    assert [t.shown for t in unspoken_topic(
        "Who spoke about scholarly networking?",
        ["The ambassador stressed scholarly exchange.", "It ended with informal networking."])
    ] == ["networking"]


def test_a_quote_on_another_of_a_numbered_series_is_swapped():
    from assistant.answering.extractive import swapped_ordinal

    host = "Which country will host the Fourth UN Conference on Landlocked Countries?"
    third = "Turkmenistan hosted the Third United Nations Conference on Landlocked Countries."
    assert swapped_ordinal(host, [third]) == ("Fourth UN Conference",
                                              "Third United Nations Conference")
    assert swapped_ordinal("What was the theme of ISSI's 6th Think Tank Forum?",
                           ["The 5th Think Tank Forum was themed on trade."]) == \
        ("6th Think Tank Forum", "5th Think Tank Forum")
    # hyphenated ordinals are whole: "Twenty-First" is no "First"
    assert swapped_ordinal("What is the 21st Century Maritime Silk Road?",
                           ["The Twenty-First Century Maritime Silk Road is a plan."]) is None
    # the asked number written anywhere in the texts, in words too, answers
    assert swapped_ordinal("What was the theme of the 6th Think Tank Forum?",
                           ["After the 5th Think Tank Forum, this year's Forum, the sixth in "
                            "the series, was themed on trade."]) is None
    assert swapped_ordinal("What happened in the 1st Quarter?",
                           ["Growth was 2% in the 2nd Quarter."]) is None
    plan = "When did the legislature approve the 15th Five-Year Plan?"
    assert swapped_ordinal(plan, ["The 14th Five-Year Plan ended; the 15th Five-Year Plan "
                                  "was approved in March."]) is None
    assert swapped_ordinal(plan, ["The 14th Five-Year Plan was approved in 2021."]) is not None
    # ordinals of no name ("the first quarter"), or of another series, are left alone
    assert swapped_ordinal("What did the first quarter show?", ["The second Quarter."]) is None
    assert swapped_ordinal("Who chaired the Third Session?", ["The 2nd Forum met."]) is None


def test_a_series_member_named_by_its_label_is_not_answered_by_another_member():
    from assistant.answering.extractive import labelled_series, swapped_label

    scope2 = "What were Costco's absolute Scope 2 emissions in FY22?"
    assert swapped_label(scope2, ["Our Scope 1 emissions increased 15%, driven by bunker "
                                  "fuel.", "CostCo Climate Action Plan"]) == ("Scope 2",
                                                                             "Scope 1")
    # any asked member written, in a run of labels, a span or lower case, answers
    for held in ("Our Scope 1 and 2 emissions fell.", "Scopes 1, 2 and 3 are reported.",
                 "Scope 1-3 emissions fell.", "Our scope 2 emissions fell 4%."):
        assert swapped_label(scope2, [held]) is None, held
    assert swapped_label("What does Phase II require?", ["Phase I ran to 2020."]) == (
        "Phase II", "Phase I")
    assert swapped_label("What does Phase II require?", ["Phases I-III run to 2030."]) is None
    # texts naming none of the series decide nothing
    assert swapped_label(scope2, ["Emissions across all three scopes rose."]) is None
    assert swapped_label(scope2, ["Emissions across all three scopes rose; Scope 1 rose "
                                  "15%."]) == ("Scope 2", "Scope 1")
    # dates, sums, shares and years are no labels; nor a name with a count in a question
    assert labelled_series("Held on December 18 for Rs 500 in Sindh 43.83% under Vision "
                           "2030, having spent 5 days in Punjab 10 years ago") == {}
    assert labelled_series("Item 1A and Goal 3.1") == {"item": {"1A": "Item 1A"},
                                                       "goal": {"3.1": "Goal 3.1"}}
    assert swapped_label("What was girls' enrolment in Punjab 10 years ago?",
                         ["Enrolment by province: Punjab 61 | Sindh 48."]) is None


@pytest.mark.parametrize("question, text", [
    ("What were Costco's Scope 3 emissions?", "Our Scope 1, 2, and 3 emissions fell 8%."),
    ("What were Costco's Scope 3 emissions?", "Scope 1 through 3 emissions fell 8%."),
    ("What were Costco's Scope 2 emissions?", "Scope 1+2 emissions fell 8%."),
    ("What were Costco's Scope 3 emissions?", "Scope 1 + 2 + 3 emissions fell 8%."),
    ("What were Costco's Scope 2 emissions?", "Scope-2 emissions fell 4%, Scope 1 rose."),
    ("What were Costco's Scope 2 emissions?", "Scope 2-related emissions fell; Scope 1 rose."),
    ("What were Costco's Scope 2 emissions?", "Scope two emissions fell; Scope 1 rose."),
    ("What did Phase 2 achieve?", "The second phase built 40 schools, after Phase 1."),
    ("What does Phase III require?", "Phases I, II, and III run to 2030. Phase I ended."),
    ("What targets fall under Objective 1?", "Objective 1.4 calls for 40% literacy."),
    ("What does Item 1 report?", "Item 1A. Risk Factors"),
    ("What does Goal 3.2 target?", "Goals 3.1-3.4 cover health. Goal 3.1 is maternal."),
    ("How many Class 10 students passed?", "Classes 9 and 10 sat exams; class 9 rose."),
    ("What does Priority 2 cover?", "Priorities 1 and 2 share a budget."),
    ("What does Article 50 say?", "Articles 1-100 apply; Article 3 is key."),
    ("What does Section 295 say?", "Section 295-C and Section 298 were debated."),
])
def test_a_series_member_written_in_a_run_a_span_or_words_is_held(question, text):
    from assistant.answering.extractive import swapped_label

    assert swapped_label(question, [text]) is None


@pytest.mark.parametrize("question, quote, said", [
    ("Which countries ban VPNs outright?",
     "E.g. VPNs are not officially banned in India but providers must store logs.",
     "not officially banned"),
    ("When did Russia last carry out a nuclear explosive test?",
     "Russia did not carry out \u201cany nuclear explosive test\u201d in 2025.", "not carry"),
    ("When did the council approve the zoning plan?",
     "The council has not yet approved the zoning plan.", "not yet approved"),
    ("Who signed the accord?", "The accord was never signed by the parties.", "never signed"),
    # the term held unnegated too, a negation of something else, or "not only": an answer
    ("Which provinces complied?", "Only Balochistan complied; Sindh did not comply.", None),
    ("Who spoke about payment gateways for freelancers?",
     "Mr. Siddiqui spoke on payment gateways: platforms still do not pay freelancers.", None),
    ("Who attended the forum?", "Not only ministers attended the forum.", None),
    ("How many attended?", "No fewer than 40 scholars attended.", None),
    # a negative question, or one asking why, is answered by a negation
    ("Which provinces have not complied?", "Sindh has not complied.", None),
    ("Why was the budget not spent?", "It was not spent: the post was vacant.", None),
    ("Why did the council not approve the plan?", "The council did not approve it.", None),
    # a yes-or-no question is answered by one; "not ... until" says when it did happen
    ("Did the council approve the plan?", "The council has not approved the plan.", None),
    ("When did the office open?", "The office did not open until 2024.", None),
    ("According to the report, did the council approve the plan?",
     "The council did not approve the plan.", None),
    # "no" and "without" say there is none, which answers; so do a rule's "may not", a
    # share, a stance ("does not expect") and a question asked in negative words
    ("How many material weaknesses were identified?",
     "No material weaknesses were identified.", None),
    ("What changes in internal control occurred during the quarter?",
     "There were no changes in our internal control.", None),
    ("How many terms can a president serve?", "A president may not serve more than two "
     "terms.", None),
    ("What percentage of girls attend school?", "40% of girls do not attend school.", None),
    ("What impact does the Company expect from the new standard?",
     "The Company does not expect a material impact.", None),
    ("Which provinces failed to comply?", "Sindh and Punjab did not comply.", None),
    ("How did the ministry respond to the allegations?",
     "The ministry did not respond to the allegations.", None),
    ("What does the plan say about borrowing?", "The plan does not rely on borrowing.", None),
])
def test_a_lead_quote_saying_the_asked_thing_did_not_happen(question, quote, said):
    from assistant.answering.extractive import negated_ask

    assert negated_ask(question, salient_terms(question), quote) == said


def test_figure_kinds_read_what_a_figure_counts_from_the_words_after_it():
    from assistant.answering.selection import figure_kinds

    def kinds(text: str, question: str = "How many crew members were aboard?") -> list:
        return [(f.kind, f.word) for f in figure_kinds(text, question)]

    assert kinds("An estimated 1,000 ships were waiting.") == [("noun", "ship")]
    assert kinds("Some 40 distinguished scholars came.")[0][0] == "people"
    assert kinds("Of these, 45 were accepted.") == [("bare", "")]
    assert kinds("It surveyed 12,000 across 40 districts.")[0] == ("bare", "")
    assert kinds("It shipped 2.1 million tonnes.")[0][0] == "measure"
    assert kinds("It cost $1.4 billion.") == [("money", "")]
    assert kinds("It gave 4 million USD.") == [("money", "")]
    assert kinds("Exports fell 40%.") == [("percent", "")]
    assert kinds("39.4 per cent of Pakistanis are poor.") == [("percent", "pakistani")]
    assert kinds("The talks lasted 12 days.") == [("span", "")]
    # "haven't": no tonnes
    assert kinds("So far, 45 haven't ratified it.")[0][0] != "measure"
    # the question's own figure is none
    assert kinds("All 193 Member States signed.", "Did all 193 sign?") == []


def test_a_demonym_is_a_countrys_people_not_any_word_ending_so():
    from assistant.text import is_demonym

    assert all(is_demonym(w) for w in ("Afghans", "Pakistanis", "Chinese", "Americans"))
    assert not any(is_demonym(w) for w in ("Plans", "Loans", "plans", "Uyghur"))
