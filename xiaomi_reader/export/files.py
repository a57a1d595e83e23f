"""Writing an export to disk all at once: a temporary file beside the destination, then a rename.

Either the whole new file is in place or the destination is as it was: a full
disk, a vanished folder or a file that cannot be replaced never leaves a
half-written export behind.

Only a regular file is ever replaced. A symbolic link to one is written through,
as editors do: the new file goes to the link's target (the temporary file beside
it) and the link stays a link. A device, a named pipe, a socket, a folder or a
link that leads to none of these regular files is refused before anything is
written, since a rename would put a plain file where it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from xiaomi_reader.core.display import display_name

__all__ = ["ExportError", "write_atomic"]


class ExportError(Exception):
    """An export could not be made; the message says why and what to do."""


def write_atomic(output: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``output`` atomically and return the absolute path written."""
    path = Path(output).expanduser().absolute()
    real = _real_destination(path)
    _check_destination(real)
    # Same folder as the destination, so the rename never crosses file systems. Only the
    # start of the name (≤ 200 bytes): a name near the 255-byte limit must still work.
    temporary = real.with_name(f".{real.name[:50]}.{secrets.token_hex(6)}.tmp")
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
        os.replace(temporary, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(_cannot_write(path, exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(real.parent)
    return path


_O_BINARY = getattr(os, "O_BINARY", 0)


def _real_destination(path: Path) -> Path:
    """The file the rename will replace: ``path``, or the regular file a link leads to.

    Anything else that exists under the name is refused here, before any byte is written.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return path  # nothing there (or the folder is the problem): the next checks say which
    if not stat.S_ISLNK(info.st_mode):
        _refuse_unless_regular(path, info.st_mode)
        return path
    try:
        real = Path(os.path.realpath(path, strict=True))
        mode = os.stat(real).st_mode
    except OSError as exc:
        # Creating the missing target would put a file somewhere the name does not show.
        shown, where = display_name(path), display_name(_link_text(path))
        why = "which leads round in a loop" if exc.errno == errno.ELOOP else "which does not exist"
        raise ExportError(
            f"Cannot write {shown}: it is a symbolic link to {where}, {why}. "
            "Nothing was written; export to another file name."
        ) from exc
    _refuse_unless_regular(path, mode, through=real)
    return real


def _refuse_unless_regular(path: Path, mode: int, *, through: Path | None = None) -> None:
    if stat.S_ISREG(mode):
        return
    shown = display_name(path)
    if stat.S_ISDIR(mode):
        raise ExportError(f"Cannot write {shown}: it is a folder. Give a file name to export to.")
    kind = _special_kind(mode)
    what = f"a symbolic link to {display_name(through)}, which is {kind}" if through else kind
    raise ExportError(
        f"Cannot write {shown}: it is {what}, not a regular file. "
        "Nothing was written; choose a file name to export to."
    )


def _special_kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _link_text(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "a missing file"


def _check_destination(path: Path) -> None:
    shown = display_name(path)
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"Cannot write {shown}: it is a folder. Give a file name to export to.")
    if not folder.exists():
        raise ExportError(
            f"Cannot write {shown}: the folder {display_name(folder)} does not exist. "
            "Create it or choose another destination."
        )
    if not folder.is_dir():
        raise ExportError(f"Cannot write {shown}: {display_name(folder)} is a file, not a folder.")


def _cannot_write(path: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    hint = "Choose another destination."
    if isinstance(exc, PermissionError):
        hint = "Check the folder's permissions, or close any program that has the file open."
    return f"Cannot write {display_name(path)}: {reason}. {hint}"


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
