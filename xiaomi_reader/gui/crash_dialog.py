"""What the window does with an error nobody expected: log it, say so, and carry on.

Every change is committed before the window shows it, so an exception in a slot
or a worker thread leaves the library as it was; the dialog says what happened,
offers the details to copy into a report, and opens the log folder. Python calls
``sys.excepthook`` for an exception raised in a slot that Qt called, and
``threading.excepthook`` for one that ends a thread; both come here.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.paths import log_dir

log = logging.getLogger(__name__)

SUMMARY = (
    "xiaomi-reader ran into a problem it did not expect:<br><b>{what}</b><br><br>"
    "Your library is safe: every change the window showed was saved before it was shown. "
    "You can go on working; if the window misbehaves, close it and open it again.<br><br>"
    "To report it, copy the details below; look them over first, as they may name your files."
)


class CrashDialog(QDialog):
    """The error, its details, and the two things a person can do about it."""

    def __init__(self, what: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("xiaomi-reader: unexpected error")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.summary = QLabel(SUMMARY.format(what=_escape(what)))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details of the error")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy Details")
        self.log_button = QPushButton("Open &Log Folder")
        # Action buttons do not close the dialog: copy, look at the log, then close.
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        self.log_button.clicked.connect(open_log_folder)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")


def open_log_folder() -> None:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


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
        parent = QApplication.activeWindow()
        dialog = CrashDialog(what, details, parent)
        self.shown.append(dialog)
        dialog.destroyed.connect(lambda: self.shown.remove(dialog))
        dialog.open()  # not exec(): the window's own events go on


def _escape(text: str) -> str:
    from html import escape

    return escape(" ".join(text.split())[:300])
