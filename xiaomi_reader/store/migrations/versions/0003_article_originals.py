"""Articles keep their metadata and the bytes they were read from

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05

Columns are added in place (ALTER TABLE ADD COLUMN on every database): copying the
articles table, as a batch migration would, drops the triggers of 0002 on SQLite.
Articles imported before have no original and no new metadata: nothing is guessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NEW_ARTICLE_COLUMNS = ("author", "site", "language", "fetched_at")


def upgrade() -> None:
    op.add_column("articles", sa.Column("author", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("site", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("language", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("fetched_at", sa.DateTime(), nullable=True))
    op.create_table(
        "article_originals",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("compression", sa.String(length=16), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_originals_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "version", name=op.f("pk_article_originals")),
    )


def downgrade() -> None:
    op.drop_table("article_originals")
    # Dropping columns needs a copy of the table on SQLite, which loses 0002's triggers.
    with op.batch_alter_table("articles", recreate="never") as batch:
        for column in reversed(NEW_ARTICLE_COLUMNS):
            batch.drop_column(column)
