"""Where xiaomi-reader keeps its files.

Every user directory is resolved here and nowhere else, so tests (and ``--db``)
can redirect all of them. platformdirs follows each platform's conventions
(XDG on Linux, ``~/Library/Application Support`` on macOS, ``%APPDATA%`` on
Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "xiaomi-reader"
DB_ENV_VAR = "XIAOMI_READER_DB"
LIBRARY_FILE_NAME = "library.sqlite3"


def data_dir() -> Path:
    """The per-user data directory (not created here)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    """Where the log file goes (``~/.local/state/xiaomi-reader/log`` on Linux)."""
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def library_location(explicit: str | os.PathLike[str] | None = None) -> str:
    """The library to open: ``--db`` first, then ``$XIAOMI_READER_DB``, then the data dir.

    Returns a path, or a SQLAlchemy URL when one was given explicitly.
    """
    if explicit:
        return os.fspath(explicit)
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    if from_env:
        return from_env
    return os.fspath(data_dir() / LIBRARY_FILE_NAME)
