"""File → Export Report…: choose, export off the GUI thread, see the outcome."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from xiaomi_reader.gui.export_dialog import ExportDialog
from xiaomi_reader.store.library import Library

HOSTILE_NOTE = '=HYPERLINK("http://example.invalid","x") <script>alert(1)</script>'


@pytest.fixture
def annotated(library: Library) -> Library:
    by_title = {a.title.split()[0]: a for a in library.articles()}
    tags = {t.name: t.id for t in library.tags()}
    for key, phrase in (("This", "US Department of Defense"), ("A", "suspend Xiaomi blockade")):
        article = by_title[key]
        text = library.article(article.id).text
        start = text.index(phrase)
        library.add_annotation(
            article.id, start, start + len(phrase), tag_ids=[tags["Claim"]], note=HOSTILE_NOTE
        )
    return library


def make_dialog(qtbot: QtBot, library: Library) -> ExportDialog:
    dialog = ExportDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def export_to(qtbot: QtBot, dialog: ExportDialog, path: Path) -> None:
    dialog.ask_destination = lambda _suggested: str(path)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.exportFinished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def test_markdown_of_one_article_only(qtbot: QtBot, annotated: Library, tmp_path: Path):
    dialog = make_dialog(qtbot, annotated)
    qtbot.mouseClick(dialog.format_buttons["md"], Qt.MouseButton.LeftButton)
    judge = next(a for a in annotated.articles() if a.title.startswith("A judge"))
    dialog.set_article_checked(judge.id, False)
    target = tmp_path / "report.md"
    export_to(qtbot, dialog, target)
    text = target.read_text(encoding="utf-8")
    assert "US Department of Defense" in text
    assert "suspend Xiaomi blockade" not in text
    assert str(target) in dialog.result_label.text()
    opened = []
    dialog.open_result = opened.append
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(target)]


def test_csv_cells_are_neutralised(qtbot: QtBot, annotated: Library, tmp_path: Path):
    dialog = make_dialog(qtbot, annotated)
    dialog.set_format("csv")
    target = tmp_path / "annotations.csv"
    export_to(qtbot, dialog, target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows and all(row["note"].startswith("'=HYPERLINK") for row in rows)


def test_pdf_from_the_dialog(qtbot: QtBot, annotated: Library, tmp_path: Path):
    dialog = make_dialog(qtbot, annotated)
    dialog.set_format("pdf")
    target = tmp_path / "report.pdf"
    export_to(qtbot, dialog, target)
    assert target.read_bytes().startswith(b"%PDF")


def test_unwritable_destination_is_explained(qtbot: QtBot, annotated: Library, tmp_path: Path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    dialog = make_dialog(qtbot, annotated)
    dialog.set_format("md")
    dialog.ask_destination = lambda _suggested: str(blocker / "out.md")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.exportFailed, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()
    assert "out.md" in dialog.last_error
    assert not (blocker / "out.md").exists()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
