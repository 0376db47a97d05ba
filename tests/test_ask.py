"""ask(): cited sentences with pages and offsets, refusals, filters, follow-ups, errors."""

import json
import subprocess
import sys

import pytest

from assistant import Answer, QuestionError, ask
from assistant.readers import read_report


def _page_text(settings, file, page):
    report = read_report(settings.corpus_dir / file, settings.corpus_dir)
    if page is None:
        return None
    return report.pages[page - 1].text


def test_food_security_speaker_is_quoted_with_page_and_offsets(built_index):
    a = ask("Who spoke on food security at the Russia–Pakistan forum?", settings=built_index)
    assert a.found
    c = a.citations[0]
    assert c.file == "russia-pakistan-forum-2025-12-18.txt" and c.page == 1
    assert "Zulfiqar Ali" in c.quote and "food security" in c.quote
    assert _page_text(built_index, c.file, c.page)[c.start:c.end] == c.quote
    assert f"{c.quote} [1]" in a.text


def test_pronoun_sentence_brings_its_antecedent(built_index):
    a = ask("What did the trade representative invite Pakistani businesses to?",
            settings=built_index)
    quote = a.citations[0].quote
    assert "INNOPROM 2026" in quote and "Denis A. Nevzorov" in quote
    assert _page_text(built_index, a.citations[0].file, 1)[a.citations[0].start:
                                                           a.citations[0].end] == quote
    # the question's words that only the antecedent holds count for the answer too
    loose = ask("What did the trade representative invite businesses to?",
                settings=built_index)
    assert loose.found and "INNOPROM 2026" in loose.citations[0].quote


def test_pdf_answer_cites_the_physical_page(built_index):
    a = ask("Who described the national water policy of 2018?", settings=built_index)
    c = a.citations[0]
    assert c.file == "water-workshop.pdf" and c.page == 2 and "Tariq Hussain" in c.quote
    assert _page_text(built_index, c.file, 2)[c.start:c.end] == c.quote


def test_docx_answer_cites_the_heading_path(built_index):
    a = ask("What did Sara Qureshi say about Gwadar port?", settings=built_index)
    c = a.citations[0]
    assert c.file == "maritime-seminar.docx" and c.page is None
    assert c.location == "Maritime Trade Seminar > Trade Panel"


def test_unanswerable_question_is_refused_with_related_passages(built_index):
    a = ask("What is the population of Brazil's largest city?", settings=built_index)
    assert not a.found and not a.citations
    assert "do not say" in a.text
    assert a.to_dict()["found"] is False


def test_filters_restrict_reports(built_index):
    q = "Who spoke at the event?"
    only = ask(q, filters={"files": ["maritime-seminar.docx"]}, settings=built_index)
    assert {c.file for c in only.citations + only.related} == {"maritime-seminar.docx"}
    dated = ask(q, filters={"date_from": "2025-12-01", "date_to": "2025-12-31"},
                settings=built_index)
    assert {c.file for c in dated.citations + dated.related} == {
        "russia-pakistan-forum-2025-12-18.txt"}
    none = ask(q, filters={"date_from": "1990-01-01", "date_to": "1990-12-31"},
               settings=built_index)
    assert not none.found


def test_follow_up_uses_the_history(built_index):
    first = ask("Who spoke on food security?", settings=built_index)
    follow = ask("Which university is he from?",
                 history=[("Who spoke on food security?", first.text)], settings=built_index)
    assert "University of Agriculture, Faisalabad" in follow.citations[0].quote


def test_json_shape(built_index):
    d = ask("Who organised the forum?", settings=built_index).to_dict()
    assert set(d) == {"question", "answer", "found", "confidence", "reason", "corrections",
                      "citations"}
    assert 0 < d["confidence"] <= 1 and d["reason"] == ""
    assert set(d["citations"][0]) == {"n", "file", "page", "location", "quote", "start", "end",
                                      "score", "is_list", "part"}
    json.dumps(d)


@pytest.mark.parametrize("bad, message", [
    ("", "empty"), ("   ", "empty"), ("x" * 5000, "5000 characters"), (42, "must be text"),
    ("???", "no words"),
])
def test_bad_questions_get_a_clear_error(built_index, bad, message):
    with pytest.raises(QuestionError, match=message):
        ask(bad, settings=built_index)


def test_cli_ask_prints_sources_and_json(built_index):
    # with a typo, which is corrected and said
    base = [sys.executable, "-m", "assistant.cli", "ask", "Who organised the forrum?",
            "--corpus", str(built_index.corpus_dir), "--index", str(built_index.index_dir)]
    out = subprocess.run(base, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Sources:" in out.stdout and "russia-pakistan-forum-2025-12-18.txt, p. 1" in out.stdout
    assert "Searched for \u2018forum\u2019 (typed \u2018forrum\u2019)" in out.stdout
    js = subprocess.run(base + ["--json"], capture_output=True, text=True, timeout=300)
    assert json.loads(js.stdout)["citations"][0]["page"] == 1
    err = subprocess.run(base[:4] + ["", "--index", str(built_index.index_dir)],
                         capture_output=True, text=True, timeout=300)
    assert err.returncode == 2 and "Error: the question is empty" in err.stderr


def test_missing_index_says_how_to_build_it(tmp_path):
    from assistant.errors import IndexMissingError
    from assistant.settings import Settings

    s = Settings(corpus_dir=tmp_path, index_dir=tmp_path / "nothing-here")
    with pytest.raises(IndexMissingError, match="assistant index"):
        ask("Who spoke?", settings=s)
    assert isinstance(Answer, type)


def test_questions_skip_torch_through_the_onnx_export(built_index):
    code = (
        "import sys\n"
        "from assistant import ask, Settings\n"
        f"s = Settings(corpus_dir={str(built_index.corpus_dir)!r}, "
        f"index_dir={str(built_index.index_dir)!r})\n"
        "a = ask('Who spoke on food security?', settings=s)\n"
        "print(a.citations[0].quote)\n"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    quote, imported = out.stdout.strip().splitlines()[-2:]
    assert "Zulfiqar Ali" in quote
    assert imported == "False False"  # the cold path never loads torch


def test_onnx_export_gives_the_same_vectors_as_torch(built_index):
    import numpy as np

    from assistant.embedding import get_embedder, get_query_embedder

    torch_model = get_embedder(built_index)
    onnx_model = get_query_embedder(built_index)
    assert type(onnx_model).__name__ == "OnnxEmbedding"
    texts = ["Who spoke on food security?", "INNOPROM 2026 is an industrial trade fair."]
    a = np.array(torch_model.get_text_embedding_batch(texts))
    b = np.array(onnx_model.get_text_embedding_batch(texts))
    assert (a * b).sum(1).min() > 0.999


def test_wrong_settings_are_named_in_one_line(tmp_path):
    import os

    env = dict(os.environ, ASSISTANT_TOP_K="0")
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "Who spoke?"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode != 0
    assert out.stderr.strip() == ("Error: setting ASSISTANT_TOP_K: Input should be greater "
                                  "than or equal to 1")
    env = dict(os.environ, ASSISTANT_CHROMA_URL="localhost:8000")
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "Who spoke?"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert "ASSISTANT_CHROMA_URL" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_an_elliptical_follow_up_is_answered_only_by_a_quote_holding_its_own_terms(tmp_path):
    """"What about rice?" after a textile question, where no report gives rice, is refused
    and says so, not answered with the textile figure; "And Lahore?" after Karachi's
    population is not answered by Lahore's households; "And leather?" is answered."""
    from assistant import build_index
    from assistant.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "exports-review.txt").write_text(
        "Quarterly Review of Exports from Punjab\nDate: 4 November 2025\n\n"
        "Textile exports rose to 4.1 billion dollars in the quarter, up 9 percent.\n"
        "Leather exports fell to 210 million dollars as European orders slowed.\n"
        "The population of Karachi division was 20.4 million in the 2023 census.\n"
        "Lahore division had 2.9 million households in the same census.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    assert build_index(settings=settings).ok

    def after(first: str, follow: str) -> Answer:
        earlier = ask(first, settings=settings)
        return ask(follow, history=[(first, earlier.text)], settings=settings)

    rice = after("How much did textile exports rise to?", "What about rice?")
    assert not rice.found and "rice" in rice.reason
    assert "210 million" in after("How much did textile exports rise to?",
                                  "And leather?").citations[0].quote
    lahore = after("What was the population of Karachi division?", "And Lahore?")
    assert not lahore.found and "population" in lahore.reason


def test_who_else_spoke_after_one_speaker_names_the_others(built_index):
    """"Who else spoke?" after "Who spoke about agriculture?": "Who spoke?" alone scores
    too low to answer, yet the forum's report names other speakers, who answer it; "Who
    else spoke about Taiwan?" stays refused."""
    first = "Who spoke about agriculture?"
    history = [(first, ask(first, settings=built_index).text)]
    a = ask("Who else spoke?", history=history, settings=built_index)
    assert a.found and all("Zulfiqar Ali" not in c.quote for c in a.citations), a.text
    assert any("spoke" in c.quote for c in a.citations), a.text
    assert not ask("Who else spoke about Taiwan?", history=history,
                   settings=built_index).found


def test_cli_eval_scores_answers_refusals_and_quote_precision(built_index, tmp_path):
    qa = tmp_path / "qa.jsonl"
    qa.write_text("\n".join(json.dumps(q) for q in [
        {"id": "a", "question": "Who spoke on food security at the forum?",
         "answerable": True, "file": "russia-pakistan-forum-2025-12-18.txt",
         "pages": [1], "must_contain": ["Zulfiqar Ali"], "qtype": "who"},
        {"id": "b", "question": "What is the budget of CAPES?", "answerable": False,
         "kind": "absent-fact"},
    ]) + "\n", encoding="utf-8")
    base = [sys.executable, "-m", "assistant.cli", "eval", str(qa), "--corpus",
            str(built_index.corpus_dir), "--index", str(built_index.index_dir)]
    out = subprocess.run(base, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "q.prec" in out.stdout.splitlines()[0]
    figures = json.loads(subprocess.run(base + ["--json"], capture_output=True, text=True,
                                        timeout=300).stdout)["hybrid"]
    assert figures["answer_accuracy"] == 1.0 and figures["refusal_accuracy"] == 1.0
    assert 0 < figures["quote_precision"] <= 1 and figures["quotes_per_answer"] >= 1


def test_cli_eval_fit_writes_a_model_the_assistant_then_answers_with(built_index, tmp_path):
    """A team refits the answerer on its own labelled questions (`assistant eval --fit
    --model`), then points ASSISTANT_ANSWER_MODEL at the file: the assistant answers and
    refuses with it, and `--cv` scores it on held-out folds."""
    rows = [
        ("Who spoke on food security at the forum?", "russia-pakistan-forum-2025-12-18.txt",
         [], ["Zulfiqar Ali"], "who"),
        ("Who presented findings on groundwater depletion?", "water-workshop.pdf", [1],
         ["Dr. Amina Raza"], "who"),
        ("Where will the water workshop participants meet again?", "water-workshop.pdf", [2],
         ["Karachi"], "where"),
        ("Who gave the keynote at the maritime trade seminar?", "maritime-seminar.docx", [],
         ["Admiral Khalid Mehmood"], "who"),
        ("What did Ms. Sara Qureshi propose for port users?", "maritime-seminar.docx", [],
         ["single-window system"], "what"),
        ("How much did net metering add in 2023?", "notes.md", [], ["1,200 megawatts"],
         "number"),
        ("How many glacial lakes are at risk of outburst floods?", "brief.html", [],
         ["36 lakes"], "number"),
    ]
    qs = [{"id": f"a{i}", "question": q, "answerable": True, "file": f, "pages": p,
           "must_contain": m, "qtype": t} for i, (q, f, p, m, t) in enumerate(rows)]
    qs += [{"id": f"u{i}", "question": q, "answerable": False, "kind": "absent-fact"}
           for i, q in enumerate(["What is the budget of CAPES?",
                                  "How many tonnes of cargo did Gwadar handle in 2024?",
                                  "What tariff did the roundtable set for solar power?"])]
    qa = tmp_path / "mine.jsonl"
    qa.write_text("\n".join(json.dumps(q) for q in qs) + "\n", encoding="utf-8")
    model = tmp_path / "my-model.json"
    base = [sys.executable, "-m", "assistant.cli", "eval", str(qa), "--corpus",
            str(built_index.corpus_dir), "--index", str(built_index.index_dir),
            "--folds", "2"]
    out = subprocess.run(base + ["--fit", "--model", str(model)], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    fitted = json.loads(model.read_text(encoding="utf-8"))
    assert 0 < fitted["threshold"] < 1 and fitted["selection"] and fitted["refusal"]
    settings = built_index.model_copy(update={"answer_model": model})
    a = ask("Who spoke on food security at the forum?", settings=settings)
    assert a.found and "Zulfiqar Ali" in a.citations[0].quote, a.text
    assert not ask("Who spoke about Taiwan at the forum?", settings=settings).found
    cv = subprocess.run(base + ["--cv", "--json"], capture_output=True, text=True,
                        timeout=600)
    assert cv.returncode == 0, cv.stderr
    assert json.loads(cv.stdout)["cv"]["questions"] == len(qs)
