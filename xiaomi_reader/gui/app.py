"""Starting the window: QApplication set-up, opening the library, the event loop."""

from __future__ import annotations

import sys

APP_NAME = "xiaomi-reader"
ORGANISATION = "xiaomi-reader"
DESKTOP_FILE = "io.github.xiaomi_reader"


def run(db: str | None = None, *, smoke_test: bool = False) -> int:
    """Show the main window until it closes; ``smoke_test`` closes it once it has painted."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from xiaomi_reader import __version__

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE)
    from xiaomi_reader.gui.icons import app_icon

    app.setWindowIcon(app_icon())

    from xiaomi_reader.paths import library_location
    from xiaomi_reader.store.database import LibraryError
    from xiaomi_reader.store.library import Library

    location = library_location(db)
    if smoke_test:  # no questions: report and fail
        try:
            library = Library.open(location)
        except LibraryError as exc:
            print(f"xiaomi-reader: error: {exc}", file=sys.stderr)
            return 1
    else:
        from xiaomi_reader.gui.open_library import LibraryOpener

        opened = LibraryOpener().open(location)
        if opened is None:
            return 1
        library = opened
    from xiaomi_reader.gui.main_window import MainWindow

    window = MainWindow(library)
    window.show()
    if smoke_test:
        QTimer.singleShot(0, window.close)
    try:
        return app.exec()
    finally:
        library.close()
