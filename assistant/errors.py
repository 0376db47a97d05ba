"""The assistant's own exceptions. The library raises them; only the CLI and UI turn
them into messages and exit codes."""


class AssistantError(Exception):
    """Base class: the message is one line a user can act on."""


class ReportError(AssistantError):
    """A report could not be read (corrupt, encrypted, empty, unsupported...)."""

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class QuestionError(AssistantError):
    """The question is empty, too long or not text."""


class IndexMissingError(AssistantError):
    """No index has been built for these settings yet."""


class ConfigError(AssistantError):
    """A setting is wrong (bad URL, missing model, unreachable server...)."""
