"""What the window says after an action is what happened: the note box, undo and redo in
the status bar, the tag bar under a selection, and the find bar's count."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QMessageBox,
    QToolBar,
    QToolButton,
    QToolTip,
)
from pytestqt.qtbot import QtBot

from tests.gui.helpers import PaneFactory
from tests.gui.mouse import click_char, drag_select, wheel
from tests.helpers import PLAIN, TAGS, article
from tests.reliability import Child
from tests.windows import WindowOpener
from xiaomi_reader.core import records
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library

CTRL = Qt.KeyboardModifier.ControlModifier
DEFENSE = "US Department of Defense"


def tag_phrase(qtbot: QtBot, window: MainWindow, phrase: str, key: Qt.Key) -> records.Annotation:
    """Select ``phrase`` in the first pane with the mouse and press a tag key."""
    pane = window.panes[0]
    assert pane.article_id is not None
    text = window.library.article(pane.article_id).text
    start = text.index(phrase)
    pane.select_range(start, start)  # scrolls it into view
    pane.text_view.setFocus()
    drag_select(qtbot, pane, text, start, start + len(phrase))
    qtbot.keyClick(pane.text_view, key)
    [made] = [a for a in window.controller.annotations_for(pane.article_id) if a.start == start]
    return made


def saved_ids(window: MainWindow) -> set[int]:
    return {a.id for a in window.library.annotations()}


def show_article_with(qtbot: QtBot, window: MainWindow, title_start: str) -> None:
    """The article in the first pane, in the active window (where keys go)."""
    [found] = [a.id for a in window.library.articles() if a.title.startswith(title_start)]
    window.open_article(found, window.panes[0])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


# -- the note box -----------------------------------------------------------------------------


def test_the_note_box_of_a_selected_annotation_is_its_note(qtbot: QtBot, window: MainWindow):
    show_article_with(qtbot, window, "This is why")
    note = window.annotations_dock.note
    assert not note.isEnabled() and note.placeholderText()  # nothing chosen: say how to

    made = tag_phrase(qtbot, window, DEFENSE, Qt.Key.Key_1)
    pane = window.panes[0]
    text = window.library.article(made.article_id or 0).text
    click_char(qtbot, pane, text, made.start or 0)

    # Chosen, with no note yet: an empty box to type in, not "select an annotation".
    assert window.annotations_dock.current_id() == made.id
    assert note.isEnabled() and note.toPlainText() == "" and note.placeholderText() == ""
    note.setFocus()
    qtbot.keyClicks(note, "Defense, not State")
    window.annotations_dock.save_note()
    assert window.library.annotation(made.id).note == "Defense, not State"

    window.links_dock.raise_()  # the Links dock's note says the same while no link is chosen
    assert not window.links_dock.note.isEnabled() and window.links_dock.note.placeholderText()


# -- undo and redo in the status bar ------------------------------------------------------------


def test_undo_and_redo_say_so_in_the_status_bar(qtbot: QtBot, window: MainWindow):
    show_article_with(qtbot, window, "This is why")
    status = window.statusBar()
    made = tag_phrase(qtbot, window, DEFENSE, Qt.Key.Key_1)
    assert status.currentMessage() == f"Saved: Annotate “{DEFENSE}”"

    qtbot.keyClick(window.panes[0].text_view, Qt.Key.Key_Z, CTRL)
    assert made.id not in saved_ids(window)
    assert status.currentMessage() == f"Undone: Annotate “{DEFENSE}”"

    redo = CTRL | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.panes[0].text_view, Qt.Key.Key_Z, redo)
    assert made.id in saved_ids(window)
    assert status.currentMessage() == f"Redone: Annotate “{DEFENSE}”"

    # A new action after an undo is saved, not redone, though it takes the same place.
    qtbot.keyClick(window.panes[0].text_view, Qt.Key.Key_Z, CTRL)
    tag_phrase(qtbot, window, DEFENSE, Qt.Key.Key_2)
    assert status.currentMessage() == f"Saved: Annotate “{DEFENSE}”"
    assert window.controller.undo_stack.count() == 1


# Plain sqlite3, like any other program: hold the write lock until a line arrives.
LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def lock_held_elsewhere(db_path: Path) -> Iterator[None]:
    """Another program holds the library's write lock meanwhile."""
    holder = Child(LOCK_HOLDER, str(db_path))
    try:
        holder.expect("locked")
        yield
    finally:
        holder.send("\n")
        holder.wait()
        holder.close()


def test_an_undo_that_fails_is_not_called_undone(
    qtbot: QtBot, open_window: WindowOpener, db_path: Path
):
    with Library.open(db_path, busy_timeout_ms=200) as library:
        window = open_window(library)
        show_article_with(qtbot, window, "This is why")
        made = tag_phrase(qtbot, window, DEFENSE, Qt.Key.Key_1)
        with lock_held_elsewhere(db_path):
            qtbot.keyClick(window.panes[0].text_view, Qt.Key.Key_Z, CTRL)
        message = window.statusBar().currentMessage()
        assert "busy" in message and not message.startswith("Undone")
        assert made.id in saved_ids(window)
        open_window.close(window)


def dismiss_error(qtbot: QtBot, window: MainWindow) -> None:
    """Read the error box and press its OK button, as the reader would."""
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "busy" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_a_refused_undo_or_redo_leaves_the_edit_menu_where_it_was(
    qtbot: QtBot, open_window: WindowOpener, db_path: Path
):
    redo = CTRL | Qt.KeyboardModifier.ShiftModifier
    with Library.open(db_path, busy_timeout_ms=200) as library:
        window = open_window(library)
        show_article_with(qtbot, window, "This is why")
        made = tag_phrase(qtbot, window, DEFENSE, Qt.Key.Key_1)
        view = window.panes[0].text_view
        undo_action, redo_action = window.menus.undo_action, window.menus.redo_action
        offered = undo_action.text()
        assert DEFENSE in offered and not redo_action.isEnabled()

        # The library refuses the undo: the passage stays, and so does the offer to undo it.
        with lock_held_elsewhere(db_path):
            qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
        assert "busy" in window.statusBar().currentMessage()
        assert made.id in saved_ids(window)
        assert undo_action.isEnabled() and undo_action.text() == offered
        assert not redo_action.isEnabled()

        dismiss_error(qtbot, window)
        qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # the lock is gone: now it is undone
        assert made.id not in saved_ids(window)
        assert not undo_action.isEnabled() and redo_action.isEnabled()

        # The same for a refused redo: nothing written, still offered as a redo.
        with lock_held_elsewhere(db_path):
            qtbot.keyClick(view, Qt.Key.Key_Z, redo)
        assert "busy" in window.statusBar().currentMessage()
        assert made.id not in saved_ids(window)
        assert redo_action.isEnabled() and not undo_action.isEnabled()

        dismiss_error(qtbot, window)
        qtbot.keyClick(view, Qt.Key.Key_Z, redo)
        assert made.id in saved_ids(window)
        assert window.statusBar().currentMessage() == f"Redone: Annotate “{DEFENSE}”"
        qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # and the history still matches the library
        assert made.id not in saved_ids(window)
        assert not undo_action.isEnabled()
        open_window.close(window)


def toolbar_button(window: MainWindow, label: str) -> QToolButton:
    toolbar = window.findChild(QToolBar, "MainToolbar")
    [button] = [b for b in toolbar.findChildren(QToolButton) if b.text() == label]
    return button


def tooltip_of(button: QToolButton) -> str:
    """What the tooltip says when the pointer rests on ``button``."""
    middle = button.rect().center()
    QApplication.sendEvent(
        button, QHelpEvent(QEvent.Type.ToolTip, middle, button.mapToGlobal(middle))
    )
    shown = QToolTip.text()
    QToolTip.hideText()
    return shown


# A tooltip is a window of its own: the offscreen platform cannot raise it.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_toolbars_undo_and_redo_say_what_they_undo_and_do_it(qtbot: QtBot, window: MainWindow):
    show_article_with(qtbot, window, "This is why")
    undo, redo = toolbar_button(window, "Undo"), toolbar_button(window, "Redo")
    assert not undo.isEnabled() and not redo.isEnabled()
    made = tag_phrase(qtbot, window, DEFENSE, Qt.Key.Key_1)
    # The labels stay short; the tooltip names the change, as the Edit menu does.
    assert (undo.text(), undo.isEnabled(), redo.isEnabled()) == ("Undo", True, False)
    assert tooltip_of(undo) == f"Undo Annotate “{DEFENSE}”"

    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert made.id not in saved_ids(window)
    assert window.statusBar().currentMessage() == f"Undone: Annotate “{DEFENSE}”"
    assert not undo.isEnabled() and redo.isEnabled()
    assert tooltip_of(redo) == f"Redo Annotate “{DEFENSE}”"

    qtbot.mouseClick(redo, Qt.MouseButton.LeftButton)
    assert made.id in saved_ids(window)
    assert window.statusBar().currentMessage() == f"Redone: Annotate “{DEFENSE}”"
    assert (undo.text(), undo.isEnabled(), redo.isEnabled()) == ("Undo", True, False)


# -- the tag bar under a selection ---------------------------------------------------------------


def many_tags() -> dict[int, records.Tag]:
    more = {n: records.Tag(n, f"Tag number {n}", "#3E7BFA", "", str(n % 10)) for n in range(4, 12)}
    return {**TAGS, **more}


def select_defense(qtbot: QtBot, window: MainWindow) -> ArticlePane:
    """Drag over "US Department of Defense" in the first pane, as a reader would."""
    show_article_with(qtbot, window, "This is why")
    pane = window.panes[0]
    text = window.library.article(pane.article_id or 0).text
    start = text.index(DEFENSE)
    pane.select_range(start, start)  # scrolled into view
    drag_select(qtbot, pane, text, start, start + len(DEFENSE))
    return pane


def test_every_tag_button_shows_whole_on_the_tag_bar(qtbot: QtBot, window: MainWindow):
    pane = select_defense(qtbot, window)
    bar = pane.tag_bar
    assert bar.isVisible()
    names = []
    for button in bar.buttons():
        seen = QRect(button.mapTo(bar, QPoint()), button.size())
        assert bar.contentsRect().contains(seen), f"{button.text()} is cut off at {seen}"
        names.append(button.text())
    assert names == [tag.name for tag in window.controller.tags()]


def test_the_tag_bar_wraps_inside_a_narrow_pane(qtbot: QtBot, make_pane: PaneFactory):
    pane = make_pane(260, 500)
    shown = article()
    pane.show_article(shown, [], many_tags())
    start = shown.text.index("Department")
    drag_select(qtbot, pane, shown.text, start, start + len("Department"))

    bar = pane.tag_bar
    assert bar.isVisible()
    assert pane.rect().contains(bar.geometry())
    buttons = bar.buttons()
    assert len(buttons) == 11
    for button in buttons:  # every tag can be read and clicked: none is cut off
        assert button.isVisible()
        seen = QRect(button.mapTo(pane, button.rect().topLeft()), button.size())
        assert pane.rect().contains(seen), f"{button.text()} is cut off at {seen}"
        assert button.width() >= button.sizeHint().width()
    rows = {button.y() for button in buttons}
    assert len(rows) > 1  # wrapped onto more rows

    qtbot.mouseClick(buttons[-1], Qt.MouseButton.LeftButton)
    assert not bar.isVisible()


def selection_end_line(pane: ArticlePane) -> QRect:
    """Where the selection's last line is, in the pane."""
    view = pane.text_view
    cursor = QTextCursor(view.textCursor())
    cursor.setPosition(view.textCursor().selectionEnd())
    return view.cursorRect(cursor).translated(view.viewport().mapTo(pane, QPoint()))


def test_the_tag_bar_follows_its_selection_as_the_text_scrolls(
    qtbot: QtBot, make_pane: PaneFactory
):
    pane = make_pane(600, 400)
    shown = article("\n\n".join([PLAIN] * 12))
    pane.show_article(shown, [], TAGS)
    start = shown.text.index("Department", len(shown.text) // 2)
    end = start + len("Department")
    pane.select_range(start, start)  # scrolled into view
    drag_select(qtbot, pane, shown.text, start, end)
    bar = pane.tag_bar
    text_area = pane.text_view.viewport()

    def selection_in_view() -> bool:
        line = selection_end_line(pane)
        return QRect(text_area.mapTo(pane, QPoint()), text_area.size()).contains(line)

    def under_selection() -> bool:
        """Shown just below (or above) the selection's last line, whole in the pane."""
        line = selection_end_line(pane)
        below = 0 <= bar.y() - line.bottom() <= 12
        above = 0 <= line.top() - bar.geometry().bottom() <= 12
        return bar.isVisible() and (below or above) and pane.rect().contains(bar.geometry())

    assert under_selection()
    wheel(qtbot, pane, 1)  # a few lines: the selection is still in view
    assert pane.selected_range() == (start, end) and selection_in_view()
    assert under_selection()
    for _ in range(20):
        if not selection_in_view():
            break
        wheel(qtbot, pane, 1)
    assert not bar.isVisible()  # its selection is out of view: no bar pointing at nothing
    for _ in range(20):
        if selection_in_view():
            break
        wheel(qtbot, pane, -1)
    assert under_selection()  # back in view, and so is the bar
    with qtbot.waitSignal(pane.tagRequested) as tagged:
        qtbot.mouseClick(bar.buttons()[0], Qt.MouseButton.LeftButton)
    assert tagged.args[1:3] == [start, end]
    assert not bar.isVisible()


def test_the_tag_bar_stays_under_its_selection_when_the_pane_widens(
    qtbot: QtBot, window: MainWindow
):
    pane = select_defense(qtbot, window)
    bar = pane.tag_bar
    assert bar.isVisible()

    def under_selection() -> bool:
        line = selection_end_line(pane)
        below = 0 <= bar.y() - line.bottom() <= 12
        above = 0 <= line.top() - bar.geometry().bottom() <= 12
        return bar.isVisible() and (below or above)

    assert under_selection()
    # Closing the Library dock widens the panes: the text wraps anew, the bar moves along.
    before, width = selection_end_line(pane), pane.width()
    dock = window.library_dock
    [close] = [b for b in dock.findChildren(QAbstractButton) if "close" in b.objectName()]
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.width() > width and selection_end_line(pane) != before)
    qtbot.waitUntil(under_selection)


# -- the find bar ----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [260, 900])
def test_the_find_bar_shows_a_phrase_and_counts_matches(
    qtbot: QtBot, make_pane: PaneFactory, width: int
):
    pane = make_pane(width, 500)
    shown = article()
    pane.show_article(shown, [], TAGS)
    pane.show_find_bar()
    bar = pane.find_bar
    field = bar.line_edit

    qtbot.keyClicks(field, "US Department of")
    metrics = field.fontMetrics()
    room = field.cursorRect().right()  # where the caret sits after the last character
    assert metrics.horizontalAdvance("US Department of") <= room < field.width()
    assert bar.status.text() == "2 matches"

    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert bar.status.text() == "1 of 2"
    first = shown.text.index("US Department of")
    assert pane.selected_range() == (first, first + len("US Department of"))
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 2"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert bar.status.text() == "1 of 2"  # wrapped round
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status.text() == "2 of 2"
    for widget in (bar.status, bar.previous_button, bar.next_button, bar.close_button):
        assert widget.isVisible()
        seen = QRect(widget.mapTo(pane, widget.rect().topLeft()), widget.size())
        assert pane.rect().contains(seen)

    qtbot.keyClick(field, Qt.Key.Key_S)  # "US Department ofs": nothing
    assert bar.status.text() == "No matches"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert bar.status.text() == "Not found"

    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    pane.show_article(article("Only the US Department of Defense.\n", 2), [], TAGS)
    assert bar.isVisible() and bar.status.text() == "1 match"  # counted in the new text
