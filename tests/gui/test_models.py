"""The Qt item models: model-tester checks, filters, sorting, drag data and painting."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QModelRoleData, Qt
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import QListView

from tests.helpers import CLAIM, CONTRADICTION, TAGS, TITLES, listed_annotation, summary
from xiaomi_reader.core import records
from xiaomi_reader.gui.models import (
    ARTICLE_MIME,
    COLUMN_ARTICLE,
    COLUMN_NOTE,
    COLUMN_QUOTE,
    COLUMN_TAGS,
    QUOTE_DISPLAY_LIMIT,
    AnnotationFilterProxy,
    AnnotationTableModel,
    ArticleItemDelegate,
    ArticleListModel,
    article_ids_from_mime,
)

ANNOTATIONS = [
    listed_annotation(1, 20, 50, "later passage", tag_ids=(2,)),
    listed_annotation(
        2, 10, 300, "US Department of State", note="Wrong department?\nsee 001", tag_ids=(2, 1)
    ),
    listed_annotation(3, 10, 40, "US Department of Defense", tag_ids=(1,)),
    listed_annotation(4, None, None, "lost quote", note="was in the lead", orphaned=True),
    listed_annotation(5, 20, 5, "first passage", note="Flagged by the desk"),
]


@pytest.fixture
def article_model(qapp) -> ArticleListModel:
    model = ArticleListModel()
    model.set_articles(
        [
            summary(10, "Xiaomi blacklisted", "2021-01-15", 3),
            summary(20, "A company on the list", None, 1),
        ]
    )
    return model


@pytest.fixture
def table(qapp) -> AnnotationTableModel:
    model = AnnotationTableModel()
    model.set_data(ANNOTATIONS, TAGS, TITLES)
    return model


@pytest.fixture
def proxy(table: AnnotationTableModel) -> AnnotationFilterProxy:
    proxy = AnnotationFilterProxy()
    proxy.setSourceModel(table)
    return proxy


def proxy_ids(proxy: AnnotationFilterProxy) -> list[int]:
    role = AnnotationTableModel.AnnotationIdRole
    return [proxy.index(row, 0).data(role) for row in range(proxy.rowCount())]


# -- ArticleListModel ----------------------------------------------------------------


def test_article_model_passes_model_tester(qtmodeltester, article_model: ArticleListModel) -> None:
    qtmodeltester.check(ArticleListModel())
    qtmodeltester.check(article_model)
    article_model.update_count(20, 7)
    qtmodeltester.check(article_model)


def test_article_model_roles(article_model: ArticleListModel) -> None:
    index = article_model.index(0, 0)
    assert index.data() == "Xiaomi blacklisted"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Xiaomi blacklisted · 2021-01-15 · Reuters"
    assert index.data(ArticleListModel.ArticleIdRole) == 10
    assert index.data(ArticleListModel.DateRole) == "2021-01-15"
    assert index.data(ArticleListModel.CountRole) == 3
    assert "reuters" in index.data(ArticleListModel.SearchTextRole).casefold()
    assert article_model.article_id(1) == 20
    assert article_model.row_of(20) == 1
    assert article_model.row_of(99) == -1
    assert article_model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled


def test_article_model_update_count_signals_one_row(qtbot, article_model: ArticleListModel) -> None:
    with qtbot.waitSignal(article_model.dataChanged) as blocker:
        article_model.update_count(20, 2)
    assert blocker.args[0].row() == 1
    assert article_model.index(1, 0).data(ArticleListModel.CountRole) == 2
    with qtbot.assertNotEmitted(article_model.dataChanged):
        article_model.update_count(20, 2)
        article_model.update_count(99, 5)


def test_article_mime_round_trip(article_model: ArticleListModel) -> None:
    assert article_model.mimeTypes() == [ARTICLE_MIME]
    indexes = [article_model.index(1, 0), article_model.index(0, 0), article_model.index(1, 0)]
    mime = article_model.mimeData(indexes)
    assert json.loads(bytes(mime.data(ARTICLE_MIME).data()).decode("utf-8")) == [20, 10]
    assert article_ids_from_mime(mime) == [20, 10]


def test_article_ids_from_foreign_mime_are_empty() -> None:
    foreign = QMimeData()
    foreign.setText("10")
    assert article_ids_from_mime(foreign) == []
    broken = QMimeData()
    broken.setData(ARTICLE_MIME, b"\xff not json")
    assert article_ids_from_mime(broken) == []


def test_delegate_paints_two_lines(qtbot, article_model: ArticleListModel) -> None:
    view = QListView()
    qtbot.addWidget(view)
    delegate = ArticleItemDelegate(view)
    view.setItemDelegate(delegate)
    view.setModel(article_model)
    view.resize(320, 160)
    view.setCurrentIndex(article_model.index(0, 0))
    line = view.fontMetrics().lineSpacing()
    assert view.sizeHintForRow(0) >= 2 * line
    assert delegate.secondary_text(article_model.index(0, 0)) == "2021-01-15 · 3 annotations"
    assert delegate.secondary_text(article_model.index(1, 0)) == "1 annotation"
    # On screen, the row is two lines of text: ink in two bands with a gap between them.
    pixmap = QPixmap(view.size())
    view.render(pixmap)
    image = pixmap.toImage()
    row = view.visualRect(article_model.index(0, 0)).translated(view.viewport().pos())
    paper = image.pixelColor(row.right() - 1, row.top() + 1).rgb()
    inked = [
        any(image.pixelColor(x, y).rgb() != paper for x in range(row.left(), row.right()))
        for y in range(row.top() + 1, row.bottom())
    ]
    bands = sum(1 for y, ink in enumerate(inked) if ink and (y == 0 or not inked[y - 1]))
    assert bands == 2, inked


# -- AnnotationTableModel ------------------------------------------------------------


def test_annotation_model_passes_model_tester(qtmodeltester, table: AnnotationTableModel) -> None:
    qtmodeltester.check(AnnotationTableModel())
    qtmodeltester.check(table)
    table.add(listed_annotation(6, 10, 120, "new", tag_ids=(1,)))
    qtmodeltester.check(table)
    table.update(listed_annotation(6, 10, 120, "changed", tag_ids=(2,)))
    qtmodeltester.check(table)
    assert table.remove(3)
    qtmodeltester.check(table)
    table.set_tags({CLAIM: TAGS[CLAIM]})
    table.set_article_titles({10: "Renamed"})
    qtmodeltester.check(table)


def test_annotation_model_columns(table: AnnotationTableModel) -> None:
    row = table.row_of(2)
    display = [table.index(row, column).data() for column in range(4)]
    assert display == [
        "Contradiction, Claim",
        "US Department of State",
        "Wrong department?",
        TITLES[10],
    ]
    assert table.headerData(COLUMN_QUOTE, Qt.Orientation.Horizontal) == "Quote"
    tooltip = table.index(row, COLUMN_NOTE).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Wrong department?\nsee 001"
    chip = table.index(row, COLUMN_TAGS).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(chip, QIcon)
    assert not chip.isNull()
    untagged = table.index(table.row_of(5), COLUMN_TAGS)
    assert untagged.data() == ""
    assert not untagged.data(Qt.ItemDataRole.DecorationRole).isNull()


def test_annotation_model_custom_roles(table: AnnotationTableModel) -> None:
    index = table.index(table.row_of(2), COLUMN_NOTE)
    assert index.data(AnnotationTableModel.AnnotationIdRole) == 2
    assert index.data(AnnotationTableModel.ArticleIdRole) == 10
    assert index.data(AnnotationTableModel.TagIdsRole) == (2, 1)
    assert index.data(AnnotationTableModel.SortKeyRole) == (TITLES[10], 300)
    assert index.data(AnnotationTableModel.OrphanRole) is False


def test_long_quote_is_one_truncated_line(table: AnnotationTableModel) -> None:
    exact = "Line one\nline two " + "x" * 400
    table.add(listed_annotation(7, 10, 1, exact))
    index = table.index(table.row_of(7), COLUMN_QUOTE)
    shown = index.data()
    assert "\n" not in shown
    assert shown.startswith("Line one line two")
    assert len(shown) <= QUOTE_DISPLAY_LIMIT
    assert shown.endswith("…")
    assert index.data(Qt.ItemDataRole.ToolTipRole) == exact


def test_orphan_is_marked(table: AnnotationTableModel) -> None:
    row = table.row_of(4)
    article = table.index(row, COLUMN_ARTICLE).data()
    assert article.startswith("(orphaned) ")
    assert "sha256:0123" in article
    quote = table.index(row, COLUMN_QUOTE)
    font = quote.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.italic()
    assert quote.data(AnnotationTableModel.OrphanRole) is True
    assert quote.data(AnnotationTableModel.SortKeyRole)[1] == -1
    assert table.index(table.row_of(1), COLUMN_QUOTE).data(Qt.ItemDataRole.FontRole) is None


def test_orphan_of_a_known_article_shows_its_title(table: AnnotationTableModel) -> None:
    table.update(listed_annotation(5, 20, 5, "first passage", orphaned=True))
    assert table.index(table.row_of(5), COLUMN_ARTICLE).data() == "(orphaned) " + TITLES[20]


def test_incremental_changes_signal_precisely(qtbot, table: AnnotationTableModel) -> None:
    with qtbot.waitSignal(table.rowsInserted) as inserted:
        table.add(listed_annotation(8, 10, 10))
    row = table.row_of(8)
    # Inserted where it belongs in reading order, not at the end.
    assert inserted.args[1:] == [row, row]
    keys = [table.reading_key(table.annotation(r)) for r in range(table.rowCount())]
    assert keys == sorted(keys)
    with qtbot.waitSignal(table.dataChanged) as changed:
        table.update(listed_annotation(8, 10, 10, note="now with a note"))
    assert (changed.args[0].row(), changed.args[1].row()) == (row, row)
    assert table.index(row, COLUMN_NOTE).data() == "now with a note"
    first = table.annotation(0).id
    with qtbot.waitSignal(table.rowsRemoved) as removed:
        assert table.remove(first)
    assert removed.args[1:] == [0, 0]
    assert table.row_of(8) == row - 1
    assert table.annotation(row - 1).id == 8
    assert not table.remove(first)


def test_set_tags_refreshes_tag_column(qtbot, table: AnnotationTableModel) -> None:
    renamed = records.Tag(1, "Assertion", "#30A46C")
    with qtbot.waitSignal(table.dataChanged) as changed:
        table.set_tags({1: renamed, 2: TAGS[CONTRADICTION]})
    assert changed.args[0].column() == COLUMN_TAGS
    assert changed.args[1].column() == COLUMN_TAGS
    assert changed.args[1].row() == table.rowCount() - 1
    assert table.index(table.row_of(3), COLUMN_TAGS).data() == "Assertion"


# -- AnnotationFilterProxy -----------------------------------------------------------


def test_proxy_passes_model_tester(qtmodeltester, table: AnnotationTableModel) -> None:
    proxy = AnnotationFilterProxy()
    qtmodeltester.check(proxy)
    proxy.setSourceModel(table)
    qtmodeltester.check(proxy)
    proxy.set_tag_filter(1)
    qtmodeltester.check(proxy)
    table.add(listed_annotation(9, 20, 1, tag_ids=(1,)))
    table.update(listed_annotation(2, 10, 300, "US Department of State"))
    table.remove(3)
    qtmodeltester.check(proxy)
    assert proxy_ids(proxy) == [9]


def test_proxy_sorts_by_article_then_position(proxy: AnnotationFilterProxy) -> None:
    # "(orphaned) …" sorts before the titles; then "A company…" before "Xiaomi…".
    assert proxy_ids(proxy) == [4, 5, 1, 3, 2]


def test_proxy_keeps_order_as_rows_arrive(proxy: AnnotationFilterProxy) -> None:
    proxy.sourceModel().add(listed_annotation(6, 10, 100))
    assert proxy_ids(proxy) == [4, 5, 1, 3, 6, 2]


def test_proxy_sorts_other_columns_by_text(proxy: AnnotationFilterProxy) -> None:
    proxy.sort(COLUMN_QUOTE, Qt.SortOrder.AscendingOrder)
    quotes = [proxy.index(row, COLUMN_QUOTE).data() for row in range(proxy.rowCount())]
    assert quotes == sorted(quotes, key=str.casefold)
    proxy.sort(COLUMN_ARTICLE, Qt.SortOrder.AscendingOrder)
    assert proxy_ids(proxy) == [4, 5, 1, 3, 2]


def test_proxy_filters_by_tag(proxy: AnnotationFilterProxy) -> None:
    proxy.set_tag_filter(CLAIM)
    assert proxy_ids(proxy) == [3, 2]
    proxy.set_tag_filter(CONTRADICTION)
    assert proxy_ids(proxy) == [1, 2]
    proxy.set_tag_filter(None)
    assert len(proxy_ids(proxy)) == len(ANNOTATIONS)


def test_proxy_filters_by_article(proxy: AnnotationFilterProxy) -> None:
    proxy.set_article_filter(20)
    assert proxy_ids(proxy) == [5, 1]
    proxy.set_tag_filter(CONTRADICTION)
    assert proxy_ids(proxy) == [1]
    proxy.set_article_filter(None)
    proxy.set_tag_filter(None)
    assert len(proxy_ids(proxy)) == len(ANNOTATIONS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("department of", [3, 2]),  # quote
        ("FLAGGED", [5]),  # note
        ("contradiction", [1, 2]),  # tag name
        ("company on", [5, 1]),  # article title
        ("  ", [4, 5, 1, 3, 2]),  # blank: everything
        ("nowhere at all", []),
    ],
)
def test_proxy_filters_by_text(
    proxy: AnnotationFilterProxy, text: str, expected: list[int]
) -> None:
    proxy.set_text_filter(text)
    assert proxy_ids(proxy) == expected


def test_proxy_text_filter_follows_renamed_tags(proxy: AnnotationFilterProxy) -> None:
    proxy.set_text_filter("assertion")
    assert proxy_ids(proxy) == []
    renamed = records.Tag(1, "Assertion", "#30A46C")
    proxy.sourceModel().set_tags({1: renamed, 2: TAGS[CONTRADICTION]})
    assert proxy_ids(proxy) == [3, 2]


def test_proxy_orphans_only(proxy: AnnotationFilterProxy) -> None:
    proxy.set_orphans_only(True)
    assert proxy.orphans_only
    assert proxy_ids(proxy) == [4]
    proxy.set_orphans_only(False)
    assert len(proxy_ids(proxy)) == len(ANNOTATIONS)


def test_proxy_filter_change_announces_itself(qtbot, proxy: AnnotationFilterProxy) -> None:
    with qtbot.waitSignal(proxy.rowsRemoved):
        proxy.set_text_filter("passage")
    assert proxy.text_filter == "passage"
    # Setting the same filter again does no work.
    with qtbot.assertNotEmitted(proxy.layoutChanged), qtbot.assertNotEmitted(proxy.rowsRemoved):
        proxy.set_text_filter("Passage ")
    assert proxy.mapToSource(proxy.index(0, 0)) != QModelIndex()


def test_a_cell_asked_all_its_roles_at_once_answers_as_asked_one_by_one(
    proxy: AnnotationFilterProxy,
) -> None:
    """Qt 6's item delegate paints from multiData: it must agree with data() everywhere."""
    roles = [
        *(int(role) for role in Qt.ItemDataRole if role < Qt.ItemDataRole.UserRole),
        *range(int(Qt.ItemDataRole.UserRole), AnnotationTableModel.SearchTextRole + 2),
    ]
    asked = 0
    for row in range(proxy.rowCount()):
        for column in range(proxy.columnCount()):
            index = proxy.index(row, column)
            for role in roles:
                one = QModelRoleData(role)
                index.multiData(one)
                expected, got = index.data(role), one.data()
                assert type(got) is type(expected), (row, column, role)
                if isinstance(expected, QIcon):
                    assert got.cacheKey() == expected.cacheKey()
                elif isinstance(expected, QFont):
                    assert got.italic() == expected.italic()
                else:
                    assert got == expected, (row, column, role)
                asked += expected is not None
    assert asked > 4 * proxy.rowCount()  # display, tooltip and more, not just Nones
