"""pdfplumber's table finder fed from pdfium (`readers.pdf_tables.PageShapes`) against
pdfplumber parsing the page itself (pdfminer): the same tables, in how much time.

    python bench/table_feed.py [--pages 8]

For the first --pages pages of every 10-Q filing (../shared/eval-bench/docugami-sec-10-q)
and of the CSJ compliance report (../shared/eval-corpus), both run the "lines" strategy
and the "text" strategy; a table counts as the same when the boxes overlap by 90 %
(intersection over union). Prints tables found by each, the share matched, and seconds
per page for each way of getting the page's characters and edges plus the finder.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DOCS = SHARED / "eval-bench" / "docugami-sec-10-q" / "data" / "v1" / "docs"
CSJ = SHARED / "eval-corpus" / "csj-pakistan-compliance-judgment-report-2016.pdf"
_BY_TEXT = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=8)
    args = ap.parse_args()
    import pdfplumber
    import pypdfium2 as pdfium
    from pdfplumber.table import TableFinder

    from assistant.readers.pdf import _chars
    from assistant.readers.pdf_tables import PageShapes, page_drawing, plumber_chars

    files = sorted(DOCS.glob("*.pdf")) + [CSJ]
    own_s = fed_s = 0.0
    own_n = fed_n = matched = pages = 0
    for path in files:
        doc = pdfium.PdfDocument(str(path))
        with pdfplumber.open(str(path)) as pdf:
            for i in range(min(len(doc), args.pages)):
                pages += 1
                started = time.perf_counter()
                page = pdf.pages[i]
                own = [t.bbox for s in (None, _BY_TEXT) for t in page.find_tables(s)]
                own_s += time.perf_counter() - started
                started = time.perf_counter()
                fpage = doc[i]
                width, height = fpage.get_size()
                chars = _chars(fpage.get_textpage())
                edges, _ = page_drawing(fpage, height)
                shapes = PageShapes(width, height, plumber_chars(chars, height), edges)
                fed = [t.bbox for s in (None, _BY_TEXT) for t in TableFinder(shapes, s).tables]
                fed_s += time.perf_counter() - started
                own_n += len(own)
                fed_n += len(fed)
                matched += sum(1 for a in own if any(_iou(a, b) >= 0.9 for b in fed))
        doc.close()
    print(f"{pages} pages ({len(files)} files, first {args.pages} pages each)")
    print(f"{'pages from':<22}{'tables':>8}{'s/page':>9}")
    print(f"{'pdfminer (own parse)':<22}{own_n:>8}{own_s / pages:>9.3f}")
    print(f"{'pdfium (fed)':<22}{fed_n:>8}{fed_s / pages:>9.3f}")
    print(f"tables of the own parse matched by the fed finder (IoU >= 0.9): "
          f"{matched}/{own_n} = {matched / max(own_n, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
