"""Filtering and sorting the Annotations table: by tag, article, text and orphan state."""

from __future__ import annotations

from PySide6.QtCore import QObject

from xiaomi_reader.gui.models.annotations import COLUMN_ARTICLE, AnnotationTableModel
from xiaomi_reader.gui.models.filtering import RecordFilterProxy
from xiaomi_reader.gui.models.roles import AnyIndex


class AnnotationFilterProxy(RecordFilterProxy):
    """Filters annotations by tag, article, text and orphan state; sorts by article then place.

    The Article column (and the default) sorts on `SortKeyRole`, so passages read in
    document order; other columns sort on their text, with ties in document order.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tag_id: int | None = None
        self._article_id: int | None = None
        self._text = ""
        self._orphans_only = False
        # No sort column: rows show in the model's reading order. Sorting in Python
        # (lessThan) costs ~0.5 s for 10,000 rows, so it runs only when a header is clicked.
        self.sort(-1)

    # -- filters -------------------------------------------------------------------

    @property
    def tag_filter(self) -> int | None:
        return self._tag_id

    @property
    def article_filter(self) -> int | None:
        return self._article_id

    @property
    def text_filter(self) -> str:
        return self._text

    @property
    def orphans_only(self) -> bool:
        return self._orphans_only

    def set_tag_filter(self, tag_id: int | None) -> None:
        if tag_id != self._tag_id:
            self._change_filter("_tag_id", tag_id)

    def set_article_filter(self, article_id: int | None) -> None:
        if article_id != self._article_id:
            self._change_filter("_article_id", article_id)

    def set_text_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._text:
            self._change_filter("_text", needle)

    def set_orphans_only(self, orphans_only: bool) -> None:
        if orphans_only != self._orphans_only:
            self._change_filter("_orphans_only", orphans_only)

    def _filtering(self) -> bool:
        return (
            self._orphans_only
            or self._article_id is not None
            or self._tag_id is not None
            or bool(self._text)
        )

    # -- QSortFilterProxyModel -----------------------------------------------------

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._filtering():  # asked once per row on every load: answer at once
            return True
        model = self.sourceModel()
        if model is None:
            return False
        index = model.index(source_row, 0, source_parent)
        roles = AnnotationTableModel
        if self._orphans_only and not index.data(roles.OrphanRole):
            return False
        if self._article_id is not None and index.data(roles.ArticleIdRole) != self._article_id:
            return False
        if self._tag_id is not None and self._tag_id not in (index.data(roles.TagIdsRole) or ()):
            return False
        return not self._text or self._text in (index.data(roles.SearchTextRole) or "")

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        left_key: tuple[str | int, ...] = _sort_key(left)
        right_key: tuple[str | int, ...] = _sort_key(right)
        if left.column() != COLUMN_ARTICLE:
            left_key = (str(left.data() or "").casefold(), *left_key)
            right_key = (str(right.data() or "").casefold(), *right_key)
        return left_key < right_key


def _sort_key(index: AnyIndex) -> tuple[str, int, int]:
    roles = AnnotationTableModel
    title, start = index.data(roles.SortKeyRole) or ("", -1)
    return (title.casefold(), start, index.data(roles.AnnotationIdRole) or 0)
