"""The main window, shown on a library the way the reader sees it: one fixture for every
test that needs it (a plugin that tests/conftest.py registers, so every folder has it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

if TYPE_CHECKING:  # Qt and the store are imported when a window is opened, not before
    from xiaomi_reader.gui.main_window import MainWindow
    from xiaomi_reader.store.library import Library


class WindowOpener:
    """Opens main windows, shown and exposed; closes whatever is still open at the end."""

    def __init__(self, qtbot: QtBot, db_path: Path) -> None:
        self._qtbot = qtbot
        self._db_path = db_path
        self._open: list[tuple[MainWindow, Library | None]] = []

    def __call__(
        self,
        library: Library | Path | None = None,
        *,
        before: Callable[[Library], object] | None = None,
        restore: bool = True,
        size: tuple[int, int] | None = (1500, 900),
    ) -> MainWindow:
        """A window on ``library``: a Library the test owns, or a file (``db_path`` if
        none) opened here and closed with the window. ``before`` fills the library first;
        ``size`` None keeps the size the window chose itself."""
        from xiaomi_reader.gui.main_window import MainWindow
        from xiaomi_reader.store.library import Library

        owned = None
        if not isinstance(library, Library):
            library = owned = Library.open(library or self._db_path)
        if before is not None:
            before(library)
        window = MainWindow(library, restore=restore)
        self._qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        self._qtbot.waitExposed(window)
        self._open.append((window, owned))
        return window

    def close(self, window: MainWindow) -> None:
        """Close the window as the reader does (it saves what is pending), then the library
        opened for it, so the next window reads the file afresh."""
        [entry] = [entry for entry in self._open if entry[0] is window]
        self._open.remove(entry)
        if window.isVisible():  # pytest-qt may have closed it already
            window.close()
        if entry[1] is not None:
            entry[1].close()

    def close_all(self) -> None:
        while self._open:
            self.close(self._open[-1][0])


@pytest.fixture
def open_window(qtbot: QtBot, db_path: Path) -> Iterator[WindowOpener]:
    """A factory for tests that reopen the library or fill it before the window shows it."""
    opener = WindowOpener(qtbot, db_path)
    yield opener
    opener.close_all()


@pytest.fixture
def window(open_window: WindowOpener) -> MainWindow:
    """The main window on a new library at ``db_path`` (the three bundled articles)."""
    return open_window()
