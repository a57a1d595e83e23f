"""Qt item models over the library's plain records.

The models hold records handed to them by the caller and never reach the library
themselves: the window loads records through the service API and pushes them in
(`set_articles`, `set_data`, `add`, `update`, `remove`). One module a job: the article
list (`articles`) and how it is painted (`delegates`); the base of the table models
(`table`) and of their filters (`filtering`); the Annotations table (`annotations`)
and its filter (`annotation_filter`); cell text and colour chips (`cells`).
"""

from xiaomi_reader.gui.models.annotation_filter import AnnotationFilterProxy
from xiaomi_reader.gui.models.annotations import (
    COLUMN_ARTICLE,
    COLUMN_NOTE,
    COLUMN_QUOTE,
    COLUMN_TAGS,
    HEADERS,
    ORPHAN_PREFIX,
    QUOTE_DISPLAY_LIMIT,
    AnnotationTableModel,
    is_orphan,
    source_label,
)
from xiaomi_reader.gui.models.articles import (
    ARTICLE_MIME,
    ArticleListModel,
    article_ids_from_mime,
    count_text,
)
from xiaomi_reader.gui.models.cells import CHIP_SIZE, colour_chip
from xiaomi_reader.gui.models.delegates import ArticleItemDelegate

__all__ = [
    "ARTICLE_MIME",
    "CHIP_SIZE",
    "COLUMN_ARTICLE",
    "COLUMN_NOTE",
    "COLUMN_QUOTE",
    "COLUMN_TAGS",
    "HEADERS",
    "ORPHAN_PREFIX",
    "QUOTE_DISPLAY_LIMIT",
    "AnnotationFilterProxy",
    "AnnotationTableModel",
    "ArticleItemDelegate",
    "ArticleListModel",
    "article_ids_from_mime",
    "colour_chip",
    "count_text",
    "is_orphan",
    "source_label",
]
