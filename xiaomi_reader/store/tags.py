"""Tags: the built-in ones and the reader's own, with their colours and shortcut keys."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from xiaomi_reader.core import records
from xiaomi_reader.store import queries, rows
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.transactions import Transactions, missing


class Tags:
    def __init__(self, transactions: Transactions) -> None:
        self._tx = transactions

    def all(self) -> list[records.Tag]:
        with self._tx.read() as conn:
            return [rows.tag(row) for row in conn.execute(queries.TAGS)]

    def add(
        self,
        name: str,
        colour: str,
        *,
        description: str = "",
        shortcut: str | None = None,
    ) -> records.Tag:
        clean = clean_name(name)
        try:
            with self._tx.write() as conn:
                tag_id = insert_tag(conn, clean, colour, description, shortcut or None)
                return _read(conn, tag_id)
        except IntegrityError as exc:
            raise LibraryError(_conflict(clean, shortcut)) from exc

    def update(
        self,
        tag_id: int,
        *,
        name: str | None = None,
        colour: str | None = None,
        description: str | None = None,
        shortcut: str | None = "",
    ) -> records.Tag:
        """Change a tag; ``shortcut=""`` leaves it as it is, ``None`` clears it."""
        changes: dict[str, object] = {}
        if name is not None:
            clean = clean_name(name)
            changes["name"], changes["name_key"] = clean, clean.casefold()
        if colour is not None:
            changes["colour"] = colour
        if description is not None:
            changes["description"] = description
        if shortcut != "":
            changes["shortcut"] = shortcut
        try:
            with self._tx.write() as conn:
                current = _read(conn, tag_id)  # refuses an id that is not there
                # Only what differs is written: a value set to itself changes nothing.
                changed = {
                    key: value
                    for key, value in changes.items()
                    if key == "name_key" or getattr(current, key) != value
                }
                if set(changed) - {"name_key"}:
                    conn.execute(queries.update_tag(tag_id, changed))
                return _read(conn, tag_id)
        except IntegrityError as exc:
            raise LibraryError(_conflict(name or "", shortcut)) from exc

    def usage(self, tag_id: int) -> int:
        with self._tx.read() as conn:
            return int(conn.execute(queries.TAG_USAGE, {"id": tag_id}).scalar() or 0)

    def tagged_annotation_ids(self, tag_id: int) -> list[int]:
        with self._tx.read() as conn:
            return list(conn.execute(queries.TAGGED_ANNOTATION_IDS, {"id": tag_id}).scalars())

    def delete(self, tag_id: int) -> None:
        with self._tx.write() as conn:
            _read(conn, tag_id)
            conn.execute(queries.DELETE_TAG, {"id": tag_id})

    def restore(self, tag: records.Tag, annotation_ids: Sequence[int] = ()) -> None:
        """Put a deleted tag back under its old id, on the annotations that had it (undo)."""
        with self._tx.write() as conn:
            insert_tag(conn, tag.name, tag.colour, tag.description, tag.shortcut, tag_id=tag.id)
            existing: set[int] = set()
            for chunk in queries.chunks(annotation_ids):
                existing.update(
                    conn.execute(queries.ANNOTATION_IDS_AMONG, {"ids": chunk}).scalars()
                )
            taggings = [
                {"annotation_id": a, "tag_id": tag.id} for a in annotation_ids if a in existing
            ]
            if taggings:
                conn.execute(queries.INSERT_TAGGING, taggings)


def insert_tag(
    conn: Connection,
    name: str,
    colour: str,
    description: str = "",
    shortcut: str | None = None,
    *,
    tag_id: int | None = None,
) -> int:
    """A new tag, last in the tags' order; its id (``tag_id``, when putting one back)."""
    position = conn.execute(queries.NEXT_TAG_POSITION).scalar_one()
    values = {
        "name": name,
        "name_key": name.casefold(),
        "colour": colour,
        "description": description,
        "shortcut": shortcut,
        "position": position,
    }
    if tag_id is not None:
        values["id"] = tag_id
    inserted = conn.execute(queries.INSERT_TAG, values).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def existing_tag_ids(conn: Connection, tag_ids: Sequence[int]) -> set[int]:
    """Those of ``tag_ids`` that are tags of the library."""
    found: set[int] = set()
    for chunk in queries.chunks(tag_ids):
        found.update(conn.execute(queries.TAG_IDS_AMONG, {"ids": chunk}).scalars())
    return found


def check_tags_exist(conn: Connection, tag_ids: Sequence[int]) -> None:
    """Refuse a tag id that is not in the library, naming the first one."""
    found = existing_tag_ids(conn, tag_ids)
    for tag_id in tag_ids:
        if tag_id not in found:
            raise missing("tag", tag_id)


def clean_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise LibraryError("A tag needs a name.")
    return clean


def _read(conn: Connection, tag_id: int) -> records.Tag:
    row = conn.execute(queries.TAG, {"id": tag_id}).first()
    if row is None:
        raise missing("tag", tag_id)
    return rows.tag(row)


def _conflict(name: str, shortcut: str | None) -> str:
    if shortcut:
        return f"A tag named {name!r} or with the shortcut {shortcut!r} already exists."
    return f"A tag named {name!r} already exists (names ignore case)."
