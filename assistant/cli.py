"""The `assistant` command: each subcommand is a thin call of one library function. This
is the only place that turns the library's exceptions into messages and exit codes."""

from __future__ import annotations

import json
import logging
import math
import sys
from pathlib import Path
from typing import Any

import click

from .errors import AssistantError

logger = logging.getLogger(__name__)

# Exit statuses of `assistant index` (README, "Exit statuses").
EXIT_OK, EXIT_SKIPPED, EXIT_ERROR, EXIT_DISK_FULL, EXIT_KEPT_MISSING = 0, 1, 2, 3, 4

_PATHS = [
    click.option("--corpus", "corpus", type=click.Path(path_type=Path), default=None,
                 help="Folder of reports [default: corpus/ or ASSISTANT_CORPUS_DIR]."),
    click.option("--index", "index", type=click.Path(path_type=Path), default=None,
                 help="Index folder [default: index/ or ASSISTANT_INDEX_DIR]."),
]


def _paths(f):
    for opt in reversed(_PATHS):
        f = opt(f)
    return f


def _settings(corpus: Path | None, index: Path | None, **extra: Any):
    from pydantic import ValidationError

    from .settings import Settings, describe_error

    update: dict[str, Any] = {k: v for k, v in extra.items() if v is not None}
    if corpus is not None:
        update["corpus_dir"] = corpus
    if index is not None:
        update["index_dir"] = index
    try:
        return Settings(**update)
    except ValidationError as exc:
        raise click.ClickException(describe_error(exc)) from None


def _fail(exc: Exception, status: int = EXIT_ERROR) -> None:
    click.echo(_safe(f"Error: {exc}"), err=True)
    sys.exit(status)


def _safe(line: str) -> str:
    """Report text and file names are untrusted: no escape sequence reaches the terminal."""
    from .untrusted import shown_name

    return shown_name(line)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="assistant")
def main() -> None:
    """Ask questions of think-tank reports and get answers that cite report, page and
    sentence.

    \b
    Quick start:
      assistant index                      # index the reports in corpus/
      assistant ask "Who spoke on food security?"
      assistant chat                       # the web chat on http://127.0.0.1:7860

    Settings come from ASSISTANT_* environment variables or a .env file; see the README.
    """


@main.command()
@_paths
@click.option("--rebuild", is_flag=True, help="Drop the index and build it from scratch.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="Processes reading reports in parallel [default: one per core, up to 8; "
                   "or ASSISTANT_READ_WORKERS].")
@click.option("--allow-mass-removal", is_flag=True,
              help="Remove reports missing from the corpus even when they are more than "
                   "ASSISTANT_MAX_REMOVAL_SHARE of the index, or all of it.")
@click.option("--watch", is_flag=True,
              help="Keep running: index again whenever reports are added, changed, renamed "
                   "or removed (Ctrl-C stops).")
def index(corpus: Path | None, index: Path | None, rebuild: bool, quiet: bool,
          as_json: bool, workers: int | None, allow_mass_removal: bool, watch: bool) -> None:
    """Bring the index in line with the corpus folder.

    New reports are added, changed ones re-embedded, deleted ones removed and renamed ones
    moved without re-embedding. Bad files are skipped with a reason.

    \b
    Exit status:
      0  all done
      1  some files were skipped (each named, with the reason)
      2  an error: a wrong setting, a missing corpus folder
      3  the disk holding the index is full (the index as it was still answers)
      4  reports missing from the corpus were kept: more than ASSISTANT_MAX_REMOVAL_SHARE
         of the index (an empty or unmounted folder?); see --allow-mass-removal

    \b
    Examples:
      assistant index
      assistant index --corpus ~/reports --index ~/reports-index
      assistant index --rebuild
      assistant index --workers 1          # read reports one at a time
      assistant index --allow-mass-removal # the reports were really deleted
      assistant index --watch              # follow the folder until Ctrl-C
    """
    from .errors import DiskFullError
    from .indexing import build_index

    settings = _settings(corpus, index, read_workers=workers)
    if "read_workers" not in settings.model_fields_set:  # neither the option nor env/.env
        # The CLI reads with every core; build_index() callers choose (setting default 1).
        settings = settings.model_copy(update={"read_workers": 0})
    if watch:
        _watch(settings, quiet, as_json, rebuild)
        return
    try:
        summary = build_index(settings=settings, rebuild=rebuild, progress=not quiet,
                              allow_mass_removal=allow_mass_removal)
    except DiskFullError as exc:
        _fail(exc, EXIT_DISK_FULL)
    except AssistantError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        _print_index_summary(summary, settings)
    if summary.kept_missing:
        sys.exit(EXIT_KEPT_MISSING)
    sys.exit(EXIT_OK if summary.ok else EXIT_SKIPPED)


def _print_index_summary(summary: Any, settings: Any) -> None:
    for note in summary.notes:
        click.echo(_safe(f"note: {note}"), err=True)
    for file, reason in summary.failed:
        click.echo(_safe(f"skipped {file}: {reason}"), err=True)
    for old, new in summary.renamed:
        click.echo(_safe(f"renamed {old} -> {new}"))
    if summary.kept_missing:
        click.echo(_safe(
            f"kept {len(summary.kept_missing)} indexed reports missing from "
            f"{settings.corpus_dir}: more than {settings.max_removal_share:.0%} of the index "
            "(an empty or unmounted folder?), so nothing was removed; if they were deleted "
            "on purpose, run again with --allow-mass-removal"), err=True)
    click.echo(_counts(summary))


def _counts(summary: Any) -> str:
    return (f"{len(summary.added)} added, {len(summary.updated)} updated, "
            f"{len(summary.removed)} removed, {len(summary.renamed)} renamed, "
            f"{len(summary.unchanged)} unchanged, {len(summary.failed)} failed; "
            f"{summary.chunks_written} chunks written in {summary.seconds:.1f}s")


def _print_summary(summary: Any) -> None:
    for note in summary.notes:
        click.echo(f"note: {note}", err=True)
    for file, reason in summary.failed:
        click.echo(f"skipped {file}: {reason}", err=True)
    for old, new in summary.renamed:
        click.echo(f"renamed {old} -> {new}")
    click.echo(_counts(summary))


def _watch(settings: Any, quiet: bool, as_json: bool, rebuild: bool = False) -> None:
    import time

    from .errors import DiskFullError
    from .indexing import build_index
    from .watching import watch_index

    stopped = "Stopped watching; the index is as the last run left it."

    def on_run(summary: Any) -> None:
        stamp = time.strftime("%H:%M:%S")
        if as_json:
            click.echo(json.dumps({"time": stamp, **summary.to_dict()}))
        else:
            click.echo(f"[{stamp}] ", nl=False)
            _print_summary(summary)

    def on_error(exc: Exception) -> None:
        click.echo(f"Error: {exc} (still watching)", err=True)

    if rebuild:
        try:
            on_run(build_index(settings=settings, rebuild=True, progress=not quiet))
        except KeyboardInterrupt:  # the rebuild is crash-safe too: the old index stands
            click.echo(stopped, err=True)
            return
        except DiskFullError as exc:
            _fail(exc, EXIT_DISK_FULL)
        except AssistantError as exc:
            _fail(exc)
    if not as_json:
        click.echo(f"Watching {settings.corpus_dir} (Ctrl-C stops) ...", err=True)
    watch_index(settings, on_run=on_run, on_error=on_error, progress=not quiet and not as_json,
                initial=not rebuild)
    click.echo(stopped, err=True)


@main.command()
@click.argument("question")
@_paths
@click.option("--top-k", type=click.IntRange(1, 50), default=None, help="Passages to retrieve.")
@click.option("--file", "files", multiple=True,
              help="Only this report (path relative to the corpus); repeatable.")
@click.option("--from", "date_from", default=None,
              help="Only events with a day on or after this one (YYYY-MM-DD); an event over "
                   "several days counts when any of its days is in range.")
@click.option("--to", "date_to", default=None,
              help="Only events with a day on or before this one (YYYY-MM-DD).")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default=None,
              help="Retrieval mode [default: hybrid].")
@click.option("--json", "as_json", is_flag=True, help="Print Answer.to_dict() as JSON.")
def ask(question: str, corpus: Path | None, index: Path | None, top_k: int | None,
        files: tuple[str, ...], date_from: str | None, date_to: str | None,
        mode: str | None, as_json: bool) -> None:
    """Answer QUESTION from the reports, with numbered sources.

    \b
    Examples:
      assistant ask "Who spoke on food security at the Russia-Pakistan forum?"
      assistant ask "What was INNOPROM?" --json
      assistant ask "Who attended?" --file russia-pakistan-forum-2025-12-18.txt
      assistant ask "What was discussed?" --from 2025-12-01 --to 2025-12-31
    """
    from .answering import ask as ask_fn

    for label, value in (("--from", date_from), ("--to", date_to)):
        if value and not _is_iso(value):
            raise click.BadParameter(f"{value!r} is not a date like 2025-12-18", param_hint=label)
    settings = _settings(corpus, index, retrieval_mode=mode)
    filters = {"files": list(files), "date_from": date_from, "date_to": date_to}
    try:
        answer = ask_fn(question, top_k=top_k, filters=filters, settings=settings)
    except AssistantError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_answer(answer)


def _print_answer(answer: Any) -> None:
    click.echo(_safe(answer.text))
    if answer.corrections:
        click.echo(_safe(f"\n{answer.searched_for}"))
    if answer.confidence:
        click.echo(f"\nConfidence: {answer.confidence_label} ({answer.confidence:.2f})")
    if answer.citations:
        click.echo("\nSources:")
        for c in answer.citations:
            _print_citation(c)
    if answer.related:
        click.echo("\nPossibly related (not an answer):")
        for c in answer.related:
            click.echo(_safe(f"  - {c.file}, {_where(c)}: \u201c{_short(c.quote)}\u201d"))


@main.command(name="eval")
@click.argument("qa_files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_paths
@click.option("--mode", "modes", multiple=True, type=click.Choice(["hybrid", "dense", "bm25"]),
              help="Retrieval mode(s) to score; repeatable [default: hybrid].")
@click.option("--cv", is_flag=True,
              help="Cross-validate answer selection and refusal (folds grouped by report): "
                   "refit on all folds but one, score the held-out one.")
@click.option("--fit", is_flag=True,
              help="Fit answer selection and refusal on the questions and write the model "
                   "(--model, default the one shipped in the package).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Model file to write with --fit [default: the package's].")
@click.option("--folds", type=click.IntRange(2, 20), default=5, help="Folds for --cv/--fit.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_cmd(qa_files: tuple[Path, ...], corpus: Path | None, index: Path | None,
             modes: tuple[str, ...], cv: bool, fit: bool, model_path: Path | None, folds: int,
             as_json: bool) -> None:
    """Score retrieval and answers on JSONL files of labelled questions, or refit the
    answerer on them.

    Each line: {"id", "question", "answerable", "file", "pages", "must_contain", "qtype",
    "kind"} (see ../shared/qa/README.md). An answer is right when its quotes hold every
    must_contain string from the right file and page; partial credit is the share held.

    \b
    Examples:
      assistant eval eval/dev.jsonl --corpus ../shared/eval-corpus --index /tmp/eval-index
      assistant eval eval/dev.jsonl --mode hybrid --mode dense --mode bm25
      assistant eval qa/train.jsonl eval/dev.jsonl --cv      # held-out-fold figures
      assistant eval qa/train.jsonl eval/dev.jsonl --fit     # refit the shipped model
      assistant eval mine.jsonl --fit --model my-model.json  # then ASSISTANT_ANSWER_MODEL
    """
    from .evaluation import evaluate, format_report, load_questions

    settings = _settings(corpus, index)
    try:
        questions = [q for path in qa_files for q in load_questions(path)]
        if cv or fit:
            results = _fit_or_cv(questions, settings, cv, fit, model_path, folds)
        else:
            results = {m: evaluate(questions,
                                   settings.model_copy(update={"retrieval_mode": m}))
                       for m in (modes or ("hybrid",))}
    except AssistantError as exc:
        _fail(exc)
    if not results:
        return
    if as_json:
        click.echo(json.dumps({m: r.figures() for m, r in results.items()}, indent=2))
    else:
        click.echo(format_report(results))


def _fit_or_cv(questions: list[Any], settings: Any, cv: bool, fit: bool,
               model_path: Path | None, folds: int) -> dict[str, Any]:
    from .answering.fitting import build_examples, cross_validate
    from .answering.fitting import fit as fit_model
    from .answering.selection import MODEL_FILE

    with click.progressbar(length=len(questions), label="Retrieving and scoring",
                           file=sys.stderr) as bar:
        done = [0]

        def step(i: int, n: int) -> None:
            bar.update(i - done[0])
            done[0] = i

        examples, idf = build_examples(questions, settings, progress=step)
    results: dict[str, Any] = {}
    if cv:
        from .evaluation import EvalResult

        results["cv"] = cross_validate(examples, idf, folds=folds)
        sources = sorted({q.source for q in questions})
        if len(sources) > 1:  # the held-out figures of each file too
            for src in sources:
                results[f"cv {src}"] = EvalResult(
                    mode=f"cv {src}",
                    outcomes=[o for o in results["cv"].outcomes if o.question.source == src])
    if fit:
        model = fit_model(examples, idf, folds=folds)
        model.meta = {"questions": len(questions),
                      "answerable": sum(1 for q in questions if q.answerable),
                      "folds": folds, "corpus": str(settings.corpus_dir)}
        target = model_path or MODEL_FILE
        model.save(target)
        far = (f", from other pages under a lead of {model.far_below:g}"
               if math.isfinite(model.far_below) else "")
        click.echo(f"wrote {target} (refusal threshold {model.threshold:.3f}, further quotes "
                   f"at {model.extra_ratio:g} of the best{far})", err=True)
    return results


@main.command()
@_paths
@click.option("--host", default=None, help="Address to bind [default: 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port [default: 7860].")
def chat(corpus: Path | None, index: Path | None, host: str | None, port: int | None) -> None:
    """Start the web chat (builds the index first if there is none).

    \b
    Examples:
      assistant chat
      assistant chat --port 8080
      GRADIO_SERVER_NAME=0.0.0.0 assistant chat    # reachable from other machines
    """
    from .ui import launch

    settings = _settings(corpus, index, host=host, port=port)
    try:
        launch(settings)
    except AssistantError as exc:
        _fail(exc)


@main.group()
def reports() -> None:
    """List, add and remove reports (the same library the chat and the HTTP API use).

    \b
    Examples:
      assistant reports list
      assistant reports add ~/Downloads/brief.pdf
      assistant reports remove uploads/brief.pdf
    """


@reports.command(name="list")
@_paths
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def reports_list(corpus: Path | None, index: Path | None, as_json: bool) -> None:
    """Every report file and its state: indexed, failed (why), duplicate, waiting."""
    from .library import report_states

    settings = _settings(corpus, index)
    try:
        states = report_states(settings)
    except AssistantError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in states], indent=2, ensure_ascii=False))
        return
    for s in states:
        date = s.shown_date or "-"
        click.echo(f"{_printable(s.file)}\t{date}\t{_printable(s.title or '-')}\t"
                   f"{_printable(s.status_text)}")
    if not states:
        click.echo(f"No reports in {settings.corpus_dir}; add some with `assistant reports "
                   "add FILE`.", err=True)


@reports.command(name="add")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_paths
def reports_add(files: tuple[Path, ...], corpus: Path | None, index: Path | None) -> None:
    """Copy FILES into the corpus (uploads/) and index them; bad files are refused."""
    from .library import add_reports

    settings = _settings(corpus, index)
    try:
        results = add_reports(settings, [(f, None) for f in files])
    except AssistantError as exc:
        _fail(exc)
    for r in results:
        click.echo(f"added {r.file}" if r.ok else f"refused {r.error}", err=not r.ok)
    sys.exit(0 if all(r.ok for r in results) else 1)


@reports.command(name="remove")
@click.argument("file")
@_paths
def reports_remove(file: str, corpus: Path | None, index: Path | None) -> None:
    """Delete FILE (path relative to the corpus) and drop it from the index."""
    from .library import remove_report

    settings = _settings(corpus, index)
    try:
        remove_report(settings, file)
    except AssistantError as exc:
        _fail(exc)
    click.echo(f"removed {file}")


@main.group()
def feedback() -> None:
    """The chat's thumbs up/down, as test cases.

    \b
    Examples:
      assistant feedback export -o eval/feedback.jsonl
      assistant eval eval/feedback.jsonl      # lines still marked for review are skipped
    """


@feedback.command(name="export")
@_paths
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: print to stdout].")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of the saved conversations [default: the index "
              "folder or ASSISTANT_DATA_DIR].")
def feedback_export(corpus: Path | None, index: Path | None, out: Path | None,
                    data_dir: Path | None) -> None:
    """Write every rating as a line of the `assistant eval` format: a thumbs-up's
    citations become the expected file, pages and quotes; a thumbs-down is marked
    "review": true for a person to complete."""
    from .conversations import get_store
    from .feedback import export_feedback

    settings = _settings(corpus, index, data_dir=data_dir)
    try:
        lines, counts = export_feedback(get_store(settings), out)
    except AssistantError as exc:
        _fail(exc)
    if out is None:
        for line in lines:
            click.echo(line)
    click.echo(f"{counts.ready} ready to use, {counts.review} marked for review"
               + (f"; written to {out}" if out else ""), err=True)


def _printable(text: str) -> str:
    """No terminal escapes or bidi controls from file names or report titles."""
    import unicodedata

    return "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in text)


def _is_iso(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _print_citation(c: Any) -> None:
    if not c.is_list:
        click.echo(_safe(f"  [{c.n}] {c.file}, {_where(c)}: \u201c{c.quote}\u201d"))
        return
    from .answering.enumeration import list_lines

    lines = list_lines(c.quote)  # an enumeration block: one item a line
    click.echo(_safe(f"  [{c.n}] {c.file}, {_where(c)}: \u201c{lines[0]}"))
    for ln in lines[1:]:
        click.echo(_safe(f"        {ln}"))
    click.echo("      \u201d")


def _where(c: Any) -> str:
    if c.page:
        return f"p. {c.page}"
    return c.location or "text"


def _short(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


if __name__ == "__main__":
    main()
