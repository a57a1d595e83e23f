"""The window on a library on a read-only disk: a banner, the message on tagging, export."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.disks import Disk
from tests.gui.helpers import ScriptedOpener, library_opened, when_window
from tests.helpers import DATA
from tests.windows import WindowOpener
from xiaomi_reader.gui import app as app_module
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.open_library import Choice
from xiaomi_reader.store.library import Library


def library_on_read_only_disk(disk: Disk) -> Path:
    path = disk.folder / "library.sqlite3"
    with Library.open(path) as library:
        article = library.articles()[0]
        library.add_annotation(article.id, 0, 12, note="kept")
    disk.make_read_only()
    return path


def expected_banner(library: Library) -> str:
    return f"This library is read-only: {library.read_only_reason}. Export still works."


def test_the_window_shows_a_banner_and_pressing_1_says_why_nothing_changes(
    qtbot: QtBot,
    open_window: WindowOpener,
    disk: Disk,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
):
    path = library_on_read_only_disk(disk)
    before = disk.listing()
    with Library.open(path) as library:
        window = open_window(library, restore=False, size=(1440, 880))

        banner = window.read_only_banner
        assert banner is not None and banner.isVisible()
        assert banner.text() == expected_banner(library)
        # Above the panes, across the reading area.
        banner_bottom = banner.mapTo(window, QPoint(0, banner.height())).y()
        assert banner_bottom <= window.splitter.mapTo(window, QPoint(0, 0)).y()
        assert banner.width() == window.reading.scroll_area.width()
        window.grab().save(str(tmp_path / "read-only-window.png"))

        for action in window.menus.writing_actions():
            assert not action.isEnabled(), action.text()
            assert library.read_only_reason in action.toolTip()
        assert window.menus.export_action.isEnabled()
        assert window.annotations_dock.note.isReadOnly()

        pane = window.panes[0]
        pane.text_view.setFocus()
        pane.select_range(20, 40)
        qtbot.keyClick(pane.text_view, Qt.Key.Key_1)
        qtbot.waitUntil(lambda: bool(window.last_error))
        message = window.last_error
        assert message.startswith(f"This library is read-only ({library.read_only_reason})")
        assert "Export still works" in message
        assert window.statusBar().currentMessage().startswith("This library is read-only")
        assert [a.note for a in library.annotations()] == ["kept"]
        assert [a.note for a in window.controller.annotations()] == ["kept"]
        open_window.close(window)
    assert disk.listing() == before
    assert "Traceback" not in capfd.readouterr().err


def test_starting_on_a_read_only_disk_shows_the_window_with_its_banner(
    qapp: QApplication, disk: Disk, capfd: pytest.CaptureFixture[str]
):
    """The library opens read-only, with no question asked, and the window says so."""
    path = library_on_read_only_disk(disk)
    before = disk.listing()
    seen: dict[str, object] = {}

    def opened_with_banner(window: MainWindow) -> bool:
        return library_opened(window) and window.read_only_banner is not None

    def act(window: MainWindow) -> None:
        assert window.read_only_banner is not None
        seen["banner"] = window.read_only_banner.text()
        seen["visible"] = window.read_only_banner.isVisible()
        seen["panes"] = [pane.article_id is not None for pane in window.panes]
        seen["dialogs"] = [
            w.windowTitle() for w in qapp.topLevelWidgets() if w.isVisible() and w is not window
        ]
        window.close()

    deadline = time.monotonic() + 30

    def give_up_in_time() -> None:  # rather than wait for ever on a window that never opens
        if time.monotonic() > deadline:
            QApplication.closeAllWindows()
            qapp.exit(3)

    when_window(qapp, opened_with_banner, act, give_up_in_time)
    assert app_module.run(str(path)) == 0, "the library was never opened with its banner"
    reason = (
        f"the disk {disk.folder} is mounted read-only"
        if disk.mounted
        else f"the file {path} is not writable"
    )
    assert seen["banner"] == f"This library is read-only: {reason}. Export still works."
    assert seen["visible"] and all(seen["panes"])  # type: ignore[arg-type]
    assert seen["dialogs"] == []
    assert disk.listing() == before
    assert "Traceback" not in capfd.readouterr().err


def test_a_read_only_library_to_upgrade_is_refused_and_another_offered(qapp, disk: Disk):
    """It cannot be upgraded: the reader is told why and may open or create another."""
    old = disk.folder / "library.sqlite3"
    shutil.copy(DATA / "library-0001.sqlite3", old)
    disk.make_read_only()
    before = disk.listing()
    opener = ScriptedOpener([Choice.QUIT], [])
    assert opener.open(str(old)) is None
    [message] = opener.messages
    assert "must be upgraded, which cannot be done while it is read-only" in message
    assert disk.listing() == before
