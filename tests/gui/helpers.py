"""Qt helpers many window tests share: colours as drawn, the link harness, the app start.

Fixtures that show widgets are in tests/gui/conftest.py (panes, the link harness) and
tests/windows.py (the main window).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, QRect, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QDropEvent, QImage, QTextCharFormat
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from xiaomi_reader.core import records
from xiaomi_reader.gui.article_pane import HIGHLIGHT_ALPHA, ArticlePane
from xiaomi_reader.gui.export_dialog import ExportDialog
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.open_library import Choice, LibraryOpener
from xiaomi_reader.store.library import Library

DEFENSE = "US Department of Defense"
STATE = "US Department of State"
TOLERANCE = 3
# A menu popping up, offscreen: it can neither raise itself nor grab the keyboard.
OFFSCREEN_MENU = "This plugin does not support (raise|grabbing the keyboard)"
PaneFactory = Callable[..., ArticlePane]  # the make_pane fixture

# -- dragging onto the window -------------------------------------------------------------------


def drop_on(window: MainWindow, mime: QMimeData, point: QPointF | None = None) -> None:
    """``mime`` dropped on the window at ``point`` (its middle unless given)."""
    window.dropEvent(
        QDropEvent(
            point if point is not None else QPointF(window.rect().center()),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )


def drop_files(window: MainWindow, *paths: Path) -> None:
    """Files dropped on the middle of the window, as from a file manager."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    drop_on(window, mime)


# -- the desktop -------------------------------------------------------------------------------


class UrlCatcher(QObject):
    """Where the desktop would be asked to open a URL (Qt's own hook for it)."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


@contextmanager
def urls_opened(*schemes: str) -> Iterator[list[QUrl]]:
    """The URLs of these schemes the program asks the desktop to open, meanwhile; none
    reaches a real browser or file manager."""
    catcher = UrlCatcher()
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    try:
        yield catcher.opened
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)


# -- colours ------------------------------------------------------------------------------


def background(fmt: QTextCharFormat) -> QColor | None:
    brush = fmt.background()
    return None if brush.style() == Qt.BrushStyle.NoBrush else brush.color()


def tinted(hex_colour: str) -> QColor:
    colour = QColor(hex_colour)
    colour.setAlpha(HIGHLIGHT_ALPHA)
    return colour


def on_paper(hex_colour: str, paper: QColor) -> QColor:
    """A highlight of ``hex_colour`` as it looks on screen: its tint laid over the paper."""
    a = HIGHLIGHT_ALPHA / 255
    tag = QColor(hex_colour)
    pairs = zip(tag.getRgb()[:3], paper.getRgb()[:3], strict=True)
    return QColor(*(round(a * t + (1 - a) * p) for t, p in pairs))


def looks_like(seen: QColor, expected: QColor, tolerance: int = 12) -> bool:
    """The same colour to the eye (antialiasing and rounding aside)."""
    pairs = zip(seen.getRgb()[:3], expected.getRgb()[:3], strict=True)
    return all(abs(s - e) <= tolerance for s, e in pairs)


def colours_in(top: QWidget, image: QImage, widget: QWidget, rect: QRect) -> Counter[int]:
    """How often each colour shows in ``rect`` (``widget``'s coordinates) of ``top``'s grab."""
    origin = widget.mapTo(top, rect.topLeft())
    return Counter(
        image.pixelColor(origin.x() + x, origin.y() + y).rgb()
        for x in range(rect.width())
        for y in range(rect.height())
    )


# -- links: the main window on articles 001 and 002 ------------------------------------------


class Harness:
    """The real main window, showing articles 001 and 002 side by side, seen by the tests."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.library = window.library
        self.controller = window.controller
        self.overlay = window.overlay
        self.flow = window.link_flow
        self.links_dock = window.links_dock
        self.messages: list[str] = []
        self.flow.message.connect(self.messages.append)
        self.titles = {a.id: a.title for a in self.library.articles()}
        articles = {a.title.split()[0]: a.id for a in self.library.articles()}
        while len(window.panes) > 2:
            window.set_current_pane(window.panes[-1])
            window.close_current_pane()
        window.open_article(articles["This"], window.panes[0])
        window.open_article(articles["A"], window.panes[1])

    @property
    def panes(self) -> list[ArticlePane]:
        return self.window.panes

    @property
    def current(self) -> int | None:
        return self.window.annotations_dock.current_id()

    @current.setter
    def current(self, annotation_id: int) -> None:
        self.window.annotations_dock.select_annotation(annotation_id)

    def select_annotation(self, annotation_id: int | None) -> None:
        if annotation_id is not None:
            self.window.annotations_dock.select_annotation(annotation_id)
        self.window.show_counterparts(annotation_id)

    def start_link(self) -> None:
        self.window.start_link()


def text_of(harness: Harness, pane: ArticlePane) -> str:
    assert pane.article_id is not None
    return harness.library.article(pane.article_id).text


def on_overlay(harness: Harness, pane: ArticlePane, rect: QRect) -> QRect:
    """A pane rectangle in overlay coordinates, mapped through the screen."""
    overlay = harness.overlay
    return QRect(overlay.mapFromGlobal(pane.mapToGlobal(rect.topLeft())), rect.size())


def assert_within(point: QPointF, rect: QRect) -> None:
    grown = rect.adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
    assert grown.contains(point.toPoint()), f"{point} is not within {rect}"


def assert_connector_on_passages(harness: Harness, link: records.Link) -> None:
    ends = harness.overlay.endpoints(link.id)
    assert ends is not None, "the connector is not drawn"
    for point, annotation_id in zip(ends, (link.source_id, link.target_id), strict=True):
        pane = next(p for p in harness.panes if p.passage_rect(annotation_id) is not None)
        rect = pane.passage_rect(annotation_id)
        assert rect is not None
        assert_within(point, on_overlay(harness, pane, rect))


def scroll_to(pane: ArticlePane, annotation: records.Annotation) -> bool:
    """Scroll so the passage is near the top of the pane."""
    pane.scroll_to_annotation(annotation.id, flash=False)
    rect = pane.passage_rect(annotation.id)
    if rect is None:
        return False
    top = pane.text_view.viewport().mapTo(pane, QPoint(0, 0)).y()
    bar = pane.text_view.verticalScrollBar()
    bar.setValue(bar.value() + rect.top() - top - 20)
    return True


# -- starting the app -------------------------------------------------------------------------


def main_window_shown(qapp: QApplication) -> MainWindow | None:
    for widget in qapp.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def when_window(
    qapp: QApplication,
    ready: Callable[[MainWindow], bool],
    act: Callable[[MainWindow], None],
    waiting: Callable[[], None] = lambda: None,
) -> None:
    """Once the app about to run shows a main window that is ``ready``, ``act`` on it."""

    def look() -> None:
        window = main_window_shown(qapp)
        if window is None or not ready(window):
            waiting()
            QTimer.singleShot(5, look)
            return
        act(window)

    QTimer.singleShot(0, look)


def library_opened(window: MainWindow) -> bool:
    """Shown, with its panes filled from the library."""
    return bool(window.panes) and all(pane.article_id is not None for pane in window.panes)


class ScriptedOpener(LibraryOpener):
    def __init__(self, answers: list[Choice], files: list[str]) -> None:
        super().__init__()
        self.answers = answers
        self.files = files
        self.messages: list[str] = []

    def ask_what_now(self, message: str) -> Choice:
        self.messages.append(message)
        return self.answers.pop(0)

    def ask_existing_file(self, near: str) -> str | None:
        return self.files.pop(0)

    def ask_new_file(self, near: str) -> str | None:
        return self.files.pop(0)


def make_export_dialog(qtbot: QtBot, library: Library) -> ExportDialog:
    """The export dialog on ``library``, shown."""
    dialog = ExportDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def import_files(qtbot: QtBot, window: MainWindow, paths: Sequence[str | Path]) -> None:
    """Import article files as File → Import Articles… does, and wait until it has ended
    (the files are read beside the window)."""
    window.import_paths([str(p) for p in paths])
    qtbot.waitUntil(lambda: not window.imports.busy(), timeout=20_000)


def choose_from_article_menu(qtbot: QtBot, window: MainWindow, text: str) -> None:
    bar, menu = window.menuBar(), window.menus.article_menu
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
    )
    qtbot.waitUntil(menu.isVisible)
    [action] = [a for a in menu.actions() if a.text() == text]
    assert action.isEnabled()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not isinstance(menu, QMenu) or not menu.isVisible())
