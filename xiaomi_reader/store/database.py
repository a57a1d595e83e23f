"""Opening a library: check the file is ours, back it up, migrate it, configure SQLite.

A file that is not a xiaomi-reader library (random bytes, a truncated file,
another program's SQLite database, a library from a newer version) is refused
before anything writes to it, so it stays byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

# "XRDR": written into the SQLite header of every library we create.
APPLICATION_ID = 0x58524452
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 8000
BACKUP_DIR_NAME = "backups"
HEADER_SIZE = 100
WAL_HEADER_SIZE = 32
WAL_FRAME_HEADER_SIZE = 24


class LibraryError(Exception):
    """A library cannot be opened or used; the message says why and what to do."""


@dataclass(frozen=True)
class OpenedLibrary:
    engine: Engine
    url: URL
    path: Path | None
    created: bool
    backup: Path | None


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
    if path is not None:
        created = _is_new_file(path)
        if created:
            _create_parent(path)
        else:
            check_library_file(path)
    engine = _make_engine(url, busy_timeout_ms)
    try:
        backup = _migrate(engine, path)
    except LibraryError:
        engine.dispose()
        raise
    return OpenedLibrary(engine=engine, url=url, path=path, created=created, backup=backup)


def _is_new_file(path: Path) -> bool:
    if path.is_dir():
        raise LibraryError(f"{path} is a folder, not a library file.")
    if not path.exists():
        return True
    wal = path.with_name(path.name + "-wal")
    # An empty file with no write-ahead log holds nothing that could be lost.
    return path.stat().st_size == 0 and not wal.exists()


def _create_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(
            f"Cannot create the folder {path.parent} for the library: {exc.strerror or exc}. "
            "Choose another location with --db or XIAOMI_READER_DB."
        ) from exc
    if not os.access(path.parent, os.W_OK):
        raise LibraryError(
            f"The folder {path.parent} is not writable, so no library can be created there. "
            "Choose another location with --db or XIAOMI_READER_DB."
        )


def check_library_file(path: Path) -> None:
    """Refuse anything that is not an intact xiaomi-reader library, without writing to it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise LibraryError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if not header.startswith(SQLITE_MAGIC) or len(header) < HEADER_SIZE:
        raise LibraryError(
            f"{path} is not a xiaomi-reader library (it is not an SQLite database). "
            "It was left untouched; open another file or create a new library."
        )
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID and not _wal_says_ours(path):
        raise LibraryError(
            f"{path} is an SQLite database of another program, not a xiaomi-reader library. "
            "It was left untouched; open another file or create a new library."
        )
    _check_size(path, header)
    _check_integrity_and_revision(path)


def _read_only_uri(path: Path) -> str:
    """Open for reading without creating anything beside the file.

    With no -wal file nobody has the library open in WAL mode, so it can be read as
    immutable (no -wal/-shm made); otherwise read through the existing log.
    """
    uri = path.resolve().as_uri()
    if path.with_name(path.name + "-wal").exists():
        return uri + "?mode=ro"
    return uri + "?mode=ro&immutable=1"


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


def _check_size(path: Path, header: bytes) -> None:
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    # The in-header size is valid only when the two change counters agree.
    header_size_valid = header[24:28] == header[92:96]
    size = path.stat().st_size
    if size % page_size or (header_size_valid and size < page_count * page_size):
        raise LibraryError(
            f"{path} is damaged: the file is shorter than the library it holds (truncated?). "
            "It was left untouched; restore a backup or create a new library."
        )


def _check_integrity_and_revision(path: Path) -> None:
    from xiaomi_reader.store.migrate import known_revisions

    try:
        with contextlib.closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                # SQLite may list many problems; the first says enough, on one line.
                first = " ".join(str(result[0]).split()) if result else "no answer"
                raise LibraryError(
                    f"{path} is damaged ({first[:200]}). "
                    "It was left untouched; restore a backup or create a new library."
                )
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise LibraryError(
            f"{path} is damaged and cannot be read ({exc}). "
            "It was left untouched; restore a backup or create a new library."
        ) from exc
    if revision is None and tables:
        raise LibraryError(
            f"{path} has tables but no xiaomi-reader schema. "
            "It was left untouched; open another file or create a new library."
        )
    if revision is not None and revision not in known_revisions():
        raise LibraryError(
            f"{path} was made by a newer version of xiaomi-reader (schema {revision}). "
            "It was left untouched; update xiaomi-reader to open it."
        )


def _make_engine(url: URL, busy_timeout_ms: int) -> Engine:
    engine = create_engine(url)
    if url.get_backend_name() == "sqlite":

        def configure(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            _configure_sqlite_connection(dbapi_conn, busy_timeout_ms)

        event.listen(engine, "connect", configure)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is unreliable).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _begin_sqlite_transaction(conn: object) -> None:
    # IMMEDIATE takes the write lock up front, so a write waits for another writer
    # (up to the busy timeout) instead of failing half-way when upgrading a read lock.
    mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"  # type: ignore[attr-defined]
    conn.exec_driver_sql(f"BEGIN {mode}")  # type: ignore[attr-defined]


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
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return backup


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR_NAME


def make_backup(engine: Engine, path: Path, reason: str) -> Path:
    """Copy the library (consistently, through SQLite's backup API) into the backups folder."""
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}.{stamp}.{reason}{path.suffix}"
    with engine.connect() as conn, contextlib.closing(sqlite3.connect(target)) as dest:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.backup(dest)
    return target
