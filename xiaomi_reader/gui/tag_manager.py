"""The tag manager dialog (Annotation → Tags…): create, rename, recolour and delete tags.

The dialog never touches the database. It works through a `TagEditor` (the library
satisfies it) and re-reads `editor.tags()` after every change, so what it shows is
always what was stored. The table of tags, edited in place, is :mod:`tag_table`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.core.colours import colours
from xiaomi_reader.gui.tag_table import COLUMN_NAME, TagTable
from xiaomi_reader.gui.theme import show_as_error

# The built-in tags' colours first, so new tags start from the first one not in use.
TAG_PALETTE: tuple[str, ...] = colours().tag_palette
DIGIT_SHORTCUTS: tuple[str, ...] = tuple(str(digit) for digit in range(1, 10))
NEW_TAG_NAME = "New tag"

T = TypeVar("T")


class TagEditor(Protocol):
    """What the dialog needs from the library; errors carry a user-facing message."""

    def tags(self) -> list[records.Tag]: ...

    def add_tag(
        self, name: str, colour: str, *, description: str = "", shortcut: str | None = None
    ) -> records.Tag: ...

    def update_tag(
        self,
        tag_id: int,
        *,
        name: str | None = None,
        colour: str | None = None,
        description: str | None = None,
        shortcut: str | None = "",
    ) -> records.Tag:
        """``shortcut=""`` leaves the shortcut as it is, ``None`` clears it."""
        ...

    def tag_usage(self, tag_id: int) -> int: ...

    def delete_tag(self, tag_id: int) -> None: ...


def next_free_shortcut(tags: list[records.Tag]) -> str | None:
    """The lowest digit 1–9 that no tag uses as its shortcut."""
    used = {tag.shortcut for tag in tags}
    return next((digit for digit in DIGIT_SHORTCUTS if digit not in used), None)


def next_colour(tags: list[records.Tag]) -> str:
    """The first palette colour no tag uses yet; once all are taken, cycle through them."""
    used = {tag.colour.casefold() for tag in tags}
    unused = [colour for colour in TAG_PALETTE if colour.casefold() not in used]
    return unused[0] if unused else TAG_PALETTE[len(tags) % len(TAG_PALETTE)]


def unique_name(tags: list[records.Tag], base: str = NEW_TAG_NAME) -> str:
    """`base`, or `base 2`, `base 3`… whichever no tag has (ignoring case)."""
    taken = {tag.name.casefold() for tag in tags}
    candidate, number = base, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{base} {number}"
    return candidate


def usage_question(name: str, usage: int) -> str:
    if usage == 1:
        return f"Delete the tag '{name}'? 1 annotation uses it; it keeps its other tags."
    return f"Delete the tag '{name}'? {usage} annotations use it; they keep their other tags."


class TagManagerDialog(QDialog):
    """Lists the tags and edits them through a `TagEditor`."""

    tagsChanged = Signal()

    def __init__(self, editor: TagEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._tags: list[records.Tag] = []
        self.setWindowTitle("Tags")
        self.setAccessibleName("Tag manager")
        self.resize(560, 340)
        self._build()
        self.refresh()

    # -- layout --------------------------------------------------------------------

    def _build(self) -> None:
        self.table = TagTable(self)
        self.table.edited.connect(self._edited)
        self.error_label = QLabel(self)
        self.error_label.setAccessibleName("Error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        show_as_error(self.error_label)
        self.error_label.hide()

        self.add_button = self._button("&Add", "Add a tag", self.add_tag)
        self.delete_button = self._button("&Delete", "Delete the selected tag", self.delete_tag)
        self.colour_button = self._button(
            "&Colour…", "Change the colour of the selected tag", self.recolour
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        self.close_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        for button in (self.add_button, self.delete_button, self.colour_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def _button(self, text: str, description: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(description)
        button.setToolTip(description)
        # Enter in the table must never press a button behind the user's back.
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- state ---------------------------------------------------------------------

    def tags(self) -> list[records.Tag]:
        """The tags as last read from the editor, in the table's order."""
        return list(self._tags)

    def selected_tag(self) -> records.Tag | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self._tags[min(rows)] if rows else None

    def select_tag(self, tag_id: int) -> None:
        row = self._row_of(tag_id)
        if row < 0:
            return
        if row != self.table.currentRow():
            self.table.setCurrentCell(row, COLUMN_NAME)
            return
        # Same row: select it without moving the current cell, which would close an
        # editor that is still committing.
        flags = QItemSelectionModel.SelectionFlag
        index = self.table.model().index(row, COLUMN_NAME)
        self.table.selectionModel().select(index, flags.ClearAndSelect | flags.Rows)

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def refresh(self, select_id: int | None = None) -> None:
        """Re-read the tags from the editor, keeping `select_id` (or the current tag) selected."""
        if select_id is None:
            current = self.selected_tag()
            select_id = current.id if current is not None else None
        self._tags = list(self._editor.tags())
        self.table.show_tags(self._tags)
        if select_id is not None:
            self.select_tag(select_id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_tag = self.selected_tag() is not None
        self.delete_button.setEnabled(has_tag)
        self.colour_button.setEnabled(has_tag)

    # -- actions -------------------------------------------------------------------

    def add_tag(self) -> records.Tag | None:
        """Create a tag with a free name, colour and digit shortcut, and start renaming it."""
        tags = self._tags
        name, colour, shortcut = unique_name(tags), next_colour(tags), next_free_shortcut(tags)
        ok, tag = self._attempt(lambda: self._editor.add_tag(name, colour, shortcut=shortcut))
        if not ok or tag is None:
            return None
        self._changed(select_id=tag.id)
        row = self._row_of(tag.id)
        item = self.table.item(row, COLUMN_NAME) if row >= 0 else None
        if item is not None:
            self.table.setFocus()
            self.table.editItem(item)
        return tag

    def delete_tag(self) -> bool:
        """Delete the selected tag, asking first when annotations use it."""
        tag = self.selected_tag()
        if tag is None:
            return False
        ok, usage = self._attempt(lambda: self._editor.tag_usage(tag.id))
        if not ok:
            return False
        if usage and not self.confirm("Delete tag", usage_question(tag.name, usage)):
            return False
        ok, _ = self._attempt(lambda: self._editor.delete_tag(tag.id))
        if ok:
            self._changed()
        return ok

    def recolour(self) -> str | None:
        """Ask for a new colour for the selected tag; the colour stored, or None."""
        tag = self.selected_tag()
        if tag is None:
            return None
        chosen = self.choose_colour(QColor(tag.colour))
        if chosen is None or not chosen.isValid():
            return None
        colour = chosen.name(QColor.NameFormat.HexRgb).upper()
        ok, updated = self._attempt(lambda: self._editor.update_tag(tag.id, colour=colour))
        if not ok or updated is None:
            return None
        self._changed(select_id=tag.id)
        return updated.colour

    # -- questions the tests replace -----------------------------------------------

    def choose_colour(self, current: QColor) -> QColor | None:
        colour = QColorDialog.getColor(current, self, "Tag colour")
        return colour if colour.isValid() else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- plumbing ------------------------------------------------------------------

    def _edited(self, tag_id: int, change: dict[str, str | None]) -> None:
        """Commit an in-place edit of a name, shortcut or description."""
        ok, _ = self._attempt(lambda: self._editor.update_tag(tag_id, **change))
        if ok:
            self._changed(select_id=tag_id)
        else:
            # Put back what is stored, so the table never shows a value that was refused.
            self.refresh(select_id=tag_id)

    def _attempt(self, action: Callable[[], T]) -> tuple[bool, T | None]:
        """Run an editor call; on refusal show its message and answer (False, None)."""
        try:
            result = action()
        except Exception as exc:  # the editor's errors are messages meant for the user
            self._show_error(str(exc))
            return False, None
        self._show_error("")
        return True, result

    def _changed(self, select_id: int | None = None) -> None:
        self.refresh(select_id=select_id)
        self.tagsChanged.emit()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _row_of(self, tag_id: int) -> int:
        return next((row for row, tag in enumerate(self._tags) if tag.id == tag_id), -1)
