"""A read-only library in the window: a banner above the panes, the writing actions off.

The library refuses every write itself (with the reason and what to do); the window
says so up front, so that nobody annotates for a while before finding out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from xiaomi_reader.store.access import ReadOnly

# Fixed colours for text and background alike, so that it reads the same in a dark theme.
_STYLE = """
QFrame#ReadOnlyBanner { background: #fff3cd; border-bottom: 1px solid #e0b84c; }
QFrame#ReadOnlyBanner QLabel { color: #4d3800; background: transparent; }
"""


def banner_text(reason: str) -> str:
    return f"This library is read-only: {reason}. Export still works."


def advice_text(info: ReadOnly) -> str:
    return f"To annotate, {info.remedy}. No backup is made while nothing can change it."


class ReadOnlyBanner(QFrame):
    """The message bar across the top of the reading area."""

    def __init__(self, info: ReadOnly, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadOnlyBanner")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Read-only library")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.message = QLabel(banner_text(info.reason))
        self.message.setWordWrap(True)
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)
        self.advice = QLabel(advice_text(info))
        self.advice.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.message)
        layout.addWidget(self.advice)
        self.setAccessibleDescription(f"{self.message.text()} {self.advice.text()}")

    def text(self) -> str:
        return self.message.text()


def show_read_only(
    info: ReadOnly,
    area: QVBoxLayout,
    writing: Sequence[QAction],
    notes: Sequence[QPlainTextEdit],
) -> ReadOnlyBanner:
    """Put the banner at the top of ``area``; turn off the ``writing`` actions and ``notes``."""
    banner = ReadOnlyBanner(info)
    area.insertWidget(0, banner)
    banner.show()  # at once, even when the window is already on screen
    tip = f"{banner_text(info.reason)} {advice_text(info)}"
    for action in writing:
        action.setEnabled(False)
        action.setToolTip(tip)
        action.setStatusTip(tip)
    for note in notes:
        note.setReadOnly(True)
        note.setToolTip(tip)
    return banner
