"""Articles keep their earlier versions, and annotations the version they are placed on

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

``articles`` stays the current version (a new column counts it); superseded versions go
to ``article_versions``, and where each annotation was on them to ``annotation_places``.
Annotations gain two states (``changed``, ``needs_review``), which widens a CHECK: on
SQLite that means copying the table. Alembic's batch copy drops the old table with
foreign keys on, which deletes every tag and link of every annotation (ON DELETE
CASCADE; renaming the old table first does not help, as the tables pointing at it are
renamed along), and it loses the revision triggers of 0002. So on SQLite the copy is
made by hand: the taggings and links are set aside in temporary tables, the new table
takes the old one's place, they are put back, and 0002's triggers are made again.
Other databases change the constraint in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

EVENTS = ("INSERT", "UPDATE", "DELETE")
OLD_STATES = "state IN ('anchored', 'orphaned')"
NEW_STATES = "state IN ('anchored', 'changed', 'needs_review', 'orphaned')"
RANGE = "state = 'orphaned' OR (article_id IS NOT NULL AND start >= 0 AND \"end\" > start)"
COLUMNS = (
    "id, iri, article_id, target_source, start, \"end\", exact, prefix, suffix, note, "
    "author, state, created, modified"
)


def upgrade() -> None:
    op.add_column(
        "articles",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
    )
    op.add_column("articles", sa.Column("url_key", sa.Text(), nullable=True))
    op.create_index(op.f("ix_articles_url_key"), "articles", ["url_key"])
    _fill_url_keys()
    op.create_table(
        "article_versions",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("site", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_versions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "number", name=op.f("pk_article_versions")),
    )
    op.create_index(
        op.f("ix_article_versions_content_hash"), "article_versions", ["content_hash"]
    )
    if op.get_bind().dialect.name == "sqlite":
        _copy_annotations_on_sqlite()
    else:
        _widen_in_place()
    op.create_table(
        "annotation_places",
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("previous_exact", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["annotation_id"],
            ["annotations.id"],
            name=op.f("fk_annotation_places_annotation_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("annotation_id", "version", name=op.f("pk_annotation_places")),
    )


def _fill_url_keys() -> None:
    from xiaomi_reader.core.url_identity import url_key

    conn = op.get_bind()
    found = conn.execute(sa.text("SELECT id, url FROM articles WHERE url IS NOT NULL")).all()
    keys = [{"ident": ident, "key": url_key(url)} for ident, url in found]
    keys = [row for row in keys if row["key"] is not None]
    if keys:
        conn.execute(sa.text("UPDATE articles SET url_key = :key WHERE id = :ident"), keys)


def _new_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("previous_exact", sa.Text(), nullable=True),
        sa.Column("candidate_start", sa.Integer(), nullable=True),
        sa.Column("candidate_end", sa.Integer(), nullable=True),
    ]


def _widen_in_place() -> None:
    for column in _new_columns():
        op.add_column("annotations", column)
    op.drop_constraint(op.f("ck_annotations_state_known"), "annotations", type_="check")
    op.create_check_constraint(op.f("ck_annotations_state_known"), "annotations", NEW_STATES)


def _copy_annotations_on_sqlite() -> None:
    kept = ("annotation_tags", "links")
    for table in kept:
        op.execute(f"CREATE TEMP TABLE kept_{table} AS SELECT * FROM {table}")
    op.create_table(
        "annotations_0004",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("iri", sa.String(length=45), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("target_source", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("modified", sa.DateTime(), nullable=False),
        *_new_columns(),
        sa.CheckConstraint(NEW_STATES, name=op.f("ck_annotations_state_known")),
        sa.CheckConstraint(RANGE, name=op.f("ck_annotations_anchored_has_range")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_annotations_article_id_articles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotations")),
        sa.UniqueConstraint("iri", name=op.f("uq_annotations_iri")),
        sqlite_autoincrement=True,
    )
    op.execute(f"INSERT INTO annotations_0004 ({COLUMNS}) SELECT {COLUMNS} FROM annotations")
    # AUTOINCREMENT's memory of the largest id ever used: an id is never given twice.
    op.execute(
        "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence "
        "WHERE name IN ('annotations', 'annotations_0004')) WHERE name = 'annotations_0004'"
    )
    op.execute("DROP TABLE annotations")  # its taggings and links go with it, for now
    op.execute("ALTER TABLE annotations_0004 RENAME TO annotations")
    op.create_index("ix_annotations_article_start", "annotations", ["article_id", "start"])
    for event in EVENTS:
        op.execute(
            f"CREATE TRIGGER revision_after_{event.lower()}_annotations "
            f"AFTER {event} ON annotations FOR EACH ROW "
            "BEGIN UPDATE library_revision SET value = value + 1 WHERE id = 1; END"
        )
    for table in kept:
        op.execute(f"INSERT INTO {table} SELECT * FROM kept_{table}")
        op.execute(f"DROP TABLE kept_{table}")


def downgrade() -> None:
    raise NotImplementedError("A library with article versions cannot go back to 0003.")
