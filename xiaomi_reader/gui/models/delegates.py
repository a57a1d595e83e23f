"""How a row of the Library list is painted."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from xiaomi_reader.gui.models.articles import ArticleListModel, count_text
from xiaomi_reader.gui.models.roles import AnyIndex


class ArticleItemDelegate(QStyledItemDelegate):
    """Two lines per article: the title, then "date · N annotations" in a muted colour."""

    MARGIN = 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        # Let the style draw the background, focus and selection, then add the two lines.
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = opt.palette.color(text_role)
        first, second = self._line_rects(opt.rect, opt.fontMetrics.lineSpacing())
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(colour)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        elide = Qt.TextElideMode.ElideRight
        painter.drawText(first, flags, opt.fontMetrics.elidedText(title, elide, first.width()))
        painter.setPen(_muted(colour))
        detail = self.secondary_text(index)
        painter.drawText(second, flags, opt.fontMetrics.elidedText(detail, elide, second.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        base = super().sizeHint(option, index)
        height = 2 * option.fontMetrics.lineSpacing() + 2 * self.MARGIN
        # No width of its own: rows take the view's width and long titles elide, instead of
        # the list scrolling sideways.
        return QSize(1, max(base.height(), height))

    @staticmethod
    def secondary_text(index: AnyIndex) -> str:
        date = index.data(ArticleListModel.DateRole) or ""
        count = index.data(ArticleListModel.CountRole) or 0
        return " · ".join(part for part in (date, count_text(count)) if part)

    def _line_rects(self, rect: QRect, line: int) -> tuple[QRect, QRect]:
        inner = rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        first = QRect(inner.left(), inner.top(), inner.width(), line)
        second = QRect(inner.left(), inner.top() + line, inner.width(), line)
        return first, second


def _muted(colour: QColor) -> QColor:
    muted = QColor(colour)
    muted.setAlphaF(0.65)
    return muted
