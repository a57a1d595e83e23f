"""Article → Update from File…: the summary, a review, and one Ctrl+Z for the whole update."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OFFSCREEN_MENU, choose_from_article_menu
from tests.helpers import REPEATED, VERSION_1, VERSION_2, VERSION_FATES, version_file
from tests.windows import WindowOpener
from xiaomi_reader.core.articles import parse_article_file
from xiaomi_reader.core.records import AnnotationState
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.review_dialog import ReviewDialog
from xiaomi_reader.store.library import Library

CTRL = Qt.KeyboardModifier.ControlModifier
SUMMARY = (
    'new version 2 of "Xiaomi and the list": 0 unchanged, 1 moved, 1 changed, '
    "1 need review, 1 orphaned"
)


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [line for line in conn.iterdump() if "library_revision" not in line]


def dock_quotes(window: MainWindow) -> set[str]:
    model = window.annotations_dock.model
    return {str(model.index(row, 1).data()) for row in range(model.rowCount())}


def click_needs_review_row(qtbot: QtBot, window: MainWindow) -> None:
    """Click the one "(needs review)" passage in the Annotations dock, as a reader would."""
    table = window.annotations_dock.table
    [row] = [
        r
        for r in range(table.model().rowCount())
        if "(needs review)" in str(table.model().index(r, 1).data())
    ]
    cell = table.visualRect(table.model().index(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)


@pytest.mark.qt_log_ignore(OFFSCREEN_MENU)
def test_update_an_open_article_review_one_and_undo_the_whole_update(
    qtbot: QtBot, open_window: WindowOpener, db_path: Path, tmp_path: Path
):
    v1 = version_file(tmp_path, "v1.md", VERSION_1)

    def annotate(library: Library) -> None:
        [outcome] = library.import_article_files([v1])
        assert outcome.article is not None
        for quote in VERSION_FATES:
            start = VERSION_1.index(quote)
            library.add_annotation(outcome.article.id, start, start + len(quote))

    window = open_window(before=annotate, restore=False)
    [article] = [a for a in window.library.articles() if a.title == "Xiaomi and the list"]
    pane = window.open_article(article.id)
    assert pane is not None and pane.text_view.toPlainText() == VERSION_1
    before = dump(db_path)

    choose_from_article_menu(qtbot, window, "Update from &File…")
    files = window.versions.file_dialog
    assert isinstance(files, QFileDialog)
    qtbot.waitExposed(files)
    files.selectFile(str(version_file(tmp_path, "v2.md", VERSION_2)))
    buttons = files.findChild(QDialogButtonBox, "buttonBox")
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton
    )

    # The summary, the new text in the pane, the states in the dock, the one to review.
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == SUMMARY)
    assert pane.text_view.toPlainText() == VERSION_2
    quotes = dock_quotes(window)
    assert "(changed) not owned or controlled by the armed forces" in quotes
    assert f"(needs review) {REPEATED}" in quotes
    review = window.versions.review
    assert isinstance(review, ReviewDialog)
    qtbot.waitExposed(review)
    assert review.table.rowCount() == 1
    assert f"[{REPEATED}]" in review.table.item(0, 0).text()
    assert "Shares fell sharply." in review.table.item(0, 1).text()  # the place offered
    window.grab().save(str(tmp_path / "updated-window.png"))
    review.grab().save(str(tmp_path / "review.png"))

    # Left for later, then found again in the Annotations dock, and accepted.
    qtbot.mouseClick(review.leave_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not review.isVisible())
    click_needs_review_row(qtbot, window)
    qtbot.waitUntil(lambda: window.versions.review is not review)
    review = window.versions.review
    assert isinstance(review, ReviewDialog) and review.table.rowCount() == 1
    qtbot.waitExposed(review)
    qtbot.mouseClick(review.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not review.isVisible())
    [held] = [a for a in window.library.annotations(article.id) if a.exact == REPEATED]
    assert (held.state, held.version) == (AnnotationState.ANCHORED, 2)
    assert REPEATED in dock_quotes(window)

    window.activateWindow()  # the window manager's part, once the dialog is gone
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(pane.text_view, Qt.Key.Key_Z, CTRL)  # the accepted place
    [held] = [a for a in window.library.annotations(article.id) if a.exact == REPEATED]
    assert held.state is AnnotationState.NEEDS_REVIEW
    qtbot.keyClick(pane.text_view, Qt.Key.Key_Z, CTRL)  # the whole update, in one step
    qtbot.waitUntil(lambda: pane.text_view.toPlainText() == VERSION_1)
    assert dump(db_path) == before
    assert not any(q.startswith("(") for q in dock_quotes(window))


@pytest.mark.qt_log_ignore(OFFSCREEN_MENU)
def test_an_earlier_version_opens_read_only_with_its_annotations(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
):
    v1 = version_file(tmp_path, "v1.md", VERSION_1)

    def two_versions(library: Library) -> None:
        [outcome] = library.import_article_files([v1])
        assert outcome.article is not None
        start = VERSION_1.index("Prices rose sharply in March")
        library.add_annotation(outcome.article.id, start, start + len("Prices rose"))
        library.add_version(
            outcome.article.id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2))
        )

    window = open_window(before=two_versions, restore=False)
    [article] = [a for a in window.library.articles() if a.title == "Xiaomi and the list"]
    window.open_article(article.id)

    choose_from_article_menu(qtbot, window, "&Versions…")
    versions = window.versions.versions
    assert versions is not None
    qtbot.waitExposed(versions)
    assert versions.table.rowCount() == 2
    assert versions.table.item(1, 0).text() == "2 (current)"
    versions.grab().save(str(tmp_path / "versions.png"))
    row = versions.table.visualItemRect(versions.table.item(0, 2)).center()
    qtbot.mouseClick(versions.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseClick(versions.open_button, Qt.MouseButton.LeftButton)
    old = versions.opened
    assert old is not None and old.new_pane is None
    qtbot.waitExposed(old)
    text = old.old_pane.text_view
    assert text.toPlainText() == VERSION_1 and text.isReadOnly()
    assert old.old_pane.header.meta.text().startswith("Version 1 of 2 · imported ")
    # The annotation (orphaned by version 2) is highlighted where it was on version 1.
    start = VERSION_1.index("Prices rose")
    assert old.old_pane.annotation_ids_at(start) != []
    assert old.old_pane.char_format_at(start).background().style() != Qt.BrushStyle.NoBrush
    old.grab().save(str(tmp_path / "old-version.png"))


def test_a_place_offered_before_a_further_update_cannot_be_accepted(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
):
    # Version 3 puts a paragraph in front of version 2: the place offered for the annotation
    # left on version 1 counts code points of version 2, so it points at other words now.
    version_3 = "An editor's note was added at the top of the article.\n\n" + VERSION_2

    def three_versions(library: Library) -> None:
        [outcome] = library.import_article_files([version_file(tmp_path, "v1.md", VERSION_1)])
        assert outcome.article is not None
        start = VERSION_1.index(REPEATED)
        library.add_annotation(outcome.article.id, start, start + len(REPEATED))
        for name, body in (("v2.md", VERSION_2), ("v3.md", version_3)):
            parsed = parse_article_file(version_file(tmp_path, name, body))
            library.add_version(outcome.article.id, parsed)

    window = open_window(before=three_versions, restore=False)
    [article] = [a for a in window.library.articles() if a.title == "Xiaomi and the list"]
    window.open_article(article.id)
    click_needs_review_row(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.versions.review, ReviewDialog))
    review = window.versions.review
    assert isinstance(review, ReviewDialog)
    qtbot.waitExposed(review)
    review.grab().save(str(tmp_path / "review-changed-again.png"))

    assert review.table.rowCount() == 1 and f"[{REPEATED}]" in review.table.item(0, 0).text()
    offered = review.table.item(0, 1).text()
    assert offered == "(no place offered: the article has changed again)"
    assert not review.accept_button.isEnabled() and review.leave_button.isEnabled()
    qtbot.mouseClick(review.accept_button, Qt.MouseButton.LeftButton)
    assert review.isVisible() and review.table.rowCount() == 1
    [held] = window.library.annotations(article.id)
    assert (held.state, held.version) == (AnnotationState.NEEDS_REVIEW, 1)
