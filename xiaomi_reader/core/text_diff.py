"""What changed between two versions of an article's text, in code points.

The diff is Google's diff-match-patch (the Python port, which works on ``str`` and so counts
code points: an emoji is one position, as everywhere else in the store), followed by its
semantic clean-up, which turns a scatter of one-letter coincidences into whole-word edits a
reader recognises (NewsDiffs shows article versions the same way).

:func:`diff_texts` lists every piece (equal, deleted, inserted) with its range in both texts;
:func:`changes` pairs a deletion with the insertion that replaces it; and
:func:`changes_touching_first` orders the changes for a "What changed" section: the ones
that touch annotated passages first. No Qt, no SQL.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate

from diff_match_patch import diff_match_patch

__all__ = [
    "DIFF_TIMEOUT_S",
    "Change",
    "Edit",
    "Op",
    "changes",
    "changes_touching_first",
    "diff_texts",
    "touches",
    "whole_words",
]

# A diff that takes longer returns a coarser (still correct) result: fewer, larger edits.
# A corrected 200 kB article diffs in a few milliseconds; only a near-total rewrite gets here.
DIFF_TIMEOUT_S = 2.0

_OPS = {0: "equal", -1: "delete", 1: "insert"}


class Op(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True, slots=True)
class Edit:
    """One piece of the diff. A deletion has an empty new range, an insertion an empty old one;
    ``text`` is the piece's text (of the old text for equal and deleted pieces)."""

    op: Op
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    """A place where the texts differ: ``removed`` (old range) became ``added`` (new range).
    One of the two may be empty (a pure insertion or deletion)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    removed: str
    added: str


def diff_texts(old: str, new: str) -> list[Edit]:
    """The diff of ``old`` → ``new`` after semantic clean-up, in order.

    Concatenating the equal and deleted pieces gives ``old``; the equal and inserted ones
    give ``new``.
    """
    engine = diff_match_patch()
    engine.Diff_Timeout = DIFF_TIMEOUT_S
    pieces = engine.diff_main(old, new)
    engine.diff_cleanupSemantic(pieces)
    edits: list[Edit] = []
    at_old = at_new = 0
    for code, text in pieces:
        if not text:
            continue
        op = Op(_OPS[code])
        old_end = at_old + (0 if op is Op.INSERT else len(text))
        new_end = at_new + (0 if op is Op.DELETE else len(text))
        edits.append(Edit(op, at_old, old_end, at_new, new_end, text))
        at_old, at_new = old_end, new_end
    return edits


def changes(edits: Iterable[Edit]) -> list[Change]:
    """The non-equal pieces, a deletion and the insertion next to it taken as one change."""
    found: list[Change] = []
    pending: Change | None = None
    for edit in edits:
        if edit.op is Op.EQUAL:
            if pending is not None:
                found.append(pending)
                pending = None
            continue
        removed = edit.text if edit.op is Op.DELETE else ""
        added = edit.text if edit.op is Op.INSERT else ""
        if pending is None:
            pending = Change(
                edit.old_start, edit.old_end, edit.new_start, edit.new_end, removed, added
            )
        else:
            pending = Change(
                pending.old_start,
                edit.old_end if edit.op is Op.DELETE else pending.old_end,
                pending.new_start,
                edit.new_end if edit.op is Op.INSERT else pending.new_end,
                pending.removed + removed,
                pending.added + added,
            )
    if pending is not None:
        found.append(pending)
    return found


def touches(change: Change, start: int, end: int) -> bool:
    """Whether ``change`` alters the old text's passage ``start:end``.

    A removal touches it when the two overlap; an insertion only when it lands strictly
    inside (text added right before or after a passage leaves the passage as it was).
    """
    if change.old_start == change.old_end:
        return start < change.old_start < end
    return change.old_start < end and start < change.old_end


def changes_touching_first(
    found: Sequence[Change], passages: Iterable[tuple[int, int]]
) -> list[tuple[Change, bool]]:
    """Each change with whether it touches one of the passages (old ranges), those that do
    first; each group keeps the text's order. O((changes + passages) log passages)."""
    ranges = sorted(passages)
    starts = [s for s, _ in ranges]
    # The furthest end among the passages sorted up to each index: a change touches some
    # passage that starts before its end exactly when that furthest end reaches into it.
    reach = list(accumulate((e for _, e in ranges), max))

    def touched(change: Change) -> bool:
        before = bisect_left(starts, change.old_end)
        return before > 0 and reach[before - 1] > change.old_start

    marked = [(change, touched(change)) for change in found]
    return [item for item in marked if item[1]] + [item for item in marked if not item[1]]


def whole_words(change: Change, old: str, new: str) -> Change:
    """The change widened to whole words ("Monda|y" reads as "Monday"): the text around a
    change is the same in both versions, so both sides take the same letters (never
    across whitespace, nor into a neighbouring change)."""
    os, oe, ns, ne = change.old_start, change.old_end, change.new_start, change.new_end

    def inside(first: bool) -> str:
        if oe > os:
            return old[os] if first else old[oe - 1]
        return (new[ns] if first else new[ne - 1]) if ne > ns else " "

    def joins(o: int, n: int, first: bool) -> bool:
        return old[o] == new[n] and not old[o].isspace() and not inside(first).isspace()

    while os > 0 and ns > 0 and joins(os - 1, ns - 1, True):
        os, ns = os - 1, ns - 1
    while oe < len(old) and ne < len(new) and joins(oe, ne, False):
        oe, ne = oe + 1, ne + 1
    return Change(os, oe, ns, ne, old[os:oe], new[ns:ne])
