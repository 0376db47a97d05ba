"""Progress of an indexing run: tqdm bars on stderr (the CLI) or a callback (the chat)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

#: (done, total, what is being done)
ProgressFn = Callable[[int, int, str], None]


class Progress:
    """Reports read (with the page being OCR'd), then chunks embedded. `progress` is
    False (silent), True (tqdm bars on stderr) or a ProgressFn."""

    def __init__(self, progress: bool | ProgressFn, reports: int):
        self.callback = progress if callable(progress) else None
        self.enabled = bool(progress) and not self.callback
        self.reports = reports
        self.done_reports = 0
        self.total = 0
        self.done = 0
        self.bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=reports, desc="Reading reports", unit="report",
                            file=sys.stderr, leave=False)

    def detail(self, file: str, text: str) -> None:
        """Progress inside one report (OCR pages)."""
        if self.bar is not None:
            self.bar.set_postfix_str(f"{file[-30:]}: {text}")
        if self.callback:
            self.callback(self.done_reports, self.reports, f"Reading {file}: {text}")

    def step_read(self, file: str) -> None:
        self.done_reports += 1
        if self.bar is not None:
            self.bar.set_postfix_str(file[-40:], refresh=False)
            self.bar.update(1)
        if self.callback:
            self.callback(self.done_reports, self.reports, f"Reading {file}")

    def start_chunks(self, total: int) -> None:
        self.total = total
        if self.bar is not None:
            self.bar.close()
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="Embedding chunks", unit="chunk", file=sys.stderr)

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        if self.callback:
            self.callback(self.done, self.total, "Embedding chunks")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
