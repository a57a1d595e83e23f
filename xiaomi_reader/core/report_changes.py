"""A report's "What changed" section: the edits between an article's previous and current
version, as short before/after snippets, the ones that touch annotated passages first.

The diff is :mod:`text_diff`'s (code points, semantic clean-up); each edit is shown with a
few words of the unchanged text on either side, so a reader can find it. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from xiaomi_reader.core.quotes import shorten
from xiaomi_reader.core.records import Annotation
from xiaomi_reader.core.text_diff import (
    Change,
    changes,
    changes_touching_first,
    diff_texts,
    touches,
    whole_words,
)

__all__ = ["CONTEXT_WORDS", "MAX_EDITS", "ChangeEntry", "VersionChanges", "what_changed"]

CONTEXT_WORDS = 5  # words of unchanged text shown on either side of an edit
MAX_EDITS = 50  # a rewrite lists its first edits and says how many more there were
_SNIPPET = 240  # characters of an edit's removed or added words
_QUOTE = 60  # characters of an annotation's quote named beside an edit


class ChangeEntry(NamedTuple):
    """One edit: ``removed`` (between ``before`` and ``after``, words of the old text) became
    ``added`` (between ``new_before`` and ``new_after``, of the new text)."""

    before: str
    removed: str
    after: str
    new_before: str
    added: str
    new_after: str
    touches: tuple[str, ...]  # the annotated passages it alters: "Claim: “quote”"


class VersionChanges(NamedTuple):
    """What changed from version ``old_version`` to ``new_version`` of one article."""

    old_version: int
    new_version: int
    edits: tuple[ChangeEntry, ...]
    more: int  # edits not listed (beyond MAX_EDITS)


def what_changed(
    old_text: str,
    new_text: str,
    old_version: int,
    new_version: int,
    annotations: Sequence[Annotation],
    tag_names: dict[int, str],
) -> VersionChanges:
    """The edits of ``old_text`` → ``new_text``; ``annotations`` are placed on the old text
    (their offsets are code points of it) and name the edits that alter them."""
    found = changes(diff_texts(old_text, new_text))
    placed = [a for a in annotations if a.start is not None and a.end is not None]
    spans = [(a.start or 0, a.end or 0) for a in placed]
    ordered = changes_touching_first(found, spans)
    entries = []
    for found_change, touched in ordered[:MAX_EDITS]:
        change = whole_words(found_change, old_text, new_text)
        names = _touched(change, placed, tag_names) if touched else ()
        before = _words_before(old_text, change.old_start)
        after = _words_after(old_text, change.old_end)
        new_before = _words_before(new_text, change.new_start)
        new_after = _words_after(new_text, change.new_end)
        entries.append(
            ChangeEntry(
                before=before,
                removed=_edited(change.removed, before, after),
                after=after,
                new_before=new_before,
                added=_edited(change.added, new_before, new_after),
                new_after=new_after,
                touches=names,
            )
        )
    return VersionChanges(old_version, new_version, tuple(entries), max(0, len(found) - MAX_EDITS))


def _touched(
    change: Change, annotations: Sequence[Annotation], tag_names: dict[int, str]
) -> tuple[str, ...]:
    names = []
    for a in annotations:
        if touches(change, a.start or 0, a.end or 0):
            tags = ", ".join(tag_names[t] for t in a.tag_ids if t in tag_names) or "Untagged"
            names.append(f"{tags}: “{shorten(a.exact, _QUOTE)}”")
    return tuple(names)


def _edited(words: str, before: str, after: str) -> str:
    """An edit's words on one line, shortened. Where they begin or end with whitespace one
    space stays, unless the words beside them already bring it: the edit never runs into
    its neighbours ("met ~~on Monday~~ in"), nor leaves two spaces."""
    short = shorten(words, _SNIPPET)
    lead = " " if words[:1].isspace() and not before[-1:].isspace() else ""
    trail = " " if words[-1:].isspace() and not after[:1].isspace() else ""
    if not short:  # whitespace alone: one space at most
        return lead or trail
    return lead + short + trail


def _words_before(text: str, at: int) -> str:
    words = text[max(0, at - 200) : at].split(" ")
    kept = " ".join(words[-(CONTEXT_WORDS + 1) :])  # the last piece may be a partial word
    return " ".join(kept.split()) + (" " if kept[-1:].isspace() else "")


def _words_after(text: str, at: int) -> str:
    words = text[at : at + 200].split(" ")
    kept = " ".join(words[: CONTEXT_WORDS + 1])
    return (" " if kept[:1].isspace() else "") + " ".join(kept.split())
