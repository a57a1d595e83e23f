"""Three-way merges for values two programs changed at once (tags of a passage, a note).

A write that replaces a whole value names the value it expected to replace (the
*base*). When the library holds something else (*theirs*, written by another
window or the command line in the meantime), both changes are kept: nothing
written by anyone is overwritten without a trace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import merge3

# Words and the whitespace between them, so that edits to different words merge.
_TOKENS = re.compile(r"(\s+)")
# Between two notes that could not be merged word by word.
BOTH_KEPT_SEPARATOR = "\n\n"


def merge_tags(base: Iterable[int], mine: Iterable[int], theirs: Iterable[int]) -> tuple[int, ...]:
    """Their tags, plus the ones I added, minus the ones I removed (in the tags' order)."""
    base_set, mine_set = set(base), set(mine)
    added, removed = mine_set - base_set, base_set - mine_set
    return tuple(sorted((set(theirs) | added) - removed))


def merge_text(base: str, mine: str, theirs: str) -> tuple[str, bool]:
    """Merge my edit of ``base`` into theirs; returns the text and whether it merged cleanly.

    Edits to different words merge (Breezy's ``merge3`` on word tokens); edits that
    touch the same words cannot be merged, and then both texts are kept, theirs first.
    """
    if theirs in (base, mine):
        return mine, True
    if mine == base:
        return theirs, True
    merge = merge3.Merge3(_tokens(base), _tokens(mine), _tokens(theirs))
    merged: list[str] = []
    for group in merge.merge_groups():
        if group[0] == "conflict":
            return theirs + BOTH_KEPT_SEPARATOR + mine, False
        merged.extend(group[1])
    return "".join(merged), True


def _tokens(text: str) -> list[str]:
    return [token for token in _TOKENS.split(text) if token]
