"""An error nobody expected: logged, shown with its details, and the library intact."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import urls_opened
from tests.windows import WindowOpener
from xiaomi_reader.gui.crash_dialog import CrashDialog
from xiaomi_reader.gui.crash_hook import CrashHandler
from xiaomi_reader.logs import setup_logging
from xiaomi_reader.paths import log_dir


@pytest.fixture
def handler(qapp: QApplication) -> Iterator[CrashHandler]:
    hooks = sys.excepthook, threading.excepthook
    setup_logging()
    crash = CrashHandler()
    crash.install()
    yield crash
    sys.excepthook, threading.excepthook = hooks
    for dialog in list(crash.shown):
        dialog.close()


def shown_dialog(qtbot: QtBot, handler: CrashHandler) -> CrashDialog:
    qtbot.waitUntil(lambda: len(handler.shown) == 1)
    return handler.shown[0]


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_shown_logged_and_loses_nothing(
    qtbot: QtBot, handler: CrashHandler, open_window: WindowOpener, db_path: Path
):
    window = open_window()
    library = window.library
    article_id = library.articles()[0].id
    window.controller.create_annotation(article_id, 0, 6)
    before = library.annotations()

    def broken_slot() -> None:
        raise RuntimeError("the slot broke <b>here</b>")

    QTimer.singleShot(0, broken_slot)  # Qt calls it from its event loop, as it calls slots
    dialog = shown_dialog(qtbot, handler)
    assert "RuntimeError: the slot broke &lt;b&gt;here&lt;/b&gt;" in dialog.summary.text()
    assert "Your library is safe" in dialog.summary.text()
    assert 'raise RuntimeError("the slot broke <b>here</b>")' in dialog.details.toPlainText()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "broken_slot" in QGuiApplication.clipboard().text()
    with urls_opened("file") as opened:
        qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(log_dir())]
    assert dialog.isVisible()  # neither button closes it

    logged = (log_dir() / "xiaomi-reader.log").read_text(encoding="utf-8")
    assert "Uncaught exception in MainThread" in logged and "broken_slot" in logged

    # The window goes on working, and the library is as it was.
    assert window.controller.create_annotation(article_id, 10, 14) is not None
    assert len(library.annotations()) == len(before) + 1
    open_window.close(window)
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_thread_is_shown_by_the_window(
    qtbot: QtBot, handler: CrashHandler
):
    def work() -> None:
        raise ValueError("the export thread broke")

    worker = threading.Thread(target=work, name="export")
    worker.start()
    worker.join()
    dialog = shown_dialog(qtbot, handler)
    assert "ValueError: the export thread broke" in dialog.summary.text()
    assert dialog.details.toPlainText().startswith("xiaomi-reader ")
    assert ", export\n" in dialog.details.toPlainText()
