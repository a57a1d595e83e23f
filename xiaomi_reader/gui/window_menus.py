"""The main window's actions, menus and toolbar.

:class:`WindowMenus` makes the actions with their text, shortcuts and tips, and lays
them out in the menu bar and toolbar.  It connects none of them to what they do: the
main window's connect block does, so every wire of the window is in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow

from xiaomi_reader.core import records
from xiaomi_reader.gui.undo_buttons import UndoButtons

__all__ = ["WindowMenus"]

Keys = QKeySequence | QKeySequence.StandardKey | str


def _sequence(keys: Keys) -> QKeySequence:
    return keys if isinstance(keys, QKeySequence) else QKeySequence(keys)


def _distinct(keys: Sequence[Keys]) -> list[QKeySequence]:
    """Each sequence once: a standard key may expand to one already given (ZoomOut is
    Ctrl+- on Linux), and a key bound twice is "ambiguous" to Qt and does nothing."""
    sequences: list[QKeySequence] = []
    for key in keys:
        found = QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else []
        for sequence in found or [_sequence(key)]:
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
    return sequences


class WindowMenus(QObject):
    """Every action of the main window, its menus and its toolbar."""

    tagChosen = Signal(int)  # a tag picked in Annotation → Tag Selection As

    def __init__(
        self, window: QMainWindow, undo_stack: QUndoStack, dock_toggles: Sequence[QAction]
    ) -> None:
        super().__init__(window)
        self._create_actions(window, undo_stack)
        self._create_menus(window, dock_toggles)
        self._create_toolbar(window)

    @staticmethod
    def _action(
        window: QMainWindow, text: str, shortcut: Keys | Sequence[Keys] | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, window)
        if shortcut is not None:
            # A str is a sequence too: only a list or tuple holds several shortcuts.
            several = isinstance(shortcut, list | tuple)
            keys = list(cast("Sequence[Keys]", shortcut)) if several else [cast(Keys, shortcut)]
            action.setShortcuts(_distinct(keys))
        if tip:
            action.setStatusTip(tip)
        window.addAction(action)  # its shortcut works wherever the focus is
        return action

    def _create_actions(self, window: QMainWindow, stack: QUndoStack) -> None:
        self.undo_action = stack.createUndoAction(window, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(window, "&Redo")
        # Ctrl+Shift+Z and Ctrl+Y everywhere, besides the platform's own binding (Linux
        # has only Ctrl+Shift+Z, Windows only Ctrl+Y).
        self.redo_action.setShortcuts(
            _distinct([QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y"])
        )
        window.addActions([self.undo_action, self.redo_action])
        # The actions keep following the stack (enabled, "Undo <what>"); what they do is
        # the controller's undo and redo, which keep the stack in step with the library.
        self.undo_action.triggered.disconnect()
        self.redo_action.triggered.disconnect()

        act = self._action
        self.import_action = act(
            window, "&Import Articles…", "Ctrl+I", "Add article files to the library"
        )
        self.import_url_action = act(
            window,
            "Import from &URL…",
            "Ctrl+Shift+I",
            "Fetch web pages by their addresses and add their articles to the library",
        )
        self.export_action = act(
            window,
            "&Export Report…",
            "Ctrl+E",
            "Write a report (Markdown, HTML, PDF) or the annotations (CSV, W3C JSON-LD)",
        )
        self.import_annotations_action = act(
            window,
            "Import &Annotations…",
            tip="Read W3C Web Annotations (JSON-LD) or Hypothesis JSON into the library",
        )
        self.restore_action = act(
            window, "&Restore from Backup…", tip="Replace the library with one of its backups"
        )
        self.quit_action = act(window, "&Quit", QKeySequence.StandardKey.Quit)
        self.find_action = act(window, "&Find in Article…", QKeySequence.StandardKey.Find)
        self.delete_action = act(
            window, "&Delete Annotation", tip="Delete the selected annotations"
        )
        self.new_pane_action = act(
            window, "&New Pane", "Ctrl+T", "Open another pane beside the others"
        )
        self.close_pane_action = act(window, "&Close Pane", "Ctrl+W")
        self.zoom_in_action = act(
            window, "Zoom &In", ["Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn]
        )
        self.zoom_out_action = act(
            window, "Zoom &Out", ["Ctrl+-", QKeySequence.StandardKey.ZoomOut]
        )
        self.zoom_reset_action = act(window, "&Actual Size", "Ctrl+0")
        self.focus_action = act(
            window, "&Focus", "F11", "Hide the docks so the panes share the whole window"
        )
        self.focus_action.setCheckable(True)
        self.next_region_action = act(window, "Next &Region", "F6", "Move between panes and docks")
        self.previous_region_action = act(window, "Previous Re&gion", "Shift+F6")
        self.view_original_action = act(
            window,
            "View &Original…",
            tip="Save or open the file or web page this article was read from",
        )
        self.update_from_address_action = act(
            window,
            "&Update from Its Address",
            tip="Fetch the article's page again: a changed text becomes its next version",
        )
        self.update_from_file_action = act(
            window,
            "Update from &File…",
            tip="Make a file the article's next version, carrying its annotations over",
        )
        self.versions_action = act(
            window, "&Versions…", tip="The article's versions; open an earlier one to read"
        )
        self.compare_versions_action = act(
            window,
            "&Compare Versions…",
            tip="The previous version beside the current one: what went, what came, and "
            "where each annotation moved",
        )
        self.link_action = act(
            window,
            "&Link…",
            "L",
            "Link the current passage to another: press L, pick the other passage, choose the type",
        )
        self.tags_action = act(window, "&Tags…", tip="Create, rename, recolour and delete tags")
        self.shortcuts_action = act(
            window, "&Keyboard Shortcuts", tip="Every key the window answers to"
        )
        self.about_action = act(window, "&About xiaomi-reader")

    def _create_menus(self, window: QMainWindow, dock_toggles: Sequence[QAction]) -> None:
        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_url_action)
        file_menu.addAction(self.import_annotations_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.delete_action)

        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.new_pane_action, self.close_pane_action])
        view_menu.addSeparator()
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        view_menu.addActions([self.next_region_action, self.previous_region_action])
        view_menu.addSeparator()
        view_menu.addAction(self.focus_action)
        view_menu.addActions(list(dock_toggles))

        self.article_menu = bar.addMenu("A&rticle")
        self.article_menu.addAction(self.view_original_action)
        self.article_menu.addSeparator()
        self.article_menu.addActions(
            [
                self.update_from_address_action,
                self.update_from_file_action,
                self.versions_action,
                self.compare_versions_action,
            ]
        )

        self.annotation_menu = bar.addMenu("&Annotation")
        self.tag_as_menu = self.annotation_menu.addMenu("Tag Selection &As")
        self.annotation_menu.addAction(self.link_action)
        self.annotation_menu.addAction(self.delete_action)
        self.annotation_menu.addSeparator()
        self.annotation_menu.addAction(self.tags_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _create_toolbar(self, window: QMainWindow) -> None:
        toolbar = window.addToolBar("Main")
        toolbar.setObjectName("MainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.export_action)
        toolbar.addSeparator()
        # Buttons that say just "Undo"/"Redo"; their tooltips name the change.
        self.undo_buttons = UndoButtons(toolbar, self.undo_action, self.redo_action)
        toolbar.addSeparator()
        toolbar.addAction(self.new_pane_action)
        toolbar.addAction(self.tags_action)

    def fill_tag_menu(self, tags: Sequence[records.Tag]) -> None:
        """Annotation → Tag Selection As: one entry per tag, announced by :attr:`tagChosen`."""
        self.tag_as_menu.clear()
        for tag in tags:
            # The shortcut is shown, not bound: the pane handles it only while text is selected,
            # so digits typed into a note or a filter box stay digits.
            label = f"{tag.name}\t{tag.shortcut}" if tag.shortcut else tag.name
            action = self.tag_as_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, t=tag.id: self.tagChosen.emit(t))

    def writing_actions(self) -> list[QAction]:
        """The actions that change the library (turned off while it is read-only)."""
        return [
            self.import_action,
            self.import_url_action,
            self.import_annotations_action,
            self.update_from_address_action,
            self.update_from_file_action,
            self.restore_action,
            self.delete_action,
            self.link_action,
            self.tags_action,
            self.tag_as_menu.menuAction(),
        ]
