"""Links the reader can see: hovering a highlight lists its links, and connector lines in
the link type's colour stay drawn through dock changes, with a stub toward a passage
scrolled away and a bracket in the margin for two passages of one article.

Lines are checked in grabs of the window, as a person sees them: pixels of the link
type's colour where the line must run.
"""

from __future__ import annotations

import functools

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QTabBar, QToolTip
from pytestqt.qtbot import QtBot

from tests.gui.helpers import DEFENSE, STATE, Harness, scroll_to, text_of
from tests.gui.mouse import char_point, click_char, drag_select, u16
from xiaomi_reader.core import records
from xiaomi_reader.core.colours import colours
from xiaomi_reader.gui.article_pane import ArticlePane

US_DEFENSE = "United States Department of Defense"
CONTRADICTS = QColor(colours().link_types[records.LinkType.CONTRADICTS])
MARGIN = 24  # the text's margin inside the pane's viewport, where same-pane lines run


def tag(qtbot: QtBot, harness: Harness, pane: ArticlePane, phrase: str) -> records.Annotation:
    """Select the first ``phrase`` in ``pane`` with the mouse and press 1 (Claim)."""
    text = text_of(harness, pane)
    start = text.index(phrase)
    pane.select_range(start, start)  # scrolls it into view
    pane.text_view.setFocus()
    drag_select(qtbot, pane, text, start, start + len(phrase))
    qtbot.keyClick(pane.text_view, Qt.Key.Key_1)
    [made] = [
        a for a in harness.controller.annotations_for(pane.article_id or 0) if a.start == start
    ]
    return made


def link_with_mouse_and_keys(
    qtbot: QtBot,
    harness: Harness,
    ends: tuple[tuple[ArticlePane, records.Annotation], tuple[ArticlePane, records.Annotation]],
) -> records.Link:
    """Click passage A, press L, click passage B, press 1 (contradicts)."""
    (a_pane, a), (b_pane, b) = ends
    for pane, passage in ends:
        if pane.passage_rect(passage.id) is None:
            scroll_to(pane, passage)
        click_char(qtbot, pane, text_of(harness, pane), (passage.start or 0) + 2)
        if passage is a:
            qtbot.keyClick(a_pane.text_view, Qt.Key.Key_L)
    qtbot.keyClick(b_pane.text_view, Qt.Key.Key_1)
    [link] = harness.controller.links()
    assert (link.source_id, link.target_id, link.type) == (a.id, b.id, "contradicts")
    return link


def in_window(harness: Harness, widget: QAbstractButton | ArticlePane, rect: QRect) -> QRect:
    return QRect(widget.mapTo(harness.window, rect.topLeft()), rect.size())


def passage_in_window(harness: Harness, pane: ArticlePane, annotation_id: int) -> QRect:
    rect = pane.passage_rect(annotation_id)
    assert rect is not None, "the passage is not on screen"
    return in_window(harness, pane, rect)


def text_area(harness: Harness, pane: ArticlePane) -> QRect:
    """The pane's text viewport, in window coordinates."""
    viewport = pane.text_view.viewport()
    return QRect(viewport.mapTo(harness.window, QPoint(0, 0)), viewport.size())


@functools.cache
def _shades(rgb: int, tolerance: int = 24) -> frozenset[int]:
    """Every 32-bit pixel value within ``tolerance`` of ``rgb`` in each channel."""
    red, green, blue = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF

    def near(channel: int) -> range:
        return range(max(0, channel - tolerance), min(255, channel + tolerance) + 1)

    return frozenset(
        0xFF000000 | r << 16 | g << 8 | b
        for r in near(red)
        for g in near(green)
        for b in near(blue)
    )


def link_pixels(image: QImage, rect: QRect, colour: QColor = CONTRADICTS) -> int:
    """How many pixels in ``rect`` of a window grab show the link colour (to the eye)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rect = rect & image.rect()
    pixels = memoryview(image.constBits()).cast("I")
    shades = _shades(colour.rgb() & 0xFFFFFF)
    stride = image.bytesPerLine() // 4
    count = 0
    for y in range(rect.top(), rect.bottom() + 1):
        row = pixels[y * stride + rect.left() : y * stride + rect.right() + 1]
        count += sum(1 for value in row if value in shades)
    return count


def seen(harness: Harness) -> QImage:
    return harness.window.grab().toImage()


def between(a: QRect, b: QRect) -> QRect:
    """The gap a connector from A's right edge to B's left edge must cross."""
    top, bottom = min(a.center().y(), b.center().y()), max(a.center().y(), b.center().y())
    return QRect(QPoint(a.right() + 14, top - 4), QPoint(b.left() - 14, bottom + 4))


# -- hovering ----------------------------------------------------------------------------------


# The offscreen platform cannot raise the tooltip window and says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_a_highlight_lists_its_tags_note_and_links(qtbot: QtBot, harness: Harness):
    left = harness.panes[0]
    defense = tag(qtbot, harness, left, DEFENSE)
    state = tag(qtbot, harness, left, STATE)
    harness.controller.set_note(defense.id, "The Pentagon keeps the list")
    link_with_mouse_and_keys(qtbot, harness, ((left, defense), (left, state)))

    def hover(passage: records.Annotation) -> str:
        QToolTip.hideText()
        qtbot.waitUntil(lambda: not QToolTip.isVisible())
        scroll_to(left, passage)
        viewport = left.text_view.viewport()
        point = char_point(left, u16(text_of(harness, left), (passage.start or 0) + 3))
        QTest.mouseMove(viewport, point + QPoint(0, 1))
        QTest.mouseMove(viewport, point)
        qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
        return QToolTip.text()

    tip = hover(defense)
    assert "Claim" in tip and "The Pentagon keeps the list" in tip
    assert "contradicts → “US Department of State”" in tip
    tip = hover(state)
    assert "contradicted by → “US Department of Defense”" in tip
    QToolTip.hideText()


# -- connectors ----------------------------------------------------------------------------------


def test_a_connector_stays_drawn_through_dock_tabs_and_docks_closing(
    qtbot: QtBot, harness: Harness
):
    left, right = harness.panes
    a = tag(qtbot, harness, left, DEFENSE)
    b = tag(qtbot, harness, right, US_DEFENSE)
    link_with_mouse_and_keys(qtbot, harness, ((left, a), (right, b)))

    def drawn() -> bool:
        gap = between(
            passage_in_window(harness, left, a.id), passage_in_window(harness, right, b.id)
        )
        return link_pixels(seen(harness), gap) >= gap.width()

    assert drawn()
    [tabs] = [bar for bar in harness.window.findChildren(QTabBar) if bar.isVisible()]
    names = [tabs.tabText(i) for i in range(tabs.count())]
    for name in ("Links", "Annotations", "Links"):
        qtbot.mouseClick(
            tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(names.index(name)).center()
        )
        qtbot.waitUntil(lambda name=name: tabs.tabText(tabs.currentIndex()) == name)
        qtbot.waitUntil(drawn)

    # Closing the Library dock widens the panes: the line follows the passages.
    before = passage_in_window(harness, left, a.id)
    dock = harness.window.library_dock
    [close] = [b for b in dock.findChildren(QAbstractButton) if "close" in b.objectName()]
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dock.isVisible())
    qtbot.waitUntil(lambda: passage_in_window(harness, left, a.id) != before)
    qtbot.waitUntil(drawn)


def test_a_stub_points_toward_an_end_scrolled_away(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    a = tag(qtbot, harness, left, DEFENSE)
    b = tag(qtbot, harness, right, US_DEFENSE)
    link_with_mouse_and_keys(qtbot, harness, ((left, a), (right, b)))
    everywhere = QRect(
        harness.window.splitter.mapTo(harness.window, QPoint()), harness.window.splitter.size()
    )

    bar = left.text_view.verticalScrollBar()
    bar.setValue(bar.maximum())  # A is now above what the left pane shows
    assert left.passage_rect(a.id) is None
    area = text_area(harness, left)
    # The stub runs in the left pane's right margin, up to its top edge, and ends in an
    # arrow head there (far more of the colour than a line alone).
    top_corner = QRect(area.right() - MARGIN, area.top(), MARGIN, 12)
    qtbot.waitUntil(lambda: link_pixels(seen(harness), top_corner) >= 40)
    text_column = QRect(area.left(), area.top(), area.width() - MARGIN, area.height())
    assert link_pixels(seen(harness), text_column) == 0  # nothing over the text itself

    bar.setValue(0)
    scroll_to(left, a)  # A back, B scrolled away above
    right_bar = right.text_view.verticalScrollBar()
    right_bar.setValue(right_bar.maximum())
    assert right.passage_rect(b.id) is None
    area = text_area(harness, right)
    qtbot.waitUntil(
        lambda: link_pixels(seen(harness), QRect(area.left(), area.top(), MARGIN, 12)) >= 40
    )

    bar.setValue(bar.maximum())  # both ends scrolled away: nothing to draw
    qtbot.waitUntil(lambda: link_pixels(seen(harness), everywhere) == 0)


def test_a_link_within_one_article_is_drawn_in_its_margin(qtbot: QtBot, harness: Harness):
    left, right = harness.panes
    defense = tag(qtbot, harness, left, DEFENSE)
    state = tag(qtbot, harness, left, STATE)
    link_with_mouse_and_keys(qtbot, harness, ((left, defense), (left, state)))

    # Small enough for both passages to be on screen: a bracket in the right margin.
    left.set_point_size(8)
    assert scroll_to(left, defense) and left.passage_rect(state.id) is not None
    area = text_area(harness, left)
    top = passage_in_window(harness, left, defense.id).center().y()
    bottom = passage_in_window(harness, left, state.id).center().y()
    margin = QRect(area.right() - MARGIN, top + 10, MARGIN, bottom - top - 20)
    qtbot.waitUntil(lambda: link_pixels(seen(harness), margin) >= margin.height())
    gap = QRect(
        area.right() + 1,
        area.top(),
        text_area(harness, right).left() - area.right() - 1,
        area.height(),
    )
    assert link_pixels(seen(harness), gap) == 0  # it does not leave the pane

    # Back at reading size State is below the screen: the margin line runs down to the
    # pane's bottom edge and ends in an arrow pointing there.
    left.reset_zoom()
    assert scroll_to(left, defense) and left.passage_rect(state.id) is None
    area = text_area(harness, left)
    qtbot.waitUntil(
        lambda: (
            link_pixels(seen(harness), QRect(area.right() - MARGIN, area.bottom() - 12, MARGIN, 13))
            >= 40
        )
    )
