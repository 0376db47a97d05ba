"""Decoding text reports: UTF-8, or UTF-16/UTF-32 where a byte-order mark says so, else
the legacy code page `charset-normalizer` finds.

Windows tools ("Unicode" in Notepad, PowerShell's `Out-File`) save text as UTF-16 with a
byte-order mark; its bytes are full of NULs, which a sniffer takes for binary data. Word's
"Plain Text" and older tools save in the system code page (Windows-1252 in Pakistan and
the West, 1251 for Cyrillic), whose curly quotes and dashes are no UTF-8.
"""

from __future__ import annotations

import codecs
import re

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

        western = _western(data)
        if western is not None:
            return western, "cp1252"
        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best), best.encoding


# What Western text holds outside ASCII besides accented letters: Word's quotes, dashes,
# ellipsis, bullets, currency and degree signs.
_WESTERN_MARKS = set("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022"
                     "\u20ac\u00a3\u00a9\u00ae\u00b0\u00b7\u00ab\u00bb\u00a0\u2122\u00d7"
                     "\u00bd\u00bc\u00be\u00a7")


def _western(data: bytes) -> str | None:
    """`data` read as Windows-1252 (Word's "Plain Text" on a Western Windows), when that
    reads as Western text: no byte cp1252 leaves undefined, every other character an
    accented Latin letter or Word's punctuation, and accented letters a few among many
    plain ones ("Zürich", "café", "naïve"). charset-normalizer, judging short texts by
    their letters, takes such a file for Baltic cp775 or Central European cp1250
    ("Z³rich", "naďve"). A Cyrillic cp1251 file read so is all accented letters
    ("Ïàêèñòàí"), a Polish cp1250 one has signs among its letters ("¿ó³æ"): neither
    passes. Nor does Czech or Hungarian cp1250, whose words read so mix accents that no
    Western word mixes ("Semináø", "úèastníci", "résztvevõk" for "Seminář", "účastníci",
    "résztvevők"): that is left to charset-normalizer, which reads it right."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    plain = accented = 0
    for ch in text:
        if ch.isascii():
            if not ch.isprintable() and ch not in "\t\n\r\f\v":
                return None  # control bytes: binary, or no Windows text
            plain += ch.isalpha()
        elif ch.isalpha() and "\u00c0" <= ch <= "\u017f" and ch not in "\u00d7\u00f7":
            accented += 1
        elif ch not in _WESTERN_MARKS:
            return None
    if accented > 0.15 * (plain + accented) or any(
            _central_word(w) for w in re.findall(r"[^\W\d_]+", text)):
        return None
    return text


# The Western letters whose byte is another letter in Central European cp1250 ("ø" is
# "ř", "è" is "č", "õ" is "ő"): a word that holds one of them beside another accented
# letter is Czech, Slovak or Hungarian read in the wrong code page more often than it is
# French or Portuguese ("élève", "ações" are left to charset-normalizer, as before).
_CP1250_TWINS = frozenset(
    ch for ch in bytes(range(0x80, 0x100)).decode("cp1252", "ignore")
    if ch.isalpha() and ch.encode("cp1252").decode("cp1250", "ignore") not in ("", ch))


def _central_word(word: str) -> bool:
    marked = {ch for ch in word if not ch.isascii()}
    return len(marked) >= 2 and bool(marked & _CP1250_TWINS)
