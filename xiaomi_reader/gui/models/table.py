"""The base of the table models: records as rows, kept in order, changed one row at a time.

Both tables (annotations, links) hold plain records handed to them by the window. What
they share lives here: the row storage and the id → row index, incremental add, update
and remove with signals for just the rows concerned, and answering a painted cell's
roles in one call (`multiData`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    Qt,
)

from xiaomi_reader.gui.models.roles import DISPLAY, AnyIndex


class Identified(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Identified)


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Records as rows, sorted by :meth:`sort_key`; one row per record id.

    A subclass names its columns (`HEADERS`) and the roles it answers (`ROLES`), and
    answers one cell in :meth:`cell_data`.
    """

    HEADERS: tuple[str, ...] = ()
    # Qt asks ~10 roles per painted cell: those without data are turned away at once.
    ROLES: frozenset[int] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._keys: list[Any] = []  # sort_key of each row, in row order
        self._ids: set[int] = set()
        # Rebuilt lazily after an insert or removal shifts the rows below it: with 10,000
        # rows, renumbering on every change costs more than the change itself.
        self._row_by_id: dict[int, int] | None = {}

    # -- what a subclass answers -----------------------------------------------------------

    def sort_key(self, record: R) -> Any:
        """The order rows are kept in; the record's id breaks ties."""
        raise NotImplementedError

    def cell_data(self, record: R, column: int, role: int) -> object:
        """One role of one cell; only asked for roles in `ROLES`."""
        raise NotImplementedError

    # -- feeding ---------------------------------------------------------------------------

    def _load(self, records: Iterable[R]) -> None:
        """Hold these records; call between beginResetModel() and endResetModel()."""
        self._rows = sorted(records, key=self.sort_key)
        self._keys = [self.sort_key(record) for record in self._rows]
        self._ids = {record.id for record in self._rows}
        self._row_by_id = None

    def add(self, record: R) -> None:
        """Insert a record in order; one the model already holds is updated."""
        if record.id in self._ids:
            self.update(record)
            return
        key = self.sort_key(record)
        row = bisect.bisect(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, record)
        self._keys.insert(row, key)
        self._ids.add(record.id)
        if self._row_by_id is not None and row == len(self._rows) - 1:
            self._row_by_id[record.id] = row  # appended: no other row moved
        else:
            self._row_by_id = None
        self.endInsertRows()

    def update(self, record: R) -> None:
        """Replace a record by id, in its row; one the model does not hold yet is added."""
        if record.id not in self._ids:
            self.add(record)
            return
        row = self._rows_by_id()[record.id]
        self._rows[row] = record
        self._row_changed(row)

    def remove(self, record_id: int) -> bool:
        """Drop a record; False when the model did not hold it."""
        if record_id not in self._ids:
            return False
        row = self._rows_by_id()[record_id]
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self._ids.discard(record_id)
        if self._row_by_id is not None and row == len(self._rows):
            del self._row_by_id[record_id]  # the last row: no other row moved
        else:
            self._row_by_id = None
        self.endRemoveRows()
        return True

    # -- lookups ---------------------------------------------------------------------------

    def record(self, row: int) -> R:
        return self._rows[row]

    def records(self) -> list[R]:
        return list(self._rows)

    def row_of(self, record_id: int) -> int:
        """The row of a record, or -1 when the model does not hold it."""
        if record_id not in self._ids:
            return -1
        return self._rows_by_id()[record_id]

    def _rows_by_id(self) -> dict[int, int]:
        if self._row_by_id is None:
            self._row_by_id = {record.id: row for row, record in enumerate(self._rows)}
        return self._row_by_id

    # -- Qt model interface ----------------------------------------------------------------
    # flags() is Qt's own: a table's cells are enabled and selectable and have no children,
    # answered in C++ rather than by a call into Python for every painted cell.

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return section + 1

    def data(self, index: AnyIndex, role: int = DISPLAY) -> object:
        if role not in self.ROLES or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._rows):
            return None
        return self.cell_data(self._rows[row], index.column(), role)

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role the item delegate asks of a cell, in one call (Qt 6 paints this way).

        One call into Python per painted cell instead of one per role: about a third of
        the cost of repainting a table.
        """
        if not index.isValid() or index.row() >= len(self._rows):
            return
        record = self._rows[index.row()]
        column = index.column()
        roles = self.ROLES
        # PySide's span iterates over its QModelRoleData; its type stubs do not say so.
        span = cast("Iterable[QModelRoleData]", roleDataSpan)
        for role_data in span:
            role = role_data.role()
            if role in roles:
                role_data.setData(self.cell_data(record, column, role))

    # -- change signals --------------------------------------------------------------------

    def _row_changed(self, row: int) -> None:
        self._emit_changed(row, row, 0, len(self.HEADERS) - 1)

    def _emit_changed(self, first: int, last: int, left: int, right: int) -> None:
        if last < first:
            return
        self.dataChanged.emit(self.index(first, left), self.index(last, right), [])
