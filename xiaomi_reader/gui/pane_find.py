"""Find in an article: the next or previous match selected, and the matches counted.

Matches are found by the text document itself (case-insensitive), so the count and the
match selected always agree.  Positions stay Qt's here: nothing leaves this module but
a count and an ordinal.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QWidget

from xiaomi_reader.gui.pane_bars import FindBar
from xiaomi_reader.gui.text_view import ArticleTextView

__all__ = ["PaneFind"]


class PaneFind(QObject):
    """Drives one pane's find bar over its text view."""

    def __init__(self, view: ArticleTextView, bar: FindBar, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self._bar = bar
        self._counted: tuple[str, int] = ("", -1)  # (text, document revision) counted
        self._starts: list[int] = []
        bar.findRequested.connect(self._find_requested)
        bar.line_edit.textChanged.connect(self._typed)

    def find(self, text: str, backward: bool = False) -> bool:
        """Select the next (or previous) case-insensitive match, wrapping around."""
        if not text:
            return False
        doc = self._view.document()
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = doc.find(text, self._view.textCursor(), flags)
        if found.isNull():
            wrap = QTextCursor(doc)
            if backward:
                wrap.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(text, wrap, flags)
        if found.isNull():
            return False
        self._view.setTextCursor(found)
        self._view.centre_on(found)
        return True

    def match_starts(self, text: str) -> list[int]:
        """Where each match of ``text`` starts (UTF-16), remembered until either changes."""
        doc = self._view.document()
        key = (text, doc.revision())
        if key != self._counted:
            starts = []
            cursor = QTextCursor(doc)
            while text:
                cursor = doc.find(text, cursor)
                if cursor.isNull():
                    break
                starts.append(cursor.selectionStart())
            self._counted, self._starts = key, starts
        return self._starts

    def recount(self) -> None:
        """Count again for the text now shown (another article came into the pane)."""
        if self._bar.isVisible():
            self._typed(self._bar.line_edit.text())

    def _typed(self, text: str) -> None:
        self._bar.show_count(len(self.match_starts(text)))

    def _find_requested(self, text: str, backward: bool) -> None:
        if not self.find(text, backward):
            self._bar.set_not_found(True)
            return
        starts = self.match_starts(text)
        here = self._view.textCursor().selectionStart()
        number = bisect.bisect_left(starts, here) + 1
        self._bar.show_position(min(number, len(starts)), len(starts))
