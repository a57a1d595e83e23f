"""The main window, driven with mouse and keys, checked on screen and in the database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.helpers import colours_in, drop_on, import_files, looks_like, on_paper
from tests.gui.mouse import click_char, drag_select
from tests.windows import WindowOpener
from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.main_window import MainWindow

EMOJI_TEXT = (
    "Breaking 🙂 news 🇺🇸: the US Department of Defense listed Xiaomi.\n\n"
    "Later the US Department of State was named instead.\n"
)
PHRASE = "US Department of Defense"


def pane_with(window: MainWindow, title_start: str) -> ArticlePane:
    for pane in window.panes:
        article_id = pane.article_id
        if article_id is not None and window.library.article(article_id).title.startswith(
            title_start
        ):
            return pane
    raise AssertionError(f"no pane shows {title_start!r}")


def pane_text(window: MainWindow, pane: ArticlePane) -> str:
    assert pane.article_id is not None
    return window.library.article(pane.article_id).text


def press(qtbot: QtBot, pane: ArticlePane, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(pane.text_view, key, modifier)


def undo_keys(qtbot: QtBot, window: MainWindow, sequence: QKeySequence.StandardKey) -> None:
    combination = QKeySequence(sequence)[0]
    qtbot.keyClick(window, combination.key(), combination.keyboardModifiers())


def visible_quotes(window: MainWindow) -> list[str]:
    proxy = window.annotations_dock.proxy
    return [str(proxy.index(row, 1).data()) for row in range(proxy.rowCount())]


def test_first_launch_opens_the_three_bundled_articles_side_by_side(window: MainWindow):
    assert len(window.panes) == 3
    assert all(pane.article_id is not None for pane in window.panes)
    assert len({pane.article_id for pane in window.panes}) == 3
    widths = [pane.width() for pane in window.panes]
    assert min(widths) > 200
    assert window.menuBar().actions()[0].text() == "&File"
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Article", "Annotation", "Help"]


def test_drag_select_press_1_then_undo_and_redo(qtbot: QtBot, window: MainWindow):
    pane = pane_with(window, "This is why")
    text = pane_text(window, pane)
    start = text.index(PHRASE)
    end = start + len(PHRASE)
    pane.text_view.setFocus()
    drag_select(qtbot, pane, text, start, end)
    assert pane.selected_range() == (start, end)
    press(qtbot, pane, Qt.Key.Key_1)

    assert visible_quotes(window) == [PHRASE]
    stored = window.library.annotations(pane.article_id)
    assert [(a.start, a.end, a.exact) for a in stored] == [(start, end, PHRASE)]
    claim = next(t for t in window.library.tags() if t.name == "Claim")
    assert stored[0].tag_ids == (claim.id,)

    undo_keys(qtbot, window, QKeySequence.StandardKey.Undo)
    assert visible_quotes(window) == []
    assert window.library.annotations(pane.article_id) == []

    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert visible_quotes(window) == [PHRASE]
    assert [a.exact for a in window.library.annotations(pane.article_id)] == [PHRASE]


def test_offsets_do_not_shift_after_emoji(qtbot: QtBot, window: MainWindow):
    outcome = window.library.import_article(ParsedArticle(text=EMOJI_TEXT, title="Emoji"))
    assert outcome.article is not None
    pane = window.open_article(outcome.article.id, window.panes[0])
    assert pane is not None
    start = EMOJI_TEXT.index(PHRASE)
    drag_select(qtbot, pane, EMOJI_TEXT, start, start + len(PHRASE))
    press(qtbot, pane, Qt.Key.Key_2)
    [stored] = window.library.annotations(outcome.article.id)
    assert (stored.start, stored.end) == (start, start + len(PHRASE))
    assert stored.exact == PHRASE == EMOJI_TEXT[stored.start : stored.end]


def test_overlapping_annotations_and_click_selects_row(qtbot: QtBot, window: MainWindow):
    pane = pane_with(window, "This is why")
    text = pane_text(window, pane)
    start = text.index(PHRASE)
    drag_select(qtbot, pane, text, start, start + len(PHRASE))
    press(qtbot, pane, Qt.Key.Key_1)
    inner = text.index("Defense", start)
    drag_select(qtbot, pane, text, inner, inner + len("Defense"))
    press(qtbot, pane, Qt.Key.Key_2)
    assert len(window.library.annotations(pane.article_id)) == 2
    assert len(pane.annotation_ids_at(inner + 2)) == 2
    # Clicking in the part covered only by the first selects that annotation's row.
    click_char(qtbot, pane, text, start + 3)
    current = window.annotations_dock.current_id()
    assert current is not None
    assert window.controller.annotation(current).exact == PHRASE


def test_note_typed_in_dock_survives_restart(qtbot: QtBot, open_window: WindowOpener):
    window = open_window()
    pane = pane_with(window, "This is why")
    text = pane_text(window, pane)
    start = text.index("Department of State")
    drag_select(qtbot, pane, text, start, start + len("Department of State"))
    press(qtbot, pane, Qt.Key.Key_2)
    note = window.annotations_dock.note
    assert note.isEnabled()
    note.setFocus()
    qtbot.keyClicks(note, "Defense earlier;")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    qtbot.keyClicks(note, "State here <b>&")
    open_window.close(window)  # closing saves what is pending, with no wait for the timer

    again = open_window()
    [annotation] = [a for a in again.library.annotations() if a.exact == "Department of State"]
    assert annotation.note == "Defense earlier;\nState here <b>&"
    again.annotations_dock.select_annotation(annotation.id)
    assert again.annotations_dock.note.toPlainText() == annotation.note


def test_note_saves_after_a_pause_in_typing(qtbot: QtBot, window: MainWindow):
    pane = window.panes[0]
    text = pane_text(window, pane)
    drag_select(qtbot, pane, text, 0, 6)
    press(qtbot, pane, Qt.Key.Key_1)
    note = window.annotations_dock.note
    note.setFocus()
    qtbot.keyClicks(note, "checked")
    [annotation] = window.library.annotations(pane.article_id)
    qtbot.waitUntil(lambda: window.library.annotation(annotation.id).note == "checked")


def test_delete_key_in_dock_and_undo(qtbot: QtBot, window: MainWindow):
    pane = window.panes[0]
    text = pane_text(window, pane)
    drag_select(qtbot, pane, text, 0, 6)
    press(qtbot, pane, Qt.Key.Key_1)
    table = window.annotations_dock.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert window.library.annotations() == []
    assert visible_quotes(window) == []
    undo_keys(qtbot, window, QKeySequence.StandardKey.Undo)
    assert len(window.library.annotations()) == 1


def test_dock_filters_by_text_tag_and_article(qtbot: QtBot, window: MainWindow):
    first, second = window.panes[0], window.panes[1]
    for pane, key in ((first, Qt.Key.Key_1), (second, Qt.Key.Key_2)):
        text = pane_text(window, pane)
        drag_select(qtbot, pane, text, 0, 6)
        press(qtbot, pane, key)
    dock = window.annotations_dock
    assert dock.proxy.rowCount() == 2
    dock.tag_filter.setCurrentIndex(dock.tag_filter.findText("Contradiction"))
    assert dock.proxy.rowCount() == 1
    dock.tag_filter.setCurrentIndex(0)
    qtbot.keyClicks(dock.search, pane_text(window, first)[:6])
    assert dock.proxy.rowCount() >= 1
    dock.search.clear()
    dock.article_filter.setCurrentIndex(dock.article_filter.findData(second.article_id))
    assert dock.proxy.rowCount() == 1


def test_panes_and_zoom_restored_after_restart(qtbot: QtBot, open_window: WindowOpener):
    window = open_window()
    shown = [pane.article_id for pane in window.panes]
    window.panes[1].text_view.setFocus()
    qtbot.waitUntil(lambda: window.current_pane is window.panes[1])
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert [pane.article_id for pane in window.panes] == [shown[0], shown[2]]
    window.panes[1].text_view.setFocus()
    qtbot.waitUntil(lambda: window.current_pane is window.panes[1])
    default = window.panes[1].point_size
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    zoomed = window.panes[1].point_size
    assert zoomed > default
    open_window.close(window)

    again = open_window()
    assert [pane.article_id for pane in again.panes] == [shown[0], shown[2]]
    assert [pane.point_size for pane in again.panes] == [default, zoomed]


def test_screenshot_shows_each_passage_in_its_tag_colour(qtbot: QtBot, window: MainWindow):
    pane = pane_with(window, "This is why")
    text = pane_text(window, pane)
    window.reading.reveal(pane)  # it may be beyond the others, with the area scrolled away
    qtbot.waitUntil(lambda: pane.visibleRegion().boundingRect().width() == pane.width())
    tags = window.controller.tags()
    for phrase, key in (
        ("US Department of Defense", Qt.Key.Key_1),
        ("US Department of State", Qt.Key.Key_2),
    ):
        start = text.index(phrase)
        drag_select(qtbot, pane, text, start, start + len(phrase))
        press(qtbot, pane, key)
    paper = pane.text_view.viewport().palette().base().color()
    for annotation in window.controller.annotations_for(pane.article_id or 0):
        assert pane.scroll_to_annotation(annotation.id, flash=False)
        QApplication.processEvents()
        rect = pane.passage_rect(annotation.id)
        assert rect is not None
        # Its lines hold the passage and plain paper; the colour most of the rest has
        # is the highlight behind the glyphs.
        seen = colours_in(window, window.grab().toImage(), pane, rect)
        del seen[paper.rgb()]
        shown = QColor.fromRgb(seen.most_common(1)[0][0])
        tag = next(t for t in tags if t.id == annotation.tag_ids[0])
        expected = on_paper(tag.colour, paper)
        assert looks_like(shown, expected), (annotation.exact, shown.name(), expected.name())


def test_second_tag_key_adds_to_the_same_passage(qtbot: QtBot, window: MainWindow):
    pane = pane_with(window, "This is why")
    text = pane_text(window, pane)
    start = text.index(PHRASE)
    drag_select(qtbot, pane, text, start, start + len(PHRASE))
    press(qtbot, pane, Qt.Key.Key_1)
    press(qtbot, pane, Qt.Key.Key_2)
    [annotation] = window.library.annotations(pane.article_id)
    names = {window.controller.tag_map()[t].name for t in annotation.tag_ids}
    assert names == {"Claim", "Contradiction"}
    assert visible_quotes(window) == [PHRASE]
    assert "Claim, Contradiction" in str(window.annotations_dock.proxy.index(0, 0).data())


def test_tag_manager_edits_reach_panes_menu_and_database(qtbot: QtBot, window: MainWindow):
    from xiaomi_reader.gui.tag_manager import TagManagerDialog

    pane = pane_with(window, "This is why")
    text = pane_text(window, pane)
    start = text.index(PHRASE)
    drag_select(qtbot, pane, text, start, start + len(PHRASE))
    press(qtbot, pane, Qt.Key.Key_1)
    dialog = TagManagerDialog(window.controller, window)
    qtbot.addWidget(dialog)
    claim = next(t for t in window.library.tags() if t.name == "Claim")
    dialog.select_tag(claim.id)
    dialog.choose_colour = lambda _current: QColor("#1E88E5")
    dialog.recolour()
    assert window.library.tags()[0].colour.upper() == "#1E88E5"
    background = pane.char_format_at(start + 2).background().color()
    assert (background.red(), background.green(), background.blue()) != (0xE8, 0xA3, 0x17)
    assert background.blue() > background.red()

    added = dialog.add_tag()
    assert added is not None
    menu_labels = [a.text().split("\t")[0] for a in window.menus.tag_as_menu.actions()]
    assert added.name in menu_labels
    # Deleting a tag in use asks; answering no keeps it.
    dialog.select_tag(claim.id)
    dialog.confirm = lambda _title, _text: False
    assert not dialog.delete_tag()
    assert any(t.id == claim.id for t in window.library.tags())
    dialog.confirm = lambda _title, _text: True
    assert dialog.delete_tag()
    assert not any(t.id == claim.id for t in window.library.tags())
    assert window.library.annotations()[0].tag_ids == ()
    # One Ctrl+Z brings the tag back onto the annotation.
    window.controller.undo_stack.undo()
    assert window.library.annotations()[0].tag_ids == (claim.id,)


def test_dropping_an_article_and_files(qtbot: QtBot, window: MainWindow, tmp_path: Path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl

    from xiaomi_reader.gui.models import ARTICLE_MIME

    target = window.panes[0]
    wanted = window.panes[2].article_id
    mime = QMimeData()
    mime.setData(ARTICLE_MIME, f"[{wanted}]".encode())
    point = QPointF(target.mapTo(window, target.rect().center()))
    drop_on(window, mime, point)
    assert target.article_id == wanted

    article_file = tmp_path / "dropped.md"
    article_file.write_text("---\ntitle: Dropped in\n---\nA new article.\n", encoding="utf-8")
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(article_file))])
    drop_on(window, files, point)
    qtbot.waitUntil(lambda: any(a.title == "Dropped in" for a in window.library.articles()))
    titles = window.library_dock.model
    assert any(titles.article(row).title == "Dropped in" for row in range(titles.rowCount()))


def test_refused_import_is_explained(qtbot: QtBot, window: MainWindow, tmp_path: Path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    before = window.library.articles()
    import_files(qtbot, window, [binary])
    assert "photo.txt" in window.last_error
    assert window.library.articles() == before


def test_clicking_a_dock_row_scrolls_its_pane_and_flashes(qtbot: QtBot, window: MainWindow):
    pane = pane_with(window, "This is why")
    text = pane_text(window, pane)
    start = text.rindex("Department of State")
    annotation = window.controller.create_annotation(
        pane.article_id, start, start + len("Department of State"), []
    )
    assert annotation is not None
    pane.set_scroll_fraction(0.0)
    table = window.annotations_dock.table
    row = window.annotations_dock.proxy.mapFromSource(
        window.annotations_dock.model.index(window.annotations_dock.model.row_of(annotation.id), 1)
    )
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(row).center()
    )
    assert pane.scroll_fraction() > 0.3
    assert pane.flashing()


def test_f6_moves_between_library_panes_annotations_and_links(qtbot: QtBot, window: MainWindow):
    window.activateWindow()
    regions = window.focus_regions()
    assert len(regions) == 6
    assert regions[-2:] == [window.annotations_dock.table, window.links_dock.table]
    assert window.links_dock.table.visibleRegion().isEmpty()  # a tab behind the Annotations
    regions[0].setFocus()
    visited = []
    for _ in range(len(regions)):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F6)
        visited.append(QApplication.focusWidget())
        if visited[-1] is window.links_dock.table:
            assert not window.links_dock.table.visibleRegion().isEmpty()  # to the front
    assert visited == [*regions[1:], regions[0]]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is regions[-1]


def test_accessible_names_on_main_widgets(window: MainWindow):
    named = [
        window.splitter,
        window.library_dock.view,
        window.library_dock.filter,
        window.annotations_dock.table,
        window.annotations_dock.search,
        window.annotations_dock.note,
        *(pane.text_view for pane in window.panes),
    ]
    assert all(widget.accessibleName() for widget in named)


def cell_editor(table: QWidget) -> QLineEdit:
    """The line edit that F2 opened in a table cell."""
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    table.window().activateWindow()
    editors[0].setFocus()
    return editors[0]


def test_renaming_a_tag_in_place_updates_dock_menu_and_database(qtbot: QtBot, window: MainWindow):
    from xiaomi_reader.gui.tag_manager import TagManagerDialog
    from xiaomi_reader.gui.tag_table import COLUMN_NAME

    pane = window.panes[0]
    text = pane_text(window, pane)
    drag_select(qtbot, pane, text, 0, 6)
    press(qtbot, pane, Qt.Key.Key_1)
    dialog = TagManagerDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    item = table.item(0, COLUMN_NAME)
    assert item.text() == "Claim"
    table.setCurrentItem(item)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = cell_editor(table)
    editor.selectAll()
    qtbot.keyClicks(editor, "Assertion")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits on its next event pass
    qtbot.waitUntil(lambda: window.library.tags()[0].name == "Assertion")
    assert "Assertion" in str(window.annotations_dock.proxy.index(0, 0).data())
    assert window.menus.tag_as_menu.actions()[0].text().startswith("Assertion")
    # A clash with an existing name (any case) is refused and explained.
    item = table.item(0, COLUMN_NAME)
    table.setCurrentItem(item)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = cell_editor(table)
    editor.selectAll()
    qtbot.keyClicks(editor, "contradiction")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "already exists" in dialog.error_text())
    assert window.library.tags()[0].name == "Assertion"
    dialog.close()


def test_orphans_have_their_own_filter(qtbot: QtBot, window: MainWindow, tmp_path: Path):
    import json

    from xiaomi_reader.store.interchange import import_annotations

    stray = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:0b9a3f4e-4a59-4c7e-9d55-6a1f3c1d2e01",
        "type": "Annotation",
        "target": {
            "source": "https://example.org/gone",
            "selector": {"type": "TextQuoteSelector", "exact": "a sentence no article has"},
        },
    }
    path = tmp_path / "stray.json"
    path.write_text(json.dumps(stray), encoding="utf-8")
    import_annotations(window.library, path)
    window.controller.reload()
    window.annotations_dock.set_data(
        window.controller.annotations(), window.controller.tag_map(), window.library.articles()
    )
    dock = window.annotations_dock
    dock.tag_filter.setCurrentIndex(dock.tag_filter.findData(-2))
    assert visible_quotes(window) == ["a sentence no article has"]
    dock.tag_filter.setCurrentIndex(0)
    assert "a sentence no article has" in visible_quotes(window)


def test_scroll_position_restored_after_restart(qtbot: QtBot, open_window: WindowOpener):
    window = open_window()
    window.panes[0].set_scroll_fraction(0.5)
    kept = window.panes[0].scroll_fraction()
    assert kept > 0.3
    open_window.close(window)
    again = open_window()
    qtbot.waitUntil(lambda: abs(again.panes[0].scroll_fraction() - kept) < 0.05)


def test_changes_by_another_program_are_picked_up(qtbot: QtBot, window: MainWindow, db_path: Path):
    import subprocess
    import sys

    pane = pane_with(window, "This is why")
    text = pane_text(window, pane)
    drag_select(qtbot, pane, text, 0, 4)
    press(qtbot, pane, Qt.Key.Key_1)
    assert not window.check_for_outside_changes()  # our own change is not news
    start = text.index(PHRASE)
    code = (
        "import sys\n"
        "from xiaomi_reader.store.library import Library\n"
        "with Library.open(sys.argv[1]) as lib:\n"
        f"    lib.add_annotation({pane.article_id}, {start}, {start + len(PHRASE)}, note='cli')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path)], check=True, timeout=60)
    assert window.check_for_outside_changes()
    assert sorted(visible_quotes(window)) == sorted([text[:4], PHRASE])
    assert len(pane.annotation_ids_at(start + 1)) == 1
    assert "another program" in window.statusBar().currentMessage()
    assert window.controller.undo_stack.count() == 0


def test_restore_from_backup_dialog(qtbot: QtBot, open_window: WindowOpener):
    from xiaomi_reader.gui.backup_dialog import BackupDialog

    window = open_window()
    pane = window.panes[0]
    text = pane_text(window, pane)
    drag_select(qtbot, pane, text, 0, 6)
    press(qtbot, pane, Qt.Key.Key_1)
    open_window.close(window)

    window = open_window()  # first open today: a daily backup
    drag_select(qtbot, window.panes[0], text, 10, 16)
    press(qtbot, window.panes[0], Qt.Key.Key_1)
    assert len(visible_quotes(window)) == 2
    dialog = BackupDialog(window.controller, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "First use of the day"
    assert dialog.table.item(0, 3).text() == "1"
    dialog.confirm = lambda _text: False
    assert not dialog.restore_selected()
    dialog.confirm = lambda _text: True
    assert dialog.restore_selected()
    window.after_restore()
    assert visible_quotes(window) == [text[:6]]
    assert len(window.library.annotations()) == 1


def test_letter_keys_type_into_the_note_instead_of_linking(qtbot: QtBot, window: MainWindow):
    pane = window.panes[0]
    text = pane_text(window, pane)
    drag_select(qtbot, pane, text, 0, 6)
    press(qtbot, pane, Qt.Key.Key_1)
    note = window.annotations_dock.note
    window.activateWindow()
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "all 12")
    assert note.toPlainText() == "all 12"
    assert not window.link_flow.active
    assert len(window.library.annotations()) == 1  # "1" and "2" did not tag anything


def test_titles_stay_whole_and_level_when_the_window_narrows(qtbot: QtBot, window: MainWindow):
    window.resize(1600, 900)
    qtbot.wait(50)
    window.resize(1100, 800)  # the panes narrow after the window does: titles wrap more

    def headers_fit() -> None:
        assert len({pane.header.height() for pane in window.panes}) == 1  # texts start level
        for pane in window.panes:
            title = pane.header.title
            assert title.height() >= title.heightForWidth(title.width()), title.text()

    qtbot.waitUntil(headers_fit, timeout=2000)
