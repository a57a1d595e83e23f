"""The Annotations and Links tables in a dock of ordinary width: the passages' words are
what the reader looks for, so their columns keep the room to show them."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from tests.windows import WindowOpener
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library

DEFENSE = "US Department of Defense"
STATE = "US Department of State"


def linked_passages(library: Library) -> None:
    """A Claim and a Contradiction in the first bundled article, linked."""
    [article] = [a for a in library.articles() if a.title.startswith("This is why")]
    text = library.article(article.id).text
    ends = []
    for phrase, tag in ((DEFENSE, 1), (STATE, 2)):
        start = text.index(phrase)
        ends.append(library.add_annotation(article.id, start, start + len(phrase), tag_ids=[tag]))
    library.add_link(ends[0].id, ends[1].id, "contradicts")


def shown_width(table: QTableView, column: int) -> int:
    """How much of a column the reader sees without scrolling the table sideways."""
    header = table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    right = left + header.sectionSize(column)
    return max(0, min(right, table.viewport().width()) - max(left, 0))


def test_the_passages_keep_their_room_in_the_dock_tables(qtbot: QtBot, open_window: WindowOpener):
    window: MainWindow = open_window(before=linked_passages, restore=False)
    annotations = window.annotations_dock.table
    qtbot.waitUntil(lambda: annotations.model().rowCount() == 2)
    room = annotations.viewport().width()
    assert room < 400  # a dock of ordinary width: the columns do not all fit
    assert shown_width(annotations, 1) >= room // 2, "the Quote column is squeezed"

    window.links_dock.raise_()
    links = window.links_dock.table
    qtbot.waitUntil(lambda: links.isVisible() and links.model().rowCount() == 1)
    room = links.viewport().width()
    for column in (0, 2):  # passage A, passage B
        assert shown_width(links, column) >= room // 4, f"passage column {column} is squeezed"
