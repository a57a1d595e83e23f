"""What the Annotations and Links docks share: a table of records over a filter, a note
about the current record below it, selection, and Delete."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLayout,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.gui.models.filtering import RecordFilterProxy
from xiaomi_reader.gui.models.table import RecordTableModel
from xiaomi_reader.gui.note_panel import NotePanel


class Noted(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def note(self) -> str: ...


class RecordTable(QTableView):
    """A read-only table of whole rows; Delete and Backspace ask to delete the selection."""

    deletePressed = Signal()

    def __init__(self, accessible_name: str) -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        self.horizontalHeader().setAccessibleName(f"{accessible_name}: columns")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        # Tab leaves the table (for the note below) instead of walking its cells: rows
        # are whole records, and arrows already move between them.
        self.setTabKeyNavigation(False)
        # It paints its whole rectangle, so each added or removed row repaints the table
        # alone, not the dock and window beneath it as well.
        self.setAutoFillBackground(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deletePressed.emit()
            return
        super().keyPressEvent(event)


class RecordDock(QDockWidget):
    """A dock listing records (``model`` through ``proxy``) with the current one's note.

    Subclasses add their filters above the table (:meth:`_lay_out`) and say what a click
    on a cell means (:meth:`_cell_activated`).
    """

    deleteRequested = Signal(list)  # record ids

    def __init__(
        self,
        title: str,
        model: RecordTableModel[Any],
        proxy: RecordFilterProxy,
        id_role: int,
        note: tuple[str, str, str],  # the note's label, accessible name and placeholder
        parent: QWidget | None,
    ) -> None:
        super().__init__(title, parent)
        self.model = model
        self.proxy = proxy
        self.proxy.setSourceModel(model)
        self._id_role = id_role
        self.note_panel = NotePanel(*note, holds=self._holds)
        # The editor and its label, as the window and the tests reach them.
        self.note = self.note_panel.edit
        self.note_label = self.note_panel.label
        self.table = RecordTable(title)
        self.table.setModel(self.proxy)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.clicked.connect(self._cell_activated)
        self.table.activated.connect(self._cell_activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.deletePressed.connect(self._delete_selected)

    def _lay_out(self, *above: QWidget | QLayout) -> None:
        """The filters ``above`` the table, then the table over the note."""
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.note_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        for item in above:
            if isinstance(item, QLayout):
                layout.addLayout(item)
            else:
                layout.addWidget(item)
        layout.addWidget(splitter, 1)
        self.setWidget(body)
        QWidget.setTabOrder(self.table, self.note)  # from a record straight to its note

    # -- selection ---------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(index.data(self._id_role)) for index in rows]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(self._id_role)) if index.isValid() else None

    def _select(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show it anyway rather than hide the choice
            self._clear_filters()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _clear_filters(self) -> None:
        raise NotImplementedError

    def _cell_activated(self, index: QModelIndex) -> None:
        raise NotImplementedError

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_note()
        self._show_note(int(current.data(self._id_role)) if current.isValid() else None)

    def _delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.deleteRequested.emit(ids)

    # -- the note ----------------------------------------------------------------------

    def save_note(self) -> None:
        """Hand a pending note edit to the window now (timer, focus loss, closing)."""
        self.note_panel.save()

    def _holds(self, record_id: int) -> bool:
        return self.model.row_of(record_id) >= 0

    def _show_note(self, record_id: int | None) -> None:
        row = self.model.row_of(record_id) if record_id is not None else -1
        record: Noted | None = self.model.record(row) if row >= 0 else None
        self.note_panel.show_note(record_id, record.note if record is not None else None)

    def _record_updated(self, record: Noted) -> None:
        self.model.update(record)
        self.note_panel.note_saved(record.id, record.note)

    def _record_removed(self, record_id: int) -> None:
        self.note_panel.forget(record_id)
        self.model.remove(record_id)
