"""How rows become records: one function per record type.

Each takes a row of the matching ``*_COLUMNS`` select of :mod:`~xiaomi_reader.store.queries`
(columns in that order); stored times arrive already parsed, by the columns' own type
(:class:`~xiaomi_reader.store.schema.UTCDateTime`). Unpacked by position rather than
by name: these run for every one of thousands of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from xiaomi_reader.core import records

_STATES = {state.value: state for state in records.AnnotationState}
_LINK_TYPES = {kind.value: kind for kind in records.LinkType}  # cheaper than calling the enum


def article_summary(row: Iterable[Any], annotation_count: int = 0) -> records.ArticleSummary:
    (
        ident, iri, title, date, source, url, file_name, imported_at, author, site, lang,
        fetched, version,
    ) = row  # fmt: skip
    return records.ArticleSummary(
        ident, iri, title, date, source, url, file_name, imported_at, annotation_count,
        author, site, lang, fetched, version,
    )  # fmt: skip


def article(row: Iterable[Any]) -> records.Article:
    (
        ident, iri, title, date, source, url, file_name, imported_at, author, site, lang,
        fetched, version, text,
    ) = row  # fmt: skip
    return records.Article(
        ident, iri, title, date, source, url, file_name, imported_at, text, author, site, lang,
        fetched, version,
    )  # fmt: skip


def original_info(row: Iterable[Any]) -> records.OriginalInfo:
    article_id, version, media_type, file_name, url, fetched_at, size, sha256 = row
    return records.OriginalInfo(
        article_id, version, media_type, file_name, url, fetched_at, size, sha256
    )


def tag(row: Iterable[Any]) -> records.Tag:
    ident, name, colour, description, shortcut = row
    return records.Tag(ident, name, colour, description, shortcut)


def annotation(row: Iterable[Any], tag_ids: tuple[int, ...]) -> records.Annotation:
    """``tag_ids`` in the tags' own order (by id), as :func:`tag_ids_by_annotation` gives."""
    (
        ident, iri, article_id, source, start, end, exact, prefix, suffix, note, author,
        state, created, modified, version, previous_exact, candidate_start, candidate_end,
    ) = row  # fmt: skip
    return records.Annotation(
        ident, iri, article_id, source, start, end, exact, prefix, suffix, note, author,
        _STATES[state], created, modified, tag_ids, version, previous_exact, candidate_start,
        candidate_end,
    )  # fmt: skip


def tag_ids_by_annotation(taggings: Iterable[Any]) -> dict[int, tuple[int, ...]]:
    """Each annotation's tag ids, from (annotation id, tag id) rows sorted by both."""
    found: dict[int, list[int]] = {}
    for annotation_id, tag_id in taggings:
        found.setdefault(annotation_id, []).append(tag_id)
    return {annotation_id: tuple(ids) for annotation_id, ids in found.items()}


def link(row: Iterable[Any]) -> records.Link:
    ident, iri, source_id, target_id, kind, note, created = row
    return records.Link(ident, iri, source_id, target_id, _LINK_TYPES[kind], note, created)
