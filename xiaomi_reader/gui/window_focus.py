"""F6 and Shift+F6: the keyboard's way between the window's regions.

The regions, in reading order: the Articles list, each pane's text, then the table of
each record dock that is open (Annotations, Links). Docks that share a place show as
tabs, and the one behind is out of sight; F6 brings it to the front on its way, so a dock is
never out of the keyboard's reach.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

__all__ = ["cycle_focus", "focus_regions"]


def focus_regions(
    library: QDockWidget,
    library_view: QWidget,
    texts: Sequence[QWidget],
    tables: Sequence[tuple[QDockWidget, QWidget]],
) -> list[QWidget]:
    """Where F6 goes: the library's list, ``texts``, and each open dock's table."""
    regions: list[QWidget] = [library_view] if _open(library) else []
    regions.extend(texts)
    regions.extend(table for dock, table in tables if _open(dock))
    return regions


def cycle_focus(regions: Sequence[QWidget], step: int) -> None:
    """Focus the region ``step`` away from the one holding the focus (the first if none)."""
    if not regions:
        return
    focused = QApplication.focusWidget()
    current = next(
        (
            i
            for i, region in enumerate(regions)
            if focused is not None and (focused is region or region.isAncestorOf(focused))
        ),
        -1,
    )
    target = regions[(current + step) % len(regions)] if current >= 0 else regions[0]
    dock = _dock_of(target)
    if dock is not None and target.visibleRegion().isEmpty():
        # A tab behind: Qt keeps it "visible", moved out of sight. Bring it to the front.
        dock.raise_()
    target.setFocus(Qt.FocusReason.TabFocusReason)


def _open(dock: QDockWidget) -> bool:
    """Shown in the window, in front or as a tab behind another dock."""
    return dock.toggleViewAction().isChecked()


def _dock_of(widget: QWidget) -> QDockWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent
