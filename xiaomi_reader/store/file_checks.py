"""Checking that a file is an intact xiaomi-reader library, without writing to it.

The file is read with the standard ``sqlite3`` module, opened so that nothing is created
beside it: no engine (and no pragma of ours) touches a file before it has passed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from xiaomi_reader.core.display import display_name
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.sqlite import APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
WAL_HEADER_SIZE = 32
WAL_FRAME_HEADER_SIZE = 24


def check_library_file(path: Path, *, alone: bool = False) -> str | None:
    """Refuse anything that is not an intact xiaomi-reader library, without writing to it.

    Returns the file's schema revision (None for an empty database, which has no schema yet).
    ``alone`` checks the file by itself, as a backup is read: a -wal beside it is not
    consulted, and nothing is created beside it.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise LibraryError(f"Cannot read {display_name(path)}: {exc.strerror or exc}.") from exc
    if not header.startswith(SQLITE_MAGIC) or len(header) < HEADER_SIZE:
        raise LibraryError(
            f"{display_name(path)} is not a xiaomi-reader library (it is not an SQLite database). "
            "It was left untouched; open another file or create a new library."
        )
    ours = int.from_bytes(header[68:72], "big") == APPLICATION_ID
    if not ours and (alone or not _wal_says_ours(path)):
        raise LibraryError(
            f"{display_name(path)} is an SQLite database of another program, "
            "not a xiaomi-reader library. "
            "It was left untouched; open another file or create a new library."
        )
    # No test of the file's size against the page count in its header: a checkpoint cut
    # short (killed, or the disk full) leaves the file shorter than that while the -wal
    # still holds every page, and the library is whole. SQLite judges, through the log:
    # a file that is really truncated fails its quick_check.
    uri = immutable_uri(path) if alone else read_only_uri(path)
    return _check_integrity_and_revision(path, uri)


def read_only_uri(path: Path) -> str:
    """Open for reading without creating anything beside the file.

    With no -wal file nobody has the library open in WAL mode, so it can be read as
    immutable (no -wal/-shm made); otherwise read through the existing log.
    """
    if path.with_name(path.name + "-wal").exists():
        return path.resolve().as_uri() + "?mode=ro"
    return immutable_uri(path)


def immutable_uri(path: Path) -> str:
    """Read the file by itself, as it is on disk: no locks, no -wal, no -shm.

    For backups, and for libraries that nobody has open. Opened any other way, a
    WAL-mode file gets a -shm (and a -wal) beside it, even when opened read-only.
    """
    return path.resolve().as_uri() + "?mode=ro&immutable=1"


def _wal_says_ours(path: Path) -> bool:
    """While a library is open elsewhere, its newest header may still be in the -wal file.

    The log is read as bytes (the newest copy of page 1 holds the header): asking SQLite
    would create a -shm file beside a file that may not be ours.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        data = wal.read_bytes()
    except OSError:
        return False
    if len(data) < WAL_HEADER_SIZE:
        return False
    page_size = int.from_bytes(data[8:12], "big")
    frame = WAL_FRAME_HEADER_SIZE + page_size
    application_id = None
    for offset in range(WAL_HEADER_SIZE, len(data) - frame + 1, frame):
        if int.from_bytes(data[offset : offset + 4], "big") == 1:  # a copy of page 1
            page = offset + WAL_FRAME_HEADER_SIZE
            application_id = int.from_bytes(data[page + 68 : page + 72], "big")
    return application_id == APPLICATION_ID


def _check_integrity_and_revision(path: Path, uri: str) -> str | None:
    from xiaomi_reader.store.migrate import known_revisions

    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                # SQLite may list many problems; the first says enough, on one line.
                first = " ".join(str(result[0]).split()) if result else "no answer"
                raise LibraryError(
                    f"{display_name(path)} is damaged ({first[:200]}). "
                    "It was left untouched; restore a backup or create a new library."
                )
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise LibraryError(
            f"{display_name(path)} is damaged and cannot be read ({exc}). "
            "It was left untouched; restore a backup or create a new library."
        ) from exc
    if revision is None and tables:
        raise LibraryError(
            f"{display_name(path)} has tables but no xiaomi-reader schema. "
            "It was left untouched; open another file or create a new library."
        )
    if revision is not None and revision not in known_revisions():
        raise LibraryError(
            f"{display_name(path)} was made by a newer version of xiaomi-reader "
            f"(schema {revision}). "
            "It was left untouched; update xiaomi-reader to open it."
        )
    return revision
