"""Creating annotations in a big library updates only what changed, and shows the same.

The row index of the Annotations table is rebuilt lazily, the Library dock repaints just
the row whose count changed, the controller keeps counts per article, and the connector
overlay skips recomputing when a layout pass moved nothing on screen.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import DEFENSE, STATE, Harness, assert_connector_on_passages, scroll_to
from tests.helpers import TAGS, TITLES, listed_annotation, summary
from xiaomi_reader.core import records
from xiaomi_reader.core.records import LinkType
from xiaomi_reader.gui.library_dock import LibraryDock
from xiaomi_reader.gui.models import AnnotationTableModel, ArticleItemDelegate

# -- the Annotations table's rows ------------------------------------------------------------


def _expected_order(model: AnnotationTableModel, held: dict[int, records.Annotation]) -> list[int]:
    return [a.id for a in sorted(held.values(), key=model.reading_key)]


def test_rows_stay_in_reading_order_through_inserts_and_removals(qtmodeltester, qapp):
    model = AnnotationTableModel()
    model.set_data([], TAGS, TITLES)
    qtmodeltester.check(model)
    rng = random.Random(7)
    held: dict[int, records.Annotation] = {}
    for ident in range(1, 200):
        if held and rng.random() < 0.3:
            gone = rng.choice(list(held))
            assert model.remove(gone)
            del held[gone]
        else:
            made = listed_annotation(ident, rng.choice([10, 20]), rng.randrange(1000))
            model.add(made)
            held[ident] = made
        if held and rng.random() < 0.2:  # ask between changes, as the dock does
            probe = rng.choice(list(held))
            assert model.row_of(probe) == _expected_order(model, held).index(probe)
    order = _expected_order(model, held)
    assert [model.annotation(row).id for row in range(model.rowCount())] == order
    assert [model.row_of(ident) for ident in order] == list(range(len(order)))
    assert model.row_of(10_000) == -1 and not model.remove(10_000)
    edited = records.Annotation(**{**held[order[0]].__dict__, "note": "edited"})
    model.update(edited)
    assert model.annotation(0).note == "edited"


def test_appending_at_the_end_keeps_the_row_index(qapp):
    model = AnnotationTableModel()
    model.set_data([listed_annotation(1, 10, 5)], TAGS, TITLES)
    assert model.row_of(1) == 0
    model.add(listed_annotation(2, 10, 50))  # after the last row
    assert model.row_of(2) == 1 and model.row_of(1) == 0
    assert model.remove(2) and model.row_of(1) == 0 and model.row_of(2) == -1


def test_roles_without_data_are_none(qapp):
    model = AnnotationTableModel()
    model.set_data([listed_annotation(1, 10, 5, "a quote")], TAGS, TITLES)
    index = model.index(0, 1)
    assert model.data(index) == "a quote"
    for role in (Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole):
        assert model.data(index, int(role)) is None
    assert model.data(model.index(0, 1).siblingAtRow(5)) is None


# -- the Library dock --------------------------------------------------------------------------


class _PaintedRegions(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())  # type: ignore[attr-defined]
        return False


def test_a_changed_count_repaints_only_its_row(qtbot: QtBot):
    dock = LibraryDock()
    qtbot.addWidget(dock)
    dock.set_articles([summary(n, f"Article {n}", "2021-01-15", n) for n in range(1, 25)])
    dock.resize(260, 700)
    dock.show()
    qtbot.waitExposed(dock)
    for _ in range(3):
        QApplication.processEvents()
    painted = _PaintedRegions()
    dock.view.viewport().installEventFilter(painted)
    dock.update_count(3, 42)
    for _ in range(3):
        QApplication.processEvents()
    row = dock.proxy.index(2, 0)
    assert ArticleItemDelegate.secondary_text(row) == "2021-01-15 · 42 annotations"
    assert painted.rects, "the changed row was not repainted"
    assert all(rect.height() <= dock.view.visualRect(row).height() for rect in painted.rects)
    # Other changes still lay the list out again: a filter hides rows.
    dock.filter.setText("Article 3")
    assert dock.proxy.rowCount() == 1


# -- the window: counts and connectors ---------------------------------------------------------


def _counts_shown(harness: Harness) -> dict[int, int]:
    model = harness.window.library_dock.model
    return {model.article_id(row): model.article(row).annotation_count for row in range(2)}


def test_counts_follow_create_undo_redo_and_delete(harness: Harness):
    controller = harness.controller
    pane = harness.panes[0]
    article_id = pane.article_id
    assert article_id is not None
    before = controller.annotation_count(article_id)
    made = controller.create_annotation(article_id, 2, 9, [controller.tags()[0].id])
    assert made is not None
    assert controller.annotation_count(article_id) == before + 1
    controller.undo_stack.undo()
    assert controller.annotation_count(article_id) == before
    controller.undo_stack.redo()
    assert controller.annotation_count(article_id) == before + 1
    assert controller.delete_annotations([made.id])
    assert controller.annotation_count(article_id) == before
    controller.undo_stack.undo()
    stored = next(a for a in harness.library.articles() if a.id == article_id)
    assert controller.annotation_count(article_id) == stored.annotation_count == before + 1
    model = harness.window.library_dock.model
    assert model.article(model.row_of(article_id)).annotation_count == before + 1
    row = harness.window.annotations_dock.model.row_of(made.id)
    assert harness.window.annotations_dock.model.annotation(row).id == made.id


def _linked_pair(harness: Harness) -> records.Link:
    left, right = harness.panes
    controller = harness.controller
    texts = [harness.library.article(p.article_id).text for p in (left, right)]  # type: ignore[arg-type]
    a_start = texts[0].index(DEFENSE)
    b_start = texts[1].index(STATE) if STATE in texts[1] else texts[1].index("Xiaomi")
    a = controller.create_annotation(left.article_id, a_start, a_start + len(DEFENSE))  # type: ignore[arg-type]
    b = controller.create_annotation(right.article_id, b_start, b_start + 6)  # type: ignore[arg-type]
    assert a is not None and b is not None
    link = controller.create_link(a.id, b.id, LinkType.SUPPORTS)
    assert link is not None
    assert scroll_to(left, a) and scroll_to(right, b)
    return link


def test_connectors_skip_layout_passes_that_move_nothing(qtbot: QtBot, harness: Harness):
    link = _linked_pair(harness)
    overlay = harness.overlay
    qtbot.waitUntil(lambda: overlay.endpoints(link.id) is not None)
    assert_connector_on_passages(harness, link)
    ends = overlay.endpoints(link.id)
    walks: list[int] = []
    original = overlay._passage_rects

    def counted(panes):  # type: ignore[no-untyped-def]
        walks.append(len(panes))
        return original(panes)

    overlay._passage_rects = counted  # type: ignore[method-assign]
    layout = harness.panes[0].text_view.document().documentLayout()
    layout.documentSizeChanged.emit(layout.documentSize())
    qtbot.wait(20)
    assert walks == [] and overlay.endpoints(link.id) == ends

    # Zooming one pane moves its passage: the connector follows without being told.
    left = harness.panes[0]
    left.set_point_size(left.point_size + 6)
    qtbot.waitUntil(lambda: overlay.endpoints(link.id) != ends)
    assert walks
    # The larger text may widen the pane to its readable minimum, a layout pass later.
    if overlay.endpoints(link.id) is not None:
        qtbot.waitUntil(lambda: assert_connector_on_passages(harness, link))


def test_connectors_drop_a_pane_whose_text_is_hidden(qtbot: QtBot, harness: Harness):
    link = _linked_pair(harness)
    overlay = harness.overlay
    qtbot.waitUntil(lambda: overlay.endpoints(link.id) is not None)
    harness.panes[1].text_view.hide()
    qtbot.waitUntil(lambda: overlay.endpoints(link.id) is None)
    harness.panes[1].text_view.show()
    qtbot.waitUntil(lambda: overlay.endpoints(link.id) is not None)
    assert_connector_on_passages(harness, link)
