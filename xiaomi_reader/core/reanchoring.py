"""Carrying annotations from one version of an article's text into the next.

Each annotation ends in one of four states, and none is ever dropped:

- ``anchored``: the same words, at the place the evidence gives (maybe elsewhere);
- ``changed``: its passage was edited in place; the new words are given beside the old;
- ``needs_review``: there is a likely place, but not a sure one (the context does not decide
  between repeated quotes, or the best match is weak); the best candidate is given and the
  annotation is *not* moved;
- ``orphan``: nothing in the new text resembles it.

The evidence, strongest first:

1. The diff of the two texts. A passage whose characters the diff keeps, with its stored
   context around it, maps exactly (and this is the fast path: one bisection). When its
   context changed but its words did not, it stays where the diff puts it unless another
   occurrence of its quote fits the stored context clearly better, which makes it a case
   for review. A passage the diff edits, keeping at least half of it, is ``changed``.
2. The exact occurrences of the quote, scored by prefix, suffix and position
   (:mod:`quote_search`): a moved paragraph. One is taken only when its context decides it:
   a score of at least :data:`ACCEPT` and ahead of the runner-up by :data:`MARGIN`.
3. The closest approximate match (at most min(256, half the quote) edits): a passage moved
   and edited. Taken as ``changed`` on the same terms.

The thresholds come from measurement (``benchmarks/reanchoring_rates.py``, README): the
largest wrong-place-free ones that keep the fewest annotations for review.

All offsets are code points (Python ``str`` indices). No Qt, no SQL.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz.distance import Indel

from xiaomi_reader.core.anchoring import Selector
from xiaomi_reader.core.quote_search import Place, approximate_places, exact_places
from xiaomi_reader.core.text_diff import Edit, Op, diff_texts

__all__ = [
    "ACCEPT",
    "MARGIN",
    "REVIEW_FLOOR",
    "Candidate",
    "Reanchored",
    "State",
    "reanchor",
    "reanchor_with",
]

# A place found by search (not by the diff) is taken when its score reaches ACCEPT and
# beats the runner-up by MARGIN; a weaker best place is offered for review down to
# REVIEW_FLOOR, and below that the annotation is an orphan. See the module's docstring.
ACCEPT = 0.8
MARGIN = 0.05
ADJACENT = 0.5
REVIEW_FLOOR = 0.5
# A passage edited in place stays ``changed`` while at least this share of it is kept.
KEPT_FOR_CHANGED = 0.5


class State(StrEnum):
    ANCHORED = "anchored"
    CHANGED = "changed"
    NEEDS_REVIEW = "needs_review"
    ORPHAN = "orphan"


@dataclass(frozen=True, slots=True)
class Candidate:
    """The likeliest place of an annotation held for review (new text, code points)."""

    start: int
    end: int
    text: str
    confidence: float


class Reanchored(NamedTuple):
    """Where one annotation landed. ``start``/``end``/``text`` are its new place (None, None,
    "" unless anchored or changed); ``confidence`` is 0–1 (1 for the diff's exact mapping);
    ``candidate`` is the best place offered for review."""

    state: State
    start: int | None
    end: int | None
    text: str
    confidence: float
    candidate: Candidate | None = None


class _DiffMap:
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


def reanchor(old_text: str, new_text: str, selectors: Sequence[Selector]) -> list[Reanchored]:
    """Where each annotation of ``old_text`` belongs in ``new_text``, in the given order."""
    return reanchor_with(diff_texts(old_text, new_text), old_text, new_text, selectors)


def reanchor_with(
    edits: Sequence[Edit], old_text: str, new_text: str, selectors: Sequence[Selector]
) -> list[Reanchored]:
    """:func:`reanchor` with the diff of the two texts already made (it is shown too)."""
    diff = _DiffMap(edits)
    starts, ends, news = diff.old_starts, diff.old_ends, diff.new_starts
    anchored = State.ANCHORED
    results: list[Reanchored] = []
    for sel in selectors:
        # The fast path, inline: one equal piece holds the passage and its stored context.
        start, end, prefix, suffix = sel.start, sel.end, sel.prefix, sel.suffix
        k = bisect_right(starts, start - len(prefix)) - 1
        if (
            k >= 0 < end - start
            and end + len(suffix) <= ends[k]
            and old_text[start:end] == sel.exact
        ):
            shift = news[k] - starts[k]
            if (
                old_text[start - len(prefix) : start] == prefix
                and old_text[end : end + len(suffix)] == suffix
            ):
                results.append(Reanchored(anchored, start + shift, end + shift, sel.exact, 1.0))
                continue
        results.append(_one(diff, old_text, new_text, sel))
    return results


def _one(diff: _DiffMap, old_text: str, new_text: str, sel: Selector) -> Reanchored:
    start, end, exact = sel.start, sel.end, sel.exact
    if not exact:
        return Reanchored(State.ORPHAN, None, None, "", 0.0)
    # A stored position that no longer holds the quote in the old text (a stale record)
    # says nothing about where it is: search by quote alone, hinted at that position.
    held = 0 <= start < end <= len(old_text) and old_text[start:end] == exact
    hint = max(0, min(start, len(new_text)))
    mapped = diff.inside(start, end) if held else None
    if mapped is not None:
        new_start, new_end = mapped
        if (
            new_text[max(0, new_start - len(sel.prefix)) : new_start] == sel.prefix
            and new_text[new_end : new_end + len(sel.suffix)] == sel.suffix
        ):
            return Reanchored(State.ANCHORED, new_start, new_end, exact, 1.0)
        return _kept_words(new_text, sel, new_start, new_end)
    region: tuple[int, int] | None = None
    changed: Reanchored | None = None
    if held:
        new_start, new_end, kept = diff.around(start, end)
        new_end = len(new_text) if new_end < 0 else new_end
        hint = new_start
        if new_start < new_end:
            region = (new_start, new_end)
            edited = new_text[new_start:new_end]
            if edited == exact:  # the same words, pieced together by the diff
                return _kept_words(new_text, sel, new_start, new_end)
            similarity = Indel.normalized_similarity(exact, edited)
            # Mostly kept, and still mostly alike (not swollen by a long insertion inside).
            if kept >= KEPT_FOR_CHANGED * len(exact) and similarity >= KEPT_FOR_CHANGED:
                changed = Reanchored(State.CHANGED, new_start, new_end, edited, similarity)
    return _search(new_text, sel, hint, region, diff, changed)


def _kept_words(new_text: str, sel: Selector, new_start: int, new_end: int) -> Reanchored:
    """The diff keeps the passage's words but not all of its context. It stays, unless
    another occurrence fits the stored context better or about as well: the diff's choice
    between near equals is a guess, so that is a case for review."""
    places = exact_places(new_text, sel.exact, sel.prefix, sel.suffix, new_start)
    here = next((p for p in places if p.start == new_start), None)
    rival = next((p for p in places if p.start != new_start), None)
    if here is None or rival is None:
        return Reanchored(State.ANCHORED, new_start, new_end, sel.exact, 1.0)
    if rival.score > here.score - MARGIN:
        return _review(new_text, max(here, rival, key=lambda p: p.score))
    return Reanchored(State.ANCHORED, new_start, new_end, sel.exact, max(here.score, ACCEPT))


def _search(
    new_text: str,
    sel: Selector,
    hint: int,
    region: tuple[int, int] | None,
    diff: _DiffMap,
    changed: Reanchored | None,
) -> Reanchored:
    """Exact occurrences first (a whole passage that moved beats the diff's guess that it
    was edited in place: the diff may have pieced it together from words nearby), then the
    passage as edited in place, then the closest approximate match; else review or orphan.

    The approximate search looks only at text the new version added (and a quote's length
    around it): words the diff keeps were in the old text too, as some other passage, so an
    edited passage found there would be a wrong place.
    """
    exact, prefix, suffix = sel.exact, sel.prefix, sel.suffix
    places = exact_places(new_text, exact, prefix, suffix, hint)
    if places and _decided(places):
        best = places[0]
        return Reanchored(State.ANCHORED, best.start, best.end, exact, best.score)
    if changed is not None:
        return changed
    if not places:
        spans = diff.added_near(len(exact), len(new_text))
        places = approximate_places(new_text, exact, prefix, suffix, hint, spans)
        if places and _decided(places):
            best = places[0]
            text = new_text[best.start : best.end]
            state = State.ANCHORED if text == exact else State.CHANGED
            return Reanchored(state, best.start, best.end, text, best.score)
    if places and places[0].score >= REVIEW_FLOOR:
        return _review(new_text, places[0])
    if region is not None:
        # What replaced the passage where it stood: the one place left to offer.
        start, end = region
        similarity = Indel.normalized_similarity(exact, new_text[start:end])
        if similarity >= REVIEW_FLOOR:
            return _review(new_text, Place(start, end, similarity, 0.0))
    return Reanchored(State.ORPHAN, None, None, "", 0.0)


def _decided(places: Sequence[Place]) -> bool:
    """Whether the best place is sure: it scores well, clearly ahead of the runner-up, and
    at least half of its stored prefix or suffix is right next to it, as it is for a
    passage in a paragraph that moved (a similar context alone is not enough)."""
    best = places[0]
    runner_up = places[1].score if len(places) > 1 else 0.0
    return best.score >= ACCEPT and best.score - runner_up >= MARGIN and best.adjacent >= ADJACENT


def _review(new_text: str, place: Place) -> Reanchored:
    candidate = Candidate(place.start, place.end, new_text[place.start : place.end], place.score)
    return Reanchored(State.NEEDS_REVIEW, None, None, "", place.score, candidate)
