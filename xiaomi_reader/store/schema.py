"""The library's tables, defined once as SQLAlchemy Core ``Table``s.

Every read and write (store/queries.py) and the migrations' comparison are built on
these. Offsets are Unicode code points of ``articles.text``. Ids that leave the
library are IRIs: ``urn:sha256:`` for articles (the hash of their UTF-8 text) and
``urn:uuid:`` for annotations and links.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# Stable constraint names so that batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_iri() -> str:
    """A new annotation's or link's id."""
    return f"urn:uuid:{uuid.uuid4()}"


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (SQLite has no time zones), always returned aware in UTC.

    The one place where stored times are written and parsed.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)

    def result_processor(
        self, dialect: Dialect, coltype: object
    ) -> Callable[[object], datetime | None] | None:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        # SQLite hands back the stored text; fromisoformat parses it several times faster
        # than the generic regex parser, which matters when reading thousands of rows.
        def process(value: object) -> datetime | None:
            if value is None:
                return None
            return datetime.fromisoformat(f"{value}+00:00")  # faster than .replace(tzinfo)

        return process


metadata = MetaData(naming_convention=NAMING)

# Key/value facts about the library itself (e.g. whether it was seeded).
library_meta = Table(
    "library_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# One number that triggers (migration 0002) raise on every change to the library.
library_revision = Table(
    "library_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", Integer, nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("iri", String(80), nullable=False, unique=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("date", String(10)),
    Column("source", Text),
    Column("url", Text),
    Column("file_name", Text),
    Column("imported_at", UTCDateTime(), nullable=False),
    Column("text", Text, nullable=False),
    # Migration 0003: what the page or file says of itself, and when a page was fetched.
    Column("author", Text),
    Column("site", Text),
    Column("language", Text),
    Column("fetched_at", UTCDateTime()),
    # Migration 0004: the number of the version the columns above describe (1, 2, ...),
    # and the url as core.url_identity.url_key gives it: a text imported from an address
    # with this key is the article's next version (indexed: found without a scan).
    Column("version", Integer, nullable=False, server_default=text("1")),
    Column("url_key", Text, index=True),
)

# Each superseded version of an article (migration 0004); the current one is the
# ``articles`` row itself, so that every read of an article stays as it was.
article_versions = Table(
    "article_versions",
    metadata,
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("date", String(10)),
    Column("source", Text),
    Column("url", Text),
    Column("file_name", Text),
    Column("site", Text),
    Column("author", Text),
    Column("language", Text),
    Column("fetched_at", UTCDateTime()),
    Column("imported_at", UTCDateTime(), nullable=False),
)

# The bytes each article was read from, compressed, kept as evidence (migration 0003).
# Keyed by version: an article's later texts will each keep theirs. Read one at a time,
# never with the list of articles.
article_originals = Table(
    "article_originals",
    metadata,
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("version", Integer, primary_key=True, server_default=text("1"), autoincrement=False),
    Column("media_type", Text, nullable=False),
    Column("file_name", Text),
    Column("url", Text),
    Column("fetched_at", UTCDateTime()),
    Column("size", Integer, nullable=False),  # uncompressed
    Column("sha256", String(64), nullable=False),  # of the uncompressed bytes
    Column("compression", String(16), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    # casefold() of the name: unique, so "claim" and "CLAIM" cannot both exist.
    Column("name_key", Text, nullable=False, unique=True),
    Column("colour", String(9), nullable=False),
    Column("description", Text, nullable=False),
    Column("shortcut", String(32), unique=True),
    Column("position", Integer, nullable=False),
    CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    # Ids are never reused, so undoing a delete can put a row back under its old id.
    sqlite_autoincrement=True,
)

# Not named ``annotations``: that name is the __future__ import's in every module.
annotations_table = Table(
    "annotations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("iri", String(45), nullable=False, unique=True),
    # NULL for an orphan: its original target is kept in target_source.
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("target_source", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("exact", Text, nullable=False),
    Column("prefix", Text, nullable=False),
    Column("suffix", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("author", Text),
    Column("state", String(16), nullable=False),
    Column("created", UTCDateTime(), nullable=False),
    Column("modified", UTCDateTime(), nullable=False),
    # Migration 0004: the article version start/end/exact/prefix/suffix refer to; the words
    # a ``changed`` passage had before; the likeliest place of one that ``needs_review``.
    Column("version", Integer, nullable=False, server_default=text("1")),
    Column("previous_exact", Text),
    Column("candidate_start", Integer),
    Column("candidate_end", Integer),
    CheckConstraint(
        "state IN ('anchored', 'changed', 'needs_review', 'orphaned')", name="state_known"
    ),
    CheckConstraint(
        "state = 'orphaned' OR (article_id IS NOT NULL AND start >= 0 AND \"end\" > start)",
        name="anchored_has_range",
    ),
    Index("ix_annotations_article_start", "article_id", "start"),
    sqlite_autoincrement=True,
)

# Where each annotation was on each superseded version of its article (migration 0004):
# an old version opens with its annotations, and undoing an update puts them back.
annotation_places = Table(
    "annotation_places",
    metadata,
    Column(
        "annotation_id",
        Integer,
        ForeignKey("annotations.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("exact", Text, nullable=False),
    Column("prefix", Text, nullable=False),
    Column("suffix", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("previous_exact", Text),
)

annotation_tags = Table(
    "annotation_tags",
    metadata,
    Column(
        "annotation_id",
        Integer,
        ForeignKey("annotations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_annotation_tags_tag_id", "tag_id"),
)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("iri", String(45), nullable=False, unique=True),
    Column(
        "source_id",
        Integer,
        ForeignKey("annotations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "target_id",
        Integer,
        ForeignKey("annotations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("type", String(32), nullable=False),
    Column("note", Text, nullable=False),
    Column("created", UTCDateTime(), nullable=False),
    CheckConstraint("source_id <> target_id", name="not_self"),
    CheckConstraint("length(type) > 0", name="type_not_blank"),
    sqlite_autoincrement=True,
)
