"""The shapes of connector lines, from rectangles already in the overlay's coordinates.

Four shapes, each with end markers (a dot at passage A, an arrow head at passage B):

- a *curve* between passages in different panes, like a diff tool joining blocks;
- a *bracket* in a pane's right margin when both passages are in that pane;
- a *stub* when only one end is on screen: from the passage it runs toward the other
  end's pane and stops at its top or bottom edge in an arrow pointing the way the other
  passage lies (up if scrolled away above, down if below);
- a *margin stub*: the same within one pane, a bracket leg running off the top or bottom.

No widgets here: plain geometry, so each shape can be reasoned about on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from xiaomi_reader.core import records
from xiaomi_reader.core.colours import colours

__all__ = ["LINK_COLOURS", "Connector", "MarginSlots", "Shapes"]

LINK_COLOURS: dict[records.LinkType, str] = colours().link_types
ARROW_LENGTH = 10.0
ARROW_HALF_WIDTH = 5.0
MARGIN_INSET = 9  # the same-pane bracket's distance from the text's right edge
MARGIN_STEP = 5  # brackets in one pane step outward so they do not sit on each other
MARGIN_SLOTS = 3
CORNER = 7.0
EDGE_GAP = 2.0  # a stub's arrow stops this far inside the pane's edge, so it shows whole
STUB_INSET = float(MARGIN_INSET)  # a stub runs down the margin of the pane it points into


@dataclass(frozen=True)
class Connector:
    link: records.Link
    start: QPointF  # at passage A, or where the line leaves the screen toward it
    end: QPointF  # at passage B, likewise
    line: QPainterPath  # the part drawn solid
    leaders: QPainterPath  # dotted leaders from passages to a margin line (same pane)
    arrows: tuple[QPolygonF, ...]  # filled arrow heads: at B, and off screen
    dot: QPointF | None  # passage A's end, when A is on screen

    def bounds(self) -> QRectF:
        rect = self.line.boundingRect().united(self.leaders.boundingRect())
        for arrow in self.arrows:
            rect = rect.united(arrow.boundingRect())
        return rect


class MarginSlots:
    """Which margin column each bracket in a pane takes, so overlapping ones sit apart."""

    def __init__(self) -> None:
        self._taken: dict[int, list[tuple[float, float, int]]] = {}

    def x(self, pane_key: int, right: int, top: float, bottom: float) -> float:
        """The x of a new bracket spanning [top, bottom] in the pane whose text ends at right."""
        taken = self._taken.setdefault(pane_key, [])
        busy = {slot for t, b, slot in taken if t <= bottom + CORNER and b >= top - CORNER}
        slot = next((n for n in range(MARGIN_SLOTS) if n not in busy), len(taken) % MARGIN_SLOTS)
        taken.append((top, bottom, slot))
        return right - MARGIN_INSET + (slot - 1) * MARGIN_STEP


class Shapes:
    """Makes each kind of connector for one link."""

    def __init__(self, link: records.Link) -> None:
        self.link = link

    def curve(self, a: QRect, b: QRect) -> Connector:
        """An S-curve from the side of A facing B to the side of B facing A."""
        rightward = a.center().x() <= b.center().x()
        start = QPointF(a.right() if rightward else a.left(), a.center().y())
        end = QPointF(b.left() if rightward else b.right(), b.center().y())
        middle = (start.x() + end.x()) / 2
        path = QPainterPath(start)
        path.cubicTo(QPointF(middle, start.y()), QPointF(middle, end.y()), end)
        arrow = arrow_head(end, QPointF(1.0 if rightward else -1.0, 0.0))
        return Connector(self.link, start, end, path, QPainterPath(), (arrow,), start)

    def bracket(self, x: float, a: QRect, b: QRect) -> Connector:
        """A bracket at ``x`` in a pane's right margin, with dotted leaders to both passages."""
        start = QPointF(a.right(), a.center().y())
        end = QPointF(b.right(), b.center().y())
        top, bottom = start.y(), end.y()
        if abs(bottom - top) < 2 * CORNER:  # on one line: open the bracket up around it
            sign = 1 if bottom >= top else -1
            middle = (top + bottom) / 2
            top, bottom = middle - sign * CORNER, middle + sign * CORNER
        turn = CORNER if bottom > top else -CORNER
        line = QPainterPath(QPointF(x - CORNER, top))
        line.quadTo(QPointF(x, top), QPointF(x, top + turn))
        line.lineTo(QPointF(x, bottom - turn))
        line.quadTo(QPointF(x, bottom), QPointF(x - CORNER, bottom))
        leaders = QPainterPath(start)
        leaders.lineTo(QPointF(x - CORNER, top))
        leaders.moveTo(QPointF(x - CORNER, bottom))
        leaders.lineTo(end)
        arrow = arrow_head(end, QPointF(-1.0, 0.0))
        return Connector(self.link, start, end, line, leaders, (arrow,), start)

    def stub(self, seen: QRect, seen_is_a: bool, other_pane: QRect, side: int) -> Connector:
        """From the passage on screen toward the other pane's top (``side`` -1) or bottom."""
        rightward = seen.center().x() <= other_pane.center().x()
        near = QPointF(seen.right() if rightward else seen.left(), seen.center().y())
        x = other_pane.left() + STUB_INSET if rightward else other_pane.right() - STUB_INSET
        edge = _edge_point(x, other_pane, side)
        path = QPainterPath(near)
        path.quadTo(QPointF(edge.x(), near.y()), edge)
        away = arrow_head(edge, QPointF(0.0, float(side)))
        into = QPointF(-1.0 if rightward else 1.0, 0.0)  # from the line into passage B
        return self._one_end(near, edge, seen_is_a, path, QPainterPath(), away, into)

    def margin_stub(
        self, x: float, seen: QRect, seen_is_a: bool, viewport: QRect, side: int
    ) -> Connector:
        """A bracket leg in the margin from the passage to the viewport's top or bottom."""
        near = QPointF(seen.right(), seen.center().y())
        edge = _edge_point(x, viewport, side)
        turn = CORNER * side
        line = QPainterPath(QPointF(x - CORNER, near.y()))
        line.quadTo(QPointF(x, near.y()), QPointF(x, near.y() + turn))
        line.lineTo(edge)
        leaders = QPainterPath(near)
        leaders.lineTo(QPointF(x - CORNER, near.y()))
        away = arrow_head(edge, QPointF(0.0, float(side)))
        return self._one_end(near, edge, seen_is_a, line, leaders, away, QPointF(-1.0, 0.0))

    def _one_end(
        self,
        near: QPointF,
        edge: QPointF,
        seen_is_a: bool,
        line: QPainterPath,
        leaders: QPainterPath,
        away: QPolygonF,
        into: QPointF,
    ) -> Connector:
        if seen_is_a:
            return Connector(self.link, near, edge, line, leaders, (away,), near)
        arrows = (away, arrow_head(near, into))
        return Connector(self.link, edge, near, line, leaders, arrows, None)


def _edge_point(x: float, rect: QRect, side: int) -> QPointF:
    """Where a line toward ``side`` (-1 up, 1 down) meets ``rect``'s edge, just inside it."""
    y = rect.top() + EDGE_GAP if side < 0 else rect.bottom() - EDGE_GAP
    return QPointF(x, y)


def arrow_head(tip: QPointF, direction: QPointF) -> QPolygonF:
    """A filled arrow head whose point is at ``tip``, pointing along ``direction``."""
    length = math.hypot(direction.x(), direction.y()) or 1.0
    dx, dy = direction.x() / length, direction.y() / length
    base = QPointF(tip.x() - dx * ARROW_LENGTH, tip.y() - dy * ARROW_LENGTH)
    side = QPointF(-dy * ARROW_HALF_WIDTH, dx * ARROW_HALF_WIDTH)
    return QPolygonF([tip, base + side, base - side])
