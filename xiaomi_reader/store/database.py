"""Opening a library: check the file is ours, back it up, migrate it (SQLite itself: sqlite.py).

A file that is not a xiaomi-reader library (random bytes, a truncated file,
another program's SQLite database, a library from a newer version) is refused
before anything writes to it, so it stays byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from xiaomi_reader.core.display import display_name
from xiaomi_reader.store import access, sqlite
from xiaomi_reader.store.backup_files import backup_dir, folder_problem, new_backup_path
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.file_checks import check_library_file
from xiaomi_reader.store.log_recovery import LibraryHold, hold_library

BUSY_TIMEOUT_MS = 8000


@dataclass(frozen=True)
class OpenedLibrary:
    engine: Engine
    url: URL
    path: Path | None
    created: bool
    backup: Path | None
    read_only: access.ReadOnly | None = None  # why it can only be read (store/access.py)
    # This process's hold on the library file; released once its connections are closed.
    hold: LibraryHold | None = None


def as_url(target: str | os.PathLike[str]) -> URL:
    """A SQLAlchemy URL for a path or a URL string."""
    text = os.fspath(target)
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite+pysqlite", database=os.path.abspath(os.path.expanduser(text)))


def sqlite_file(url: URL) -> Path | None:
    """The database file behind a SQLite URL; None for other databases and in-memory ones."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def open_database(
    target: str | os.PathLike[str], *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> OpenedLibrary:
    """Open (creating or upgrading as needed) the library at a path or URL.

    ``busy_timeout_ms`` is how long a write waits for another program's write to finish.
    """
    url = as_url(target)
    path = sqlite_file(url)
    created = False
    hold = None
    if path is not None:
        created = _is_new_file(path)
        if created:
            access.check_room_for_new_library(path)
            _create_parent(path)
        else:
            revision = check_library_file(path)
            read_only = access.why_read_only(path)
            if read_only is not None:  # a read-only or full disk: open it to read, change nothing
                engine = access.open_read_only_engine(
                    url, path, revision, read_only, busy_timeout_ms
                )
                return OpenedLibrary(engine, url, path, False, None, read_only=read_only)
        # Before any connection that could write a leftover -wal into the file.
        hold = hold_library(path)
    engine = sqlite.make_engine(url, busy_timeout_ms)
    try:
        backup = _migrate(engine, path)
    except BaseException as exc:
        engine.dispose()
        if hold is not None:
            hold.release()
        if isinstance(exc, DBAPIError):  # one clear line, never SQLAlchemy's text
            raise access.open_failure(exc, path, created=created) from exc
        raise
    return OpenedLibrary(
        engine=engine, url=url, path=path, created=created, backup=backup, hold=hold
    )


def _is_new_file(path: Path) -> bool:
    if path.is_dir():
        raise LibraryError(f"{display_name(path)} is a folder, not a library file.")
    if not path.exists():
        return True
    wal = path.with_name(path.name + "-wal")
    # An empty file with no write-ahead log holds nothing that could be lost.
    return path.stat().st_size == 0 and not wal.exists()


def _create_parent(path: Path) -> None:
    folder = display_name(path.parent)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(
            f"Cannot create the folder {folder} for the library: {exc.strerror or exc}. "
            "Choose another location with --db or XIAOMI_READER_DB."
        ) from exc
    if not os.access(path.parent, os.W_OK):
        raise LibraryError(
            f"The folder {folder} is not writable, so no library can be created there. "
            "Choose another location with --db or XIAOMI_READER_DB."
        )


def _migrate(engine: Engine, path: Path | None) -> Path | None:
    from xiaomi_reader.store.migrate import current_revision, head_revision, upgrade

    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision == head_revision():
        return None
    backup = None
    if path is not None and revision is not None:
        backup = make_backup(engine, path, reason=f"before-upgrade-from-{revision}")
    with engine.connect() as conn:
        upgrade(conn)
        if path is not None:
            # Move the new schema (and our application id) from the write-ahead log into
            # the file itself, so another program opening it now sees it is a library.
            sqlite.checkpoint_into_file(conn)
    return backup


def make_backup(engine: Engine, path: Path, reason: str) -> Path:
    """Copy the library (consistently, through SQLite's backup API) into the backups folder."""
    folder = backup_dir(path)
    shown = display_name(folder)
    target = new_backup_path(path, reason)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sqlite.copy_database(engine, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)  # no half-written backup left behind
        if access.is_disk_full(exc, folder.parent):
            raise LibraryError(
                f"Cannot make a backup in {shown}: {access.disk_full_advice(folder.parent)}. "
                "The library was not changed."
            ) from exc
        problem = folder_problem(folder, exc)
        raise LibraryError(
            f"Cannot make a backup in {shown} ({problem}). The library was not changed; "
            f"free some space, or make {shown} a writable folder."
        ) from exc
    return target
