"""A first look at a library through the standard ``sqlite3`` module.

Loading SQLAlchemy costs about 0.3 s and 47 MiB, more than Qt needs to show the whole
window. So the window is first filled from this read-only view — the same records the
:class:`~xiaomi_reader.store.library.Library` methods of the same names return — and the
library proper is opened right after the first paint.

A snapshot is offered only for a library that needs nothing done to it: an existing,
intact file at the newest schema. Anything else (a new library to seed, one to upgrade,
a damaged or foreign file) gets ``None`` and goes the usual way, with its questions.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from xiaomi_reader.core import records
from xiaomi_reader.store import reads
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.file_checks import check_library_file, read_only_uri
from xiaomi_reader.store.log_recovery import LibraryHold, hold_library
from xiaomi_reader.store.migrate import head_revision

T = TypeVar("T")


class SnapshotUnavailable(Exception):
    """The snapshot cannot answer (the file changed under it, or it was closed)."""


class LibrarySnapshot:
    """Read-only answers from a library file, without SQLAlchemy. Close when done."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, hold: LibraryHold | None = None
    ) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = conn
        self._hold = hold
        # A call's queries form one read transaction, so calls from two threads (an
        # export runs on a worker) take turns rather than nest their transactions.
        self._lock = threading.Lock()

    @classmethod
    def read(cls, path: Path) -> LibrarySnapshot | None:
        """A snapshot of an intact library at the newest schema; None for anything else."""
        try:
            if not path.is_file() or path.stat().st_size == 0:
                return None
            if check_library_file(path) != head_revision():  # to upgrade, or not ours
                return None
            # The first to open the library in the window's process: a leftover log is
            # copied now, before the library proper opens (store/log_recovery.py).
            hold = hold_library(path)
        except (OSError, LibraryError, sqlite3.Error):
            return None
        try:
            conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
        except sqlite3.Error:
            hold.release()
            return None
        return cls(path, conn, hold)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if self._hold is not None:
                self._hold.release()

    def _read(self, read: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise SnapshotUnavailable("the snapshot is closed")
            try:
                # One read transaction, so that a call's several queries agree.
                conn.execute("BEGIN")
                try:
                    return read(conn)
                finally:
                    conn.rollback()
            except sqlite3.Error as exc:
                raise SnapshotUnavailable(str(exc)) from exc

    # The same answers as Library's methods of these names (the same SQL and records).

    def revision(self) -> int:
        return self._read(reads.revision)

    def articles(self) -> list[records.ArticleSummary]:
        return self._read(reads.article_summaries)

    def article(self, article_id: int) -> records.Article:
        found = self._read(lambda conn: reads.article(conn, article_id))
        if found is None:
            raise LibraryError(f"There is no article with id {article_id}.")
        return found

    def tags(self) -> list[records.Tag]:
        return self._read(reads.tags)

    def annotations(self, article_id: int | None = None) -> list[records.Annotation]:
        return self._read(lambda conn: reads.annotations(conn, article_id))

    def links(self) -> list[records.Link]:
        return self._read(reads.links)
