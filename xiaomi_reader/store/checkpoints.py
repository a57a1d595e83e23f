"""Checkpoints of the write-ahead log, run on a thread of their own when the library is idle.

A commit in WAL mode appends pages to ``library.sqlite3-wal``; a *checkpoint*
copies them into the library file and syncs both files. SQLite runs one itself
inside the commit that takes the log past 1,000 pages, so an import of a few
megabytes (or every few hundred annotations) made the reader wait for ~7 MB of
copying and two ``fsync``s. SQLite's documentation suggests the alternative used
here: turn the automatic checkpoint off and run checkpoints in a separate
thread. A committed transaction is just as safe in the log as in the file
(SQLite reads both, and replays the log after a crash), so nothing is at risk
while a checkpoint waits.

The thread checkpoints once the library has had no write for :data:`IDLE_S`
seconds, or :data:`LONGEST_WAIT_S` after the first unsaved write when writes
never pause. ``PASSIVE`` checkpoints never wait for readers or writers, so the
window's own reads and writes go on while one runs.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from pathlib import Path

__all__ = ["IDLE_S", "LONGEST_WAIT_S", "WalCheckpointer"]

IDLE_S = 0.5
LONGEST_WAIT_S = 5.0


class WalCheckpointer:
    """Copies committed pages from the library's write-ahead log into its file."""

    def __init__(
        self, path: Path, *, idle_s: float = IDLE_S, longest_wait_s: float = LONGEST_WAIT_S
    ) -> None:
        self._path = path
        self._idle_s = idle_s
        self._longest_wait_s = longest_wait_s
        self._condition = threading.Condition()
        self._first_write: float | None = None  # the oldest write not yet checkpointed
        self._last_write = 0.0
        self._closed = False
        self._thread: threading.Thread | None = None
        self.checkpoints = 0  # how many have run: for tests and curiosity

    def wrote(self) -> None:
        """A write was committed: checkpoint once the library is idle."""
        with self._condition:
            if self._closed:
                return
            now = time.monotonic()
            self._last_write = now
            if self._first_write is not None:
                # The thread is asleep until a deadline that this write can only put off:
                # it looks again then. Waking it now would cost the writer a thread switch.
                return
            self._first_write = now
            if self._thread is None:
                # Started by the first write, so that reading the library starts no thread.
                self._thread = threading.Thread(
                    target=self._run, name="library-checkpoints", daemon=True
                )
                self._thread.start()
            self._condition.notify()  # it was waiting for a first write, without a deadline

    def close(self) -> None:
        """Stop the thread; a write still waiting for its checkpoint gets it now."""
        with self._condition:
            self._closed = True
            pending = self._first_write is not None
            self._first_write = None
            self._condition.notify()
            thread = self._thread
        if thread is not None:
            thread.join()
        if pending:
            self._checkpoint()

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._closed and not self._due():
                    self._condition.wait(self._wait_s())
                if self._closed:
                    return
                self._first_write = None
            self._checkpoint()

    def _due(self) -> bool:
        """Whether a checkpoint should run now (called with the condition held)."""
        if self._first_write is None:
            return False
        now = time.monotonic()
        return (
            now - self._last_write >= self._idle_s
            or now - self._first_write >= self._longest_wait_s
        )

    def _wait_s(self) -> float | None:
        """How long to sleep before :meth:`_due` could change (None: until told)."""
        if self._first_write is None:
            return None
        now = time.monotonic()
        return max(
            0.0,
            min(
                self._last_write + self._idle_s - now,
                self._first_write + self._longest_wait_s - now,
            ),
        )

    def finish(self) -> None:
        """Once every other connection of the library is closed: leave no log behind.

        The whole log is copied into the file and emptied; closing this connection, the
        last, lets SQLite delete the -wal and -shm files. A log that another program
        still uses stays for it (and that program's last connection removes it).
        """
        self._checkpoint("TRUNCATE")

    def _checkpoint(self, mode: str = "PASSIVE") -> None:
        # A connection of its own, opened for each checkpoint: never the one a write
        # uses, and nothing held open that could be mistaken for a reader.
        try:
            uri = self._path.resolve().as_uri() + "?mode=rw"  # never create a missing file
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=0)) as conn:
                conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
        except sqlite3.Error:
            # Nothing is lost: the pages stay in the log, where SQLite reads them, and the
            # next write (or closing the library) tries again.
            return
        self.checkpoints += 1
