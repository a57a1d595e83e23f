"""The annotations an update left for review: the old passage beside the likeliest new place.

The reader accepts a place (the annotation moves to the current version, one undo step)
or leaves it: it stays on the version before, marked "needs review" in the Annotations
dock, and is never moved without being asked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.gui.controller import LibraryController

__all__ = ["ReviewDialog"]

HEADERS = ["Annotated in the version before", "Likely place now"]
CONTEXT = 40  # characters of the new text shown on each side of a candidate
# A candidate found in a version the article has since moved on from.
CHANGED_AGAIN = "(no place offered: the article has changed again)"


def _in_context(before: str, words: str, after: str) -> str:
    return " ".join(f"…{before[-CONTEXT:]}[{words}]{after[:CONTEXT]}…".split())


class ReviewDialog(QDialog):
    def __init__(
        self,
        controller: LibraryController,
        summary: str,
        annotation_ids: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotations to Review")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._controller = controller
        self._ids = list(annotation_ids)
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setVisible(bool(summary))
        layout.addWidget(self.summary)
        layout.addWidget(
            QLabel(
                "The new text does not say for sure where these passages are. Accept the "
                "place offered, or leave them on the version before."
            )
        )
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.accept_button = QPushButton("&Accept Place")
        self.leave_button = QPushButton("&Leave for Later")
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.leave_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout.addWidget(buttons)
        self.accept_button.clicked.connect(self.accept_current)
        self.leave_button.clicked.connect(self.leave_current)
        self.close_button.clicked.connect(self.close)
        self.table.itemSelectionChanged.connect(self._enable)
        self._fill()
        self.resize(760, 320)

    def _fill(self) -> None:
        articles: dict[int, records.Article | None] = {}
        self.table.setRowCount(0)
        for annotation_id in self._ids:
            annotation = self._controller.annotation(annotation_id)
            if annotation is None or annotation.article_id is None:
                continue
            if annotation.article_id not in articles:
                articles[annotation.article_id] = self._article(annotation.article_id)
            self._add_row(annotation, articles[annotation.article_id])
        self.table.resizeRowsToContents()
        if self.table.rowCount():
            self.table.selectRow(0)
        self._enable()

    def _article(self, article_id: int) -> records.Article | None:
        library = self._controller.library
        return self._controller.attempt(lambda: library.article(article_id))

    def _add_row(self, annotation: records.Annotation, article: records.Article | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        old = QTableWidgetItem(_in_context(annotation.prefix, annotation.exact, annotation.suffix))
        old.setData(Qt.ItemDataRole.UserRole, annotation.id)
        shown, place = "(no place offered)", None
        if article is not None:
            place = annotation.offered_place(article.version)
            if place is not None:
                text, (start, end) = article.text, place
                shown = _in_context(text[:start], text[start:end], text[end:])
            elif annotation.candidate_start is not None:
                shown = CHANGED_AGAIN
        offered = QTableWidgetItem(shown)
        offered.setData(Qt.ItemDataRole.UserRole, place is not None)  # a place to accept
        self.table.setItem(row, 0, old)
        self.table.setItem(row, 1, offered)

    def _enable(self) -> None:
        chosen = self.table.currentRow() >= 0 and bool(self.table.selectedItems())
        offered = self.table.item(self.table.currentRow(), 1) if chosen else None
        self.accept_button.setEnabled(
            offered is not None and bool(offered.data(Qt.ItemDataRole.UserRole))
        )
        self.leave_button.setEnabled(chosen)

    def current_id(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def accept_current(self) -> None:
        """The chosen annotation takes the place offered (one undo step)."""
        annotation_id = self.current_id()
        if annotation_id is not None and self._controller.accept_candidate(annotation_id):
            self._drop(annotation_id)

    def leave_current(self) -> None:
        """Leave the chosen annotation where it is; the dock keeps it marked."""
        annotation_id = self.current_id()
        if annotation_id is not None:
            self._drop(annotation_id)

    def _drop(self, annotation_id: int) -> None:
        self._ids.remove(annotation_id)
        self.table.removeRow(self.table.currentRow())
        if not self._ids:
            self.close()
        else:
            self.table.selectRow(0)
