"""A -wal left beside a library that nobody has open: copied with the file before it is read.

SQLite replays such a log whatever it holds, and cannot tell the log of another library
of the same name from the library's own (`log_of_another_library`); a killed program
leaves one too. Either way the file and the log are first copied into ``backups/``.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import assert_one_line_error, cli
from tests.reliability import Child, log_of_another_library, sha256, sidecars
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.library import Library

N_OURS = 100

# Opens the library, keeps every write in the log, and says how many it wrote.
WRITER = """
import sys
from xiaomi_reader.store.library import Library

library = Library.open(sys.argv[1])
library._checkpoints._idle_s = library._checkpoints._longest_wait_s = 3600.0
article = library.articles()[0]
for i in range(int(sys.argv[2])):
    library.add_annotation(article.id, i, i + 3, note=f"child {i}")
print("written", flush=True)
sys.stdin.readline()  # until told, or killed
library.close()
print("closed", flush=True)
"""


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _ours(folder: Path, annotations: int = N_OURS) -> Path:
    """A library closed cleanly, holding ``annotations`` annotations of its own."""
    folder.mkdir(parents=True)
    path = folder / "library.sqlite3"
    with Library.open(path) as library:
        article = library.articles()[0]
        for i in range(annotations):
            library.add_annotation(article.id, i, i + 5, note=f"ours {i}")
    assert not sidecars(path)
    return path


def _recovery_copies(path: Path) -> list[Path]:
    return sorted((path.parent / "backups").glob("*.recovery.*"))


def test_a_log_from_another_library_is_copied_with_the_file_before_it_is_replayed(
    tmp_path: Path,
):
    ours = _ours(tmp_path / "ours")
    theirs = log_of_another_library(ours, tmp_path / "theirs")
    _wal(ours).write_bytes(theirs)
    file_before = ours.read_bytes()

    with Library.open(ours) as library:
        # What SQLite makes of the two: the other library's log replayed over ours...
        assert [a.note for a in library.annotations()] == ["from another library"]
        # ...which is why both were copied, as they were, before it did.
        copy = library.recovery_copy
        assert copy is not None
        assert copy.parent == ours.parent / "backups"
        assert copy.read_bytes() == file_before
        assert _wal(copy).read_bytes() == theirs
        assert str(copy) in (library.recovery_note or "")
        # The copy is offered for restoring: the file as it was, without that log.
        [listed] = [b for b in library.backups() if b.reason == "recovery"]
        assert (listed.path, listed.annotations) == (copy, N_OURS)
        library.restore_backup(copy)
        assert {a.note for a in library.annotations()} == {f"ours {i}" for i in range(N_OURS)}
    assert not sidecars(ours)  # closed cleanly: no log left to be mistaken next time
    with Library.open(ours) as library:
        assert library.recovery_copy is None
        assert len(library.annotations()) == N_OURS
    # One set of copies (the -shm, SQLite's index of the log, when there was one).
    kept = {p.name for p in _recovery_copies(ours)}
    assert {copy.name, _wal(copy).name} <= kept <= {copy.name, _wal(copy).name, f"{copy.name}-shm"}


@pytest.mark.slow
def test_the_command_line_says_a_copy_was_kept_and_where(tmp_path: Path):
    ours = _ours(tmp_path / "ours", annotations=5)
    theirs = log_of_another_library(ours, tmp_path / "theirs")
    _wal(ours).write_bytes(theirs)
    file_before = ours.read_bytes()

    result = cli("--db", str(ours), "articles")

    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.splitlines()
    assert warning.startswith("xiaomi-reader: warning: ")
    copy = next(p for p in _recovery_copies(ours) if p.name.endswith(".recovery.sqlite3"))
    assert str(copy) in warning and "write-ahead log" in warning
    assert copy.read_bytes() == file_before
    assert _wal(copy).read_bytes() == theirs
    assert not sidecars(ours)


@pytest.mark.slow
def test_a_log_left_by_a_killed_program_is_copied_and_nothing_is_lost(tmp_path: Path):
    path = _ours(tmp_path / "place", annotations=0)
    child = Child(WRITER, str(path), "50")
    try:
        child.expect("written")
        child.kill()
    finally:
        child.close()
    assert _wal(path).stat().st_size > 0  # the killed program's log, with its work

    with Library.open(path) as library:
        copy = library.recovery_copy
        assert copy is not None
        assert {a.note for a in library.annotations()} == {f"child {i}" for i in range(50)}
    # The copies, put back together elsewhere, hold the same library.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    shutil.copyfile(copy, scratch / "library.sqlite3")
    shutil.copyfile(_wal(copy), scratch / "library.sqlite3-wal")
    with Library.open(scratch / "library.sqlite3") as copied:
        assert len(copied.annotations()) == 50


@pytest.mark.slow
def test_the_log_of_a_library_open_in_another_program_is_not_copied(tmp_path: Path):
    path = _ours(tmp_path / "place", annotations=0)
    child = Child(WRITER, str(path), "10")
    try:
        child.expect("written")
        assert _wal(path).stat().st_size > 0  # the other program's work in progress
        with Library.open(path) as library:
            assert library.recovery_copy is None
            assert len(library.annotations()) == 10
        assert _recovery_copies(path) == []
        child.send("\n")
        child.expect("closed")
        assert child.wait() == 0
    finally:
        child.close()
    assert not sidecars(path)  # the last to close removed the log


def test_a_library_this_process_has_open_is_not_copied_again(tmp_path: Path):
    path = _ours(tmp_path / "place", annotations=0)
    with Library.open(path) as first:
        assert first._checkpoints is not None
        first._checkpoints._idle_s = first._checkpoints._longest_wait_s = 3600.0
        first.add_annotation(first.articles()[0].id, 0, 3, note="in the log")
        assert _wal(path).stat().st_size > 0
        with Library.open(path) as second:
            assert second.recovery_copy is None
            assert [a.note for a in second.annotations()] == ["in the log"]
        first.add_annotation(first.articles()[0].id, 5, 9, note="still writing")
    assert _recovery_copies(path) == []
    assert not sidecars(path)


def test_no_copy_no_opening_and_nothing_changed(tmp_path: Path):
    """When the copy cannot be made, the library is not opened: SQLite would replay the log."""
    ours = _ours(tmp_path / "ours", annotations=5)
    _wal(ours).write_bytes(log_of_another_library(ours, tmp_path / "theirs"))
    (ours.parent / "backups").write_text("not a folder", encoding="utf-8")
    before = {p.name: sha256(p) for p in ours.parent.iterdir()}

    with pytest.raises(LibraryError) as refused:
        Library.open(ours)
    message = str(refused.value)
    assert "write-ahead log" in message and "a file has that name" in message
    assert "Nothing was changed" in message and "\n" not in message
    after = {p.name: sha256(p) for p in ours.parent.iterdir() if not p.name.endswith("-shm")}
    assert after == {name: digest for name, digest in before.items() if name in after}
    assert set(before) <= {p.name for p in ours.parent.iterdir()}

    result = cli("--db", str(ours), "articles")
    assert_one_line_error(result, "could not be copied", "backups")
    assert sha256(ours) == before[ours.name]
    assert sha256(_wal(ours)) == before[_wal(ours).name]


@pytest.mark.slow
def test_closing_while_another_program_reads_leaves_the_log_empty(tmp_path: Path):
    """The log goes with the last program to close; the others leave it empty, all in the file.

    So should that last program be killed, no log is left over to copy or to replay.
    """
    path = _ours(tmp_path / "place", annotations=0)
    reader = Child(WRITER, str(path), "0")  # another window, only reading
    try:
        reader.expect("written")
        with Library.open(path) as library:
            library.add_annotation(library.articles()[0].id, 0, 3, note="kept in the file")
        assert _wal(path).stat().st_size == 0
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"  # the file alone
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            assert conn.execute("SELECT note FROM annotations").fetchall() == [
                ("kept in the file",)
            ]
        reader.kill()
    finally:
        reader.close()
    with Library.open(path) as library:
        assert library.recovery_copy is None
        assert [a.note for a in library.annotations()] == ["kept in the file"]
    assert not sidecars(path)
