"""Qt item models over links: one row per link, "passage A — type — passage B — note".

Like ``models``, they hold records the caller hands them (links, the annotations at
their ends, article titles) and never reach the library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon

from xiaomi_reader.core import records
from xiaomi_reader.gui.connectors import LINK_COLOURS
from xiaomi_reader.gui.models.cells import colour_chip, first_line, one_line, truncate
from xiaomi_reader.gui.models.filtering import RecordFilterProxy
from xiaomi_reader.gui.models.roles import DECORATION, DISPLAY, TOOLTIP, USER, AnyIndex
from xiaomi_reader.gui.models.table import RecordTableModel

COLUMN_SOURCE = 0
COLUMN_TYPE = 1
COLUMN_TARGET = 2
COLUMN_NOTE = 3
HEADERS = ("Passage A", "Type", "Passage B", "Note")
QUOTE_LIMIT = 160
MISSING = "(passage not found)"


def _one_line(text: str, limit: int = QUOTE_LIMIT) -> str:
    return truncate(one_line(text), limit)


class LinkTableModel(RecordTableModel[records.Link]):
    """Links as rows, in the order they were made.

    Kept in id order, so an undone deletion returns to its place.
    """

    HEADERS = HEADERS
    LinkIdRole = USER + 1
    SourceIdRole = USER + 2
    TargetIdRole = USER + 3
    TypeRole = USER + 4  # the LinkType's value, a str
    ROLES = frozenset({DISPLAY, TOOLTIP, DECORATION, *range(USER + 1, USER + 5)})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
        self._annotations = dict(annotations_by_id)
        self._titles = dict(article_titles)
        self._load(links)
        self.endResetModel()

    def add_annotation(self, annotation: records.Annotation) -> None:
        """A new passage: remembered for the links made to it later.

        No link ends at it yet (the window hears of a passage before its links), so
        there is no row to redraw, and no need to look through every link for one.
        """
        self._annotations[annotation.id] = annotation

    def update_annotation(self, annotation: records.Annotation) -> None:
        """A passage changed: remember it and redraw the rows it ends."""
        self._annotations[annotation.id] = annotation
        for row, link in enumerate(self._rows):
            if annotation.id in (link.source_id, link.target_id):
                self._row_changed(row)

    def set_article_titles(self, article_titles: Mapping[int, str]) -> None:
        self._titles = dict(article_titles)
        self._emit_changed(0, len(self._rows) - 1, 0, len(HEADERS) - 1)

    # -- lookups -----------------------------------------------------------------------

    def sort_key(self, link: records.Link) -> int:
        return link.id

    def link(self, row: int) -> records.Link:
        return self._rows[row]

    def links(self) -> list[records.Link]:
        return self.records()

    def end_id(self, row: int, column: int) -> int | None:
        """The annotation behind a passage cell; None for the other columns."""
        link = self._rows[row]
        if column == COLUMN_SOURCE:
            return link.source_id
        if column == COLUMN_TARGET:
            return link.target_id
        return None

    # -- cells ---------------------------------------------------------------------------

    def cell_data(self, link: records.Link, column: int, role: int) -> object:
        if role == DISPLAY:
            return self._display(link, column)
        if role == TOOLTIP:
            return self._tooltip(link, column)
        if role == DECORATION:
            return self._chip(link.type) if column == COLUMN_TYPE else None
        if role == self.LinkIdRole:
            return link.id
        if role == self.SourceIdRole:
            return link.source_id
        if role == self.TargetIdRole:
            return link.target_id
        if role == self.TypeRole:
            return link.type.value
        return None

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
        return first_line(link.note)

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


class LinkFilterProxy(RecordFilterProxy):
    """Shows only the links of one type (or all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._type: records.LinkType | None = None

    @property
    def type_filter(self) -> records.LinkType | None:
        return self._type

    def set_type_filter(self, link_type: records.LinkType | str | None) -> None:
        wanted = records.LinkType(link_type) if link_type else None
        if wanted != self._type:
            self._change_filter("_type", wanted)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        if self._type is None:
            return True
        index = model.index(source_row, 0, source_parent)
        return index.data(LinkTableModel.TypeRole) == self._type.value
