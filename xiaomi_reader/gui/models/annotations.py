"""The Annotations table: one row per annotation (tags, quote, note, article), in reading order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont, QIcon

from xiaomi_reader.core import records
from xiaomi_reader.core.version_summary import state_label
from xiaomi_reader.gui.models.cells import colour_chip, first_line, one_line, truncate
from xiaomi_reader.gui.models.roles import DECORATION, DISPLAY, FONT, TOOLTIP, USER
from xiaomi_reader.gui.models.table import RecordTableModel

QUOTE_DISPLAY_LIMIT = 200
COLUMN_TAGS = 0
COLUMN_QUOTE = 1
COLUMN_NOTE = 2
COLUMN_ARTICLE = 3
HEADERS = ("Tags", "Quote", "Note", "Article")
ORPHAN_PREFIX = "(orphaned) "
# What became of a passage when its article changed, before its quote.
STATE_PREFIXES = {
    state: f"({state_label(state)}) "
    for state in (records.AnnotationState.CHANGED, records.AnnotationState.NEEDS_REVIEW)
}


class AnnotationTableModel(RecordTableModel[records.Annotation]):
    """Annotations as rows: tags, quote, note and article title.

    Rows are kept in reading order (article, then position), so the view needs no
    sorting of its own until the reader asks for another order.
    """

    HEADERS = HEADERS
    AnnotationIdRole = USER + 1
    ArticleIdRole = USER + 2
    TagIdsRole = USER + 3
    SortKeyRole = USER + 4
    OrphanRole = USER + 5
    # Lower-cased quote, note, tag names and article title: what the text filter searches.
    SearchTextRole = USER + 6
    ROLES = frozenset({DISPLAY, TOOLTIP, DECORATION, FONT, *range(USER + 1, USER + 7)})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tags: dict[int, records.Tag] = {}
        self._titles: dict[int, str] = {}
        self._chips: dict[str, QIcon] = {}

    # -- feeding -------------------------------------------------------------------

    def set_data(
        self,
        annotations: Sequence[records.Annotation],
        tags: Mapping[int, records.Tag],
        article_titles: Mapping[int, str],
    ) -> None:
        self.beginResetModel()
        self._tags = dict(tags)
        self._titles = dict(article_titles)  # before the rows: titles decide their order
        self._load(annotations)
        self.endResetModel()

    def set_tags(self, tags: Mapping[int, records.Tag]) -> None:
        self._tags = dict(tags)
        self._emit_changed(0, len(self._rows) - 1, COLUMN_TAGS, COLUMN_TAGS)

    def set_article_titles(self, article_titles: Mapping[int, str]) -> None:
        # Titles decide the reading order, so the rows are laid out again.
        self.set_data(self._rows, self._tags, article_titles)

    # -- lookups -------------------------------------------------------------------

    def annotation(self, row: int) -> records.Annotation:
        return self._rows[row]

    def tag_names(self, annotation: records.Annotation) -> list[str]:
        return [self._tags[t].name for t in annotation.tag_ids if t in self._tags]

    def reading_key(self, annotation: records.Annotation) -> tuple[str, int, int]:
        """Article title, then position: the order a reader meets the passages in."""
        start = annotation.start if annotation.start is not None else -1
        return (self.article_text(annotation).casefold(), start, annotation.id)

    def sort_key(self, record: records.Annotation) -> tuple[str, int, int]:
        return self.reading_key(record)

    def article_text(self, annotation: records.Annotation) -> str:
        title = self._titles.get(annotation.article_id) if annotation.article_id else None
        if not is_orphan(annotation):
            return title or ""
        return ORPHAN_PREFIX + (title or source_label(annotation.target_source))

    # -- cells ---------------------------------------------------------------------

    def cell_data(self, annotation: records.Annotation, column: int, role: int) -> object:
        if role > USER:
            return self._custom_data(annotation, role)
        if role == DISPLAY:
            return self._display(annotation, column)
        if role == TOOLTIP:
            return self._tooltip(annotation, column)
        if role == DECORATION and column == COLUMN_TAGS:
            return self._chip(annotation)
        if role == FONT and column == COLUMN_QUOTE and is_orphan(annotation):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _custom_data(self, annotation: records.Annotation, role: int) -> object:
        if role == self.AnnotationIdRole:
            return annotation.id
        if role == self.ArticleIdRole:
            return annotation.article_id
        if role == self.TagIdsRole:
            return tuple(annotation.tag_ids)
        if role == self.SortKeyRole:
            start = annotation.start if annotation.start is not None else -1
            return (self.article_text(annotation), start)
        if role == self.OrphanRole:
            return is_orphan(annotation)
        if role == self.SearchTextRole:
            parts = [annotation.exact, annotation.note, *self.tag_names(annotation)]
            parts.append(self.article_text(annotation))
            return "\n".join(parts).casefold()
        return None

    def _display(self, annotation: records.Annotation, column: int) -> str:
        if column == COLUMN_TAGS:
            return ", ".join(self.tag_names(annotation))
        if column == COLUMN_QUOTE:
            mark = STATE_PREFIXES.get(annotation.state, "")
            return mark + truncate(one_line(annotation.exact), QUOTE_DISPLAY_LIMIT)
        if column == COLUMN_NOTE:
            return first_line(annotation.note)
        return self.article_text(annotation)

    def _tooltip(self, annotation: records.Annotation, column: int) -> str | None:
        if column == COLUMN_QUOTE:
            if annotation.state is records.AnnotationState.CHANGED:
                return f"Now: {annotation.exact}\nWas: {annotation.previous_exact or ''}"
            if annotation.state is records.AnnotationState.NEEDS_REVIEW:
                return (
                    f"{annotation.exact}\nThe article changed and this passage's new place is "
                    "not certain; it stays on the version before until reviewed."
                )
            return annotation.exact
        if column == COLUMN_NOTE:
            return annotation.note or None
        if column == COLUMN_ARTICLE and is_orphan(annotation):
            return f"Could not be found in the article text any more ({annotation.target_source})"
        text = self._display(annotation, column)
        return text or None

    def _chip(self, annotation: records.Annotation) -> QIcon:
        first = next((self._tags[t] for t in annotation.tag_ids if t in self._tags), None)
        key = first.colour if first is not None else ""
        icon = self._chips.get(key)
        if icon is None:
            icon = self._chips[key] = colour_chip(key or None)
        return icon


def is_orphan(annotation: records.Annotation) -> bool:
    return annotation.state == records.AnnotationState.ORPHANED or annotation.article_id is None


def source_label(target_source: str) -> str:
    """A short human label for an annotation's original target (an article IRI or URL)."""
    parts = urlsplit(target_source)
    if parts.scheme in ("http", "https"):
        segments = [segment for segment in parts.path.split("/") if segment]
        return segments[-1] if segments else parts.netloc
    if parts.scheme == "urn":
        # urn:sha256:<hex> — a prefix of the hash is enough to tell articles apart.
        return truncate(target_source.removeprefix("urn:"), 19)
    return truncate(target_source, 40)
