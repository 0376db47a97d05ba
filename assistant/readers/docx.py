"""DOCX reports, the whole document: body paragraphs and tables (nested ones too) in
reading order, content controls, text boxes (the modern shape or, in files that have only
it, the VML one, never both), footnotes, endnotes, comments, and headers and footers
(once, as the report's running text, not per page).

DOCX has no pages, so each part is cited by its location: the heading path ("Findings >
Trade"), "… > Text box", "Footnotes", "Endnotes", "Comments" or "Header and footer".
Read with python-docx's package and lxml over the WordprocessingML itself, because
python-docx's paragraph API sees only body paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..types import Section
from .tables import table_lines

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
# A cell that is a figure: "900", "Rs 1,250.5 million", "12%".
_FIGURE = re.compile(r"(?i:rs\.?|pkr|usd|us\$|\$|€|£)?\s*[-+(]?\d[\d,.\s]*\)?\s*"
                     r"(?i:%|percent|million|billion|mn|bn|m|k)?")
_FALLBACK = f"{{{MC}}}Fallback"
_CHOICE = f"{{{MC}}}Choice"
_TXBX = f"{_W}txbxContent"
_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


@dataclass
class DocxDocument:
    sections: list[Section]
    title: str
    running_text: list[str] = field(default_factory=list)  # header and footer lines, once
    notes: list[str] = field(default_factory=list)  # what was not read


def read_docx(path: Path, label: str) -> DocxDocument:
    """Every story of the document as `Section`s; the title is the first heading (or
    the Title style, or the document property)."""
    document = _open_docx(path, label)
    body = _Body(_style_names(document), _Numbering(document))
    body.walk(document.element.body)
    body.flush()
    sections = body.sections
    stories, running = _side_stories(document)
    sections.extend(stories)
    running = list(dict.fromkeys(running))
    if running:
        sections.append(Section("Header and footer", "\n\n".join(running)))
    title = body.title or (document.core_properties.title or "").strip()
    notes = []
    if body.objects:
        what = ", ".join(f"{n} {k}" for k, n in sorted(body.objects.items()))
        notes.append(f"{label}: not read: {what} (pictures and embedded objects carry no "
                     "text here)")
    return DocxDocument(sections, title, running, notes)


def _open_docx(path: Path, label: str) -> Any:
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for bad files
        reason = f"damaged DOCX ({type(exc).__name__}); re-save it in Word"
        raise ReportError(label, reason) from exc


# Side parts read as stories of their own: part kind -> (location, item tag).
_STORIES = {"footnotes": ("Footnotes", "footnote"), "endnotes": ("Endnotes", "endnote"),
            "comments": ("Comments", "comment")}


def _side_stories(document: Any) -> tuple[list[Section], list[str]]:
    """Footnotes, endnotes and comments as sections, in the order of the document's
    parts, and the header and footer lines (repeats kept; page numbers dropped)."""
    sections: list[Section] = []
    running: list[str] = []
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if rel.is_external or kind not in (*_STORIES, "header", "footer"):
            continue
        root = _xml(rel.target_part)
        if root is None:
            continue
        if kind in ("header", "footer"):
            running.extend(_running_lines(root))
            continue
        location, tag = _STORIES[kind]
        items = _story_items(root, kind, tag)
        if items:
            sections.append(Section(location, "\n\n".join(items)))
    return sections, running


def _running_lines(root: Any) -> list[str]:
    """A header's or footer's lines, but for bare page numbers ("Page 3 of 9")."""
    lines = []
    for para in root.iter(f"{_W}p"):
        line = _para_text(para).strip()
        if line and not re.fullmatch(r"(page\s*)?\d+(\s*(of|/)\s*\d+)?", line, re.I):
            lines.append(line)
    return lines


def _story_items(root: Any, kind: str, tag: str) -> list[str]:
    """The notes or comments of a side part, one text each, with its number or author."""
    items = []
    for note in root.iter(f"{_W}{tag}"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator",
                                     "continuationNotice"):
            continue
        text = " ".join(t for p in note.iter(f"{_W}p") if (t := _para_text(p).strip()))
        if not text:
            continue
        if kind == "comments":
            author = note.get(f"{_W}author")
            items.append(f"Comment by {author}: {text}" if author else f"Comment: {text}")
        else:
            items.append(f"[{note.get(f'{_W}id')}] {text}")
    return items


def _xml(part: Any) -> Any:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:
        from lxml import etree

        return etree.fromstring(part.blob)
    except Exception:  # a damaged side part must not lose the body
        return None


def _style_names(document: Any) -> dict[str, str]:
    names = {}
    for style in document.styles:
        try:
            names[style.style_id] = (style.name or "").lower()
        except Exception:  # noqa: S112 - odd styles are skipped, not fatal
            continue
    return names


def _heading_level(style: str) -> int | None:
    if style == "title":
        return 1
    if style.startswith("heading"):
        digits = "".join(c for c in style if c.isdigit())
        return int(digits) if digits else 1
    return None


def _skip(el: Any) -> bool:
    """A VML fallback beside a modern shape repeats the same text box."""
    if el.tag != _FALLBACK:
        return False
    parent = el.getparent()
    return parent is not None and parent.find(_CHOICE) is not None


# The start of a content control's prompt: "Click or tap here to enter text.", "Choose an
# item.", "[Enter name]".
_PROMPT = re.compile(r"^\W*(?:click|tap|enter|type|choose|select|insert|add|pick)\b", re.I)


def _placeholder(el: Any) -> bool:
    """A content control still showing its prompt ("Click or tap here to enter text."):
    the form's blank, not the report's words. Templating tools fill a control and leave
    its showingPlcHdr flag set, so the flag alone is not enough: the text must be in
    Word's Placeholder Text style or read as a prompt."""
    if el.tag != f"{_W}sdt" or el.find(f"{_W}sdtPr/{_W}showingPlcHdr") is None:
        return False
    content = el.find(f"{_W}sdtContent")
    if content is None:
        return True
    if any((s.get(f"{_W}val") or "").lower().startswith("placeholder")
           for s in content.iter(f"{_W}rStyle")):
        return True
    text = "".join(t.text or "" for t in content.iter(f"{_W}t"))
    return not text.strip() or bool(_PROMPT.match(text))


# Tracked deletions and the old place of moved text: gone from the document as it reads
# with changes accepted (Word writes deleted runs as w:delText, but moved-from runs as
# plain w:t, and other producers write w:t in w:del too).
_REMOVED = (f"{_W}del", f"{_W}moveFrom")


def _para_text(para: Any) -> str:
    """The text of one paragraph as it reads with tracked changes accepted, without the
    text boxes anchored in it."""
    out: list[str] = []

    def visit(el: Any) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == _TXBX or _skip(child) \
                    or tag in _REMOVED or _placeholder(child):
                continue
            if tag == f"{_W}t":
                out.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab"):
                out.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                out.append("-")
            elif tag in (f"{_W}delText", f"{_W}instrText", f"{_W}p"):
                continue  # deleted text, field codes; nested paragraphs are their own
            else:
                visit(child)

    visit(para)
    return "".join(out)


def _text_boxes(para: Any) -> list[Any]:
    """The text-box contents anchored in `para` (not inside another text box)."""
    found: list[Any] = []

    def visit(el: Any) -> None:
        for child in el:
            if not isinstance(child.tag, str) or _skip(child):
                continue
            if child.tag == _TXBX:
                found.append(child)
            else:
                visit(child)

    visit(para)
    return found


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS = {"decimal": str, "decimalZero": lambda n: f"{n:02d}", "lowerLetter": _letters,
            "upperLetter": lambda n: _letters(n).upper(), "lowerRoman": _roman,
            "upperRoman": lambda n: _roman(n).upper()}


class _Numbering:
    """The marks Word draws before list paragraphs ("1.", "a)", "•"), which are no part of
    the paragraph's text: numbering.xml's level formats, for paragraphs numbered directly
    (w:numPr) or through their style ("List Number"). Without them a list's items read as
    plain sentences and the list ran on into the paragraphs after it."""

    def __init__(self, document: Any):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counts: dict[tuple[str, int], int] = {}
        try:
            numbering = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part: no lists
            numbering = None
        if numbering is not None:
            abstract = {a.get(f"{_W}abstractNumId"): a
                        for a in numbering.iter(f"{_W}abstractNum")}
            for num in numbering.iter(f"{_W}num"):
                ref = num.find(f"{_W}abstractNumId")
                definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
                if definition is None:
                    continue
                for lvl in definition.iter(f"{_W}lvl"):
                    fmt, text = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText")
                    start = lvl.find(f"{_W}start")
                    self.levels[(num.get(f"{_W}numId"), int(lvl.get(f"{_W}ilvl", "0")))] = (
                        fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                        text.get(f"{_W}val", "") if text is not None else "",
                        int(start.get(f"{_W}val", "1")) if start is not None else 1)
        for style in document.styles.element.iter(f"{_W}style"):
            num_id = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
            if num_id is not None:
                ilvl = style.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
                self.style_num[style.get(f"{_W}styleId")] = (
                    num_id.get(f"{_W}val"), int(ilvl.get(f"{_W}val")) if ilvl is not None else 0)

    def mark(self, para: Any, style_id: str) -> str:
        """The mark before `para` with a space after it, or "" for no list paragraph."""
        num_pr = para.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl = self.style_num.get(style_id, (None, 0))
        if num_pr is not None:
            el_id, el_lvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
            num_id = el_id.get(f"{_W}val") if el_id is not None else num_id
            ilvl = int(el_lvl.get(f"{_W}val")) if el_lvl is not None else ilvl
        level = self.levels.get((num_id, ilvl)) if num_id not in (None, "0") else None
        if level is None:
            return ""
        fmt, text, start = level
        if fmt == "bullet":
            return "• "
        if fmt not in _FORMATS:
            return ""
        count = self.counts.get((num_id, ilvl), start - 1) + 1
        self.counts[(num_id, ilvl)] = count
        for deeper in [k for k in self.counts if k[0] == num_id and k[1] > ilvl]:
            del self.counts[deeper]  # a sublist starts again under the next item

        def number(m: re.Match[str]) -> str:  # "%1" in "%1.%2." is level 0's count
            lv = int(m.group(1)) - 1
            fmt_lv = self.levels.get((num_id, lv), level)[0]
            return _FORMATS.get(fmt_lv, str)(self.counts.get((num_id, lv), 1))

        mark = re.sub(r"%(\d)", number, text or "%1.")
        return f"{mark} " if mark.strip() else ""


class _Body:
    """Walks block content in reading order, grouping paragraphs under heading paths."""

    def __init__(self, styles: dict[str, str], numbering: _Numbering | None = None):
        self.styles = styles
        self.numbering = numbering
        self.sections: list[Section] = []
        self.trail: list[str] = []
        self.current: list[str] = []
        self.boxes: list[str] = []
        self.title = ""
        self.objects: dict[str, int] = {}

    def flush(self) -> None:
        location = " > ".join(self.trail)
        if self.current:
            self.sections.append(Section(location, "\n\n".join(self.current)))
            self.current = []
        if self.boxes:
            where = f"{location} > Text box" if location else "Text box"
            self.sections.append(Section(where, "\n\n".join(self.boxes)))
            self.boxes = []

    def walk(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in _REMOVED or _placeholder(child):
                continue
            if tag == f"{_W}p":
                self.paragraph(child)
            elif tag == f"{_W}tbl":
                self._table_block(child)
            elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins",
                         f"{_W}smartTag") or tag == _CHOICE:
                self.walk(child)  # content controls and tracked insertions hold blocks
            elif tag == f"{{{MC}}}AlternateContent":
                self.walk(child)
            elif tag == _FALLBACK and not _skip(child):
                self.walk(child)

    def _table_block(self, tbl: Any) -> None:
        if _one_cell_rows(tbl):
            # A table of one column is a box drawn round the report (a bordered frame
            # holding its title, date lines and a table of speakers): its cells'
            # paragraphs and tables are read as blocks, not glued into a row.
            for tc in _own(tbl, f"{_W}tc"):
                self.walk(tc)
            return
        lines = self.table(tbl)
        if lines:
            self.current.append("\n".join(lines))

    def paragraph(self, para: Any) -> None:
        self._count_objects(para)
        text = _para_text(para).strip()
        style_el = para.find(f"{_W}pPr/{_W}pStyle")
        style_id = style_el.get(f"{_W}val") if style_el is not None else ""
        style = self.styles.get(style_id, (style_id or "").lower())
        level = _heading_level(style)
        if text and level is None and self.numbering is not None:
            text = self.numbering.mark(para, style_id or "") + text
        if text:
            if level is not None:
                self.flush()
                self.title = self.title or text
                self.trail[:] = self.trail[: max(level - 1, 0)] + [text]
            self.current.append(text)
        self._add_boxes(para)

    def _add_boxes(self, para: Any) -> None:
        """The text boxes anchored in `para`, for the section's "Text box" part: a box is
        laid out apart from the paragraph (or table cell) that anchors it, and read into
        it, its first sentence would run on from the anchor's last words."""
        for box in _text_boxes(para):
            inner = _Body(self.styles, self.numbering)
            inner.walk(box)
            inner.flush()
            self.objects.update({k: self.objects.get(k, 0) + n for k, n in inner.objects.items()})
            self.boxes.extend(s.text for s in inner.sections if s.text.strip())
        if self.boxes and not self.sections and not self.current and not self.trail:
            # Boxes before any text of the body are a cover (Word's cover pages set the
            # title and date lines in a text box): read first, where the title and the
            # header block are looked for.
            self.sections.append(Section("Text box", "\n\n".join(self.boxes)))
            self.boxes = []

    def table(self, tbl: Any) -> list[str]:
        """Rows of a table; a table nested in a cell follows its row, rows of its own."""
        rows: list[list[str]] = []
        nested: list[list[str]] = []
        above: dict[int, str] = {}  # grid column -> the text of the cell last over it
        for tr in tbl.iter(f"{_W}tr"):
            if _nearest(tr, f"{_W}tbl") is not tbl:
                continue  # a row of a nested table
            if tr.find(f"{_W}trPr/{_W}del") is not None:
                continue  # a row deleted with changes tracked
            row, column = [], 0
            for tc in tr.iter(f"{_W}tc"):
                if _nearest(tc, f"{_W}tr") is not tr:
                    continue
                text = self._cell_text(tc, nested)
                # A cell merged down from the one above (w:vMerge without "restart") is
                # empty in the file but shows that cell's text, as Word draws it: a
                # speaker's name merged over two statement rows names both.
                merge = tc.find(f"{_W}tcPr/{_W}vMerge")
                if merge is not None and merge.get(f"{_W}val", "continue") == "continue" \
                        and not text:
                    # A figure merged down is one value for the rows together (a budget
                    # the projects share): in each row it read as each row's own, three
                    # times the sum. It stays in the first row only.
                    shown = above.get(column, "")
                    text = "" if _FIGURE.fullmatch(shown) else shown
                else:
                    above[column] = text
                row.append(text)
                span = tc.find(f"{_W}tcPr/{_W}gridSpan")
                width = span.get(f"{_W}val", "1") if span is not None else "1"
                column += int(width) if width.isdigit() else 1
                # a cell spanning grid columns leaves the ones it covers blank, so that
                # each later cell stays under its own column's header ("2023" spanning
                # "Male | Female")
                row.extend([""] * ((int(width) if width.isdigit() else 1) - 1))
            rows.append(row)
        lines = table_lines(rows)
        for inner in nested:
            lines.extend(inner)
        return lines

    def _cell_text(self, tc: Any, nested: list[list[str]]) -> str:
        """A cell's text; tables nested in it go to `nested`, its text boxes to the
        section's text boxes."""
        parts = []
        for el in tc:
            if el.tag == f"{_W}p":
                self._count_objects(el)
                if t := _para_text(el).strip():
                    parts.append(t)
                self._add_boxes(el)
            elif el.tag == f"{_W}tbl":
                nested.append(self.table(el))
            elif el.tag == f"{_W}sdt" and not _placeholder(el):
                parts.extend(_para_text(p).strip() for p in el.iter(f"{_W}p"))
        return " ".join(p for p in parts if p)

    def _count_objects(self, para: Any) -> None:
        for el in para.iter(f"{_W}drawing", f"{_W}object", f"{_W}pict"):
            if el.find(f".//{_TXBX}") is not None or _in_fallback(el):
                continue
            kind = "embedded objects" if el.tag == f"{_W}object" else "pictures or charts"
            self.objects[kind] = self.objects.get(kind, 0) + 1


def _in_fallback(el: Any) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == _FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _own(tbl: Any, tag: str) -> list[Any]:
    """The rows (`tag` w:tr) or cells (w:tc) of `tbl` itself, not of a table nested in it."""
    return [el for el in tbl.iter(tag) if _nearest(el, f"{_W}tbl") is tbl]


def _one_cell_rows(tbl: Any) -> bool:
    rows = _own(tbl, f"{_W}tr")
    return bool(rows) and all(
        sum(1 for tc in tr.iter(f"{_W}tc") if _nearest(tc, f"{_W}tr") is tr) == 1
        for tr in rows)


def _nearest(el: Any, tag: str) -> Any:
    """The closest ancestor of `el` with `tag` (a cell's row, a row's table)."""
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent
