"""How firmly a passage's stored context vouches for a place in a new text.

A score (:mod:`quote_search`) says which place fits best; these say whether the context alone
is enough to move an annotation there when the diff does not put it there. Repeated news copy
(the same stock sentence in many paragraphs) makes a half-matching context cheap: the words
next to one copy are often the words next to another. What is hard to fake is the passage's
own paragraph around it, and the whole stored context on both sides.

A side of the stored context shorter than :data:`CONTEXT_CHARS` was cut short by the edge of
the text, so it fits fully only at that edge. Offsets are code points. No Qt, no SQL.
"""

from __future__ import annotations

from functools import cached_property

from xiaomi_reader.core.anchoring import (
    CONTEXT_CHARS,
    common_prefix_len,
    common_suffix_len,
    occurrences,
)

__all__ = ["BREAK", "OldCopies", "framed", "held_by_paragraph", "matched_sides"]

BREAK = "\n\n"


def matched_sides(text: str, start: int, end: int, prefix: str, suffix: str) -> tuple[int, int]:
    """How many characters of the stored prefix and suffix are right next to ``start:end``."""
    before = common_suffix_len(text[max(0, start - len(prefix)) : start], prefix)
    after = common_prefix_len(text[end : end + len(suffix)], suffix)
    return before, after


def framed(
    text: str, start: int, end: int, prefix: str, suffix: str, sides: tuple[int, int] | None = None
) -> bool:
    """The whole stored context is right around the place: no reader could tell it from the
    place the annotation was made on (a short side must meet the edge of the text too).
    ``sides``: its :func:`matched_sides`, when they are already counted."""
    before, after = matched_sides(text, start, end, prefix, suffix) if sides is None else sides
    return (
        before == len(prefix)
        and after == len(suffix)
        and (len(prefix) >= CONTEXT_CHARS or start == len(prefix))
        and (len(suffix) >= CONTEXT_CHARS or end + len(suffix) == len(text))
    )


def held_by_paragraph(
    text: str, start: int, end: int, prefix: str, suffix: str, sides: tuple[int, int] | None = None
) -> bool:
    """The passage's own paragraph is intact around the place, and it is no bare repeat.

    Each side must match up to and including the paragraph break it holds, as it does for a
    passage in a paragraph that moved whole (the edge of the text counts as a break: the
    paragraph may have moved to the top or the end). A side that holds no break must match
    whole, and when it is short, meet the edge of the text that cut it. The two sides
    together must match at least :data:`CONTEXT_CHARS` characters, so that a stock sentence
    standing as a paragraph of its own is not placed by its breaks alone. ``sides`` as for
    :func:`framed`.
    """
    before, after = matched_sides(text, start, end, prefix, suffix) if sides is None else sides
    # Measured from the passage outwards: the prefix reversed, and the text before it.
    at_start = text[max(0, start - len(BREAK)) : start][::-1]
    if not _side_holds(prefix[::-1], before, at_start, start):
        return False
    if not _side_holds(suffix, after, text[end : end + len(BREAK)], len(text) - end):
        return False
    return before + after >= min(CONTEXT_CHARS, len(prefix) + len(suffix))


def _side_holds(side: str, matched: int, next_to: str, room: int) -> bool:
    """One side, read from the passage outwards: ``matched`` of its characters are right
    next to the place, ``next_to`` are the text's first two characters there and ``room``
    how many there are up to the edge of the text."""
    if BREAK in side:
        need = side.find(BREAK) + len(BREAK)
        return matched >= need or matched == need - len(BREAK) == room
    if not side:  # it met the edge of the text, so it met a paragraph's end
        return room == 0 or next_to == BREAK
    return matched == len(side) and (len(side) >= CONTEXT_CHARS or room == len(side))


class OldCopies:
    """What the old text says about copies of a passage. Each answer is a scan of the whole
    old text, so it is worked out only when a rule asks for it, and then once."""

    def __init__(self, old_text: str, exact: str, prefix: str, suffix: str) -> None:
        self.old_text, self.exact, self.prefix, self.suffix = old_text, exact, prefix, suffix

    @cached_property
    def framed(self) -> int:
        """How many places had the quote with its whole stored context around it."""
        text, exact, prefix, suffix = self.old_text, self.exact, self.prefix, self.suffix
        return sum(
            framed(text, at + len(prefix), at + len(prefix) + len(exact), prefix, suffix)
            for at in occurrences(text, prefix + exact + suffix)
        )

    @cached_property
    def paragraph_repeats(self) -> bool:
        """Whether the passage's paragraph (as much of it as the stored context holds) stood
        more than once, as a stock sentence said in paragraphs of its own does. Context then
        cannot tell a copy that moved from its twin that stayed."""
        cut = self.prefix.rfind(BREAK)
        before = self.prefix[cut:] if cut != -1 else self.prefix
        cut = self.suffix.find(BREAK)
        after = self.suffix[: cut + len(BREAK)] if cut != -1 else self.suffix
        paragraph = before + self.exact + after
        first = self.old_text.find(paragraph)
        return first != -1 and self.old_text.find(paragraph, first + 1) != -1
