"""File → Import Annotations… in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.export import build, orphan_item
from tests.windows import WindowOpener
from xiaomi_reader.export import export_library
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.import_annotations import (
    ERROR_BOX_NAME,
    SUMMARY_BOX_NAME,
    import_annotations_interactively,
    summary_text,
)
from xiaomi_reader.store.interchange import ImportSummary, import_annotations
from xiaomi_reader.store.library import Library

ORPHAN_QUOTE = "words that appear in no article at all"


def test_import_from_another_library_shows_summary_and_annotations(
    library: Library, open_window: WindowOpener, tmp_path: Path
):
    other = Library.open(tmp_path / "other.sqlite3")
    article = next(a for a in other.articles() if a.title.startswith("This is why"))
    text = other.article(article.id).text
    start = text.index("US Department of State")
    other.add_annotation(article.id, start, start + 22, note="from a colleague")
    exported = export_library(other, "json", tmp_path / "colleague.json")
    other.close()

    window = open_window(library, restore=False)
    shown = window.import_annotations(str(exported))
    assert "Imported: 1" in shown
    notes = [a.note for a in window.controller.annotations()]
    assert notes == ["from a colleague"]
    proxy = window.annotations_dock.proxy
    assert proxy.rowCount() == 1 and proxy.index(0, 1).data() == "US Department of State"
    assert "Already present: 1" in window.import_annotations(str(exported))


def test_invalid_file_imports_nothing(library: Library, open_window: WindowOpener, tmp_path: Path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "AnnotationCollection", "first": {"items": [', encoding="utf-8")
    window = open_window(library, restore=False)
    before = library.revision()
    shown = window.import_annotations(str(broken))
    assert shown.startswith("Nothing was imported")
    assert library.revision() == before
    assert window.controller.annotations() == []


# --------------------------------------------------------------------------
# import_annotations_interactively, without the window
# --------------------------------------------------------------------------


@pytest.fixture
def colleague_file(tmp_path: Path) -> Path:
    """A W3C file exported from another library: four annotations, two links, an orphan."""
    other = Library.open(tmp_path / "colleague.sqlite3")
    try:
        build(other)
        import_annotations(other, orphan_item(ORPHAN_QUOTE))
        return export_library(other, "json", tmp_path / "colleague.jsonld")
    finally:
        other.close()


@pytest.fixture
def host(qtbot: QtBot, library: Library) -> tuple[QWidget, LibraryController]:
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent, LibraryController(library, parent)


def shown(parent: QWidget, name: str = SUMMARY_BOX_NAME) -> QMessageBox:
    box = parent.findChild(QMessageBox, name)
    assert box is not None, f"no {name} message"
    return box


def test_summary_lists_counts_and_orphans_and_controller_reloads(
    qtbot: QtBot, library: Library, host: tuple[QWidget, LibraryController], colleague_file: Path
):
    parent, controller = host
    with qtbot.waitSignal(controller.reloaded):
        summary = import_annotations_interactively(parent, controller, str(colleague_file))
    assert summary is not None
    # The bundled articles are there; the emoji article is not, so its passage is an orphan too.
    assert summary.imported == 5 and summary.orphaned == 2
    box = shown(parent)
    text = box.text()
    # open(), not exec(): shown, window-modal at most, and the call has already returned.
    assert box.isVisible() and box.windowModality() != Qt.WindowModality.ApplicationModal
    assert box.textFormat() == Qt.TextFormat.PlainText  # quotes with markup stay text
    assert "Imported: 5" in text and "Already present: 0" in text
    assert "Orphaned: 2" in text and "Anchored by quote: 0" in text
    assert f"“{ORPHAN_QUOTE}”\n     was on https://example.org/gone.html" in text
    assert "Links: 2 imported" in text
    quotes = {a.exact for a in controller.annotations()}
    assert {"US Department of Defense", "US Department of State", ORPHAN_QUOTE} <= quotes
    assert len(controller.annotations()) == 5
    qtbot.waitExposed(box)

    # Again: nothing new, and the new message replaces the old one.
    again = import_annotations_interactively(parent, controller, str(colleague_file))
    assert again is not None and again.imported == 0 and again.already_present == 5
    assert "Already present: 5" in shown(parent).text()
    assert "No new annotations" in shown(parent).text()
    qtbot.waitUntil(lambda: len(parent.findChildren(QMessageBox, SUMMARY_BOX_NAME)) == 1)


def test_the_file_is_asked_for_and_cancel_does_nothing(
    qtbot: QtBot, library: Library, host: tuple[QWidget, LibraryController], colleague_file: Path
):
    parent, controller = host
    asked: list[QWidget | None] = []

    def cancel(where: QWidget | None) -> None:
        asked.append(where)
        return None

    with qtbot.assertNotEmitted(controller.reloaded):
        assert import_annotations_interactively(parent, controller, ask=cancel) is None
    assert asked == [parent]
    assert parent.findChild(QMessageBox) is None

    summary = import_annotations_interactively(
        parent, controller, ask=lambda _where: str(colleague_file)
    )
    assert summary is not None and summary.imported == 5


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"type": "AnnotationCollection", "first": {"items": [', "JSON"),
        ('{"hello": "world"}', ""),
        ("", ""),
    ],
    ids=["truncated", "not-annotations", "empty"],
)
def test_bad_files_import_nothing(
    qtbot: QtBot,
    library: Library,
    host: tuple[QWidget, LibraryController],
    tmp_path: Path,
    content: str,
    reason: str,
):
    parent, controller = host
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    before = library.revision()
    with qtbot.assertNotEmitted(controller.reloaded):
        assert import_annotations_interactively(parent, controller, str(bad)) is None
    text = shown(parent, ERROR_BOX_NAME).text()
    assert text.startswith(f"Nothing was imported from {bad}")
    assert reason in text
    assert shown(parent, ERROR_BOX_NAME).icon() == QMessageBox.Icon.Warning
    assert parent.findChild(QMessageBox, SUMMARY_BOX_NAME) is None
    assert library.revision() == before and library.annotations() == []


def test_a_missing_file_is_explained(
    qtbot: QtBot, library: Library, host: tuple[QWidget, LibraryController], tmp_path: Path
):
    parent, controller = host
    gone = tmp_path / "gone.json"
    assert import_annotations_interactively(parent, controller, str(gone)) is None
    assert "Nothing was imported" in shown(parent, ERROR_BOX_NAME).text()
    assert str(gone) in shown(parent, ERROR_BOX_NAME).text()


def test_many_orphans_are_summed_up(library: Library):
    from xiaomi_reader.store.interchange import ImportedOrphan

    orphans = tuple(
        ImportedOrphan(f"urn:uuid:{i}", f"quote {i}", "https://example.org/x") for i in range(40)
    )
    text = summary_text(ImportSummary(imported=40, orphans=orphans), "/data/many.json")
    assert text.startswith("Annotations imported from many.json.")
    assert "“quote 0”" in text and "“quote 39”" not in text
    assert "and 25 more" in text
