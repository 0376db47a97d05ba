"""Reader fidelity: speed, glued words, broken hyphen joins, and text kept against poppler.

    python bench/readers.py                          # eval corpus + both benchmark folders
    python bench/readers.py --no-ocr --limit 5       # quick look, no Tesseract
    python bench/readers.py --json out.json          # also the per-report figures
    python bench/readers.py --no-tables              # PDF tables read as plain text

Reads every report in ../shared/eval-corpus, ../shared/eval-bench/docugami-sec-10-q,
../shared/eval-bench/climretrieve and ../shared/field-cases (DOCX and HTML examples) with
`read_report`, as indexing does, and prints per format and in total:

  * pages per second (PDF pages; for other formats the sections a report becomes);
  * glued words per 1,000 words: lower-case word tokens that are not in the English
    word list (english-words, web2 + gcide, with common inflections) but split into two
    words of it (each at least 3 letters, or a short function word: "ofthe"), and tokens
    that run a lower-case letter into a capital mid-word ("theSt");
  * broken hyphen joins: of the line-end hyphens in the reference text whose two halves
    are words on their own (compounds such as "long-" / "term"), the share that our text
    holds joined up ("longterm") instead of hyphenated;
  * for PDFs, text kept compared with poppler's `pdftotext` on the same pages: the share
    of pdftotext's word tokens (multiset) that our page texts hold too, and the ratio of
    non-space characters. Needs Debian poppler-utils (a reference for this bench only,
    not a dependency of the product). Table rows repeat their column headers into each
    figure ("June 25, 2022: 63,355"), so with tables on the character ratio rises above
    what is kept; words.kept is the measure of loss.

The reference for hyphens is pdftotext's text for a PDF and the raw file for text files.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FOLDERS = [
    SHARED / "eval-corpus",
    SHARED / "eval-bench" / "docugami-sec-10-q" / "data" / "v1" / "docs",
    SHARED / "eval-bench" / "climretrieve" / "Reports",
    SHARED / "field-cases",
]
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Figures:
    files: int = 0
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0
    words: int = 0
    glued: int = 0
    hyphen_pairs: int = 0
    hyphen_broken: int = 0
    ref_tokens: int = 0
    ref_tokens_kept: int = 0
    ref_chars: int = 0
    our_chars: int = 0
    glued_examples: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        for name, value in asdict(other).items():
            if isinstance(value, list):
                self.glued_examples.extend(value[: max(0, 8 - len(self.glued_examples))])
            else:
                setattr(self, name, getattr(self, name) + value)


def word_list() -> set[str]:
    from english_words import get_english_words_set

    return get_english_words_set(["web2", "gcide"], lower=True, alpha=True)


_SHORT = {"a", "an", "as", "at", "be", "by", "in", "is", "it", "of", "on", "or", "to", "we"}
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "al", "ation", "ations")


def known(word: str, words: set[str]) -> bool:
    """In the word list, or an inflection of a word in it (the list has few inflections)."""
    if word in words:
        return True
    if word.endswith("ies") and word[:-3] + "y" in words:
        return True
    if re.search(r"([b-df-hj-np-tv-z])\1(ed|ing|er)$", word) and re.sub(
            r"([b-df-hj-np-tv-z])\1(ed|ing|er)$", r"\1", word) in words:
        return True
    return any(word.endswith(s) and (word[: -len(s)] in words or word[: -len(s)] + "e" in words)
               for s in _SUFFIXES if len(word) > len(s) + 2)


def _part(word: str, words: set[str]) -> bool:
    return word in _SHORT or (len(word) >= 3 and known(word, words))


def glued_tokens(text: str, words: set[str]) -> tuple[int, list[str]]:
    """(word tokens, glued tokens) of `text`; see the module docstring. Capitalised
    tokens are judged only by the lower-to-upper rule (names are rarely in the list)."""
    total, glued = 0, []
    for m in _WORD.finditer(text):
        tok = m.group()
        total += 1
        low = tok.lower()
        if len(tok) < 5 or "'" in tok or "’" in tok or known(low, words):
            continue
        camel = re.search(r"[a-z]{2}[A-Z][a-z]", tok) is not None
        split = tok.islower() and any(
            _part(low[:i], words) and _part(low[i:], words) for i in range(2, len(low) - 1))
        if camel or split:
            glued.append(tok)
    return total, glued


def hyphen_joins(reference: str, ours: str, words: set[str]) -> tuple[int, int]:
    """(compound line-end hyphens in `reference`, of those joined up in `ours`)."""
    pairs = broken = 0
    ours_low = ours.lower()
    for m in re.finditer(r"\b([A-Za-z]{2,})-[ \t]*\r?\n\s*([a-z]{2,})\b", reference):
        a, b = m.group(1).lower(), m.group(2)
        if known(a, words) and known(b, words) and not known(a + b, words):
            pairs += 1
            if re.search(rf"\b{a}{b}\b", ours_low):
                broken += 1
    return pairs, broken


def pdftotext_pages(path: Path) -> list[str] | None:
    if not shutil.which("pdftotext"):
        return None
    proc = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, timeout=300)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "replace").split("\f")


def measure(path: Path, words: set[str], ocr: bool, tables: bool = True
            ) -> tuple[str, Figures]:
    from assistant.errors import ReportError
    from assistant.readers import read_report, sniff

    data = path.read_bytes()
    kind = sniff(data, path.suffix.lower())
    fig = Figures(files=1)
    started = time.perf_counter()
    try:
        report = read_report(path, path.parent, ocr=ocr, tables=tables)
    except ReportError:
        fig.failed = 1
        fig.seconds = time.perf_counter() - started
        return kind, fig
    fig.seconds = time.perf_counter() - started
    fig.pages = len(report.pages)
    ours = "\n".join(p.text for p in report.pages)
    fig.words, glued = glued_tokens(ours, words)
    fig.glued = len(glued)
    fig.glued_examples = glued[:3]
    if kind == "pdf":
        ref_pages = pdftotext_pages(path)
        if ref_pages is not None:
            reference = "\n".join(ref_pages)
            by_number = {p.number: p.text for p in report.pages}
            for number, ref in enumerate(ref_pages, start=1):
                if not ref.strip():
                    continue
                mine = by_number.get(number, "")
                ref_tokens = Counter(t.lower() for t in _TOKEN.findall(ref))
                my_tokens = Counter(t.lower() for t in _TOKEN.findall(mine))
                fig.ref_tokens += sum(ref_tokens.values())
                fig.ref_tokens_kept += sum((ref_tokens & my_tokens).values())
                fig.ref_chars += len(re.sub(r"\s", "", ref))
                fig.our_chars += len(re.sub(r"\s", "", mine))
        else:
            reference = ""
    elif kind in ("text", "markdown"):
        reference = data.decode("utf-8", "replace")
    else:
        reference = ""
    fig.hyphen_pairs, fig.hyphen_broken = hyphen_joins(reference, ours, words)
    return kind, fig


def _files(folders: list[Path], limit: int | None) -> list[Path]:
    from assistant.readers import SUPPORTED_SUFFIXES

    out = []
    for folder in folders:
        found = sorted(p for p in folder.rglob("*")
                       if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                       and p.name.lower() not in ("readme.md", "sources.md"))
        out.extend(found[:limit] if limit else found)
    return out


def _row(name: str, f: Figures) -> str:
    pps = f.pages / f.seconds if f.seconds else 0.0
    glued = 1000 * f.glued / f.words if f.words else 0.0
    hyph = f"{f.hyphen_broken}/{f.hyphen_pairs}" if f.hyphen_pairs else "-"
    kept = f"{f.ref_tokens_kept / f.ref_tokens:.3f}" if f.ref_tokens else "-"
    chars = f"{f.our_chars / f.ref_chars:.3f}" if f.ref_chars else "-"
    return (f"{name:<9}{f.files:>6}{f.failed:>7}{f.pages:>7}{pps:>9.1f}{glued:>10.2f}"
            f"{hyph:>12}{kept:>11}{chars:>10}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="*", type=Path, help="Folders of reports [default: above].")
    ap.add_argument("--no-ocr", action="store_true", help="Read without Tesseract.")
    ap.add_argument("--no-tables", action="store_true",
                    help="Read PDF tables as plain text (ASSISTANT_PDF_TABLES=false).")
    ap.add_argument("--limit", type=int, default=None, help="At most N files per folder.")
    ap.add_argument("--json", type=Path, default=None, help="Write per-report figures here.")
    args = ap.parse_args()
    words = word_list()
    per_format: dict[str, Figures] = defaultdict(Figures)
    per_file: dict[str, dict] = {}
    for path in _files(args.folders or FOLDERS, args.limit):
        kind, fig = measure(path, words, ocr=not args.no_ocr, tables=not args.no_tables)
        per_format[kind].add(fig)
        per_file[str(path)] = asdict(fig)
        print(f"  {path.name[:60]:<60} {fig.pages:>4} p {fig.seconds:6.2f}s "
              f"glued {fig.glued:>4} hyph {fig.hyphen_broken}/{fig.hyphen_pairs}",
              file=sys.stderr, flush=True)
    total = Figures()
    for fig in per_format.values():
        total.add(fig)
    print(f"{'format':<9}{'files':>6}{'failed':>7}{'pages':>7}{'pages/s':>9}{'glued/1k':>10}"
          f"{'hyph.broken':>12}{'words.kept':>11}{'chars':>10}")
    for kind in sorted(per_format):
        print(_row(kind, per_format[kind]))
    print(_row("total", total))
    if total.glued_examples:
        print("glued examples:", ", ".join(total.glued_examples[:8]))
    if not shutil.which("pdftotext"):
        print("pdftotext not found (apt-get install poppler-utils): no words.kept/chars figures")
    if args.json:
        args.json.write_text(json.dumps(per_file, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
