"""The base of the table filters: the filter changes Qt needs announced, cells in one call."""

from __future__ import annotations

from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, QObject, QSortFilterProxyModel

from xiaomi_reader.gui.models.roles import AnyIndex
from xiaomi_reader.gui.models.table import RecordTableModel


class RecordFilterProxy(QSortFilterProxyModel):
    """Filters the rows of a :class:`RecordTableModel`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(True)

    def _change_filter(self, attribute: str, value: object) -> None:
        """Set one filter attribute and show the rows it lets through."""
        # Qt 6.10 split invalidateFilter() so that the change is announced before it happens.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            setattr(self, attribute, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            setattr(self, attribute, value)
            self.invalidateFilter()

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        # QSortFilterProxyModel would ask the source once per role; hand it the whole cell.
        model = self.sourceModel()
        if isinstance(model, RecordTableModel) and index.isValid():
            model.multiData(self.mapToSource(index), roleDataSpan)
        else:
            super().multiData(index, roleDataSpan)
