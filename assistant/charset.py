"""Decoding text reports: UTF-8, or UTF-16/UTF-32 where a byte-order mark says so.

Windows tools ("Unicode" in Notepad, PowerShell's `Out-File`) save text as UTF-16 with a
byte-order mark; its bytes are full of NULs, which a sniffer takes for binary data.
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


def decode_text(data: bytes) -> str:
    """`data` as text: by its byte-order mark, else UTF-8. Raises UnicodeDecodeError
    (with the offset of the bad byte) when it is neither."""
    name = bom_encoding(data)
    if name is None:
        return data.decode("utf-8")
    bom = next(b for b, n in _BOMS if n == name)
    return data[len(bom):].decode(name)
