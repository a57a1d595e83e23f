"""Importing article files in the window: read beside it, with progress and Cancel.

The reader's way: files dropped on the window. What the tests check is what the window
shows while and after the files are read (the progress dialog, the status bar, the
message listing refusals, the Library dock, the panes) and what the library file holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from tests.gui.helpers import drop_files
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library

MANY = 300


def write_page(path: Path, title: str) -> Path:
    """A small news page: its body is found by the same extraction as a real one's."""
    path.write_text(
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{title}: the court heard both sides and will rule on the listing soon.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    return path


def progress_shown(window: MainWindow) -> QProgressDialog | None:
    shown = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    return shown[0] if shown else None


def files_done(window: MainWindow) -> int:
    """What the progress dialog shows as done; -1 while it is not shown."""
    dialog = progress_shown(window)
    return dialog.findChild(QProgressBar).value() if dialog is not None else -1


def stored_titles(db_path: Path) -> list[str]:
    """Read from the file afresh, as another program would."""
    library = Library.open(db_path)
    try:
        return [a.title for a in library.articles()]
    finally:
        library.close()


def test_a_big_import_shows_progress_keeps_the_window_responsive_and_cancel_keeps_what_was_stored(
    qtbot: QtBot, window: MainWindow, db_path: Path, tmp_path: Path
):
    before = stored_titles(db_path)
    titles = [f"Hearing {n:03}" for n in range(MANY)]
    pages = [write_page(tmp_path / f"hearing-{n:03}.html", t) for n, t in enumerate(titles)]
    ticks: list[int] = []  # the files done, each time the window's own timer fires
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(files_done(window)))
    timer.start(5)

    drop_files(window, *pages)

    qtbot.waitUntil(lambda: progress_shown(window) is not None, timeout=20_000)
    dialog = progress_shown(window)
    assert dialog is not None and dialog.isModal()
    bar = dialog.findChild(QProgressBar)
    qtbot.waitUntil(lambda: bar.value() >= 3, timeout=20_000)
    # The GUI thread runs its timer and shows progress over and over while files are read.
    qtbot.waitUntil(lambda: len({t for t in ticks if t >= 0}) >= 3, timeout=20_000)
    assert re.fullmatch(rf"\d+ of {MANY} files", bar.text())
    assert dialog.labelText().startswith("Reading hearing-")
    dialog.grab().save(str(tmp_path / "import-progress.png"))
    # The first batches are already in the Library dock while the rest are read.
    qtbot.waitUntil(lambda: "Hearing 000" in listed_titles(window), timeout=20_000)

    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.imports.current is None, timeout=20_000)
    assert progress_shown(window) is None
    said = window.statusBar().currentMessage()
    found = re.fullmatch(rf"Cancelled: (\d+) of {MANY} files imported, (\d+) not read\.", said)
    assert found, said
    imported, not_read = int(found[1]), int(found[2])
    assert imported + not_read == MANY and imported >= 3 and not_read > 0
    # Exactly the files said to be imported: the first ones, each whole, nothing else.
    new = [t for t in stored_titles(db_path) if t not in before]
    assert sorted(new) == titles[:imported]
    assert set(titles[:imported]) <= set(listed_titles(window))
    assert window.panes[-1].article_id is not None
    assert window.library.article(window.panes[-1].article_id).title == "Hearing 000"
    assert not window.findChildren(QMessageBox)  # nothing was refused
    window.grab().save(str(tmp_path / "after-cancel.png"))


def test_files_dropped_during_an_import_wait_their_turn_and_escape_cancels(
    qtbot: QtBot, window: MainWindow, db_path: Path, tmp_path: Path
):
    pages = [write_page(tmp_path / f"brief-{n:03}.html", f"Brief {n:03}") for n in range(MANY)]
    late = tmp_path / "late.md"
    late.write_text("---\ntitle: Dropped later\n---\nIt waited for the others.\n", "utf-8")
    drop_files(window, *pages)
    qtbot.waitUntil(lambda: window.imports.current is not None)
    drop_files(window, late)

    qtbot.waitUntil(lambda: progress_shown(window) is not None, timeout=20_000)
    dialog = progress_shown(window)
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    qtbot.waitUntil(lambda: "Dropped later" in listed_titles(window), timeout=20_000)
    qtbot.waitUntil(lambda: not window.imports.busy())
    assert window.statusBar().currentMessage() == "Imported 1, already present 0, refused 0."
    stored = stored_titles(db_path)
    assert "Dropped later" in stored
    assert len([t for t in stored if t.startswith("Brief ")]) < MANY


def test_an_unreadable_file_among_good_ones_is_reported_and_the_others_imported_at_once(
    qtbot: QtBot, window: MainWindow, db_path: Path, tmp_path: Path
):
    good = [write_page(tmp_path / f"story-{n}.html", f"Story {n}") for n in range(3)]
    photo = tmp_path / "<b>photo.txt"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    dialogs_seen: list[bool] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: dialogs_seen.append(progress_shown(window) is not None))
    timer.start(5)

    drop_files(window, good[0], photo, *good[1:])

    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)), timeout=20_000)
    (box,) = window.findChildren(QMessageBox)
    assert box.text() == (
        'Some files were not imported:\n\n"<b>photo.txt" is a PNG image, not text.'
    )
    assert window.statusBar().currentMessage() == " ".join(box.text().split())
    assert window.imports.current is None
    assert {"Story 0", "Story 1", "Story 2"} <= set(stored_titles(db_path))
    # A quick import shows no progress dialog, not even for a moment.
    assert dialogs_seen and not any(dialogs_seen)
    # The first article imported opens in a new pane beside the ones being read.
    assert window.library.article(window.panes[-1].article_id).title == "Story 0"


def test_closing_the_window_during_an_import_keeps_what_was_read_and_nothing_half(
    qtbot: QtBot, window: MainWindow, db_path: Path, tmp_path: Path
):
    before = stored_titles(db_path)
    titles = [f"Filing {n:03}" for n in range(MANY)]
    pages = [write_page(tmp_path / f"filing-{n:03}.html", t) for n, t in enumerate(titles)]
    drop_files(window, *pages)
    qtbot.waitUntil(lambda: "Filing 001" in listed_titles(window), timeout=20_000)

    window.close()

    new = [t for t in stored_titles(db_path) if t not in before]
    assert len(new) < MANY and sorted(new) == titles[: len(new)]
    QApplication.processEvents()  # nothing left over is stored after the window closed
    assert len(stored_titles(db_path)) == len(before) + len(new)


def listed_titles(window: MainWindow) -> list[str]:
    model = window.library_dock.model
    return [model.article(row).title for row in range(model.rowCount())]
