"""What the window does with an error nobody expected: log it, say so, and carry on.

Every change is committed before the window shows it, so an exception in a slot
or a worker thread leaves the library as it was. Python calls ``sys.excepthook``
for an exception raised in a slot that Qt called, and ``threading.excepthook``
for one that ends a thread; both come here, and the dialog
(:mod:`~xiaomi_reader.gui.crash_dialog`, whose widgets cost ~25 ms to load) is
loaded when there is something to show.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

if TYPE_CHECKING:
    from xiaomi_reader.gui.crash_dialog import CrashDialog

log = logging.getLogger(__name__)


class CrashHandler(QObject):
    """Receives uncaught exceptions from any thread and shows them on the GUI thread."""

    caught = Signal(str, str)  # what happened, the details

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued: a worker thread's exception is shown by the GUI thread.
        self.caught.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.shown: list[CrashDialog] = []

    def install(self) -> None:
        sys.excepthook = self._from_python
        threading.excepthook = self._from_thread

    def _from_python(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        self._report(kind, error, trace, threading.current_thread().name)

    def _from_thread(self, hook: threading.ExceptHookArgs) -> None:
        if hook.exc_value is None:
            return
        name = hook.thread.name if hook.thread is not None else "a thread"
        self._report(hook.exc_type, hook.exc_value, hook.exc_traceback, name)

    def _report(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
        thread: str,
    ) -> None:
        log.error("Uncaught exception in %s", thread, exc_info=(kind, error, trace))
        details = "".join(traceback.format_exception(kind, error, trace))
        from xiaomi_reader import __version__

        header = f"xiaomi-reader {__version__}, Python {sys.version.split()[0]}, {thread}\n\n"
        self.caught.emit(f"{kind.__name__}: {error}", header + details)

    @Slot(str, str)
    def _show(self, what: str, details: str) -> None:
        from PySide6.QtWidgets import QApplication

        from xiaomi_reader.gui.crash_dialog import CrashDialog

        parent = QApplication.activeWindow()
        dialog = CrashDialog(what, details, parent)
        self.shown.append(dialog)
        dialog.destroyed.connect(lambda: self.shown.remove(dialog))
        dialog.open()  # not exec(): the window's own events go on
