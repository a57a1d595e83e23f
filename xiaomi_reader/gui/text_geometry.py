"""Where text is in a laid-out QTextDocument: passages' boxes and the lines in a band.

Positions here are Qt's UTF-16 positions and document coordinates; the article pane
converts to code points and to its own coordinates.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLine

__all__ = ["lines_between", "passage_box"]


def passage_box(doc: QTextDocument, lo: int, hi: int) -> QRectF:
    """The bounding box, in document coordinates, of the line pieces covering ``[lo, hi)``."""
    layout = doc.documentLayout()
    box = QRectF()
    block = doc.findBlock(lo)
    while block.isValid() and block.position() < hi:
        origin = layout.blockBoundingRect(block).topLeft()
        lines = block.layout()
        for i in range(lines.lineCount()):
            line = lines.lineAt(i)
            first = block.position() + line.textStart()
            if first >= hi or first + line.textLength() <= lo:
                continue
            x1 = _line_x(line, max(lo, first) - block.position())
            x2 = _line_x(line, min(hi, first + line.textLength()) - block.position())
            piece = QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height())
            box = box.united(piece.translated(origin))
        block = block.next()
    return box


def lines_between(
    doc: QTextDocument, top: float, bottom: float, near_block: int = 0
) -> tuple[int, int, int]:
    """The UTF-16 range of the lines reaching into document y ``[top, bottom)``.

    Returns ``(start, end, first_block_number)``; pass the block number back as
    ``near_block`` next time to start the walk there.  Block rectangles are walked
    rather than hit-tested: a hit test in the margin, or below text not laid out yet,
    lands on an arbitrary block.  Asking for a block's rectangle lays the text out up
    to it, as painting would.
    """
    if doc.pageSize().isNull():
        return (0, 0, 0)  # never laid out (no width yet): nothing is on screen
    rect = doc.documentLayout().blockBoundingRect
    block = doc.findBlockByNumber(max(0, min(near_block, doc.blockCount() - 1)))
    while block.previous().isValid() and rect(block).top() > top:
        block = block.previous()
    while block.next().isValid() and rect(block).bottom() <= top:
        block = block.next()
    first = block
    while block.next().isValid() and rect(block.next()).top() < bottom:
        block = block.next()
    return (_first_line_below(first, top), _end_of_lines_above(block, bottom), first.blockNumber())


def _line_x(line: QTextLine, position: int) -> float:
    """x of a cursor position within a laid-out line (PySide returns ``(x, position)``)."""
    found: object = line.cursorToX(position)
    x = found[0] if isinstance(found, tuple) else found
    assert isinstance(x, int | float)
    return float(x)


def _first_line_below(block: QTextBlock, y: float) -> int:
    """UTF-16 start of the first line of ``block`` whose bottom is below document ``y``."""
    lines = block.layout()
    top = lines.position().y()
    lo, hi = 0, lines.lineCount()
    while lo < hi:  # lines are sorted by y: bisect
        mid = (lo + hi) // 2
        line = lines.lineAt(mid)
        if top + line.y() + line.height() <= y:
            lo = mid + 1
        else:
            hi = mid
    return _line_start(block, lo)


def _end_of_lines_above(block: QTextBlock, y: float) -> int:
    """UTF-16 end of the last line of ``block`` whose top is above document ``y``."""
    lines = block.layout()
    top = lines.position().y()
    lo, hi = 0, lines.lineCount()
    while lo < hi:  # the first line starting at or below y
        mid = (lo + hi) // 2
        if top + lines.lineAt(mid).y() < y:
            lo = mid + 1
        else:
            hi = mid
    return _line_start(block, lo)


def _line_start(block: QTextBlock, index: int) -> int:
    """Where line ``index`` of ``block`` starts; past the last line, the block's end."""
    lines = block.layout()
    if index >= lines.lineCount():
        return block.position() + block.length()
    return block.position() + lines.lineAt(index).textStart()
