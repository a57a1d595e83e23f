"""The least any annotator window does to show a new annotation: the floor of the figure.

``create_annotation_10k``'s baseline (a raw insert and one ``mergeCharFormat`` on a
document no one looks at) repaints nothing. A window that shows the new highlight and
lists the new annotation must, at the least, lay out the changed paragraph, repaint
it, insert a row into a table of 10,000 and repaint that table. This does exactly that
with stock Qt pieces: a ``QTextEdit`` and a ``QTableView`` over a
``QStandardItemModel`` (both C++), filled as the product's pane and Annotations
table (the text with the highlights already there, the table with the same cells,
the new row's included) and with viewports of the same size, so that they lay out
and paint as much; plus the same raw insert as the baseline. The text is set as the
pane sets it — its reading font, margin and line height — since that decides how much
text a changed paragraph lays out again (twice as much as in Qt's default font here).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import (
    QStandardItem,
    QStandardItemModel,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core.anchoring import OffsetMap

SETTLE_PASSES = 3  # as figures.py settles the product's window


class BareAnnotator:
    """A text and a table of annotations, nothing else."""

    def __init__(
        self,
        text: str,
        rows: Sequence[Sequence[str]],
        row_keys: Sequence[tuple[str, int, int]],
        text_size: QSize,
        table_size: QSize,
        insert: Callable[[int, int, int], None],
        looks_like: QTextDocument,
        new_row: Callable[[str], Sequence[str]],
    ) -> None:
        """``rows``: the table's cells; ``row_keys``: each row's place in reading order;
        the text is shown in the font, margin and line height of ``looks_like``;
        ``new_row`` gives a new annotation's cells from its quote, as the product lists it."""
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        self.edit = QTextEdit()
        self.edit.setReadOnly(True)
        self.edit.setFont(looks_like.defaultFont())
        self.edit.setPlainText(text)
        document = self.edit.document()
        document.setDocumentMargin(looks_like.documentMargin())
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(looks_like.firstBlock().blockFormat())
        self.model = QStandardItemModel(0, len(rows[0]) if rows else 4)
        for cells in rows:
            self.model.appendRow([QStandardItem(cell) for cell in cells])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        layout.addWidget(self.edit)
        layout.addWidget(self.table)
        self._keys = list(row_keys)
        self._text = text
        self._offsets = OffsetMap(text)
        self._insert = insert
        self._new_row = new_row
        self.widget.show()
        _size_viewport(self.edit, text_size)
        _size_viewport(self.table, table_size)
        self.edit.document().documentLayout().documentSize()  # laid out, as the pane's is
        QApplication.processEvents()

    def highlight(self, spans: Sequence[tuple[int, int, QTextCharFormat]]) -> None:
        """Draw the highlights already there (``start``, ``end`` in code points, and the
        format), as the product shows them before a new one is made: a paragraph laid
        out again carries all of them."""
        cursor = QTextCursor(self.edit.document())
        cursor.beginEditBlock()
        for start, end, fmt in spans:
            cursor.setPosition(self._offsets.to_utf16(start))
            cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
        QApplication.processEvents()

    def viewport_sizes(self) -> tuple[QSize, QSize]:
        return self.edit.viewport().size(), self.table.viewport().size()

    def annotate(
        self, start: int, end: int, tag_id: int, fmt: QTextCharFormat, key: tuple[str, int, int]
    ) -> None:
        """Store the annotation, highlight it, list it, and let Qt paint what changed."""
        self._insert(start, end, tag_id)
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
        row = bisect.bisect(self._keys, key)
        self._keys.insert(row, key)
        quote = " ".join(self._text[start:end].split())
        self.model.insertRow(row, [QStandardItem(c) for c in self._new_row(quote)])
        self.edit.viewport().repaint()  # as the product's figure asks of its pane
        for _ in range(SETTLE_PASSES):  # the table lays out on a zero timer, then paints
            QApplication.processEvents()

    def close(self) -> None:
        self.widget.hide()
        self.widget.deleteLater()
        QApplication.processEvents()


def _size_viewport(view: QAbstractScrollArea, size: QSize) -> None:
    """Give ``view`` a viewport of ``size``: what it paints is its viewport, so that is
    what must match the product's (its frame, header and scroll bars come on top)."""
    view.setFixedSize(size)
    QApplication.processEvents()  # scroll bars and header take their room
    for _ in range(3):  # a scroll bar shown or hidden changes the room once more
        shown = view.viewport().size()
        if shown == size:
            return
        view.setFixedSize(view.size() + size - shown)
        QApplication.processEvents()
