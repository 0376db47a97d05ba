"""Ask questions of think-tank reports; every answer cites report, page and sentence.

    from assistant import ask
    answer = ask("Who spoke on food security?")
    print(answer.text, answer.citations)

The public names below load on first use: `import assistant` imports neither the readers,
the indexer nor torch, chromadb or llama-index.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .answering import ask, ask_stream
    from .components import Components
    from .errors import AssistantError, ConfigError, QuestionError, ReportError
    from .indexing import build_index
    from .settings import Settings, get_settings
    from .types import Answer, Chunk, Citation, IndexSummary

# public name -> module that defines it
_PUBLIC = {
    "Answer": ".types",
    "AssistantError": ".errors",
    "Chunk": ".types",
    "Citation": ".types",
    "Components": ".components",
    "ConfigError": ".errors",
    "IndexSummary": ".types",
    "QuestionError": ".errors",
    "ReportError": ".errors",
    "Settings": ".settings",
    "ask": ".answering",
    "ask_stream": ".answering",
    "build_index": ".indexing",
    "get_settings": ".settings",
}

__all__ = [
    "Answer",
    "AssistantError",
    "Chunk",
    "Citation",
    "Components",
    "ConfigError",
    "IndexSummary",
    "QuestionError",
    "ReportError",
    "Settings",
    "ask",
    "ask_stream",
    "build_index",
    "get_settings",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
