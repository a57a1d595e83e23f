"""The library's articles as a list model, and the drag data it hands to reading panes."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QObject, Qt

from xiaomi_reader.core import records
from xiaomi_reader.gui.models.roles import DISPLAY, ROW_FLAGS, TOOLTIP, USER, AnyIndex

ARTICLE_MIME = "application/x-xiaomi-reader-article"

_ARTICLE_FLAGS = ROW_FLAGS | Qt.ItemFlag.ItemIsDragEnabled
_ARTICLE_ROLES = frozenset({DISPLAY, TOOLTIP, *range(USER + 1, USER + 5)})


def article_ids_from_mime(mime: QMimeData) -> list[int]:
    """The article ids a drag from `ArticleListModel` carries; [] for anything else."""
    if not mime.hasFormat(ARTICLE_MIME):
        return []
    try:
        ids = json.loads(bytes(mime.data(ARTICLE_MIME).data()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(ids, list):
        return []
    return [value for value in ids if isinstance(value, int) and not isinstance(value, bool)]


def count_text(count: int) -> str:
    return f"{count} annotation" if count == 1 else f"{count} annotations"


class ArticleListModel(QAbstractListModel):
    """The library's articles, one row each, draggable into a reading pane."""

    ArticleIdRole = USER + 1
    DateRole = USER + 2
    CountRole = USER + 3
    SearchTextRole = USER + 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._articles: list[records.ArticleSummary] = []

    def set_articles(self, articles: Iterable[records.ArticleSummary]) -> None:
        self.beginResetModel()
        self._articles = list(articles)
        self.endResetModel()

    def update_count(self, article_id: int, count: int) -> None:
        row = self.row_of(article_id)
        if row < 0 or self._articles[row].annotation_count == count:
            return
        self._articles[row] = dataclasses.replace(self._articles[row], annotation_count=count)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [self.CountRole])

    def article(self, row: int) -> records.ArticleSummary:
        return self._articles[row]

    def article_id(self, row: int) -> int:
        return self._articles[row].id

    def row_of(self, article_id: int) -> int:
        """The row of an article, or -1 when the model does not hold it."""
        for row, article in enumerate(self._articles):
            if article.id == article_id:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._articles)

    def data(self, index: AnyIndex, role: int = DISPLAY) -> object:
        if role not in _ARTICLE_ROLES or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._articles):
            return None
        article = self._articles[row]
        if role == DISPLAY:
            return article.title
        if role in (TOOLTIP, self.SearchTextRole):
            return _article_search_text(article)
        if role == self.ArticleIdRole:
            return article.id
        if role == self.DateRole:
            return article.date or ""
        if role == self.CountRole:
            return article.annotation_count
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ARTICLE_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [ARTICLE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = list(
            dict.fromkeys(
                self._articles[index.row()].id
                for index in indexes
                if index.isValid() and index.model() is self
            )
        )
        mime = QMimeData()
        mime.setData(ARTICLE_MIME, json.dumps(ids).encode("utf-8"))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


def _article_search_text(article: records.ArticleSummary) -> str:
    return " · ".join(part for part in (article.title, article.date, article.source) if part)
