"""Widgets shown for the window tests: article panes, and the main window as the link
harness sees it. The main window itself (``window``, ``open_window``) is in tests/windows.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.gui.helpers import Harness, PaneFactory
from tests.windows import WindowOpener
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.store.library import Library


@pytest.fixture
def make_pane(qtbot: QtBot) -> Iterator[PaneFactory]:
    """New article panes, each shown in a window of its own."""
    hosts: list[QWidget] = []  # alive until the test ends

    def make(width: int = 900, height: int = 600) -> ArticlePane:
        # Hosted in a layout-less window: a top-level layout would set a minimum window
        # size, which the offscreen platform answers with a warning (and the test fails).
        host = QWidget()
        hosts.append(host)
        qtbot.addWidget(host)
        host.resize(width, height)
        pane = ArticlePane(host)
        pane.resize(width, height)
        host.show()
        qtbot.waitExposed(host)
        return pane

    yield make


@pytest.fixture
def pane(make_pane: PaneFactory) -> ArticlePane:
    return make_pane()


@pytest.fixture
def harness(library: Library, open_window: WindowOpener) -> Iterator[Harness]:
    """The main window on articles 001 and 002, active, tall enough for connectors."""
    window = open_window(library, restore=False, size=(1600, 1000))
    window.activateWindow()
    driver = Harness(window)
    yield driver
    window.link_flow.cancel()
