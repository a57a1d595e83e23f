"""Making a link with keys and mouse: pick passage A, then passage B, then the type.

:class:`LinkFlow` is a small state machine.  Started from an annotation (or a fresh
selection, which becomes one), it waits for passage B: a click on a highlight in any
pane, a passage tagged in any pane, or a selection confirmed with Enter (or L).  Then a
small non-modal chooser asks for the type (buttons, or keys 1–4).  Esc cancels at any
step.  Nothing blocks: each step is a method call, so tests (and the window) drive it
without a nested event loop.  Every step's prompt is sent through :attr:`message`.

While idle, tagging a passage as Contradiction only suggests (through :attr:`message`)
pressing L to link it; nothing starts by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QToolButton, QWidget
from shiboken6 import isValid

from xiaomi_reader.core import records
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.connectors import LINK_COLOURS
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.models import colour_chip
from xiaomi_reader.gui.pane_bars import FindBar

__all__ = ["TYPE_KEYS", "TYPE_KEYS_TEXT", "LinkFlow", "LinkTypeChooser", "Step"]

TYPE_KEYS = {
    Qt.Key.Key_1: records.LinkType.CONTRADICTS,
    Qt.Key.Key_2: records.LinkType.SUPPORTS,
    Qt.Key.Key_3: records.LinkType.SAME_CLAIM,
    Qt.Key.Key_4: records.LinkType.CORRECTS,
}
# "1 contradicts, 2 supports, 3 same claim, 4 corrects", as the prompt and Help say it.
TYPE_KEYS_TEXT = ", ".join(f"{chr(key.value)} {kind.value}" for key, kind in TYPE_KEYS.items())
CONFIRM_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_L)
CONTRADICTION_TAG = "contradiction"  # tagging with it offers (never forces) a link
QUOTE_CHARS = 40


class Step(Enum):
    IDLE = "idle"
    TARGET = "choose passage B"
    TYPE = "choose the type"


def _quote(annotation: records.Annotation | None) -> str:
    if annotation is None:
        return "…"
    text = " ".join(annotation.exact.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


class LinkTypeChooser(QFrame):
    """A row of link-type buttons floating in the window (a child, not a popup)."""

    chosen = Signal(str)  # a LinkType value
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("linkTypeChooser")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Choose the link type")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(2)
        layout.addWidget(QLabel("Link as:", self))
        self.buttons: dict[records.LinkType, QToolButton] = {}
        for key, link_type in TYPE_KEYS.items():
            number = chr(key.value)
            button = self._button(f"{number} {link_type.value.capitalize()}")
            button.setIcon(colour_chip(LINK_COLOURS[link_type]))
            button.setToolTip(f"Link as “{link_type.value}” ({number})")
            button.clicked.connect(lambda _c=False, t=link_type: self.chosen.emit(t.value))
            self.buttons[link_type] = button
            layout.addWidget(button)
        self.cancel_button = self._button("Cancel")
        self.cancel_button.setToolTip("Do not link (Esc)")
        self.cancel_button.clicked.connect(self.cancelled)
        layout.addWidget(self.cancel_button)
        self.hide()

    def _button(self, text: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        # Clicking must not take the focus (and the caret) away from the text.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def show_near(self, point: QPoint | None) -> None:
        """Show below ``point`` (parent coordinates), or centred, inside the parent."""
        parent = self.parentWidget()
        assert parent is not None  # made as a child of the window
        self.adjustSize()
        if point is None:
            point = QPoint(parent.width() // 2, parent.height() // 2)
        x = max(0, min(point.x() - self.width() // 2, parent.width() - self.width()))
        y = max(0, min(point.y() + 6, parent.height() - self.height()))
        self.move(x, y)
        self.raise_()
        self.show()


class LinkFlow(QObject):
    """See the module docstring.  ``host`` is the window the chooser floats in."""

    message = Signal(str)  # the prompt for the current step, or how it ended
    activeChanged = Signal(bool)
    finished = Signal(object)  # the new records.Link, or None when cancelled

    def __init__(self, controller: LibraryController, host: QWidget) -> None:
        super().__init__(host)
        self._controller = controller
        self._host = host
        self._panes: list[ArticlePane] = []
        self._wired: set[int] = set()
        self._step = Step.IDLE
        self._source: int | None = None
        self._target: int | None = None
        self._offered: set[int] = set()
        self.chooser = LinkTypeChooser(host)
        self.chooser.chosen.connect(self.choose_type)
        self.chooser.cancelled.connect(self.cancel)
        # A passage annotated just now may not be drawn yet: place the chooser again later.
        self._reposition = QTimer(self)
        self._reposition.setSingleShot(True)
        self._reposition.setInterval(0)
        self._reposition.timeout.connect(self._place_chooser)
        controller.annotationAdded.connect(self._annotation_added)
        controller.annotationUpdated.connect(self._offer_link)
        controller.annotationRemoved.connect(self._annotation_removed)

    # -- state -------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._step is not Step.IDLE

    @property
    def step(self) -> Step:
        return self._step

    @property
    def source_id(self) -> int | None:
        return self._source

    @property
    def target_id(self) -> int | None:
        return self._target

    def watch(self, panes: Sequence[ArticlePane]) -> None:
        """Take passage B from clicks on highlights in these panes."""
        self._panes = list(panes)
        for pane in self._panes:
            key = id(pane)
            if key in self._wired:
                continue
            self._wired.add(key)
            pane.annotationsActivated.connect(self._activated)
            # The chooser stays by passage B as its text scrolls.
            pane.text_view.verticalScrollBar().valueChanged.connect(self.place_later)
            pane.destroyed.connect(lambda *_args, key=key: self._wired.discard(key))

    def place_later(self, *_args: object) -> None:
        """Place the chooser again once the panes have moved (scrolled sideways, say)."""
        self._reposition.start()

    # -- step 1: passage A ----------------------------------------------------------------

    def start(self, source_annotation_id: int) -> bool:
        source = self._controller.annotation(source_annotation_id)
        if source is None:
            self.message.emit("That passage no longer exists; nothing to link.")
            return False
        if self.active:
            self._end(None)
        self._source, self._target = source.id, None
        self._step = Step.TARGET
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.activeChanged.emit(True)
        self.message.emit(
            f"Link “{_quote(source)}” to…: click a highlight, or select text and press Enter "
            "or a tag key, in any pane. Esc cancels."
        )
        return True

    def start_from_selection(self, pane: ArticlePane) -> bool:
        """Passage A is the pane's selection: annotated now (an existing one is reused)."""
        annotation_id = self._annotate_selection(pane)
        return annotation_id is not None and self.start(annotation_id)

    def start_here(self, pane: ArticlePane | None, annotation_id: int | None) -> bool:
        """What "Link…" (L) does: the pane's selection if any, else the given annotation."""
        if pane is not None and pane.selected_range() is not None:
            return self.start_from_selection(pane)
        if annotation_id is not None:
            return self.start(annotation_id)
        self.message.emit("Select a passage, or click a highlight, to link from.")
        return False

    # -- step 2: passage B ----------------------------------------------------------------

    def choose_target(self, annotation_id: int) -> bool:
        if self._step is not Step.TARGET:
            return False
        if annotation_id == self._source:
            self.message.emit("That is the passage you are linking from; pick another one.")
            return False
        target = self._controller.annotation(annotation_id)
        if target is None:
            return False
        self._target = target.id
        self._step = Step.TYPE
        self._place_chooser()
        self._reposition.start()
        source = self._controller.annotation(self._source or 0)
        self.message.emit(
            f"Link “{_quote(source)}” to “{_quote(target)}” as: {TYPE_KEYS_TEXT}. Esc cancels."
        )
        return True

    def confirm_selection(self) -> bool:
        """Passage B is the selection in the focused pane (or the only one with a selection)."""
        pane = self._pane_with_selection()
        if self._step is not Step.TARGET or pane is None:
            return False
        annotation_id = self._annotate_selection(pane)
        if annotation_id is None:
            return False
        # A new annotation has already been taken as B by _annotation_added.
        return self._target == annotation_id or self.choose_target(annotation_id)

    # -- step 3: the type -------------------------------------------------------------------

    def choose_type(self, link_type: records.LinkType | str) -> records.Link | None:
        if self._step is not Step.TYPE or self._source is None or self._target is None:
            return None
        kind = records.LinkType(link_type)
        link = self._controller.create_link(self._source, self._target, kind)
        self._end(link)
        if link is not None:
            self.message.emit(f"Linked: {kind.value}. Undo takes it back.")
        return link

    def cancel(self) -> None:
        if self.active:
            self._end(None)
            self.message.emit("Link cancelled.")

    # -- plumbing ---------------------------------------------------------------------------

    def _end(self, link: records.Link | None) -> None:
        self._step = Step.IDLE
        self._source = self._target = None
        self.chooser.hide()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.activeChanged.emit(False)
        self.finished.emit(link)

    def _place_chooser(self) -> None:
        if self._step is Step.TYPE and self._target is not None:
            self.chooser.show_near(self._below_passage(self._target))

    def _activated(self, annotation_ids: list[int]) -> None:
        if self._step is Step.TARGET and annotation_ids:
            others = [i for i in annotation_ids if i != self._source]
            # The last one starts latest: the innermost of nested highlights.
            self.choose_target(others[-1] if others else annotation_ids[0])

    def _annotation_added(self, annotation: records.Annotation) -> None:
        # A passage tagged (or otherwise annotated) while we wait for B is B.
        if self._step is Step.TARGET and annotation.id != self._source:
            self.choose_target(annotation.id)
        else:
            self._offer_link(annotation)

    def _offer_link(self, annotation: records.Annotation) -> None:
        if self.active or annotation.id in self._offered:
            return
        names = {
            tag.name.casefold() for tag in self._controller.tags() if tag.id in annotation.tag_ids
        }
        if CONTRADICTION_TAG in names:
            self._offered.add(annotation.id)
            self.message.emit(
                "Tagged as Contradiction. Press L to link it to the passage it contradicts."
            )

    def _annotation_removed(self, annotation_id: int, _article_id: object) -> None:
        if self.active and annotation_id in (self._source, self._target):
            self._end(None)
            self.message.emit("Link cancelled: one of its passages was deleted.")

    def _live_panes(self) -> list[ArticlePane]:
        return [pane for pane in self._panes if isValid(pane)]

    def _pane_with_selection(self) -> ArticlePane | None:
        focused = QApplication.focusWidget()
        with_selection = [p for p in self._live_panes() if p.selected_range() is not None]
        for pane in with_selection:
            if focused is not None and (focused is pane or pane.isAncestorOf(focused)):
                return pane
        return with_selection[0] if len(with_selection) == 1 else None

    def _annotate_selection(self, pane: ArticlePane) -> int | None:
        selected = pane.selected_range()
        article_id = pane.article_id
        if selected is None or article_id is None:
            self.message.emit("Select a passage first.")
            return None
        start, end = selected
        same = [
            a
            for a in self._controller.annotations_for(article_id)
            if (a.start, a.end) == (start, end)
        ]
        annotation = same[0] if same else None
        if annotation is None:
            annotation = self._controller.create_annotation(article_id, start, end)
        if annotation is None:
            return None
        # Drop the selection so the new highlight shows.
        caret = pane.text_view.textCursor()
        caret.clearSelection()
        pane.text_view.setTextCursor(caret)
        return annotation.id

    def _below_passage(self, annotation_id: int) -> QPoint | None:
        for pane in self._live_panes():
            rect = pane.passage_rect(annotation_id)
            # On screen: not in a pane the reading area has scrolled away sideways.
            seen = rect is not None and pane.visibleRegion().boundingRect().intersects(rect)
            if rect is not None and seen and pane.window() is self._host.window():
                return pane.mapTo(self._host, rect.center() + QPoint(0, rect.height() // 2))
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.active and kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            assert isinstance(event, QKeyEvent)
            action = self._key_action(event)
            if action is not None:
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # ours: no window shortcut may take it
                else:
                    action()
                return True
        return super().eventFilter(watched, event)

    def _key_action(self, event: QKeyEvent) -> Callable[[], object] | None:
        """What a key does at this step (a callable), or None if it is not ours."""
        # Keys typed in a find bar are the find's: Esc closes it, Enter finds the next
        # match, letters are the phrase. The match it selects is not passage B.
        focus = QApplication.focusWidget()
        if focus is not None and isinstance(focus.parentWidget(), FindBar):
            return None
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Escape:
            return self.cancel
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return None
        if self._step is Step.TYPE and key in TYPE_KEYS:
            return lambda: self.choose_type(TYPE_KEYS[Qt.Key(key)])
        if self._step is Step.TARGET and key in CONFIRM_KEYS:
            if self._pane_with_selection() is not None:
                return self.confirm_selection
            if key == Qt.Key.Key_L:  # not a second "Link…" while this one waits
                return lambda: self.message.emit(
                    "Click a highlight, or select text and press Enter. Esc cancels."
                )
        return None
