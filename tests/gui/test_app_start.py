"""Starting the app: the library is opened, then the window is shown on it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from tests.gui.helpers import library_opened, when_window
from tests.helpers import child_env
from xiaomi_reader.gui import app as app_module
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library


def test_window_shows_an_existing_library_and_saves_edits(qapp, db_path: Path):
    Library.open(db_path).close()
    qapp.setWindowIcon(QIcon())
    seen: dict[str, object] = {}

    def act(window: MainWindow) -> None:
        seen["library"] = window.library
        seen["icon"] = not qapp.windowIcon().isNull()
        seen["titles"] = [pane.article_id is not None for pane in window.panes]
        pane = window.panes[0]
        pane.select_range(0, 4)
        tag_id = window.controller.tags()[0].id
        seen["created"] = window.controller.create_annotation(pane.article_id, 0, 4, [tag_id])
        window.close()

    # The icon is set once the window has painted (the desktop knows it before that).
    when_window(qapp, lambda w: library_opened(w) and not qapp.windowIcon().isNull(), act)
    assert app_module.run(str(db_path)) == 0
    assert isinstance(seen["library"], Library)
    assert seen["icon"]
    assert seen["titles"] and all(seen["titles"])  # type: ignore[arg-type]
    with Library.open(db_path) as library:
        assert [(a.start, a.end) for a in library.annotations()] == [(0, 4)]


def test_a_new_library_gets_the_bundled_articles_and_shows_them(qapp, tmp_path: Path):
    path = tmp_path / "new" / "library.sqlite3"
    seen: dict[str, object] = {}

    def act(window: MainWindow) -> None:
        seen["titles"] = [window.library.article(p.article_id).title for p in window.panes]
        seen["tags"] = [tag.name for tag in window.controller.tags()]
        window.close()

    when_window(qapp, library_opened, act)
    assert app_module.run(str(path)) == 0
    with Library.open(path, seed=False) as library:
        assert sorted(seen["titles"]) == sorted(a.title for a in library.articles())  # type: ignore[arg-type]
        assert len(library.articles()) == 3
    assert seen["tags"] == ["Claim", "Contradiction"]


def test_a_damaged_library_at_start_offers_another_and_the_window_shows_it(
    qapp, tmp_path: Path, monkeypatch
):
    import hashlib

    from xiaomi_reader.gui.open_library import Choice, LibraryOpener

    damaged = tmp_path / "library.sqlite3"
    damaged.write_bytes(b"\x00garbage" * 500)
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    other = tmp_path / "other.sqlite3"
    with Library.open(other) as library:
        library.add_tag("Dubious", "#884400")
    asked: list[str] = []

    def answer(_opener: LibraryOpener, message: str) -> Choice:  # the reader's answer
        asked.append(message)
        return Choice.OPEN_OTHER

    monkeypatch.setattr(LibraryOpener, "ask_what_now", answer)
    monkeypatch.setattr(LibraryOpener, "ask_existing_file", lambda _opener, _near: str(other))
    seen: dict[str, object] = {}

    def act(window: MainWindow) -> None:
        seen["path"] = window.library.path
        seen["tags"] = [tag.name for tag in window.controller.tags()]
        window.close()

    when_window(qapp, library_opened, act)
    assert app_module.run(str(damaged)) == 0
    assert len(asked) == 1 and "not a xiaomi-reader library" in asked[0]
    assert seen == {"path": other, "tags": ["Claim", "Contradiction", "Dubious"]}
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before


def test_article_files_given_to_the_command_are_added_and_shown(
    qapp, db_path: Path, tmp_path: Path
):
    """As a file manager starts it: ``xiaomi-reader FILE...``."""
    from xiaomi_reader.cli import main

    Library.open(db_path).close()
    first = tmp_path / "first.txt"
    first.write_text("Ministry of Defence\n\nThe ministry said so on Monday.", encoding="utf-8")
    second = tmp_path / "second.md"
    second.write_text("# Ministry of State\n\nIt said otherwise.", encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02binary\xff" * 64)
    seen: dict[str, object] = {}

    def shown(window: MainWindow) -> bool:
        return window.panes[0].article_id is not None and bool(window.last_error)

    def act(window: MainWindow) -> None:
        library = window.library
        seen["shown"] = [library.article(p.article_id).title for p in window.panes[:2]]
        seen["error"] = window.last_error
        QApplication.closeAllWindows()

    when_window(qapp, shown, act)
    assert main(["--db", str(db_path), str(first), str(second), str(broken)]) == 0
    assert seen["shown"] == ["Ministry of Defence", "Ministry of State"]
    assert "broken.txt" in str(seen["error"]) and "not shown" in str(seen["error"])
    with Library.open(db_path) as library:
        titles = {a.title for a in library.articles()}
    assert {"Ministry of Defence", "Ministry of State"} <= titles


def test_garbage_collection_pauses_for_the_start_only(qapp, db_path: Path):
    import gc

    Library.open(db_path).close()
    during: list[bool] = []

    def act(window: MainWindow) -> None:
        QTimer.singleShot(0, lambda: (during.append(gc.isenabled()), window.close()))

    def painted(window: MainWindow) -> bool:
        return library_opened(window) and gc.isenabled()

    assert gc.isenabled()
    when_window(qapp, painted, act, waiting=lambda: during.append(gc.isenabled()))
    assert app_module.run(str(db_path)) == 0
    assert during[0] is False  # before the first paint
    assert during[-1] is True  # once the window has painted
    assert gc.isenabled()


def test_window_says_when_todays_backup_could_not_be_made(qapp, db_path: Path):
    Library.open(db_path).close()
    (db_path.parent / "backups").write_text("not a folder", encoding="utf-8")
    seen: dict[str, object] = {}

    def act(window: MainWindow) -> None:
        seen["error"] = window.last_error
        QApplication.closeAllWindows()

    when_window(qapp, library_opened, act)
    assert app_module.run(str(db_path)) == 0
    assert "Today's backup was not made" in str(seen["error"])
    assert "a file has that name" in str(seen["error"])


def test_window_says_when_a_recovery_copy_was_kept(qapp, db_path: Path, tmp_path: Path):
    from tests.reliability import log_of_another_library, sidecars

    with Library.open(db_path) as library:
        library.add_annotation(library.articles()[0].id, 0, 4, note="ours")
    db_path.with_name(db_path.name + "-wal").write_bytes(
        log_of_another_library(db_path, tmp_path / "elsewhere")
    )
    seen: dict[str, object] = {}

    def act(window: MainWindow) -> None:
        seen["error"] = window.last_error
        QApplication.closeAllWindows()

    when_window(qapp, library_opened, act)
    assert app_module.run(str(db_path)) == 0
    # One copy, made when the window first read the library, and named in the message.
    [copy] = (db_path.parent / "backups").glob("*.recovery.sqlite3")
    assert "A recovery copy of the library was kept" in str(seen["error"])
    assert str(copy) in str(seen["error"])
    with Library.open(db_path) as library:
        [listed] = [b for b in library.backups() if b.reason == "recovery"]
        assert listed.annotations == 1
    assert not sidecars(db_path)


# A child script: starts the window on the library at argv[1], notes what had happened by
# the time PySide6 was first imported, and closes the window as soon as it is shown.
FIRST_IMPORT_OF_QT = """
import sys
from pathlib import Path

library = Path(sys.argv[1])
seen = {}

def watch(event, args):
    if event != "import":
        return
    if args[0] == "PySide6" and "qt" not in seen:
        seen["qt"] = {"library file": library.exists(), "sqlalchemy": "sqlalchemy" in sys.modules}
    if args[0] == "xiaomi_reader.gui.main_window" and "closing" not in seen:
        seen["closing"] = True
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        QTimer.singleShot(0, QApplication.closeAllWindows)

sys.addaudithook(watch)
from xiaomi_reader.cli import main

code = main(["--db", str(library)])
print(code, seen["qt"])
"""


@pytest.mark.slow
def test_the_library_is_open_before_qt_is_loaded(tmp_path: Path):
    """PySide6, once imported, reads the source of every module imported after it (~5% of
    the start for SQLAlchemy's): the window's start opens the library before that."""
    library = tmp_path / "new" / "library.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", FIRST_IMPORT_OF_QT, str(library)],
        capture_output=True,
        text=True,
        env=child_env({"QT_QPA_PLATFORM": "offscreen"}),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(None, 1) == ["0", "{'library file': True, 'sqlalchemy': True}\n"]
    with Library.open(library, seed=False) as opened:
        assert len(opened.articles()) == 3  # the window's first start filled it
