"""The corpus folder: which of its files are reports."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .errors import ConfigError
from .readers import SUPPORTED_SUFFIXES

logger = logging.getLogger(__name__)


def list_reports(corpus_dir: Path, *, follow_links: bool = False) -> dict[str, Path]:
    """Report files under the corpus, by path relative to it. Hidden files (names
    starting with "." or "_") and the corpus's own README are not reports. Only regular
    files are: a symbolic link (`link.txt -> ../.env`) is skipped, unless `follow_links`
    and its target is a file inside the corpus; linked folders are never entered.

    Raises ConfigError when the folder does not exist."""
    if not corpus_dir.is_dir():
        raise ConfigError(
            f"corpus folder {corpus_dir} does not exist; create it and put reports in it, "
            "or set ASSISTANT_CORPUS_DIR"
        )
    root = corpus_dir.resolve()
    found: dict[str, Path] = {}
    for folder, dirs, names in os.walk(corpus_dir):  # followlinks=False: no linked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(names):
            path = Path(folder) / name
            rel = path.relative_to(corpus_dir)
            if _is_report(path, rel, root, follow_links):
                found[rel.as_posix()] = path
    return dict(sorted(found.items()))


def _is_report(path: Path, rel: Path, root: Path, follow_links: bool) -> bool:
    if path.name.startswith((".", "_")) or rel.as_posix().lower() == "readme.md":
        return False
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return False
    if path.is_symlink():
        target = path.resolve()
        return follow_links and target.is_relative_to(root) and target.is_file()
    return path.is_file()  # not a socket or a fifo named .txt
