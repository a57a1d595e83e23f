"""The one data path: every read and write of the library is a transaction from here.

A read is one transaction on a pooled connection (so that its several statements
agree); a write takes the write lock up front, notes the library's revision before
and after (store/own_commits.py), and is committed before it returns, or rolled
back whole. Database errors become one clear :class:`LibraryError`; an
``IntegrityError`` is left to the caller, who knows what the conflict means.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from xiaomi_reader.store import access
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.own_commits import OwnCommits, revision_in
from xiaomi_reader.store.sqlite import WalCheckpointer


class Transactions:
    """Read and write transactions on one library's engine."""

    def __init__(
        self,
        engine: Engine,
        path: Path | None,
        read_only: access.ReadOnly | None,
        checkpoints: WalCheckpointer | None,
    ) -> None:
        self.engine = engine
        self._path = path
        self._read_only = read_only
        self._checkpoints = checkpoints
        # Our own commits, to tell them from other programs' (Library.revision()).
        self.own_commits = OwnCommits()

    def check_writable(self) -> None:
        """Refuse at once, with the reason and what to do, when nothing can be written."""
        if self._read_only is not None:
            raise self._read_only.refusal()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read transaction; ended (rolled back) when the block is left."""
        try:
            with self.engine.connect() as conn:
                conn.begin()
                yield conn
        except DBAPIError as exc:
            raise access.read_failure(exc) from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back (leaving nothing) on error."""
        self.check_writable()
        try:
            with self.engine.connect() as conn:
                conn.execution_options(write=True)  # BEGIN IMMEDIATE on SQLite
                with conn.begin():
                    # The write lock is held from here on: nobody else commits in between.
                    before = revision_in(conn)
                    yield conn
                    after = revision_in(conn)
        except IntegrityError:
            raise  # a conflict its caller explains (a tag name taken, …)
        except DBAPIError as exc:
            raise _write_error(exc.orig, self._path) from exc
        self.own_commits.committed(before, after)
        self.wrote()

    def wrote(self) -> None:
        """Something was committed: checkpoint the log once the library is idle."""
        if self._checkpoints is not None:
            self._checkpoints.wrote()

    def close(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.close()
        self.engine.dispose()
        if self._checkpoints is not None:
            self._checkpoints.finish()  # the last connection: -wal and -shm go with it


def _write_error(cause: BaseException | None, path: Path | None) -> LibraryError:
    full = access.write_failure(cause, path)
    if full is not None:
        return full
    if "locked" in str(cause) or "busy" in str(cause):
        return LibraryError(
            "The library is busy: another program is writing to it. "
            "Nothing was changed; try again in a moment."
        )
    return LibraryError(f"The library could not be written: {cause}")


def missing(what: str, key: int) -> LibraryError:
    """The error for an id that is not (or no longer) in the library."""
    return LibraryError(f"There is no {what} with id {key}; it may have been deleted.")
