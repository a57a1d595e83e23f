"""Pure highlight logic for the article pane: segments and colour blending.

An article's highlights overlap freely, but a text document can only hold one
character format per character.  The text is therefore cut into *segments*:
maximal runs where the set of covering annotations is constant.  Each segment
then gets one format computed from that set.

Everything here is plain Python (no Qt) so it can be tested and timed alone.
Offsets are whatever unit the caller uses consistently (the pane uses code
points and converts at its boundary).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from itertools import pairwise

__all__ = [
    "NEUTRAL_RGB",
    "PendingRanges",
    "Rgb",
    "Segment",
    "Span",
    "SpanIndex",
    "blend",
    "merge_windows",
    "parse_hex",
    "segments",
    "segments_in_window",
]

Span = tuple[int, int, int]  # (start, end, annotation_id), end exclusive
Segment = tuple[int, int, frozenset[int]]  # (start, end, covering annotation ids)
Rgb = tuple[int, int, int]

# Used for an annotation with no (known) tag: visible, but says "no colour chosen".
NEUTRAL_RGB: Rgb = (158, 158, 158)


def segments(spans: Iterable[Span]) -> list[Segment]:
    """Cut the covered ranges of ``spans`` into runs with a constant set of ids.

    Empty or reversed spans are ignored.  The result is sorted, non-overlapping,
    and never contains an uncovered run; adjacent segments always differ in
    their id set because a boundary exists only where some span starts or ends.
    """
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for start, end, ident in spans:
        if start >= end:
            continue
        starts.setdefault(start, []).append(ident)
        ends.setdefault(end, []).append(ident)
    if not starts:
        return []

    result: list[Segment] = []
    active: set[int] = set()
    current: frozenset[int] = frozenset()
    boundaries = sorted(starts.keys() | ends.keys())
    for pos, nxt in pairwise(boundaries):
        changed = False
        for ident in ends.get(pos, ()):
            active.discard(ident)
            changed = True
        for ident in starts.get(pos, ()):
            active.add(ident)
            changed = True
        if changed:
            # One frozenset per change, shared by nothing else: cheap and hashable.
            current = frozenset(active)
        if current:
            result.append((pos, nxt, current))
    return result


def segments_in_window(spans: Iterable[Span], lo: int, hi: int) -> list[Segment]:
    """Like :func:`segments`, but only for the window ``[lo, hi)``.

    Spans are clipped to the window, so the result describes exactly the
    formats the characters inside the window must have, whatever lies outside.
    """
    clipped = (
        (max(start, lo), min(end, hi), ident)
        for start, end, ident in spans
        if start < hi and end > lo
    )
    return segments(clipped)


def merge_windows(windows: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort windows and merge the ones that overlap or touch; drop empty ones."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(w for w in windows if w[0] < w[1]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def parse_hex(colour: str) -> Rgb | None:
    """``"#rgb"`` or ``"#rrggbb"`` (case-insensitive) to an RGB tuple; None otherwise."""
    value = colour.strip().removeprefix("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        return None
    try:
        n = int(value, 16)
    except ValueError:
        return None
    return (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF


def blend(colours: Sequence[Rgb]) -> Rgb:
    """The mean of ``colours``; :data:`NEUTRAL_RGB` for none."""
    if not colours:
        return NEUTRAL_RGB
    n = len(colours)
    return (
        round(sum(c[0] for c in colours) / n),
        round(sum(c[1] for c in colours) / n),
        round(sum(c[2] for c in colours) / n),
    )


class SpanIndex:
    """Spans sorted by start, to find those overlapping a window without scanning all.

    Anything overlapping [lo, hi) starts before hi and no earlier than lo minus the
    longest span, so a bisect bounds the scan to the neighbourhood.
    """

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans: list[Span] = sorted(spans)
        self._longest = max((end - start for start, end, _ in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def add(self, span: Span) -> None:
        bisect.insort(self._spans, span)
        self._longest = max(self._longest, span[1] - span[0])

    def remove(self, span: Span) -> None:
        at = bisect.bisect_left(self._spans, span)
        if at < len(self._spans) and self._spans[at] == span:
            del self._spans[at]
        # _longest may now overstate: that only widens the scan, never misses a span.

    def overlapping(self, lo: int, hi: int) -> list[Span]:
        first = bisect.bisect_left(self._spans, (lo - self._longest, -1, -1))
        last = bisect.bisect_left(self._spans, (hi, -1, -1))
        return [s for s in self._spans[first:last] if s[1] > lo]


class PendingRanges:
    """Ranges whose highlights are still to be drawn: sorted, disjoint, never empty.

    Drawing a long article's highlights all at once costs far more than drawing the
    part on screen, so the rest waits here until it is scrolled to or the pane is idle.
    """

    def __init__(self) -> None:
        self._ranges: list[tuple[int, int]] = []

    def __bool__(self) -> bool:
        return bool(self._ranges)

    def __repr__(self) -> str:
        return f"PendingRanges({self._ranges!r})"

    def reset(self, lo: int, hi: int) -> None:
        """Everything in ``[lo, hi)`` is pending, nothing else."""
        self._ranges = [(lo, hi)] if lo < hi else []

    def clear(self) -> None:
        self._ranges = []

    def first(self) -> tuple[int, int] | None:
        return self._ranges[0] if self._ranges else None

    def take(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Remove the pending parts of ``[lo, hi)`` and return them, in order."""
        if lo >= hi or not self._ranges:
            return []
        # Ranges ending after lo and starting before hi are the ones touched.
        first = bisect.bisect_right(self._ranges, (lo, lo))
        if first and self._ranges[first - 1][1] > lo:
            first -= 1
        last = first
        while last < len(self._ranges) and self._ranges[last][0] < hi:
            last += 1
        touched = self._ranges[first:last]
        if not touched:
            return []
        kept = []
        if touched[0][0] < lo:
            kept.append((touched[0][0], lo))
        if touched[-1][1] > hi:
            kept.append((hi, touched[-1][1]))
        self._ranges[first:last] = kept
        return [(max(a, lo), min(b, hi)) for a, b in touched]
