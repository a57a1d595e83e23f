"""Damaged and foreign files: refused with one clear line, left byte-for-byte as they were."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import assert_one_line_error, cli
from tests.reliability import sha256, sidecars
from xiaomi_reader.store.database import LibraryError
from xiaomi_reader.store.library import Library

NOT_OURS = "not a xiaomi-reader library"
OTHER_PROGRAM = "another program"
DAMAGED = "damaged"
NEWER = "newer version"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real library with a few hundred annotations, closed (no -wal left)."""
    path = tmp_path_factory.mktemp("template") / "library.sqlite3"
    with Library.open(path) as library:
        article = library.articles()[0]
        for i in range(300):
            library.add_annotation(article.id, i, i + 9, note=f"note {i} " * 20)
    assert not sidecars(path)
    return path


def random_bytes(path: Path, _template: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def text_file(path: Path, _template: Path) -> None:
    path.write_text("id,title\n1,Not a library\n" * 200, "utf-8")


def truncated_half(path: Path, template: Path) -> None:
    data = template.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def truncated_mid_page(path: Path, template: Path) -> None:
    path.write_bytes(template.read_bytes()[: 3 * 4096 + 1234])


def sqlite_header_then_garbage(path: Path, _template: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(16 * 1024))


def other_program(path: Path, _template: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
        conn.executemany("INSERT INTO bookmarks (url) VALUES (?)", [("https://example.org",)] * 50)
        conn.commit()


def other_program_with_its_log(path: Path, _template: Path) -> None:
    """Another program's WAL-mode database, copied while it was open: a -wal holds data."""
    live = path.with_name("live.db")
    with contextlib.closing(sqlite3.connect(live)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.executemany("INSERT INTO notes (body) VALUES (?)", [("x" * 100,)] * 200)
        conn.commit()
        shutil.copyfile(live, path)
        shutil.copyfile(live.with_name("live.db-wal"), path.with_name(path.name + "-wal"))


def future_revision(path: Path, template: Path) -> None:
    shutil.copyfile(template, path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()


def _garbage_over(path: Path, template: Path, name: str) -> None:
    """A copy of the library with random bytes over the root page of table or index ``name``."""
    shutil.copyfile(template, path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,))
        (page,) = root.fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    data = bytearray(path.read_bytes())
    data[(page - 1) * size : page * size] = os.urandom(size)
    path.write_bytes(bytes(data))


def damaged_table(path: Path, template: Path) -> None:
    _garbage_over(path, template, "annotations")


def damaged_index(path: Path, template: Path) -> None:
    _garbage_over(path, template, "ix_annotations_article_start")


Builder = Callable[[Path, Path], None]
KINDS: dict[str, tuple[Builder, str]] = {
    "random-bytes": (random_bytes, NOT_OURS),
    "text-file": (text_file, NOT_OURS),
    "truncated-half": (truncated_half, DAMAGED),
    "truncated-mid-page": (truncated_mid_page, DAMAGED),
    "sqlite-header-then-garbage": (sqlite_header_then_garbage, "left untouched"),
    "other-program": (other_program, OTHER_PROGRAM),
    "other-program-with-its-log": (other_program_with_its_log, OTHER_PROGRAM),
    "future-revision": (future_revision, NEWER),
    "damaged-table": (damaged_table, DAMAGED),
    "damaged-index": (damaged_index, DAMAGED),
}


def kinds() -> list[str]:
    return list(KINDS)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder with its digest."""
    return {path.name: sha256(path) for path in sorted(folder.iterdir()) if path.is_file()}


def make(kind: str, folder: Path, template: Path) -> Path:
    folder.mkdir()
    path = folder / "library.sqlite3"
    build, _ = KINDS[kind]
    build(path, template)
    for extra in folder.iterdir():
        if extra.name.startswith("live.db"):
            extra.unlink()
    return path


@pytest.mark.parametrize("kind", kinds())
def test_library_open_refuses_and_changes_nothing(kind: str, tmp_path: Path, template: Path):
    path = make(kind, tmp_path / "place", template)
    before = snapshot(path.parent)  # the file and any -wal of its own
    with pytest.raises(LibraryError) as refused:
        Library.open(path)
    message = str(refused.value)
    assert KINDS[kind][1] in message, message
    assert "untouched" in message
    after = snapshot(path.parent)
    assert {name: after.get(name) for name in before} == before
    assert not (path.parent / "backups").exists()


@pytest.mark.slow
@pytest.mark.parametrize("kind", kinds())
def test_cli_refuses_in_one_line_and_changes_nothing(kind: str, tmp_path: Path, template: Path):
    path = make(kind, tmp_path / "place", template)
    before = sha256(path)
    article = tmp_path / "article.txt"
    article.write_text("An article that must not be written into a foreign file.\n", "utf-8")
    result = cli("--db", str(path), "import", str(article))
    assert sha256(path) == before
    assert_one_line_error(result, KINDS[kind][1])


@pytest.mark.parametrize("kind", kinds())
def test_refusing_leaves_no_new_files_beside_it(kind: str, tmp_path: Path, template: Path):
    path = make(kind, tmp_path / "place", template)
    before = snapshot(path.parent)
    with pytest.raises(LibraryError):
        Library.open(path)
    assert snapshot(path.parent) == before
