"""Opening the library at start-up, and what to do when it cannot be opened.

A damaged or foreign file is never touched; the reader is offered to open
another library or to create a new one elsewhere, or to quit.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from xiaomi_reader.store.errors import LibraryError

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

LIBRARY_FILTER = "xiaomi-reader libraries (*.sqlite3 *.sqlite *.db);;All files (*)"


class Choice(Enum):
    OPEN_OTHER = "open"
    CREATE_NEW = "create"
    QUIT = "quit"


class LibraryOpener:
    """Tries a location, then asks until a library opens or the reader gives up.

    The questions are methods so that tests can answer them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def open(self, location: str) -> Library | None:
        """The library at ``location``, or the one the reader picks instead; None to quit."""
        from xiaomi_reader.store.library import Library

        try:
            return Library.open(location)
        except LibraryError as exc:
            return self.recover(location, str(exc))

    def recover(self, location: str, refusal: str) -> Library | None:
        """Ask what to do about ``refusal`` (why ``location`` would not open), until a
        library opens or the reader gives up (None)."""
        from xiaomi_reader.store.library import Library

        while True:
            choice = self.ask_what_now(refusal)
            if choice is Choice.QUIT:
                return None
            picked = (
                self.ask_existing_file(location)
                if choice is Choice.OPEN_OTHER
                else self.ask_new_file(location)
            )
            if picked:
                location = picked
            try:
                return Library.open(location)
            except LibraryError as exc:
                refusal = str(exc)

    def ask_what_now(self, message: str) -> Choice:
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open the library", message)
        box.setInformativeText("You can open another library, or create a new one elsewhere.")
        other = box.addButton("Open Another…", QMessageBox.ButtonRole.AcceptRole)
        new = box.addButton("Create New…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        clicked = box.clickedButton()
        if clicked is other:
            return Choice.OPEN_OTHER
        if clicked is new:
            return Choice.CREATE_NEW
        return Choice.QUIT

    def ask_existing_file(self, near: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Open Library", str(Path(near).parent), LIBRARY_FILTER
        )
        return path or None

    def ask_new_file(self, near: str) -> str | None:
        suggestion = str(Path(near).with_name("new-library.sqlite3"))
        path, _ = QFileDialog.getSaveFileName(
            self.parent, "Create New Library", suggestion, LIBRARY_FILTER
        )
        return path or None
