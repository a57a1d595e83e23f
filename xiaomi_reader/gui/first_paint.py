"""Run something once a widget has painted for the first time.

Start-up shows the window first and does what is not needed to show it afterwards;
"afterwards" is the end of the first paint pass, not a timer (a zero timer runs before it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # Once the pass that paints the window is over; never after the widget is gone.
            QTimer.singleShot(0, self, self._then)
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` from the event loop once ``widget`` has painted."""
    _FirstPaint(widget, then)
