"""A checkpoint cut short (killed, or the disk full) leaves an intact library: it opens.

A checkpoint copies pages from the write-ahead log into the library file, page 1 (whose
header gives the new page count) first. Cut off half-way, the file is shorter than its
header says while the log still holds every page: SQLite reads the library whole, and
so must xiaomi-reader. The state is built directly, with SQLite's own checkpoint, so
the test does not depend on when a kill lands.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import cli
from tests.reliability import integrity, sidecars
from xiaomi_reader.store.library import Library

BIG_TITLE = "A long dispatch"
N_ANNOTATIONS = 100


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _header_pages(path: Path) -> tuple[int, int]:
    """(page size, page count) as the file's own header gives them."""
    header = path.read_bytes()[:100]
    return int.from_bytes(header[16:18], "big"), int.from_bytes(header[28:32], "big")


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """(library file as the interrupted checkpoint left it, its -wal, the file's size before).

    The library committed 100 annotations and a ~1.6 MB article to its log; the
    checkpoint of that log had written the new page 1 and part of the rest when it
    stopped.
    """
    folder = tmp_path_factory.mktemp("interrupted")
    path = folder / "library.sqlite3"
    Library.open(path).close()
    Library.open(path).close()  # today's backup made: the open below writes nothing else
    size_before = path.stat().st_size
    article = folder / "dispatch.txt"
    article.write_text(f"{BIG_TITLE}\n\n" + "The harbour was quiet that week. " * 50_000, "utf-8")
    library = Library.open(path)
    try:
        checkpoints = library._checkpoints
        assert checkpoints is not None
        checkpoints._idle_s = checkpoints._longest_wait_s = 3600.0  # the log keeps it all
        first = library.articles()[0]
        for i in range(N_ANNOTATIONS):
            library.add_annotation(first.id, i, i + 7, note=f"kept {i}")
        library.import_article_files([article])
        log = _wal(path).read_bytes()
        file_before = path.read_bytes()
    finally:
        library.close()
    assert len(file_before) == size_before  # nothing was checkpointed while it was open

    # The file as a finished checkpoint of that log leaves it, made by SQLite itself.
    done = folder / "done" / "library.sqlite3"
    done.parent.mkdir()
    done.write_bytes(file_before)
    _wal(done).write_bytes(log)
    with contextlib.closing(sqlite3.connect(done)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    state = folder / "state"
    state.mkdir()
    (state / "library.sqlite3").write_bytes(done.read_bytes())
    (state / "library.sqlite3-wal").write_bytes(log)
    return state / "library.sqlite3", state / "library.sqlite3-wal", size_before


def _cut_short(interrupted: tuple[Path, Path, int], folder: Path, extra_bytes: int) -> Path:
    """A copy of the state with the file cut ``extra_bytes`` past its old size."""
    source, log, size_before = interrupted
    folder.mkdir()
    path = folder / "library.sqlite3"
    path.write_bytes(source.read_bytes()[: size_before + extra_bytes])
    shutil.copyfile(log, _wal(path))
    page_size, pages = _header_pages(path)
    assert path.stat().st_size < pages * page_size  # shorter than its header says
    # ...and still whole for SQLite itself, which reads the rest from the log.
    check = folder.parent / f"{folder.name}-check"
    shutil.copytree(folder, check)
    assert integrity(check / "library.sqlite3") == "ok"
    return path


@pytest.mark.parametrize("cut", ["whole-pages", "mid-page"])
def test_a_library_cut_short_by_an_interrupted_checkpoint_opens_whole(
    cut: str, interrupted: tuple[Path, Path, int], tmp_path: Path
):
    page_size = _header_pages(interrupted[0])[0]
    # A kill lands between pages; a full disk can stop inside one.
    extra = 3 * page_size if cut == "whole-pages" else 3 * page_size + 1000
    path = _cut_short(interrupted, tmp_path / "place", extra)

    with Library.open(path) as library:
        annotations = library.annotations()
        notes = {a.note for a in annotations}
        [big] = [a for a in library.articles() if a.title == BIG_TITLE]
        text = library.article(big.id).text
    assert {f"kept {i}" for i in range(N_ANNOTATIONS)} <= notes
    assert text.count("The harbour was quiet that week.") == 50_000
    # Closed cleanly: the log is in the file, the file is whole.
    assert not sidecars(path)
    page_size, pages = _header_pages(path)
    assert path.stat().st_size == pages * page_size
    assert integrity(path) == "ok"


@pytest.mark.slow
def test_the_window_and_the_command_line_open_it_too(
    interrupted: tuple[Path, Path, int], tmp_path: Path
):
    page_size = _header_pages(interrupted[0])[0]
    path = _cut_short(interrupted, tmp_path / "place", 5 * page_size)

    window = cli("--db", str(path), "--smoke-test")  # the window, the whole way
    assert window.returncode == 0, window.stderr

    result = cli("--db", str(path), "articles")
    assert result.returncode == 0, result.stderr
    assert BIG_TITLE in result.stdout
    assert "damaged" not in result.stderr
