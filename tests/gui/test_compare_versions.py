"""Article → Compare Versions…: the earlier version beside the current one, the words that
went and came marked, and a connector from each annotation's place then to its place now."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OFFSCREEN_MENU, choose_from_article_menu, colours_in, looks_like
from tests.gui.mouse import drag_select
from tests.helpers import VERSION_1, VERSION_2, version_file
from tests.windows import WindowOpener
from xiaomi_reader.core.articles import parse_article_file
from xiaomi_reader.core.text_diff import Op
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.compare_dialog import CompareDialog
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.theme import dark_palette, palette_is_dark
from xiaomi_reader.gui.version_marks import mark_format
from xiaomi_reader.store.library import Library

MOVED = "US Department of State"  # in version 1's last paragraph, version 2's first
CHANGED = "not owned or controlled by the military"  # "the armed forces" in version 2


@pytest.fixture
def system_palette(qapp: QApplication) -> Iterator[QApplication]:
    light = qapp.palette()
    yield qapp
    qapp.setPalette(light)


def word_rect(pane: ArticlePane, words: str) -> QRect:
    """Where ``words`` are drawn, in the pane's text viewport (one line)."""
    view = pane.text_view
    found = view.document().find(words)
    assert not found.isNull(), words
    start, end = QTextCursor(found), QTextCursor(found)
    start.setPosition(found.selectionStart())
    end.setPosition(found.selectionEnd())
    left, right = view.cursorRect(start), view.cursorRect(end)
    assert left.top() == right.top(), f"{words!r} wraps"
    return QRect(left.left() + 2, left.top(), right.left() - left.left() - 4, left.height())


def washed(dialog: CompareDialog, pane: ArticlePane, words: str, op: Op) -> int:
    """How many pixels of ``words`` show the wash of a deletion or an insertion."""
    image = dialog.grab().toImage()
    wash, _ink = mark_format(op, pane.text_view.palette())
    seen = colours_in(dialog, image, pane.text_view.viewport(), word_rect(pane, words))
    return sum(n for rgb, n in seen.items() if looks_like(QColor(rgb), wash, 3))


def open_compare(qtbot: QtBot, open_window: WindowOpener, tmp_path: Path) -> MainWindow:
    def two_versions(library: Library) -> None:
        [outcome] = library.import_article_files([version_file(tmp_path, "v1.md", VERSION_1)])
        assert outcome.article is not None
        claim = next(t.id for t in library.tags() if t.name == "Claim")
        for quote in (MOVED, CHANGED):
            start = VERSION_1.index(quote)
            library.add_annotation(outcome.article.id, start, start + len(quote), tag_ids=[claim])
        library.add_version(
            outcome.article.id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2))
        )

    window = open_window(before=two_versions, restore=False)
    [article] = [a for a in window.library.articles() if a.title == "Xiaomi and the list"]
    window.open_article(article.id)
    choose_from_article_menu(qtbot, window, "&Compare Versions…")
    return window


@pytest.mark.qt_log_ignore(OFFSCREEN_MENU)
def test_compare_shows_what_went_what_came_and_where_each_annotation_moved(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path, system_palette: QApplication
):
    window = open_compare(qtbot, open_window, tmp_path)
    dialog = window.versions.compared
    assert dialog is not None and dialog.new_pane is not None
    qtbot.waitExposed(dialog)
    old, new = dialog.old_pane, dialog.new_pane
    assert old.text_view.toPlainText() == VERSION_1
    assert new.text_view.toPlainText() == VERSION_2
    assert old.header.meta.text().startswith("Version 1 of 2 · imported ")
    assert new.header.meta.text().startswith("Version 2 of 2 · imported ")

    # What went is washed red on the left, what came green on the right; the rest is not.
    assert washed(dialog, old, "The board met on Monday", Op.DELETE) > 50
    assert washed(dialog, new, "Shares fell sharply", Op.INSERT) > 50
    assert washed(dialog, new, "armed forces", Op.INSERT) > 50
    assert washed(dialog, old, "US Department of Defense", Op.DELETE) == 0
    assert washed(dialog, new, "US Department of Defense", Op.INSERT) == 0

    # One connector per annotation, from its place on version 1 to its place on version 2.
    connectors = dialog.connectors
    assert connectors is not None
    ids = {a.exact: a.id for a in window.controller.annotations()}
    qtbot.waitUntil(lambda: len(connectors.drawn()) == 2)
    image = dialog.grab().toImage()
    holder = connectors.parentWidget()
    for quote in (MOVED, "not owned or controlled by the armed forces"):
        annotation_id = ids[quote]
        ends = connectors.endpoints(annotation_id)
        assert ends is not None
        start, end = ends
        then = old.passage_rect(annotation_id)
        now = new.passage_rect(annotation_id)
        assert then is not None and now is not None
        then_at = QRect(old.mapTo(holder, then.topLeft()), then.size()).adjusted(-2, -2, 2, 2)
        now_at = QRect(new.mapTo(holder, now.topLeft()), now.size()).adjusted(-2, -2, 2, 2)
        assert then_at.contains(start.toPoint()) and now_at.contains(end.toPoint())
        # The line is drawn, in its colour, on its way between the two panes.
        gap = QPoint(new.mapTo(holder, QPoint(0, 0)).x() - 3, 0)
        column = QRect(gap.x(), 0, 1, holder.height())
        seen = colours_in(dialog, image, holder, column)
        colour = connectors.colour(annotation_id)
        assert any(looks_like(QColor(rgb), colour, 40) for rgb in seen), quote
    dialog.grab().save(str(tmp_path / "compare-light.png"))

    # An earlier version is for reading: selecting shows no tag bar, a tag key tags nothing.
    before = len(window.controller.annotations())
    drag_select(qtbot, old, VERSION_1, 0, 10)
    assert old.selected_range() == (0, 10) and not old.tag_bar.isVisible()
    qtbot.keyClick(old.text_view, Qt.Key.Key_1)
    assert len(window.controller.annotations()) == before

    # Dark: the washes still read (their text 4.5:1), and the picture is looked at.
    system_palette.setPalette(dark_palette())
    qtbot.waitUntil(lambda: palette_is_dark(old.text_view.palette()))
    dialog.close()
    choose_from_article_menu(qtbot, window, "&Compare Versions…")
    dark = window.versions.compared
    assert dark is not None and dark is not dialog and dark.new_pane is not None
    qtbot.waitExposed(dark)
    assert washed(dark, dark.old_pane, "The board met on Monday", Op.DELETE) > 50
    assert washed(dark, dark.new_pane, "Shares fell sharply", Op.INSERT) > 50
    dark.grab().save(str(tmp_path / "compare-dark.png"))


@pytest.mark.qt_log_ignore(OFFSCREEN_MENU)
def test_an_article_with_one_version_has_nothing_to_compare(qtbot: QtBot, window: MainWindow):
    errors: list[str] = []
    window.controller.errorOccurred.connect(errors.append)
    window.open_article(window.library.articles()[0].id)
    choose_from_article_menu(qtbot, window, "&Compare Versions…")
    assert window.versions.compared is None
    assert errors and "one version" in errors[0] and "Update" in errors[0]


@pytest.mark.qt_log_ignore(OFFSCREEN_MENU)
def test_the_versions_dialog_compares_the_chosen_version_with_the_current_one(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
):
    window = open_compare(qtbot, open_window, tmp_path)
    assert window.versions.compared is not None
    window.versions.compared.close()
    choose_from_article_menu(qtbot, window, "&Versions…")
    versions = window.versions.versions
    assert versions is not None
    qtbot.waitExposed(versions)
    assert not versions.compare_button.isEnabled()  # nothing chosen yet
    row = versions.table.visualItemRect(versions.table.item(0, 2)).center()
    qtbot.mouseClick(versions.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseClick(versions.compare_button, Qt.MouseButton.LeftButton)
    compared = versions.opened
    assert compared is not None and compared.new_pane is not None
    qtbot.waitExposed(compared)
    assert compared.old_pane.text_view.toPlainText() == VERSION_1
    assert compared.new_pane.text_view.toPlainText() == VERSION_2
    assert washed(compared, compared.old_pane, "The board met on Monday", Op.DELETE) > 50
