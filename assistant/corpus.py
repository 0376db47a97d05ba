"""Which files of the corpus folder are reports (no reading, no index)."""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError


def list_reports(corpus_dir: Path, *, follow_links: bool = False) -> dict[str, Path]:
    """Report files under the corpus, by path relative to it. Hidden files (names
    starting with "." or "_"), Office owner files ("~$x.docx") and the corpus's own
    README are not reports. Only regular
    files are: a symbolic link (`link.txt -> ../.env`) is skipped, unless `follow_links`
    and its target is a file inside the corpus; linked folders are never entered."""
    if not corpus_dir.is_dir():
        raise ConfigError(
            f"corpus folder {corpus_dir} does not exist; create it and put reports in it, "
            "or set ASSISTANT_CORPUS_DIR"
        )
    import os

    from .readers import LISTED_SUFFIXES

    root = corpus_dir.resolve()
    found: dict[str, Path] = {}
    for folder, dirs, names in os.walk(corpus_dir):  # followlinks=False: no linked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(names):
            path = Path(folder) / name
            rel = path.relative_to(corpus_dir)
            if name.startswith((".", "_")) or rel.as_posix().lower() == "readme.md" \
                    or _office_owner_file(path, name):
                continue
            if path.suffix.lower() not in LISTED_SUFFIXES:
                continue
            if path.is_symlink():
                target = path.resolve()
                if not (follow_links and target.is_relative_to(root) and target.is_file()):
                    continue
            elif not path.is_file():  # a socket or a fifo named .txt
                continue
            found[rel.as_posix()] = path
    return dict(sorted(found.items()))


def _office_owner_file(path: Path, name: str) -> bool:
    """Whether `path` is the owner file Word and Excel keep beside a document open in
    them ("~$minutes.docx", 162 bytes: the user's name, padded with NULs): never a
    report; read, it failed the run ("holds binary data") while someone had the report
    open. A report of its own whose name starts with "~$" (a text, a whole DOCX) is read
    as any other: only a small file with NUL bytes is an owner file."""
    if not name.startswith("~$"):
        return False
    try:
        with path.open("rb") as f:
            head = f.read(1025)
    except OSError:
        return False
    return len(head) <= 1024 and b"\0" in head


def name_problem(file: str) -> tuple[str, str] | None:
    """(name as shown, why) when a report's file name cannot be indexed, else None.

    A name in a legacy encoding ("caf\\xe9.txt" from an old Windows zip) is not text:
    Chroma, the manifest and the screen cannot take it. It is shown with escapes."""
    try:
        file.encode("utf-8")
    except UnicodeEncodeError:
        shown = file.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return shown, "the file name is not UTF-8 (saved by an older system); rename the file"
    return None
