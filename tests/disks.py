"""Real small disks for tests: a tmpfs of its own under tmp_path, made read-only or full.

Root ignores permission bits, so when the tests run as root (as they do in CI) a
``chmod`` cannot make a library read-only. A file system of its own can: remounted
read-only it refuses root too, and a small one really fills up (ENOSPC, SQLITE_FULL).
Mounting needs root (CAP_SYS_ADMIN). Where it is not allowed, a read-only library is
made with permissions instead (which hold for everyone but root), and whatever needs
a full disk is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import pytest

PAGE = 4096


def _run(*command: str) -> str | None:
    """Run a command; None if it worked, else why not (its stderr, on one line)."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError as exc:
        return f"{command[0]}: {exc.strerror or exc}"
    if result.returncode != 0:
        return " ".join((result.stderr or result.stdout or f"status {result.returncode}").split())
    return None


class Disk:
    """A folder on a file system of its own (when one could be mounted)."""

    def __init__(self, folder: Path, size_kib: int) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        options = f"size={size_kib}k,mode=0755"
        self.why_not_mounted = (
            "mounting needs root"
            if os.geteuid() != 0
            else _run("mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder))
        )
        self.mounted = self.why_not_mounted is None
        self._filler = folder / "filler"
        self._chmodded: list[tuple[Path, int]] = []

    def make_read_only(self) -> None:
        """Remount read-only; without a mount of its own, take the write permissions away."""
        if self.mounted:
            failed = _run("mount", "-o", "remount,ro", str(self.folder))
            assert failed is None, failed
            return
        if os.geteuid() == 0:
            pytest.skip(
                "root ignores permissions, and no file system could be mounted "
                f"({self.why_not_mounted})"
            )
        for path in [*self.folder.rglob("*"), self.folder]:
            mode = path.stat().st_mode & 0o7777
            self._chmodded.append((path, mode))
            path.chmod(mode & ~0o222)

    def fill(self, leave_bytes: int = 0) -> None:
        """Write a filler file until the disk is full, then free ``leave_bytes`` of it."""
        if not self.mounted:
            pytest.skip(
                "a full disk needs a small file system of its own (tmpfs), and none could "
                f"be mounted here ({self.why_not_mounted})"
            )
        fd = os.open(self._filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            for chunk in (1 << 20, PAGE, 1):
                with contextlib.suppress(OSError):
                    while True:
                        os.write(fd, b"\0" * chunk)
            with pytest.raises(OSError) as full:
                os.write(fd, b"\0")
            assert full.value.errno == errno.ENOSPC, full.value
        finally:
            os.close(fd)
        if leave_bytes:
            size = self._filler.stat().st_size
            os.truncate(self._filler, max(0, size - leave_bytes))

    def make_room(self) -> None:
        """Free the space :meth:`fill` took."""
        self._filler.unlink(missing_ok=True)

    def listing(self) -> dict[str, str]:
        """Every file under the folder (but the filler) with its SHA-256."""
        import hashlib

        return {
            str(path.relative_to(self.folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.folder.rglob("*"))
            if path.is_file() and path != self._filler
        }

    def remove(self) -> None:
        for path, mode in reversed(self._chmodded):
            with contextlib.suppress(OSError):
                path.chmod(mode)
        if self.mounted and _run("umount", str(self.folder)) is not None:
            # Something still holds a file open (a test that failed half-way): detach it now,
            # the kernel lets go once it is closed.
            _run("umount", "-l", str(self.folder))
        self.mounted = False
