"""The Links dock: every link as "passage A — type — passage B", a type filter and a note."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.gui.annotations_dock import NOTE_SAVE_DELAY_MS, NoteEdit
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

LinkIdRole = LinkTableModel.LinkIdRole
ALL_TYPES = "All types"


class LinkTable(QTableView):
    deletePressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deletePressed.emit()
            return
        super().keyPressEvent(event)


class LinksDock(QDockWidget):
    """Lists links; clicking a passage cell asks the window to show that passage."""

    endChosen = Signal(int)  # annotation id: the passage cell clicked
    linkSelected = Signal(object)  # the current link's id, or None
    linkNoteEdited = Signal(int, str, str)  # link id, note, the note it replaces
    deleteRequested = Signal(list)  # link ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Links", parent)
        self.setObjectName("LinksDock")
        self.model = LinkTableModel(self)
        self.proxy = LinkFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._note_owner: int | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_note)
        self.setWidget(self._build())

    # -- construction ------------------------------------------------------------------

    def _build(self) -> QWidget:
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Filter links by type")
        self.type_filter.addItem(ALL_TYPES, "")
        for link_type in records.LinkType:
            icon = colour_chip(LINK_COLOURS[link_type])
            self.type_filter.addItem(icon, link_type.value.capitalize(), link_type.value)
        self.type_filter.currentIndexChanged.connect(self._type_filter_changed)

        self.table = LinkTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Links")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_TARGET, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setColumnWidth(COLUMN_TYPE, 110)
        self.table.setColumnWidth(COLUMN_NOTE, 90)
        self.table.clicked.connect(self._cell_activated)
        self.table.activated.connect(self._cell_activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.deletePressed.connect(self._delete_selected)

        self.note_label = QLabel("Why are they linked?")
        self.note = NoteEdit()
        self.note.setAccessibleName("Note for the selected link")
        self.note.setPlaceholderText("Select a link to explain it.")
        self.note.setEnabled(False)
        self.note.setTabChangesFocus(True)
        self.note.textChanged.connect(self._save_timer.start)
        self.note.focusLost.connect(self.save_note)
        self.note_label.setBuddy(self.note)

        note_box = QWidget()
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_layout.addWidget(self.note_label)
        note_layout.addWidget(self.note)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(note_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.type_filter)
        layout.addWidget(splitter, 1)
        return body

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
        self.model.update(link)
        # Typing not yet saved stays; it is merged with this note when it is saved.
        if link.id == self._note_owner and not self._save_timer.isActive():
            self.note.show_saved(link.note)

    def link_removed(self, link_id: int) -> None:
        if link_id == self._note_owner:
            self._save_timer.stop()
            self._show_note(None)
        self.model.remove(link_id)

    def annotation_updated(self, annotation: records.Annotation) -> None:
        """Connect to the controller's annotationAdded and annotationUpdated."""
        self.model.update_annotation(annotation)

    def _type_filter_changed(self) -> None:
        self.proxy.set_type_filter(self.type_filter.currentData() or None)

    def set_type_filter(self, link_type: records.LinkType | None) -> None:
        index = self.type_filter.findData(link_type.value if link_type else "")
        self.type_filter.setCurrentIndex(max(index, 0))

    # -- selection -----------------------------------------------------------------------

    def select_link(self, link_id: int) -> None:
        row = self.model.row_of(link_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show it anyway rather than hide the choice
            self.type_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(index.data(LinkIdRole)) for index in rows]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(LinkIdRole)) if index.isValid() else None

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

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_note()
        link_id = int(current.data(LinkIdRole)) if current.isValid() else None
        self._show_note(link_id)
        self.linkSelected.emit(link_id)

    # -- the note ------------------------------------------------------------------------

    def _show_note(self, link_id: int | None) -> None:
        self._note_owner = link_id
        row = self.model.row_of(link_id) if link_id is not None else -1
        link = self.model.link(row) if row >= 0 else None
        self.note.show_saved(link.note if link else "")
        self.note.setEnabled(link is not None)

    def save_note(self) -> None:
        """Hand a pending note edit to the window now (timer, focus loss, closing)."""
        self._save_timer.stop()
        if self._note_owner is None:
            return
        row = self.model.row_of(self._note_owner)
        if row < 0:
            return
        text = self.note.toPlainText()
        if self.note.base != text:
            self.linkNoteEdited.emit(self._note_owner, text, self.note.base)

    def _delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.deleteRequested.emit(ids)
