"""Write-ahead-log checkpoints run off the writer's path, once the library is idle."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

import pytest

from xiaomi_reader.store.checkpoints import WalCheckpointer
from xiaomi_reader.store.library import Library


def _titles_in_the_file_itself(path: Path) -> set[str]:
    """Titles stored in the library file, ignoring anything still in its write-ahead log."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return {title for (title,) in conn.execute("SELECT title FROM articles")}


def _in_the_file_itself(path: Path, title: str) -> bool:
    """Whether the file holds the title yet: polled while a checkpoint may be writing it.

    Read without locks, the file can be caught half-written by a checkpoint; such a
    read means "not yet", like one that does not find the title.
    """
    try:
        return title in _titles_in_the_file_itself(path)
    except sqlite3.DatabaseError:
        return False


def _wait_for(condition, timeout_s: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _article_file(folder: Path, title: str) -> Path:
    path = folder / f"{title}.txt"
    path.write_text(f"{title}\n\nA paragraph about {title}.\n", encoding="utf-8")
    return path


def _timed(library: Library, monkeypatch: pytest.MonkeyPatch, **timings: float) -> WalCheckpointer:
    """The library's checkpointer with shorter (or longer) waits, e.g. ``_idle_s=0.05``."""
    checkpoints = library._checkpoints
    assert checkpoints is not None
    for name, seconds in timings.items():
        monkeypatch.setattr(checkpoints, name, seconds)
    return checkpoints


@pytest.fixture
def library(db_path: Path) -> Library:
    library = Library.open(db_path)
    yield library
    library.close()


def test_a_commit_does_not_wait_for_the_checkpoint(
    library: Library, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _timed(library, monkeypatch, _idle_s=60.0)
    library.import_article_files([_article_file(tmp_path, "Harbour report")])

    # Committed and readable, through the log...
    assert "Harbour report" in {a.title for a in library.articles()}
    # ...but not yet copied into the file: the commit did not checkpoint.
    assert "Harbour report" not in _titles_in_the_file_itself(db_path)


def test_the_checkpoint_runs_once_the_library_is_idle(
    library: Library, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkpoints = _timed(library, monkeypatch, _idle_s=0.05)
    library.import_article_files([_article_file(tmp_path, "Harbour report")])

    _wait_for(lambda: _in_the_file_itself(db_path, "Harbour report"))
    # The thread counts a checkpoint once it has ended, a moment after its last page
    # reached the file: wait for that too, rather than read the count at once.
    _wait_for(lambda: checkpoints.checkpoints >= 1)


def test_closing_checkpoints_what_is_still_waiting(db_path: Path, tmp_path: Path) -> None:
    library = Library.open(db_path)
    assert library._checkpoints is not None
    library._checkpoints._idle_s = 60.0
    library.import_article_files([_article_file(tmp_path, "Late edition")])
    library.close()

    assert "Late edition" in _titles_in_the_file_itself(db_path)
    assert not db_path.with_name(db_path.name + "-wal").exists()
    assert not db_path.with_name(db_path.name + "-shm").exists()


def test_writes_that_never_pause_are_checkpointed_all_the_same(
    library: Library, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _timed(library, monkeypatch, _idle_s=60.0, _longest_wait_s=0.2)
    library.import_article_files([_article_file(tmp_path, "First")])
    deadline = time.monotonic() + 10
    while not _in_the_file_itself(db_path, "First"):
        assert time.monotonic() < deadline, "never checkpointed"
        library.set_meta("busy", str(time.monotonic()))  # a write every 20 ms
        time.sleep(0.02)


def test_reading_starts_no_thread(db_path: Path) -> None:
    Library.open(db_path).close()  # created and seeded
    with Library.open(db_path) as library:
        library.articles()
        library.tags()
        library.annotations()
        library.revision()
        assert library._checkpoints is not None
        assert library._checkpoints._thread is None


def test_a_library_file_that_vanished_is_not_created_again(tmp_path: Path) -> None:
    missing = tmp_path / "gone.sqlite3"
    checkpointer = WalCheckpointer(missing, idle_s=0.0)
    checkpointer.wrote()
    checkpointer.close()

    assert not missing.exists()
    assert checkpointer.checkpoints == 0
