"""Starting the window: QApplication set-up, opening the library, the event loop.

An intact library at the newest schema is shown before SQLAlchemy is even imported: the
window is built from a :class:`~xiaomi_reader.store.snapshot.LibrarySnapshot` and the
library proper is opened right after the first paint (about 0.3 s sooner on screen).
Anything unusual — a new library, one to upgrade, a damaged file — is opened first, with
its questions, and the window comes after.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import xiaomi_reader

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from xiaomi_reader.gui.main_window import MainWindow
    from xiaomi_reader.store.deferred import DeferredLibrary
    from xiaomi_reader.store.library import Library

APP_NAME = "xiaomi-reader"
ORGANISATION = "xiaomi-reader"
DESKTOP_FILE = "io.github.xiaomi_reader"
# Should the window never get painted (started minimised), open the library anyway.
OPEN_LIBRARY_AFTER_MS = 2000


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
    from PySide6.QtCore import QTimer

    from xiaomi_reader.gui.first_paint import after_first_paint
    from xiaomi_reader.paths import library_location

    app = _application()
    _catch_unexpected_errors(app)
    location = library_location(db)
    if smoke_test:  # the whole way, no questions: report and fail
        return _smoke_test(app, location)
    deferred = _deferred_library(location)
    if deferred is not None:
        window = _show_window(deferred)

        finished: list[bool] = []

        def finish() -> None:  # from the first paint, or the fallback timer: once
            if not finished and _finish_opening(app, window, deferred):
                finished.append(True)
                started()
                if files:
                    window.open_files(files)

        after_first_paint(window, finish)
        QTimer.singleShot(OPEN_LIBRARY_AFTER_MS, finish)
        library: Library | DeferredLibrary = deferred
    else:
        from xiaomi_reader.gui.open_library import LibraryOpener

        opened = LibraryOpener().open(location)
        if opened is None:
            return 1
        library = opened
        _set_identity(app)
        window = _show_window(library)
        _tell_what_opening_found(window, library)
        after_first_paint(window, started)
        if files:
            window.open_files(files)
    try:
        return app.exec()
    finally:
        library.close()


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName(DESKTOP_FILE)
    return app


def _catch_unexpected_errors(app: QApplication) -> None:
    """An exception nobody caught is logged and shown in a dialog; the window goes on."""
    from xiaomi_reader.gui.crash_dialog import CrashHandler

    CrashHandler(app).install()


def _set_identity(app: QApplication) -> None:
    """Version and icon: ~10 ms to find, so a window shown from a snapshot gets them
    after its first paint (the desktop file name already tells the desktop which icon)."""
    from xiaomi_reader.gui.icons import app_icon

    app.setApplicationVersion(xiaomi_reader.__version__)
    app.setWindowIcon(app_icon())


def _show_window(library: Library | DeferredLibrary) -> MainWindow:
    from xiaomi_reader.gui.main_window import MainWindow

    window = MainWindow(library)  # type: ignore[arg-type]  # a DeferredLibrary stands in
    window.show()
    return window


def _smoke_test(app: QApplication, location: str) -> int:
    from PySide6.QtCore import QTimer

    from xiaomi_reader.store.errors import LibraryError
    from xiaomi_reader.store.library import Library

    try:
        library = Library.open(location)
    except LibraryError as exc:
        from xiaomi_reader.core.display import escape_controls

        print(f"xiaomi-reader: error: {escape_controls(str(exc))}", file=sys.stderr)
        return 1
    _set_identity(app)
    window = _show_window(library)
    QTimer.singleShot(0, window.close)
    try:
        return app.exec()
    finally:
        library.close()


def _deferred_library(location: str) -> DeferredLibrary | None:
    """A library to show from a snapshot, or None when it must be opened first."""
    if "://" in location:  # a URL: no file to look at
        return None
    from xiaomi_reader.store.deferred import DeferredLibrary
    from xiaomi_reader.store.snapshot import LibrarySnapshot

    snapshot = LibrarySnapshot.read(Path(location))
    if snapshot is None:
        return None

    def open_library() -> Library | None:
        from xiaomi_reader.gui.open_library import LibraryOpener  # its dialogs: not before

        return LibraryOpener().open(location)

    return DeferredLibrary(snapshot, open_library)


def _finish_opening(app: QApplication, window: MainWindow, deferred: DeferredLibrary) -> bool:
    """Open the library proper, if nothing has yet; True once it is open.

    Should the reader give up on it (or close the window first), the app ends.
    """
    from xiaomi_reader.store.errors import LibraryError

    if deferred.loaded:  # a write opened it first
        window.show_library_access()
        return True
    if not window.isVisible():
        return False
    shown_from = deferred.path
    try:
        deferred.load()
    except LibraryError:
        window.close()
        app.exit(1)
        return False
    _set_identity(app)
    if deferred.path != shown_from:  # the reader chose another library
        window.reload_from_library()
    window.show_library_access()
    _tell_what_opening_found(window, deferred.load())
    return True


def _tell_what_opening_found(window: MainWindow, library: Library) -> None:
    notes = []
    if library.recovery_note:
        notes.append(f"A recovery copy of the library was kept.\n\n{library.recovery_note}")
    if library.backup_problem:
        notes.append(f"Today's backup was not made.\n\n{library.backup_problem}")
    if notes:
        window.show_error("\n\n".join(notes))
