"""The tag manager's table: a row per tag, its name, shortcut and description edited in place.

The table only shows tags and says which edit the user made (:attr:`TagTable.edited`);
the dialog (:mod:`tag_manager`) stores it and fills the table again with what was
stored. A shortcut is edited as one key chord (:class:`ShortcutDelegate`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QKeySequenceEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.gui.models import colour_chip

__all__ = [
    "COLUMN_DESCRIPTION",
    "COLUMN_NAME",
    "COLUMN_SHORTCUT",
    "ShortcutDelegate",
    "TagTable",
]

COLUMN_NAME = 0
COLUMN_SHORTCUT = 1
COLUMN_DESCRIPTION = 2
HEADERS = ("Name", "Shortcut", "Description")
TAG_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1

_FINISHED = "tagShortcutFinished"
# Keys that clear a shortcut instead of becoming one.
_CLEAR_KEYS = frozenset({QKeySequence(Qt.Key.Key_Backspace), QKeySequence(Qt.Key.Key_Delete)})


class TagTable(QTableWidget):
    """Name (with its colour chip), shortcut and description of each tag, one row a tag."""

    edited = Signal(int, object)  # the tag's id, the update_tag keywords of the edit

    def __init__(self, parent: QWidget) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.setAccessibleName("Tags")
        self.horizontalHeader().setAccessibleName("Tags: columns")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setTabKeyNavigation(False)  # Tab moves on to the buttons, not across cells.
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(COLUMN_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_SHORTCUT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self._shortcut_delegate = ShortcutDelegate(self)
        self.setItemDelegateForColumn(COLUMN_SHORTCUT, self._shortcut_delegate)
        self.itemChanged.connect(self._item_changed)

    def show_tags(self, tags: Sequence[records.Tag]) -> None:
        """A row for each tag, in this order."""
        # Filling cells is not editing them: keep itemChanged quiet meanwhile.
        self.blockSignals(True)
        try:
            self.setRowCount(len(tags))
            for row, tag in enumerate(tags):
                self._fill_row(row, tag)
        finally:
            self.blockSignals(False)

    def _fill_row(self, row: int, tag: records.Tag) -> None:
        # Existing items are updated, not replaced: a refresh can run inside an item's
        # own setData (an in-place edit being committed).
        name = self._item(row, COLUMN_NAME)
        name.setText(tag.name)
        name.setIcon(colour_chip(tag.colour))
        name.setData(TAG_ID_ROLE, tag.id)
        name.setToolTip(f"{tag.name} ({tag.colour})")
        shortcut = self._item(row, COLUMN_SHORTCUT)
        shortcut.setText(tag.shortcut or "")
        shortcut.setToolTip("Press F2, then a key or key chord; Backspace clears it.")
        self._item(row, COLUMN_DESCRIPTION).setText(tag.description)

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.setItem(row, column, item)
        return item

    def _item_changed(self, item: QTableWidgetItem) -> None:
        """An in-place edit of a name, shortcut or description: say which."""
        name_item = self.item(item.row(), COLUMN_NAME)
        if name_item is None:
            return
        change = _edit_for(item.column(), item.text())
        if change is not None:
            self.edited.emit(int(name_item.data(TAG_ID_ROLE)), change)


def _edit_for(column: int, text: str) -> dict[str, str | None] | None:
    """The `update_tag` keyword for an edited cell."""
    if column == COLUMN_NAME:
        return {"name": text}
    if column == COLUMN_SHORTCUT:
        return {"shortcut": text.strip() or None}
    if column == COLUMN_DESCRIPTION:
        return {"description": text.strip()}
    return None


class ShortcutDelegate(QStyledItemDelegate):
    """Edits a shortcut as one key chord; Backspace or Delete clears it."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QKeySequenceEdit(parent)
        editor.setMaximumSequenceLength(1)
        editor.setAccessibleName("Shortcut")
        editor.setToolTip("Press a key or key chord; Backspace clears the shortcut.")
        # One chord is the whole answer: commit at once instead of after Qt's idle timeout.
        editor.keySequenceChanged.connect(lambda _seq: self._finish(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QKeySequenceEdit):
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            portable = QKeySequence.SequenceFormat.PortableText
            # Showing the current value is not an edit: keep _finish from committing it.
            editor.blockSignals(True)
            editor.setKeySequence(QKeySequence.fromString(text, portable))
            editor.blockSignals(False)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QKeySequenceEdit):
            sequence = editor.keySequence()
            cleared = sequence.isEmpty() or sequence in _CLEAR_KEYS
            text = "" if cleared else sequence.toString(QKeySequence.SequenceFormat.PortableText)
            model.setData(index, text, Qt.ItemDataRole.EditRole)

    def _finish(self, editor: QKeySequenceEdit) -> None:
        # Closing the editor emits keySequenceChanged once more: answer only the first chord.
        if editor.keySequence().isEmpty() or editor.property(_FINISHED):
            return
        editor.setProperty(_FINISHED, True)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
