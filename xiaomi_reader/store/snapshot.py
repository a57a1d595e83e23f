"""A first look at a library through the standard ``sqlite3`` module.

Loading SQLAlchemy costs about 0.3 s and 47 MiB, more than Qt needs to show the whole
window. So the window is first filled from this read-only view — the same records the
:class:`~xiaomi_reader.store.library.Library` methods of the same names return — and the
library proper is opened right after the first paint.

A snapshot is offered only for a library that needs nothing done to it: an existing,
intact file at the newest schema. Anything else (a new library to seed, one to upgrade,
a damaged or foreign file) gets ``None`` and goes the usual way, with its questions.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from xiaomi_reader.core import records
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.file_checks import check_library_file, read_only_uri
from xiaomi_reader.store.migrate import head_revision

_ANNOTATIONS = (
    'SELECT id, iri, article_id, target_source, start, "end", exact, prefix, suffix, note, '
    "author, state, created, modified FROM annotations{where} "
    "ORDER BY article_id IS NULL, article_id, start, id"
)
_ANNOTATION_TAGS = (
    "SELECT annotation_id, tag_id FROM annotation_tags "
    "JOIN annotations ON annotations.id = annotation_tags.annotation_id"
)
_ONE_ARTICLE = " WHERE annotations.article_id = ?"
_ARTICLE_COLUMNS = "id, iri, title, date, source, url, file_name, imported_at"
_SUMMARIES = (
    f"SELECT {_ARTICLE_COLUMNS}, "
    "(SELECT count(*) FROM annotations WHERE annotations.article_id = articles.id) "
    "FROM articles ORDER BY date IS NULL, date, title, id"
)
_STATES = {state.value: state for state in records.AnnotationState}


class SnapshotUnavailable(Exception):
    """The snapshot cannot answer (the file changed under it, or it was closed)."""


def _utc(value: str) -> datetime:
    # Stored as naive UTC text, as the store's UTCDateTime column type writes it. Parsing
    # it with the offset appended is several times faster than replace(tzinfo=...).
    return datetime.fromisoformat(value + "+00:00")


class LibrarySnapshot:
    """Read-only answers from a library file, without SQLAlchemy. Close when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = conn

    @classmethod
    def read(cls, path: Path) -> LibrarySnapshot | None:
        """A snapshot of an intact library at the newest schema; None for anything else."""
        try:
            if not path.is_file() or path.stat().st_size == 0:
                return None
            check_library_file(path)
            conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
        except (OSError, LibraryError, sqlite3.Error):
            return None
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            row = None
        if row is None or row[0] != head_revision():
            conn.close()
            return None
        return cls(path, conn)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple]:
        if self._conn is None:
            raise SnapshotUnavailable("the snapshot is closed")
        try:
            return self._conn.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise SnapshotUnavailable(str(exc)) from exc

    # The same answers as Library's methods of these names.

    def revision(self) -> int:
        rows = self._rows("SELECT value FROM library_revision")
        return int(rows[0][0] or 0) if rows else 0

    def articles(self) -> list[records.ArticleSummary]:
        return [
            records.ArticleSummary(*row[:7], _utc(row[7]), row[8]) for row in self._rows(_SUMMARIES)
        ]

    def article(self, article_id: int) -> records.Article:
        rows = self._rows(
            f"SELECT {_ARTICLE_COLUMNS}, text FROM articles WHERE id = ?", (article_id,)
        )
        if not rows:
            raise LibraryError(f"There is no article with id {article_id}.")
        row = rows[0]
        return records.Article(*row[:7], _utc(row[7]), row[8])

    def tags(self) -> list[records.Tag]:
        return [
            records.Tag(*row)
            for row in self._rows(
                "SELECT id, name, colour, description, shortcut FROM tags ORDER BY position, id"
            )
        ]

    def annotations(self, article_id: int | None = None) -> list[records.Annotation]:
        where, parameters = ("", ()) if article_id is None else (_ONE_ARTICLE, (article_id,))
        tag_ids: dict[int, list[int]] = {}
        for annotation_id, tag_id in self._rows(_ANNOTATION_TAGS + where, parameters):
            tag_ids.setdefault(annotation_id, []).append(tag_id)
        return [
            records.Annotation(
                *row[:11],
                _STATES[row[11]],
                _utc(row[12]),
                _utc(row[13]),
                tuple(sorted(tag_ids.get(row[0], ()))),
            )
            for row in self._rows(_ANNOTATIONS.format(where=where), parameters)
        ]

    def links(self) -> list[records.Link]:
        return [
            records.Link(*row[:4], records.LinkType(row[4]), row[5], _utc(row[6]))
            for row in self._rows(
                "SELECT id, iri, source_id, target_id, type, note, created FROM links ORDER BY id"
            )
        ]
