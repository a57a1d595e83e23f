"""The reading area as it looks: pictures at two screen sizes with two and four panes, and
connector lines that stay on their passages when the panes scroll sideways."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.gui.helpers import DEFENSE, STATE, Harness, assert_connector_on_passages, scroll_to
from tests.windows import WindowOpener
from xiaomi_reader.core import records
from xiaomi_reader.core.records import LinkType
from xiaomi_reader.gui.main_window import MainWindow

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}


def link_defense_to_state(harness: Harness) -> records.Link:
    """Tag the Department of Defense in the first pane, the Department of State in the
    second (a claim and a contradiction) and link them."""
    left, right = harness.panes[0], harness.panes[1]
    controller = harness.controller
    tags = {t.name: t.id for t in controller.tags()}
    ends = []
    for pane, phrase, tag in ((left, DEFENSE, "Claim"), (right, STATE, "Contradiction")):
        assert pane.article_id is not None
        text = harness.library.article(pane.article_id).text
        phrase = phrase if phrase in text else "Xiaomi"
        start = text.index(phrase)
        end = start + len(phrase)
        made = controller.create_annotation(pane.article_id, start, end, [tags[tag]])
        assert made is not None
        ends.append(made)
    link = controller.create_link(ends[0].id, ends[1].id, LinkType.CONTRADICTS)
    assert link is not None
    assert scroll_to(left, ends[0]) and scroll_to(right, ends[1])
    return link


def add_panes(window: MainWindow, count: int) -> None:
    while len(window.panes) < count:
        window.menus.new_pane_action.trigger()
        window.library_dock.articleOpenRequested.emit(window.library.articles()[0].id)


def test_connectors_stay_on_their_passages_when_the_panes_scroll_sideways(
    qtbot: QtBot, harness: Harness, tmp_path: Path
):
    window = harness.window
    window.resize(*SIZES["1366x768"])
    link = link_defense_to_state(harness)
    add_panes(window, 4)
    window.reading.reveal(window.panes[0])
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0 and bar.value() == 0)
    qtbot.waitUntil(lambda: assert_connector_on_passages(harness, link))
    # Eight clicks on the bar's right arrow: the first pane slides partly out of view.
    arrow = QPoint(bar.width() - 4, bar.height() // 2)
    for _ in range(8):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=arrow)
    assert 0 < bar.value() < window.panes[0].width()
    qtbot.waitUntil(lambda: assert_connector_on_passages(harness, link))
    still_picture(qtbot, window).save(str(tmp_path / "connectors-scrolled.png"))


@pytest.mark.parametrize("panes", [2, 4])
@pytest.mark.parametrize("size", SIZES)
def test_pictures_of_the_reading_area(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path, size: str, panes: int
):
    window = open_window(restore=False, size=SIZES[size])
    harness = Harness(window)
    link = link_defense_to_state(harness)
    add_panes(window, panes)
    window.reading.reveal(window.panes[0])
    qtbot.waitUntil(lambda: harness.overlay.endpoints(link.id) is not None)
    picture = tmp_path / f"reading-{size}-{panes}-panes.png"
    assert still_picture(qtbot, window).save(str(picture))
    assert (QImage(str(picture)).width(), QImage(str(picture)).height()) == SIZES[size]


def still_picture(qtbot: QtBot, window: MainWindow) -> QImage:
    """The window once two grabs in a row are the same: every layout pass has run."""
    grabs: list[QImage] = []

    def still() -> bool:  # waitUntil lets events run between two calls
        grabs.append(window.grab().toImage())
        return len(grabs) > 1 and grabs[-1] == grabs[-2]

    qtbot.waitUntil(still)
    return grabs[-1]
