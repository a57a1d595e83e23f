"""The author a Word or PDF file names in its properties: kept with the imported article
and shown in the pane header; a file naming none shows none."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.documents import write_docx, write_pdf
from tests.gui.helpers import import_files
from xiaomi_reader.gui.main_window import MainWindow


def imported(qtbot: QtBot, window: MainWindow, path: Path, title: str) -> tuple[str, str | None]:
    """Import ``path`` as the window does; the pane header's metadata line, and the author
    the library holds for it."""
    import_files(qtbot, window, [path])
    [stored] = [a for a in window.library.articles() if a.file_name == path.name]
    # The imported article opens in a pane of its own.
    qtbot.waitUntil(lambda: any(p.article_id == stored.id for p in window.panes))
    [pane] = [p for p in window.panes if p.article_id == stored.id]
    assert pane.header.title.text() == title
    return pane.header.meta.text(), stored.author


def test_the_author_of_a_word_or_pdf_file_is_kept_and_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
):
    word = write_docx(
        tmp_path / "story.docx",
        title="Xiaomi leaves the list",
        author="Ana Reporter",
        last_modified_by="A. Sub-Editor",
        paragraphs=("The Pentagon agreed to remove Xiaomi from the list.",),
    )
    assert imported(qtbot, window, word, "Xiaomi leaves the list") == (
        "Ana Reporter",
        "Ana Reporter",
    )
    window.grab().save(str(tmp_path / "word-author.png"))

    pdf = write_pdf(
        tmp_path / "ruling.pdf",
        [[["A court set the listing aside in March."]]],
        title="The ruling",
        author="Court News Desk",
    )
    assert imported(qtbot, window, pdf, "The ruling") == ("Court News Desk", "Court News Desk")


def test_a_word_file_made_from_python_docx_s_template_names_no_author(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
):
    word = write_docx(tmp_path / "plain.docx", title="No byline", paragraphs=("Body text.",))
    meta, author = imported(qtbot, window, word, "No byline")
    assert author is None
    assert "python-docx" not in meta
    [pane] = [p for p in window.panes if p.header.title.text() == "No byline"]
    assert not pane.header.meta.isVisible()
