"""What a report holds, as plain records that every report writer lays out the same way.

:func:`xiaomi_reader.core.report.build_report` fills them in; the writers
(Markdown, HTML, PDF) only read them. No Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from xiaomi_reader.core.quotes import Quote
from xiaomi_reader.core.records import LinkType

if TYPE_CHECKING:  # the diff behind it loads with the first report that needs one
    from xiaomi_reader.core.report_changes import VersionChanges

__all__ = [
    "DEFAULT_TITLE",
    "ORPHANS_LABEL",
    "ORPHAN_LABEL",
    "ArticleSection",
    "LinkEnd",
    "LinkRef",
    "OrphanEntry",
    "Report",
    "ReportAnnotation",
    "ReportLink",
    "ReportScope",
    "ReportTag",
    "ReviewEntry",
    "Summary",
    "SummaryRow",
    "link_label",
]

DEFAULT_TITLE = "Annotation report"
ORPHANS_LABEL = "Orphaned annotations"
ORPHAN_LABEL = "Orphaned annotation"

# How a link reads from the annotation at its source end and from the one at its target end.
_OUTGOING = {
    LinkType.CONTRADICTS: "contradicts",
    LinkType.SUPPORTS: "supports",
    LinkType.SAME_CLAIM: "same claim as",
    LinkType.CORRECTS: "corrects",
}
_INCOMING = {
    LinkType.CONTRADICTS: "contradicted by",
    LinkType.SUPPORTS: "supported by",
    LinkType.SAME_CLAIM: "same claim as",
    LinkType.CORRECTS: "corrected by",
}


def link_label(kind: LinkType, *, outgoing: bool) -> str:
    """``contradicts`` from the source end, ``contradicted by`` from the target end."""
    return (_OUTGOING if outgoing else _INCOMING)[kind]


@dataclass(frozen=True)
class ReportTag:
    name: str
    colour: str


# The records made once per annotation or link are named tuples rather than frozen
# dataclasses: just as immutable, and several times quicker to create.


class LinkEnd(NamedTuple):
    """One passage of a link pair."""

    annotation_iri: str
    article_title: str
    article_date: str | None
    quote: Quote
    tags: tuple[ReportTag, ...]
    note: str
    orphaned: bool


class ReportLink(NamedTuple):
    iri: str
    type: LinkType
    note: str
    source: LinkEnd
    target: LinkEnd

    @property
    def label(self) -> str:
        return link_label(self.type, outgoing=True)


class LinkRef(NamedTuple):
    """What an annotation is linked to, seen from that annotation."""

    label: str  # e.g. "contradicts" or "contradicted by"
    type: LinkType
    other_iri: str
    other_article: str
    other_quote: str  # the other quote, shortened
    note: str


class ReportAnnotation(NamedTuple):
    iri: str
    start: int | None
    end: int | None
    quote: Quote
    tags: tuple[ReportTag, ...]
    note: str
    links: tuple[LinkRef, ...]
    created: datetime
    modified: datetime


class ReviewEntry(NamedTuple):
    """An annotation waiting for a reader's review: its quote on the version it stays on,
    and the words of the place offered in the current version (None when none was)."""

    iri: str
    quote: Quote
    tags: tuple[ReportTag, ...]
    note: str
    version: int
    offered: str | None


@dataclass(frozen=True)
class ArticleSection:
    iri: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    annotations: tuple[ReportAnnotation, ...]
    author: str | None = None
    site: str | None = None
    needs_review: tuple[ReviewEntry, ...] = ()  # left on an earlier version, a place offered
    changes: VersionChanges | None = None  # from the previous version, when there is one

    def details(self) -> list[str]:
        """What is shown under the title: site (else source) · author · date · address."""
        parts = (self.site or self.source, self.author, self.date, self.url)
        return [part for part in parts if part]


class OrphanEntry(NamedTuple):
    """An annotation that no longer fits its text: its original quote and target."""

    iri: str
    exact: str
    target_source: str
    quote: Quote
    tags: tuple[ReportTag, ...]
    note: str
    links: tuple[LinkRef, ...]


@dataclass(frozen=True)
class SummaryRow:
    label: str  # an article title, or "Orphaned annotations"
    counts: tuple[int, ...]  # one per Summary.tags column
    untagged: int
    total: int


@dataclass(frozen=True)
class Summary:
    tags: tuple[ReportTag, ...]
    rows: tuple[SummaryRow, ...]
    links: tuple[tuple[LinkType, int], ...]  # every link type, in a fixed order
    annotation_total: int
    link_total: int


@dataclass(frozen=True)
class ReportScope:
    articles: tuple[str, ...]  # titles of the articles covered
    tags: tuple[str, ...]  # names of the chosen tags; empty when all_tags
    all_articles: bool
    all_tags: bool


@dataclass(frozen=True)
class Report:
    title: str
    generated: datetime
    scope: ReportScope
    summary: Summary
    links: tuple[ReportLink, ...]
    sections: tuple[ArticleSection, ...]
    orphans: tuple[OrphanEntry, ...]
