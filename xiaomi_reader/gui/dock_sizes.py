"""Dock widths that survive resizes and restarts.

Qt squeezes the docks when the window shrinks and gives every pixel back to the
central widget when it grows, so after a trip to a small size the docks stay narrow
(and are saved narrow).  :class:`DockSizes` knows the width wanted on each side — a
share of the window, or what the reader set by dragging the dock's edge — and gives
it back whenever the window is resized or shown, never more than a third of the
window, so the panes keep most of it.  The widths the reader chose are saved with the
window's settings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow

from xiaomi_reader.gui.window_state import settings

__all__ = ["MAX_SHARE", "DockSizes"]

Area = Qt.DockWidgetArea
# Until the reader drags a dock's edge, each side takes a share of the window, within
# bounds: at 1366 pixels two panes fit beside the docks, at 1920 three.
DEFAULT_SHARES = {Area.LeftDockWidgetArea: 0.15, Area.RightDockWidgetArea: 0.22}
DEFAULT_BOUNDS = {Area.LeftDockWidgetArea: (200, 280), Area.RightDockWidgetArea: (300, 440)}
MAX_SHARE = 1 / 3  # of the window's width, for each side, whatever the reader chose
SETTINGS_KEY = "window/dock_widths"
_NAMES = {Area.LeftDockWidgetArea: "left", Area.RightDockWidgetArea: "right"}


class DockSizes(QObject):
    """Keeps the docks of ``window`` at their wanted widths; see the module doc."""

    def __init__(self, window: QMainWindow, docks: Sequence[QDockWidget]) -> None:
        super().__init__(window)
        self._window = window
        self._docks = list(docks)
        self.wanted = _load()  # the widths the reader chose, side by side
        self._before_drag: dict[Qt.DockWidgetArea, int] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.apply)
        window.installEventFilter(self)

    def width_for(self, area: Qt.DockWidgetArea) -> int:
        """The width a side's docks get in a window as wide as the window is now."""
        width = self._window.width()
        low, high = DEFAULT_BOUNDS[area]
        default = min(max(int(width * DEFAULT_SHARES[area]), low), high)
        return min(self.wanted.get(area, default), int(width * MAX_SHARE))

    def _shown_in(self, area: Qt.DockWidgetArea) -> QDockWidget | None:
        """The dock shown on that side: the one in front when several share it as tabs."""
        docks = [
            dock
            for dock in self._docks
            if dock.isVisible()
            and not dock.isFloating()
            and self._window.dockWidgetArea(dock) == area
        ]
        in_front = [dock for dock in docks if not dock.visibleRegion().isEmpty()]
        shown = in_front or docks
        return shown[0] if shown else None

    def schedule(self) -> None:
        """Give the docks their widths once the current layout pass is over."""
        self._timer.start()

    def apply(self) -> None:
        docks, widths = [], []
        for area in DEFAULT_SHARES:
            dock = self._shown_in(area)
            if dock is not None:
                docks.append(dock)
                widths.append(self.width_for(area))
        if docks:
            self._window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def _shown_widths(self) -> dict[Qt.DockWidgetArea, int]:
        shown = {area: self._shown_in(area) for area in DEFAULT_SHARES}
        return {area: dock.width() for area, dock in shown.items() if dock is not None}

    def save(self) -> None:
        store = settings()
        store.setValue(
            SETTINGS_KEY, json.dumps({_NAMES[a]: width for a, width in self.wanted.items()})
        )
        store.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Resize, QEvent.Type.Show):
            self.apply()  # before the window lays itself out and paints at its new size
        elif kind == QEvent.Type.Close:
            self.save()
        elif kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            # A press on the window itself, on no widget, is on a dock's edge.
            on_edge = self._window.childAt(event.position().toPoint()) is None
            if event.button() == Qt.MouseButton.LeftButton and on_edge:
                self._before_drag = self._shown_widths()
        elif kind == QEvent.Type.MouseButtonRelease and self._before_drag is not None:
            self._note_drag()  # the edge has moved as far as it will: a release moves nothing
        return False

    def _note_drag(self) -> None:
        """The reader dragged a dock's edge: the width it ended at is wanted from now on."""
        before, self._before_drag = self._before_drag or {}, None
        for area, width in self._shown_widths().items():
            if before.get(area) not in (None, width):
                self.wanted[area] = width


def _load() -> dict[Qt.DockWidgetArea, int]:
    """The widths the reader chose, as saved last time; none for anything unreadable."""
    try:
        saved = json.loads(str(settings().value(SETTINGS_KEY, "{}")))
    except ValueError:
        return {}
    if not isinstance(saved, dict):
        return {}
    return {
        area: saved[name]
        for area, name in _NAMES.items()
        if type(saved.get(name)) is int and saved[name] > 0
    }
