"""Article → Versions…: an article's versions, and an earlier one opened to read.

An earlier version is shown read-only, with the passages that were annotated on it
listed beneath: it is evidence of what the page said, not a text to annotate.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.core.version_summary import ArticleVersion, state_label
from xiaomi_reader.gui.controller import LibraryController

__all__ = ["OldVersionDialog", "VersionsDialog"]

HEADERS = ["Version", "Imported or fetched", "Title", "Annotations"]


class VersionsDialog(QDialog):
    def __init__(
        self, controller: LibraryController, article_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Versions")
        self._controller = controller
        self._article_id = article_id
        self.opened: OldVersionDialog | None = None
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
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)
        self.open_button.clicked.connect(self.open_current)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_current())
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

    def open_current(self) -> None:
        """Show the chosen earlier version, read-only."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.versions) or self.versions[row].current:
            return
        number = self.versions[row].number
        library = self._controller.library
        found = self._controller.attempt(lambda: library.old_version(self._article_id, number))
        if found is None:
            return
        self.opened = OldVersionDialog(*found, parent=self)
        self.opened.open()


class OldVersionDialog(QDialog):
    def __init__(
        self,
        article: records.Article,
        annotations: list[records.Annotation],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{article.title} — version {article.version} (read-only)")
        layout = QVBoxLayout(self)
        when = article.fetched_at or article.imported_at
        layout.addWidget(QLabel(f"Version {article.version}, {when:%Y-%m-%d %H:%M UTC}"))
        self.text = QPlainTextEdit(article.text)
        self.text.setReadOnly(True)
        layout.addWidget(self.text, 3)
        noun = "annotation" if len(annotations) == 1 else "annotations"
        layout.addWidget(QLabel(f"{len(annotations)} {noun} on this version:"))
        self.annotations = QListWidget()
        for annotation in annotations:
            quote = " ".join(annotation.exact.split())
            self.annotations.addItem(f"“{quote}” ({state_label(annotation.state)})")
        layout.addWidget(self.annotations, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 520)
