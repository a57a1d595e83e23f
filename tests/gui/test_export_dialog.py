"""File → Export Report…: choose, export off the GUI thread, see the outcome."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import make_export_dialog
from xiaomi_reader.gui import export_dialog
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


def export_to(qtbot: QtBot, dialog: ExportDialog, path: Path) -> None:
    dialog.ask_destination = lambda _suggested: str(path)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.exportFinished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def test_markdown_of_one_article_only(qtbot: QtBot, annotated: Library, tmp_path: Path):
    dialog = make_export_dialog(qtbot, annotated)
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
    dialog = make_export_dialog(qtbot, annotated)
    dialog.set_format("csv")
    target = tmp_path / "annotations.csv"
    export_to(qtbot, dialog, target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows and all(row["note"].startswith("'=HYPERLINK") for row in rows)


def test_pdf_from_the_dialog(qtbot: QtBot, annotated: Library, tmp_path: Path):
    dialog = make_export_dialog(qtbot, annotated)
    dialog.set_format("pdf")
    target = tmp_path / "report.pdf"
    export_to(qtbot, dialog, target)
    assert target.read_bytes().startswith(b"%PDF")


def test_unwritable_destination_is_explained(qtbot: QtBot, annotated: Library, tmp_path: Path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    dialog = make_export_dialog(qtbot, annotated)
    dialog.set_format("md")
    dialog.ask_destination = lambda _suggested: str(blocker / "out.md")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.exportFailed, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()
    assert "out.md" in dialog.last_error
    assert not (blocker / "out.md").exists()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------
# Choosing
# --------------------------------------------------------------------------


def test_destination_follows_the_format(qtbot: QtBot, annotated: Library, tmp_path: Path):
    dialog = make_export_dialog(qtbot, annotated)
    assert dialog.destination_edit.text().endswith(".md")
    qtbot.mouseClick(dialog.format_buttons["html"], Qt.MouseButton.LeftButton)
    assert dialog.destination_edit.text().endswith(".html")
    dialog.set_format("json")
    assert dialog.destination_edit.text().endswith(".jsonld")

    # A file chosen with Browse keeps its folder and name but follows the format.
    dialog.ask_destination = lambda _suggested: str(tmp_path / "brief")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.destination() == tmp_path / "brief.jsonld"
    dialog.set_format("csv")
    assert dialog.destination() == tmp_path / "brief.csv"

    # Typed by hand: the name stays, the extension follows the format.
    dialog.destination_edit.clear()
    qtbot.keyClicks(dialog.destination_edit, str(tmp_path / "mine.txt"))
    dialog.set_format("pdf")
    assert dialog.destination() == tmp_path / "mine.pdf"


def test_browse_is_offered_the_suggestion_and_cancel_changes_nothing(
    qtbot: QtBot, annotated: Library
):
    dialog = make_export_dialog(qtbot, annotated)
    dialog.set_format("pdf")
    before = dialog.destination_edit.text()
    offered: list[str] = []

    def cancel(suggested: str) -> None:
        offered.append(suggested)
        return None

    dialog.ask_destination = cancel
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert offered == [before] and before.endswith(".pdf")
    assert dialog.destination_edit.text() == before


def test_page_size_only_for_pdf(qtbot: QtBot, annotated: Library):
    dialog = make_export_dialog(qtbot, annotated)
    for fmt in ("md", "html", "csv", "json"):
        dialog.set_format(fmt)
        assert not dialog.page_size_combo.isEnabled()
    dialog.set_format("pdf")
    assert dialog.page_size_combo.isEnabled()
    dialog.page_size_combo.setCurrentIndex(dialog.page_size_combo.findData("letter"))
    request = dialog.request()
    assert request is not None and request.page_size == "letter" and request.fmt == "pdf"


def test_all_and_none_buttons_and_nothing_to_export(qtbot: QtBot, annotated: Library):
    dialog = make_export_dialog(qtbot, annotated)
    count = dialog.article_list.topLevelItemCount()
    assert len(dialog.checked_article_ids()) == count
    assert "2 annotations" in dialog.scope_label.text()
    qtbot.mouseClick(dialog.articles_none_button, Qt.MouseButton.LeftButton)
    assert dialog.checked_article_ids() == []
    assert not dialog.export_button.isEnabled()
    assert "at least one article" in dialog.scope_label.text()
    assert dialog.start_export() is False
    qtbot.mouseClick(dialog.articles_all_button, Qt.MouseButton.LeftButton)
    assert len(dialog.checked_article_ids()) == count
    assert dialog.export_button.isEnabled()

    qtbot.mouseClick(dialog.tags_none_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.tags_all_button, Qt.MouseButton.LeftButton)
    assert dialog.export_button.isEnabled()


def test_every_box_checked_means_no_filter(qtbot: QtBot, annotated: Library):
    dialog = make_export_dialog(qtbot, annotated)
    request = dialog.request()
    assert request is not None
    assert request.article_keys == () and request.tag_names == ()
    claim = next(t for t in annotated.tags() if t.name == "Claim")
    others = [t.id for t in annotated.tags() if t.id != claim.id]
    for tag_id in others:
        dialog.set_tag_checked(tag_id, False)
    request = dialog.request()
    assert request is not None and request.tag_names == ("Claim",)


def test_tag_filter_reaches_the_report(qtbot: QtBot, library: Library, tmp_path: Path):
    claim, contradiction = library.tags()[:2]
    article = next(a for a in library.articles() if a.title.startswith("This is why"))
    text = library.article(article.id).text
    for phrase, tag in (("US Department of Defense", claim), ("US Department of State", None)):
        start = text.index(phrase)
        tags = [tag.id] if tag else []
        library.add_annotation(article.id, start, start + len(phrase), tag_ids=tags)
    dialog = make_export_dialog(qtbot, library)
    assert "2 annotations" in dialog.scope_label.text()  # untagged included with every tag
    dialog.set_tag_checked(contradiction.id, False)
    assert "1 annotation " in dialog.scope_label.text()
    target = tmp_path / "claims.md"
    export_to(qtbot, dialog, target)
    report = target.read_text(encoding="utf-8")
    assert "US Department of Defense" in report
    assert "US Department of State" not in report


# --------------------------------------------------------------------------
# Exporting
# --------------------------------------------------------------------------


def test_html_and_w3c_from_the_dialog(qtbot: QtBot, annotated: Library, tmp_path: Path):
    dialog = make_export_dialog(qtbot, annotated)
    dialog.set_format("html")
    export_to(qtbot, dialog, tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    dialog.set_format("json")
    assert dialog.destination() == tmp_path / "report.jsonld"
    with qtbot.waitSignal(dialog.exportFinished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    collection = json.loads((tmp_path / "report.jsonld").read_text(encoding="utf-8"))
    assert collection["type"] == "AnnotationCollection"
    assert len(collection["first"]["items"]) == 2


def test_export_runs_off_the_gui_thread_and_cannot_be_abandoned(
    qtbot: QtBot, annotated: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    release = threading.Event()
    threads: list[threading.Thread] = []
    real = export_dialog.run_export

    def slow(library: Library, request: export_dialog.ExportRequest) -> Path:
        threads.append(threading.current_thread())
        assert release.wait(20)
        return real(library, request)

    monkeypatch.setattr(export_dialog, "run_export", slow)
    dialog = make_export_dialog(qtbot, annotated)
    dialog.ask_destination = lambda _suggested: str(tmp_path / "slow.md")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    try:
        assert dialog.is_running()
        assert dialog.progress_bar.isVisible() and dialog.progress_bar.maximum() == 0
        assert not dialog.export_button.isEnabled() and not dialog.close_button.isEnabled()
        assert not dialog.article_list.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.reject()
        assert dialog.isVisible()  # closing waits for the export
        qtbot.wait(50)  # the window keeps handling events meanwhile
    finally:
        release.set()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert threads and threads[0] is not threading.main_thread()
    assert not dialog.progress_bar.isVisible()
    assert dialog.result_row.isVisible() and (tmp_path / "slow.md").is_file()
    assert dialog.close_button.isEnabled() and dialog.article_list.isEnabled()
    dialog.reject()
    assert not dialog.isVisible()


def test_an_unexpected_failure_is_shown_not_hung(
    qtbot: QtBot, annotated: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def broken(_library: Library, _request: export_dialog.ExportRequest) -> Path:
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(export_dialog, "run_export", broken)
    dialog = make_export_dialog(qtbot, annotated)
    dialog.ask_destination = lambda _suggested: str(tmp_path / "out.md")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.exportFailed, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "the disk caught fire" in dialog.error_label.text()
    assert not dialog.is_running() and dialog.export_button.isEnabled()


def test_empty_destination_is_explained(qtbot: QtBot, annotated: Library):
    dialog = make_export_dialog(qtbot, annotated)
    dialog.destination_edit.clear()
    qtbot.keyClicks(dialog.destination_edit, "   ")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_running()
    assert "Choose where to save" in dialog.error_label.text()


def test_a_library_without_articles_has_nothing_to_export(qtbot: QtBot, tmp_path: Path):
    empty = Library.open(tmp_path / "empty.sqlite3", seed=False)
    try:
        dialog = make_export_dialog(qtbot, empty)
        assert not dialog.export_button.isEnabled()
        assert "no articles" in dialog.scope_label.text()
    finally:
        empty.close()


def test_the_dialog_shows_the_choice_and_the_error(
    qtbot: QtBot, annotated: Library, tmp_path: Path
):
    """As a person sees it: a choice made, an error shown."""
    dialog = make_export_dialog(qtbot, annotated)
    dialog.set_format("pdf")
    judge = next(a for a in annotated.articles() if a.title.startswith("A judge"))
    dialog.set_article_checked(judge.id, False)
    blocker = tmp_path / "file.txt"
    blocker.write_text("", encoding="utf-8")
    dialog.ask_destination = lambda _suggested: str(blocker / "report.pdf")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.exportFailed, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # What a person checks on screen: the PDF's own option, and the error naming the file.
    assert dialog.format_buttons["pdf"].isChecked() and dialog.page_size_combo.isEnabled()
    assert dialog.error_label.isVisible() and "report.pdf" in dialog.error_label.text()
    assert not (blocker / "report.pdf").exists()
