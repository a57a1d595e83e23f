"""Reliability: real processes, real files, real locks; and what they share.

Children are started with ``sys.executable`` and the repository on ``PYTHONPATH``,
so they run exactly the code under test. Nothing here mocks SQLite.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import child_env


class Child:
    """A Python child process (``python -c SCRIPT ARGS``) whose stdout is read line by line."""

    def __init__(self, script: str, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env(),
            bufsize=0,
        )
        self._pending = b""
        self.lines: list[str] = []

    def read_line(self, timeout: float = 20) -> str:
        """The next line of stdout; fails the test if none comes in time."""
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no output from the child within {timeout} s")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(
                    f"the child ended (status {self.proc.wait()}): {self.stderr_text()}"
                )
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        text = line.decode("utf-8")
        self.lines.append(text)
        return text

    def expect(self, wanted: str, timeout: float = 20) -> None:
        line = self.read_line(timeout)
        assert line == wanted, (line, self.stderr_text())

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode("utf-8"))
        self.proc.stdin.flush()

    def kill(self) -> list[str]:
        """SIGKILL; returns every complete line the child had written before it died."""
        self.proc.kill()
        self.proc.wait(timeout=10)
        assert self.proc.stdout is not None
        rest = self._pending + self.proc.stdout.read()
        self._pending = b""
        complete = rest.decode("utf-8").split("\n")[:-1]  # a cut-off last line does not count
        self.lines.extend(complete)
        self.close()
        return self.lines

    def wait(self, timeout: float = 30) -> int:
        status = self.proc.wait(timeout=timeout)
        assert self.proc.stdout is not None
        rest = self._pending + self.proc.stdout.read()
        self._pending = b""
        self.lines.extend(rest.decode("utf-8").splitlines())
        return status

    def stderr_text(self) -> str:
        if self.proc.poll() is None or self.proc.stderr is None or self.proc.stderr.closed:
            return ""
        return self.proc.stderr.read().decode("utf-8", "replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    """SQLite's -wal, -shm and -journal files next to ``path`` that exist."""
    names = (path.name + "-wal", path.name + "-shm", path.name + "-journal")
    return [path.with_name(name) for name in names if path.with_name(name).exists()]


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` with plain sqlite3 (which also recovers a hot WAL)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "\n".join(str(row[0]) for row in rows)


def scalar(path: Path, sql: str, *params: object) -> object:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchone()[0]


def log_of_another_library(library: Path, folder: Path) -> bytes:
    """The -wal of another library of the same name, taken while it was open.

    That library began as a copy of ``library`` (on another machine, in a synced
    folder) and went its own way: its last session deleted every annotation and added
    one. Its log is valid, and beside ``library`` SQLite replays it as its own: the
    result reads as a whole library (integrity "ok") without the annotations.
    """
    import shutil

    from xiaomi_reader.store.library import Library

    other = folder / library.name
    folder.mkdir(parents=True)
    shutil.copyfile(library, other)
    opened = Library.open(other)
    try:
        checkpoints = opened._checkpoints
        assert checkpoints is not None
        checkpoints._idle_s = checkpoints._longest_wait_s = 3600.0  # the log keeps it all
        opened.delete_annotations([a.id for a in opened.annotations()])
        opened.add_annotation(opened.articles()[0].id, 0, 4, note="from another library")
        return other.with_name(other.name + "-wal").read_bytes()
    finally:
        opened.close()
