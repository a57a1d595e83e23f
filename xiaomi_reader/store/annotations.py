"""Annotations: creating one (the hot path of annotating), reading, changing, deleting."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from xiaomi_reader.core import records
from xiaomi_reader.core.anchoring import Selector, build_selector, passage_window
from xiaomi_reader.core.changes import Deleted
from xiaomi_reader.core.merging import merge_tags, merge_text
from xiaomi_reader.store import queries, rows
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.links import link_values, links_of
from xiaomi_reader.store.schema import new_iri, utcnow
from xiaomi_reader.store.tags import check_tags_exist, existing_tag_ids
from xiaomi_reader.store.transactions import Transactions, missing


class Annotations:
    def __init__(self, transactions: Transactions) -> None:
        self._tx = transactions

    def add(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        tag_ids: Sequence[int] = (),
        note: str = "",
        author: str | None = None,
        iri: str | None = None,
    ) -> records.Annotation:
        """Annotate ``text[start:end]`` (code points) of an article.

        One insert of the annotation and one of its tags; the record is built from the
        values written, not read back. A tag id the library does not hold is refused by
        name, and nothing is written.
        """
        wanted_tags = list(dict.fromkeys(tag_ids))
        try:
            with self._tx.write() as conn:
                article_iri, article_version, selector = _passage(conn, article_id, start, end)
                now = utcnow()
                values = {
                    "iri": iri or new_iri(),
                    "article_id": article_id,
                    "target_source": article_iri,
                    "start": selector.start,
                    "end": selector.end,
                    "exact": selector.exact,
                    "prefix": selector.prefix,
                    "suffix": selector.suffix,
                    "note": note,
                    "author": author,
                    "state": records.AnnotationState.ANCHORED.value,
                    "created": now,
                    "modified": now,
                    "version": article_version,
                    "previous_exact": None,
                    "candidate_start": None,
                    "candidate_end": None,
                }
                inserted = conn.execute(queries.INSERT_ANNOTATION, values).inserted_primary_key
                assert inserted is not None
                ident = int(inserted[0])
                if wanted_tags:
                    _tag(conn, ident, wanted_tags)
        except IntegrityError:
            # The taggings' foreign key is what checks the tags; only when it refuses one
            # are they looked up, to name it. Nothing was written.
            with self._tx.read() as conn:
                check_tags_exist(conn, wanted_tags)
            raise
        # ``values`` are in the order of queries.ANNOTATION_COLUMNS; tag order is the tags'
        # own order (by id), whichever way they were attached.
        return rows.annotation((ident, *values.values()), tuple(sorted(wanted_tags)))

    def all(self, article_id: int | None = None) -> list[records.Annotation]:
        """All annotations (or one article's), by article then position, orphans last.

        Two queries, whatever the number: the annotations, and their taggings.
        """
        with self._tx.read() as conn:
            if article_id is None:
                tag_ids = rows.tag_ids_by_annotation(conn.execute(queries.TAGGINGS))
                found = [
                    *conn.execute(queries.PLACED_ANNOTATIONS),
                    *conn.execute(queries.UNPLACED_ANNOTATIONS),
                ]
            else:
                wanted = {"article_id": article_id}
                tag_ids = rows.tag_ids_by_annotation(conn.execute(queries.ARTICLE_TAGGINGS, wanted))
                found = list(conn.execute(queries.ARTICLE_ANNOTATIONS, wanted))
        annotation, no_tags = rows.annotation, ()
        return [annotation(row, tag_ids.get(row[0], no_tags)) for row in found]

    def one(self, annotation_id: int) -> records.Annotation:
        with self._tx.read() as conn:
            return read_annotations(conn, [annotation_id])[0]

    def set_note(
        self, annotation_id: int, note: str, *, replacing: str | None = None
    ) -> records.Annotation:
        """Set an annotation's note.

        ``replacing`` is the note the caller saw. If another program changed it since, the
        two edits are merged (:func:`~xiaomi_reader.core.merging.merge_text`), never
        overwritten: compare the returned note with ``note`` to learn whether that happened.
        """
        with self._tx.write() as conn:
            [current] = read_annotations(conn, [annotation_id])
            if replacing is not None:
                note, _clean = merge_text(replacing, note, current.note)
            if current.note == note:
                return current
            now = utcnow()
            values = {"annotation_id": annotation_id, "new_note": note, "when": now}
            conn.execute(queries.SET_NOTE, values)
        return dataclasses.replace(current, note=note, modified=now)

    def set_tags(
        self,
        annotation_id: int,
        tag_ids: Sequence[int],
        *,
        replacing: Sequence[int] | None = None,
    ) -> records.Annotation:
        """Set an annotation's tags; ``replacing`` (the tags the caller saw) as in set_note:
        tags another program added or removed since stay added or removed."""
        with self._tx.write() as conn:
            [current] = read_annotations(conn, [annotation_id])
            if replacing is not None:
                tag_ids = merge_tags(replacing, tag_ids, current.tag_ids)
            wanted = list(dict.fromkeys(tag_ids))
            if set(current.tag_ids) == set(wanted):
                return current
            check_tags_exist(conn, wanted)
            removed = [tag_id for tag_id in current.tag_ids if tag_id not in wanted]
            if removed:
                conn.execute(
                    queries.DELETE_TAGGINGS, {"annotation_id": annotation_id, "tag_ids": removed}
                )
            _tag(conn, annotation_id, [t for t in wanted if t not in current.tag_ids])
            now = utcnow()
            conn.execute(queries.SET_MODIFIED, {"annotation_id": annotation_id, "when": now})
        return dataclasses.replace(current, tag_ids=tuple(sorted(wanted)), modified=now)

    def delete(self, annotation_ids: Sequence[int]) -> Deleted:
        """Delete annotations (and, through the database, their links and taggings).

        Returns them and their links as they were, read in the same transaction, so that
        an undo puts back exactly what was deleted.
        """
        ids = list(dict.fromkeys(annotation_ids))
        with self._tx.write() as conn:
            deleted = Deleted(tuple(read_annotations(conn, ids)), tuple(links_of(conn, ids)))
            for chunk in queries.chunks(ids):
                conn.execute(queries.DELETE_ANNOTATIONS, {"ids": chunk})
        return deleted

    def restore(
        self, annotations: Sequence[records.Annotation], links: Sequence[records.Link] = ()
    ) -> None:
        """Put deleted annotations back exactly as they were, ids and links included (undo)."""
        if not annotations and not links:
            return
        with self._tx.write() as conn:
            if annotations:
                conn.execute(queries.INSERT_ANNOTATION, [_values(a) for a in annotations])
            # A restored annotation silently loses tags deleted meanwhile.
            tagged = existing_tag_ids(conn, [t for a in annotations for t in a.tag_ids])
            taggings = [
                {"annotation_id": a.id, "tag_id": tag_id}
                for a in annotations
                for tag_id in a.tag_ids
                if tag_id in tagged
            ]
            if taggings:
                conn.execute(queries.INSERT_TAGGING, taggings)
            if links:
                conn.execute(queries.INSERT_LINK, [link_values(link) for link in links])


def read_annotations(conn: Connection, annotation_ids: Sequence[int]) -> list[records.Annotation]:
    """These annotations in the order asked; refuses the first id that is not there."""
    found: dict[int, records.Annotation] = {}
    for chunk in queries.chunks(annotation_ids):
        tag_ids = rows.tag_ids_by_annotation(conn.execute(queries.TAGGINGS_OF, {"ids": chunk}))
        for row in conn.execute(queries.ANNOTATIONS, {"ids": chunk}):
            found[row[0]] = rows.annotation(row, tag_ids.get(row[0], ()))
    for annotation_id in annotation_ids:
        if annotation_id not in found:
            raise missing("annotation", annotation_id)
    return [found[annotation_id] for annotation_id in annotation_ids]


def _passage(conn: Connection, article_id: int, start: int, end: int) -> tuple[str, int, Selector]:
    """The article's address and version, and the selector of its code points [start, end)."""
    # Only the passage and its context are read: the cost stays that of the passage,
    # however long the article (decoding a long text whole took longer than the rest).
    lo, hi = passage_window(start, end)
    part = {"id": article_id, "first": lo + 1, "length": hi - lo}
    article = conn.execute(queries.ARTICLE_SOURCE_AND_PASSAGE, part).first()
    if article is None:
        raise missing("article", article_id)
    article_iri, passage, article_version = article
    try:
        selector = build_selector(passage, start, end, offset=lo)
    except ValueError as exc:
        raise LibraryError(f"Cannot annotate that range: {exc}") from exc
    return article_iri, article_version, selector


def _tag(conn: Connection, annotation_id: int, tag_ids: Sequence[int]) -> None:
    if tag_ids:
        taggings = [{"annotation_id": annotation_id, "tag_id": tag_id} for tag_id in tag_ids]
        conn.execute(queries.INSERT_TAGGING, taggings)


def _values(annotation: records.Annotation) -> dict[str, object]:
    """A deleted annotation's row again, under its old id (undo)."""
    return {
        "id": annotation.id,
        "iri": annotation.iri,
        "article_id": annotation.article_id,
        "target_source": annotation.target_source,
        "start": annotation.start,
        "end": annotation.end,
        "exact": annotation.exact,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "note": annotation.note,
        "author": annotation.author,
        "state": annotation.state.value,
        "created": annotation.created,
        "modified": annotation.modified,
        "version": annotation.version,
        "previous_exact": annotation.previous_exact,
        "candidate_start": annotation.candidate_start,
        "candidate_end": annotation.candidate_end,
    }
