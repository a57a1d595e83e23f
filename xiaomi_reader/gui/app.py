"""Starting the window: QApplication set-up, opening the library, the event loop."""

from __future__ import annotations

import sys

APP_DISPLAY_NAME = "xiaomi-reader"
ORGANISATION = "xiaomi-reader"
DESKTOP_FILE = "io.github.xiaomi_reader"


def run(db: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from xiaomi_reader import __version__
    from xiaomi_reader.paths import library_location
    from xiaomi_reader.store.database import LibraryError
    from xiaomi_reader.store.library import Library

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("xiaomi-reader")
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE)
    try:
        library = Library.open(library_location(db))
    except LibraryError as exc:
        QMessageBox.critical(None, "Cannot open the library", str(exc))
        return 1
    from xiaomi_reader.gui.main_window import MainWindow

    window = MainWindow(library)
    window.show()
    try:
        return app.exec()
    finally:
        library.close()
