"""Where a quote may sit in a new text: its exact occurrences, or its closest approximate one,
each scored by how well the quote, its prefix, its suffix and its position fit.

The weights are those of Hypothesis's client (quote 50, prefix 20, suffix 20, position 2):
the quote counts most, the context separates repeated quotes, and the position only breaks
what is otherwise a tie by a hair. Each part is from 0 to 1 (the quote's Levenshtein
similarity, from RapidFuzz; the share of the prefix and of the suffix found right next to the
place), and the score is their weighted mean, so a score is comparable between exact and
approximate places. Offsets are code points. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from xiaomi_reader.core.anchoring import occurrences
from xiaomi_reader.core.context_evidence import matched_sides

__all__ = [
    "Place",
    "approximate_places",
    "exact_places",
    "max_errors",
    "score_place",
]

QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
POSITION_WEIGHT = 2
_TOTAL = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
# Exact occurrences scored for one quote at most; a quote that occurs more often than this
# (a single common word) is not something context can place, and scoring them all is slow.
MAX_OCCURRENCES = 2_000


@dataclass(frozen=True, slots=True)
class Place:
    """A range of the new text with its score (0–1) and ``adjacent``: the larger share of
    its stored prefix or suffix found right next to it, character for character (0–1).
    ``before`` and ``after`` count those characters (:func:`~context_evidence.matched_sides`)."""

    start: int
    end: int
    score: float
    adjacent: float
    before: int
    after: int

    @property
    def sides(self) -> tuple[int, int]:
        return (self.before, self.after)


def max_errors(exact: str) -> int:
    """The most edits an approximate match may have: min(256, half the quote), as Hypothesis."""
    return min(256, len(exact) // 2)


def score_place(
    text: str, start: int, end: int, exact: str, prefix: str, suffix: str, hint: int
) -> Place:
    """Score ``text[start:end]`` as the new place of ``exact`` (expected near ``hint``)."""
    quote = (
        1.0
        if text[start:end] == exact
        else Levenshtein.normalized_similarity(exact, text[start:end])
    )
    # The share of each stored side found right next to the place, character for character:
    # a context that is merely similar (as text in the same languages tends to be) earns
    # nothing, so that scores of repeated quotes differ only by what really tells them apart.
    # An empty side was stored because the passage began (ended) the text: it fits only there.
    matched_before, matched_after = matched_sides(text, start, end, prefix, suffix)
    before = matched_before / len(prefix) if prefix else float(start == 0)
    after = matched_after / len(suffix) if suffix else float(end == len(text))
    position = 1.0 - min(1.0, abs(start - hint) / max(1, len(text)))
    score = (
        QUOTE_WEIGHT * quote
        + PREFIX_WEIGHT * before
        + SUFFIX_WEIGHT * after
        + POSITION_WEIGHT * position
    ) / _TOTAL
    adjacent = max(before, after)
    return Place(start, end, score, adjacent, matched_before, matched_after)


def exact_places(text: str, exact: str, prefix: str, suffix: str, hint: int) -> list[Place]:
    """Every occurrence of ``exact`` (overlapping ones too), best first; empty when there are
    none or too many to tell apart."""
    starts = occurrences(text, exact)
    if len(starts) > MAX_OCCURRENCES:
        return []
    places = [score_place(text, s, s + len(exact), exact, prefix, suffix, hint) for s in starts]
    places.sort(key=lambda p: -p.score)
    return places


def approximate_places(
    text: str,
    exact: str,
    prefix: str,
    suffix: str,
    hint: int,
    spans: Sequence[tuple[int, int]],
    contested: float,
) -> list[Place]:
    """The closest approximate matches of ``exact`` within ``spans`` of ``text``, best
    first; none with more than :func:`max_errors` edits. When the best scores at least
    ``contested`` (it could be taken), the closest matches left and right of it in its span
    are added too, so that a tie can be seen."""
    places = [
        place
        for lo, hi in spans
        if (place := _scored(text, lo, hi, exact, prefix, suffix, hint)) is not None
    ]
    if not places:
        return []
    places.sort(key=lambda p: -p.score)
    best = places[0]
    if best.score >= contested:
        lo, hi = next((lo, hi) for lo, hi in spans if lo <= best.start and best.end <= hi)
        for left, right in ((lo, best.start), (best.end, hi)):
            place = _scored(text, left, right, exact, prefix, suffix, hint)
            if place is not None:
                places.append(place)
        places.sort(key=lambda p: -p.score)
    return places


def _scored(
    text: str, lo: int, hi: int, exact: str, prefix: str, suffix: str, hint: int
) -> Place | None:
    """The closest match in ``text[lo:hi]``, scored; None when it has too many errors."""
    span = _closest(text, lo, hi, exact)
    if span is None:
        return None
    limit = max_errors(exact)
    if Levenshtein.distance(exact, text[span[0] : span[1]], score_cutoff=limit + 1) > limit:
        return None
    return score_place(text, *span, exact, prefix, suffix, hint)


def _closest(text: str, lo: int, hi: int, exact: str) -> tuple[int, int] | None:
    """The range of ``text[lo:hi]`` most like ``exact``, trimmed to the part that aligns."""
    if hi - lo < max(1, len(exact) - max_errors(exact)):
        return None
    # Half the quote in errors leaves at least half of it matching: an Indel ratio of 50.
    hit = fuzz.partial_ratio_alignment(exact, text[lo:hi], score_cutoff=50)
    if hit is None:
        return None
    # The window has the quote's length; an edit that lengthened or shortened the passage
    # shifts its true ends, so align the quote within a slightly wider window and keep
    # the stretch between its first and last aligned characters.
    slack = max(1, len(exact) // 4)
    wide_start = max(lo, lo + hit.dest_start - slack)
    wide_end = min(hi, lo + hit.dest_end + slack)
    window = text[wide_start:wide_end]
    blocks = [b for b in Indel.opcodes(exact, window) if b.tag == "equal"]
    if not blocks:
        return None
    return (wide_start + blocks[0].dest_start, wide_start + blocks[-1].dest_end)
