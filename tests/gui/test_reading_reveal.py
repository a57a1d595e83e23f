"""A pane out of view comes into view when the reader goes to it: by F6, or by choosing
one of its annotations in the Annotations dock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.windows import WindowOpener
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.main_window import MainWindow

SMALL = (1366, 768)


def wholly_shown(window: MainWindow, pane: ArticlePane) -> bool:
    """Whether all of the pane's width is inside the reading area's view."""
    area = window.reading.scroll_area.viewport()
    left = pane.mapTo(area, pane.rect().topLeft()).x()
    return left >= 0 and left + pane.width() <= area.width()


def first_pane_in_view(qtbot: QtBot, window: MainWindow) -> ArticlePane:
    """The window at 1366×768 with its three panes, scrolled to the first: the last is out
    of view. Returns the last."""
    last = window.panes[-1]
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and wholly_shown(window, window.panes[0]))
    assert not wholly_shown(window, last)
    return last


def test_f6_into_a_pane_out_of_view_brings_it_into_view(qtbot: QtBot, open_window: WindowOpener):
    window = open_window(restore=False, size=SMALL)
    last = first_pane_in_view(qtbot, window)
    window.activateWindow()
    window.panes[1].text_view.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panes[1].text_view)
    qtbot.keyClick(window.panes[1].text_view, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is last.text_view
    qtbot.waitUntil(lambda: wholly_shown(window, last))


def test_choosing_an_annotation_brings_its_pane_into_view(qtbot: QtBot, open_window: WindowOpener):
    window = open_window(restore=False, size=SMALL)
    last = first_pane_in_view(qtbot, window)
    assert last.article_id is not None
    made = window.controller.create_annotation(last.article_id, 0, 10, [1])
    assert made is not None
    table = window.annotations_dock.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    cell = table.visualRect(table.model().index(0, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: wholly_shown(window, last))
