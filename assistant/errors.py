"""The assistant's own exceptions. The library raises them; only the CLI and UI turn
them into messages and exit codes."""


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


class ConfigError(AssistantError):
    """A setting is wrong (bad URL, missing model, unreachable server...)."""


class FilterError(QuestionError):
    """A filter of a question is malformed (a date that is not ISO, files not a list)."""


class DiskFullError(AssistantError):
    """The disk holding the index is full; the index as it was keeps answering."""


class MassRemovalError(AssistantError):
    """A run would remove more of the index than allowed (an empty or unmounted corpus)."""
