"""File names (and other one-line texts) made safe to show to people.

A file name may hold any character but ``/`` and NUL: a newline in one can fake a
whole ``xiaomi-reader: error: …`` line, a terminal escape can rewrite the screen,
and a right-to-left override (U+202E) makes ``report\\u202etxt.exe`` read as
``reportexe.txt``. Shown names have every such character written as a visible
escape instead (``\\n``, ``\\x1b``, ``\\u202e``), so one name is always one line
and reads in its real order. Backslashes are left alone (Windows paths), which
makes escaping twice the same as escaping once.
"""

from __future__ import annotations

import os

__all__ = ["display_name", "escape_controls"]

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_BIDI = [
    0x061C,  # Arabic letter mark
    0x200E,  # left-to-right mark
    0x200F,  # right-to-left mark
    *range(0x202A, 0x202F),  # embeddings, pop and overrides
    *range(0x2066, 0x206A),  # isolates
]
_LINE_BREAKS = [0x2028, 0x2029]  # line and paragraph separators: Qt breaks lines at them
# Lone surrogates come from undecodable bytes in a name (os.fsdecode); printed raw they
# make the output stream raise instead of showing the name.
_SURROGATES = list(range(0xD800, 0xE000))


def _escape(code: int) -> str:
    char = chr(code)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE = {
    code: _escape(code)
    for code in (
        *range(0x20),  # C0 controls
        *range(0x7F, 0xA0),  # DEL and the C1 controls (U+0085 is a newline too)
        *_BIDI,
        *_LINE_BREAKS,
        *_SURROGATES,
    )
}


def escape_controls(text: str) -> str:
    """``text`` with control, line-breaking and bidirectional characters escaped."""
    # Every character escaped is one str.isprintable() rejects: most names need no copy.
    if text.isprintable():
        return text
    return text.translate(_TABLE)


def display_name(path: str | os.PathLike[str]) -> str:
    """A file name or path as it may be shown: one line, in its real order."""
    return escape_controls(os.fspath(path))
