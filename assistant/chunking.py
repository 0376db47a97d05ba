"""Sentence-aware chunks with page and character offsets, as llama-index `TextNode`s.

Chunks are a few sentences long so that a retrieved chunk is already close to the
sentence a citation quotes; they never cross a page (or DOCX section), so every chunk
has exactly one page and offsets into that page's cleaned text.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import TYPE_CHECKING, Any

from .dates import day_span
from .sentences import sentence_spans
from .types import Chunk, Report

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode

# Metadata that helps a reader (and BM25/the embedding: the title) but that the model
# should not see as chunk text.
_NOT_EMBEDDED = [
    "file", "page", "part", "location", "doc_sha", "event_date", "event_day", "venue", "format",
    "prev_text", "chunk_start", "chunk_end",
]


def _split_long(start: int, end: int, text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than max_chars at word boundaries (tables, run-on lists)."""
    out = []
    while end - start > max_chars:
        cut = text.rfind(" ", start, start + max_chars)
        if cut <= start:
            cut = start + max_chars
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def split_sentences(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Sentence spans of a page; a table row (a line of cells " | ") is one unit, not
    cut at the full stops inside its cells."""
    sentences: list[tuple[int, int]] = []
    for s, e in _units(text):
        sentences.extend(_split_long(s, e, text, max_chars))
    return sentences


def _units(text: str) -> list[tuple[int, int]]:
    if " | " not in text:
        return sentence_spans(text)
    out: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        if " | " in line.group():
            out.append((line.start(), line.end()))
        else:
            out.extend((line.start() + s, line.start() + e)
                       for s, e in sentence_spans(line.group()))
    return out


# A table's title: up to this many short lines just above its first row.
_TITLE_LINES = 3
_TITLE_CHARS = 150


def table_titles(text: str, sentences: list[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """For each sentence that is a row of a table (cells " | "), the span of the table's
    title: the short lines (at most three of up to 150 characters) just above the
    table's first row."""
    out: dict[int, tuple[int, int]] = {}
    title: tuple[int, int] | None = None
    for k, (s, e) in enumerate(sentences):
        if " | " not in text[s:e]:
            title = None
            continue
        if title is None:
            first = text.rfind("\n", 0, s) + 1  # the row's line
            start = title_start(text, first)
            title = (start, first - 1) if start < first else (s, s)
        out[k] = title
    return out


def title_start(text: str, first: int) -> int:
    """Where the title of a table whose first row is the line starting at `first` begins:
    the short lines just above it (`first` itself where there are none)."""
    start = first
    for _ in range(_TITLE_LINES):
        if start <= 0:
            break
        prev = text.rfind("\n", 0, start - 1) + 1
        line = text[prev:start - 1]
        if not line.strip() or len(line) > _TITLE_CHARS or " | " in line:
            break
        start = prev
    return start


def chunk_spans(
    sentences: list[tuple[int, int]], max_chars: int, overlap: int,
    keep_with_next: set[int] | None = None,
) -> list[tuple[int, int, int]]:
    """(start, end, index of first sentence) of each chunk of one page. A chunk does not
    end on a sentence in `keep_with_next` (a table's title) when the next one could
    open the following chunk with it."""
    keep_with_next = keep_with_next or set()
    chunks: list[tuple[int, int, int]] = []
    i = 0
    while i < len(sentences):
        j = i
        while j + 1 < len(sentences) and sentences[j + 1][1] - sentences[i][0] <= max_chars:
            j += 1
        while j > i and j + 1 < len(sentences) and j in keep_with_next:
            j -= 1
        chunks.append((sentences[i][0], sentences[j][1], i))
        if j + 1 >= len(sentences):
            break
        # Repeat the last sentence(s) so a statement split across chunks is whole in one.
        i = max(i + 1, j + 1 - overlap)
    return chunks


def node_id(report_sha: str, page_index: int, chunk_index: int, shape: str) -> str:
    digest = hashlib.sha256(f"{report_sha}|{page_index}|{chunk_index}|{shape}".encode())
    return str(uuid.UUID(bytes=digest.digest()[:16]))


def chunk_report(report: Report, max_chars: int, overlap: int, shape: str) -> list[TextNode]:
    """The report's chunks as llama-index nodes (see `report_chunks`)."""
    return [to_node(c) for c in report_chunks(report, max_chars, overlap, shape)]


def report_chunks(report: Report, max_chars: int, overlap: int, shape: str) -> list[Chunk]:
    """The report's chunks. Ids depend only on the report's content, the chunk's position
    and the chunking settings (`shape`), so re-indexing gives the same ids."""
    chunks: list[Chunk] = []
    for p_index, page in enumerate(report.pages):
        text = page.text
        spans = split_sentences(text, max_chars)
        titles = table_titles(text, spans)
        # The lines of a title end no chunk: they open the next one with their table.
        keep = {k for k, (s, e) in enumerate(spans)
                for a, b in set(titles.values()) if a <= s and e <= b}
        for c_index, (start, end, first) in enumerate(
                chunk_spans(spans, max_chars, overlap, keep)):
            # A chunk of table rows without its title carries it, embedded with the
            # chunk (as the report title is), though not in the quotable text.
            table = next((text[a:b] for k, (a, b) in sorted(titles.items())
                          if start <= spans[k][0] < end and b > a
                          and not (start <= a and b <= end)), "")
            prev_text = ""
            if first > 0:
                # The sentence before this chunk, for answers whose sentence opens with
                # "He" or "This" and needs its antecedent; kept with the gap so that
                # prev_text + chunk is an exact slice of the page.
                prev_start = spans[first - 1][0]
                if start - prev_start <= max_chars:
                    prev_text = text[prev_start:start]
            chunks.append(Chunk(
                id=node_id(report.sha256, p_index, c_index, shape), text=text[start:end],
                report_sha=report.sha256, file=report.file, part=p_index, page=page.number,
                location=page.location or None, start=start, end=end, prev_text=prev_text,
                title=report.title, event_date=report.event_date, venue=report.venue,
                format=report.format, table=table.replace("\n", " / "),
            ))
    return chunks


def to_node(chunk: Chunk) -> TextNode:
    """The llama-index node stored in Chroma (and BM25) for `chunk`: its metadata is flat
    and has no None (Chroma's rule), so a missing page is written as 0, a missing
    location, date or venue as ""; `from_node` decodes them."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    node = TextNode(
        id_=chunk.id,
        text=chunk.text,
        start_char_idx=chunk.start,
        end_char_idx=chunk.end,
        metadata={
            "title": chunk.title,
            "file": chunk.file,
            "page": chunk.page or 0,  # Chroma metadata has no None; 0 = no page
            "part": chunk.part,
            "location": chunk.location or "",
            "doc_sha": chunk.report_sha,
            "event_date": chunk.event_date or "",
            "event_day": int(day_span(chunk.event_date)[0].replace("-", ""))
            if chunk.event_date else 0,
            "venue": chunk.venue or "",
            "format": chunk.format,
            "prev_text": chunk.prev_text,
            "chunk_start": chunk.start,
            "chunk_end": chunk.end,
            **({"table": chunk.table} if chunk.table else {}),
        },
        excluded_embed_metadata_keys=list(_NOT_EMBEDDED),
        excluded_llm_metadata_keys=list(_NOT_EMBEDDED),
        metadata_template="{value}",
        text_template="{metadata_str}\n{content}",
    )
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=chunk.report_sha)
    return node


def from_node(node: Any) -> Chunk:
    """The chunk a stored node holds (the one place its metadata is read by key). Nodes
    written by older versions may lack `part` (then the page stands in) or the offsets
    (then the node's own)."""
    meta = node.metadata
    start = int(meta.get("chunk_start", node.start_char_idx or 0))
    text = node.text
    return Chunk(
        id=node.node_id, text=text, report_sha=meta.get("doc_sha", ""),
        file=meta.get("file", ""), part=int(meta.get("part", meta.get("page", 0)) or 0),
        page=int(meta.get("page") or 0) or None, location=meta.get("location") or None,
        start=start, end=int(meta.get("chunk_end", start + len(text))),
        prev_text=meta.get("prev_text") or "", title=meta.get("title") or "",
        event_date=meta.get("event_date") or None, venue=meta.get("venue") or None,
        format=meta.get("format") or "", table=meta.get("table") or "",
    )
