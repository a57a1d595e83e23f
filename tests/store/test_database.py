"""Opening libraries: refusing foreign or damaged files untouched, migrations, backups."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from itertools import pairwise
from pathlib import Path

import pytest

from tests.helpers import DATA
from xiaomi_reader.store.database import LibraryError, make_backup
from xiaomi_reader.store.file_checks import APPLICATION_ID
from xiaomi_reader.store.library import Library
from xiaomi_reader.store.migrate import head_revision, revision_chain


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused_untouched(path: Path, match: str) -> None:
    before = digest(path)
    with pytest.raises(LibraryError, match=match):
        Library.open(path)
    assert digest(path) == before
    assert not (path.parent / "backups").exists()


def make_library(path: Path) -> None:
    with Library.open(path) as lib:
        lib.add_tag("Extra", "#101010")


def test_random_bytes_are_refused(db_path: Path):
    db_path.write_bytes(os.urandom(4096))
    assert_refused_untouched(db_path, "not an SQLite database")


def test_text_file_is_refused(db_path: Path):
    db_path.write_text("just some notes\n", encoding="utf-8")
    assert_refused_untouched(db_path, "not a xiaomi-reader library")


def test_another_programs_sqlite_file_is_refused(db_path: Path):
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ada')")
        conn.commit()
    assert_refused_untouched(db_path, "another program")
    with closing(sqlite3.connect(db_path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables == ["contacts"]


def test_truncated_library_is_refused(db_path: Path):
    make_library(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2 + 100])
    assert_refused_untouched(db_path, "damaged")


def test_truncated_at_page_boundary_is_refused(db_path: Path):
    make_library(db_path)
    data = db_path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    db_path.write_bytes(data[: page_size * 3])
    assert_refused_untouched(db_path, "damaged")


def test_library_from_a_newer_version_is_refused(db_path: Path):
    make_library(db_path)
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    assert_refused_untouched(db_path, "newer version")


def test_our_header_without_schema_is_refused(db_path: Path):
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE something_else (x)")
        conn.commit()
    assert_refused_untouched(db_path, "no xiaomi-reader schema")


def test_folder_in_place_of_file_is_refused(tmp_path: Path):
    with pytest.raises(LibraryError, match="folder"):
        Library.open(tmp_path)


def test_uncreatable_data_folder_gives_a_clear_error(tmp_path: Path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(LibraryError, match="Cannot create the folder"):
        Library.open(blocker / "sub" / "library.sqlite3")


def test_empty_file_becomes_a_new_library(db_path: Path):
    db_path.touch()
    with Library.open(db_path) as lib:
        assert lib.created and len(lib.articles()) == 3


def test_revision_chain_is_linear_and_ends_at_head():
    chain = revision_chain()
    assert chain[0][0] == head_revision()
    assert chain[-1][1] is None
    for (_rev, down), (older, _) in pairwise(chain):
        assert down == older


def test_backup_is_a_consistent_copy(db_path: Path):
    make_library(db_path)
    with Library.open(db_path) as lib:
        target = make_backup(lib.transactions.engine, db_path, reason="manual")
    assert target.parent == db_path.parent / "backups"
    with Library.open(target, seed=False) as copy:
        assert [t.name for t in copy.tags()][-1] == "Extra"


def test_importing_the_package_creates_no_files(isolated_user_dirs: Path):
    code = "import xiaomi_reader.cli, xiaomi_reader.store.library, xiaomi_reader.store.seed"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert not any((isolated_user_dirs / "data").iterdir())


def test_migrations_build_exactly_the_tables():
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from xiaomi_reader.store.migrate import upgrade
    from xiaomi_reader.store.schema import metadata

    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        upgrade(conn)
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


@pytest.mark.parametrize("version", ["0001"])
def test_libraries_of_every_past_schema_upgrade_with_a_backup(version: str, tmp_path: Path):
    import shutil

    original = DATA / f"library-{version}.sqlite3"
    path = tmp_path / "library.sqlite3"
    shutil.copy(original, path)
    before = digest(path)
    with Library.open(path) as lib:
        assert lib.backup is not None and lib.backup.parent == tmp_path / "backups"
        assert digest(lib.backup) == before or _same_rows(lib.backup, original)
        notes = {a.note for a in lib.annotations()}
        assert {"The Pentagon's list.", "State, not Defense."} <= notes
        [link] = lib.links()
        assert link.note == "Which department?"
        assert [t.name for t in lib.tags()] == ["Claim", "Contradiction", "Dubious"]
        assert len(lib.articles()) == 3
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
    with Library.open(path) as again:  # already at head: no second backup
        assert again.backup is None


def _same_rows(a: Path, b: Path) -> bool:
    def dump(path: Path) -> list[str]:
        with closing(sqlite3.connect(path)) as conn:
            return list(conn.iterdump())

    return dump(a) == dump(b)


def test_every_change_moves_the_revision(library: Library, db_path: Path):
    from xiaomi_reader.core.records import LinkType

    seen = [library.revision()]

    def changed() -> bool:
        seen.append(library.revision())
        return seen[-1] > seen[-2]

    article_id = library.articles()[0].id
    a = library.add_annotation(article_id, 0, 5)
    assert changed()
    library.set_note(a.id, "x")
    assert changed()
    b = library.add_annotation(article_id, 6, 9)
    assert changed()
    library.add_link(a.id, b.id, LinkType.SUPPORTS)
    assert changed()
    library.update_tag(library.tags()[0].id, colour="#000000")
    assert changed()
    assert not changed()  # reading changes nothing
    # Another program's write (plain sqlite3, as a second process would do) counts too.
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE annotations SET note = 'elsewhere' WHERE id = ?", (a.id,))
        conn.commit()
    assert changed()


def test_our_own_commits_are_told_apart_from_another_programs(library: Library, db_path: Path):
    article_id = library.articles()[0].id
    seen = library.revision()
    library.add_annotation(article_id, 0, 5)
    library.add_annotation(article_id, 6, 9)
    assert library.own_commits.follow(seen) == library.revision()  # all ours: nothing new

    seen = library.revision()
    with closing(sqlite3.connect(db_path)) as conn:  # another program writes first
        conn.execute("UPDATE annotations SET note = 'elsewhere'")
        conn.commit()
    library.add_annotation(article_id, 10, 12)  # then we do
    # Our commit starts after theirs, so the chain from what we had seen is broken.
    assert library.own_commits.follow(seen) == seen < library.revision()


def test_revisions_read_from_the_scripts_match_alembic():
    from xiaomi_reader.store.migrate import known_revisions

    chain = revision_chain()  # Alembic's own reading
    assert known_revisions() == {rev for rev, _down in chain}
    assert head_revision() == chain[0][0]


def test_opening_an_up_to_date_library_does_not_load_alembic(db_path: Path):
    with Library.open(db_path):
        pass
    code = (
        "import sys\n"
        "from xiaomi_reader.store.library import Library\n"
        "Library.open(sys.argv[1]).close()\n"
        "assert 'alembic' not in sys.modules, 'alembic was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path)], check=True, timeout=60)
