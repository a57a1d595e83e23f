"""Where positions of an old text land in a new one, through the equal pieces of their diff.

Used by :mod:`reanchoring`: the exact new range of a passage the diff keeps whole, the
range of one it edits and how much of it is kept, and the stretches the new version added
(where a passage that moved may have gone). Offsets are code points. No Qt, no SQL.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from xiaomi_reader.core.text_diff import Edit, Op

__all__ = ["DiffMap"]


class DiffMap:
    """Old positions → new positions through the equal pieces of a diff."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        same = [e for e in edits if e.op is Op.EQUAL]
        self.old_starts = [e.old_start for e in same]
        self.old_ends = [e.old_end for e in same]
        self.new_starts = [e.new_start for e in same]
        self.added = [(e.new_start, e.new_end) for e in edits if e.op is Op.INSERT]

    def added_near(self, quote: int, length: int) -> list[tuple[int, int]]:
        """Where a passage of ``quote`` characters that moved (and maybe changed) can be:
        the inserted stretches of the new text that could hold at least half of it (a
        match has at most half its length in errors, so the rest must be new text there),
        widened by its length on each side and merged."""
        spans: list[tuple[int, int]] = []
        for start, end in self.added:
            if 2 * (end - start) < quote:
                continue
            lo, hi = max(0, start - quote), min(length, end + quote)
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
            else:
                spans.append((lo, hi))
        return spans

    def inside(self, start: int, end: int) -> tuple[int, int] | None:
        """The passage's exact new range when one equal piece holds all of it."""
        k = bisect_right(self.old_starts, start) - 1
        if k < 0 or end > self.old_ends[k]:
            return None
        shift = self.new_starts[k] - self.old_starts[k]
        return (start + shift, end + shift)

    def kept_distinct(self, old_text: str, start: int, end: int) -> int:
        """How many of the passage's characters the diff keeps in runs found nowhere else in
        the old text: only those can the diff not have matched with a copy elsewhere."""
        k = max(0, bisect_right(self.old_starts, start) - 1)
        total = 0
        for i in range(k, len(self.old_starts)):
            lo, hi = max(start, self.old_starts[i]), min(end, self.old_ends[i])
            if self.old_starts[i] >= end:
                break
            run = old_text[lo:hi]
            if hi > lo and old_text.find(run) == lo and old_text.find(run, lo + 1) == -1:
                total += hi - lo
        return total

    def around(self, start: int, end: int) -> tuple[int, int, int]:
        """New start, new end and how many of the passage's characters the diff keeps.

        A start inside removed text maps to the start of what replaced it, an end inside
        removed text to the end of it: an edit at a passage's edge counts as inside it,
        while text only added right before or after it does not.
        """
        starts, ends, news = self.old_starts, self.old_ends, self.new_starts
        k = bisect_right(starts, start) - 1
        if k >= 0 and start < ends[k]:
            new_start = news[k] + start - starts[k]
        else:
            new_start = news[k] + ends[k] - starts[k] if k >= 0 else 0
        j = bisect_right(starts, end - 1) - 1  # the last piece starting before the end
        if j >= 0 and end <= ends[j]:
            new_end = news[j] + end - starts[j]
        else:
            new_end = news[j + 1] if j + 1 < len(starts) else -1
        kept = sum(
            max(0, min(end, ends[i]) - max(start, starts[i])) for i in range(max(k, 0), j + 1)
        )
        return new_start, new_end, kept
