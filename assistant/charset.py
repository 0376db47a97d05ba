"""Decoding text reports: UTF-8, or UTF-16/UTF-32 where a byte-order mark says so, else
the legacy code page `charset-normalizer` finds.

Windows tools ("Unicode" in Notepad, PowerShell's `Out-File`) save text as UTF-16 with a
byte-order mark; its bytes are full of NULs, which a sniffer takes for binary data. Word's
"Plain Text" and older tools save in the system code page (Windows-1252 in Pakistan and
the West, 1251 for Cyrillic), whose curly quotes and dashes are no UTF-8.
"""

from __future__ import annotations

import codecs

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of `data` names, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def decode_text_as(data: bytes) -> tuple[str, str]:
    """`data` as text, and the encoding read: by its byte-order mark, else UTF-8, else
    the code page `charset-normalizer` judges likeliest ("cp1252"). Raises
    UnicodeDecodeError (with the offset of the first byte that is no UTF-8) when no
    encoding reads it as text."""
    name = bom_encoding(data)
    if name is not None:
        bom = next(b for b, n in _BOMS if n == name)
        return data[len(bom):].decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best), best.encoding
