"""Noticing changes another program (a second window, the command line) made to the library.

Every change raises a revision number kept in the library.  The window's own writes
note the number before and after each of them (``library.own_commits``); whatever
else moved it was another program, and the window then shows the library afresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from xiaomi_reader.store.errors import LibraryError

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

__all__ = ["WATCH_INTERVAL_MS", "OutsideChangeWatcher"]

# How often the window looks for changes made by another program (one tiny query).
WATCH_INTERVAL_MS = 2000


class OutsideChangeWatcher(QObject):
    """Compares the library's revision with the last one the window has shown."""

    aboutToReload = Signal()  # another program changed the library: keep what is typed
    reloadRequested = Signal(bool)  # show the library as it is now; keep the undo history?
    message = Signal(str, int)  # for the status bar, with how long to show it (ms)

    def __init__(self, library: Library, parent: QObject) -> None:
        super().__init__(parent)
        self._library = library
        # Read before the window reads the library: a change made in between is then
        # found by the first check rather than taken as seen.
        self._known_revision = library.revision()
        self._merge_message = ""  # a merge with another program's change, not yet shown
        self.timer = QTimer(self)  # started by the window once it shows the library
        self.timer.setInterval(WATCH_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def note_own_change(self, *_args: object) -> None:
        """After our own write: if another program committed before it, show theirs now."""
        self._known_revision = self._library.own_commits.follow(self._known_revision)
        latest = self._library.own_commits.latest
        if latest is not None and self._known_revision != latest:
            QTimer.singleShot(0, self.check)

    def merged_with_outside_change(self, message: str) -> None:
        # Said again when the window then shows the other program's changes.
        self._merge_message = message
        self.message.emit(message, 10000)

    def application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> bool:
        """Reload if another window or the command line changed the library; True if so."""
        self._known_revision = self._library.own_commits.follow(self._known_revision)
        try:
            revision = self._library.revision()
        except LibraryError:  # locked or unreadable for now: try again on the next tick
            return False
        if revision == self._known_revision:
            return False
        self.aboutToReload.emit()
        self.reload_and_remember()
        merged, self._merge_message = self._merge_message, ""
        self.message.emit(
            f"The library was changed by another program; the window now shows its changes. "
            f"{merged}".strip(),
            10000,
        )
        return True

    def reload_and_remember(self, *, keep_undo: bool = False) -> None:
        """Reload, knowing at most the revision read before: a change made while reading
        is then found by the next check instead of being taken as seen."""
        revision = self._library.revision()
        self.reloadRequested.emit(keep_undo)
        self._known_revision = revision
