"""Each annotation and link as a report shows it: quote in context, tags, note, links.

:class:`LibraryIndex` answers where an annotation stands in the library (its
article, its tags in the library's order, its links); the functions below turn
an annotation or a link into the report's record of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from xiaomi_reader.core.quotes import Quote, quote_of, shorten
from xiaomi_reader.core.records import Annotation, Article, Link, Tag
from xiaomi_reader.core.report_content import (
    ORPHAN_LABEL,
    LinkEnd,
    LinkRef,
    OrphanEntry,
    ReportAnnotation,
    ReportLink,
    ReportTag,
    ReviewEntry,
    link_label,
)
from xiaomi_reader.core.scope import AnyArticle

__all__ = ["LibraryIndex", "annotation_entry", "link_pair", "orphan_entry", "review_entry"]

# Characters of the other passage's quote in a link seen from one of its ends.
_SHORT_QUOTE = 90


class LibraryIndex:
    """The library indexed once per report, so an entry costs look-ups, never a scan."""

    def __init__(
        self,
        articles: Sequence[AnyArticle],
        annotations: Sequence[Annotation],
        links: Sequence[Link],
        tags: Sequence[Tag],
    ) -> None:
        self._articles = {article.id: article for article in articles}
        # Every annotation a shown link touches, in scope or not.
        self._annotations = {a.id: a for a in annotations}
        self._links: dict[int, list[Link]] = defaultdict(list)
        for link in links:
            self._links[link.source_id].append(link)
            self._links[link.target_id].append(link)
        self._tags = {tag.id: (i, ReportTag(tag.name, tag.colour)) for i, tag in enumerate(tags)}

    def annotation(self, annotation_id: int) -> Annotation | None:
        return self._annotations.get(annotation_id)

    def article(self, annotation: Annotation) -> AnyArticle | None:
        """The article an annotation sits in; None for an orphan."""
        if not annotation.placed:  # orphaned, or left on an earlier version for review
            return None
        return self._articles.get(annotation.article_id or 0)

    def links(self, annotation: Annotation) -> list[Link]:
        return self._links.get(annotation.id, [])

    def tags(self, annotation: Annotation) -> tuple[ReportTag, ...]:
        """In the library's tag order, whatever order the annotation lists them in."""
        ranked = sorted(self._tags[t] for t in annotation.tag_ids if t in self._tags)
        return tuple(tag for _, tag in ranked)

    def quote(self, annotation: Annotation) -> Quote:
        """The quote with words of its article's text around it, when the text is at hand."""
        article = self.article(annotation)
        return quote_of(annotation, article.text if isinstance(article, Article) else None)


def annotation_entry(index: LibraryIndex, annotation: Annotation) -> ReportAnnotation:
    """An annotation in its article's section."""
    return ReportAnnotation(
        iri=annotation.iri,
        start=annotation.start,
        end=annotation.end,
        quote=index.quote(annotation),
        tags=index.tags(annotation),
        note=annotation.note,
        links=_link_refs(index, annotation),
        created=annotation.created,
        modified=annotation.modified,
    )


def orphan_entry(index: LibraryIndex, annotation: Annotation) -> OrphanEntry:
    """An orphan with its original quote and target."""
    return OrphanEntry(
        iri=annotation.iri,
        exact=annotation.exact,
        target_source=annotation.target_source,
        quote=index.quote(annotation),
        tags=index.tags(annotation),
        note=annotation.note,
        links=_link_refs(index, annotation),
    )


def review_entry(index: LibraryIndex, annotation: Annotation, article: AnyArticle) -> ReviewEntry:
    """An annotation waiting for review, with the words of the place offered for it."""
    offered = None
    place = annotation.offered_place(article.version)
    if isinstance(article, Article) and place is not None:
        offered = article.text[place[0] : place[1]]
    return ReviewEntry(
        iri=annotation.iri,
        quote=quote_of(annotation, None),
        tags=index.tags(annotation),
        note=annotation.note,
        version=annotation.version,
        offered=offered,
    )


def link_pair(index: LibraryIndex, link: Link) -> ReportLink | None:
    """A link as a pair of passages; None when either end is not in the library."""
    source = index.annotation(link.source_id)
    target = index.annotation(link.target_id)
    if source is None or target is None:
        return None
    return ReportLink(
        link.iri, link.type, link.note, _link_end(index, source), _link_end(index, target)
    )


def _link_end(index: LibraryIndex, annotation: Annotation) -> LinkEnd:
    article = index.article(annotation)
    return LinkEnd(
        annotation_iri=annotation.iri,
        article_title=article.title if article else f"Orphan (was on {annotation.target_source})",
        article_date=article.date if article else None,
        quote=index.quote(annotation),
        tags=index.tags(annotation),
        note=annotation.note,
        orphaned=article is None,
    )


def _link_refs(index: LibraryIndex, annotation: Annotation) -> tuple[LinkRef, ...]:
    """What ``annotation`` is linked to, each link read from this end."""
    refs = []
    for link in index.links(annotation):
        outgoing = link.source_id == annotation.id
        other = index.annotation(link.target_id if outgoing else link.source_id)
        if other is None:
            continue
        article = index.article(other)
        refs.append(
            LinkRef(
                label=link_label(link.type, outgoing=outgoing),
                type=link.type,
                other_iri=other.iri,
                other_article=article.title if article else ORPHAN_LABEL,
                other_quote=shorten(other.exact, _SHORT_QUOTE),
                note=link.note,
            )
        )
    return tuple(refs)
