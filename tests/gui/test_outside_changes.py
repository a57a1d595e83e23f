"""Another program writes to the library while the window is open: the window shows it,
and nothing either of them wrote is overwritten."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.mouse import click_char, drag_select
from tests.helpers import child_env
from tests.windows import WindowOpener
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library

# Another program: adds three annotations and puts the Contradiction tag on annotation A.
OTHER_PROGRAM = """
import sys
from xiaomi_reader.store.library import Library
db, article_id, a_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with Library.open(db) as lib:
    for start in (100, 200, 300):
        lib.add_annotation(article_id, start, start + 12, note="from elsewhere")
    contradiction = [t for t in lib.tags() if t.name == "Contradiction"][0]
    a = lib.annotation(a_id)
    lib.set_annotation_tags(a_id, [*a.tag_ids, contradiction.id])
"""


@pytest.fixture
def shown(open_window: WindowOpener) -> tuple[MainWindow, Library]:
    """The window on a library with a third tag, Check, on key 3."""
    window = open_window(before=lambda library: library.add_tag("Check", "#22aa22", shortcut="3"))
    return window, window.library


def tag_names(library: Library, annotation_id: int) -> set[str]:
    names = {tag.id: tag.name for tag in library.tags()}
    return {names[tag_id] for tag_id in library.annotation(annotation_id).tag_ids}


def rows_shown(window: MainWindow) -> int:
    return window.annotations_dock.proxy.rowCount()


def test_a_change_made_just_before_ours_is_shown_and_never_overwritten(
    qtbot: QtBot, shown: tuple[MainWindow, Library], db_path: Path
):
    window, library = shown
    pane = window.panes[0]
    assert pane.article_id is not None
    text = library.article(pane.article_id).text
    drag_select(qtbot, pane, text, 0, 6)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_1)  # A: Claim
    [a] = library.annotations(pane.article_id)

    args = [str(db_path), str(pane.article_id), str(a.id)]
    subprocess.run(
        [sys.executable, "-c", OTHER_PROGRAM, *args], check=True, timeout=60, env=child_env()
    )
    # Before the window has looked, the reader tags another word.
    drag_select(qtbot, pane, text, 20, 26)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_1)

    # The window notices the other program's changes and shows everything the library holds.
    qtbot.waitUntil(lambda: rows_shown(window) == len(library.annotations()), timeout=5000)
    assert rows_shown(window) == 5
    assert "another program" in window.statusBar().currentMessage()

    # The reader adds Check to A: Contradiction, which the other program added, stays.
    click_char(qtbot, pane, text, 2)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_3)
    assert tag_names(library, a.id) == {"Claim", "Contradiction", "Check"}


def test_tags_changed_elsewhere_since_the_window_looked_are_merged(
    qtbot: QtBot, shown: tuple[MainWindow, Library], db_path: Path
):
    window, library = shown
    window.watcher.timer.stop()  # the window has not looked since: only the merge can help
    pane = window.panes[0]
    assert pane.article_id is not None
    text = library.article(pane.article_id).text
    drag_select(qtbot, pane, text, 0, 6)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_1)
    [a] = library.annotations(pane.article_id)
    contradiction = next(t for t in library.tags() if t.name == "Contradiction")
    with Library.open(db_path, seed=False) as other:
        other.set_annotation_tags(a.id, [*a.tag_ids, contradiction.id])

    click_char(qtbot, pane, text, 2)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_3)
    assert tag_names(library, a.id) == {"Claim", "Contradiction", "Check"}
    # The window then shows the other program's changes, and says what happened.
    qtbot.waitUntil(lambda: "changed by another program" in window.statusBar().currentMessage())
    assert "both kept" in window.statusBar().currentMessage()


def test_a_note_changed_elsewhere_while_typing_keeps_both(
    qtbot: QtBot, shown: tuple[MainWindow, Library], db_path: Path
):
    window, library = shown
    window.watcher.timer.stop()
    pane = window.panes[0]
    assert pane.article_id is not None
    text = library.article(pane.article_id).text
    drag_select(qtbot, pane, text, 0, 6)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_1)
    [a] = library.annotations(pane.article_id)
    note = window.annotations_dock.note
    note.setFocus()
    qtbot.keyClicks(note, "Defense")
    qtbot.waitUntil(lambda: library.annotation(a.id).note == "Defense")

    with Library.open(db_path, seed=False) as other:
        other.set_note(a.id, "Defense; confirmed by the order")
    qtbot.keyClicks(note, " or State?")
    window.annotations_dock.save_note()

    merged = "Defense; confirmed by the order\n\nDefense or State?"
    assert library.annotation(a.id).note == merged
    assert note.toPlainText() == merged  # the reader sees what was kept
    qtbot.waitUntil(lambda: "both versions were kept" in window.statusBar().currentMessage())
    assert note.toPlainText() == merged


def test_a_link_note_changed_elsewhere_while_typing_keeps_both(
    qtbot: QtBot, shown: tuple[MainWindow, Library], db_path: Path
):
    """The Links dock's note is the same panel as the Annotations dock's: it merges too."""
    window, library = shown
    window.watcher.timer.stop()
    article = library.articles()[0]
    claim = [tag.id for tag in library.tags() if tag.name == "Claim"]
    a = window.controller.create_annotation(article.id, 0, 6, claim)
    b = window.controller.create_annotation(article.id, 10, 20, claim)
    assert a is not None and b is not None
    link = window.controller.create_link(a.id, b.id, "contradicts")
    assert link is not None
    dock = window.links_dock
    dock.raise_()
    dock.select_link(link.id)
    note = dock.note
    note.setFocus()
    qtbot.keyClicks(note, "Defense")
    qtbot.waitUntil(lambda: library.links()[0].note == "Defense")

    with Library.open(db_path, seed=False) as other:
        other.set_link_note(link.id, "Defense; confirmed by the order", replacing="Defense")
    qtbot.keyClicks(note, " or State?")
    dock.save_note()

    merged = "Defense; confirmed by the order\n\nDefense or State?"
    assert library.links()[0].note == merged
    assert note.toPlainText() == merged  # the reader sees what was kept
    assert dock.visible_rows()[0][3] == "Defense; confirmed by the order"
