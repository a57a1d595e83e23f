"""The Annotations dock: a filterable table of annotations and the note editor."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.column_room import ColumnRoom
from xiaomi_reader.gui.models import AnnotationFilterProxy, AnnotationTableModel
from xiaomi_reader.gui.record_dock import RecordDock

AnnotationIdRole = AnnotationTableModel.AnnotationIdRole
ALL = -1
ORPHANS = -2


class AnnotationsDock(RecordDock):
    """Lists annotations; picking one asks the window to show it; the note saves as you type."""

    annotationChosen = Signal(int)  # annotation id
    noteEdited = Signal(int, str, str)  # annotation id, note, the note it replaces

    model: AnnotationTableModel
    proxy: AnnotationFilterProxy

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Annotations",
            AnnotationTableModel(),
            AnnotationFilterProxy(),
            AnnotationIdRole,
            (
                "Note",
                "Note for the selected annotation",
                "Select an annotation to write a note about it.",
            ),
            parent,
        )
        self.setObjectName("AnnotationsDock")
        self.note_panel.edited.connect(self.noteEdited)

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

        # No sort indicator: the model already holds reading order (see the proxy).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        for column, width in ((0, 100), (2, 100), (3, 96)):
            self.table.setColumnWidth(column, width)
        ColumnRoom(self.table, [1], share=0.55)
        self._lay_out(self.search, filters)

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

    def annotation_updated(self, annotation: records.Annotation) -> None:
        self._record_updated(annotation)

    def annotation_removed(self, annotation_id: int) -> None:
        self._record_removed(annotation_id)

    # -- filters -----------------------------------------------------------------------

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

    def _clear_filters(self) -> None:
        self.search.clear()
        self.tag_filter.setCurrentIndex(0)
        self.article_filter.setCurrentIndex(0)

    # -- selection ---------------------------------------------------------------------

    def select_annotation(self, annotation_id: int) -> None:
        self._select(annotation_id)

    def _cell_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.annotationChosen.emit(int(index.data(AnnotationIdRole)))
