"""Alembic environment: always run on a connection handed over by the store."""

from __future__ import annotations

from alembic import context

from xiaomi_reader.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from the alembic CLI
    raise RuntimeError("xiaomi-reader migrations run through xiaomi_reader.store.database")

# render_as_batch: SQLite cannot ALTER most things in place; batch mode copies the table.
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
