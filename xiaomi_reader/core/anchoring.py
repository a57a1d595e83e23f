"""Text anchoring for annotations and offset conversion between Python and Qt.

Offsets stored with an annotation (and the W3C ``TextPositionSelector``) count
Unicode code points of the article text, i.e. Python ``str`` indices.  Qt's
``QTextCursor`` counts UTF-16 code units instead, so every astral-plane
character (emoji and other characters above U+FFFF) before a position shifts
Qt's position by one.  :class:`OffsetMap` is the single place where the two
are converted.

An annotation is re-attached to a (possibly edited) text with :func:`resolve`:
first by its stored position, then by searching for its quote and choosing
between repeated quotes by the surrounding context (W3C
``TextQuoteSelector`` prefix/suffix) and by nearness to the stored position.
When no unique place can be found the result is ``None`` and the caller keeps
the annotation as an orphan rather than attaching it to the wrong words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CONTEXT_CHARS",
    "Anchor",
    "AnchorMethod",
    "OffsetMap",
    "Selector",
    "build_selector",
    "codepoint_to_utf16",
    "common_prefix_len",
    "common_suffix_len",
    "occurrences",
    "passage_window",
    "resolve",
    "resolve_selector",
    "utf16_length",
    "utf16_to_codepoint",
]

CONTEXT_CHARS = 32

# Characters that need a surrogate pair in UTF-16.  Lone surrogates that may
# sit in a Python str are single code units in Qt too, so they do not match.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# --------------------------------------------------------------------------
# Selectors
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Selector:
    """A W3C position + quote selector; all offsets are code points."""

    start: int  # inclusive
    end: int  # exclusive
    exact: str
    prefix: str  # up to CONTEXT_CHARS code points before start
    suffix: str  # up to CONTEXT_CHARS code points after end


def build_selector(
    text: str, start: int, end: int, context: int = CONTEXT_CHARS, *, offset: int = 0
) -> Selector:
    """Describe ``text[start:end]`` by position, quote and surrounding context.

    ``text`` may also be the part of a longer text that begins at code point ``offset``
    and holds at least :func:`passage_window` of the range (or runs to the text's end);
    positions stay those of the whole text.  Raises ValueError unless
    ``0 <= start < end <= len(text)``: an empty range is not an annotation.
    """
    if context < 0:
        raise ValueError(f"context must not be negative, got {context}")
    if not 0 <= offset <= start < end:
        raise ValueError(f"invalid range {start}..{end}")
    # Past the passage, the part holds the text up to its context or the text's end.
    known_end = offset + len(text)
    if end > known_end:
        raise ValueError(f"invalid range {start}..{end} for a text of length {known_end}")
    lo, hi = start - offset, end - offset
    return Selector(
        start=start,
        end=end,
        exact=text[lo:hi],
        prefix=text[max(0, lo - context) : lo],
        suffix=text[hi : hi + context],
    )


def passage_window(start: int, end: int, context: int = CONTEXT_CHARS) -> tuple[int, int]:
    """The code points ``[lo, hi)`` of a text that :func:`build_selector` reads for a range.

    A store reads only these of a long article (a substring), not the whole text.
    """
    return max(0, start - context), max(start, end) + context


# --------------------------------------------------------------------------
# Resolving
# --------------------------------------------------------------------------


class AnchorMethod(StrEnum):
    """How an annotation was re-attached to the text."""

    POSITION = "position"
    QUOTE = "quote"


@dataclass(frozen=True)
class Anchor:
    """A resolved range of code points; ``text[start:end]`` is the quote."""

    start: int
    end: int
    method: AnchorMethod


def resolve(
    text: str,
    exact: str,
    start: int | None = None,
    end: int | None = None,
    prefix: str = "",
    suffix: str = "",
) -> Anchor | None:
    """Find where the quote ``exact`` sits in ``text``; None if it cannot be placed.

    1. Position: when ``start`` and ``end`` are given and ``text[start:end]``
       still equals ``exact``, that range wins.
    2. Quote: every occurrence of ``exact`` (overlapping ones included) is
       scored by how many characters of ``prefix`` match right before it and
       of ``suffix`` right after it; ties are broken by distance to ``start``
       when one was given.  A single occurrence is taken as is; among several
       the best is taken only if it is strictly better than the runner-up,
       otherwise the quote is ambiguous and the result is None.

    The context only ranks occurrences, it never vetoes one: a single
    occurrence whose surroundings match neither prefix nor suffix is still
    accepted, because the quote is what the reader marked and the context may
    simply have been edited.

    Every returned anchor satisfies ``text[a.start:a.end] == exact``.  Never
    raises for str inputs and int/None positions of any size or sign.
    """
    if not exact:
        return None
    if start is not None and end is not None and _position_matches(text, exact, start, end):
        return Anchor(start, end, AnchorMethod.POSITION)
    found = _best_occurrence(text, exact, prefix, suffix, start)
    if found is None:
        return None
    return Anchor(found, found + len(exact), AnchorMethod.QUOTE)


def resolve_selector(text: str, selector: Selector) -> Anchor | None:
    """Resolve a stored :class:`Selector` against ``text``."""
    return resolve(
        text,
        selector.exact,
        start=selector.start,
        end=selector.end,
        prefix=selector.prefix,
        suffix=selector.suffix,
    )


def _position_matches(text: str, exact: str, start: int, end: int) -> bool:
    # Range check first: negative indices would silently slice from the end.
    return 0 <= start < end <= len(text) and text[start:end] == exact


def occurrences(text: str, exact: str) -> list[int]:
    """All start indices of ``exact`` in ``text``, overlapping ones included."""
    found: list[int] = []
    i = text.find(exact)
    while i != -1:
        found.append(i)
        i = text.find(exact, i + 1)
    return found


def common_suffix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def common_prefix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _context_score(text: str, at: int, length: int, prefix: str, suffix: str) -> int:
    """Characters of prefix/suffix that match the text right around an occurrence."""
    before = text[max(0, at - len(prefix)) : at]
    after = text[at + length : at + length + len(suffix)]
    return common_suffix_len(before, prefix) + common_prefix_len(after, suffix)


def _best_occurrence(
    text: str, exact: str, prefix: str, suffix: str, hint: int | None
) -> int | None:
    """The start of the uniquely best occurrence of ``exact``, or None."""
    starts = occurrences(text, exact)
    if not starts:
        return None
    if len(starts) == 1:
        return starts[0]

    def rank(at: int) -> tuple[int, int]:
        # Higher context score first; then nearer to the hint (0 when no hint,
        # which leaves equal scores tied and therefore ambiguous).
        distance = abs(at - hint) if hint is not None else 0
        return (-_context_score(text, at, len(exact), prefix, suffix), distance)

    ranked = sorted(starts, key=rank)
    best, runner_up = ranked[0], ranked[1]
    return best if rank(best) < rank(runner_up) else None


# --------------------------------------------------------------------------
# Code points <-> UTF-16 code units
# --------------------------------------------------------------------------


class OffsetMap:
    """Converts between code points and UTF-16 code units for one text; O(log n) per call
    after O(n) set-up, with a fast path when the text has no astral characters."""

    __slots__ = ("_astral", "_astral_u16", "_length", "_utf16_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Code point index of each astral character, ascending.
        self._astral: list[int] = (
            [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        )
        # UTF-16 index where each astral character's surrogate pair starts:
        # the k-th one is shifted by the k astral characters before it.
        self._astral_u16: list[int] = [cp + k for k, cp in enumerate(self._astral)]
        self._utf16_length = self._length + len(self._astral)

    @property
    def utf16_length(self) -> int:
        """Length of the text in UTF-16 code units (Qt's length)."""
        return self._utf16_length

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code point position ``cp`` (0 <= cp <= len(text))."""
        if not 0 <= cp <= self._length:
            raise ValueError(f"code point position {cp} outside 0..{self._length}")
        if not self._astral:
            return cp
        # Each astral character strictly before cp adds one code unit.
        return cp + bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int) -> int:
        """Code point position of UTF-16 position ``u16`` (0 <= u16 <= utf16_length).

        A position between the two halves of a surrogate pair rounds down to
        the start of that character, so a cursor can never split it.
        """
        if not 0 <= u16 <= self._utf16_length:
            raise ValueError(f"UTF-16 position {u16} outside 0..{self._utf16_length}")
        if not self._astral:
            return u16
        # Astral characters whose pair starts before u16.
        k = bisect_right(self._astral_u16, u16 - 1)
        if k and self._astral_u16[k - 1] == u16 - 1:
            return self._astral[k - 1]  # inside that pair
        return u16 - k


def utf16_length(s: str) -> int:
    """Length of ``s`` in UTF-16 code units."""
    return OffsetMap(s).utf16_length


def codepoint_to_utf16(text: str, cp: int) -> int:
    """One-off :meth:`OffsetMap.to_utf16`; build an OffsetMap for repeated use."""
    return OffsetMap(text).to_utf16(cp)


def utf16_to_codepoint(text: str, u16: int) -> int:
    """One-off :meth:`OffsetMap.to_codepoint`; build an OffsetMap for repeated use."""
    return OffsetMap(text).to_codepoint(u16)
