"""Shared fixtures: every user directory lives in tmp_path, Qt runs offscreen.

The shown main window (``window``, ``open_window``) is in tests/windows.py, so that
the window, reliability and export tests all have it.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import REPO_ROOT, RunCli  # no Qt: the platform below is still unset

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.windows"]

# Property tests: in CI the same examples every run, so that a run never fails by chance
# (a failure there is a regression, found again on every run); elsewhere new examples
# each run, so that they keep looking.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def _repository_status() -> set[str] | None:
    """``git status`` of the repository (untracked files too); None outside a git checkout."""
    try:
        listed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return set(listed.splitlines())


@pytest.fixture(scope="session", autouse=True)
def repository_left_alone() -> Iterator[None]:
    """The tests write only under tmp_path: after the run the repository shows nothing new
    (ignored caches aside), or the last test errors with what appeared."""
    before = _repository_status()
    yield
    after = _repository_status()
    if before is not None and after is not None and after - before:
        pytest.fail(f"the tests changed the repository: {sorted(after - before)}")


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


@pytest.fixture(autouse=True)
def program_log_restored() -> Iterator[None]:
    """Each ``main()`` sets up the program's log: undo it, so no test logs into another's."""
    logger = logging.getLogger("xiaomi_reader")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    for handler in list(logger.handlers):
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(level)
    logger.propagate = propagate


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """``xiaomi-reader ARGS`` in this process: its exit status, stdout and stderr.

    ``env`` holds for that one call. Usage errors, ``--help`` and ``--version`` end in
    argparse's SystemExit, which becomes the status a shell would see.
    """
    from xiaomi_reader.cli import main

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()  # only this command's output
        with monkeypatch.context() as scoped:
            for name, value in (env or {}).items():
                scoped.setenv(name, value)
            try:
                status = main(list(args))
            except SystemExit as exit_:
                status = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["xiaomi-reader", *args], status, out, err)

    return run
