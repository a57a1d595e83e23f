"""The Annotations dock: a filterable table of annotations and the note editor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.gui.models import AnnotationFilterProxy, AnnotationTableModel

AnnotationIdRole = AnnotationTableModel.AnnotationIdRole

NOTE_SAVE_DELAY_MS = 600
ALL = -1
ORPHANS = -2


class NoteEdit(QPlainTextEdit):
    """A note editor that saves when it loses focus (as well as after a pause in typing).

    It remembers the note as the library last held it (:attr:`base`): a save names it,
    so that a note another program changed meanwhile is merged, not overwritten.
    """

    focusLost = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.base = ""

    def show_saved(self, text: str) -> None:
        """Show the note as the library holds it, keeping the caret where it was."""
        self.base = text
        if self.toPlainText() == text:
            return
        position = self.textCursor().position()
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.focusLost.emit()
        super().focusOutEvent(event)


class AnnotationTable(QTableView):
    deletePressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deletePressed.emit()
            return
        super().keyPressEvent(event)


class AnnotationsDock(QDockWidget):
    """Lists annotations; picking one asks the window to show it; the note saves as you type."""

    annotationChosen = Signal(int)  # annotation id
    noteEdited = Signal(int, str, str)  # annotation id, note, the note it replaces
    deleteRequested = Signal(list)  # annotation ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Annotations", parent)
        self.setObjectName("AnnotationsDock")
        self.model = AnnotationTableModel()
        self.proxy = AnnotationFilterProxy()
        self.proxy.setSourceModel(self.model)
        self._note_owner: int | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_note)
        self.setWidget(self._build())

    # -- construction ----------------------------------------------------------------

    def _build(self) -> QWidget:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter annotations…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter annotations by text")
        self.search.textChanged.connect(self.proxy.set_text_filter)

        self.tag_filter = QComboBox()
        self.tag_filter.setAccessibleName("Filter annotations by tag")
        self.tag_filter.currentIndexChanged.connect(self._tag_filter_changed)
        self.article_filter = QComboBox()
        self.article_filter.setAccessibleName("Filter annotations by article")
        self.article_filter.currentIndexChanged.connect(self._article_filter_changed)

        filters = QHBoxLayout()
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.article_filter, 2)

        self.table = AnnotationTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Annotations")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # No sort indicator: the model already holds reading order (see the proxy).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((0, 100), (2, 100), (3, 96)):
            self.table.setColumnWidth(column, width)
        self.table.clicked.connect(self._row_activated)
        self.table.activated.connect(self._row_activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.deletePressed.connect(self._delete_selected)

        self.note_label = QLabel("Note")
        self.note = NoteEdit()
        self.note.setAccessibleName("Note for the selected annotation")
        self.note.setPlaceholderText("Select an annotation to write a note about it.")
        self.note.setEnabled(False)
        self.note.setTabChangesFocus(True)
        self.note.textChanged.connect(self._note_typed)
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
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        return body

    # -- data ------------------------------------------------------------------------

    def set_data(
        self,
        annotations: list[records.Annotation],
        tags: dict[int, records.Tag],
        articles: list[records.ArticleSummary],
    ) -> None:
        titles = {a.id: a.title for a in articles}
        self.model.set_data(annotations, tags, titles)
        self._fill_tag_filter(tags)
        self._fill_article_filter(articles)

    def set_tags(self, tags: dict[int, records.Tag]) -> None:
        self.model.set_tags(tags)
        self._fill_tag_filter(tags)

    def set_articles(self, articles: list[records.ArticleSummary]) -> None:
        self.model.set_article_titles({a.id: a.title for a in articles})
        self._fill_article_filter(articles)

    def _fill_tag_filter(self, tags: dict[int, records.Tag]) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", ALL)
        for tag in tags.values():
            self.tag_filter.addItem(tag.name, tag.id)
        self.tag_filter.addItem("Orphaned (not found in text)", ORPHANS)
        index = self.tag_filter.findData(current)
        self.tag_filter.setCurrentIndex(max(index, 0))
        self.tag_filter.blockSignals(False)
        self._tag_filter_changed()

    def _fill_article_filter(self, articles: list[records.ArticleSummary]) -> None:
        current = self.article_filter.currentData()
        self.article_filter.blockSignals(True)
        self.article_filter.clear()
        self.article_filter.addItem("All articles", ALL)
        for article in articles:
            self.article_filter.addItem(article.title, article.id)
        index = self.article_filter.findData(current)
        self.article_filter.setCurrentIndex(max(index, 0))
        self.article_filter.blockSignals(False)
        self._article_filter_changed()

    def _tag_filter_changed(self) -> None:
        value = self.tag_filter.currentData()
        self.proxy.set_orphans_only(value == ORPHANS)
        self.proxy.set_tag_filter(value if isinstance(value, int) and value >= 0 else None)

    def _article_filter_changed(self) -> None:
        value = self.article_filter.currentData()
        self.proxy.set_article_filter(value if isinstance(value, int) and value >= 0 else None)

    # -- selection and notes -----------------------------------------------------------

    def select_annotation(self, annotation_id: int) -> None:
        row = self.model.row_of(annotation_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show it anyway rather than hide the choice
            self.search.clear()
            self.tag_filter.setCurrentIndex(0)
            self.article_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(index.data(AnnotationIdRole)) for index in rows]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(AnnotationIdRole)) if index.isValid() else None

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.annotationChosen.emit(int(index.data(AnnotationIdRole)))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_note()
        annotation_id = int(current.data(AnnotationIdRole)) if current.isValid() else None
        self._show_note(annotation_id)

    def _show_note(self, annotation_id: int | None) -> None:
        self._note_owner = annotation_id
        row = self.model.row_of(annotation_id) if annotation_id is not None else -1
        annotation = self.model.annotation(row) if row >= 0 else None
        self.note.show_saved(annotation.note if annotation else "")
        self.note.setEnabled(annotation is not None)

    def _note_typed(self) -> None:
        self._save_timer.start()

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
            self.noteEdited.emit(self._note_owner, text, self.note.base)

    def annotation_updated(self, annotation: records.Annotation) -> None:
        self.model.update(annotation)
        # Typing not yet saved stays; it is merged with this note when it is saved.
        if annotation.id == self._note_owner and not self._save_timer.isActive():
            self.note.show_saved(annotation.note)

    def annotation_removed(self, annotation_id: int) -> None:
        if annotation_id == self._note_owner:
            self._save_timer.stop()
            self._show_note(None)
        self.model.remove(annotation_id)

    def _delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.deleteRequested.emit(ids)
