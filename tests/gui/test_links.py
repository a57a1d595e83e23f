"""Links: made with mouse and keys, listed in the dock, drawn as connectors, undoable.

The ``harness`` fixture (tests/gui/conftest.py) is the main window on articles 001 and 002
side by side, with its controller, Links dock, connector overlay and link flow at hand.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QModelIndex,
    QModelRoleData,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import (
    DEFENSE,
    STATE,
    TOLERANCE,
    Harness,
    assert_connector_on_passages,
    on_overlay,
    scroll_to,
    text_of,
)
from tests.gui.mouse import click_char, drag_select, u16, wheel
from xiaomi_reader.core import records
from xiaomi_reader.core.records import LinkType
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.link_flow import Step
from xiaomi_reader.gui.link_models import LinkFilterProxy, LinkTableModel
from xiaomi_reader.store.database import LibraryError
from xiaomi_reader.store.library import Library

US_DEFENSE = "United States Department of Defense"


def annotate(qtbot: QtBot, harness: Harness, pane: ArticlePane, phrase: str, key: Qt.Key, nth=0):
    """Select the ``nth`` occurrence of a phrase with the mouse and tag it with a key."""
    text = text_of(harness, pane)
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    pane.select_range(start, start)  # scrolls it into view
    pane.text_view.setFocus()
    drag_select(qtbot, pane, text, start, start + len(phrase))
    assert pane.selected_range() == (start, start + len(phrase))
    qtbot.keyClick(pane.text_view, key)
    created = [a for a in harness.controller.annotations_for(pane.article_id) if a.start == start]
    assert created, f"{phrase!r} was not annotated"
    return created[0]


def link_by_flow(harness: Harness, a: int, b: int, kind: LinkType) -> records.Link:
    assert harness.flow.start(a) and harness.flow.choose_target(b)
    link = harness.flow.choose_type(kind)
    assert link is not None
    return link


# -- the two links the feature request asks for -------------------------------------------


def test_state_vs_defense_in_one_article_with_mouse_and_keys(qtbot: QtBot, harness: Harness):
    pane = harness.panes[0]
    defense = annotate(qtbot, harness, pane, DEFENSE, Qt.Key.Key_1)
    assert harness.current == defense.id

    qtbot.keyClick(pane.text_view, Qt.Key.Key_L)
    assert harness.flow.step is Step.TARGET
    assert "Esc cancels" in harness.messages[-1]
    state = annotate(qtbot, harness, pane, STATE, Qt.Key.Key_2)
    assert harness.flow.step is Step.TYPE
    assert harness.flow.chooser.isVisible()
    qtbot.keyClick(pane.text_view, Qt.Key.Key_1)  # 1 = contradicts

    assert not harness.flow.active and not harness.flow.chooser.isVisible()
    [link] = harness.library.links()
    assert (link.source_id, link.target_id, link.type) == (defense.id, state.id, "contradicts")
    assert harness.controller.links() == [link]
    assert harness.links_dock.visible_rows() == [(DEFENSE, "contradicts", STATE, "")]

    # Both ends in one pane: a bracket in its margin, ends on the two passages.
    # They do not fit on screen together: a stub runs from the one shown to the pane's edge.
    stub = harness.overlay.endpoints(link.id)
    assert stub is not None
    viewport = pane.text_view.viewport()
    text_area = on_overlay(harness, pane, QRect(viewport.mapTo(pane, QPoint()), viewport.size()))
    edges = (text_area.top(), text_area.bottom())
    assert any(abs(point.y() - edge) <= TOLERANCE for point in stub for edge in edges)
    pane.set_point_size(8)
    assert scroll_to(pane, defense)
    assert pane.passage_rect(state.id) is not None
    qtbot.waitUntil(lambda: harness.overlay.endpoints(link.id) is not None)
    assert_connector_on_passages(harness, link)
    start, end = harness.overlay.endpoints(link.id) or (QPointF(), QPointF())
    assert start.y() < end.y()
    viewport = pane.text_view.viewport()
    margin = on_overlay(harness, pane, QRect(viewport.mapTo(pane, QPoint(0, 0)), viewport.size()))
    middle = (start.y() + end.y()) / 2
    hits = {harness.overlay.link_at(QPointF(margin.right() - dx, middle)) for dx in range(2, 24)}
    assert link.id in hits
    assert harness.overlay.link_at(QPointF(margin.center().x(), middle)) is None


def test_the_link_type_chooser_follows_passage_b_as_its_text_scrolls(
    qtbot: QtBot, harness: Harness
):
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    b = annotate(qtbot, harness, right, US_DEFENSE, Qt.Key.Key_1)
    click_char(qtbot, left, text_of(harness, left), a.start + 3)
    qtbot.keyClick(left.text_view, Qt.Key.Key_L)
    click_char(qtbot, right, text_of(harness, right), b.start + 5)
    chooser = harness.flow.chooser
    assert harness.flow.step is Step.TYPE and chooser.isVisible()

    def under_b() -> bool:
        rect = right.passage_rect(b.id)
        if rect is None:
            return False
        bottom = right.mapTo(harness.window, rect.bottomLeft()).y()
        return chooser.isVisible() and 0 <= chooser.y() - bottom <= 12

    assert under_b()
    wheel(qtbot, right, -1 if right.text_view.verticalScrollBar().value() else 1)
    qtbot.waitUntil(under_b)
    qtbot.keyClick(right.text_view, Qt.Key.Key_2)  # still the type step: 2 = supports
    [link] = harness.library.links()
    assert (link.source_id, link.target_id, link.type) == (a.id, b.id, LinkType.SUPPORTS)


def test_the_link_type_chooser_never_points_at_a_pane_scrolled_away_sideways(
    qtbot: QtBot, harness: Harness
):
    window = harness.window
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    b = annotate(qtbot, harness, right, US_DEFENSE, Qt.Key.Key_1)
    while len(window.panes) < 5:  # more than fit: the reading area scrolls sideways
        window.menus.new_pane_action.trigger()
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    window.reading.reveal(left)
    qtbot.waitUntil(lambda: bar.value() == 0)
    click_char(qtbot, left, text_of(harness, left), a.start + 3)
    qtbot.keyClick(left.text_view, Qt.Key.Key_L)
    click_char(qtbot, right, text_of(harness, right), b.start + 5)
    chooser = harness.flow.chooser
    assert harness.flow.step is Step.TYPE and chooser.isVisible()
    reading = window.reading.scroll_area.viewport()
    on_screen = QRect(reading.mapTo(window, QPoint()), reading.size())

    def under_b() -> bool:
        rect = right.passage_rect(b.id)
        bottom = right.mapTo(window, rect.bottomLeft()).y() if rect else -100
        return chooser.isVisible() and 0 <= chooser.y() - bottom <= 12

    qtbot.waitUntil(under_b)
    # Passage B's pane slides out of view: the chooser stays over the reading area (and
    # waits for the type), not at the window's edge.
    qtbot.keyClick(bar, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: right.visibleRegion().isEmpty())
    qtbot.waitUntil(lambda: on_screen.contains(chooser.geometry()))
    qtbot.keyClick(bar, Qt.Key.Key_Home)
    qtbot.waitUntil(under_b)
    qtbot.keyClick(right.text_view, Qt.Key.Key_2)
    [link] = harness.library.links()
    assert (link.source_id, link.target_id, link.type) == (a.id, b.id, LinkType.SUPPORTS)


def test_cross_article_supports_link_follows_scrolling(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    b = annotate(qtbot, harness, right, US_DEFENSE, Qt.Key.Key_1)
    left_text, right_text = text_of(harness, left), text_of(harness, right)

    click_char(qtbot, left, left_text, a.start + 3)  # makes A the current annotation
    assert harness.current == a.id
    left.text_view.setFocus()
    qtbot.keyClick(left.text_view, Qt.Key.Key_L)
    assert harness.flow.step is Step.TARGET
    click_char(qtbot, right, right_text, b.start + 5)
    assert harness.flow.step is Step.TYPE and harness.flow.target_id == b.id
    button = harness.flow.chooser.buttons[LinkType.SUPPORTS]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    [link] = harness.library.links()
    assert (link.source_id, link.target_id, link.type) == (a.id, b.id, LinkType.SUPPORTS)
    assert harness.links_dock.visible_rows() == [(DEFENSE, "supports", US_DEFENSE, "")]
    assert_connector_on_passages(harness, link)
    start, end = harness.overlay.endpoints(link.id) or (QPointF(), QPointF())
    assert start.x() < end.x()  # from A's right edge across to B's left edge

    # Scroll the left pane: A's end follows, B's stays where it is.
    bar = left.text_view.verticalScrollBar()
    assert bar.maximum() > 0, "the harness must be short enough for the text to scroll"
    rect = left.passage_rect(a.id)
    assert rect is not None
    room = rect.top() - left.text_view.viewport().mapTo(left, QPoint()).y()
    step = min(100, room - 5)
    assert step > 20
    bar.setValue(bar.value() + step)
    moved = harness.overlay.endpoints(link.id)
    assert moved is not None
    assert moved[0].y() == pytest.approx(start.y() - step, abs=1) and moved[1] == end
    assert_connector_on_passages(harness, link)

    bar.setValue(bar.value() + room + rect.height() + 5)  # A scrolled out of view
    assert left.passage_rect(a.id) is None
    stub = harness.overlay.endpoints(link.id)  # from B to the left pane's top edge
    assert stub is not None and stub[1] == end
    top = on_overlay(
        harness, left, QRect(left.text_view.viewport().mapTo(left, QPoint()), QSize())
    ).top()
    assert stub[0].y() == pytest.approx(top, abs=TOLERANCE)
    bar.setValue(0)
    assert_connector_on_passages(harness, link)

    # Moving the splitter moves the ends with the panes, without being told.
    before = harness.overlay.endpoints(link.id)
    harness.window.splitter.setSizes([500, 900])
    qtbot.waitUntil(lambda: harness.overlay.endpoints(link.id) != before)
    assert_connector_on_passages(harness, link)


def test_passage_rect_covers_the_passage_on_screen(qtbot: QtBot, harness: Harness):
    pane = harness.panes[0]
    text = text_of(harness, pane)
    a = annotate(qtbot, harness, pane, DEFENSE, Qt.Key.Key_1)
    rect = pane.passage_rect(a.id)
    assert rect is not None
    view = pane.text_view
    for cp in (a.start, a.end - 1):
        cursor = view.textCursor()
        cursor.setPosition(u16(text, cp))
        caret = view.cursorRect(cursor)
        assert rect.contains(view.viewport().mapTo(pane, caret.center()))
    assert pane.passage_rect(a.id + 999) is None
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    if view.verticalScrollBar().maximum() > rect.bottom():
        assert pane.passage_rect(a.id) is None


# -- dock, database, undo -------------------------------------------------------------------


def test_undo_and_redo_link_creation_and_deletion(qtbot: QtBot, harness: Harness):
    pane = harness.panes[0]
    a = annotate(qtbot, harness, pane, DEFENSE, Qt.Key.Key_1)
    b = annotate(qtbot, harness, harness.panes[1], US_DEFENSE, Qt.Key.Key_1)
    link = link_by_flow(harness, a.id, b.id, LinkType.SUPPORTS)
    assert harness.overlay.drawn_links() == [link.id]

    qtbot.keyClick(harness.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert harness.library.links() == [] and harness.controller.links() == []
    assert harness.links_dock.visible_rows() == []
    assert harness.overlay.drawn_links() == []
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(harness.window, Qt.Key.Key_Z, ctrl_shift)
    assert harness.library.links() == [link] and harness.controller.links() == [link]
    assert len(harness.links_dock.visible_rows()) == 1
    assert harness.overlay.drawn_links() == [link.id]

    table = harness.links_dock.table
    harness.links_dock.select_link(link.id)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert harness.library.links() == [] and harness.links_dock.visible_rows() == []
    assert harness.library.annotation(a.id) == a  # the passages stay
    qtbot.keyClick(harness.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert harness.library.links() == [link]
    assert harness.links_dock.visible_rows() == [(DEFENSE, "supports", US_DEFENSE, "")]


def test_deleting_a_linked_annotation_is_one_undo_step(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    state = annotate(qtbot, harness, left, STATE, Qt.Key.Key_2)
    b = annotate(qtbot, harness, right, US_DEFENSE, Qt.Key.Key_1)
    first = link_by_flow(harness, a.id, state.id, LinkType.CONTRADICTS)
    second = link_by_flow(harness, b.id, a.id, LinkType.SAME_CLAIM)
    third = link_by_flow(harness, b.id, state.id, LinkType.CORRECTS)
    assert harness.controller.link_count_for(a.id) == 2
    removed: list[int] = []
    harness.controller.linkRemoved.connect(removed.append)

    # The caret in A's highlight, then Delete, as a reader would.
    click_char(qtbot, left, text_of(harness, left), a.start + 2)
    left.text_view.setFocus()
    qtbot.keyClick(left.text_view, Qt.Key.Key_Delete)

    assert sorted(removed) == [first.id, second.id]
    assert harness.library.links() == [third]
    assert harness.controller.links() == [third] and harness.controller.links_of(a.id) == []
    assert [row[1] for row in harness.links_dock.visible_rows()] == ["corrects"]
    assert harness.overlay.drawn_links() in ([third.id], [])
    assert harness.controller.undo_stack.undoText().startswith("Delete")

    qtbot.keyClick(harness.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert harness.library.links() == [first, second, third]
    assert harness.controller.links_of(a.id) == [first, second]
    assert [row[1] for row in harness.links_dock.visible_rows()] == [
        "contradicts",
        "same claim",
        "corrects",
    ]
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(harness.window, Qt.Key.Key_Z, ctrl_shift)
    assert harness.library.links() == [third] and harness.controller.links() == [third]


def test_esc_cancels_the_flow_at_each_step(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    b = annotate(qtbot, harness, right, US_DEFENSE, Qt.Key.Key_1)
    harness.current = a.id
    undo_steps = harness.controller.undo_stack.count()

    # Step 2: waiting for passage B.
    left.text_view.setFocus()
    qtbot.keyClick(left.text_view, Qt.Key.Key_L)
    assert harness.flow.active
    qtbot.keyClick(left.text_view, Qt.Key.Key_Escape)
    assert not harness.flow.active and harness.messages[-1] == "Link cancelled."

    # Step 3: the type chooser is showing; Esc from the other pane.
    qtbot.keyClick(left.text_view, Qt.Key.Key_L)
    click_char(qtbot, right, text_of(harness, right), b.start + 1)
    assert harness.flow.step is Step.TYPE and harness.flow.chooser.isVisible()
    qtbot.keyClick(right.text_view, Qt.Key.Key_Escape)
    assert not harness.flow.active and not harness.flow.chooser.isVisible()

    # Step 1 from a selection: the selection becomes A, then Esc.
    text = text_of(harness, left)
    start = text.index(STATE)
    left.select_range(start, start)
    drag_select(qtbot, left, text, start, start + len(STATE))
    qtbot.keyClick(left.text_view, Qt.Key.Key_L)
    assert harness.flow.active
    source = harness.controller.annotation(harness.flow.source_id or 0)
    assert source is not None and source.exact == STATE
    qtbot.keyClick(left.text_view, Qt.Key.Key_Escape)
    assert not harness.flow.active

    # The chooser's Cancel button does the same; digits are tags again afterwards.
    harness.flow.start(a.id)
    harness.flow.choose_target(b.id)
    qtbot.mouseClick(harness.flow.chooser.cancel_button, Qt.MouseButton.LeftButton)
    assert not harness.flow.active
    assert harness.library.links() == []
    assert harness.controller.undo_stack.count() == undo_steps + 1  # only the new annotation


def test_tagging_a_contradiction_offers_a_link_without_starting_one(qtbot: QtBot, harness: Harness):
    pane = harness.panes[0]
    state = annotate(qtbot, harness, pane, STATE, Qt.Key.Key_2)
    assert "Press L to link it" in harness.messages[-1]
    assert not harness.flow.active
    pane.text_view.setFocus()
    qtbot.keyClick(pane.text_view, Qt.Key.Key_L)
    assert harness.flow.active and harness.flow.source_id == state.id


def test_selection_confirmed_with_enter_becomes_passage_b(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    assert harness.flow.start(a.id)
    text = text_of(harness, right)
    start = text.index(US_DEFENSE)
    right.text_view.setFocus()
    drag_select(qtbot, right, text, start, start + len(US_DEFENSE))
    qtbot.keyClick(right.text_view, Qt.Key.Key_Return)
    assert harness.flow.step is Step.TYPE
    assert not harness.flow.confirm_selection()  # nothing is waiting for a passage now
    target = harness.controller.annotation(harness.flow.target_id or 0)
    assert target is not None and (target.exact, target.tag_ids) == (US_DEFENSE, ())
    qtbot.keyClick(right.text_view, Qt.Key.Key_4)
    [link] = harness.library.links()
    assert (link.source_id, link.target_id, link.type) == (a.id, target.id, "corrects")


def test_keys_typed_in_a_find_bar_while_choosing_passage_b_stay_in_it(
    qtbot: QtBot, harness: Harness
):
    pane = harness.panes[0]
    a = annotate(qtbot, harness, pane, DEFENSE, Qt.Key.Key_1)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_L)
    assert harness.flow.step is Step.TARGET
    qtbot.keyClick(pane.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = pane.find_bar.line_edit
    assert QApplication.focusWidget() is field
    text = text_of(harness, pane)
    phrase = "US Department"

    # Enter finds the next match each time; the match left selected is not passage B.
    qtbot.keyClicks(field, phrase)
    starts = [i for i in range(len(text)) if text.startswith(phrase, i)]
    assert len(starts) == 3
    seen = []
    for _ in range(2):
        qtbot.keyClick(field, Qt.Key.Key_Return)
        found = pane.selected_range()
        assert found is not None and text[found[0] : found[1]] == phrase
        seen.append(starts.index(found[0]))
    assert seen[1] == seen[0] + 1
    assert pane.find_bar.status.text() == f"{seen[1] + 1} of 3"
    # An "l" typed into the field is a letter of the phrase, not "link".
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "blacklist")
    assert field.text() == "blacklist"

    assert [x.exact for x in harness.library.annotations(pane.article_id)] == [DEFENSE]
    assert harness.flow.step is Step.TARGET and harness.flow.source_id == a.id
    assert harness.library.links() == []


def test_selecting_an_annotation_shows_its_counterparts(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    b = annotate(qtbot, harness, right, US_DEFENSE, Qt.Key.Key_1)
    link = link_by_flow(harness, a.id, b.id, LinkType.SUPPORTS)
    bar = right.text_view.verticalScrollBar()
    bar.setValue(bar.maximum())

    click_char(qtbot, left, text_of(harness, left), a.start + 1)
    assert right.passage_rect(b.id) is not None  # scrolled back into view
    assert harness.overlay.highlighted() == {link.id}
    emphasised = [s.cursor.selectedText() for s in right.text_view.extraSelections()]
    assert US_DEFENSE in emphasised

    harness.select_annotation(None)
    assert right.text_view.extraSelections() == [] and harness.overlay.highlighted() == set()


def test_clicking_a_connector_selects_its_link(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    b = annotate(qtbot, harness, right, US_DEFENSE, Qt.Key.Key_1)
    link = link_by_flow(harness, a.id, b.id, LinkType.SUPPORTS)
    clicked: list[int] = []
    harness.overlay.linkClicked.connect(clicked.append)
    start, _end = harness.overlay.endpoints(link.id) or (QPointF(), QPointF())
    on_line = QPointF(start.x() + 4, start.y())
    assert harness.overlay.link_at(on_line) == link.id
    assert harness.overlay.link_at(QPointF(start.x() + 4, start.y() + 30)) is None
    viewport = left.text_view.viewport()
    pos = viewport.mapFromGlobal(harness.overlay.mapToGlobal(on_line.toPoint()))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    assert clicked == [link.id]
    assert harness.links_dock.current_id() == link.id
    assert harness.overlay.highlighted() == {link.id}


def test_dock_note_type_filter_and_passage_cells(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    a = annotate(qtbot, harness, left, DEFENSE, Qt.Key.Key_1)
    state = annotate(qtbot, harness, left, STATE, Qt.Key.Key_2)
    b = annotate(qtbot, harness, right, US_DEFENSE, Qt.Key.Key_1)
    contradiction = link_by_flow(harness, a.id, state.id, LinkType.CONTRADICTS)
    support = link_by_flow(harness, a.id, b.id, LinkType.SUPPORTS)
    dock = harness.links_dock

    dock.set_type_filter(LinkType.SUPPORTS)
    assert [row[1] for row in dock.visible_rows()] == ["supports"]
    tip = dock.proxy.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert US_DEFENSE in tip and harness.titles[b.article_id or 0] in tip
    dock.set_type_filter(None)
    assert len(dock.visible_rows()) == 2

    chosen: list[int] = []
    dock.endChosen.connect(chosen.append)
    table = dock.table
    for column in (0, 2):
        index = dock.proxy.index(dock.model.row_of(contradiction.id), column)
        qtbot.mouseClick(
            table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
        )
    assert chosen == [a.id, state.id]
    assert dock.current_id() == contradiction.id

    dock.note.setFocus()
    qtbot.keyClicks(dock.note, "Defense or State?")
    qtbot.waitUntil(lambda: harness.library.links()[0].note == "Defense or State?", timeout=3000)
    assert dock.visible_rows()[0][3] == "Defense or State?"
    table.setFocus()  # the note keeps what is being typed while it has the focus
    harness.controller.undo_stack.undo()  # the typing was one step
    assert harness.library.links()[0].note == ""
    assert dock.note.toPlainText() == ""
    assert harness.library.links()[1] == support


# -- the controller's cache and the database ------------------------------------------------


def test_controller_link_cache_follows_annotation_undo(qapp, library: Library):
    controller = LibraryController(library)
    article = library.articles()[0].id
    a = controller.create_annotation(article, 0, 6)
    b = controller.create_annotation(article, 10, 20)
    assert a and b
    added: list[records.Link] = []
    removed: list[int] = []
    controller.linkAdded.connect(added.append)
    controller.linkRemoved.connect(removed.append)
    link = controller.create_link(a.id, b.id, "same claim", note="twice")
    assert link is not None and added == [link] and link.note == "twice"
    assert controller.create_link(a.id, b.id, LinkType.SAME_CLAIM) is None  # no duplicates
    assert controller.create_link(a.id, a.id, LinkType.SUPPORTS) is None  # nor self-links

    assert controller.set_link_note(link.id, "twice, word for word")
    controller.undo_stack.undo()
    assert controller.link(link.id) == link == library.links()[0]
    controller.undo_stack.undo()  # the link
    assert controller.links() == [] and removed == [link.id]
    controller.undo_stack.undo()  # b
    controller.undo_stack.redo()
    controller.undo_stack.redo()
    assert controller.links() == [link] == library.links()
    controller.undo_stack.undo()
    controller.undo_stack.undo()  # b again: the database and cache agree there is no link
    assert controller.links() == [] == library.links()
    assert controller.delete_link(link.id) is False


def test_database_refuses_a_dangling_link(library: Library, db_path: Path):
    article = library.articles()[0].id
    a = library.add_annotation(article, 0, 6)
    b = library.add_annotation(article, 10, 20)
    link = library.add_link(a.id, b.id, LinkType.CONTRADICTS)
    with pytest.raises(LibraryError):
        library.add_link(a.id, b.id + 100, LinkType.CONTRADICTS)
    library.delete_annotation(b.id)
    with pytest.raises(LibraryError):
        library.restore_links([link])  # b is gone: the link would dangle
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("SELECT count(*) FROM links").fetchone()[0] == 0
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO links (iri, source_id, target_id, type, note, created) "
                "VALUES ('urn:uuid:x', ?, ?, 'supports', '', '2024-01-01')",
                (a.id, b.id),
            )
    conn.close()


# -- models -----------------------------------------------------------------------------------


def _link(link_id: int, source: int, target: int, kind: LinkType, note: str = "") -> records.Link:
    from datetime import UTC, datetime

    return records.Link(link_id, f"urn:l{link_id}", source, target, kind, note, datetime.now(UTC))


def test_link_models_pass_the_model_tester(qtmodeltester, library: Library):
    article = library.articles()[0]
    annotations = {
        a.id: a
        for a in (
            library.add_annotation(article.id, 0, 6),
            library.add_annotation(article.id, 10, 20, note="n"),
        )
    }
    first, second = annotations
    model = LinkTableModel()
    qtmodeltester.check(model)
    model.set_data(
        [
            _link(2, first, second, LinkType.SUPPORTS, "why\nmore"),
            _link(1, second, first, LinkType.CORRECTS),
        ],
        annotations,
        {article.id: article.title},
    )
    qtmodeltester.check(model)
    assert [model.link(row).id for row in range(model.rowCount())] == [1, 2]
    assert model.index(1, 3).data() == "why"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).endswith(article.title)
    model.add(_link(3, first, 999, LinkType.CONTRADICTS))
    assert model.index(2, 2).data() == "(passage not found)"
    model.update(_link(3, first, second, LinkType.CONTRADICTS, "fixed"))
    model.update_annotation(annotations[first])
    assert model.remove(2) and not model.remove(2)
    proxy = LinkFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_type_filter("contradicts")
    assert [proxy.index(r, 1).data() for r in range(proxy.rowCount())] == ["contradicts"]
    qtmodeltester.check(proxy)
    model.add(_link(2, first, second, LinkType.CONTRADICTS))
    assert proxy.rowCount() == 2
    proxy.set_type_filter(None)
    assert proxy.rowCount() == 3


class _CountingLinks(LinkTableModel):
    """Counts the cells Qt asks one role at a time (each is a call into Python)."""

    def __init__(self) -> None:
        super().__init__()
        self.single_role_calls = 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        self.single_role_calls += 1
        return super().data(index, role)


def test_the_links_table_paints_each_cell_from_one_call(qtbot: QtBot, library: Library):
    """Like the annotations table, a painted link cell is answered in one call (multiData)."""
    from PySide6.QtWidgets import QTableView

    article = library.articles()[0]
    first = library.add_annotation(article.id, 0, 6)
    second = library.add_annotation(article.id, 10, 20)
    model = _CountingLinks()
    model.set_data(
        [_link(1, first.id, second.id, LinkType.CONTRADICTS, "why")],
        {first.id: first, second.id: second},
        {article.id: article.title},
    )
    proxy = LinkFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(600, 200)
    view.show()
    qtbot.waitExposed(view)
    model.single_role_calls = 0
    view.viewport().grab()  # a full repaint of every cell
    assert model.single_role_calls == 0
    # What is painted is what data() answers, role by role.
    for column in range(proxy.columnCount()):
        index = proxy.index(0, column)
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            one = QModelRoleData(int(role))
            index.multiData(one)
            assert one.data() == index.data(role), (column, role)
    assert proxy.index(0, 1).data() == "contradicts"


def test_link_rows_change_one_at_a_time(qtbot: QtBot, library: Library):
    article = library.articles()[0]
    first = library.add_annotation(article.id, 0, 6)
    second = library.add_annotation(article.id, 10, 20)
    ends = {first.id: first, second.id: second}
    model = LinkTableModel()
    model.set_data([_link(i, first.id, second.id, LinkType.SUPPORTS) for i in (1, 3, 5)], ends, {})
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.add(_link(4, second.id, first.id, LinkType.CORRECTS))
    assert inserted.args[1:] == [2, 2]  # in id order, where an undone deletion returns
    assert [model.link(row).id for row in range(model.rowCount())] == [1, 3, 4, 5]
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.update(_link(4, second.id, first.id, LinkType.CORRECTS, "a note"))
    assert (changed.args[0].row(), changed.args[1].row()) == (2, 2)
    assert model.index(2, 3).data() == "a note"
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        assert model.remove(1)
    assert removed.args[1:] == [0, 0]
    assert model.row_of(4) == 1 and model.row_of(5) == 2 and model.row_of(1) == -1
