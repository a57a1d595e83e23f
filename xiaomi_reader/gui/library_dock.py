"""The Library dock: the articles, with a filter; double-click or drag one into a pane."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.gui.models import ArticleItemDelegate, ArticleListModel


class ArticleListView(QListView):
    """The article list; a changed annotation count repaints just its own row."""

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if list(roles) == [ArticleListModel.CountRole]:
            # QListView lays out and repaints every row on any change (~3 ms for two dozen
            # articles); a count changes no row's size, so only the item view's repaint of
            # the changed rows is needed.
            QAbstractItemView.dataChanged(self, top_left, bottom_right, list(roles))
            return
        super().dataChanged(top_left, bottom_right, list(roles))


class LibraryDock(QDockWidget):
    articleOpenRequested = Signal(int)  # article id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Library", parent)
        self.setObjectName("LibraryDock")
        self.model = ArticleListModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(ArticleListModel.SearchTextRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter articles…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter articles")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        self.view = ArticleListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ArticleItemDelegate(self.view))
        self.view.setAccessibleName("Articles in the library")
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # activated: double-click or Enter, as the platform's style decides.
        self.view.activated.connect(self._open)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

    def set_articles(self, articles: list[records.ArticleSummary]) -> None:
        self.model.set_articles(articles)

    def update_count(self, article_id: int, count: int) -> None:
        self.model.update_count(article_id, count)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.articleOpenRequested.emit(int(index.data(ArticleListModel.ArticleIdRole)))
