"""Links between two passages: contradicts, supports, same claim, corrects."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from xiaomi_reader.core import records
from xiaomi_reader.core.merging import merge_text
from xiaomi_reader.store import queries, rows
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.schema import new_iri, utcnow
from xiaomi_reader.store.transactions import Transactions, missing


class Links:
    def __init__(self, transactions: Transactions) -> None:
        self._tx = transactions

    def add(
        self,
        source_id: int,
        target_id: int,
        link_type: records.LinkType | str,
        *,
        note: str = "",
        iri: str | None = None,
    ) -> records.Link:
        try:
            kind = records.LinkType(link_type)
        except ValueError as exc:
            known = ", ".join(t.value for t in records.LinkType)
            raise LibraryError(f"Unknown link type {link_type!r}; use one of: {known}.") from exc
        if source_id == target_id:
            raise LibraryError("An annotation cannot be linked to itself.")
        with self._tx.write() as conn:
            for end in (source_id, target_id):
                if not conn.execute(queries.ANNOTATION_IDS_AMONG, {"ids": [end]}).first():
                    raise missing("annotation", end)
            values = {
                "iri": iri or new_iri(),
                "source_id": source_id,
                "target_id": target_id,
                "type": kind.value,
                "note": note,
                "created": utcnow(),
            }
            inserted = conn.execute(queries.INSERT_LINK, values).inserted_primary_key
            assert inserted is not None
        # In the order of queries.LINK_COLUMNS.
        return rows.link((int(inserted[0]), *values.values()))

    def all(self) -> list[records.Link]:
        with self._tx.read() as conn:
            return [rows.link(row) for row in conn.execute(queries.LINKS)]

    def of(self, annotation_ids: Sequence[int]) -> list[records.Link]:
        """Links with either end among these annotations."""
        with self._tx.read() as conn:
            return links_of(conn, annotation_ids)

    def delete(self, link_ids: Sequence[int]) -> None:
        """Delete several links (never their passages) in one transaction."""
        ids = list(dict.fromkeys(link_ids))
        with self._tx.write() as conn:
            for link_id in ids:
                _read(conn, link_id)
            for chunk in queries.chunks(ids):
                conn.execute(queries.DELETE_LINKS, {"ids": chunk})

    def set_note(self, link_id: int, note: str, *, replacing: str | None = None) -> records.Link:
        """Set a link's note; ``replacing`` as in an annotation's ``set_note``."""
        with self._tx.write() as conn:
            current = _read(conn, link_id)
            if replacing is not None:
                note, _clean = merge_text(replacing, note, current.note)
            if note != current.note:
                conn.execute(queries.SET_LINK_NOTE, {"link_id": link_id, "new_note": note})
        return dataclasses.replace(current, note=note)

    def restore(self, links: Sequence[records.Link]) -> None:
        """Put deleted links back under their old ids (undo); both ends must exist."""
        if not links:
            return
        try:
            with self._tx.write() as conn:
                conn.execute(queries.INSERT_LINK, [link_values(link) for link in links])
        except IntegrityError as exc:
            raise LibraryError(
                "The link could not be restored: one of its passages no longer exists."
            ) from exc


def links_of(conn: Connection, annotation_ids: Sequence[int]) -> list[records.Link]:
    """Links with either end among these annotations, by id."""
    found: dict[int, records.Link] = {}
    for chunk in queries.chunks(annotation_ids):
        for row in conn.execute(queries.LINKS_OF, {"ids": chunk}):
            found[row[0]] = rows.link(row)
    return [found[link_id] for link_id in sorted(found)]


def link_values(link: records.Link) -> dict[str, object]:
    """A link's row, under its id (in the order of queries.LINK_COLUMNS)."""
    return {
        "id": link.id,
        "iri": link.iri,
        "source_id": link.source_id,
        "target_id": link.target_id,
        "type": link.type.value,
        "note": link.note,
        "created": link.created,
    }


def _read(conn: Connection, link_id: int) -> records.Link:
    row = conn.execute(queries.LINK, {"id": link_id}).first()
    if row is None:
        raise missing("link", link_id)
    return rows.link(row)
