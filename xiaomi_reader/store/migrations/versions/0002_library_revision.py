"""A revision counter that every change to the library moves

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

Triggers keep it, so a change made by any program (a second window, the command
line) is seen by comparing one number.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WATCHED = ("articles", "tags", "annotations", "annotation_tags", "links")
EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "library_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_library_revision_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_revision")),
    )
    op.execute("INSERT INTO library_revision (id, value) VALUES (1, 0)")
    for table in WATCHED:
        for event in EVENTS:
            op.execute(
                f"CREATE TRIGGER revision_after_{event.lower()}_{table} "
                f"AFTER {event} ON {table} FOR EACH ROW "
                "BEGIN UPDATE library_revision SET value = value + 1 WHERE id = 1; END"
            )


def downgrade() -> None:
    for table in WATCHED:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS revision_after_{event.lower()}_{table}")
    op.drop_table("library_revision")
