"""Carrying annotations from one version of an article's text into the next.

Each annotation ends in one of four states, and none is ever dropped:

- ``anchored``: the same words, at the place the evidence gives (maybe elsewhere);
- ``changed``: its passage was edited in place; the new words are given beside the old;
- ``needs_review``: there is a likely place, but not a sure one (the context does not decide
  between repeated quotes, or the best match is weak); the best candidate is given and the
  annotation is *not* moved;
- ``orphan``: nothing in the new text resembles it.

The evidence, strongest first:

1. The diff of the two texts. A passage whose characters the diff keeps, with its whole
   stored context around it, maps exactly (the fast path: one bisection). When its context
   changed but its words did not, it stays only if it fits the stored context clearly best
   and the context vouches for it (:func:`_kept_context`); else it is a case for review.
   A passage the diff edits, keeping at least half of it and still at least half alike, is
   ``changed`` only when the edit is vouched for: its whole context around it, or most of
   it kept in runs found nowhere else in the old text (so the diff did not match it with a
   copy or with common words nearby), half its context next to it, and no whole copy of
   the quote fitting as well.
2. The exact occurrences of the quote, scored by prefix, suffix and position
   (:mod:`quote_search`): a moved paragraph. A place with the whole stored context around
   it is taken (when there are as many such places as the old text had). Another is taken
   only when its context decides it: a score of at least :data:`ACCEPT`, ahead of the
   runner-up by :data:`MARGIN`, and its own paragraph intact around it
   (:func:`~context_evidence.held_by_paragraph`); never for a passage whose paragraph
   stood more than once in the old text, where a copy that moved and its twin that stayed
   read the same.
3. For a passage none of whose characters is left in place, the closest approximate match
   (at most min(256, half the quote) edits) in the text the new version added: a passage
   moved and edited. Taken as ``changed`` on the same terms.

Whatever is not taken is offered for review: the best place found, or what stands where the
passage stood. Only a passage with nothing left in place and nothing like it elsewhere is
an orphan.

The rules come from measurement (``benchmarks/reanchoring_rates.py``, README): each one
removed the wrong places of a kind seen there, at the price of holding more for review.

All offsets are code points (Python ``str`` indices). No Qt, no SQL.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz.distance import Indel

from xiaomi_reader.core.anchoring import CONTEXT_CHARS, Selector
from xiaomi_reader.core.context_evidence import OldCopies, framed, held_by_paragraph
from xiaomi_reader.core.diff_positions import DiffMap
from xiaomi_reader.core.quote_search import (
    Place,
    approximate_places,
    exact_places,
    score_place,
)
from xiaomi_reader.core.text_diff import Edit, diff_texts

__all__ = [
    "ACCEPT",
    "ADJACENT",
    "MARGIN",
    "REVIEW_FLOOR",
    "Candidate",
    "Reanchored",
    "State",
    "reanchor",
    "reanchor_with",
]

# A place found by search is taken when its score reaches ACCEPT and beats the runner-up by
# MARGIN (and its paragraph is intact around it); a weaker best place found by search is
# offered for review down to REVIEW_FLOOR. ADJACENT: the share of one side of the context
# that must be right next to a place the diff gives. See the docstring.
ACCEPT = 0.8
MARGIN = 0.05
ADJACENT = 0.5
REVIEW_FLOOR = 0.5
# A passage edited in place stays ``changed`` while at least this share of it is kept.
KEPT_FOR_CHANGED = 0.5
# The diff's place for a passage whose words it keeps, when its own paragraph around it is not
# intact, stays only with this many more characters of stored context next to it than next to
# any other copy of its words (half the whole context).
LEAD = CONTEXT_CHARS
# How far around a passage edited in place a whole copy of it contests the edit: the diff
# aligns repeated words within the stretch it edits, so a copy it mistook is close by.
REACH = 64 * CONTEXT_CHARS


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


def reanchor(old_text: str, new_text: str, selectors: Sequence[Selector]) -> list[Reanchored]:
    """Where each annotation of ``old_text`` belongs in ``new_text``, in the given order."""
    return reanchor_with(diff_texts(old_text, new_text), old_text, new_text, selectors)


def reanchor_with(
    edits: Sequence[Edit], old_text: str, new_text: str, selectors: Sequence[Selector]
) -> list[Reanchored]:
    """:func:`reanchor` with the diff of the two texts already made (it is shown too)."""
    diff = DiffMap(edits)
    starts, ends, news = diff.old_starts, diff.old_ends, diff.new_starts
    anchored = State.ANCHORED
    results: list[Reanchored] = []
    for sel in selectors:
        # The fast path, inline: one equal piece holds the passage and its stored context.
        start, end, prefix, suffix = sel.start, sel.end, sel.prefix, sel.suffix
        k = bisect_right(starts, start - len(prefix)) - 1
        if (
            k >= 0 < end - start
            and len(prefix) == len(suffix) == CONTEXT_CHARS
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


def _one(diff: DiffMap, old_text: str, new_text: str, sel: Selector) -> Reanchored:
    start, end, exact = sel.start, sel.end, sel.exact
    if not exact:
        return Reanchored(State.ORPHAN, None, None, "", 0.0)
    # A stored position that no longer holds the quote in the old text (a stale record)
    # says nothing about where it is: search by quote alone, hinted at that position.
    held = 0 <= start < end <= len(old_text) and old_text[start:end] == exact
    hint = max(0, min(start, len(new_text)))
    copies = OldCopies(old_text, sel.exact, sel.prefix, sel.suffix)
    mapped = diff.inside(start, end) if held else None
    if mapped is not None:
        new_start, new_end = mapped
        if framed(new_text, new_start, new_end, sel.prefix, sel.suffix):
            return Reanchored(State.ANCHORED, new_start, new_end, exact, 1.0)
        return _kept_words(new_text, sel, new_start, new_end, copies, pieced=False)
    region: tuple[int, int] | None = None
    changed: Reanchored | None = None
    kept = 0
    if held:
        new_start, new_end, kept = diff.around(start, end)
        new_end = len(new_text) if new_end < 0 else new_end
        hint = new_start
        if new_start < new_end:
            region = (new_start, new_end)
            edited = new_text[new_start:new_end]
            if edited == exact:  # the same words, pieced together by the diff
                return _kept_words(new_text, sel, new_start, new_end, copies, pieced=True)
            similarity = Indel.normalized_similarity(exact, edited)
            # Mostly kept and still mostly alike (not swollen by a long insertion inside);
            # and either its whole context is around it (an edit inside it), or most of it
            # is kept in runs found nowhere else in the old text (so the diff did not match
            # it with a copy, or with the same common words nearby).
            half = KEPT_FOR_CHANGED * len(exact)
            if (
                kept >= half
                and similarity >= KEPT_FOR_CHANGED
                and (
                    framed(new_text, new_start, new_end, sel.prefix, sel.suffix)
                    or diff.kept_distinct(old_text, start, end) >= half
                )
            ):
                changed = Reanchored(State.CHANGED, new_start, new_end, edited, similarity)
    return _search(new_text, sel, hint, region if kept else None, diff, changed, copies)


def _kept_words(
    new_text: str,
    sel: Selector,
    new_start: int,
    new_end: int,
    copies: OldCopies,
    pieced: bool,
) -> Reanchored:
    """The diff keeps the passage's words but not all of its context. The place stays when
    it fits the stored context clearly best and the context backs it (:func:`_kept_context`).
    Otherwise it is a case for review, showing the place that fits best: where the same
    words repeat, the diff's alignment and the context can each be the one that is wrong
    (measured: taking a rival the context decides for made more wrong places than it saved),
    unless the rival has the whole stored context around it (:func:`_framed_place`)."""
    exact, prefix, suffix = sel.exact, sel.prefix, sel.suffix
    here = score_place(new_text, new_start, new_end, exact, prefix, suffix, new_start)
    others = exact_places(new_text, exact, prefix, suffix, new_start)
    ranked = sorted([here, *(p for p in others if p.start != new_start)], key=lambda p: -p.score)
    whole = _framed_place(new_text, sel, ranked, copies)
    if whole is not None:
        return whole
    rival = ranked[1].score if len(ranked) > 1 else 0.0
    if (
        ranked[0] is not here
        or here.score - rival < MARGIN
        or not _kept_context(new_text, sel, here, ranked, pieced)
    ):
        return _review(new_text, ranked[0])
    return Reanchored(State.ANCHORED, new_start, new_end, exact, max(here.score, ACCEPT))


def _kept_context(
    new_text: str,
    sel: Selector,
    here: Place,
    places: Sequence[Place],
    pieced: bool,
) -> bool:
    """Whether the stored context backs the diff's place: at least half of it must be right
    next to it (a neighbouring sentence was edited). That is enough for words the diff keeps
    in one piece and found nowhere else in the new text. Words pieced together by the diff
    (``pieced``), or repeated words, need :data:`LEAD` characters more of it
    than next to any other copy, and their own paragraph intact around them: where a copy
    stands close by, the diff may have taken one copy for the other."""
    rivals = [p.before + p.after for p in places if p.start != here.start]
    if not _half_next_to(here, sel):
        return False
    return (not rivals and not pieced) or (
        here.before + here.after - max(rivals, default=0) >= LEAD
        and held_by_paragraph(new_text, here.start, here.end, sel.prefix, sel.suffix, here.sides)
    )


def _half_next_to(place: Place, sel: Selector) -> bool:
    """At least half of the stored context, both sides together, is right next to ``place``."""
    return 2 * (place.before + place.after) >= len(sel.prefix) + len(sel.suffix)


def _search(
    new_text: str,
    sel: Selector,
    hint: int,
    region: tuple[int, int] | None,
    diff: DiffMap,
    changed: Reanchored | None,
    copies: OldCopies,
) -> Reanchored:
    """Exact occurrences first (a whole passage that moved beats the diff's guess that it
    was edited in place: the diff may have pieced it together from words nearby), then the
    passage as edited in place, then the closest approximate match; else review or orphan.

    The approximate search looks only at text the new version added (and a quote's length
    around it): words the diff keeps were in the old text too, as some other passage, so an
    edited passage found there would be a wrong place. It is skipped for a passage with some
    of its characters still in place (``region``, what stands there now): that one did not
    move whole, and what stands there is the candidate to review.
    """
    exact, prefix, suffix = sel.exact, sel.prefix, sel.suffix
    if changed is not None:
        # Edited in place, unless a whole copy contests it: one where text was added (it
        # moved) or one close by (the diff took a copy's words for its own).
        added = diff.added_near(len(exact), len(new_text))
        assert changed.start is not None and changed.end is not None
        near = (max(0, changed.start - REACH), changed.end + REACH)
        contest = _copies_in(new_text, sel, hint, [*added, near])
        whole = _framed_place(new_text, sel, contest, copies)
        if whole is not None:
            return whole
        changed = _confirmed(new_text, sel, changed, contest, copies)
        # A whole copy in text the new version added may be the passage, moved there.
        copy_added = any(lo <= p.start and p.end <= hi for p in contest for lo, hi in added)
        if changed is not None and not copy_added:
            return changed
    places = exact_places(new_text, exact, prefix, suffix, hint)
    whole = _framed_place(new_text, sel, places, copies)
    if whole is not None:
        return whole
    if places and _decided(new_text, sel, places) and not copies.paragraph_repeats:
        best = places[0]
        return Reanchored(State.ANCHORED, best.start, best.end, exact, best.score)
    if changed is not None:
        return changed
    if not places and region is None:
        # Not where it was, nor anywhere whole: it may have moved and been edited.
        spans = diff.added_near(len(exact), len(new_text))
        places = approximate_places(new_text, exact, prefix, suffix, hint, spans, ACCEPT)
        if places and _decided(new_text, sel, places) and not copies.paragraph_repeats:
            best = places[0]
            text = new_text[best.start : best.end]
            state = State.ANCHORED if text == exact else State.CHANGED
            return Reanchored(state, best.start, best.end, text, best.score)
    if places and places[0].score >= REVIEW_FLOOR:
        return _review(new_text, places[0])
    if region is not None:
        # What is left of it where it stood, however little: the place to look at.
        start, end = region
        similarity = Indel.normalized_similarity(exact, new_text[start:end])
        return _review(new_text, Place(start, end, similarity, 0.0, 0, 0))
    return Reanchored(State.ORPHAN, None, None, "", 0.0)


def _decided(new_text: str, sel: Selector, places: Sequence[Place]) -> bool:
    """Whether the best place is sure: it scores well, clearly ahead of the runner-up, and
    its own paragraph is intact around it (:func:`held_by_paragraph`), as it is for a
    passage in a paragraph that moved (a similar context alone is not enough)."""
    best = places[0]
    runner_up = places[1].score if len(places) > 1 else 0.0
    return (
        best.score >= ACCEPT
        and best.score - runner_up >= MARGIN
        and held_by_paragraph(new_text, best.start, best.end, sel.prefix, sel.suffix, best.sides)
    )


def _framed_place(
    new_text: str, sel: Selector, places: Sequence[Place], copies: OldCopies
) -> Reanchored | None:
    """The best place with the whole stored context around it, taken whatever the diff
    says, when the new text has as many such places as the old text had: then
    each of them reads as the passage did for 32 characters either side. Fewer means one
    copy lost its context, and no text tells whether that copy was the passage's own."""
    found = [p for p in places if framed(new_text, p.start, p.end, sel.prefix, sel.suffix, p.sides)]
    if not found:
        return None
    if len(found) != copies.framed:
        return _review(new_text, found[0])
    best = found[0]
    return Reanchored(State.ANCHORED, best.start, best.end, sel.exact, best.score)


def _copies_in(
    new_text: str, sel: Selector, hint: int, spans: Sequence[tuple[int, int]]
) -> list[Place]:
    """The exact occurrences of the quote within ``spans`` of the new text, scored, best
    first (a copy in two spans is scored once)."""
    found: set[int] = set()
    for lo, hi in spans:
        at = new_text.find(sel.exact, lo, hi)
        while at != -1:
            found.add(at)
            at = new_text.find(sel.exact, at + 1, hi)
    size = len(sel.exact)
    places = [
        score_place(new_text, at, at + size, sel.exact, sel.prefix, sel.suffix, hint)
        for at in found
    ]
    return sorted(places, key=lambda p: -p.score)


def _confirmed(
    new_text: str, sel: Selector, changed: Reanchored, places: Sequence[Place], copies: OldCopies
) -> Reanchored | None:
    """``changed`` when the edited place is backed by its context: half a side of it right
    next to it, and no whole copy of the quote that fits as well (the diff may have
    matched the passage's words to a copy or to the same common words nearby), nor any
    whole copy at all when its paragraph stood more than once (which twin was edited, no
    text tells)."""
    assert changed.start is not None and changed.end is not None
    here = score_place(
        new_text, changed.start, changed.end, sel.exact, sel.prefix, sel.suffix, changed.start
    )
    if here.adjacent < ADJACENT or any(p.score >= here.score for p in places):
        return None
    if places and copies.paragraph_repeats:
        return None
    return changed if _half_next_to(here, sel) else None


def _review(new_text: str, place: Place) -> Reanchored:
    candidate = Candidate(place.start, place.end, new_text[place.start : place.end], place.score)
    return Reanchored(State.NEEDS_REVIEW, None, None, "", place.score, candidate)
