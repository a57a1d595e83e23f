"""Focus mode (F11, View → Focus): the docks step aside and the panes share the window.

Turning it off brings back the docks that were open, the tab that was in front, and
their widths (:class:`~xiaomi_reader.gui.dock_sizes.DockSizes`).  Closing the window in
focus mode turns it off first, so the layout saved for next time has its docks.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow

from xiaomi_reader.gui.dock_sizes import DockSizes

__all__ = ["FocusMode"]


class FocusMode(QObject):
    """Hides and restores the docks of ``window``, following the checkable ``action``."""

    def __init__(
        self,
        window: QMainWindow,
        docks: Sequence[QDockWidget],
        sizes: DockSizes,
        action: QAction,
    ) -> None:
        super().__init__(window)
        self._docks = list(docks)
        self._sizes = sizes
        self._action = action
        self._open: list[QDockWidget] = []  # the docks focus mode closed
        self._in_front: list[QDockWidget] = []  # of those, the ones not behind a tab
        window.installEventFilter(self)

    @property
    def active(self) -> bool:
        return self._action.isChecked()

    def set_active(self, on: bool) -> None:
        """Enter (True) or leave (False) focus mode; the action's check mark follows."""
        if self._action.isChecked() != on:
            self._action.setChecked(on)  # its toggled signal comes back here
            return
        if on:
            self._open = [d for d in self._docks if d.isVisible()]
            # A dock behind another's tab counts as visible, but none of it is on screen.
            self._in_front = [d for d in self._open if not d.visibleRegion().isEmpty()]
            for dock in self._open:
                dock.hide()
        else:
            for dock in self._open:
                dock.show()
            # Tabs are rebuilt in the next layout pass: bring the front one forward after it.
            QTimer.singleShot(0, self._raise_front)
            self._open = []
            self._sizes.schedule()

    def _raise_front(self) -> None:
        for dock in self._in_front:
            dock.raise_()
        self._in_front = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self.active:
            self.set_active(False)
        return False
