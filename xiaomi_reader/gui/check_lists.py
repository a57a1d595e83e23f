"""Check lists with All/None buttons and quiet explanations, as the export dialog uses them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def description(text: str, buddy: QRadioButton | None = None) -> QLabel:
    """A one-line explanation in small, quiet type, indented under its radio button."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    if buddy is not None:
        label.setIndent(24)
        label.setMaximumWidth(280)
        label.setContentsMargins(0, 0, 0, 6)
        label.setAccessibleDescription(text)
        buddy.setAccessibleDescription(text)
    return label


class _CheckList(QTreeWidget):
    """A flat list with a check box per row, asking for room for ``rows`` rows."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self._rows = rows

    def sizeHint(self) -> QSize:
        row = self.fontMetrics().height() + 4
        return QSize(super().sizeHint().width(), row * (self._rows + 1) + 2 * self.frameWidth())


def checklist(name: str, headers: Sequence[str], *, rows: int) -> QTreeWidget:
    """A check list with right-aligned number columns after the name."""
    view = _CheckList(rows)
    view.setAccessibleName(name)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAllColumnsShowFocus(True)
    view.setHeaderLabels(list(headers))
    header = view.header()
    header.setAccessibleName(f"{name}: columns")
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return view


def check_item(item_id: int, *texts: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem(list(texts))
    item.setData(0, ID_ROLE, item_id)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(0, Qt.CheckState.Checked)
    return item


def all_none(view: QTreeWidget, changed: Callable[[], None]) -> tuple[QPushButton, QPushButton]:
    all_button = QPushButton("All")
    none_button = QPushButton("None")
    all_button.clicked.connect(lambda: _check_all(view, Qt.CheckState.Checked, changed))
    none_button.clicked.connect(lambda: _check_all(view, Qt.CheckState.Unchecked, changed))
    # Connected after the items exist, so filling the list does not recount the scope.
    view.itemChanged.connect(changed)
    return all_button, none_button


def list_box(
    title: str,
    view: QTreeWidget,
    all_button: QPushButton,
    none_button: QPushButton,
    hint: QLabel | None = None,
) -> QGroupBox:
    buttons = QHBoxLayout()
    buttons.addWidget(all_button)
    buttons.addWidget(none_button)
    if hint is not None:
        buttons.addWidget(hint, 1)
    else:
        buttons.addStretch(1)
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(view, 1)
    layout.addLayout(buttons)
    return box


def items(view: QTreeWidget, *, checked: bool | None = None) -> Iterable[QTreeWidgetItem]:
    for row in range(view.topLevelItemCount()):
        item = view.topLevelItem(row)
        if item is None:
            continue
        if checked is None or (item.checkState(0) == Qt.CheckState.Checked) == checked:
            yield item


def checked_ids(view: QTreeWidget) -> list[int]:
    return [int(item.data(0, ID_ROLE)) for item in items(view, checked=True)]


def set_checked(view: QTreeWidget, item_id: int, checked: bool) -> None:
    for item in items(view):
        if item.data(0, ID_ROLE) == item_id:
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return
    raise KeyError(item_id)


def _check_all(view: QTreeWidget, state: Qt.CheckState, changed: Callable[[], None]) -> None:
    # One scope update at the end instead of one per item.
    view.blockSignals(True)
    try:
        for item in items(view):
            item.setCheckState(0, state)
    finally:
        view.blockSignals(False)
    changed()
