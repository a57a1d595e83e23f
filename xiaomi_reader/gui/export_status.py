"""Under the export form: what the export will hold, a busy bar while it runs, then how
it went (an error, or where the file is with a button to open it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from xiaomi_reader.gui.theme import show_as_error


class ExportStatus(QWidget):
    """The status area; the dialog says what to show in it."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scope_label = QLabel()
        layout.addWidget(self.scope_label)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)  # busy: the export has no steps to count
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_bar.setAccessibleName("Export in progress")
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)

        self.error_label = _selectable_label()
        show_as_error(self.error_label)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.result_row = QWidget()
        row = QHBoxLayout(self.result_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.result_label = _selectable_label()
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the exported file with its usual application")
        row.addWidget(self.result_label, 1)
        row.addWidget(self.open_button)
        self.result_row.hide()
        layout.addWidget(self.result_row)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def show_result(self, message: str) -> None:
        self.result_label.setText(message)
        self.result_row.show()
        self.open_button.setFocus()

    def clear_outcome(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        self.result_row.hide()


def _selectable_label() -> QLabel:
    """Wrapped plain text the reader can select (to copy a path or an error)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
