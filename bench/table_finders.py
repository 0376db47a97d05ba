"""PDF table finders: pdfplumber against camelot, on the 10-Q statements and the CSJ report.

    python bench/table_finders.py [--pages 6]

For the first --pages pages of three 10-Q filings (../shared/eval-bench/docugami-sec-10-q)
and of the CSJ compliance report (../shared/eval-corpus), each finder's tables are judged
by what a reader needs from them: of the numbers on those pages (figures such as 1,234 or
12.5, from poppler's pdftotext), the share found in a table cell whose row has a text
label (the row label kept with the number); tables and rows found; seconds per page.
"product" is what the PDF reader makes of the page (pdfplumber fed from pdfium, with the
column headers and rows found around each table's box); "with header" is the share of
figures in a labelled row whose cell also names its column ("June 25, 2022: 63,355").
camelot is a measuring candidate only (`pip install camelot-py`), not a dependency.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DOCS = SHARED / "eval-bench" / "docugami-sec-10-q" / "data" / "v1" / "docs"
FILES = [DOCS / "2022 Q3 AAPL.pdf", DOCS / "2023 Q1 MSFT.pdf", DOCS / "2023 Q2 NVDA.pdf",
         SHARED / "eval-corpus" / "csj-pakistan-compliance-judgment-report-2016.pdf"]
_FIGURE = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])\d+\.\d+(?![\w])")


def figures_on(path: Path, page: int) -> set[str]:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path),
                          "-"], capture_output=True).stdout.decode("utf-8", "replace")
    return set(_FIGURE.findall(out))


def labelled(rows: list[list[str]]) -> set[str]:
    found = set()
    for row in rows:
        cells = [re.sub(r"\s+", " ", c or "").strip() for c in row]
        if not any(re.search(r"[A-Za-z]{3}", c) for c in cells):
            continue  # no row label
        for c in cells:
            found.update(_FIGURE.findall(c))
    return found


def pdfplumber_tables(path: Path, page: int) -> list[list[list[str]]]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        p = pdf.pages[page - 1]
        tables = p.find_tables()
        if not tables:  # borderless statements: align cells by the words' positions
            tables = p.find_tables({"vertical_strategy": "text", "horizontal_strategy": "text"})
        return [t.extract() for t in tables]


def product_tables(path: Path, page: int) -> list[list[list[str]]]:
    """The product's tables (pdfplumber fed from pdfium, with the headers and rows found
    around the box), their lines split back into cells."""
    import pypdfium2 as pdfium

    from assistant.readers.pdf import _chars
    from assistant.readers.pdf_tables import PageShapes, TableFinder, page_drawing

    doc = pdfium.PdfDocument(str(path))
    try:
        p = doc[page - 1]
        width, height = p.get_size()
        chars = _chars(p.get_textpage())
        edges, _ = page_drawing(p, height)
        regions = TableFinder(path.name).find(chars, PageShapes(width, height, edges=edges))
        return [[line.split(" | ") for line in r.lines] for r in regions]
    finally:
        doc.close()


def headed(rows: list[list[str]]) -> set[str]:
    """Figures in a labelled row whose cell names its column ("June 25, 2022: 63,355")."""
    found = set()
    for row in rows:
        if not any(re.search(r"[A-Za-z]{3}", c) for c in row[:1]):
            continue
        for c in row[1:]:
            head, _, value = c.rpartition(": ")
            if re.search(r"[A-Za-z]{3}|\b(19|20)\d\d\b", head):
                found.update(_FIGURE.findall(value))
    return found


def camelot_tables(path: Path, page: int) -> list[list[list[str]]]:
    import camelot

    tables = camelot.read_pdf(str(path), pages=str(page), flavor="lattice")
    if tables.n == 0:
        tables = camelot.read_pdf(str(path), pages=str(page), flavor="stream")
    return [t.df.values.tolist() for t in tables]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--product-only", action="store_true",
                    help="Only the product's tables (no pdfplumber-alone or camelot row).")
    args = ap.parse_args()
    import pypdfium2 as pdfium

    work = []
    for path in FILES:
        n = len(pdfium.PdfDocument(str(path)))
        work += [(path, p) for p in range(1, min(n, args.pages) + 1)]
    wanted = {(path, p): figures_on(path, p) for path, p in work}
    total = sum(len(v) for v in wanted.values())
    print(f"{len(work)} pages, {total} figures")
    print(f"{'finder':<12}{'tables':>8}{'rows':>7}{'labelled figures':>18}{'s/page':>8}"
          f"{'with header':>13}")
    finders = [("pdfplumber", pdfplumber_tables), ("camelot", camelot_tables),
               ("product", product_tables)]
    if args.product_only:
        finders = finders[2:]
    for name, fn in finders:
        tables = rows = hits = heads = 0
        started = time.perf_counter()
        for path, page in work:
            try:
                found = fn(path, page)
            except Exception as exc:  # a finder that fails on a page scores nothing there
                print(f"  {name} failed on {path.name} p{page}: {type(exc).__name__}",
                      file=sys.stderr)
                continue
            tables += len(found)
            rows += sum(len(t) for t in found)
            got = set().union(*(labelled(t) for t in found)) if found else set()
            hits += len(got & wanted[(path, page)])
            if name == "product":
                got = set().union(*(headed(t) for t in found)) if found else set()
                heads += len(got & wanted[(path, page)])
        seconds = (time.perf_counter() - started) / len(work)
        head = f"{heads / max(total, 1):>13.3f}" if name == "product" else f"{'-':>13}"
        print(f"{name:<12}{tables:>8}{rows:>7}{hits / max(total, 1):>18.3f}{seconds:>8.2f}"
              + head)
    return 0


if __name__ == "__main__":
    sys.exit(main())
