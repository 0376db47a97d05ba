"""Ask questions of think-tank reports; every answer cites report, page and sentence.

    from assistant import ask
    answer = ask("Who spoke on food security?")
    print(answer.text, answer.citations)

Heavy libraries (torch, chromadb, llama-index) load on first use, not on import.
"""

from .errors import AssistantError, ConfigError, QuestionError, ReportError
from .indexing import build_index
from .settings import Settings, get_settings
from .types import Answer, Citation, IndexSummary

__all__ = [
    "Answer",
    "AssistantError",
    "Citation",
    "ConfigError",
    "IndexSummary",
    "QuestionError",
    "ReportError",
    "Settings",
    "ask",
    "build_index",
    "get_settings",
]


def __getattr__(name: str):
    # `ask` lives with the answerers; importing it lazily keeps `import assistant` light.
    if name in ("ask", "ask_stream"):
        from . import answering

        return getattr(answering, name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
