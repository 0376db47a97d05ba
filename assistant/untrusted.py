"""Text from reports and file names is untrusted: control characters out.

A right-to-left override (U+202E) in a report reverses the rest of the answer and of its
source passage on screen; other bidi embeddings, overrides and isolates do the same in
smaller ways; terminal escape sequences (ESC [ ... m, OSC ...) in report text or a file
name recolour, retitle or rewrite a user's terminal. Clean-up strips them from report
text (so quotes and offsets never contain them), and names are made printable before the
CLI or the chat shows them.
"""

from __future__ import annotations

import re

# Bidi embedding, override and isolate controls, and the implicit marks (Unicode
# UAX #9, "Explicit Directional Formatting Characters" and "Implicit Directional Marks").
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# ECMA-48 sequences: CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), and the
# two-character escapes; then any C0/C1 control left, except tab and newline.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")


def strip_controls(text: str) -> str:
    """`text` without terminal escape sequences, C0/C1 control characters (tab, newline,
    carriage return and form feed kept) and bidi controls. Pure; same input, same output."""
    if not text:
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def shown_name(name: str) -> str:
    """A file name (or any line) safe to print: control and bidi characters, carriage
    returns and form feeds shown as `\\u202e`-style escapes, so the name reads as it is
    stored and cannot act on the screen. Newlines and tabs are kept."""
    return "".join(
        f"\\u{ord(c):04x}" if (_CONTROLS.match(c) or c in "\r\f") else c for c in name
    )
