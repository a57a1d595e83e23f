"""Panes that read well at any width: whole words, a readable minimum, sideways scrolling,
titles of two lines at most; docks that keep their widths; focus mode (F11)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetricsF, QTextLayout
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QScrollBar,
    QStyle,
    QStyleOptionSlider,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.helpers import drop_files
from tests.windows import WindowOpener
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.text_view import DOCUMENT_MARGIN

CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier
SMALL = (1366, 768)
LONG_TITLE = (
    "Xiaomi's manufacturer investment plans meet the blacklist: what the Department of "
    "Defense decided, what the court suspended, and what the investors were told next"
)


def settle(qtbot: QtBot) -> None:
    """Let posted layout passes and zero timers run (no time passes for its own sake)."""
    qtbot.wait(1)
    QApplication.processEvents()


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifiers=NONE) -> None:
    """A key pressed with the focus in the first pane's text, the window active."""
    text = window.panes[0].text_view
    window.activateWindow()
    text.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is text)
    qtbot.keyClick(text, key, modifiers)


def new_pane(qtbot: QtBot, window: MainWindow) -> ArticlePane:
    """Ctrl+T."""
    before = len(window.panes)
    press(qtbot, window, Qt.Key.Key_T, CTRL)
    assert len(window.panes) == before + 1
    return window.panes[-1]


def open_from_library(qtbot: QtBot, window: MainWindow, row: int) -> None:
    """Double-click an article in the Library: it opens in the current pane."""
    view = window.library_dock.view
    rect = view.visualRect(view.model().index(row, 0))
    # A press comes before the double-click, as from a real mouse.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def broken_words(pane: ArticlePane) -> list[str]:
    """Words the text's layout splits across two lines ("manufactur|er")."""
    view = pane.text_view
    view.document().documentLayout().documentSize()  # the whole text laid out
    broken = []
    block = view.document().begin()
    while block.isValid():
        layout: QTextLayout = block.layout()
        text = block.text()
        for n in range(layout.lineCount() - 1):
            end = layout.lineAt(n).textStart() + layout.lineAt(n).textLength()
            if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                broken.append(text[max(0, end - 12) : end] + "|" + text[end : end + 12])
        block = block.next()
    return broken


def characters_per_line(pane: ArticlePane) -> float:
    """How many average characters the text column shows, between its margins."""
    view = pane.text_view
    column = view.viewport().width() - 2 * DOCUMENT_MARGIN
    return column / QFontMetricsF(view.font()).averageCharWidth()


def shown_width(pane: ArticlePane) -> int:
    """How much of the pane's width is on screen."""
    return pane.visibleRegion().boundingRect().width()


def test_four_panes_at_1366_keep_whole_words_and_scroll_sideways(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(restore=False, size=SMALL)
    fourth = new_pane(qtbot, window)
    open_from_library(qtbot, window, 0)
    assert fourth.article_id is not None
    settle(qtbot)
    for pane in window.panes:
        assert characters_per_line(pane) >= 40, pane.header.title.text()
        assert broken_words(pane) == [], pane.header.title.text()
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0)
    # The new pane was scrolled into view, whole, and so is the one beside it: no sliver
    # of a pane shows; and it got an equal share.
    qtbot.waitUntil(lambda: shown_width(fourth) == fourth.width())
    qtbot.waitUntil(lambda: bar.value() in [pane.x() for pane in window.panes])
    widths = [pane.width() for pane in window.panes]
    assert max(widths) - min(widths) <= 1, widths

    drag_handle(qtbot, bar, to_the_right=False)  # back to the start, as a reader would
    assert bar.value() == 0
    assert shown_width(window.panes[0]) == window.panes[0].width()
    assert shown_width(fourth) < fourth.width()
    drag_handle(qtbot, bar, to_the_right=True)
    assert bar.value() == bar.maximum()
    assert shown_width(fourth) == fourth.width()


def drag_handle(qtbot: QtBot, bar: QScrollBar, *, to_the_right: bool) -> None:
    """Drag the scroll bar's handle with the mouse as far as it goes."""
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    handle = bar.style().subControlRect(
        QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, bar
    )
    start = handle.center()
    end = QPoint(bar.width() + 50 if to_the_right else -50, start.y())
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(bar, pos=(start + end) / 2)
    qtbot.mouseMove(bar, pos=end)
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=end)


def test_two_panes_fit_side_by_side_at_1366(qtbot: QtBot, open_window: WindowOpener):
    window = open_window(restore=False, size=SMALL)
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert len(window.panes) == 2
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0 and not bar.isVisible())
    for pane in window.panes:
        assert shown_width(pane) == pane.width()
        assert characters_per_line(pane) >= 40


def test_a_new_pane_gets_an_equal_share(qtbot: QtBot, open_window: WindowOpener):
    window = open_window(restore=False, size=(1920, 1080))
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert len(window.panes) == 2
    window.splitter.setSizes([900, 400])  # the reader made the first pane wide
    settle(qtbot)
    new_pane(qtbot, window)

    def equal() -> bool:
        widths = [pane.width() for pane in window.panes]
        return max(widths) - min(widths) <= 1

    qtbot.waitUntil(equal)
    assert window.reading.scroll_area.horizontalScrollBar().maximum() == 0  # all three fit


def test_a_long_title_shows_two_lines_and_the_whole_title_on_hover(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
):
    window = open_window(restore=False, size=SMALL)
    article = tmp_path / "long.md"
    article.write_text(f"---\ntitle: {LONG_TITLE}\n---\nA short text.\n", encoding="utf-8")
    window.resize(window.minimumSizeHint())
    drop_files(window, article)
    qtbot.waitUntil(lambda: LONG_TITLE in [p.header.title.text() for p in window.panes])
    title = next(p.header.title for p in window.panes if p.header.title.text() == LONG_TITLE)
    qtbot.waitUntil(lambda: len(title.shown_lines()) == 2)
    lines = title.shown_lines()
    assert lines[1].endswith("…"), lines
    metrics = QFontMetricsF(title.font())
    assert all(metrics.horizontalAdvance(line) <= title.width() for line in lines)
    assert title.height() <= 3 * metrics.lineSpacing()
    assert title.toolTip() == LONG_TITLE


def dock_widths(window: MainWindow) -> tuple[int, int]:
    return window.library_dock.width(), window.annotations_dock.width()


def test_docks_keep_their_widths_through_resizes_and_a_restart(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(size=SMALL)
    settle(qtbot)
    wide = dock_widths(window)
    assert wide[1] <= SMALL[0] // 3  # the panes keep most of the window
    window.resize(window.minimumSizeHint())
    qtbot.waitUntil(lambda: dock_widths(window) != wide)
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: dock_widths(window) == wide)

    window.resize(window.minimumSizeHint())  # closed while small: next time it is small too
    qtbot.waitUntil(lambda: dock_widths(window) != wide)
    open_window.close(window)
    again = open_window(size=None)
    again.resize(*SMALL)
    qtbot.waitUntil(lambda: dock_widths(again) == wide)


def test_a_dock_dragged_wider_keeps_that_width_through_resizes_and_a_restart(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(size=SMALL)
    settle(qtbot)
    dock = window.annotations_dock
    before = dock.width()
    # The separator is the gap between the reading area and the dock.
    gap = window.reading.mapTo(window, QPoint(window.reading.width(), 0)).x()
    edge = QPoint((gap + dock.geometry().left()) // 2, dock.geometry().center().y())
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=edge)
    for step in range(1, 9):
        qtbot.mouseMove(window, pos=edge - QPoint(10 * step, 0))
        QApplication.processEvents()  # the separator follows the mouse on a zero timer
    qtbot.mouseRelease(window, Qt.MouseButton.LeftButton, pos=edge - QPoint(80, 0))
    qtbot.waitUntil(lambda: dock.width() >= before + 60)
    dragged = dock.width()

    window.resize(window.minimumSizeHint())
    qtbot.waitUntil(lambda: dock.width() < dragged)
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: dock.width() == dragged)
    open_window.close(window)
    again = open_window(size=SMALL)
    qtbot.waitUntil(lambda: again.annotations_dock.width() == dragged)


def test_f11_hides_the_docks_and_brings_them_back_as_they_were(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(size=SMALL)
    settle(qtbot)
    window.links_dock.raise_()  # the Links tab in front of Annotations
    qtbot.waitUntil(lambda: not window.links_dock.visibleRegion().isEmpty())
    before = (window.library_dock.width(), window.links_dock.width())
    reading = window.reading.width()
    press(qtbot, window, Qt.Key.Key_F11)
    docks: list[QDockWidget] = [window.library_dock, window.annotations_dock, window.links_dock]
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in docks))
    assert window.menus.focus_action.isChecked()
    qtbot.waitUntil(lambda: window.reading.width() > reading + 500)
    assert window.reading.width() >= window.width() - 2

    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.library_dock.isVisible() and window.links_dock.isVisible())
    # Links is still the tab in front: nothing of Annotations is on screen.
    qtbot.waitUntil(lambda: window.annotations_dock.visibleRegion().isEmpty())
    qtbot.waitUntil(lambda: (window.library_dock.width(), window.links_dock.width()) == before)
    assert not window.menus.focus_action.isChecked()


def test_closed_in_focus_mode_the_window_reopens_with_its_docks(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(size=SMALL)
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.library_dock.isVisible()
    open_window.close(window)
    again = open_window(size=None)
    assert again.library_dock.isVisible() and again.annotations_dock.isVisible()
    assert not again.menus.focus_action.isChecked()


def test_focus_is_listed_in_the_view_menu_and_among_the_shortcuts(qtbot: QtBot, window: MainWindow):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.menus.focus_action in view_menu.actions()
    window.menus.shortcuts_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(QTableWidget) is not None)
    table = window.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Focus"] == "F11"


def test_a_reload_leaves_the_sideways_scroll_where_the_reader_put_it(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(restore=False, size=SMALL)
    new_pane(qtbot, window)
    open_from_library(qtbot, window, 1)
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > 0)
    drag_handle(qtbot, bar, to_the_right=False)  # back to the first pane
    assert bar.value() == 0
    window.reload_from_library()  # as after another program changed the library
    settle(qtbot)
    assert bar.value() == 0


def test_a_pane_that_changes_width_keeps_the_line_at_its_top(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(restore=False, size=(1920, 1080))
    settle(qtbot)
    pane = window.panes[0]
    view = pane.text_view
    pane.set_scroll_fraction(0.5)
    top = view.cursorForPosition(QPoint(0, 0))
    line = QFontMetricsF(view.font()).lineSpacing()
    narrow = pane.width()
    window.resize(*SMALL)  # the window made smaller: the panes narrower, the text rewrapped
    qtbot.waitUntil(lambda: pane.width() != narrow)
    settle(qtbot)
    assert abs(view.cursorRect(top).top()) <= line


def test_paging_sideways_with_the_trough_stops_at_pane_edges(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(restore=False)
    while len(window.panes) < 5:
        new_pane(qtbot, window)
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0)
    qtbot.waitUntil(lambda: len({pane.width() for pane in window.panes}) == 1)
    drag_handle(qtbot, bar, to_the_right=False)
    assert bar.value() == 0

    def click_trough(sub_control: QStyle.SubControl) -> None:
        option = QStyleOptionSlider()
        bar.initStyleOption(option)
        part = bar.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, sub_control, bar
        )
        before = bar.value()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=part.center())
        qtbot.waitUntil(lambda: bar.value() != before)

    def no_sliver() -> bool:
        return all(shown_width(pane) in (0, pane.width()) for pane in window.panes)

    page, back = QStyle.SubControl.SC_ScrollBarAddPage, QStyle.SubControl.SC_ScrollBarSubPage
    for sub_control in (page, page, back, page):
        click_trough(sub_control)
        assert bar.value() in [pane.x() for pane in window.panes] + [bar.maximum()]
        assert no_sliver(), [(shown_width(p), p.width()) for p in window.panes]
