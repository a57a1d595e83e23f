"""Where a library's backups go and how they are named.

``backups/<stem>.<UTC time>.<reason><suffix>`` next to the library file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

BACKUP_DIR_NAME = "backups"
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR_NAME


def new_backup_path(path: Path, reason: str) -> Path:
    """The name for a backup of the library at ``path`` made now, for ``reason``."""
    stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
    return backup_dir(path) / f"{path.stem}.{stamp}.{reason}{path.suffix}"


def folder_problem(folder: Path, exc: Exception) -> str:
    """Why a copy could not be written into the backups folder, in a few words."""
    if folder.exists() and not folder.is_dir():
        return "a file has that name"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
