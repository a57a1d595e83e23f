"""Qt item models over links: one row per link, "passage A — type — passage B — note".

Like ``models``, they hold records the caller hands them (links, the annotations at
their ends, article titles) and never reach the library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QIcon

from xiaomi_reader.core import records
from xiaomi_reader.gui.connectors import LINK_COLOURS
from xiaomi_reader.gui.models import colour_chip

AnyIndex = QModelIndex | QPersistentModelIndex

_USER = int(Qt.ItemDataRole.UserRole)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)

COLUMN_SOURCE = 0
COLUMN_TYPE = 1
COLUMN_TARGET = 2
COLUMN_NOTE = 3
HEADERS = ("Passage A", "Type", "Passage B", "Note")
QUOTE_LIMIT = 160
MISSING = "(passage not found)"


def _one_line(text: str, limit: int = QUOTE_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class LinkTableModel(QAbstractTableModel):
    """Links as rows, in the order they were made."""

    LinkIdRole = _USER + 1
    SourceIdRole = _USER + 2
    TargetIdRole = _USER + 3
    TypeRole = _USER + 4  # the LinkType's value, a str

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[records.Link] = []
        self._row_by_id: dict[int, int] = {}
        self._annotations: dict[int, records.Annotation] = {}
        self._titles: dict[int, str] = {}
        self._chips: dict[records.LinkType, QIcon] = {}

    # -- feeding -----------------------------------------------------------------------

    def set_data(
        self,
        links: Iterable[records.Link],
        annotations_by_id: Mapping[int, records.Annotation],
        article_titles: Mapping[int, str],
    ) -> None:
        self.beginResetModel()
        self._rows = sorted(links, key=lambda link: link.id)
        self._annotations = dict(annotations_by_id)
        self._titles = dict(article_titles)
        self._reindex()
        self.endResetModel()

    def add(self, link: records.Link) -> None:
        """Add a link (in id order, so an undone deletion returns to its place)."""
        if link.id in self._row_by_id:
            self.update(link)
            return
        row = next((r for r, other in enumerate(self._rows) if other.id > link.id), len(self._rows))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, link)
        self._reindex()
        self.endInsertRows()

    def update(self, link: records.Link) -> None:
        row = self._row_by_id.get(link.id)
        if row is None:
            self.add(link)
            return
        self._rows[row] = link
        self._changed(row)

    def remove(self, link_id: int) -> bool:
        row = self._row_by_id.get(link_id)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._reindex()
        self.endRemoveRows()
        return True

    def update_annotation(self, annotation: records.Annotation) -> None:
        """A passage was added or changed: remember it and redraw the rows it ends."""
        self._annotations[annotation.id] = annotation
        for row, link in enumerate(self._rows):
            if annotation.id in (link.source_id, link.target_id):
                self._changed(row)

    def set_article_titles(self, article_titles: Mapping[int, str]) -> None:
        self._titles = dict(article_titles)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 3), [])

    # -- lookups -----------------------------------------------------------------------

    def link(self, row: int) -> records.Link:
        return self._rows[row]

    def links(self) -> list[records.Link]:
        return list(self._rows)

    def row_of(self, link_id: int) -> int:
        """The row of a link, or -1 when the model does not hold it."""
        return self._row_by_id.get(link_id, -1)

    def end_id(self, row: int, column: int) -> int | None:
        """The annotation behind a passage cell; None for the other columns."""
        link = self._rows[row]
        if column == COLUMN_SOURCE:
            return link.source_id
        if column == COLUMN_TARGET:
            return link.target_id
        return None

    # -- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return section + 1

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        if not self.checkIndex(index, QAbstractItemModel.CheckIndexOption.IndexIsValid):
            return None
        link = self._rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self._display(link, column)
        if role == _TOOLTIP:
            return self._tooltip(link, column)
        if role == _DECORATION and column == COLUMN_TYPE:
            return self._chip(link.type)
        if role == self.LinkIdRole:
            return link.id
        if role == self.SourceIdRole:
            return link.source_id
        if role == self.TargetIdRole:
            return link.target_id
        if role == self.TypeRole:
            return link.type.value
        return None

    # -- helpers -------------------------------------------------------------------------

    def _quote(self, annotation_id: int) -> str:
        annotation = self._annotations.get(annotation_id)
        return _one_line(annotation.exact) if annotation is not None else MISSING

    def _title(self, annotation_id: int) -> str:
        annotation = self._annotations.get(annotation_id)
        if annotation is None or annotation.article_id is None:
            return ""
        return self._titles.get(annotation.article_id, "")

    def _display(self, link: records.Link, column: int) -> str:
        if column == COLUMN_SOURCE:
            return self._quote(link.source_id)
        if column == COLUMN_TARGET:
            return self._quote(link.target_id)
        if column == COLUMN_TYPE:
            return link.type.value
        note = link.note.strip()
        return note.splitlines()[0] if note else ""

    def _tooltip(self, link: records.Link, column: int) -> str | None:
        if column in (COLUMN_SOURCE, COLUMN_TARGET):
            end = link.source_id if column == COLUMN_SOURCE else link.target_id
            annotation = self._annotations.get(end)
            quote = annotation.exact if annotation is not None else MISSING
            title = self._title(end)
            return f"{quote}\n\n— {title}" if title else quote
        if column == COLUMN_TYPE:
            a, b = (
                _one_line(self._quote(link.source_id), 60),
                _one_line(self._quote(link.target_id), 60),
            )
            return f"“{a}” {link.type.value} “{b}”"
        return link.note or None

    def _chip(self, link_type: records.LinkType) -> QIcon:
        icon = self._chips.get(link_type)
        if icon is None:
            icon = self._chips[link_type] = colour_chip(LINK_COLOURS.get(link_type))
        return icon

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1), [])

    def _reindex(self) -> None:
        self._row_by_id = {link.id: row for row, link in enumerate(self._rows)}


class LinkFilterProxy(QSortFilterProxyModel):
    """Shows only the links of one type (or all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._type: records.LinkType | None = None
        self.setDynamicSortFilter(True)

    @property
    def type_filter(self) -> records.LinkType | None:
        return self._type

    def set_type_filter(self, link_type: records.LinkType | str | None) -> None:
        wanted = records.LinkType(link_type) if link_type else None
        if wanted == self._type:
            return
        # Qt 6.10 split invalidateFilter() so that the change is announced before it happens.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self._type = wanted
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._type = wanted
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        if self._type is None:
            return True
        index = model.index(source_row, 0, source_parent)
        return index.data(LinkTableModel.TypeRole) == self._type.value
