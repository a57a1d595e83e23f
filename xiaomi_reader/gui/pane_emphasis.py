"""Passages emphasised for a moment or on demand, drawn over the highlights.

A flash shows where a passage the user asked for is; a counterpart emphasis shows the
other ends of a selected link.  Both are extra selections on the text view, never
character formats, so the highlights underneath stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractAnimation, QObject, QVariantAnimation
from PySide6.QtGui import QBrush, QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from xiaomi_reader.gui.contrast import readable_wash
from xiaomi_reader.gui.highlight_layer import HighlightLayer
from xiaomi_reader.gui.highlights import Rgb
from xiaomi_reader.gui.pane_offsets import TextOffsets
from xiaomi_reader.gui.text_view import ArticleTextView
from xiaomi_reader.gui.theme import page_colours

__all__ = ["PassageEmphasis"]

COUNTERPART_ALPHA = 190  # a linked passage of the selected annotation: clearly stronger
FLASH_MS = 600
FLASH_RGB: Rgb = (255, 196, 0)


def _counterpart_format(rgb: Rgb, palette: QPalette) -> QTextCharFormat:
    """A linked passage: its own colour, stronger, underlined in the selection colour."""
    fmt = QTextCharFormat()
    wash = readable_wash(rgb, COUNTERPART_ALPHA, *page_colours(palette))
    fmt.setBackground(QBrush(QColor(*rgb, wash.alpha)))
    fmt.setForeground(QBrush(QColor(*wash.text)))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(palette.color(QPalette.ColorRole.Highlight))
    return fmt


class PassageEmphasis(QObject):
    """The flash of a passage and the emphasis of linked passages in one text view."""

    def __init__(
        self,
        view: ArticleTextView,
        offsets: TextOffsets,
        highlights: HighlightLayer,
        pane: QWidget,
    ) -> None:
        super().__init__(pane)
        self._view = view
        self._offsets = offsets
        self._highlights = highlights
        self._flash = QVariantAnimation(self)
        self._flash.setDuration(FLASH_MS)
        self._flash.setStartValue(180)
        self._flash.setEndValue(0)
        self._flash_cursor = QTextCursor()
        self._flash.valueChanged.connect(self._paint_flash)
        self._flash.finished.connect(lambda: self._view.setExtraSelections([]))
        # Linked passages stay emphasised through a flash: redrawn after each of its steps.
        self._counterpart_ids: list[int] = []
        self._flash.valueChanged.connect(self._show_counterparts)
        self._flash.finished.connect(self._show_counterparts)

    def flash(self, cursor: QTextCursor) -> None:
        """Flash the passage ``cursor`` selects, fading out."""
        self._flash.stop()
        self._flash_cursor = cursor
        self._flash.start()
        self._paint_flash(self._flash.startValue())  # visible at once, not a tick later

    def flashing(self) -> bool:
        return self._flash.state() == QAbstractAnimation.State.Running

    def stop(self) -> None:
        """Stop a flash and drop every extra selection."""
        self._flash.stop()
        self._view.setExtraSelections([])

    def set_counterparts(self, annotation_ids: Sequence[int]) -> None:
        self._counterpart_ids = list(annotation_ids)
        self._show_counterparts()

    def _paint_flash(self, alpha: int) -> None:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._flash_cursor
        fmt = QTextCharFormat()
        palette = self._view.palette()
        wash = readable_wash(FLASH_RGB, int(alpha), *page_colours(palette))
        fmt.setBackground(QBrush(QColor(*FLASH_RGB, wash.alpha)))
        fmt.setForeground(QBrush(QColor(*wash.text)))
        selection.format = fmt
        self._view.setExtraSelections([selection])

    def _show_counterparts(self, *_args: object) -> None:
        selections = []
        pane = self.parent()  # not kept in an attribute: that would be a reference cycle
        palette = pane.palette() if isinstance(pane, QWidget) else self._view.palette()
        for annotation_id in self._counterpart_ids:
            span = self._highlights.span_of(annotation_id)
            if span is not None:
                rgb = self._highlights.colour_of(annotation_id)
                selection = QTextEdit.ExtraSelection()
                selection.cursor = self._offsets.cursor(span[0], span[1])
                selection.format = _counterpart_format(rgb, palette)
                selections.append(selection)
        if self.flashing():
            self._paint_flash(self._flash.currentValue())
            selections.extend(self._view.extraSelections())
        self._view.setExtraSelections(selections)
