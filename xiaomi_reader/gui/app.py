"""Starting the window: QApplication set-up, opening the library, the event loop.

The library is opened first — with its questions when it is new, older, damaged or
foreign — and the window is built on it and shown after.

The library is opened before Qt is loaded. Once PySide6 is imported it reads the source
of every module imported after it (looking for its ``__feature__`` imports): ~5% of the
start for SQLAlchemy's modules. Imported before PySide6, the store's modules are never read.
Only a library that cannot be opened needs Qt before that, to ask what to do.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import xiaomi_reader

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from xiaomi_reader.gui.main_window import MainWindow
    from xiaomi_reader.store.library import Library

APP_NAME = "xiaomi-reader"
ORGANISATION = "xiaomi-reader"
DESKTOP_FILE = "io.github.xiaomi_reader"


def run(db: str | None = None, *, files: Sequence[str] = (), smoke_test: bool = False) -> int:
    """Show the main window until it closes; ``smoke_test`` closes it once it has painted.

    ``files`` are article files to show (added to the library first if new).
    """
    # Start-up allocates much and frees little, so the cyclic garbage collector would
    # only cost time (~15 ms); it runs again once the window has painted.
    collecting = gc.isenabled()
    gc.disable()

    def resume_collecting() -> None:
        if collecting:
            gc.enable()

    try:
        return _run(db, files, smoke_test, resume_collecting)
    finally:
        resume_collecting()


def _run(
    db: str | None, files: Sequence[str], smoke_test: bool, started: Callable[[], None]
) -> int:
    from xiaomi_reader.paths import library_location
    from xiaomi_reader.store.errors import LibraryError
    from xiaomi_reader.store.library import Library

    location = library_location(db)
    library: Library | None = None
    refusal = ""
    try:
        library = Library.open(location)
    except LibraryError as exc:
        if smoke_test:  # the whole way, no questions: report and fail
            from xiaomi_reader.core.display import escape_controls

            print(f"xiaomi-reader: error: {escape_controls(str(exc))}", file=sys.stderr)
            return 1
        refusal = str(exc)
    try:
        app = _application()
        _catch_unexpected_errors(app)
        if library is None:
            from xiaomi_reader.gui.open_library import LibraryOpener

            library = LibraryOpener().recover(location, refusal)
            if library is None:
                return 1
        if smoke_test:
            return _smoke_test(app, library)
        return _show_until_closed(app, library, files, started)
    finally:
        if library is not None:
            library.close()


def _show_until_closed(
    app: QApplication, library: Library, files: Sequence[str], started: Callable[[], None]
) -> int:
    from xiaomi_reader.gui.first_paint import after_first_paint

    window = _show_window(library)
    _tell_what_opening_found(window, library)

    def after_painting() -> None:
        # The desktop already knows the icon from the desktop file name.
        _set_identity(app)
        started()

    after_first_paint(window, after_painting)
    if files:
        window.open_files(files)
    return app.exec()


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName(DESKTOP_FILE)
    from xiaomi_reader.gui.theme import SchemeFollower

    SchemeFollower(app)  # dark when the system is dark, even where the style would not be
    return app


def _catch_unexpected_errors(app: QApplication) -> None:
    """An exception nobody caught is logged and shown in a dialog; the window goes on."""
    from xiaomi_reader.gui.crash_hook import CrashHandler

    CrashHandler(app).install()


def _set_identity(app: QApplication) -> None:
    """The version and the window icon (~10 ms to find: after the first paint)."""
    from xiaomi_reader.gui.icons import app_icon

    app.setApplicationVersion(xiaomi_reader.__version__)
    app.setWindowIcon(app_icon())


def _show_window(library: Library) -> MainWindow:
    from xiaomi_reader.gui.main_window import MainWindow

    window = MainWindow(library)
    window.show()
    return window


def _smoke_test(app: QApplication, library: Library) -> int:
    from PySide6.QtCore import QTimer

    _set_identity(app)
    window = _show_window(library)
    QTimer.singleShot(0, window.close)
    return app.exec()


def _tell_what_opening_found(window: MainWindow, library: Library) -> None:
    notes = []
    if library.recovery_note:
        notes.append(f"A recovery copy of the library was kept.\n\n{library.recovery_note}")
    if library.backup_problem:
        notes.append(f"Today's backup was not made.\n\n{library.backup_problem}")
    if notes:
        window.show_error("\n\n".join(notes))
