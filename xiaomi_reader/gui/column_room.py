"""Room for the passages in a dock's table, however narrow the dock.

A stretched column in ``QHeaderView`` gets what the other columns leave; in a dock of
ordinary width (about 250 pixels) they leave nothing, and the quotes, which are what
the reader scans the table for, shrank to "…" while the tags, note and article columns
kept their widths.  Here the passage columns take at least a share of the table's
width, and the columns after them are reached by scrolling the table sideways.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

__all__ = ["ColumnRoom"]


class ColumnRoom(QObject):
    """Keeps ``wide`` columns of ``table`` at least ``share`` of its width together,
    and sharing whatever more the other columns leave (as a stretched column would).

    The table's columns are Interactive (as a record dock makes them), so the widths
    set here hold.  The room is a child of the table and lives as long as it does.
    """

    def __init__(self, table: QTableView, wide: Sequence[int], share: float) -> None:
        super().__init__(table)
        self._table = table
        self._wide = list(wide)
        self._share = share
        table.viewport().installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        room = self._table.viewport().width()
        others = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column not in self._wide and not header.isSectionHidden(column)
        )
        each = max(room - others, round(room * self._share)) // len(self._wide)
        for column in self._wide:
            header.resizeSection(column, max(each, header.minimumSectionSize()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)
