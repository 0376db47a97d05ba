"""Reading untrusted report files in a separate process with memory and time limits.

A report is untrusted input: a 0.6 MB PDF whose content stream inflates to 250 MB (a
decompression bomb) made the reading process grow by gigabytes, and a process never gives
such memory back. So every read (the chat's upload and `assistant index` alike) runs in a
fresh child process (`python -m assistant.sandbox`) whose address space is capped with
`RLIMIT_AS` (`ASSISTANT_READ_MEMORY_MB`) and whose wall time is capped by the parent
(`ASSISTANT_READ_TIMEOUT_S`). A file that exceeds either is refused with one line naming
it; the parent's memory never sees the file's content, only the cleaned text.

The child reports OCR progress on stderr (`PROGRESS <text>` lines) and its result as JSON
in a temporary file (JSON, not pickle: the parent never unpickles what a child that read
hostile bytes wrote).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import ReportError
from .types import Page, Report

_PROGRESS = "PROGRESS "
# Exit status of a child that ran out of memory (MemoryError caught, or RLIMIT_AS hit
# inside a C library that then aborted).
_EXIT_MEMORY = 75
# Children reading now, so that an interrupted indexing run can stop them: they run in
# process groups of their own, which a terminal's Ctrl-C does not reach.
_running: set[subprocess.Popen] = set()
_running_lock = threading.Lock()


@dataclass(frozen=True)
class ReadLimits:
    """Limits on reading one file. Sizes in MB, times in seconds."""

    memory_mb: int = 2048
    seconds: float = 600.0
    ocr_max_pages: int = 100
    ocr_max_seconds: float = 300.0
    max_chars: int = 12_000_000  # report_max_chunks x chunk_max_chars

    @classmethod
    def from_settings(cls, settings: Any) -> ReadLimits:
        """The limits a `Settings` sets (read_memory_mb, read_timeout_s, ocr_max_*,
        report_max_chunks x chunk_max_chars)."""
        return cls(
            memory_mb=settings.read_memory_mb,
            seconds=settings.read_timeout_s,
            ocr_max_pages=settings.ocr_max_pages,
            ocr_max_seconds=settings.ocr_max_seconds,
            max_chars=settings.report_max_chunks * settings.chunk_max_chars,
        )

    def key(self) -> str:
        """Changes when a limit changes, so a file refused under old limits is retried."""
        return json.dumps(asdict(self), sort_keys=True)


def read_isolated(
    path: Path,
    corpus_dir: Path | None,
    *,
    ocr: bool = True,
    ocr_language: str = "eng",
    limits: ReadLimits | None = None,
    progress: Callable[[str], None] | None = None,
    tables: bool = True,
) -> Report:
    """Read, clean and describe one report in a limited child process.

    Returns the `Report` that `readers.read_report` would; raises `ReportError` (one line,
    naming the file) for a bad file, one over the limits, or a child that crashed.
    `progress` receives lines such as "OCR page 3 of 40".
    """
    from .readers import _label

    limits = limits or ReadLimits()
    label = _label(Path(path), corpus_dir)
    with tempfile.TemporaryDirectory(prefix="assistant-read-") as tmp:
        result = Path(tmp) / "result.json"
        job = {"path": str(path), "corpus_dir": str(corpus_dir) if corpus_dir else None,
               "ocr": ocr, "ocr_language": ocr_language, "limits": asdict(limits),
               "tables": tables,
               "result": str(result)}
        # The child imports this very package (not whichever `assistant` an editable
        # install or another checkout puts first); -P keeps the working folder out.
        package_root = str(Path(__file__).resolve().parent.parent)
        # ASSISTANT_SANDBOX marks the child (tests hook a crashing reader on it).
        env = dict(os.environ, ASSISTANT_SANDBOX="1", PYTHONPATH=os.pathsep.join(
            p for p in (package_root, os.environ.get("PYTHONPATH")) if p))
        # A forked child's peak memory starts at this process's resident size (Linux
        # counts the pages it shared before exec), so only a peak above it is the file's.
        inherited_mb = _resident_mb()
        proc = subprocess.Popen(
            [sys.executable, "-P", "-m", "assistant.sandbox"], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True,
            encoding="utf-8", errors="replace",
            # A group of its own, so that stopping it also stops what it started
            # (Tesseract): killing the child alone left OCR running for minutes.
            start_new_session=True,
        )
        with _running_lock:
            _running.add(proc)
        tail: list[str] = []

        def pump() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                if line.startswith(_PROGRESS):
                    if progress:
                        progress(line[len(_PROGRESS):].rstrip("\n"))
                else:
                    tail.append(line)
                    del tail[:-20]

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        try:
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(job))
            proc.stdin.close()
            peak_mb = _wait(proc, limits.seconds)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ReportError(
                label, f"reading took longer than {limits.seconds:g} s and was stopped "
                "(ASSISTANT_READ_TIMEOUT_S); split the file or raise the limit") from None
        except BaseException:  # Ctrl-C while reading: no child left behind
            _kill(proc)
            raise
        finally:
            with _running_lock:
                _running.discard(proc)
            _kill_group(proc.pid)  # a Tesseract left behind by a child that died
            reader.join(timeout=5)
        if proc.returncode == 0 and result.exists():
            return _decode(json.loads(result.read_text(encoding="utf-8")), label)
    said = "".join(tail)
    # Out of memory shows as our exit status, as MemoryError or bad_alloc from a library,
    # or as a crash (a C library that does not check malloc) near the limit.
    # pdfium aborts (SIGABRT) when an allocation fails.
    if (proc.returncode in (_EXIT_MEMORY, -signal.SIGABRT) or "MemoryError" in said
            or "bad_alloc" in said
            or peak_mb >= max(0.8 * limits.memory_mb, inherited_mb + 64)):
        raise ReportError(
            label, f"needs more than {limits.memory_mb} MB of memory to read (a "
            "decompression bomb, or a very large file); refused (ASSISTANT_READ_MEMORY_MB)")
    raise ReportError(label, "the reader crashed on this file (damaged, or too large for "
                      "memory); check that it opens, or re-save it")


def _resident_mb() -> float:
    """This process's peak resident memory in MB: a forked child's high-water mark
    starts from it."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _wait(proc: subprocess.Popen, seconds: float) -> float:
    """Wait for the child up to `seconds` (TimeoutExpired after that); its peak memory
    in MB (resident set, from wait4's resource usage)."""
    import time

    deadline = time.monotonic() + seconds
    pause = 0.01
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_maxrss / 1024  # kB on Linux
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(proc.args, seconds)
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def stop_all() -> None:
    """Stop every reading child still running in this process, with what each started
    (an indexing run interrupted while other threads wait on their reads); those reads
    then fail with "the reader crashed"."""
    with _running_lock:
        procs = list(_running)
    for proc in procs:
        _kill_group(proc.pid)


def _kill(proc: subprocess.Popen) -> None:
    """Stop the child and everything it started (its process group), and reap it."""
    _kill_group(proc.pid)
    proc.kill()
    proc.wait()


def _kill_group(pgid: int) -> None:
    """SIGKILL every process left in group `pgid`; none left is fine."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _decode(data: dict[str, Any], label: str) -> Report:
    if "error" in data:
        raise ReportError(label, data["error"], permanent=data.get("permanent", True))
    pages = [Page(**p) for p in data.pop("pages")]
    return Report(pages=pages, **data)


# ----------------------------------------------------------------------- the child


def _limit_memory(megabytes: int) -> None:
    import resource

    cap = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _child() -> int:
    job = json.loads(sys.stdin.read())
    limits = ReadLimits(**job["limits"])
    _limit_memory(limits.memory_mb)
    result = Path(job["result"])

    def emit(text: str) -> None:
        sys.stderr.write(f"{_PROGRESS}{text}\n")
        sys.stderr.flush()

    from .readers import read_report
    from .untrusted import strip_controls

    path = Path(job["path"])
    corpus = Path(job["corpus_dir"]) if job["corpus_dir"] else None
    try:
        report = read_report(path, corpus, ocr=job["ocr"], ocr_language=job["ocr_language"],
                             limits=limits, progress=emit, tables=job.get("tables", True))
        chars = sum(len(p.text) for p in report.pages)
        if chars > limits.max_chars:
            raise ReportError(
                report.file, f"{chars:,} characters of text, over the limit of "
                f"{limits.max_chars:,} per report (ASSISTANT_REPORT_MAX_CHUNKS); split it")
        report.title = strip_controls(report.title)
        report.venue = strip_controls(report.venue) if report.venue else report.venue
        out: dict[str, Any] = asdict(report)
    except ReportError as exc:
        out = {"error": exc.reason, "permanent": exc.permanent}
    except MemoryError:
        return _EXIT_MEMORY
    except Exception as exc:  # a reader bug must not stop the other reports
        out = {"error": f"could not be read ({type(exc).__name__}: {exc})"}
    try:
        result.write_text(json.dumps(out), encoding="utf-8")
    except MemoryError:
        return _EXIT_MEMORY
    return 0


if __name__ == "__main__":
    sys.exit(_child())
