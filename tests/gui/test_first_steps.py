"""First steps: the "Getting started" strip, and imported articles opening in a pane."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.gui.helpers import drop_files
from tests.windows import WindowOpener
from xiaomi_reader.gui.first_steps import GettingStarted
from xiaomi_reader.gui.main_window import MainWindow


def strip_of(window: MainWindow) -> GettingStarted | None:
    strip = window.findChild(GettingStarted)
    return strip if strip is not None and strip.isVisible() else None


def test_getting_started_shows_the_three_moves_until_dismissed(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window()
    strip = strip_of(window)
    assert strip is not None
    moves = strip.moves.text().replace("\N{NO-BREAK SPACE}", " ")
    for move in ("1 (Claim)", "2 (Contradiction)", "L links", "Ctrl+E exports"):
        assert move in moves, moves
    # It sits above the panes, across the reading area.
    assert strip.geometry().bottom() < window.reading.scroll_area.geometry().top()

    qtbot.mouseClick(strip.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: strip_of(window) is None)
    open_window.close(window)
    assert strip_of(open_window()) is None  # dismissed for good


def test_getting_started_names_the_keys_the_tags_really_have(
    qtbot: QtBot, open_window: WindowOpener
):
    def rekey(library) -> None:  # type: ignore[no-untyped-def]
        claim = next(t for t in library.tags() if t.name == "Claim")
        library.update_tag(claim.id, shortcut="7")

    window = open_window(before=rekey)
    strip = strip_of(window)
    assert strip is not None
    assert "7 (Claim)" in strip.moves.text()
    assert "1 (Claim)" not in strip.moves.text()


def shown_lines(label: QLabel) -> list[str]:
    """The label's text as it wraps on screen, line by line."""
    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines.append(label.text()[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return [" ".join(line.replace("\N{NO-BREAK SPACE}", " ").split()) for line in lines]


def test_getting_started_wraps_between_its_moves_in_a_small_window(
    qtbot: QtBot, open_window: WindowOpener
):
    window = open_window(size=(1366, 768))
    strip = strip_of(window)
    assert strip is not None
    qtbot.waitUntil(lambda: len(shown_lines(strip.moves)) > 1)  # it does wrap here
    short_moves = ("L links it to another passage", "Ctrl+E exports a report")
    for line in shown_lines(strip.moves)[1:]:
        assert line.startswith(short_moves), shown_lines(strip.moves)
    for move in short_moves:
        assert any(move in line for line in shown_lines(strip.moves)), shown_lines(strip.moves)


def write_article(folder: Path, name: str, title: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {title}\n---\nWhat {title} says.\n", encoding="utf-8")
    return path


def test_imported_articles_open_in_a_free_pane_without_replacing_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
):
    shown = [pane.article_id for pane in window.panes]
    assert None not in shown  # three articles open, no pane free
    drop_files(window, write_article(tmp_path, "one", "First new"))
    qtbot.waitUntil(lambda: len(window.panes) == 4)
    assert [pane.article_id for pane in window.panes[:3]] == shown  # nothing replaced
    assert window.panes[3].header.title.text() == "First new"
    bar = window.reading.scroll_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())  # scrolled to where it opened
    assert "First new" in [a.title for a in window.library.articles()]

    # An empty pane is free: of several files, the first goes there, the rest to the Library.
    window.menus.new_pane_action.trigger()
    empty = window.panes[4]
    files = [write_article(tmp_path, n, f"Second {n}") for n in ("a", "b")]
    drop_files(window, *files)
    qtbot.waitUntil(lambda: empty.article_id is not None)
    assert empty.header.title.text() == "Second a"
    assert len(window.panes) == 5
    titles = {a.title for a in window.library.articles()}
    assert {"Second a", "Second b"} <= titles
