"""What an update to a new version of an article did, in the words the reader sees.

The command line prints :func:`summary_line`; the window shows the same line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from xiaomi_reader.core import records
from xiaomi_reader.core.changes import Changes

__all__ = ["ArticleVersion", "VersionCounts", "VersionOutcome", "state_label", "summary_line"]


@dataclass(frozen=True)
class VersionCounts:
    """How the annotations of the version before fared (each counted once)."""

    unchanged: int = 0  # the same words at the same offsets
    moved: int = 0  # the same words elsewhere
    changed: int = 0  # the passage was edited; old and new words kept
    needs_review: int = 0  # left on the version before, with a likely place offered
    orphaned: int = 0  # nothing in the new text resembles it


@dataclass(frozen=True)
class ArticleVersion:
    """One version of an article, as listed (``xiaomi-reader versions``, Article → Versions)."""

    article_id: int
    number: int
    title: str
    imported_at: datetime
    fetched_at: datetime | None
    annotations: int  # placed on this version (for an old one: where they were on it)
    current: bool


@dataclass(frozen=True)
class VersionOutcome:
    """A new version added (``added``), or the text already one of the article's versions."""

    article: records.ArticleSummary
    number: int  # the new version's number, or that of the version holding the text
    added: bool
    counts: VersionCounts = field(default_factory=VersionCounts)
    # The annotations as they now are, and the article whose text changed.
    changes: Changes = field(default_factory=Changes)
    review: tuple[records.Annotation, ...] = ()  # those that need review


def summary_line(outcome: VersionOutcome) -> str:
    """``new version 2 of "<title>": 3 unchanged, 1 moved, ...``, or that it was there."""
    title, number, counts = outcome.article.title, outcome.number, outcome.counts
    if not outcome.added:
        return f'already present as version {number} of "{title}"'
    return (
        f'new version {number} of "{title}": {counts.unchanged} unchanged, '
        f"{counts.moved} moved, {counts.changed} changed, {counts.needs_review} need review, "
        f"{counts.orphaned} orphaned"
    )


_LABELS = {
    records.AnnotationState.ANCHORED: "anchored",
    records.AnnotationState.CHANGED: "changed",
    records.AnnotationState.NEEDS_REVIEW: "needs review",
    records.AnnotationState.ORPHANED: "orphaned",
}


def state_label(state: records.AnnotationState) -> str:
    """An annotation's state as the reader reads it ("needs review")."""
    return _LABELS[state]
