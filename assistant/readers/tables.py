"""Tables as text a reader (and a retriever) can use: one row per line, cells separated
by " | ", and each number carrying the column header that gives it its meaning."""

from __future__ import annotations

import re

_NUMBER = re.compile(
    r"^[\s(\[$€£¥₨]*(?:Rs\.?\s*)?[-+−–]?\s*[\d][\d,.\s]*%?[)\]]?\s*"
    r"(?:percent|per cent|million|billion|bn|mn|m|k|crore|lakh)?\s*[†‡*]*\s*$",
    re.I,
)


def is_number(cell: str) -> bool:
    return bool(cell.strip()) and _NUMBER.match(cell) is not None and cell.strip() not in "-–—"


# A figure with its unit in words after it, as web and Word tables write a cell: "2,450
# megawatts", "11 rupees per unit", "42 million dollars".
_QUANTITY = re.compile(r"^[\s(\[$€£¥₨]*(?:Rs\.?\s*)?[-+−–]?\s*\d[\d,.]*%?\s+"
                       r"([^\W\d_]+(?:\s+[^\W\d_]+){0,2})\s*$")


def is_quantity(cell: str) -> bool:
    """A number alone (`is_number`) or with its unit in up to three words after it. The
    unit is written in lower case (or a short capital symbol, "MW"): "5% Job Quota" or
    "2023 Annual Plan" names a thing."""
    if is_number(cell):
        return True
    m = _QUANTITY.match(cell)
    return m is not None and not any(w[:1].isupper() and not (w.isupper() and len(w) <= 4)
                                     for w in m.group(1).split())


def _is_header(row: list[str]) -> bool:
    filled = [c for c in row if c.strip()]
    return len(filled) >= 2 and not any(is_number(c) for c in filled[1:])


# A column headed by a year or a fiscal year: "2023", "2022-23", "FY2024", "FY 2023/24"
_YEAR_HEAD = re.compile(r"(?:FY\s?)?(?:19|20)\d\d(?:\s?[-–/]\s?(?:19|20)?\d\d)?[PpEeR]?",
                        re.I)


def _years_header(rows: list[list[str]]) -> bool:
    """Whether the first row names columns by their years over other figures ("Area |
    2022 | 2023" over "Rural | 45.2 | 43.1"), as a statistical annex heads its columns."""
    heads = [c.strip() for c in rows[0][1:] if c.strip()]
    years = [c for c in heads if _YEAR_HEAD.fullmatch(c)]
    # rows with cells after their label: figures each ("Male | Female" under the years
    # heads columns of its own); a group's one-cell label row ("Punjab") is passed over
    filled = [row for row in rows[1:] if any(c.strip() for c in row[1:])]
    return len(years) >= 2 and len(years) >= len(heads) - 1 and not is_number(rows[0][0]) \
        and bool(filled) and all(
            any(is_number(c) and not _YEAR_HEAD.fullmatch(c.strip()) for c in row[1:])
            or all(c.strip() in ("", "-", "–", "—", "n.a.", "..") for c in row[1:])
            for row in filled)


def first_row_is_header(rows: list[list[str]]) -> bool:
    """Whether the first row names the columns: it holds no numbers and later rows do."""
    return len(rows) > 1 and _is_header(rows[0]) and any(
        is_number(c) for row in rows[1:] for c in row[1:])


def merge_units(row: list[str]) -> list[str]:
    """Statements put "$" and "%" in cells of their own: join them to their figure."""
    out = list(row)
    for i, cell in enumerate(out):
        if cell in ("$", "€", "£", "Rs", "Rs.") and i + 1 < len(out) and out[i + 1]:
            out[i + 1] = f"{cell}{out[i + 1]}" if cell != "Rs" else f"Rs {out[i + 1]}"
            out[i] = ""
        elif cell in ("%", ")") and i > 0 and out[i - 1]:
            out[i - 1] += cell
            out[i] = ""
    return out


def _two_row_header(rows: list[list[str]]) -> list[str] | None:
    """The column headers of a table headed by two rows, the upper one's cells spanning
    the lower one's ("2023" over "Male | Female", "2024" over "Male | Female", the row
    label's cell merged down over both): each column's header is the cell above it
    (carried right over the span) with its own, "2024 Female", so that a figure reads
    "Kech | 2024 Female: 41.2", not a bare number of four alike. None for other tables."""
    if len(rows) < 3 or rows[1][0] not in ("", rows[0][0]):  # blank, or merged down
        return None
    top, bottom = rows[0][1:], rows[1][1:]
    if not all(bottom) or len(bottom) < 2 or any(is_number(c) for c in bottom) \
            or not top[0] or all(top) \
            or any(is_quantity(c) and not re.fullmatch(r"(?:19|20)\d\d(?:-\d\d)?", c)
                   for c in top if c) \
            or not any(is_quantity(c) for row in rows[2:] for c in row[1:]):
        return None
    header, above = [rows[0][0]], ""
    for upper, lower in zip(top, bottom, strict=True):
        above = upper or above
        header.append(f"{above} {lower}")
    return header


def table_lines(rows: list[list[str]], header: list[str] | None = None) -> list[str]:
    """Lines for a table given as rows of cell texts (merged or empty cells as "").

    `header` gives the column headers (one text per column) where the caller found them
    (printed above the table's box); otherwise the first row is taken as column headers
    when it holds no numbers and later rows do. Each number then reads "Header: value"
    ("Kech | Literacy rate: 40.9 | Enrolment: 52.8"), so the row label and its column
    header stay with the number in any chunk or quote; a number with its unit in words
    ("Capacity: 870 megawatts") reads so too. Empty rows are dropped;
    whitespace inside a cell is folded."""
    rows = [merge_units([re.sub(r"\s+", " ", c or "").strip() for c in row]) for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    first = 0
    lines: list[str] = []
    if header is not None:
        header = [re.sub(r"\s+", " ", h).strip() for h in header]
        header += [""] * (width - len(header))
    elif (two := _two_row_header(rows)) is not None:
        header, first = two, 2
        lines.extend(" | ".join(c for c in row if c) for row in rows[:2])
    elif first_row_is_header(rows) or _years_header(rows) or len(rows) > 1 and _is_header(
            rows[0]) and not any(
            is_quantity(c) for c in rows[0][1:]) and any(
            is_quantity(c) for row in rows[1:] for c in row[1:]):
        header, first = rows[0], 1
        lines.append(" | ".join(c for c in rows[0] if c))
    for row in rows[first:]:
        if header is not None:
            cells = [
                f"{header[j]}: {cell}" if j > 0 and header[j] and is_quantity(cell) else cell
                for j, cell in enumerate(row)
            ]
        else:
            cells = row
        lines.append(" | ".join(c for c in cells if c))
    return [ln for ln in lines if ln]


_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# The first cell of a list item written with a tab: "•\tItem", "1.\tItem", "Q:\tWhat ..."
_LIST_MARK = re.compile(r"^(?:[•·▪◦*–-]|\(?[0-9a-zA-Z]{1,3}[.)]|[^\W\d_]{1,3}:)$")


def is_table(rows: list[list[str]]) -> bool:
    """Whether `rows` (two or more) split at tabs or runs of spaces are a table, not prose
    with wide gaps in it ("The minister said<TAB>that ...", "Q:<TAB>What ...",
    "•<TAB>Item"): as many cells in every row, and three columns or a figure outside the
    first column; a list's marker and its item are no table."""
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        return False
    if width == 2 and all(_LIST_MARK.match(row[0]) for row in rows[1:]):
        return False
    return width >= 3 or any(is_quantity(c) for row in rows for c in row[1:])


def text_tables(text: str) -> str:
    """`text` with its tables written as `table_lines` rows, a paragraph each (blank
    lines around and between them): Markdown pipe tables ("| Punjab | 2,450 MW |", the
    "|---|" rule dropped) and runs of two or more lines whose cells are separated by tabs
    (a spreadsheet pasted into a text file; see `is_table`). Without this, the clean-up
    joins a table's lines into one run of words. A single line with a tab in it is left
    alone (a tab as a wide space)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        if _MD_ROW.match(lines[i]):
            while j < len(lines) and (_MD_ROW.match(lines[j]) or _MD_RULE.match(lines[j])):
                j += 1
            rows = [[c.strip() for c in ln.strip().strip("|").split("|")]
                    for ln in lines[i:j] if not _MD_RULE.match(ln)]
            table = j - i >= 2
        else:
            while j < len(lines) and len(re.split(r"\t+", lines[j].strip("\t "))) >= 2:
                j += 1
            rows = [re.split(r"\t+", ln.strip("\t ")) for ln in lines[i:j]]
            table = j - i >= 2 and is_table(rows)
        if table:
            # blank lines: each row is a paragraph of its own, never joined to the text
            # around it
            out.extend(["", *"\n\n".join(table_lines(rows)).split("\n"), ""])
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)
