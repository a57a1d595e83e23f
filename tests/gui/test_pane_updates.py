"""An article that becomes another version while it is open: its pane shows the new text
where the reader was, and nothing else in the window moves."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import import_files
from tests.helpers import VERSION_1, VERSION_2, version_file
from tests.windows import WindowOpener
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library

SMALL = (1366, 768)


def six_panes_with_the_story_last(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
) -> MainWindow:
    """A window with six panes, the story's first version in the last, the reader in the
    first pane with the area scrolled to it."""
    v1 = version_file(tmp_path, "v1.md", VERSION_1)

    def add_story(library: Library) -> None:
        [outcome] = library.import_article_files([v1])
        assert outcome.article is not None
        start = VERSION_1.index("US Department of State")
        library.add_annotation(outcome.article.id, start, start + len("US Department of State"))

    window = open_window(before=add_story, restore=False, size=SMALL)
    [story] = [a for a in window.views.articles if a.title == "Xiaomi and the list"]
    while len(window.panes) < 6:
        window.menus.new_pane_action.trigger()
    window.open_article(story.id, window.panes[-1])
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    bar.setValue(0)
    first = window.panes[0].text_view
    qtbot.mouseClick(first.viewport(), Qt.MouseButton.LeftButton, pos=first.rect().center())
    assert window.current_pane is window.panes[0]
    return window


def test_a_new_version_of_an_article_out_of_view_leaves_the_reader_where_they_are(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
):
    window = six_panes_with_the_story_last(qtbot, open_window, tmp_path)
    first, last = window.panes[0], window.panes[-1]
    bar = window.reading.scroll_area.horizontalScrollBar()

    import_files(qtbot, window, [version_file(tmp_path, "v2.md", VERSION_2)])
    assert last.text_view.toPlainText() == VERSION_2
    QApplication.processEvents()  # what the update left for later, a scroll too, has run
    assert bar.value() == 0
    assert window.current_pane is first

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(first.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: last.text_view.toPlainText() == VERSION_1)
    QApplication.processEvents()
    assert bar.value() == 0
    assert window.current_pane is first
