"""The dialog for an error nobody expected: what happened, Copy Details, Open Log Folder.

Shown by :mod:`~xiaomi_reader.gui.crash_hook`, which catches the error; this module is
imported only then.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
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


def _escape(text: str) -> str:
    from html import escape

    return escape(" ".join(text.split())[:300])
