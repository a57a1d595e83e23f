"""What only SQLite has, behind the engine: the rest of the store is plain SQLAlchemy Core.

Pragmas on every connection (WAL, ``synchronous=NORMAL``, foreign keys, the busy
timeout, no automatic checkpoint), ``BEGIN IMMEDIATE`` for writes, the read-only
engine, the backup API, checkpoints of the write-ahead log and the page cache of a
large import. A library on another database (the team library on PostgreSQL) gets
none of this and needs none of it: every function here returns at once for it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL

from xiaomi_reader.store.checkpoints import WalCheckpointer

__all__ = [
    "APPLICATION_ID",
    "WalCheckpointer",
    "checkpoint_into_file",
    "copy_database",
    "is_sqlite",
    "make_engine",
    "page_cache_for",
    "read_only_engine",
    "restore_database",
]

# "XRDR": written into the SQLite header of every library we create (migration 0001).
APPLICATION_ID = 0x58524452


def is_sqlite(engine_or_connection: Engine | Connection) -> bool:
    return engine_or_connection.dialect.name == "sqlite"


def make_engine(url: URL, busy_timeout_ms: int) -> Engine:
    """The library's engine; on SQLite, every connection configured as the store expects."""
    engine = create_engine(url)
    if url.get_backend_name() == "sqlite":

        def configure(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            _configure_connection(dbapi_conn, busy_timeout_ms)

        event.listen(engine, "connect", configure)
        event.listen(engine, "begin", _begin)
    return engine


def _configure_connection(dbapi_conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is unreliable).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # Checkpoints run on a thread of their own when the library is idle (store/checkpoints.py).
    cursor.execute("PRAGMA wal_autocheckpoint = 0")
    cursor.close()


def _begin(conn: Connection) -> None:
    # IMMEDIATE takes the write lock up front, so a write waits for another writer
    # (up to the busy timeout) instead of failing half-way when upgrading a read lock.
    mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def read_only_engine(url: URL, path: Path, busy_timeout_ms: int) -> Engine:
    """An engine that reads ``path`` through SQLite's read-only mode and creates nothing.

    With no log (or an empty one) no program has changes pending, and none can make any
    where we cannot write either, so it is opened ``immutable``: no -wal or -shm file is
    made. With a log, it is read through the log (SQLite needs its -shm file then).
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        uri += "&immutable=1"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    def configure(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # BEGIN is issued by the "begin" listener
        dbapi_conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        dbapi_conn.execute("PRAGMA query_only = ON")

    engine = create_engine(url, creator=connect)
    event.listen(engine, "connect", configure)
    event.listen(engine, "begin", _begin)
    return engine


def checkpoint_into_file(conn: Connection) -> None:
    """Move everything from the write-ahead log into the file itself (after an upgrade)."""
    if is_sqlite(conn):
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _driver(conn: Connection) -> sqlite3.Connection:
    raw = conn.connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def copy_database(engine: Engine, target: Path) -> None:
    """Copy the library, consistently, into a new file (SQLite's backup API)."""
    with engine.connect() as conn, contextlib.closing(sqlite3.connect(target)) as dest:
        _driver(conn).backup(dest)


def restore_database(engine: Engine, source_uri: str) -> None:
    """Replace the library's contents with the database at ``source_uri``.

    The backup API copies page by page under a lock: other connections see either
    the old library or the restored one, never a mix.
    """
    with (
        contextlib.closing(sqlite3.connect(source_uri, uri=True)) as source,
        engine.connect() as conn,
    ):
        source.backup(_driver(conn))


# Enough page cache for a whole batch of articles, up to a bound on memory: when a
# batch outgrows the cache, SQLite spills pages half-way and the import is ~15% slower.
_IMPORT_CACHE_MAX_KIB = 64 * 1024
_CACHE_KIB_PER_CHARACTER = 2 / 1024  # UTF-8 bytes and page overhead, generously


@contextlib.contextmanager
def page_cache_for(connection: Connection, characters: int) -> Iterator[None]:
    """Enlarge this connection's page cache while ``characters`` of text are inserted."""
    if not is_sqlite(connection):
        yield
        return
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    # Negative sizes are in KiB, positive ones in pages; compare in KiB (pages are 4 KiB).
    before_kib = -before if before < 0 else before * 4
    wanted_kib = min(_IMPORT_CACHE_MAX_KIB, int(characters * _CACHE_KIB_PER_CHARACTER))
    if wanted_kib <= before_kib:
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size = {-wanted_kib}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")
