"""File → Import Annotations… in the window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from xiaomi_reader.export import export_library
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library


def test_import_from_another_library_shows_summary_and_annotations(
    qtbot: QtBot, library: Library, tmp_path: Path
):
    other = Library.open(tmp_path / "other.sqlite3")
    article = next(a for a in other.articles() if a.title.startswith("This is why"))
    text = other.article(article.id).text
    start = text.index("US Department of State")
    other.add_annotation(article.id, start, start + 22, note="from a colleague")
    exported = export_library(other, "json", tmp_path / "colleague.json")
    other.close()

    window = MainWindow(library, restore=False)
    qtbot.addWidget(window)
    shown = window.import_annotations(str(exported))
    assert "imported: 1" in shown
    notes = [a.note for a in window.controller.annotations()]
    assert notes == ["from a colleague"]
    proxy = window.annotations_dock.proxy
    assert proxy.rowCount() == 1 and proxy.index(0, 1).data() == "US Department of State"
    assert "already present: 1" in window.import_annotations(str(exported))


def test_invalid_file_imports_nothing(qtbot: QtBot, library: Library, tmp_path: Path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "AnnotationCollection", "first": {"items": [', encoding="utf-8")
    window = MainWindow(library, restore=False)
    qtbot.addWidget(window)
    before = library.revision()
    shown = window.import_annotations(str(broken))
    assert shown.startswith("Nothing was imported")
    assert library.revision() == before
    assert window.controller.annotations() == []
