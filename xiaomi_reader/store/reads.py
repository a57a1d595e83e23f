"""The library's bulk reads, in plain SQL on a standard ``sqlite3`` connection.

The one definition of these queries and of how their rows become records: the
:class:`~xiaomi_reader.store.library.Library` runs them on its own connection (inside
one read transaction per call) and the start-up snapshot on its read-only one. Going
through the driver directly costs a fraction of SQLAlchemy's per-row result processing,
which dominated reading thousands of annotations.

Every function raises ``sqlite3.Error`` as the driver does; the caller decides what a
failed read means to its own callers. Only the standard library is imported, so the
snapshot can use this module before SQLAlchemy is loaded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import datetime

from xiaomi_reader.core import records

_ANNOTATION_COLUMNS = (
    'id, iri, article_id, target_source, start, "end", exact, prefix, suffix, note, '
    "author, state, created, modified"
)
# By article, then position. Anchored annotations come straight from the
# (article_id, start) index, whose last key is the rowid (id), so SQLite need not sort
# them; annotations without an article (orphans) follow, as NULLs sort last here.
_PLACED_ANNOTATIONS = (
    f"SELECT {_ANNOTATION_COLUMNS} FROM annotations "
    "WHERE article_id IS NOT NULL ORDER BY article_id, start, id"
)
_UNPLACED_ANNOTATIONS = (
    f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE article_id IS NULL ORDER BY start, id"
)
_ARTICLE_ANNOTATIONS = (
    f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE article_id = ? ORDER BY start, id"
)
# In key order, so each annotation's tag ids arrive sorted (by id, the tags' own order).
_TAGGINGS = "SELECT annotation_id, tag_id FROM annotation_tags ORDER BY annotation_id, tag_id"
_ARTICLE_TAGGINGS = (
    "SELECT annotation_id, tag_id FROM annotation_tags "
    "JOIN annotations ON annotations.id = annotation_tags.annotation_id "
    "WHERE annotations.article_id = ? ORDER BY annotation_id, tag_id"
)
_ARTICLE_COLUMNS = "id, iri, title, date, source, url, file_name, imported_at"
_SUMMARIES = (
    f"SELECT {_ARTICLE_COLUMNS}, "
    "(SELECT count(*) FROM annotations WHERE annotations.article_id = articles.id) "
    "FROM articles ORDER BY date IS NULL, date, title, id"
)
_ARTICLE = f"SELECT {_ARTICLE_COLUMNS}, text FROM articles WHERE id = ?"
_SUMMARY_BY_HASH = f"SELECT {_ARTICLE_COLUMNS}, content_hash FROM articles WHERE content_hash IN"
_TAGS = "SELECT id, name, colour, description, shortcut FROM tags ORDER BY position, id"
_LINKS = "SELECT id, iri, source_id, target_id, type, note, created FROM links ORDER BY id"
_REVISION = "SELECT value FROM library_revision"
_STATES = {state.value: state for state in records.AnnotationState}
_LINK_TYPES = {kind.value: kind for kind in records.LinkType}
# Well under SQLite's limit on the number of parameters of one statement.
_IDS_PER_QUERY = 500


def _utc(value: str) -> datetime:
    # Stored as naive UTC text, as the store's UTCDateTime column type writes it. Parsing
    # it with the offset appended is several times faster than replace(tzinfo=...).
    return datetime.fromisoformat(value + "+00:00")


def revision(conn: sqlite3.Connection) -> int:
    row = conn.execute(_REVISION).fetchone()
    return int(row[0] or 0) if row else 0


def article_summaries(conn: sqlite3.Connection) -> list[records.ArticleSummary]:
    """Every article without its text, with its number of annotations, in reading order."""
    return [
        records.ArticleSummary(*row[:7], _utc(row[7]), row[8])
        for row in conn.execute(_SUMMARIES).fetchall()
    ]


def summaries_by_hash(
    conn: sqlite3.Connection, digests: Collection[str]
) -> dict[str, records.ArticleSummary]:
    """The stored articles with one of these content hashes, by hash (counts left at 0)."""
    wanted = list(dict.fromkeys(digests))
    found: dict[str, records.ArticleSummary] = {}
    for first in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[first : first + _IDS_PER_QUERY]
        marks = ", ".join("?" * len(chunk))
        sql = (
            f"SELECT {_ARTICLE_COLUMNS}, content_hash FROM articles WHERE content_hash IN ({marks})"
        )
        for row in conn.execute(sql, chunk).fetchall():
            found[row[8]] = records.ArticleSummary(*row[:7], _utc(row[7]))
    return found


def article(conn: sqlite3.Connection, article_id: int) -> records.Article | None:
    row = conn.execute(_ARTICLE, (article_id,)).fetchone()
    return None if row is None else _article(row)


def articles(conn: sqlite3.Connection, article_ids: Collection[int]) -> dict[int, records.Article]:
    """These articles, texts included, by id (one query per few hundred; missing ids absent)."""
    wanted = list(dict.fromkeys(article_ids))
    found: dict[int, records.Article] = {}
    for first in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[first : first + _IDS_PER_QUERY]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT {_ARTICLE_COLUMNS}, text FROM articles WHERE id IN ({marks})"
        for row in conn.execute(sql, chunk).fetchall():
            found[row[0]] = _article(row)
    return found


def _article(row: tuple) -> records.Article:
    return records.Article(*row[:7], _utc(row[7]), row[8])


def tags(conn: sqlite3.Connection) -> list[records.Tag]:
    return [records.Tag(*row) for row in conn.execute(_TAGS).fetchall()]


def annotations(
    conn: sqlite3.Connection, article_id: int | None = None
) -> list[records.Annotation]:
    """All annotations (or one article's), by article then position, orphans last."""
    if article_id is None:
        tag_ids = _tag_ids(conn.execute(_TAGGINGS))
        rows = conn.execute(_PLACED_ANNOTATIONS).fetchall()
        rows += conn.execute(_UNPLACED_ANNOTATIONS).fetchall()
    else:
        tag_ids = _tag_ids(conn.execute(_ARTICLE_TAGGINGS, (article_id,)))
        rows = conn.execute(_ARTICLE_ANNOTATIONS, (article_id,)).fetchall()
    states, utc, no_tags = _STATES, _utc, ()
    # Unpacked by name rather than sliced: this runs for every one of thousands of rows.
    return [
        records.Annotation(
            ident, iri, article, source, start, end, exact, prefix, suffix, note, author,
            states[state], utc(created), utc(modified), tag_ids.get(ident, no_tags),
        )
        for (
            ident, iri, article, source, start, end, exact, prefix, suffix, note, author,
            state, created, modified,
        ) in rows
    ]  # fmt: skip


def _tag_ids(taggings: sqlite3.Cursor) -> dict[int, tuple[int, ...]]:
    """Each annotation's tag ids, in the order the (sorted) rows give them."""
    tag_ids: dict[int, tuple[int, ...]] = {}
    for annotation_id, tag_id in taggings:
        tag_ids[annotation_id] = (*tag_ids.get(annotation_id, ()), tag_id)
    return tag_ids


def links(conn: sqlite3.Connection) -> list[records.Link]:
    kind_of, utc = _LINK_TYPES, _utc  # a dictionary: calling the enum costs more
    return [
        records.Link(ident, iri, source, target, kind_of[kind], note, utc(created))
        for ident, iri, source, target, kind, note, created in conn.execute(_LINKS).fetchall()
    ]
