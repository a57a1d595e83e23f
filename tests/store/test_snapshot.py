"""The first look at a library through sqlite3: the same answers as the library's own."""

from __future__ import annotations

import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest

from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.core.records import LinkType
from xiaomi_reader.store.deferred import DeferredLibrary
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.library import Library
from xiaomi_reader.store.snapshot import LibrarySnapshot, SnapshotUnavailable

DATA = Path(__file__).resolve().parent.parent / "data"


def populate(library: Library) -> None:
    """Overlaps, several tags, notes with odd text, an orphan, links of each kind."""
    text = "🙂 Defense said so; 🇺🇸 later State. " * 20
    outcome = library.import_article(ParsedArticle(text=text, title="B", file_name="b.txt"))
    assert outcome.article is not None
    article_id = outcome.article.id
    claim, contradiction = (tag.id for tag in library.tags())
    extra = library.add_tag("Source", "#336699", description="who said it", shortcut="3").id
    a = library.add_annotation(article_id, 2, 14, tag_ids=[claim, extra])
    b = library.add_annotation(article_id, 8, 30, tag_ids=[contradiction])
    c = library.add_annotation(article_id, 40, 41, tag_ids=[])
    library.set_note(a.id, 'a "note"\nwith <b>markup</b>, =cmd|')
    library.add_link(a.id, b.id, LinkType.CONTRADICTS, note="mix-up")
    library.add_link(b.id, c.id, LinkType.SUPPORTS)
    first = library.articles()[0].id
    library.add_annotation(first, 0, 5, tag_ids=[claim])


def make_orphan(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "UPDATE annotations SET article_id = NULL, start = NULL, \"end\" = NULL, "
            "state = 'orphaned' WHERE id = (SELECT max(id) FROM annotations)"
        )


@pytest.fixture
def populated(db_path: Path) -> Path:
    with Library.open(db_path) as library:
        populate(library)
    make_orphan(db_path)
    return db_path


def test_snapshot_answers_as_the_library_does(populated: Path):
    snapshot = LibrarySnapshot.read(populated)
    assert snapshot is not None
    try:
        with Library.open(populated) as library:
            assert snapshot.revision() == library.revision()
            assert snapshot.articles() == library.articles()
            assert snapshot.tags() == library.tags()
            assert snapshot.annotations() == library.annotations()
            assert snapshot.links() == library.links()
            for article in library.articles():
                assert snapshot.article(article.id) == library.article(article.id)
                assert snapshot.annotations(article.id) == library.annotations(article.id)
            assert any(a.article_id is None for a in snapshot.annotations())
            assert any(len(a.tag_ids) == 2 for a in snapshot.annotations())
    finally:
        snapshot.close()


def test_snapshot_of_a_missing_article_says_so(populated: Path):
    snapshot = LibrarySnapshot.read(populated)
    assert snapshot is not None
    with pytest.raises(LibraryError, match="no article with id 999"):
        snapshot.article(999)
    snapshot.close()
    with pytest.raises(SnapshotUnavailable):
        snapshot.tags()


def _foreign_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda path: None, id="missing"),
        pytest.param(lambda path: path.write_bytes(b""), id="empty"),
        pytest.param(lambda path: path.write_bytes(b"\x00\xff" * 4096), id="not-sqlite"),
        pytest.param(_foreign_database, id="another-programs-database"),
        pytest.param(
            lambda path: shutil.copy(DATA / "library-0001.sqlite3", path), id="older-schema"
        ),
    ],
)
def test_no_snapshot_for_anything_that_needs_the_usual_way(tmp_path: Path, make) -> None:
    path = tmp_path / "library.sqlite3"
    make(path)
    before = path.read_bytes() if path.exists() else None
    assert LibrarySnapshot.read(path) is None
    assert (path.read_bytes() if path.exists() else None) == before  # nothing written


def test_no_snapshot_of_a_damaged_library(populated: Path):
    data = bytearray(populated.read_bytes())
    data[4096 * 2 : 4096 * 2 + 64] = b"\xde\xad" * 32  # scribble over a b-tree page
    populated.write_bytes(bytes(data))
    assert LibrarySnapshot.read(populated) is None


def test_deferred_library_reads_the_snapshot_until_something_needs_the_library(populated: Path):
    snapshot = LibrarySnapshot.read(populated)
    assert snapshot is not None
    opened: list[Library] = []

    def open_library() -> Library:
        opened.append(Library.open(populated))
        return opened[-1]

    deferred = DeferredLibrary(snapshot, open_library)
    try:
        tags = deferred.tags()
        annotations = deferred.annotations()
        article = deferred.article(deferred.articles()[0].id)
        assert deferred.path == populated
        assert deferred.revision() > 0
        known = deferred.revision()
        assert deferred.own_commits.follow(known) == known  # nothing written yet
        assert not deferred.loaded and opened == []  # all from the snapshot

        note = deferred.set_note(annotations[0].id, "written")  # a write opens the library
        assert deferred.loaded and len(opened) == 1
        assert note.note == "written"
        assert deferred.own_commits.follow(known) == deferred.revision()
        assert deferred.annotation(annotations[0].id).note == "written"
        assert deferred.tags() == tags and deferred.article(article.id) == article
        assert len(opened) == 1  # opened once
    finally:
        deferred.close()
    with Library.open(populated) as library:
        assert library.annotation(annotations[0].id).note == "written"


def test_deferred_library_falls_back_when_the_snapshot_cannot_answer(populated: Path):
    snapshot = LibrarySnapshot.read(populated)
    assert snapshot is not None
    deferred = DeferredLibrary(snapshot, lambda: Library.open(populated))
    snapshot.close()  # as when the file changed under it
    try:
        assert len(deferred.annotations()) == 4
        assert deferred.loaded
    finally:
        deferred.close()


def test_deferred_library_whose_reader_gave_up_says_the_library_is_not_open(populated: Path):
    snapshot = LibrarySnapshot.read(populated)
    assert snapshot is not None
    deferred = DeferredLibrary(snapshot, lambda: None)
    with pytest.raises(LibraryError, match="not open"):
        deferred.add_tag("New", "#112233")
    assert not deferred.loaded
    assert deferred.tags()  # still answering from the snapshot
    deferred.close()


def test_snapshot_reads_from_two_threads_take_turns(populated: Path):
    snapshot = LibrarySnapshot.read(populated)
    assert snapshot is not None
    expected = (snapshot.annotations(), snapshot.links(), snapshot.tags())

    def reads(_: int) -> tuple[object, ...]:
        return (snapshot.annotations(), snapshot.links(), snapshot.tags())

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            # A nested BEGIN would raise SnapshotUnavailable here, failing the test.
            assert all(answer == expected for answer in pool.map(reads, range(200)))
    finally:
        snapshot.close()
