"""Libraries that cannot be written: a read-only disk, file or folder, or a full disk.

Such a library opens read-only instead of failing half-way: nothing is created
beside it (no write-ahead log, no backup), nothing is migrated or seeded, and
every write is refused at once with one clear sentence. The same words serve
a disk that fills up later: "the disk is full", and where to free space.

The read-only engine itself is SQLite's affair (store/sqlite.py).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xiaomi_reader.store.errors import LibraryError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

# Below this much free space a library is treated as on a full disk: opening it for
# writing makes a 32 KiB shared-memory file and a log that grows by a page or more
# per change, and SQLite fails with an I/O error (or leaves debris) when they do not fit.
MIN_FREE_BYTES = 256 * 1024

_SQLITE_IOERR = 10
_SQLITE_FULL = 13


@dataclass(frozen=True)
class ReadOnly:
    """Why a library can only be read, and what would let the reader change it."""

    reason: str  # "the disk /media/stick is mounted read-only"
    remedy: str  # "copy it to a writable disk and open the copy, or …"
    disk_full: bool = False

    def refusal(self) -> LibraryError:
        """The error every write gets."""
        return LibraryError(
            f"This library is read-only ({self.reason}): nothing can be changed. "
            f"Export still works; to annotate, {self.remedy}."
        )

    def notice(self) -> str:
        """Said once when it opens: what works, and that no backup is made."""
        return (
            f"This library is read-only ({self.reason}): it can be read and exported, "
            f"and no backup is made while nothing can change it. To annotate, {self.remedy}."
        )


def _existing(path: Path) -> Path:
    """``path``, or its nearest ancestor that exists (where it would be made)."""
    current = Path(os.path.abspath(path))
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


def mount_point(path: Path) -> Path:
    """The mount point of the file system holding ``path`` (or where it would be made)."""
    current = _existing(path)
    while not os.path.ismount(current) and current != current.parent:
        current = current.parent
    return current


def free_bytes(folder: Path) -> int | None:
    """The space this process may still write on ``folder``'s disk; None if unknown."""
    folder = _existing(folder)
    try:
        if hasattr(os, "statvfs"):
            stats = os.statvfs(folder)
            # Root may also use the blocks reserved for it; everyone else may not.
            blocks = stats.f_bfree if os.geteuid() == 0 else stats.f_bavail
            return blocks * stats.f_frsize
        import shutil

        return shutil.disk_usage(folder).free
    except OSError:
        return None


def full_disk(folder: Path) -> ReadOnly:
    mount = mount_point(folder)
    return ReadOnly(
        reason="the disk is full",
        remedy=f"free some space on {mount} and try again",
        disk_full=True,
    )


def disk_full_advice(folder: Path) -> str:
    """The words for a full disk: "the disk is full; free some space on <mount> and …"."""
    return f"the disk is full; free some space on {mount_point(folder)} and try again"


def why_read_only(path: Path) -> ReadOnly | None:
    """Why the library file at ``path`` cannot be written to now; None when it can."""
    folder = path.parent
    mount = mount_point(folder)
    if _mounted_read_only(folder):
        return ReadOnly(
            reason=f"the disk {mount} is mounted read-only",
            remedy=f"copy it to a writable disk and open the copy, or remount {mount} read-write",
        )
    if not _writable(path):
        return ReadOnly(
            reason=f"the file {path} is not writable",
            remedy="make the file writable, or copy it somewhere writable and open the copy",
        )
    for side in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if side.exists() and not _writable(side):
            return ReadOnly(
                reason=f"its log file {side} is not writable",
                remedy="make that file writable, or open a copy of the library",
            )
    if not _writable(folder):
        # SQLite keeps its write-ahead log and shared memory in files beside the library.
        return ReadOnly(
            reason=f"its folder {folder} is not writable, so no log can be kept beside it",
            remedy="make the folder writable, or copy the library to a writable folder "
            "and open the copy",
        )
    free = free_bytes(folder)
    if free is not None and free < MIN_FREE_BYTES:
        return full_disk(folder)
    return None


def check_room_for_new_library(path: Path) -> None:
    """Refuse to create a library on a full disk (it would be left half-made)."""
    free = free_bytes(path.parent)
    if free is not None and free < MIN_FREE_BYTES:
        raise LibraryError(
            f"No library can be created in {path.parent}: {disk_full_advice(path.parent)}, "
            "or choose another location with --db or XIAOMI_READER_DB."
        )


def open_read_only_engine(
    url: URL, path: Path, revision: str | None, read_only: ReadOnly, busy_timeout_ms: int
) -> Engine:
    """The read-only engine, once it is sure the library needs nothing written to it."""
    from xiaomi_reader.store.migrate import head_revision

    if revision != head_revision():
        raise LibraryError(
            f"{path} was made by an older version of xiaomi-reader and must be upgraded, "
            f"which cannot be done while it is read-only ({read_only.reason}). "
            f"It was left untouched; to open it, {read_only.remedy}."
        )
    from sqlalchemy.exc import DBAPIError

    from xiaomi_reader.store.sqlite import read_only_engine

    engine = read_only_engine(url, path, busy_timeout_ms)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except (DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        cause = getattr(exc, "orig", None) or exc
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            raise LibraryError(
                f"{path} has changes in its log {wal.name} that cannot be read while the "
                f"library is read-only ({read_only.reason}). It was left untouched; copy the "
                f"library together with {wal.name} to a writable folder and open the copy."
            ) from exc
        raise LibraryError(f"{path} cannot be read ({cause}). It was left untouched.") from exc
    return engine


def is_disk_full(exc: BaseException | None, folder: Path) -> bool:
    """Whether a failure means the disk ran out of space.

    SQLite says SQLITE_FULL when a write does not fit, but an I/O error when the shared
    memory file cannot grow: for those, the free space decides.
    """
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is None:
            return "disk is full" in str(exc)
        if code & 0xFF == _SQLITE_FULL:
            return True
        if code & 0xFF == _SQLITE_IOERR:
            free = free_bytes(folder)
            return free is not None and free < MIN_FREE_BYTES
    return False


def write_failure(cause: BaseException | None, path: Path | None) -> LibraryError | None:
    """Clear words for a write that failed because the disk is full; None for other causes."""
    if path is not None and is_disk_full(cause, path.parent):
        return LibraryError(
            f"The change could not be saved: {disk_full_advice(path.parent)}. "
            "Nothing was changed; the library is intact."
        )
    return None


def open_failure(exc: BaseException, path: Path | None, *, created: bool) -> LibraryError:
    """One clear line for a library that could not be opened (never SQLAlchemy's text)."""
    cause = getattr(exc, "orig", None) or exc
    where = path if path is not None else "The library"
    if path is not None and is_disk_full(cause, path.parent):
        doing = "created" if created else "opened"
        return LibraryError(
            f"{where} could not be {doing}: {disk_full_advice(path.parent)}. "
            "Nothing in it was changed."
        )
    return LibraryError(f"{where} could not be opened: {cause}.")


def read_failure(exc: BaseException) -> LibraryError:
    """A read that failed, in one line without SQLAlchemy's background link."""
    cause = getattr(exc, "orig", None) or exc
    return LibraryError(f"The library could not be read: {cause}")


def _mounted_read_only(folder: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _writable(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)
