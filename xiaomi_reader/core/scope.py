"""What a report or an export covers: chosen articles (with their orphans) and tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xiaomi_reader.core.records import Annotation, Article, ArticleSummary, Link

__all__ = ["AnyArticle", "Scope", "select_annotations", "select_links"]

AnyArticle = Article | ArticleSummary


@dataclass(frozen=True)
class Scope:
    """Which annotations a report or export covers.

    ``article_ids=None`` means every article and every orphan; otherwise the
    chosen articles, in that order, plus the orphans whose original target is
    one of them. ``tag_ids=None`` means every annotation; otherwise those with
    at least one of these tags.
    """

    article_ids: tuple[int, ...] | None = None
    tag_ids: frozenset[int] | None = None


def select_annotations(
    annotations: Iterable[Annotation], articles: Sequence[AnyArticle], scope: Scope
) -> list[Annotation]:
    """The annotations inside ``scope``, in the order given."""
    chosen: set[int] | None = None
    sources: set[str] = set()
    if scope.article_ids is not None:
        chosen = set(scope.article_ids)
        for article in articles:
            if article.id in chosen:
                sources.add(article.iri)
                if article.url:
                    sources.add(article.url)
    selected = []
    for annotation in annotations:
        if chosen is not None:
            if annotation.article_id is None:
                if annotation.target_source not in sources:
                    continue
            elif annotation.article_id not in chosen:
                continue
        if scope.tag_ids is not None and scope.tag_ids.isdisjoint(annotation.tag_ids):
            continue
        selected.append(annotation)
    return selected


def select_links(
    links: Iterable[Link], annotation_ids: set[int] | frozenset[int], *, both_ends: bool
) -> list[Link]:
    """Links with both ends (or at least one end) among ``annotation_ids``."""
    if both_ends:
        return [x for x in links if x.source_id in annotation_ids and x.target_id in annotation_ids]
    return [x for x in links if x.source_id in annotation_ids or x.target_id in annotation_ids]
