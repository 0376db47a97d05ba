"""Shared by the benchmark scripts."""

from __future__ import annotations

import statistics
from pathlib import Path


def p50_p95_ms(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank) in milliseconds."""
    if not seconds:
        return 0.0, 0.0
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return 1000 * statistics.median(ordered), 1000 * p95


def make_copies(source: Path, dest: Path, copies: int) -> int:
    """Fill `dest` with `copies` distinct copies of every report in `source`.

    Each copy gets different bytes (a PDF comment after %%EOF, an extra part in a DOCX
    zip, a trailing line in text) so it is a new report with its own chunks, while
    reading, cleaning and chunking it is the same real work as for the original.
    Returns the number of files written.
    """
    import zipfile

    dest.mkdir(parents=True, exist_ok=True)
    files = [p for p in sorted(source.iterdir())
             if p.is_file() and not p.name.startswith(".")
             and p.name.lower() not in ("sources.md", "readme.md")]
    written = 0
    for n in range(copies):
        for path in files:
            target = dest / f"{path.stem}-copy{n:04d}{path.suffix}"
            data = path.read_bytes()
            if data.startswith(b"PK"):  # DOCX: the same parts plus a marker part
                with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as out:
                    for item in src.infolist():
                        out.writestr(item, src.read(item.filename))
                    out.writestr(f"customXml/copy{n}.txt", str(n))
            elif data.startswith(b"%PDF"):
                target.write_bytes(data + f"\n%copy {n}\n".encode())
            else:
                target.write_bytes(data + f"\n\n(copy {n})\n".encode())
            written += 1
    return written
