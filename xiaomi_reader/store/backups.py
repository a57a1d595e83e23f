"""Backups of a library: one before each schema upgrade, one on the first open of each day.

They live in ``backups/`` next to the library file. The newest ``KEEP_DAILY`` daily
copies are kept; upgrade and pre-restore copies are never pruned automatically.
Restoring first copies the current library aside, so a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from xiaomi_reader.core.display import display_name
from xiaomi_reader.store import access, sqlite
from xiaomi_reader.store.backup_files import STAMP_FORMAT, backup_dir
from xiaomi_reader.store.database import LibraryError, make_backup
from xiaomi_reader.store.file_checks import check_library_file, immutable_uri

KEEP_DAILY = 14
DAILY = "daily"
BEFORE_RESTORE = "before-restore"
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}T\d{12}Z)\.(?P<reason>[a-z0-9-]+)$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    articles: int | None
    annotations: int | None


def list_backups(library_path: Path) -> list[BackupInfo]:
    """This library's backups, newest first, with what each holds."""
    folder = backup_dir(library_path)
    if not folder.is_dir():
        return []
    found = []
    for candidate in folder.glob(f"{library_path.stem}.*{library_path.suffix}"):
        parsed = _parse(candidate, library_path)
        if parsed is not None:
            found.append(parsed)
    return sorted(found, key=lambda info: info.created, reverse=True)


def _parse(candidate: Path, library_path: Path) -> BackupInfo | None:
    name = candidate.name.removesuffix(library_path.suffix)
    match = _NAME.match(name)
    if match is None or match["stem"] != library_path.stem:
        return None
    created = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
    articles, annotations = _counts(candidate)
    return BackupInfo(candidate, created, match["reason"], articles, annotations)


def _counts(path: Path) -> tuple[int | None, int | None]:
    try:
        # Immutable: a backup is read as it is, and gains no -wal or -shm from being listed.
        with contextlib.closing(sqlite3.connect(immutable_uri(path), uri=True)) as conn:
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            annotations = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
            return int(articles), int(annotations)
    except sqlite3.DatabaseError:
        return None, None


def backup_if_first_open_today(engine: Engine, library_path: Path) -> Path | None:
    """Make today's daily backup unless there is one already; prune old daily ones."""
    today = datetime.now(UTC).date()
    daily = [b for b in list_backups(library_path) if b.reason == DAILY]
    if any(b.created.date() == today for b in daily):
        return None
    made = make_backup(engine, library_path, reason=DAILY)
    for old in daily[KEEP_DAILY - 1 :]:
        old.path.unlink(missing_ok=True)
    return made


def restore(engine: Engine, library_path: Path, backup: Path) -> Path:
    """Replace the library's contents with a backup's; returns the copy made just before."""
    check_library_file(backup, alone=True)
    aside = make_backup(engine, library_path, reason=BEFORE_RESTORE)
    try:
        # Read as it is (immutable), like the check above: nothing is created beside it.
        sqlite.restore_database(engine, immutable_uri(backup))
        _upgrade_if_older(engine)
    except (sqlite3.Error, DBAPIError) as exc:
        cause = exc.orig if isinstance(exc, DBAPIError) else exc
        why = (
            access.disk_full_advice(library_path.parent)
            if access.is_disk_full(cause, library_path.parent)
            else str(cause)
        )
        raise LibraryError(
            f"The backup could not be restored ({why}); the library is as it was. "
            f"A copy of it is in {display_name(aside)}."
        ) from exc
    return aside


def _upgrade_if_older(engine: Engine) -> None:
    """A backup taken before an upgrade has the old schema: bring it to this version's."""
    from xiaomi_reader.store.migrate import current_revision, head_revision, upgrade

    with engine.connect() as conn:
        if current_revision(conn) != head_revision():
            upgrade(conn)
