"""Shared fixtures: every user directory lives in tmp_path, Qt runs offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME and every XDG directory into tmp_path; forget any library override."""
    home = tmp_path / "home"
    for name, sub in {
        "XDG_DATA_HOME": "data",
        "XDG_CONFIG_HOME": "config",
        "XDG_CACHE_HOME": "cache",
        "XDG_STATE_HOME": "state",
        "XDG_RUNTIME_DIR": "runtime",
    }.items():
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    (home / "runtime").chmod(0o700)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XIAOMI_READER_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[object]:
    """A small disk of its own (tmpfs, 4 MiB) that a test can make read-only or fill up."""
    from tests.disks import Disk

    made = Disk(tmp_path / "disk", size_kib=4096)
    try:
        yield made
    finally:
        made.remove()


@pytest.fixture
def library(db_path: Path) -> Iterator[object]:
    from xiaomi_reader.store.library import Library

    lib = Library.open(db_path)
    try:
        yield lib
    finally:
        lib.close()
