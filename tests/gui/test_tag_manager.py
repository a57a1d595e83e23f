"""The tag manager dialog, driven through its widgets against an in-memory editor."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QKeySequenceEdit, QLineEdit

from tests.gui.helpers import colours_in
from xiaomi_reader.core import records
from xiaomi_reader.gui.tag_manager import (
    TAG_PALETTE,
    TagEditor,
    TagManagerDialog,
    next_colour,
    next_free_shortcut,
    unique_name,
)
from xiaomi_reader.gui.tag_table import COLUMN_DESCRIPTION, COLUMN_NAME, COLUMN_SHORTCUT


class TagError(Exception):
    """What the fake editor raises; its text is meant for the user."""


class FakeEditor:
    """The tag half of the library, in memory, with the library's rules and messages."""

    def __init__(self) -> None:
        self._tags: dict[int, records.Tag] = {}
        self._next_id = 1
        self.usage: dict[int, int] = {}
        self.add_tag("Claim", "#E8A317", description="A statement presented as fact.", shortcut="1")
        self.add_tag("Contradiction", "#E5484D", shortcut="2")

    def tags(self) -> list[records.Tag]:
        return list(self._tags.values())

    def add_tag(
        self, name: str, colour: str, *, description: str = "", shortcut: str | None = None
    ) -> records.Tag:
        clean = self._check(None, name, shortcut)
        tag = records.Tag(self._next_id, clean, colour, description, shortcut or None)
        self._next_id += 1
        self._tags[tag.id] = tag
        return tag

    def update_tag(
        self,
        tag_id: int,
        *,
        name: str | None = None,
        colour: str | None = None,
        description: str | None = None,
        shortcut: str | None = "",
    ) -> records.Tag:
        tag = self._tags[tag_id]
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = self._check(tag_id, name, None)
        if colour is not None:
            changes["colour"] = colour
        if description is not None:
            changes["description"] = description
        if shortcut != "":
            self._check(tag_id, tag.name, shortcut)
            changes["shortcut"] = shortcut
        self._tags[tag_id] = dataclasses.replace(tag, **changes)
        return self._tags[tag_id]

    def tag_usage(self, tag_id: int) -> int:
        return self.usage.get(tag_id, 0)

    def delete_tag(self, tag_id: int) -> None:
        del self._tags[tag_id]

    def by_name(self, name: str) -> records.Tag:
        return next(tag for tag in self._tags.values() if tag.name == name)

    def _check(self, tag_id: int | None, name: str, shortcut: str | None) -> str:
        clean = " ".join(name.split())
        if not clean:
            raise TagError("A tag needs a name.")
        for other in self._tags.values():
            if other.id == tag_id:
                continue
            if other.name.casefold() == clean.casefold():
                raise TagError(f"A tag named {clean!r} already exists (names ignore case).")
            if shortcut and other.shortcut == shortcut:
                raise TagError(f"The shortcut {shortcut!r} belongs to {other.name!r}.")
        return clean


@pytest.fixture
def editor() -> FakeEditor:
    return FakeEditor()


@pytest.fixture
def dialog(qtbot, editor: FakeEditor) -> TagManagerDialog:
    dialog = TagManagerDialog(editor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def cell(dialog: TagManagerDialog, row: int, column: int) -> str:
    return dialog.table.item(row, column).text()


def names(dialog: TagManagerDialog) -> list[str]:
    return [cell(dialog, row, COLUMN_NAME) for row in range(dialog.table.rowCount())]


def edit_text(qtbot, dialog: TagManagerDialog, row: int, column: int, text: str) -> None:
    """Edit a cell as a user does: open its editor, type, press Enter."""
    table = dialog.table
    index = table.model().index(row, column)
    table.setCurrentIndex(index)
    if table.indexWidget(index) is None:
        table.edit(index)
    line_edit = table.indexWidget(index)
    assert isinstance(line_edit, QLineEdit)
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    # Qt commits a line edit's text on the next pass of the event loop.
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


def accepts_like(implementation: object, protocol: object) -> bool:
    """Whether a method takes every argument the protocol's method may be called with."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    offered = inspect.signature(implementation).parameters
    for name, wanted in inspect.signature(protocol).parameters.items():
        have = offered.get(name)
        if have is None or have.default != wanted.default:
            return False
        # A keyword-only argument may also be taken positionally, not the other way round.
        if have.kind != wanted.kind and not (wanted.kind == keyword and have.kind == positional):
            return False
    return True


@pytest.mark.parametrize("method", ["tags", "add_tag", "update_tag", "tag_usage", "delete_tag"])
def test_library_and_controller_satisfy_the_protocol(method: str) -> None:
    from xiaomi_reader.gui.controller import LibraryController
    from xiaomi_reader.store.library import Library

    for implementation in (Library, LibraryController, FakeEditor):
        assert accepts_like(getattr(implementation, method), getattr(TagEditor, method))


def test_lists_tags_with_chip_shortcut_and_description(dialog: TagManagerDialog) -> None:
    assert names(dialog) == ["Claim", "Contradiction"]
    assert cell(dialog, 0, COLUMN_SHORTCUT) == "1"
    assert cell(dialog, 0, COLUMN_DESCRIPTION) == "A statement presented as fact."
    assert not dialog.table.item(0, COLUMN_NAME).icon().isNull()
    assert dialog.error_text() == ""
    # Nothing selected yet: nothing to delete or recolour.
    assert not dialog.delete_button.isEnabled()
    assert not dialog.colour_button.isEnabled()


def test_controls_have_accessible_names(dialog: TagManagerDialog) -> None:
    controls = [dialog.table, dialog.add_button, dialog.delete_button, dialog.colour_button]
    controls.append(dialog.close_button)
    assert [control.accessibleName() for control in controls] == [
        "Tags",
        "Add",
        "Delete",
        "Colour",
        "Close",
    ]
    focusable = [c for c in controls if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert focusable == controls


def test_add_then_type_a_name(qtbot, dialog: TagManagerDialog, editor: FakeEditor) -> None:
    with qtbot.waitSignal(dialog.tagsChanged):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert names(dialog) == ["Claim", "Contradiction", "New tag"]
    new = editor.by_name("New tag")
    assert new.shortcut == "3"
    assert new.colour == TAG_PALETTE[2]
    # The name cell of the new row is open for typing.
    name_editor = dialog.table.indexWidget(dialog.table.model().index(2, COLUMN_NAME))
    assert isinstance(name_editor, QLineEdit)
    assert name_editor.selectedText() == "New tag"
    qtbot.keyClicks(name_editor, "Source quoted")
    qtbot.keyClick(name_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.tags()[-1].name == "Source quoted")
    assert names(dialog) == ["Claim", "Contradiction", "Source quoted"]
    assert dialog.selected_tag() == editor.tags()[-1]


def test_rename_and_describe_in_place(qtbot, dialog: TagManagerDialog, editor: FakeEditor) -> None:
    edit_text(qtbot, dialog, 1, COLUMN_NAME, "Inconsistency")
    edit_text(qtbot, dialog, 1, COLUMN_DESCRIPTION, "Two passages that disagree.")
    tag = editor.tags()[1]
    assert (tag.name, tag.description) == ("Inconsistency", "Two passages that disagree.")
    assert cell(dialog, 1, COLUMN_NAME) == "Inconsistency"


def test_duplicate_name_shows_error_and_restores_cell(
    qtbot, dialog: TagManagerDialog, editor: FakeEditor
) -> None:
    edit_text(qtbot, dialog, 1, COLUMN_NAME, "claim")
    assert dialog.error_text() == "A tag named 'claim' already exists (names ignore case)."
    assert dialog.error_label.isVisible()
    assert names(dialog) == ["Claim", "Contradiction"]
    assert editor.tags()[1].name == "Contradiction"
    # The next change that succeeds clears the message.
    edit_text(qtbot, dialog, 1, COLUMN_NAME, "Mismatch")
    assert dialog.error_text() == ""
    assert not dialog.error_label.isVisible()


def test_set_and_clear_shortcut(qtbot, dialog: TagManagerDialog, editor: FakeEditor) -> None:
    table = dialog.table
    index = table.model().index(1, COLUMN_SHORTCUT)
    table.setCurrentIndex(index)
    table.edit(index)
    key_editor = table.indexWidget(index)
    assert isinstance(key_editor, QKeySequenceEdit)
    qtbot.keyClick(key_editor, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert editor.tags()[1].shortcut == "Ctrl+K"
    assert cell(dialog, 1, COLUMN_SHORTCUT) == "Ctrl+K"
    # One chord is the whole answer: the editor closed itself.
    assert table.indexWidget(index) is None

    table.edit(index)
    qtbot.keyClick(table.indexWidget(index), Qt.Key.Key_Backspace)
    assert editor.tags()[1].shortcut is None
    assert cell(dialog, 1, COLUMN_SHORTCUT) == ""


def test_taken_shortcut_is_refused(qtbot, dialog: TagManagerDialog, editor: FakeEditor) -> None:
    table = dialog.table
    index = table.model().index(1, COLUMN_SHORTCUT)
    table.setCurrentIndex(index)
    table.edit(index)
    qtbot.keyClick(table.indexWidget(index), Qt.Key.Key_1)
    assert dialog.error_text() == "The shortcut '1' belongs to 'Claim'."
    assert editor.tags()[1].shortcut == "2"
    assert cell(dialog, 1, COLUMN_SHORTCUT) == "2"


def test_recolour(qtbot, dialog: TagManagerDialog, editor: FakeEditor, monkeypatch) -> None:
    offered: list[QColor] = []

    def choose(current: QColor) -> QColor:
        offered.append(current)
        return QColor("#30a46c")

    monkeypatch.setattr(dialog, "choose_colour", choose)
    dialog.select_tag(editor.by_name("Contradiction").id)
    qtbot.mouseClick(dialog.colour_button, Qt.MouseButton.LeftButton)
    assert offered == [QColor("#E5484D")]
    assert editor.by_name("Contradiction").colour == "#30A46C"
    assert dialog.selected_tag() == editor.by_name("Contradiction")


def test_cancelled_colour_changes_nothing(
    qtbot, dialog: TagManagerDialog, editor: FakeEditor, monkeypatch
) -> None:
    monkeypatch.setattr(dialog, "choose_colour", lambda current: None)
    dialog.select_tag(1)
    with qtbot.assertNotEmitted(dialog.tagsChanged):
        qtbot.mouseClick(dialog.colour_button, Qt.MouseButton.LeftButton)
    assert editor.by_name("Claim").colour == "#E8A317"


def test_delete_unused_tag_without_asking(
    qtbot, dialog: TagManagerDialog, editor: FakeEditor, monkeypatch
) -> None:
    def never(title: str, text: str) -> bool:
        raise AssertionError("an unused tag is deleted without a question")

    monkeypatch.setattr(dialog, "confirm", never)
    dialog.select_tag(editor.by_name("Contradiction").id)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert names(dialog) == ["Claim"]
    assert [tag.name for tag in editor.tags()] == ["Claim"]


@pytest.mark.parametrize("answer", [False, True])
def test_delete_used_tag_asks_first(
    qtbot, dialog: TagManagerDialog, editor: FakeEditor, monkeypatch, answer: bool
) -> None:
    questions: list[tuple[str, str]] = []

    def confirm(title: str, text: str) -> bool:
        questions.append((title, text))
        return answer

    monkeypatch.setattr(dialog, "confirm", confirm)
    claim = editor.by_name("Claim")
    editor.usage[claim.id] = 12
    dialog.select_tag(claim.id)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert questions == [
        ("Delete tag", "Delete the tag 'Claim'? 12 annotations use it; they keep their other tags.")
    ]
    expected = ["Contradiction"] if answer else ["Claim", "Contradiction"]
    assert names(dialog) == expected
    assert [tag.name for tag in editor.tags()] == expected


def test_new_tags_take_free_names_digits_and_colours(editor: FakeEditor) -> None:
    tags = editor.tags()
    assert unique_name(tags) == "New tag"
    editor.add_tag("new TAG", "#000000")
    assert unique_name(editor.tags()) == "New tag 2"
    assert next_free_shortcut(tags) == "3"
    assert next_colour(tags) == TAG_PALETTE[2]
    digits = [records.Tag(n, f"t{n}", "#000000", shortcut=str(n)) for n in range(1, 10)]
    assert next_free_shortcut(digits) is None
    everything = [records.Tag(n, f"t{n}", colour) for n, colour in enumerate(TAG_PALETTE)]
    assert next_colour(everything) in TAG_PALETTE


def test_render_for_review(qtbot, dialog: TagManagerDialog, editor: FakeEditor) -> None:
    editor.add_tag("Source quoted", TAG_PALETTE[3], description="Attributed to a named source.")
    dialog.refresh()
    edit_text(qtbot, dialog, 0, COLUMN_NAME, "Contradiction")
    dialog.select_tag(editor.by_name("Source quoted").id)
    # What a reviewer checks on screen: the chosen row, each other tag's chip in its
    # colour (a selected row's chip is drawn tinted by the style), and the refusal.
    image = dialog.grab().toImage()
    table = dialog.table
    assert names(dialog)[table.currentRow()] == "Source quoted"
    for row, tag in enumerate(editor.tags()):
        if row != table.currentRow():
            rect = table.visualItemRect(table.item(row, COLUMN_NAME))
            chip = QColor(tag.colour).rgb()
            assert chip in colours_in(dialog, image, table.viewport(), rect), tag
    assert "already exists" in dialog.error_text()
