"""File → Restore from Backup…: the library's backups with dates and counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core.display import display_name
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.theme import show_as_error
from xiaomi_reader.store.backups import BackupInfo
from xiaomi_reader.store.errors import LibraryError

HEADERS = ("Made", "Why", "Articles", "Annotations")


def describe_reason(reason: str) -> str:
    if reason == "daily":
        return "First use of the day"
    if reason == "before-restore":
        return "Before a restore"
    if reason == "recovery":
        return "Found with a leftover log (the file without it)"
    if reason.startswith("before-upgrade-from-"):
        return f"Before upgrading schema {reason.removeprefix('before-upgrade-from-')}"
    return reason


class BackupDialog(QDialog):
    """Lists backups; Restore replaces the library's contents after asking."""

    def __init__(self, controller: LibraryController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        library = controller.library
        self.restored: BackupInfo | None = None
        self.setWindowTitle("Restore from Backup")
        self.resize(620, 360)
        self._backups = library.backups()

        intro = QLabel(
            "The library is copied before each upgrade, on the first use of each day, and "
            "when it is found with a write-ahead log that no program had open. "
            "Restoring replaces what the library holds now; the current state is copied "
            "aside first, so a restore can be undone by restoring that copy."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self._backups), len(HEADERS), self)
        self.table.setAccessibleName("Backups")
        self.table.horizontalHeader().setAccessibleName("Backups: columns")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, backup in enumerate(self._backups):
            self._fill(row, backup)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.restore_selected())

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        show_as_error(self.error_label)
        self.error_label.hide()
        self.empty_label = QLabel("There are no backups of this library yet.", self)
        self.empty_label.setVisible(not self._backups)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if self._backups:
            self.table.selectRow(0)
        self._update_buttons()

    def _fill(self, row: int, backup: BackupInfo) -> None:
        made = backup.created.astimezone().strftime("%Y-%m-%d %H:%M")
        cells = (
            made,
            describe_reason(backup.reason),
            "?" if backup.articles is None else str(backup.articles),
            "?" if backup.annotations is None else str(backup.annotations),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(display_name(backup.path))
            self.table.setItem(row, column, item)

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Restore from Backup",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> bool:
        backup = self.selected()
        if backup is None:
            return False
        made = backup.created.astimezone().strftime("%Y-%m-%d %H:%M")
        if not self.confirm(
            f"Replace the library with the backup from {made}? "
            "What it holds now is copied aside first."
        ):
            return False
        try:
            self.controller.restore_backup(backup.path)
        except LibraryError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return False
        self.restored = backup
        self.accept()
        return True
