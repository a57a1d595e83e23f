"""A report's opening: what it covers, and how many annotations and links it counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xiaomi_reader.core.records import Annotation, Link, LinkType, Tag
from xiaomi_reader.core.report_content import (
    ORPHANS_LABEL,
    ReportScope,
    ReportTag,
    Summary,
    SummaryRow,
)
from xiaomi_reader.core.scope import AnyArticle, Scope

__all__ = ["describe_scope", "summarise"]


def describe_scope(chosen: Sequence[AnyArticle], tags: Sequence[Tag], scope: Scope) -> ReportScope:
    """The titles of the articles covered and the names of the chosen tags."""
    tag_names: tuple[str, ...] = ()
    if scope.tag_ids is not None:
        tag_names = tuple(tag.name for tag in tags if tag.id in scope.tag_ids)
    return ReportScope(
        articles=tuple(article.title for article in chosen),
        tags=tag_names,
        all_articles=scope.article_ids is None,
        all_tags=scope.tag_ids is None,
    )


def summarise(
    chosen: Sequence[AnyArticle],
    per_article: dict[int, list[Annotation]],
    orphans: Sequence[Annotation],
    links: Sequence[Link],
    tags: Sequence[Tag],
    scope: Scope,
) -> Summary:
    """Annotations per tag per article (orphans last), and links per type."""
    groups: list[tuple[str, Sequence[Annotation]]] = [
        (article.title, per_article.get(article.id, ())) for article in chosen
    ]
    if orphans:
        groups.append((ORPHANS_LABEL, orphans))
    used = {tag_id for _, group in groups for a in group for tag_id in a.tag_ids}
    wanted = scope.tag_ids if scope.tag_ids is not None else used
    # Columns in the library's tag order; with a tag filter, the chosen tags even when unused.
    columns = [tag for tag in tags if tag.id in wanted]
    rows = []
    for label, group in groups:
        counter: Counter[int] = Counter(tag_id for a in group for tag_id in a.tag_ids)
        rows.append(
            SummaryRow(
                label=label,
                counts=tuple(counter[tag.id] for tag in columns),
                untagged=sum(1 for a in group if not a.tag_ids),
                total=len(group),
            )
        )
    link_counts: Counter[LinkType] = Counter(link.type for link in links)
    return Summary(
        tags=tuple(ReportTag(tag.name, tag.colour) for tag in columns),
        rows=tuple(rows),
        links=tuple((kind, link_counts[kind]) for kind in LinkType),
        annotation_total=sum(row.total for row in rows),
        link_total=len(links),
    )
