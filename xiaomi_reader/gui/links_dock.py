"""The Links dock: every link as "passage A — type — passage B", a type filter and a note."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.column_room import ColumnRoom
from xiaomi_reader.gui.connectors import LINK_COLOURS
from xiaomi_reader.gui.link_models import (
    COLUMN_NOTE,
    COLUMN_SOURCE,
    COLUMN_TARGET,
    COLUMN_TYPE,
    LinkFilterProxy,
    LinkTableModel,
)
from xiaomi_reader.gui.models import colour_chip
from xiaomi_reader.gui.record_dock import RecordDock

LinkIdRole = LinkTableModel.LinkIdRole
ALL_TYPES = "All types"


class LinksDock(RecordDock):
    """Lists links; clicking a passage cell asks the window to show that passage."""

    endChosen = Signal(int)  # annotation id: the passage cell clicked
    linkSelected = Signal(object)  # the current link's id, or None
    linkNoteEdited = Signal(int, str, str)  # link id, note, the note it replaces

    model: LinkTableModel
    proxy: LinkFilterProxy

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Links",
            LinkTableModel(),
            LinkFilterProxy(),
            LinkIdRole,
            ("Why are they linked?", "Note for the selected link", "Select a link to explain it."),
            parent,
        )
        self.setObjectName("LinksDock")
        self.note_panel.edited.connect(self.linkNoteEdited)

        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Filter links by type")
        self.type_filter.addItem(ALL_TYPES, "")
        for link_type in records.LinkType:
            icon = colour_chip(LINK_COLOURS[link_type])
            self.type_filter.addItem(icon, link_type.value.capitalize(), link_type.value)
        self.type_filter.currentIndexChanged.connect(self._type_filter_changed)

        self.table.setColumnWidth(COLUMN_TYPE, 110)
        self.table.setColumnWidth(COLUMN_NOTE, 90)
        ColumnRoom(self.table, [COLUMN_SOURCE, COLUMN_TARGET], share=0.6)
        self._lay_out(self.type_filter)

    # -- data ----------------------------------------------------------------------------

    def set_data(
        self,
        links: Iterable[records.Link],
        annotations_by_id: Mapping[int, records.Annotation],
        article_titles: Mapping[int, str],
    ) -> None:
        self.save_note()
        self.model.set_data(links, annotations_by_id, article_titles)
        self._show_note(None)

    def set_article_titles(self, article_titles: Mapping[int, str]) -> None:
        self.model.set_article_titles(article_titles)

    def link_added(self, link: records.Link) -> None:
        self.model.add(link)

    def link_updated(self, link: records.Link) -> None:
        self._record_updated(link)

    def link_removed(self, link_id: int) -> None:
        self._record_removed(link_id)

    def annotation_added(self, annotation: records.Annotation) -> None:
        self.model.add_annotation(annotation)

    def annotation_updated(self, annotation: records.Annotation) -> None:
        self.model.update_annotation(annotation)

    def _type_filter_changed(self) -> None:
        self.proxy.set_type_filter(self.type_filter.currentData() or None)

    def set_type_filter(self, link_type: records.LinkType | None) -> None:
        index = self.type_filter.findData(link_type.value if link_type else "")
        self.type_filter.setCurrentIndex(max(index, 0))

    def _clear_filters(self) -> None:
        self.type_filter.setCurrentIndex(0)

    # -- selection -----------------------------------------------------------------------

    def select_link(self, link_id: int) -> None:
        self._select(link_id)

    def visible_rows(self) -> list[tuple[str, ...]]:
        """The texts the table shows, row by row."""
        proxy = self.proxy
        columns = range(proxy.columnCount())
        return [
            tuple(str(proxy.index(row, column).data() or "") for column in columns)
            for row in range(proxy.rowCount())
        ]

    def _cell_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        source = self.proxy.mapToSource(index)
        annotation_id = self.model.end_id(source.row(), source.column())
        if annotation_id is not None:
            self.endChosen.emit(annotation_id)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        super()._current_changed(current, previous)
        self.linkSelected.emit(int(current.data(LinkIdRole)) if current.isValid() else None)
