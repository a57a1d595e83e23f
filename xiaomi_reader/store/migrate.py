"""Alembic, driven from inside the package (no alembic.ini needed at run time).

Opening a library only needs to know which revisions exist and which one the file is at.
That is read from the migration scripts' own ``revision``/``down_revision`` lines and
from the ``alembic_version`` table, so Alembic itself (~0.1 s and 16 MiB to import) is
loaded only when a library really has to be upgraded.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from xiaomi_reader.package_files import package_files

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*=\s*(.+)$", re.MULTILINE)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    location = package_files("xiaomi_reader.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


@cache
def _revisions() -> dict[str, str | None]:
    """revision -> down_revision, read from the scripts' text."""
    folder = package_files("xiaomi_reader.store") / "migrations" / "versions"
    found: dict[str, str | None] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        values = dict(_ASSIGNMENT.findall(entry.read_text(encoding="utf-8")))
        revision = values["revision"].strip().strip("'\"")
        down = values["down_revision"].strip()
        found[revision] = None if down == "None" else down.strip("'\"")
    return found


def head_revision() -> str:
    revisions = _revisions()
    heads = set(revisions) - set(revisions.values())
    assert len(heads) == 1, f"the migration chain has {len(heads)} heads"
    return heads.pop()


def known_revisions() -> frozenset[str]:
    return frozenset(_revisions())


def revision_chain() -> list[tuple[str, str | None]]:
    """(revision, down_revision) pairs from head to base, as Alembic walks them."""
    chain: list[tuple[str, str | None]] = []
    for rev in _script().walk_revisions():
        down = rev.down_revision
        if down is not None and not isinstance(down, str):
            raise AssertionError(f"revision {rev.revision} merges {down}: chain is not linear")
        chain.append((rev.revision, down))
    return chain


def current_revision(conn: Connection) -> str | None:
    from sqlalchemy import inspect, text

    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(conn: Connection, revision: str = "head") -> None:
    from alembic import command

    config = _config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)
    conn.commit()
