"""Writing an export to disk all at once: a temporary file beside the destination, then a rename.

Either the whole new file is in place or the destination is as it was: a full
disk, a vanished folder or a file that cannot be replaced never leaves a
half-written export behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

__all__ = ["ExportError", "write_atomic"]


class ExportError(Exception):
    """An export could not be made; the message says why and what to do."""


def write_atomic(output: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``output`` atomically and return the absolute path written."""
    path = Path(output).expanduser().absolute()
    _check_destination(path)
    # Same folder as the destination, so the rename never crosses file systems. Only the
    # start of the name (≤ 200 bytes): a name near the 255-byte limit must still work.
    temporary = path.with_name(f".{path.name[:50]}.{secrets.token_hex(6)}.tmp")
    try:
        # os.open with 0o666 lets the umask decide the permissions, as for any new file.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
    except OSError as exc:
        raise ExportError(_cannot_write(path, exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(_cannot_write(path, exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)
    return path


_O_BINARY = getattr(os, "O_BINARY", 0)


def _check_destination(path: Path) -> None:
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"Cannot write {path}: it is a folder. Give a file name to export to.")
    if not folder.exists():
        raise ExportError(
            f"Cannot write {path}: the folder {folder} does not exist. "
            "Create it or choose another destination."
        )
    if not folder.is_dir():
        raise ExportError(f"Cannot write {path}: {folder} is a file, not a folder.")


def _cannot_write(path: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    hint = "Choose another destination."
    if isinstance(exc, PermissionError):
        hint = "Check the folder's permissions, or close any program that has the file open."
    return f"Cannot write {path}: {reason}. {hint}"


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
