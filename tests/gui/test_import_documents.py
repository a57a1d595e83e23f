"""PDF and Word articles in the window: the import dialog offers them, and imported ones
are listed and readable; a refused one is explained and changes nothing."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.documents import write_docx, write_image_pdf, write_pdf
from tests.gui.helpers import import_files
from xiaomi_reader.gui.import_articles import IMPORT_FILTER
from xiaomi_reader.gui.main_window import MainWindow


def test_the_import_dialog_offers_pdf_and_word_files():
    articles = IMPORT_FILTER.split(";;")[0]
    assert "*.pdf" in articles.split() and "*.docx)" in articles.split()


def test_pdf_and_word_articles_are_imported_and_listed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
):
    pdf = write_pdf(tmp_path / "ruling.pdf", [[["A court set the listing aside."]]])
    word = write_docx(tmp_path / "story.docx", title="Xiaomi leaves the list", heading="Gone")
    window.import_paths([str(pdf), str(word)])
    model = window.library_dock.model
    qtbot.waitUntil(
        lambda: (
            {"A court set the listing aside.", "Xiaomi leaves the list"}
            <= {model.article(row).title for row in range(model.rowCount())}
        )
    )


def test_a_scanned_pdf_is_explained_in_the_window(qtbot: QtBot, window: MainWindow, tmp_path: Path):
    before = window.library.articles()
    import_files(qtbot, window, [write_image_pdf(tmp_path / "scan.pdf")])
    assert "scan.pdf" in window.last_error
    assert "no text layer (scanned?); run OCR first" in window.last_error
    assert window.library.articles() == before
