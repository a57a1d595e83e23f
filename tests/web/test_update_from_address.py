"""Article → Update from Its Address in the window, against a real HTTP server on 127.0.0.1,
and an import of the same address that becomes the next version, undone with Ctrl+Z."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import import_files
from tests.helpers import VERSION_1, VERSION_2, version_file
from tests.web.pages import article_html
from tests.web.server import PageServer, page
from tests.windows import WindowOpener
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library

CTRL = Qt.KeyboardModifier.ControlModifier
OFFSCREEN_MENU = "This plugin does not support (raise|grabbing the keyboard)"
PASSAGE = "US Department of State"


def story(text: str) -> str:
    return article_html("Xiaomi and the list", *text.strip().split("\n\n"))


def opened_on_first_version(
    open_window: WindowOpener, tmp_path: Path, url: str
) -> tuple[MainWindow, int]:
    """A window showing VERSION_1, imported from a file that names ``url``, annotated once."""
    found: list[int] = []

    def fill(library: Library) -> None:
        [outcome] = library.import_article_files([version_file(tmp_path, "v1.md", VERSION_1, url)])
        assert outcome.article is not None
        start = VERSION_1.index(PASSAGE)
        library.add_annotation(outcome.article.id, start, start + len(PASSAGE))
        found.append(outcome.article.id)

    window = open_window(before=fill, restore=False)
    window.open_article(found[0])
    return window, found[0]


@pytest.mark.qt_log_ignore(OFFSCREEN_MENU)
def test_update_from_its_address_fetches_the_page_again(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path, web: PageServer
):
    web.routes["/story"] = page(story(VERSION_2))
    window, article_id = opened_on_first_version(open_window, tmp_path, web.url("/story"))
    pane = window.current_pane
    assert pane is not None

    bar, menu = window.menuBar(), window.menus.article_menu
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
    )
    qtbot.waitUntil(menu.isVisible)
    action = window.menus.update_from_address_action
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    qtbot.waitUntil(lambda: "Analysts disagree." in pane.text_view.toPlainText())
    message = window.statusBar().currentMessage()
    assert message.startswith('new version 2 of "Xiaomi and the list": 0 unchanged, 1 moved')
    assert web.paths_requested() == ["/story"]
    [annotation] = window.library.annotations(article_id)
    text = window.library.article(article_id).text
    assert (annotation.version, text[annotation.start : annotation.end]) == (2, PASSAGE)


def test_importing_a_file_at_the_same_address_is_a_version_one_ctrl_z_takes_back(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
):
    url = "https://news.example.org/xiaomi-list"
    window, article_id = opened_on_first_version(open_window, tmp_path, url)
    pane = window.current_pane
    assert pane is not None
    count = len(window.library.articles())

    import_files(qtbot, window, [version_file(tmp_path, "v2.md", VERSION_2, url + "?utm_source=x")])

    assert pane.text_view.toPlainText() == VERSION_2
    assert len(window.library.articles()) == count
    assert "New version 2 of" in window.statusBar().currentMessage()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: pane.text_view.toPlainText() == VERSION_1)
    [annotation] = window.library.annotations(article_id)
    assert (annotation.version, VERSION_1[annotation.start : annotation.end]) == (1, PASSAGE)
    assert [v.number for v in window.library.versions(article_id)] == [1]
