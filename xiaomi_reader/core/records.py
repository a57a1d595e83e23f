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
    ORPHANED = "orphaned"


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


@dataclass(frozen=True)
class Link:
    id: int
    iri: str
    source_id: int
    target_id: int
    type: LinkType
    note: str
    created: datetime
