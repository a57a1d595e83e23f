"""The export dialog cannot hurt: the extension follows the format, an existing file is
replaced only after a question, the last format and folder come back, and the summary
counts what the file will hold."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.helpers import make_export_dialog
from xiaomi_reader.gui.export_destination import REPLACE_BOX_NAME
from xiaomi_reader.gui.export_dialog import ExportDialog
from xiaomi_reader.store.library import Library


@pytest.fixture
def annotated(library: Library) -> Library:
    """Two annotations tagged Claim, in two of the three bundled articles."""
    claim = next(t.id for t in library.tags() if t.name == "Claim")
    for title, phrase in (("This is why", "US Department of Defense"), ("A judge", "Xiaomi")):
        article = next(a for a in library.articles() if a.title.startswith(title))
        start = library.article(article.id).text.index(phrase)
        library.add_annotation(article.id, start, start + len(phrase), tag_ids=[claim])
    return library


def type_destination(qtbot: QtBot, dialog: ExportDialog, text: str) -> None:
    qtbot.mouseClick(dialog.destination_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.destination_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.destination_edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.destination_edit, text)


def answer_question(qapp: QApplication, button: str, seen: list[str]) -> Callable[[], None]:
    """Clicks ``button`` ("Replace" or "Cancel") of the replace question once it is shown."""

    deadline = time.monotonic() + 30  # so a question never shown stops the looking

    def answer() -> None:
        box = qapp.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if time.monotonic() < deadline:
                QTimer.singleShot(10, answer)  # not shown yet: look again
            return
        seen.append(f"{box.objectName()}: {box.text()}")
        [chosen] = [b for b in box.buttons() if b.text().replace("&", "") == button]
        chosen.click()

    return answer


# --------------------------------------------------------------------------
# The extension follows the format
# --------------------------------------------------------------------------


def test_changing_the_format_after_typing_changes_the_extension(
    qtbot: QtBot, annotated: Library, tmp_path: Path
):
    dialog = make_export_dialog(qtbot, annotated)
    type_destination(qtbot, dialog, str(tmp_path / "report.md"))
    qtbot.mouseClick(dialog.format_buttons["html"], Qt.MouseButton.LeftButton)
    assert dialog.destination_edit.text() == str(tmp_path / "report.html")
    with qtbot.waitSignal(dialog.exportFinished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (tmp_path / "report.md").exists()

    # A name with no extension gets one; a dotted name keeps its dot.
    type_destination(qtbot, dialog, str(tmp_path / "draft v1.2"))
    qtbot.mouseClick(dialog.format_buttons["csv"], Qt.MouseButton.LeftButton)
    assert dialog.destination_edit.text() == str(tmp_path / "draft v1.2.csv")


def test_a_typed_extension_picks_its_format(qtbot: QtBot, annotated: Library, tmp_path: Path):
    dialog = make_export_dialog(qtbot, annotated)
    assert dialog.format_buttons["md"].isChecked()
    for typed, fmt in (("a.pdf", "pdf"), ("b.htm", "html"), ("c.json", "json"), ("d.CSV", "csv")):
        type_destination(qtbot, dialog, str(tmp_path / typed))
        assert dialog.format_buttons[fmt].isChecked(), typed
        assert dialog.destination_edit.text() == str(tmp_path / typed)  # left as typed
    # An extension of no format leaves the format alone.
    type_destination(qtbot, dialog, str(tmp_path / "notes.txt"))
    assert dialog.format_buttons["csv"].isChecked()


# --------------------------------------------------------------------------
# Replacing an existing file
# --------------------------------------------------------------------------


def test_cancel_leaves_an_existing_file_as_it_was(
    qtbot: QtBot, qapp: QApplication, annotated: Library, tmp_path: Path
):
    existing = tmp_path / "old.md"
    existing.write_bytes(b"keep me\r\n\x00")
    dialog = make_export_dialog(qtbot, annotated)
    type_destination(qtbot, dialog, str(existing))
    seen: list[str] = []
    QTimer.singleShot(0, answer_question(qapp, "Cancel", seen))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert seen == [f"{REPLACE_BOX_NAME}: {existing} already exists. Replace it with this export?"]
    assert not dialog.is_running() and not dialog.result_row.isVisible()
    assert existing.read_bytes() == b"keep me\r\n\x00"

    # Asked again on the next click: a Cancel is not a "yes" later.
    seen.clear()
    QTimer.singleShot(0, answer_question(qapp, "Cancel", seen))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and existing.read_bytes() == b"keep me\r\n\x00"


def test_replace_writes_the_export_over_the_file(
    qtbot: QtBot, qapp: QApplication, annotated: Library, tmp_path: Path
):
    existing = tmp_path / "old.md"
    existing.write_text("keep me", encoding="utf-8")
    dialog = make_export_dialog(qtbot, annotated)
    type_destination(qtbot, dialog, str(existing))
    seen: list[str] = []
    QTimer.singleShot(0, answer_question(qapp, "Replace", seen))
    with qtbot.waitSignal(dialog.exportFinished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert "US Department of Defense" in existing.read_text(encoding="utf-8")

    # Exporting to it again asks again: nothing is replaced on an old answer.
    existing.write_text("edited since", encoding="utf-8")
    QTimer.singleShot(0, answer_question(qapp, "Cancel", seen))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 2 and existing.read_text(encoding="utf-8") == "edited since"


# --------------------------------------------------------------------------
# Remembered format and folder
# --------------------------------------------------------------------------


def test_the_last_format_and_folder_come_back(
    qtbot: QtBot, annotated: Library, tmp_path: Path, isolated_user_dirs: Path
):
    folder = tmp_path / "reports"
    folder.mkdir()
    first = make_export_dialog(qtbot, annotated)
    assert first.format_buttons["md"].isChecked()
    assert Path(first.destination_edit.text()).parent != folder
    qtbot.mouseClick(first.format_buttons["csv"], Qt.MouseButton.LeftButton)
    type_destination(qtbot, first, str(folder / "claims.csv"))
    with qtbot.waitSignal(first.exportFinished, timeout=30_000):
        qtbot.mouseClick(first.export_button, Qt.MouseButton.LeftButton)
    first.close()

    # Kept in the user's config folder (here redirected into tmp_path), not elsewhere.
    stored = isolated_user_dirs / "config" / "xiaomi-reader" / "export.ini"
    assert "csv" in stored.read_text(encoding="utf-8")

    second = make_export_dialog(qtbot, annotated)
    assert second.format_buttons["csv"].isChecked()
    shown = Path(second.destination_edit.text())
    assert shown.parent == folder and shown.suffix == ".csv"
    # A bare name goes to that folder too.
    type_destination(qtbot, second, "brief.csv")
    assert second.destination() == folder / "brief.csv"


def test_a_folder_that_is_gone_is_not_offered(qtbot: QtBot, annotated: Library, tmp_path: Path):
    folder = tmp_path / "gone"
    folder.mkdir()
    first = make_export_dialog(qtbot, annotated)
    qtbot.mouseClick(first.format_buttons["html"], Qt.MouseButton.LeftButton)
    type_destination(qtbot, first, str(folder / "r.html"))
    with qtbot.waitSignal(first.exportFinished, timeout=30_000):
        qtbot.mouseClick(first.export_button, Qt.MouseButton.LeftButton)
    first.close()
    (folder / "r.html").unlink()
    folder.rmdir()
    second = make_export_dialog(qtbot, annotated)
    assert second.format_buttons["html"].isChecked()
    assert Path(second.destination_edit.text()).parent.is_dir()


# --------------------------------------------------------------------------
# The summary
# --------------------------------------------------------------------------


def test_the_summary_counts_only_articles_with_annotations(qtbot: QtBot, annotated: Library):
    dialog = make_export_dialog(qtbot, annotated)
    # Three articles are checked; only two have an annotation.
    assert len(dialog.checked_article_ids()) == 3
    assert dialog.scope_label.text() == "The export will hold 2 annotations from 2 articles."
    judge = next(a for a in annotated.articles() if a.title.startswith("A judge"))
    dialog.set_article_checked(judge.id, False)
    assert dialog.scope_label.text() == "The export will hold 1 annotation from 1 article."

    # With only a tag nobody used, nothing is in scope, and the summary says so.
    contradiction = next(t for t in annotated.tags() if t.name == "Contradiction")
    for tag in annotated.tags():
        dialog.set_tag_checked(tag.id, tag.id == contradiction.id)
    assert dialog.scope_label.text() == (
        "The export will hold no annotations: none is in the checked articles "
        "with the checked tags."
    )


def test_the_dialog_as_seen(qtbot: QtBot, annotated: Library, tmp_path: Path):
    """Rendered to a PNG (in tmp_path) to look at; what it shows is checked here."""
    dialog = make_export_dialog(qtbot, annotated)
    type_destination(qtbot, dialog, str(tmp_path / "report.md"))
    qtbot.mouseClick(dialog.format_buttons["pdf"], Qt.MouseButton.LeftButton)
    assert dialog.grab().save(str(tmp_path / "export-dialog.png"))
    assert dialog.destination_edit.text().endswith("report.pdf")
    assert dialog.page_size_combo.isEnabled()
    assert dialog.scope_label.isVisible() and "2 articles" in dialog.scope_label.text()
