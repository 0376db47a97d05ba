"""How often the source viewer's highlight is exactly the quote, on the eval corpus PDFs.

For a random sample of sentences per text PDF (as a citation would quote them, with a
chunk-sized passage around), the quote is located on the page by `viewer.locate_pdf` and
the page's characters at the highlighted indices are compared with the quote (whitespace
and dropped line-end hyphens aside). Prints per report and in total, with the time per
quote.

    python bench/viewer.py [--corpus ../shared/eval-corpus] [--per-report 15]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\ufffe\u2010\u2011]", "", unicodedata.normalize("NFKC", text))


def main() -> None:
    import pypdfium2 as pdfium

    from assistant.errors import ReportError
    from assistant.readers import read_report
    from assistant.sentences import sentence_spans
    from assistant.types import Citation
    from assistant.viewer import locate_pdf, page_text

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval-corpus")
    ap.add_argument("--per-report", type=int, default=15)
    args = ap.parse_args()
    random.seed(1)
    total = exact = 0
    seconds = 0.0
    for path in sorted(args.corpus.glob("*.pdf")):
        try:
            report = read_report(path, ocr=False)
        except ReportError:
            continue  # image-only without OCR: the OCR path is tested in tests/test_viewer.py
        doc = pdfium.PdfDocument(str(path))
        texts = [page_text(doc[i].get_textpage()) for i in range(len(doc))]
        doc.close()
        spans = [(i, s, e) for i, p in enumerate(report.pages)
                 for s, e in sentence_spans(p.text) if e - s >= 40]
        ok = 0
        sample = random.sample(spans, min(args.per_report, len(spans)))
        for i, s, e in sample:
            text = report.pages[i].text
            ps, pe = max(0, s - 200), min(len(text), e + 200)
            c = Citation(n=1, file=path.name, page=report.pages[i].number, quote=text[s:e],
                         start=s, end=e, score=1.0, passage=text[ps:pe], passage_start=ps)
            t0 = time.perf_counter()
            h = locate_pdf(path, c)
            seconds += time.perf_counter() - t0
            got = "".join(texts[k][j] for k in sorted(h.chars) for j in h.chars[k])
            ok += squash(got) == squash(c.quote)
        total += len(sample)
        exact += ok
        print(f"{path.name}: {ok}/{len(sample)} exact", flush=True)
    print(f"TOTAL {exact}/{total} exact ({exact / max(total, 1):.1%}); "
          f"{1000 * seconds / max(total, 1):.0f} ms per quote")


if __name__ == "__main__":
    main()
