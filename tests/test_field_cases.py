"""The field cases in ../shared/field-cases: small reports that reproduce faults users of
document tools report, each with its right values (see that folder's README).

Every case's files are indexed through the real `assistant index` command, then its
questions are asked through `ask()` as a user would (follow-ups with their history,
filters as given). Cases whose fault is not fixed yet are listed in EXPECTED_TO_FAIL; the
list is strict, so a fixed case must come off it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant import ask
from assistant.settings import Settings

from .conftest import ROOT, SHARED

FIELD_CASES = SHARED / "field-cases"

# "<case id>/index" for the indexing expectations, "<case id>/q<N>" for question N (from 0).
EXPECTED_TO_FAIL: set[str] = set()


def _load_cases() -> list[dict[str, Any]]:
    path = FIELD_CASES / "cases.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


CASES = {case["id"]: case for case in _load_cases()}


def _params() -> list[Any]:
    out = []
    for case_id, case in CASES.items():
        for part in ["index"] + [f"q{i}" for i in range(len(case["questions"]))]:
            name = f"{case_id}/{part}"
            marks = [pytest.mark.xfail(strict=True, reason="fault not fixed yet")] \
                if name in EXPECTED_TO_FAIL else []
            out.append(pytest.param(case_id, part, id=name, marks=marks))
    return out


@dataclass
class Indexed:
    settings: Settings
    returncode: int
    output: str  # what `assistant index` printed, stdout and stderr together
    indexed: set[str]  # files in the index after the run


_indexed: dict[str, Indexed] = {}
_answers: dict[str, list[Any]] = {}


def _run_index(corpus: Path, index: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "index", "-q", "--corpus", str(corpus),
         "--index", str(index), *extra],
        capture_output=True, text=True, timeout=900, env=env,
    )


def _index_case(case_id: str, root: Path) -> Indexed:
    if case_id not in _indexed:
        case = CASES[case_id]
        corpus, index = root / "corpus", root / "index"
        corpus.mkdir(parents=True)
        for name in case["files"]:
            shutil.copy(FIELD_CASES / case_id / name, corpus / name)
        first = _run_index(corpus, index)
        # A second run changes nothing and lists what is indexed.
        again = _run_index(corpus, index, "--json")
        try:
            summary = json.loads(again.stdout)
            indexed = set(summary.get("unchanged", [])) | set(summary.get("added", []))
        except json.JSONDecodeError:
            indexed = set()
        _indexed[case_id] = Indexed(
            Settings(corpus_dir=corpus, index_dir=index), first.returncode,
            first.stdout + first.stderr, indexed)
    return _indexed[case_id]


def _answers_for(case_id: str, indexed: Indexed) -> list[Any]:
    if case_id not in _answers:
        answers: list[Any] = []
        for q in CASES[case_id]["questions"]:
            history = None
            if "follow_up_of" in q:
                earlier = q["follow_up_of"]
                history = [(CASES[case_id]["questions"][earlier]["q"], answers[earlier].text)]
            answers.append(ask(q["q"], history=history, filters=q.get("filters"),
                               settings=indexed.settings))
        _answers[case_id] = answers
    return _answers[case_id]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _matches(citation: Any, want: dict[str, Any]) -> bool:
    if "file" in want and citation.file != want["file"]:
        return False
    if "page" in want and citation.page != want["page"]:
        return False
    quote = _norm(citation.quote)
    if not all(_norm(s) in quote for s in want.get("quote_contains", [])):
        return False
    any_of = want.get("quote_contains_any")
    return not any_of or any(_norm(s) in quote for s in any_of)


def _describe(answer: Any) -> str:
    cites = "; ".join(f"[{c.n}] {c.file} p.{c.page}: {c.quote[:160]!r}"
                      for c in answer.citations)
    return f"found={answer.found} text={answer.text[:200]!r} citations: {cites or 'none'}"


@pytest.mark.skipif(not CASES, reason="../shared/field-cases is not there")
@pytest.mark.parametrize(("case_id", "part"), _params())
def test_field_case(case_id: str, part: str, tmp_path_factory) -> None:
    case = CASES[case_id]
    root = tmp_path_factory.getbasetemp() / "field-cases" / case_id
    indexed = _index_case(case_id, root)
    expect = case["expect"]

    if part == "index":
        want = expect.get("index", {})
        if "exit_status" in want:
            assert indexed.returncode == want["exit_status"], indexed.output
        for name in want.get("not_skipped", []):
            assert name in indexed.indexed, indexed.output
            assert f"skipped {name}" not in indexed.output, indexed.output
        if "names_one_of" in want:
            assert any(n in indexed.output for n in want["names_one_of"]), indexed.output
        return

    i = int(part[1:])
    answer = _answers_for(case_id, indexed)[i]
    want = expect["answers"][i]
    seen = _describe(answer)
    if "found" in want:
        assert answer.found == want["found"], seen
    if "cite" in want:
        assert any(_matches(c, want["cite"]) for c in answer.citations), seen
    if "first_cite" in want:
        assert answer.citations and _matches(answer.citations[0], want["first_cite"]), seen
    for text in want.get("no_quote_contains", []):
        assert not any(_norm(text) in _norm(c.quote) for c in answer.citations), seen
    if want.get("no_duplicate_quotes"):
        quotes = [_norm(c.quote) for c in answer.citations]
        assert len(quotes) == len(set(quotes)), seen
