"""The window under a dark system palette: highlights, connectors and chips read, and the
screenshots at two screen sizes with two and four panes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import scroll_to
from tests.gui.mouse import drag_select, gap_point, u16
from tests.windows import WindowOpener
from xiaomi_reader.core.records import LinkType
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.contrast import GRAPHIC_CONTRAST, TEXT_CONTRAST, contrast_ratio
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.models import colour_chip
from xiaomi_reader.gui.theme import SchemeFollower, dark_palette, palette_is_dark
from xiaomi_reader.store.library import Library

DEFENSE = "US Department of Defense"
STATE = "US Department of State"
PALE = "Pale"  # a tag colour a user may well choose; on a dark page its wash hid the text
PALE_COLOUR = "#F4F4F4"


def rgb(colour: QColor) -> tuple[int, int, int]:
    return (colour.red(), colour.green(), colour.blue())


@pytest.fixture
def system_palette(qapp: QApplication) -> Iterator[QApplication]:
    """Lets a test switch the system to dark; the light palette is back afterwards."""
    light = qapp.palette()
    yield qapp
    qapp.setPalette(light)


def go_dark(app: QApplication, qtbot: QtBot, window: MainWindow) -> None:
    """The system switches to dark while the window is open."""
    app.setPalette(dark_palette())
    qtbot.waitUntil(lambda: palette_is_dark(window.panes[0].text_view.palette()))
    QApplication.processEvents()


def pane_showing(window: MainWindow, title_start: str) -> ArticlePane:
    for pane in window.panes:
        if pane.article_id and window.library.article(pane.article_id).title.startswith(
            title_start
        ):
            return pane
    raise AssertionError(f"no pane shows {title_start!r}")


def passage_on_screen(pane: ArticlePane, text: str, start: int, end: int) -> QRect:
    """The rectangle of a passage's first two characters, in the text viewport."""
    end = start + 2  # a narrow pane may wrap the rest
    view = pane.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(text, start))
    line = view.cursorRect(cursor)
    left, right = gap_point(pane, u16(text, start)), gap_point(pane, u16(text, end))
    assert left.y() == right.y()
    return QRect(left.x() + 1, line.top() + 1, right.x() - left.x() - 2, line.height() - 2)


def seen_in(image: QImage, rect: QRect) -> Counter[int]:
    return Counter(
        image.pixelColor(x, y).rgb()
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )


def add_pale_tag(library: Library) -> None:
    library.add_tag(PALE, PALE_COLOUR, shortcut="3")


def test_dark_system_palette_keeps_highlighted_text_readable(
    qtbot: QtBot, open_window: WindowOpener, system_palette: QApplication
):
    window = open_window(before=add_pale_tag)
    pane = pane_showing(window, "This is why")
    assert pane.article_id is not None
    text = window.library.article(pane.article_id).text
    passages = []
    for phrase, key in ((DEFENSE, Qt.Key.Key_1), (STATE, Qt.Key.Key_2)):
        start = text.index(phrase)
        drag_select(qtbot, pane, text, start, start + len(phrase))
        qtbot.keyClick(pane.text_view, key)
        passages.append((start, start + len(phrase)))
    go_dark(system_palette, qtbot, window)
    # Tagged in the dark too: the third tag, the user's pale one.
    start = text.index("Xiaomi")
    drag_select(qtbot, pane, text, start, start + len("Xiaomi"))
    qtbot.keyClick(pane.text_view, Qt.Key.Key_3)
    passages.append((start, start + len("Xiaomi")))
    tags_used = {
        window.controller.tag_map()[tag].name
        for annotation in window.library.annotations(pane.article_id)
        for tag in annotation.tag_ids
    }
    assert tags_used == {"Claim", "Contradiction", PALE}

    palette = pane.text_view.palette()
    page = palette.color(QPalette.ColorRole.Base)
    assert palette_is_dark(palette)
    for start, end in passages:
        pane.text_view.setTextCursor(QTextCursor(pane.text_view.document()))  # no selection
        annotation_id = pane.highlights.ids_at(start)[0]
        assert pane.scroll_to_annotation(annotation_id, flash=False)
        QApplication.processEvents()
        rect = passage_on_screen(pane, text, start, end)
        image = pane.text_view.viewport().grab().toImage()
        colours = seen_in(image, rect)
        # Most of the passage is its wash; the text is the colour farthest from it.
        wash = QColor.fromRgb(colours.most_common(1)[0][0])
        assert wash.rgb() != page.rgb(), "the passage shows no highlight"
        ink = max(colours, key=lambda c: contrast_ratio(rgb(QColor.fromRgb(c)), rgb(wash)))
        ratio = contrast_ratio(rgb(QColor.fromRgb(ink)), rgb(wash))
        assert ratio >= TEXT_CONTRAST, (text[start:end], wash.name(), QColor(ink).name(), ratio)


def test_dark_connectors_and_chips_stand_out_from_the_page(
    qtbot: QtBot, open_window: WindowOpener, system_palette: QApplication
):
    def linked(library: Library) -> None:
        ids = {a.title.split()[0]: a.id for a in library.articles()}
        one, two = library.article(ids["This"]), library.article(ids["A"])
        a = library.add_annotation(one.id, one.text.index(DEFENSE), one.text.index(DEFENSE) + 24)
        word = two.text.index("Xiaomi")
        b = library.add_annotation(two.id, word, word + 6)
        library.add_link(a.id, b.id, LinkType.CORRECTS)  # violet: the darkest link colour

    window = open_window(before=linked, restore=False, size=(1600, 1000))
    go_dark(system_palette, qtbot, window)
    [link] = window.library.links()
    for annotation in window.library.annotations():
        pane = next(p for p in window.panes if p.article_id == annotation.article_id)
        assert scroll_to(pane, annotation)
    qtbot.waitUntil(lambda: window.overlay.endpoints(link.id) is not None)
    end = window.overlay.endpoints(link.id)[1].toPoint()  # the arrow head at B
    image = window.grab().toImage()
    at = window.overlay.mapTo(window, end)
    page = rgb(window.panes[0].text_view.palette().color(QPalette.ColorRole.Base))
    around = seen_in(image, QRect(at - QPoint(8, 8), at + QPoint(8, 8)))
    # Page and text are grey: the arrow head is the most common coloured pixel.
    coloured = Counter({c: n for c, n in around.items() if QColor(c).hsvSaturation() > 60})
    arrow = QColor.fromRgb(coloured.most_common(1)[0][0])
    assert arrow.hue() in range(260, 300), arrow.name()  # still the violet of "corrects"
    assert contrast_ratio(rgb(arrow), page) >= GRAPHIC_CONTRAST, arrow.name()

    # The table's chips, drawn on the dark table and on a light one.
    table_page = window.annotations_dock.table.palette().color(QPalette.ColorRole.Base)
    for background in (table_page, QColor("#ffffff")):
        for tag_colour in ("#6E56CF", "#E8A317", "#202020", PALE_COLOUR):
            chip = QImage(16, 16, QImage.Format.Format_ARGB32)
            chip.fill(background)
            painter = QPainter(chip)
            painter.drawPixmap(2, 2, colour_chip(tag_colour).pixmap(12, 12))
            painter.end()
            # Going in from the left at mid-height, the chip's edge stands out 3:1.
            edge = max(
                contrast_ratio(rgb(chip.pixelColor(x, 8)), rgb(background)) for x in range(2, 5)
            )
            assert edge >= GRAPHIC_CONTRAST, (tag_colour, background.name())


def show_in_panes(qtbot: QtBot, window: MainWindow, titles: list[str]) -> None:
    """Panes (new ones opened with Ctrl+T) showing these articles, in order."""
    while len(window.panes) != len(titles):
        count = len(window.panes)
        if count < len(titles):
            qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        else:
            window.set_current_pane(window.panes[-1])
            window.close_current_pane()
        qtbot.waitUntil(lambda count=count: len(window.panes) != count)
    ids = {a.title.split()[0]: a.id for a in window.library.articles()}
    for pane, title in zip(window.panes, titles, strict=True):
        window.open_article(ids[title], pane)


def annotated(library: Library) -> None:
    """The mix-up marked: Defense a claim, State its contradiction, and a link across."""
    ids = {a.title.split()[0]: a.id for a in library.articles()}
    one, two = library.article(ids["This"]), library.article(ids["A"])
    claim, contradiction = (t.id for t in library.tags()[:2])
    at = one.text.index(DEFENSE)
    a = library.add_annotation(one.id, at, at + len(DEFENSE), tag_ids=[claim])
    at = one.text.index(STATE)
    b = library.add_annotation(one.id, at, at + len(STATE), tag_ids=[contradiction])
    at = two.text.index("United States Department of Defense")
    c = library.add_annotation(two.id, at, at + 35, tag_ids=[claim], note="The same list")
    library.add_link(a.id, b.id, LinkType.CONTRADICTS)
    library.add_link(a.id, c.id, LinkType.SAME_CLAIM)


def texts_start_level(window: MainWindow) -> bool:
    """The pane headers are aligned: every text starts at the same height."""
    return len({pane.text_view.mapTo(window, QPoint(0, 0)).y() for pane in window.panes}) == 1


def connectors_on_passages(window: MainWindow) -> bool:
    """Every connector drawn starts and ends on its passage where that passage is shown (an
    end scrolled away is a stub at the pane's edge)."""
    overlay = window.overlay
    for link in window.library.links():
        ends = overlay.endpoints(link.id) or ()
        for point, annotation_id in zip(ends, (link.source_id, link.target_id), strict=False):
            boxes = [
                QRect(overlay.mapFromGlobal(pane.mapToGlobal(rect.topLeft())), rect.size())
                for pane in window.panes
                if (rect := pane.passage_rect(annotation_id)) is not None
            ]
            if boxes and not any(
                box.adjusted(-3, -3, 3, 3).contains(point.toPoint()) for box in boxes
            ):
                return False
    return True


def test_dark_screenshots_at_two_sizes_with_two_and_four_panes(
    qtbot: QtBot, open_window: WindowOpener, system_palette: QApplication, tmp_path: Path
):
    system_palette.setPalette(dark_palette())
    for width, height in ((1366, 768), (1920, 1080)):
        library = tmp_path / f"library-{width}.sqlite3"
        window = open_window(library, before=annotated, restore=False, size=(width, height))
        for titles in (["This", "A"], ["This", "A", "Xiaomi", "This"]):
            show_in_panes(qtbot, window, titles)
            first = window.library.annotations(window.panes[0].article_id)[0]
            QApplication.processEvents()  # laid out first: then the passage stays in place
            assert scroll_to(window.panes[0], first)
            noted = next(a for a in window.library.annotations() if a.note)
            window.annotations_dock.select_annotation(noted.id)  # its note in the note box
            window.statusBar().clearMessage()  # the library's path: a temporary folder here
            qtbot.waitUntil(lambda window=window: texts_start_level(window))
            qtbot.waitUntil(lambda window=window: connectors_on_passages(window))
            image = window.grab().toImage()
            assert (image.width(), image.height()) == (width, height)
            assert palette_is_dark(window.palette())
            path = tmp_path / f"dark-{width}x{height}-{len(titles)}-panes.png"
            assert image.save(str(path))
        open_window.close(window)
    assert len(list(tmp_path.glob("dark-*.png"))) == 4


def test_the_window_follows_the_system_scheme_where_the_style_stays_light(
    qtbot: QtBot, window: MainWindow, system_palette: QApplication
):
    """A style that keeps its light palette under a dark system: Fusion, dark, and back."""
    hints = QGuiApplication.styleHints()
    style = system_palette.style().name()
    follower = SchemeFollower(system_palette)
    try:
        assert not palette_is_dark(window.palette())  # the system says nothing here
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # as the platform announces it
        qtbot.waitUntil(lambda: palette_is_dark(window.panes[0].text_view.palette()))
        assert system_palette.style().name() == "fusion"
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        qtbot.waitUntil(lambda: not palette_is_dark(window.panes[0].text_view.palette()))
        assert system_palette.style().name() == style
    finally:
        follower.deleteLater()
