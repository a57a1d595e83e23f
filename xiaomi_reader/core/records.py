"""Plain, immutable records that the library hands to its callers.

They carry no database session and no Qt type, so the GUI, the exporters and the
command line can keep them as long as they like.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class AnnotationState(StrEnum):
    ANCHORED = "anchored"
    CHANGED = "changed"  # its passage was edited in a later version; the old words are kept
    NEEDS_REVIEW = "needs_review"  # left on its version, with a likely place in the current one
    ORPHANED = "orphaned"


# The states of an annotation that has a place in its article's current text.
PLACED_STATES = frozenset({AnnotationState.ANCHORED, AnnotationState.CHANGED})


class LinkType(StrEnum):
    CONTRADICTS = "contradicts"
    SUPPORTS = "supports"
    SAME_CLAIM = "same claim"
    CORRECTS = "corrects"


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    iri: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    file_name: str | None
    imported_at: datetime
    annotation_count: int = 0
    author: str | None = None
    site: str | None = None
    language: str | None = None
    fetched_at: datetime | None = None
    version: int = 1  # the number of the current version


@dataclass(frozen=True)
class Article:
    id: int
    iri: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    file_name: str | None
    imported_at: datetime
    text: str
    author: str | None = None
    site: str | None = None  # the site's own name; else ``source`` is the nearest there is
    language: str | None = None
    fetched_at: datetime | None = None  # when a page was fetched; None for files
    version: int = 1  # the number of the version this text is


@dataclass(frozen=True)
class OriginalInfo:
    """What is known of an article's original without reading its bytes."""

    article_id: int
    version: int
    media_type: str
    file_name: str | None
    url: str | None
    fetched_at: datetime | None
    size: int  # bytes, uncompressed
    sha256: str  # of the bytes, uncompressed


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    colour: str
    description: str = ""
    shortcut: str | None = None


@dataclass(frozen=True)
class Annotation:
    id: int
    iri: str
    article_id: int | None
    target_source: str
    start: int | None
    end: int | None
    exact: str
    prefix: str
    suffix: str
    note: str
    author: str | None
    state: AnnotationState
    created: datetime
    modified: datetime
    tag_ids: tuple[int, ...] = field(default=())
    version: int = 1  # the article version that start/end/exact/prefix/suffix refer to
    previous_exact: str | None = None  # CHANGED: the words before the edit
    candidate_start: int | None = None  # NEEDS_REVIEW: its likeliest place in the next version
    candidate_end: int | None = None

    @property
    def placed(self) -> bool:
        """Whether it has a place in its article's current text (to highlight, to quote)."""
        return self.article_id is not None and self.state in PLACED_STATES

    def offered_place(self, current_version: int) -> tuple[int, int] | None:
        """The place offered for review in the article's text at ``current_version``.

        The candidate counts code points of the version after the annotation's own; once
        the article has moved on again those offsets point at other words, so none is offered.
        """
        start, end = self.candidate_start, self.candidate_end
        if start is None or end is None or current_version != self.version + 1:
            return None
        return start, end


@dataclass(frozen=True)
class Link:
    id: int
    iri: str
    source_id: int
    target_id: int
    type: LinkType
    note: str
    created: datetime
