"""Sentence segmenters compared on hard cases and on the eval corpus's cleaned pages.

    python bench/segmenters.py --dump /tmp/eval-pages.json      # in the project's venv
    python bench/segmenters.py --pages /tmp/eval-pages.json     # in a venv with the
                                                                # candidates installed

Candidates: sentencex (the one used), pysbd, blingfire, syntok and the project's old
hand-written splitter; each that is importable is scored. Prints right answers on the
hard cases (abbreviations, initials, decimals, list labels, Cyrillic, Urdu, Chinese),
sentences found on the corpus and throughput, all within one run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    ("He worked at St. Elizabeths Hospital in Washington. It closed in 2010.", 2),
    ("The patients were moved to theSt. Elizabeths campus in 1855. It grew.", 2),
    ("Dr. Amina Raza presented findings. Prof. Dr. Zulfiqar Ali spoke next.", 2),
    ("Mr. Albert P. Khorev, Minister-Counsellor, spoke. Denis A. Nevzorov invited firms.", 2),
    ("The U.S. Congress passed the act in Jan. 2020. The U.K. did not.", 2),
    ("Exports grew 3.5 percent to $1.2 billion. Imports fell 0.8 percent.", 2),
    ("Some tools, e.g. Python and R, were shown. Others were not.", 2),
    ("Rs. 78m was allocated. Approx. 40 people came.", 2),
    ("1. First item of the list", 1),
    ("Resolution No. 5 was adopted. It passed.", 2),
    ("Торговый представитель А. С. Смирнов сообщил о росте. Он пригласил компании.", 2),
    ("پاکستان اور روس کے درمیان تجارت بڑھ رہی ہے۔ وزیر نے کانفرنس سے خطاب کیا۔", 2),
    ("中国和巴基斯坦签署了协议。双方同意加强合作！会议在北京举行。", 3),
]


def _lang(text: str) -> str:
    if re.search(r"[\u0400-\u04FF]", text):
        return "ru"
    if re.search(r"[\u0600-\u06FF]", text):
        return "ur"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    return "en"


def candidates() -> dict[str, object]:
    out: dict[str, object] = {}
    try:
        sys.path.insert(0, str(ROOT))
        from assistant.sentences import sentence_spans

        out["sentencex+repairs (used)"] = lambda t: [t[s:e] for s, e in sentence_spans(t)]
        from assistant.cleaning import sentence_spans as old_spans

        out["old hand-written"] = lambda t: [t[s:e] for s, e in old_spans(t)]
    except ImportError:
        pass
    try:
        import sentencex

        out["sentencex"] = lambda t: [s.strip() for s in sentencex.segment(_lang(t), t)
                                      if s.strip()]
    except ImportError:
        pass
    try:
        import pysbd

        segs: dict[str, object] = {}

        def run_pysbd(t: str) -> list[str]:
            lang = _lang(t)
            if lang not in segs:
                segs[lang] = pysbd.Segmenter(language=lang, clean=False)
            return [s.strip() for s in segs[lang].segment(t) if s.strip()]

        out["pysbd"] = run_pysbd
    except ImportError:
        pass
    try:
        import blingfire

        out["blingfire"] = lambda t: [s for s in blingfire.text_to_sentences(t).split("\n")
                                      if s.strip()]
    except ImportError:
        pass
    try:
        from syntok import segmenter

        def run_syntok(t: str) -> list[str]:
            return ["".join(tok.spacing + tok.value for tok in sent).strip()
                    for para in segmenter.analyze(t) for sent in para]

        out["syntok"] = run_syntok
    except ImportError:
        pass
    return out


def dump(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from assistant.readers import read_report

    corpus = ROOT.parent / "shared" / "eval-corpus"
    pages = []
    for f in sorted(corpus.iterdir()):
        if f.suffix in (".pdf", ".txt") and "imageonly" not in f.name:
            pages += [p.text for p in read_report(f, corpus, ocr=False).pages]
    path.write_text(json.dumps(pages), encoding="utf-8")
    print(f"wrote {len(pages)} pages to {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path, help="write the eval corpus's cleaned pages here")
    parser.add_argument("--pages", type=Path, help="pages written by --dump")
    args = parser.parse_args()
    if args.dump:
        dump(args.dump)
        return 0
    lines = []
    if args.pages:
        pages = json.loads(args.pages.read_text(encoding="utf-8"))
        lines = [ln for p in pages for ln in p.split("\n") if ln.strip()]
    size = sum(len(x) for x in lines)
    print(f"{'segmenter':28} {'cases':>6} {'sentences':>10} {'MB/s':>7}")
    for name, split in candidates().items():
        right = sum(1 for text, n in CASES if len(split(text)) == n)
        t0 = time.perf_counter()
        count = sum(len(split(ln)) for ln in lines)
        dt = time.perf_counter() - t0
        speed = f"{size / dt / 1e6:7.2f}" if lines else f"{'-':>7}"
        print(f"{name:28} {right:3d}/{len(CASES):<2d} {count:10d} {speed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
