"""A read-only library in the window: a banner above the panes, the writing actions off.

The library refuses every write itself (with the reason and what to do); the window
says so up front, so that nobody annotates for a while before finding out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from xiaomi_reader.gui.main_window import MainWindow
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


def writing_actions(window: MainWindow) -> list[QAction]:
    """The window's actions that change the library."""
    return [
        window.import_action,
        window.import_annotations_action,
        window.restore_action,
        window.delete_action,
        window.link_action,
        window.tags_action,
        window.tag_as_menu.menuAction(),
    ]


def show_read_only(window: MainWindow, info: ReadOnly, area: QVBoxLayout) -> ReadOnlyBanner:
    """Put the banner at the top of ``area`` and turn off what would write."""
    banner = ReadOnlyBanner(info)
    area.insertWidget(0, banner)
    banner.show()  # at once, even when the window is already on screen
    tip = f"{banner_text(info.reason)} {advice_text(info)}"
    for action in writing_actions(window):
        action.setEnabled(False)
        action.setToolTip(tip)
        action.setStatusTip(tip)
    for note in (window.annotations_dock.note, window.links_dock.note):
        note.setReadOnly(True)
        note.setToolTip(tip)
    where = window.library.path or "database"
    window.statusBar().showMessage(f"Library: {where} (read-only)")
    return banner
