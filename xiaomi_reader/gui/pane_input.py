"""What the reader does in an article's text: tag keys, the tag bar, clicks, menus, tips.

:class:`PaneInput` turns keys and mouse gestures on the text view into requests (tag
this passage, delete these annotations); it changes nothing itself.  Selections and
positions are code points, read through :class:`TextOffsets`.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QKeyCombination, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QHelpEvent, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.highlight_layer import HighlightLayer
from xiaomi_reader.gui.pane_bars import TagBar, chip_icon, tag_colour
from xiaomi_reader.gui.pane_offsets import TextOffsets
from xiaomi_reader.gui.text_view import ArticleTextView

__all__ = ["PaneInput"]


class PaneInput(QObject):
    """Keys, clicks, the selection's tag bar and the context menu of one article pane."""

    tagRequested = Signal(int, int, int, int)  # article_id, start_cp, end_cp, tag_id
    annotationsActivated = Signal(list)  # annotation ids under a plain click
    deleteRequested = Signal(list)  # annotation ids the user asked to delete
    focused = Signal()  # the text view received focus

    def __init__(
        self,
        view: ArticleTextView,
        offsets: TextOffsets,
        highlights: HighlightLayer,
        tag_bar: TagBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._offsets = offsets
        self._highlights = highlights
        self._tag_bar = tag_bar
        self._bar_wanted = False  # a fresh mouse selection has the tag bar, in view or not
        self._tags: dict[int, records.Tag] = {}
        self._shortcuts: list[tuple[QKeySequence, int]] = []
        self.read_only = False  # an earlier version: read, never tagged or deleted from
        # Kept, not asked of the view: the viewport's last events come while the view is
        # being deleted (closing a pane), when asking it would raise.
        self._viewport = view.viewport()
        view.installEventFilter(self)
        self._viewport.installEventFilter(self)

    def _pane(self) -> QWidget:
        # The tag bar floats in the pane; asked each time, as an attribute holding the
        # pane would keep it alive in a reference cycle after Qt deleted it.
        pane = self._tag_bar.parentWidget()
        assert pane is not None  # the tag bar is made inside the pane
        return pane

    def set_tags(self, tags: Mapping[int, records.Tag]) -> None:
        self._tags = dict(tags)
        self._shortcuts = [
            (QKeySequence(tag.shortcut), tag.id) for tag in self._tags.values() if tag.shortcut
        ]
        self._tag_bar.set_tags(list(self._tags.values()))

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code points ``(start, end)``, or None when nothing is selected."""
        if self._highlights.article_id is None:
            return None
        return self._offsets.selection()

    # -- keys --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._view:
            if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
                assert isinstance(event, QKeyEvent)
                return self._handle_key(event, act=kind == QEvent.Type.KeyPress)
            if kind == QEvent.Type.FocusIn:
                assert isinstance(event, QFocusEvent)
                self.focused.emit()
        elif watched is self._viewport and kind == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            self._show_tooltip(event)
            return True
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent, *, act: bool) -> bool:
        """Tag shortcuts, Delete and Esc; ``act`` False only claims the key (override)."""
        if self.read_only:
            return False
        selection = self.selected_range()
        tag_id = self._tag_for_key(event)
        if tag_id is not None and selection is not None:
            if act:
                self.tag_selection(tag_id)
            else:
                event.accept()
            return True
        passage = self._innermost_at_caret() if tag_id is not None else None
        article_id = self._highlights.article_id
        if tag_id is not None and passage is not None and article_id is not None:
            # No selection but the caret is in a highlight: the tag goes to that passage.
            if act:
                self.tagRequested.emit(article_id, passage[0], passage[1], tag_id)
            else:
                event.accept()
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selection is None:
            ids = self._ids_at_caret()
            if ids:
                if act:
                    self.deleteRequested.emit(ids)
                else:
                    event.accept()
                return True
        if event.key() == Qt.Key.Key_Escape and self._tag_bar.isVisible():
            if act:
                self.hide_tag_bar()
            else:
                event.accept()
            return True
        return False

    def _tag_for_key(self, event: QKeyEvent) -> int | None:
        # A keypad "1" is still "1".
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))
        for sequence, tag_id in self._shortcuts:
            if sequence == pressed:
                return tag_id
        return None

    def _ids_at_caret(self) -> list[int]:
        if self._highlights.article_id is None:
            return []
        cp = self._offsets.caret()
        # The character after the caret, else the one before (caret at a highlight's end).
        ids_at = self._highlights.ids_at
        return ids_at(cp) or (ids_at(cp - 1) if cp else [])

    def _innermost_at_caret(self) -> tuple[int, int] | None:
        spans = [self._highlights.span_of(i) for i in self._ids_at_caret()]
        drawn = [span for span in spans if span is not None]
        if not drawn:
            return None
        start, end = min(drawn, key=lambda span: span[1] - span[0])[:2]
        return start, end

    def tag_selection(self, tag_id: int) -> None:
        """Ask for the selection to be tagged with ``tag_id`` (from a key, bar or menu)."""
        selection = self.selected_range()
        self.hide_tag_bar()
        article_id = self._highlights.article_id
        if selection is not None and article_id is not None:
            self.tagRequested.emit(article_id, selection[0], selection[1], tag_id)
            # Drop the selection so the new highlight shows; the caret stays at its start,
            # so another tag key adds that tag to the same passage.
            caret = self._view.textCursor()
            caret.setPosition(caret.selectionStart())
            self._view.setTextCursor(caret)

    # -- mouse ---------------------------------------------------------------------------

    def on_click(self, pos: QPoint) -> None:
        cp = self._offsets.cp_at(pos)
        ids = self._highlights.ids_at(cp) if cp is not None else []
        if ids:
            self.annotationsActivated.emit(ids)

    def on_selection_changed(self) -> None:
        if not self._view.textCursor().hasSelection():
            self.hide_tag_bar()

    def show_tag_bar(self) -> None:
        """Float the tag bar under a fresh mouse selection."""
        wanted = not self.read_only and bool(self._tags)
        self._bar_wanted = wanted and self.selected_range() is not None
        self.place_tag_bar()

    def hide_tag_bar(self) -> None:
        """Put the tag bar away until the next mouse selection."""
        self._bar_wanted = False
        self._tag_bar.hide()

    def place_tag_bar(self, *_args: object) -> None:
        """Keep the tag bar by its selection as the text scrolls: under it (above it near
        the pane's bottom), out of sight while the selection is, and back when it returns."""
        bar, view, pane = self._tag_bar, self._view, self._pane()
        if not self._bar_wanted or self.selected_range() is None:
            bar.hide()
            return
        end = QTextCursor(view.textCursor())
        end.setPosition(view.textCursor().selectionEnd())
        rect = view.cursorRect(end)
        if not view.viewport().rect().intersects(rect):
            bar.hide()
            return
        bar.fit_width(pane.width())
        below = view.viewport().mapTo(pane, rect.bottomLeft()) + QPoint(0, 6)
        above = view.viewport().mapTo(pane, rect.topLeft()) - QPoint(0, bar.height() + 6)
        spot = below if below.y() + bar.height() <= pane.height() else above
        x = max(0, min(spot.x() - bar.width() // 2, pane.width() - bar.width()))
        bar.move(x, max(0, spot.y()))
        bar.raise_()
        bar.show()

    def _show_tooltip(self, event: QHelpEvent) -> None:
        cp = self._offsets.cp_at(event.pos())
        text = self._highlights.tooltip_text(cp) if cp is not None else ""
        if not text:
            QToolTip.hideText()
            event.ignore()
            return
        import html  # here: the first paint of the window need not wait for it

        rich = "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"
        QToolTip.showText(event.globalPos(), rich, self._view.viewport())

    def context_menu(self, viewport_pos: QPoint) -> QMenu:
        """The text view's context menu for a click at ``viewport_pos``."""
        menu = self._view.createStandardContextMenu()
        menu.setParent(self._pane(), menu.windowFlags())
        if self.read_only:
            return menu
        has_selection = self.selected_range() is not None
        menu.addSection("Tag selection as")
        for tag in self._tags.values():
            label = f"{tag.name}\t{tag.shortcut}" if tag.shortcut else tag.name
            action = menu.addAction(chip_icon(tag_colour(tag)), label)
            action.setEnabled(has_selection)
            action.triggered.connect(lambda _c=False, tid=tag.id: self.tag_selection(tid))
        cp = self._offsets.cp_at(viewport_pos)
        ids = self._highlights.ids_at(cp) if cp is not None else []
        if ids:
            menu.addSeparator()
            text = "Delete annotation" if len(ids) == 1 else f"Delete {len(ids)} annotations"
            delete = menu.addAction(text)
            delete.triggered.connect(lambda _c=False: self.deleteRequested.emit(ids))
        return menu

    def exec_context_menu(self, viewport_pos: QPoint, global_pos: QPoint) -> None:
        menu = self.context_menu(viewport_pos)
        menu.exec(global_pos)
        menu.deleteLater()
