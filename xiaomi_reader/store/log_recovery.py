"""A write-ahead log found beside a library nobody has open: copied, with the file, first.

SQLite replays any ``-wal`` file beside a database whose frames check out, and nothing
in the log ties it to that database: the log of another library of the same name (a
folder synced or copied from two places, an old log beside a file put back by hand)
silently replaces the library's content, and every integrity check still passes. A
log is also what a program leaves when it is killed, and then it holds the newest
work. The two cannot be told apart, so before a library with a leftover log is
opened, the file, the log and its index are copied byte for byte into ``backups/``:
``<stem>.<time>.recovery<suffix>``, and the same name with ``-wal`` and ``-shm``.

A log is a leftover only when no other program has the library open; while one has,
the log is its work in progress, and nothing is copied.

Standard library only: it runs before any engine is made for the library.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.file_checks import WAL_HEADER_SIZE

# What only a copy needs (shutil, datetime, fcntl) is imported when one is due: this
# module is loaded at every start.

RECOVERY = "recovery"
SIDECARS = ("-wal", "-shm")
# SQLite's "DMS" byte in the -shm file (the same offset on Unix and Windows).
_DMS_OFFSET = 128


class _Held:
    # A plain class: a dataclass costs ~1 ms to build at every start.
    __slots__ = ("count", "recovery_copy")

    def __init__(self, recovery_copy: Path | None) -> None:
        self.count = 0
        self.recovery_copy = recovery_copy


_lock = threading.Lock()
_held: dict[str, _Held] = {}  # libraries this process has open, by real path


class LibraryHold:
    """This process has the library open (one per open :class:`Library` of it)."""

    def __init__(self, key: str, recovery_copy: Path | None) -> None:
        self._key: str | None = key
        self.recovery_copy = recovery_copy

    def release(self) -> None:
        """Once every connection of this holder is closed; a second call does nothing."""
        with _lock:
            if self._key is None:
                return
            held = _held[self._key]
            held.count -= 1
            if held.count == 0:
                del _held[self._key]
            self._key = None


def hold_library(path: Path) -> LibraryHold:
    """Note that this process opens the library, after copying a leftover log.

    Call it after the file checks (whose connection only reads, and never writes the
    log into the file) and before any connection that could write. Several holders
    in one process share the first one's answer: while this process has the library
    open, its log is its own. Raises :class:`LibraryError` when a copy is due but
    cannot be made: opening would then risk losing what the file holds.
    """
    key = os.path.realpath(path)
    with _lock:
        held = _held.get(key)
        if held is None:
            held = _held[key] = _Held(_copy_if_left_over(path))
        held.count += 1
        return LibraryHold(key, held.recovery_copy)


def recovery_note(path: Path, copy: Path) -> str:
    """What to tell the reader about a recovery copy, on one line."""
    return (
        f"{path.name} had a write-ahead log ({path.name}-wal) beside it that no program had "
        "open: left by a program that stopped without closing the library, or copied there "
        f"from elsewhere. Before opening, the file and the log were copied as they were to "
        f"{copy} (and {copy.name}-wal); File > Restore from Backup... can bring back the "
        "file as it was without that log."
    )


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _copy_if_left_over(path: Path) -> Path | None:
    try:
        if _sidecar(path, "-wal").stat().st_size <= WAL_HEADER_SIZE:
            return None  # no log, or one with no pages: nothing to replay
    except OSError:
        return None
    if not os.access(path, os.W_OK):
        return None  # SQLite opens the file read-only: it can read the log, never write it in
    with _no_other_program(path) as alone:
        return _copy(path) if alone else None


@contextmanager
def _no_other_program(path: Path) -> Iterator[bool]:
    """Whether no other program has the library open; meanwhile none can start to.

    Every SQLite connection to a WAL library holds a read lock on one byte of the -shm
    file (the "DMS" byte) for as long as it is open; the first connection to open the
    log asks for a write lock on that byte, and when it gets it knows it is alone and
    rebuilds the index from the log. This asks the same question the same way, writing
    nothing: a non-blocking write lock on that byte, held while the copy is made (a
    program opening the library meanwhile gets "busy" and retries, as with SQLite's own
    first connection). With no -shm file at all, no connection has the log open.

    POSIX locks belong to the process, and closing any descriptor of a file drops all
    of the process's locks on it, SQLite's included. So this runs only while this
    process has no connection to the library (:func:`hold_library` sees to that).
    Without POSIX locks (Windows) the answer is yes: a copy too many is harmless.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield True
        return
    try:
        fd = os.open(_sidecar(path, "-shm"), os.O_RDWR)
    except OSError:
        yield True  # no -shm (or one SQLite could not lock either)
        return
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _DMS_OFFSET)
        except OSError:
            yield False  # another program's connection holds it
            return
        try:
            yield True
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, _DMS_OFFSET)
    finally:
        os.close(fd)


def _copy(path: Path) -> Path:
    """Byte copies of the file, its log and its index; synced before SQLite may write."""
    from xiaomi_reader.store.backup_files import backup_dir, folder_problem, new_backup_path

    folder = backup_dir(path)
    target = new_backup_path(path, RECOVERY)
    made: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in ("", *SIDECARS):
            source = _sidecar(path, suffix)
            if suffix == "-shm" and not source.exists():
                continue
            _copy_synced(source, _sidecar(target, suffix))
            made.append(_sidecar(target, suffix))
        _sync_folder(folder)
    except OSError as exc:
        for copied in made:  # no partial set of copies left behind
            with suppress(OSError):
                copied.unlink(missing_ok=True)
        raise LibraryError(
            f"{path} has a write-ahead log ({path.name}-wal) beside it that no program has "
            f"open, and it could not be copied to {folder} before opening "
            f"({folder_problem(folder, exc)}). Nothing was changed; free some space, or make "
            f"{folder} a writable folder, then open it again."
        ) from exc
    return target


def _copy_synced(source: Path, target: Path) -> None:
    import shutil

    with source.open("rb") as reading, target.open("xb") as writing:
        try:
            shutil.copyfileobj(reading, writing, 1024 * 1024)
            writing.flush()
            os.fsync(writing.fileno())
        except BaseException:
            writing.close()
            target.unlink(missing_ok=True)
            raise


def _sync_folder(folder: Path) -> None:
    """Make the new names durable too (POSIX; Windows cannot open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
