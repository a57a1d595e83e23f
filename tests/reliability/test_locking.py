"""Another program holds the write lock: we wait for it, or say so clearly and lose nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.helpers import cli
from tests.reliability import Child, integrity
from xiaomi_reader.store.database import LibraryError
from xiaomi_reader.store.interchange import import_annotations
from xiaomi_reader.store.library import Library

pytestmark = pytest.mark.slow

# Plain sqlite3, like any other program: take the write lock, write something, then
# hold the lock for argv[3] seconds, or (with "-") until a line arrives on stdin.
HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute(
    "INSERT OR REPLACE INTO library_meta (key, value) VALUES ('other-program', ?)",
    (sys.argv[2],),
)
print("locked", flush=True)
if sys.argv[3] == "-":
    sys.stdin.readline()
else:
    time.sleep(float(sys.argv[3]))
releasing = time.time()
conn.execute("COMMIT")
conn.close()
print("released", repr(releasing), flush=True)
"""


def hold_lock(db: Path, marker: str, seconds: str) -> Child:
    child = Child(HOLDER, str(db), marker, seconds)
    child.expect("locked")
    return child


def released_at(child: Child) -> float:
    kind, when = child.read_line(timeout=20).split(" ")
    assert kind == "released"
    return float(when)


def test_a_short_lock_is_waited_for(db_path: Path):
    with Library.open(db_path, busy_timeout_ms=5000) as library:
        article = library.articles()[0]
        before = library.annotations()
        child = hold_lock(db_path, "first", "1.0")
        try:
            started = time.monotonic()
            added = library.add_annotation(article.id, 0, 6, note="written while locked")
            waited = time.monotonic() - started
            released = released_at(child)
            assert child.wait() == 0
        finally:
            child.close()
        assert 0.5 < waited < 5, waited
        assert added.created.timestamp() >= released  # the write happened after the release
        assert library.annotations() == [*before, added]
        assert library.meta("other-program") == "first"  # the other program's write too
    assert integrity(db_path) == "ok"


def _add(library: Library, article_id: int, _folder: Path) -> None:
    library.add_annotation(article_id, 4, 12, note="retried")


def _import_annotations(library: Library, article_id: int, folder: Path) -> None:
    article = library.article(article_id)
    item = {
        "id": "urn:uuid:6b1f36b0-4b9a-4b59-9d7e-0c3c5e3e0001",
        "type": "Annotation",
        "target": {
            "source": article.iri,
            "selector": {"type": "TextQuoteSelector", "exact": article.text[20:40]},
        },
    }
    path = folder / "one.json"
    path.write_text(json.dumps(item), "utf-8")
    import_annotations(library, path)


def _add_tag(library: Library, _article_id: int, _folder: Path) -> None:
    library.add_tag("Needs a source", "#3E7BFA")


@pytest.mark.parametrize("action", [_add, _import_annotations, _add_tag], ids=lambda f: f.__name__)
def test_a_long_lock_gives_a_clear_error_and_the_action_can_be_retried(
    db_path: Path, tmp_path: Path, action: Callable[[Library, int, Path], None]
):
    with Library.open(db_path, busy_timeout_ms=300) as library:
        article_id = library.articles()[0].id
        before = (library.annotations(), library.tags(), library.links())
        revision = library.revision()
        child = hold_lock(db_path, "second", "-")
        try:
            started = time.monotonic()
            with pytest.raises(LibraryError) as failure:
                action(library, article_id, tmp_path)
            waited = time.monotonic() - started
            message = str(failure.value)
            assert "busy" in message and "Nothing was changed" in message, message
            assert "\n" not in message
            assert 0.25 < waited < 3, waited  # the short timeout, not forever nor at once
            # Reading is not blocked by another program's write, and nothing changed.
            assert (library.annotations(), library.tags(), library.links()) == before
            assert library.revision() == revision
            child.send("\n")
            released_at(child)
            assert child.wait() == 0
        finally:
            child.close()
        action(library, article_id, tmp_path)  # the same action again: now it works
        after = (library.annotations(), library.tags(), library.links())
        assert after != before
        assert all(
            set(map(repr, old)) <= set(map(repr, new))
            for old, new in zip(before, after, strict=True)
        )
        assert library.meta("other-program") == "second"
        assert library.revision() > revision
    assert integrity(db_path) == "ok"


def test_cli_import_waits_for_a_lock_held_for_a_second(db_path: Path, tmp_path: Path):
    with Library.open(db_path):
        pass
    article = tmp_path / "held.txt"
    article.write_text("Written while another program held the lock.\n", "utf-8")
    child = hold_lock(db_path, "third", "1.0")
    try:
        result = cli("--db", str(db_path), "import", str(article))
        released = released_at(child)
        assert child.wait() == 0
    finally:
        child.close()
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout
    listed = cli("--db", str(db_path), "articles", "--json")
    (row,) = [r for r in json.loads(listed.stdout) if r["file_name"] == "held.txt"]
    assert datetime.fromisoformat(row["imported_at"]).timestamp() >= released
    with Library.open(db_path) as library:
        assert library.article(row["id"]).text == article.read_text("utf-8")
        assert library.meta("other-program") == "third"
