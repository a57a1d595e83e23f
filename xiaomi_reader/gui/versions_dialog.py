"""Article → Versions…: an article's versions; an earlier one opened to read, or compared
with the current one.

An earlier version opens read-only with its annotations highlighted where they were on it
(:mod:`compare_dialog`): it is evidence of what the page said, not a text to annotate.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core.version_summary import ArticleVersion
from xiaomi_reader.gui.compare_dialog import CompareDialog
from xiaomi_reader.gui.controller import LibraryController

__all__ = ["VersionsDialog"]

HEADERS = ["Version", "Imported or fetched", "Title", "Annotations"]


class VersionsDialog(QDialog):
    def __init__(
        self, controller: LibraryController, article_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Versions")
        self._controller = controller
        self._article_id = article_id
        self.opened: CompareDialog | None = None
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.open_button = QPushButton("&Open")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.compare_button = QPushButton("&Compare with Current")
        self.compare_button.setToolTip(
            "This version beside the current one: what went, what came, and where each "
            "annotation moved"
        )
        buttons.addButton(self.compare_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)
        self.open_button.clicked.connect(lambda: self.open_current(alone=True))
        self.compare_button.clicked.connect(lambda: self.open_current(alone=False))
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_current(alone=True))
        library = controller.library
        self.versions: list[ArticleVersion] = (
            controller.attempt(lambda: library.versions(article_id)) or []
        )
        for version in self.versions:
            row = self.table.rowCount()
            self.table.insertRow(row)
            number = f"{version.number} (current)" if version.current else str(version.number)
            when = (version.fetched_at or version.imported_at).strftime("%Y-%m-%d %H:%M UTC")
            cells = (number, when, version.title, str(version.annotations))
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self._enable()
        self.resize(640, 280)

    def _enable(self) -> None:
        row = self.table.currentRow()
        earlier = 0 <= row < len(self.versions) and not self.versions[row].current
        self.open_button.setEnabled(earlier)
        self.compare_button.setEnabled(earlier)

    def open_current(self, *, alone: bool) -> None:
        """The chosen earlier version, read-only: on its own, or beside the current one."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.versions) or self.versions[row].current:
            return
        number = self.versions[row].number
        controller, article_id = self._controller, self._article_id
        if self.opened is not None:
            self.opened.close()
        self.opened = controller.attempt(
            lambda: CompareDialog(controller, article_id, number, self, alone=alone)
        )
        if self.opened is not None:
            self.opened.destroyed.connect(self._forget_opened)
            self.opened.open()

    def _forget_opened(self) -> None:
        self.opened = None
