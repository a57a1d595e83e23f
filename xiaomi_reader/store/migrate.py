"""Alembic, driven from inside the package (no alembic.ini needed at run time)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection


def _config() -> Config:
    config = Config()
    location = resources.files("xiaomi_reader.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None, "the migration chain has no head"
    return head


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(rev.revision for rev in _script().walk_revisions())


def revision_chain() -> list[tuple[str, str | None]]:
    """(revision, down_revision) pairs from head to base; tests check it is linear."""
    chain = []
    for rev in _script().walk_revisions():
        down = rev.down_revision
        if isinstance(down, tuple):
            raise AssertionError(f"revision {rev.revision} merges {down}: chain is not linear")
        chain.append((rev.revision, down))
    return chain


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: Connection, revision: str = "head") -> None:
    config = _config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)
    conn.commit()
