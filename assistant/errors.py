"""The assistant's own exceptions. The library raises them; only the CLI and UI turn
them into messages and exit codes."""

from __future__ import annotations

from typing import Any


class AssistantError(Exception):
    """Base class: the message is one line a user can act on."""


class ReportError(AssistantError):
    """A report could not be read (corrupt, encrypted, empty, unsupported...)."""

    def __init__(self, file: str, reason: str, *, permanent: bool = True):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
        # A fault of the file itself (corrupt, encrypted, unsupported, over a limit) is
        # remembered by its hash and not read again; a passing fault (the folder briefly
        # unavailable) is retried on the next run.
        self.permanent = permanent


class QuestionError(AssistantError):
    """The question is empty, too long or not text."""


class IndexMissingError(AssistantError):
    """No index has been built for these settings yet."""

    @classmethod
    def for_settings(cls, settings: Any) -> IndexMissingError:
        """The error for `settings` (a `Settings`), saying what to do: put reports in the
        corpus when it holds none, else build the index."""
        from .corpus import list_reports

        where = settings.chroma_url or str(settings.index_dir)
        corpus = settings.corpus_dir
        try:
            empty = not list_reports(corpus, follow_links=settings.follow_links)
        except ConfigError:
            empty = True
        if empty:
            return cls(f"no reports are indexed yet: put reports in {corpus} (or upload them "
                       "in the chat), then run 'assistant index'")
        return cls(f"no index in {where} for these settings; build it with "
                   f"'assistant index --corpus {corpus}'")


class ConfigError(AssistantError):
    """A setting is wrong (bad URL, missing model, unreachable server...)."""


class FilterError(QuestionError):
    """A filter of a question is malformed (a date that is not ISO, files not a list)."""


class DiskFullError(AssistantError):
    """The disk holding the index is full; the index as it was keeps answering."""


class MassRemovalError(AssistantError):
    """A run would remove more of the index than allowed (an empty or unmounted corpus)."""
