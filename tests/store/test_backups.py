"""Daily backups, their listing, and restoring one."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers import DATA
from xiaomi_reader.store import backups
from xiaomi_reader.store.database import LibraryError
from xiaomi_reader.store.library import Library


def test_first_open_of_the_day_keeps_a_copy(db_path: Path):
    with Library.open(db_path) as lib:  # created now: nothing to back up yet
        assert lib.backups() == []
        lib.add_tag("Kept", "#123456")
    with Library.open(db_path) as lib:
        [daily] = lib.backups()
        assert daily.reason == "daily"
        assert daily.created.date() == datetime.now(UTC).date()
        assert (daily.articles, daily.annotations) == (3, 0)
    with Library.open(db_path) as lib:  # the same day: no second copy
        assert len(lib.backups()) == 1


def test_only_the_newest_daily_backups_are_kept(db_path: Path):
    with Library.open(db_path):
        pass
    folder = db_path.parent / "backups"
    folder.mkdir()
    template = DATA / "library-0001.sqlite3"
    start = datetime.now(UTC) - timedelta(days=40)
    for day in range(backups.KEEP_DAILY + 5):
        stamp = (start + timedelta(days=day)).strftime("%Y%m%dT%H%M%S%fZ")
        shutil.copy(template, folder / f"library.{stamp}.daily.sqlite3")
    shutil.copy(template, folder / "library.20200101T000000000000Z.before-restore.sqlite3")
    with Library.open(db_path) as lib:
        listed = lib.backups()
    daily = [b for b in listed if b.reason == "daily"]
    assert len(daily) == backups.KEEP_DAILY
    assert daily[0].created.date() == datetime.now(UTC).date()
    assert any(b.reason == "before-restore" for b in listed)


def test_restore_brings_back_a_backup_and_keeps_the_current_state(db_path: Path):
    with Library.open(db_path) as lib:
        article_id = lib.articles()[0].id
        lib.add_annotation(article_id, 0, 5, note="kept in the backup")
    with Library.open(db_path) as lib:
        [daily] = lib.backups()
        lib.add_annotation(article_id, 10, 15, note="made after the backup")
        aside = lib.restore_backup(daily.path)
        assert [a.note for a in lib.annotations()] == ["kept in the backup"]
        assert aside.exists()
        # The state before the restore is itself a backup that can be restored.
        lib.restore_backup(aside)
        assert len(lib.annotations()) == 2


def test_restoring_a_backup_of_an_older_schema_upgrades_it(db_path: Path, tmp_path: Path):
    old = tmp_path / "old.sqlite3"
    shutil.copy(DATA / "library-0001.sqlite3", old)
    with Library.open(db_path) as lib:
        lib.restore_backup(old)
        assert {a.note for a in lib.annotations()} >= {"The Pentagon's list."}
        assert lib.revision() >= 0  # the 0002 table exists again


def test_restoring_something_that_is_not_a_library_changes_nothing(db_path: Path, tmp_path: Path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 1000)
    with Library.open(db_path) as lib:
        before = lib.annotations(), lib.articles()
        with pytest.raises(LibraryError):
            lib.restore_backup(junk)
        assert (lib.annotations(), lib.articles()) == before


def test_a_backup_that_cannot_be_made_does_not_lock_the_reader_out(db_path: Path):
    Library.open(db_path).close()
    (db_path.parent / "backups").write_text("not a folder", encoding="utf-8")
    with Library.open(db_path) as library:  # today's first open: the backup is due
        problem = library.backup_problem or ""
        assert "backups" in problem and "a file has that name" in problem
        assert len(library.articles()) == 3
        library.add_tag("Still writable", "#123456")
    with Library.open(db_path) as library:
        assert "Still writable" in {tag.name for tag in library.tags()}


def test_an_upgrade_without_its_backup_is_refused_and_changes_nothing(tmp_path: Path):
    old = tmp_path / "old.sqlite3"
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "library-0001.sqlite3", old)
    (tmp_path / "backups").write_text("not a folder", encoding="utf-8")
    before = old.read_bytes()
    with pytest.raises(LibraryError, match="Cannot make a backup"):
        Library.open(old)
    assert old.read_bytes() == before


def _files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_listing_and_restoring_backups_creates_nothing_beside_them(db_path: Path):
    with Library.open(db_path) as lib:
        article_id = lib.articles()[0].id
        lib.add_annotation(article_id, 0, 5, note="kept in the backup")
    folder = db_path.parent / "backups"
    with Library.open(db_path) as lib:  # today's first open: the daily copy is made
        [daily] = lib.backups()
        assert (daily.articles, daily.annotations) == (3, 1)
        assert _files_in(folder) == [daily.path.name]
        before = sha256_of(daily.path)
        aside = lib.restore_backup(daily.path)
        assert _files_in(folder) == sorted([daily.path.name, aside.name])
        assert [b.annotations for b in lib.backups()] == [1, 1]
    with Library.open(db_path) as lib:  # the same day: listed again, nothing made
        assert len(lib.backups()) == 2
    assert _files_in(folder) == sorted([daily.path.name, aside.name])
    assert sha256_of(daily.path) == before


def sha256_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
