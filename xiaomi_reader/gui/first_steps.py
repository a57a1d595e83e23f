"""The "Getting started" strip above the panes: the three moves worth knowing first.

It shows until the reader dismisses it; the dismissal is remembered with the window's
settings.  The keys it names are read from the tags and actions themselves, so the
strip says what the window really answers to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.window_state import settings

if TYPE_CHECKING:
    from xiaomi_reader.gui.window_menus import WindowMenus

__all__ = ["GettingStarted", "getting_started_text", "show_getting_started"]

DISMISSED_KEY = "first_steps/dismissed"
NBSP = "\N{NO-BREAK SPACE}"


def _keys(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def getting_started_text(
    tags: Sequence[records.Tag], link_action: QAction, export_action: QAction
) -> str:
    """ "Select a passage, then press 1 (Claim) or 2 (Contradiction) · L links …"."""
    keyed = sorted((t for t in tags if t.shortcut), key=lambda t: t.shortcut or "")[:2]
    if keyed:
        choices = " or ".join(f"{t.shortcut} ({t.name})" for t in keyed)
        tagging = f"Select a passage, then press {choices} to tag it"
    else:
        tagging = "Select a passage, then pick a tag from the bar that appears"
    moves = [
        tagging,
        _whole(f"{_keys(link_action)} links it to another passage"),
        _whole(f"{_keys(export_action)} exports a report"),
    ]
    # A narrow window wraps the strip after a "·", not inside a short move.
    return f"{NBSP}{NBSP}·  ".join(moves)


def _whole(move: str) -> str:
    return move.replace(" ", NBSP)


class GettingStarted(QFrame):
    """A one-line strip with the first moves and a button that dismisses it for good."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GettingStarted")
        self.setAccessibleName("Getting started")
        self.setAccessibleDescription(text)
        # The palette's own colours: it reads the same in a light or a dark theme.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel("<b>Getting started</b>", self)
        self.moves = QLabel(text, self)
        self.moves.setTextFormat(Qt.TextFormat.PlainText)
        self.moves.setWordWrap(True)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss: this strip will not show again")
        self.close_button.setAccessibleName("Dismiss getting started")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 4, 4)
        layout.addWidget(heading)
        layout.addWidget(self.moves, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

    def dismiss(self) -> None:
        store = settings()
        store.setValue(DISMISSED_KEY, True)
        store.sync()
        self.hide()
        self.deleteLater()


def show_getting_started(
    area: QVBoxLayout, tags: Sequence[records.Tag], menus: WindowMenus
) -> GettingStarted | None:
    """Put the strip at the top of ``area``, unless the reader dismissed it before."""
    if str(settings().value(DISMISSED_KEY, "false")).lower() == "true":
        return None
    strip = GettingStarted(getting_started_text(tags, menus.link_action, menus.export_action))
    area.insertWidget(0, strip)
    return strip
