"""Exports: reports (Markdown, HTML, PDF) and data (CSV, W3C JSON-LD) from a library.

:func:`export_library` reads everything it needs through the library's bulk
methods (a handful of queries whatever the size), picks the annotations in
scope, renders the chosen format and writes it atomically. The writers
themselves take plain records and return text or bytes; only the PDF writer
uses Qt, and it is imported only when a PDF is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from xiaomi_reader.core.records import Annotation, Article, ArticleSummary, Link, Tag
from xiaomi_reader.core.report import build_report
from xiaomi_reader.core.report_changes import VersionChanges, what_changed
from xiaomi_reader.core.scope import Scope, select_annotations, select_links
from xiaomi_reader.export.files import ExportError, write_atomic

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

__all__ = ["FORMATS", "PAGE_SIZES", "ExportError", "export_library", "render"]

FORMATS = ("md", "html", "pdf", "csv", "json")
PAGE_SIZES = ("a4", "letter")


def export_library(
    library: Library,
    fmt: str,
    output: str | os.PathLike[str],
    article_keys: Iterable[str | int] = (),
    tag_names: Iterable[str] = (),
    *,
    page_size: str = "a4",
) -> Path:
    """Export the library (or the chosen articles and tags) to ``output``; returns the path.

    ``article_keys`` are article ids, IRIs or URLs; ``tag_names`` match tag names
    ignoring case and keep the annotations that have at least one of them. With
    no articles chosen every article and every orphan is exported. Raises
    :class:`ExportError` for an unknown format, article or tag and for a
    destination that cannot be written (which is then left as it was).
    """
    fmt = fmt.lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}.")
    if page_size.lower() not in PAGE_SIZES:
        raise ExportError(f"Unknown page size {page_size!r}; use one of: {', '.join(PAGE_SIZES)}.")
    summaries = library.articles()
    tags = library.tags()
    scope = Scope(
        article_ids=_article_ids(library, summaries, article_keys),
        tag_ids=_tag_ids(tags, tag_names),
    )
    data = render(library, fmt, summaries, tags, scope, page_size=page_size.lower())
    return write_atomic(output, data)


def render(
    library: Library,
    fmt: str,
    summaries: list[ArticleSummary],
    tags: list[Tag],
    scope: Scope,
    *,
    page_size: str = "a4",
) -> bytes:
    """The bytes of one export; :func:`export_library` without the file."""
    annotations = library.annotations()
    links = library.links()
    selected = select_annotations(annotations, summaries, scope)
    if fmt == "json":
        from xiaomi_reader.export.w3c import render_collection

        return render_collection(
            selected, links, tags, version_dates=library.version_dates(summaries)
        )
    if fmt == "csv":
        from xiaomi_reader.export.csv_export import render_csv

        ids = {a.id for a in selected}
        iris = {a.id: a.iri for a in annotations}
        return render_csv(
            selected, summaries, select_links(links, ids, both_ends=False), tags, iris
        )

    updated = [
        s.id
        for s in summaries
        if s.version > 1 and (scope.article_ids is None or s.id in scope.article_ids)
    ]
    articles = _with_texts(library, summaries, annotations, selected, links, updated)
    changed = _what_changed(library, articles, updated, tags)
    report = build_report(articles, annotations, links, tags, scope, changed=changed)
    if fmt == "md":
        from xiaomi_reader.export.markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    if fmt == "html":
        from xiaomi_reader.export.html import render_html

        return render_html(report).encode("utf-8")
    from xiaomi_reader.export.pdf import render_pdf

    return render_pdf(report, page_size)


def _article_ids(
    library: Library, summaries: list[ArticleSummary], keys: Iterable[str | int]
) -> tuple[int, ...] | None:
    wanted: set[int] = set()
    for key in keys:
        article = library.find_article(str(key).strip())
        if article is None:
            raise ExportError(
                f"There is no article {str(key)!r} in the library; give an id, IRI or URL "
                "(the articles command lists them)."
            )
        wanted.add(article.id)
    if not wanted:
        return None
    # Reading order is the library's order, whatever order the keys came in.
    return tuple(s.id for s in summaries if s.id in wanted)


def _tag_ids(tags: list[Tag], names: Iterable[str]) -> frozenset[int] | None:
    by_key = {tag.name.casefold(): tag.id for tag in tags}
    wanted: set[int] = set()
    for name in names:
        key = " ".join(name.split()).casefold()
        if key not in by_key:
            known = ", ".join(tag.name for tag in tags) or "none"
            raise ExportError(f"There is no tag named {name!r}; the tags are: {known}.")
        wanted.add(by_key[key])
    return frozenset(wanted) if wanted else None


def _with_texts(
    library: Library,
    summaries: list[ArticleSummary],
    annotations: list[Annotation],
    selected: list[Annotation],
    links: list[Link],
    updated: list[int],
) -> list[Article | ArticleSummary]:
    """Full texts (for eight words of context) of the articles the report quotes from, and
    of the ``updated`` ones (to compare with their previous version)."""
    ids = {a.id for a in selected}
    article_of = {a.id: a.article_id for a in annotations}
    needed: set[int | None] = {a.article_id for a in selected} | set(updated)
    for link in select_links(links, ids, both_ends=False):
        needed.add(article_of.get(link.source_id))
        needed.add(article_of.get(link.target_id))
    texts = library.articles_with_texts([s.id for s in summaries if s.id in needed])
    by_id = {article.id: article for article in texts}
    return [by_id.get(s.id, s) for s in summaries]


def _what_changed(
    library: Library,
    articles: list[Article | ArticleSummary],
    updated: list[int],
    tags: list[Tag],
) -> dict[int, VersionChanges]:
    """What changed since the previous version, for each article that has one."""
    tag_names = {tag.id: tag.name for tag in tags}
    current = {a.id: a for a in articles if isinstance(a, Article)}
    found = {}
    for article_id in updated:
        article = current[article_id]
        old, placed = library.old_version(article_id, article.version - 1)
        found[article_id] = what_changed(
            old.text, article.text, old.version, article.version, placed, tag_names
        )
    return found
