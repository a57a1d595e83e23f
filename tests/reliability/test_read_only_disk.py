"""A library on a read-only disk, or a full one: it opens to be read, and says why.

The disks are real (see tests/disks.py): a tmpfs of the test's own, remounted
read-only or filled up, so that root (who ignores permission bits) meets them too.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.disks import Disk
from tests.helpers import DATA, assert_one_line_error, cli
from tests.reliability import Child, integrity, sidecars
from xiaomi_reader.export import export_library
from xiaomi_reader.store.database import LibraryError
from xiaomi_reader.store.interchange import import_annotations
from xiaomi_reader.store.library import Library

RAW_SQLALCHEMY = ("Background on this error", "sqlalche.me", "OperationalError", "Traceback")


@dataclass(frozen=True)
class Ids:
    article: int
    first: int
    second: int
    claim: int


def make_library(disk: Disk, name: str = "library.sqlite3") -> tuple[Path, Ids]:
    """A library with two annotations, a link and (from a second opening) a daily backup."""
    path = disk.folder / name
    with Library.open(path) as library:
        article = library.articles()[0]
        claim = next(tag for tag in library.tags() if tag.name == "Claim")
        first = library.add_annotation(article.id, 0, 20, tag_ids=[claim.id], note="kept")
        second = library.add_annotation(article.id, 30, 50)
        library.add_link(first.id, second.id, "supports")
    Library.open(path).close()  # the day's backup
    return path, Ids(article.id, first.id, second.id, claim.id)


def read_only_reason(disk: Disk, path: Path) -> str:
    if disk.mounted:
        return f"the disk {disk.folder} is mounted read-only"
    return f"the file {path} is not writable"  # the permissions route (not root)


def assert_refusal(message: str, reason: str) -> None:
    assert message.startswith(f"This library is read-only ({reason}): nothing can be changed. ")
    assert "Export still works; to annotate, " in message
    assert "\n" not in message


def assert_as_made(library: Library, ids: Ids) -> None:
    notes = {a.id: a.note for a in library.annotations()}
    assert notes == {ids.first: "kept", ids.second: ""}
    assert [(link.source_id, link.target_id) for link in library.links()] == [
        (ids.first, ids.second)
    ]


# -- a read-only disk ----------------------------------------------------------------------------


def test_a_library_on_a_read_only_disk_opens_read_only_and_creates_nothing(disk: Disk):
    path, ids = make_library(disk)
    disk.make_read_only()
    before = disk.listing()
    assert [name for name in before if not name.startswith("backups/")] == ["library.sqlite3"]
    with Library.open(path) as library:
        assert library.read_only
        assert library.read_only_reason == read_only_reason(disk, path)
        assert len(library.articles()) == 3
        assert {tag.name for tag in library.tags()} >= {"Claim", "Contradiction"}
        assert_as_made(library, ids)
        assert library.revision() > 0
        assert library.find_article(str(ids.article)) is not None
        assert disk.listing() == before  # no -wal, no -shm, no backup, not while open either
    assert disk.listing() == before


def write_inputs(folder: Path) -> Path:
    """An article file and a W3C annotation file, for the writes that read one."""
    (folder / "new.txt").write_text("A new article\n\nWith a sentence of its own.\n", "utf-8")
    (folder / "annotations.jsonld").write_text(
        '{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",'
        ' "id": "urn:uuid:7f1c8a52-3c1d-4f0e-9a35-6f1b2b0d9e11", "bodyValue": "a note",'
        ' "target": {"source": "urn:example:elsewhere", "selector":'
        ' {"type": "TextQuoteSelector", "exact": "Xiaomi"}}}',
        "utf-8",
    )
    return folder


WRITES: dict[str, Callable[[Library, Ids, Path], object]] = {
    "annotate": lambda lib, ids, _files: lib.add_annotation(ids.article, 60, 80),
    "note": lambda lib, ids, _files: lib.set_note(ids.first, "changed"),
    "tags": lambda lib, ids, _files: lib.set_annotation_tags(ids.second, [ids.claim]),
    "delete": lambda lib, ids, _files: lib.delete_annotations([ids.first]),
    "link": lambda lib, ids, _files: lib.add_link(ids.second, ids.first, "contradicts"),
    "new tag": lambda lib, _ids, _files: lib.add_tag("Source", "#123456"),
    "rename tag": lambda lib, ids, _files: lib.update_tag(ids.claim, name="Assertion"),
    "import": lambda lib, _ids, files: lib.import_article_files([files / "new.txt"]),
    "import annotations": lambda lib, _ids, files: import_annotations(
        lib, files / "annotations.jsonld"
    ),
    "restore": lambda lib, _ids, _files: lib.restore_backup(lib.backups()[0].path),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_is_refused_at_once_and_changes_nothing(disk: Disk, tmp_path: Path, write: str):
    path, ids = make_library(disk)
    disk.make_read_only()
    before = disk.listing()
    with Library.open(path) as library:
        with pytest.raises(LibraryError) as refused:
            WRITES[write](library, ids, write_inputs(tmp_path))
        assert_refusal(str(refused.value), read_only_reason(disk, path))
        assert_as_made(library, ids)
    assert disk.listing() == before


def test_export_works_from_a_read_only_disk(disk: Disk, tmp_path: Path):
    path, _ids = make_library(disk)
    disk.make_read_only()
    with Library.open(path) as library:
        for fmt in ("md", "html", "csv", "json"):
            written = export_library(library, fmt, tmp_path / f"report.{fmt}")
            assert "kept" in written.read_text("utf-8-sig"), fmt


def test_a_read_only_library_that_needs_an_upgrade_is_refused_untouched(disk: Disk):
    path = disk.folder / "library.sqlite3"
    shutil.copy(DATA / "library-0001.sqlite3", path)
    disk.make_read_only()
    before = disk.listing()
    with pytest.raises(LibraryError) as refused:
        Library.open(path)
    message = str(refused.value)
    assert "must be upgraded, which cannot be done while it is read-only" in message
    assert read_only_reason(disk, path) in message and "left untouched" in message
    assert disk.listing() == before


@pytest.mark.slow
def test_the_command_line_reads_and_exports_a_read_only_library_and_refuses_writes(
    disk: Disk, tmp_path: Path
):
    path, _ids = make_library(disk)
    disk.make_read_only()
    before = disk.listing()
    article = tmp_path / "new.txt"
    article.write_text("A new article\n\nWith a sentence.\n", "utf-8")
    reason = read_only_reason(disk, path)

    listed = cli("--db", str(path), "articles")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 3
    assert listed.stderr.startswith(f"xiaomi-reader: note: This library is read-only ({reason})")
    assert "no backup is made" in listed.stderr and listed.stderr.count("\n") == 1

    report = tmp_path / "report.md"
    exported = cli("--db", str(path), "export", "--format", "md", "--output", str(report))
    assert exported.returncode == 0, exported.stderr
    assert "kept" in report.read_text("utf-8")

    outputs = [listed, exported]
    for args in (["import", str(article)], ["import-annotations", str(report)]):
        result = cli("--db", str(path), *args)
        assert_one_line_error(result, f"This library is read-only ({reason}): nothing can be")
        outputs.append(result)
    for result in outputs:
        for raw in RAW_SQLALCHEMY:
            assert raw not in result.stdout + result.stderr
    assert disk.listing() == before


# -- a full disk ------------------------------------------------------------------------------


def test_a_library_on_a_full_disk_opens_read_only_and_says_the_disk_is_full(disk: Disk):
    path, ids = make_library(disk)
    disk.fill()
    before = disk.listing()
    with Library.open(path) as library:
        assert library.read_only and library.read_only_reason == "the disk is full"
        assert_as_made(library, ids)
        with pytest.raises(LibraryError) as refused:
            library.add_annotation(ids.article, 60, 80)
        message = str(refused.value)
        assert_refusal(message, "the disk is full")
        assert message.endswith(f"free some space on {disk.folder} and try again.")
    assert disk.listing() == before  # nothing made beside it, not even an empty log
    disk.make_room()
    with Library.open(path) as library:  # with room again, it is writable as ever
        assert not library.read_only
        library.add_annotation(ids.article, 60, 80)


def test_a_write_that_fills_the_disk_says_so_and_leaves_the_library_intact(disk: Disk):
    path, ids = make_library(disk)
    with Library.open(path) as library:
        disk.fill()
        with pytest.raises(LibraryError) as failure:
            library.add_annotation(ids.article, 60, 80, note="a long note " * 30_000)
        message = str(failure.value)
        assert "the disk is full" in message, message
        assert f"free some space on {disk.folder} and try again" in message
        assert "Nothing was changed" in message and "\n" not in message
        assert_as_made(library, ids)
        disk.make_room()
        library.add_annotation(ids.article, 60, 80, note="after")
    assert integrity(path) == "ok"
    with Library.open(path) as library:
        assert sorted(a.note for a in library.annotations()) == ["", "after", "kept"]


def test_todays_backup_on_a_nearly_full_disk_says_the_disk_is_full(disk: Disk, tmp_path: Path):
    path = disk.folder / "library.sqlite3"
    big = tmp_path / "long.txt"
    big.write_text("A long article\n\n" + "Word after word, line after line.\n" * 40_000, "utf-8")
    with Library.open(path) as library:
        library.import_article_files([big])
    assert path.stat().st_size > 1_000_000  # more than the room left below
    disk.fill(leave_bytes=600 * 1024)
    with Library.open(path) as library:
        problem = library.backup_problem or ""
        assert "the disk is full" in problem, problem
        assert f"free some space on {disk.folder} and try again" in problem
        assert not library.read_only  # room enough to annotate, not to copy it all
        assert list((disk.folder / "backups").iterdir()) == []  # no half-made copy
        library.add_annotation(library.articles()[0].id, 0, 10)
    assert integrity(path) == "ok"


@pytest.mark.parametrize("kind", ["read-only", "full"])
def test_a_library_to_upgrade_on_a_disk_that_cannot_be_written_is_refused(disk: Disk, kind: str):
    path = disk.folder / "library.sqlite3"
    shutil.copy(DATA / "library-0001.sqlite3", path)
    if kind == "full":
        disk.fill()
    else:
        disk.make_read_only()
    before = disk.listing()
    with pytest.raises(LibraryError) as refused:
        Library.open(path)
    message = str(refused.value)
    assert "must be upgraded, which cannot be done while it is read-only" in message
    if kind == "full":
        assert "(the disk is full)" in message
        assert message.endswith(f"free some space on {disk.folder} and try again.")
    assert disk.listing() == before


def test_a_new_library_on_a_full_disk_is_refused_and_nothing_is_left(disk: Disk):
    disk.fill()
    before = disk.listing()
    with pytest.raises(LibraryError) as refused:
        Library.open(disk.folder / "new" / "library.sqlite3")
    message = str(refused.value)
    assert "the disk is full" in message, message
    assert f"free some space on {disk.folder} and try again" in message
    assert disk.listing() == before and not (disk.folder / "new").exists()


_LEAVE_A_LOG = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")  # the change stays in the -wal file
conn.execute("UPDATE annotations SET note = 'from the log' WHERE id = ?", (int(sys.argv[2]),))
print("written", flush=True)
time.sleep(120)
"""


def test_a_read_only_library_is_read_through_the_log_a_crash_left(disk: Disk):
    """A program died with a change still in the -wal file, then the disk became read-only."""
    path, ids = make_library(disk)
    writer = Child(_LEAVE_A_LOG, str(path), str(ids.first))
    try:
        writer.expect("written")
    finally:
        writer.kill()
    assert sorted(p.name for p in sidecars(path)) == ["library.sqlite3-shm", "library.sqlite3-wal"]
    disk.make_read_only()
    before = disk.listing()
    with Library.open(path) as library:
        assert {a.id: a.note for a in library.annotations()}[ids.first] == "from the log"
        with pytest.raises(LibraryError) as refused:
            library.set_note(ids.first, "changed")
        assert_refusal(str(refused.value), read_only_reason(disk, path))
        assert library.read_only
    assert disk.listing() == before


def test_the_command_line_never_shows_sqlalchemys_text():
    """Should a raw database error reach the command line, it is one line in plain words."""
    from sqlalchemy.exc import OperationalError

    from xiaomi_reader.cli import _describe

    raw = OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error"))
    text = _describe(raw)
    assert text == "The library could not be used: disk I/O error (run with --debug for details)"
