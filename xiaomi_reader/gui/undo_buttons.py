"""The toolbar's Undo and Redo buttons: steady labels, and tooltips that name the change.

The undo stack's own actions change their text with every action ("Undo Annotate “…”").
A tool button showing such an action takes each change as a new look: it asks the
toolbar to lay out again, and the toolbar the whole main window, every dock included.
So the toolbar shows actions of its own, labelled "Undo" and "Redo" for good, enabled
when the stack's are and doing what they do; the tooltip, worked out when it is shown,
names the change as the Edit menu does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QToolBar, QToolTip, QWidget

__all__ = ["UndoButtons"]


class UndoButtons(QObject):
    """Adds buttons for the stack's ``undo`` and ``redo`` actions to ``toolbar``."""

    def __init__(self, toolbar: QToolBar, undo: QAction, redo: QAction) -> None:
        super().__init__(toolbar)
        self._named: dict[QWidget, QAction] = {}
        for stack_action, label in ((undo, "Undo"), (redo, "Redo")):
            action = QAction(label, self)
            action.setEnabled(stack_action.isEnabled())
            stack_action.enabledChanged.connect(action.setEnabled)
            action.triggered.connect(stack_action.trigger)
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            button.installEventFilter(self)
            self._named[button] = stack_action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget) and event.type() == QEvent.Type.ToolTip:
            stack_action = self._named.get(watched)
            if stack_action is not None:
                assert isinstance(event, QHelpEvent)
                QToolTip.showText(event.globalPos(), stack_action.toolTip(), watched)
                return True
        return super().eventFilter(watched, event)
