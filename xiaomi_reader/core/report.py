"""The content of a report, as plain data that every report writer renders the same way.

:func:`build_report` takes what the library holds (articles, annotations, links,
tags) and a :class:`~xiaomi_reader.core.scope.Scope`, and returns a
:class:`~xiaomi_reader.core.report_content.Report`: title, scope, summary
counts, the links as pairs of passages, one section per article in reading
order and the orphans. Writers (Markdown, HTML, PDF) only lay it out.

No Qt, no SQL: everything here works on ``core.records`` values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from xiaomi_reader.core.records import Annotation, AnnotationState, Link, LinkType, Tag
from xiaomi_reader.core.report_changes import VersionChanges
from xiaomi_reader.core.report_content import DEFAULT_TITLE, ArticleSection, Report
from xiaomi_reader.core.report_entries import (
    LibraryIndex,
    annotation_entry,
    link_pair,
    orphan_entry,
    review_entry,
)
from xiaomi_reader.core.report_summary import describe_scope, summarise
from xiaomi_reader.core.scope import AnyArticle, Scope, select_annotations, select_links

__all__ = ["build_report"]

# Contradictions first: they are what a fact-checker is looking for.
_LINK_ORDER = {kind: i for i, kind in enumerate(LinkType)}


def build_report(
    articles: Sequence[AnyArticle],
    annotations: Sequence[Annotation],
    links: Sequence[Link],
    tags: Sequence[Tag],
    scope: Scope | None = None,
    *,
    title: str = DEFAULT_TITLE,
    generated: datetime | None = None,
    changed: Mapping[int, VersionChanges] | None = None,
) -> Report:
    """Assemble a report.

    ``articles`` are the library's articles in reading order; pass full
    :class:`~xiaomi_reader.core.records.Article` records (with text) for those
    whose quotes should get eight words of context, summaries are enough for
    the rest (their quotes fall back to the stored prefix and suffix).
    ``annotations``, ``links`` and ``tags`` may be the whole library: the scope
    picks what is reported. A link is reported when at least one of its ends is
    in scope. ``changed`` holds, by article id, what changed since the article's previous
    version (its "What changed" section). An annotation left on an earlier version for
    review is listed with its article, not with the orphans.
    """
    scope = scope or Scope()
    selected = select_annotations(annotations, articles, scope)
    shown_links = select_links(links, {a.id for a in selected}, both_ends=False)
    index = LibraryIndex(articles, annotations, shown_links, tags)
    chosen = _chosen_articles(articles, scope)

    per_article: dict[int, list[Annotation]] = defaultdict(list)
    reviews: dict[int, list[Annotation]] = defaultdict(list)
    orphans: list[Annotation] = []
    known = {article.id for article in articles}
    for annotation in selected:
        article = index.article(annotation)
        if article is not None:
            per_article[article.id].append(annotation)
        elif _waits_for_review(annotation) and annotation.article_id in known:
            reviews[annotation.article_id or 0].append(annotation)
        else:
            orphans.append(annotation)
    counted = {i: per_article.get(i, []) + reviews.get(i, []) for i in known}
    changed = changed or {}

    sections = tuple(
        ArticleSection(
            iri=article.iri,
            title=article.title,
            date=article.date,
            source=article.source,
            url=article.url,
            author=article.author,
            site=article.site,
            annotations=tuple(
                annotation_entry(index, a)
                for a in sorted(per_article[article.id], key=_reading_order)
            ),
            needs_review=tuple(
                review_entry(index, a, article)
                for a in sorted(reviews.get(article.id, ()), key=_reading_order)
            ),
            changes=changed.get(article.id),
        )
        for article in chosen
    )
    ordered = sorted(shown_links, key=_pair_order(articles, index))
    pairs = (link_pair(index, link) for link in ordered)
    return Report(
        title=title,
        generated=generated or datetime.now(UTC),
        scope=describe_scope(chosen, tags, scope),
        summary=summarise(chosen, counted, orphans, shown_links, tags, scope),
        links=tuple(pair for pair in pairs if pair is not None),
        sections=sections,
        orphans=tuple(orphan_entry(index, a) for a in orphans),
    )


def _pair_order(
    articles: Sequence[AnyArticle], index: LibraryIndex
) -> Callable[[Link], tuple[int, int, int, int]]:
    """Contradictions first, then by where the first passage sits in the reading order."""
    ranks = {article.id: i for i, article in enumerate(articles)}
    last = len(ranks)

    def key(link: Link) -> tuple[int, int, int, int]:
        source = index.annotation(link.source_id)
        rank = ranks.get(source.article_id or -1, last) if source else last
        start = source.start if source and source.start is not None else 0
        return (_LINK_ORDER[link.type], rank, start, link.id)

    return key


def _waits_for_review(annotation: Annotation) -> bool:
    return annotation.state is AnnotationState.NEEDS_REVIEW and annotation.article_id is not None


def _reading_order(annotation: Annotation) -> tuple[int, int, int]:
    start = annotation.start if annotation.start is not None else 0
    end = annotation.end if annotation.end is not None else start
    return (start, end, annotation.id)


def _chosen_articles(articles: Sequence[AnyArticle], scope: Scope) -> list[AnyArticle]:
    if scope.article_ids is None:
        return list(articles)
    by_id = {article.id: article for article in articles}
    return [by_id[i] for i in dict.fromkeys(scope.article_ids) if i in by_id]
