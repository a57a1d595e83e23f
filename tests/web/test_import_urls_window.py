"""File → Import from URL… in the window, against a real HTTP server on 127.0.0.1.

The reader's way: Ctrl+Shift+I, paste the addresses, click Import (or Cancel). The
pages are fetched on a worker thread; what the tests check is what the dialog says,
what the Library dock lists and what the library file holds afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import drop_on
from tests.web.pages import article_html, stored_articles
from tests.web.server import PageServer, dribbling, page, stalling
from tests.windows import WindowOpener
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.url_dialog import ImportUrlDialog
from xiaomi_reader.store.library import Library

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
FIRST = "Xiaomi asks a court to lift the ban"
SECOND = "The Pentagon defends its list"


def story(title: str) -> str:
    return article_html(
        title,
        f"{title}: the company and the department gave their reasons in filings this week.",
        "Investors followed the case closely, and the shares moved with every hearing.",
    )


def open_dialog(qtbot: QtBot, window: MainWindow) -> ImportUrlDialog:
    """File → Import from URL… by its shortcut; the dialog, shown."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.imports.url_dialog is not None)
    dialog = window.imports.url_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def paste_and_import(qtbot: QtBot, dialog: ImportUrlDialog, *addresses: str) -> None:
    """Paste the addresses (one per line, with a blank line) over what the box holds,
    and click Import."""
    QApplication.clipboard().setText("\n\n".join(addresses) + "\n")
    dialog.addresses.setFocus()
    qtbot.keyClick(dialog.addresses, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.addresses, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.addresses.toPlainText().split() == list(addresses)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.fetcher.running()


def listed_titles(window: MainWindow) -> list[str]:
    model = window.library_dock.model
    return [model.article(row).title for row in range(model.rowCount())]


def test_two_pages_are_imported_and_a_missing_one_refused(
    qtbot: QtBot, window: MainWindow, web: PageServer, db_path: Path
):
    web.routes["/one"] = page(story(FIRST))
    web.routes["/two"] = page(story(SECOND))
    before = stored_articles(db_path)
    dialog = open_dialog(qtbot, window)

    paste_and_import(qtbot, dialog, web.url("/one"), web.url("/missing"), web.url("/two"))

    qtbot.waitUntil(lambda: dialog.status.text().startswith("Done"), timeout=20_000)
    assert dialog.results.toPlainText().splitlines() == [
        f"{web.url('/one')}: imported as {FIRST!r}",
        f"{web.url('/missing')}: refused: the server answered 404 Not Found; check the address.",
        f"{web.url('/two')}: imported as {SECOND!r}",
    ]
    assert dialog.status.text() == "Done: imported 2, already present 0, refused 1."
    assert dialog.cancel_button.text() == "Close" and dialog.import_button.isEnabled()
    assert dialog.fetcher.wait(10_000)
    added = [a for a in stored_articles(db_path) if a not in before]
    assert sorted(a.title for a in added) == sorted([FIRST, SECOND])
    assert {a.url for a in added} == {web.url("/one"), web.url("/two")}
    assert {FIRST, SECOND} <= set(listed_titles(window))
    with Library.open(db_path) as library:  # each keeps the page as served, and its address
        for article in added:
            info, data = library.original(article.id)
            assert data == story(article.title).encode("utf-8")
            assert info.url == article.url and info.fetched_at is not None

    # The same pages again: already present, nothing added.
    paste_and_import(qtbot, dialog, web.url("/two"))
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Done"), timeout=20_000)
    assert dialog.results.toPlainText() == f"{web.url('/two')}: already present as {SECOND!r}"
    assert len(stored_articles(db_path)) == len(before) + 2


def test_the_first_page_imported_opens_in_a_new_pane_when_the_dialog_closes(
    qtbot: QtBot, window: MainWindow, web: PageServer
):
    web.routes["/one"] = page(story(FIRST))
    web.routes["/two"] = page(story(SECOND))
    shown = [pane.article_id for pane in window.panes]
    dialog = open_dialog(qtbot, window)
    paste_and_import(qtbot, dialog, web.url("/one"), web.url("/two"))
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Done"), timeout=20_000)
    assert dialog.fetcher.wait(10_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # "Close"
    qtbot.waitUntil(lambda: len(window.panes) == len(shown) + 1)
    assert [pane.article_id for pane in window.panes[:-1]] == shown  # nothing replaced
    assert window.panes[-1].header.title.text() == FIRST


def test_an_address_with_a_password_is_refused_and_never_shown(
    qtbot: QtBot, window: MainWindow, web: PageServer, db_path: Path
):
    web.routes["/one"] = page(story(FIRST))
    before = stored_articles(db_path)
    dialog = open_dialog(qtbot, window)
    secret = web.url("/one").replace("http://", "http://reporter:hunter2@")

    paste_and_import(qtbot, dialog, secret)

    qtbot.waitUntil(lambda: dialog.status.text().startswith("Done"), timeout=20_000)
    shown = dialog.results.toPlainText()
    assert shown.startswith(f"{web.url('/one')}: refused: the address holds a user name or pass")
    everything = shown + dialog.status.text() + dialog.addresses.toPlainText()
    assert "hunter2" not in everything and "reporter" not in everything
    assert web.requests == [] and stored_articles(db_path) == before


def test_cancel_stops_a_stalled_page_at_once_and_imports_nothing_further(
    qtbot: QtBot, window: MainWindow, web: PageServer, db_path: Path
):
    web.routes["/stall"] = stalling(web)
    web.routes["/one"] = page(story(FIRST))
    before = stored_articles(db_path)
    listed = listed_titles(window)
    dialog = open_dialog(qtbot, window)

    paste_and_import(qtbot, dialog, web.url("/stall"), web.url("/one"))
    # The server has sent the start of the page and then nothing: the fetch waits in a read.
    qtbot.waitUntil(lambda: "of 98 KiB" in dialog.bytes_bar.format(), timeout=20_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.status.text().startswith("Cancelled"), timeout=20_000)
    assert dialog.status.text() == (
        "Cancelled: 2 of 2 addresses were not imported "
        "(imported 0, already present 0, refused 0 before the cancel)."
    )
    # Far sooner than the 30 s read time-out: cancelling shut the connection down.
    assert dialog.fetcher.wait(10_000)
    assert dialog.results.toPlainText() == ""
    assert web.paths_requested() == ["/stall"]  # the next address was never fetched
    assert stored_articles(db_path) == before
    assert listed_titles(window) == listed
    assert dialog.isVisible() and dialog.cancel_button.text() == "Close"


def test_the_window_stays_responsive_while_a_page_arrives(
    qtbot: QtBot, window: MainWindow, web: PageServer, db_path: Path
):
    web.routes["/slow"] = dribbling(web)  # one byte every 10 ms, never ending
    before = stored_articles(db_path)
    dialog = open_dialog(qtbot, window)
    received: list[int] = []
    dialog.fetcher.progressed.connect(lambda _i, got, _expected: received.append(got))
    ticks: list[int] = []
    timer = QTimer(dialog)
    timer.timeout.connect(lambda: ticks.append(len(received)))
    timer.start(5)

    paste_and_import(qtbot, dialog, web.url("/slow"))

    # The GUI thread runs its timer and shows progress over and over while the worker reads.
    qtbot.waitUntil(lambda: len(set(ticks)) >= 5, timeout=20_000)
    assert dialog.fetcher.running()
    assert "received" in dialog.bytes_bar.format()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Cancelled"), timeout=20_000)
    assert dialog.fetcher.wait(10_000)
    assert stored_articles(db_path) == before
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # now Escape closes it
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_import_from_url_is_in_the_file_menu_and_off_when_read_only(open_window: WindowOpener):
    window = open_window()
    action = window.menus.import_url_action
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+I"
    assert action in window.menus.writing_actions()


def test_an_address_given_to_the_program_or_dropped_is_fetched_with_progress(
    qtbot: QtBot, window: MainWindow, web: PageServer, db_path: Path, tmp_path: Path
):
    from PySide6.QtCore import QMimeData, QPointF, QUrl

    from xiaomi_reader.cli import build_parser

    web.routes["/one"] = page(story(FIRST))
    web.routes["/two"] = page(story(SECOND))
    article_file = tmp_path / "beside.md"
    article_file.write_text("---\ntitle: Beside it\n---\nA file given with it.\n", "utf-8")
    argv = build_parser().parse_args(["gui", web.url("/one"), str(article_file)])
    assert argv.files == [web.url("/one"), str(article_file)]

    # `xiaomi-reader URL FILE`: the file is shown, the page fetched in the URL dialog.
    window.open_files(argv.files)

    dialog = window.imports.url_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Done"), timeout=20_000)
    assert dialog.results.toPlainText() == f"{web.url('/one')}: imported as {FIRST!r}"
    qtbot.waitUntil(lambda: not window.imports.busy())  # the file, read beside the window
    assert {FIRST, "Beside it"} <= set(listed_titles(window))
    beside = next(a for a in window.library.articles() if a.title == "Beside it")
    assert beside.id in [p.article_id for p in window.panes]
    dialog.close()

    # A link dragged from a browser onto the window.
    links = QMimeData()
    links.setUrls([QUrl(web.url("/two"))])
    drop_on(window, links, QPointF(10, 10))
    qtbot.waitUntil(lambda: window.imports.url_dialog is not dialog, timeout=5_000)
    dropped = window.imports.url_dialog
    assert dropped is not None
    qtbot.waitUntil(lambda: dropped.status.text().startswith("Done"), timeout=20_000)
    assert {a.title for a in stored_articles(db_path)} >= {FIRST, SECOND, "Beside it"}
