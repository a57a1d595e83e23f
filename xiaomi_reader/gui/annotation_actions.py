"""What the reader asks of annotations in the window: tag, reveal, link, delete.

The panes, the docks and the connector lines each report a request (a tag key on a
selection, a click on a row or a line); :class:`AnnotationActions` carries it out
through the controller and shows the result across the panes and docks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from xiaomi_reader.gui.annotations_dock import AnnotationsDock
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.link_reveal import reveal_counterparts
from xiaomi_reader.gui.links_dock import LinksDock
from xiaomi_reader.gui.reading_area import ReadingArea

if TYPE_CHECKING:
    from xiaomi_reader.gui.link_flow import LinkFlow

__all__ = ["AnnotationActions"]


class AnnotationActions(QObject):
    """Tagging, revealing, linking and deleting annotations; see the module doc."""

    message = Signal(str, int)  # for the status bar, with how long to show it (ms)

    def __init__(
        self,
        controller: LibraryController,
        area: ReadingArea,
        annotations_dock: AnnotationsDock,
        links_dock: LinksDock,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._controller = controller
        self._area = area
        self._annotations_dock = annotations_dock
        self._links_dock = links_dock
        self._link_flow: LinkFlow | None = None  # made after the window's first paint

    @property
    def link_flow(self) -> LinkFlow:
        """Linking one passage to another, step by step; not needed to show the window."""
        if self._link_flow is None:
            from xiaomi_reader.gui.link_flow import LinkFlow

            window = self.parent()  # the chooser floats in it
            assert isinstance(window, QWidget)
            self._link_flow = LinkFlow(self._controller, window)
            self._link_flow.message.connect(lambda text: self.message.emit(text, 10000))
            self._link_flow.watch(self._area.panes)
            sideways = self._area.scroll_area.horizontalScrollBar()
            sideways.valueChanged.connect(self._link_flow.place_later)
        return self._link_flow

    def panes_changed(self) -> None:
        if self._link_flow is not None:
            self._link_flow.watch(self._area.panes)

    # -- tagging -----------------------------------------------------------------------

    def tag_selection(self, tag_id: int) -> None:
        pane = self._area.current_pane
        selected = pane.selected_range() if pane else None
        if pane is None or pane.article_id is None or selected is None:
            self.message.emit("Select some text in an article first.", 4000)
            return
        self.tag_range(pane.article_id, selected[0], selected[1], tag_id)

    def tag_range(self, article_id: int, start: int, end: int, tag_id: int) -> None:
        controller = self._controller
        same = [
            a for a in controller.annotations_for(article_id) if a.start == start and a.end == end
        ]
        if same:  # the passage is already annotated: add (or remove) the tag there
            controller.toggle_tag(same[0].id, tag_id)
            self._annotations_dock.select_annotation(same[0].id)
            return
        created = controller.create_annotation(article_id, start, end, [tag_id])
        if created is not None:
            self._annotations_dock.select_annotation(created.id)

    # -- revealing -----------------------------------------------------------------------

    def annotations_activated(self, annotation_ids: list[int]) -> None:
        if annotation_ids:
            self._annotations_dock.select_annotation(annotation_ids[0])
            self.show_counterparts(annotation_ids[0])

    def show_counterparts(self, annotation_id: int | None) -> None:
        """Emphasise the passages linked to this one and bring them into view."""
        area = self._area
        reveal_counterparts(annotation_id, self._controller.links(), area.panes, area.overlay)

    def reveal_annotation(self, annotation_id: int) -> None:
        annotation = self._controller.annotation(annotation_id)
        if annotation is None or annotation.article_id is None:
            return
        panes = self._area.panes_showing(annotation.article_id)
        pane = panes[0] if panes else self._area.open_article(annotation.article_id)
        if pane is not None:
            pane.scroll_to_annotation(annotation_id)
            self._area.reveal(pane)
        self.show_counterparts(annotation_id)

    # -- links ---------------------------------------------------------------------------

    def start_link(self) -> None:
        self.link_flow.start_here(self._area.current_pane, self._annotations_dock.current_id())

    def link_selected(self, link_id: int | None) -> None:
        self._area.overlay.set_highlighted([] if link_id is None else [link_id])

    def link_clicked(self, link_id: int) -> None:
        self._links_dock.select_link(link_id)
        link = self._controller.link(link_id)
        if link is not None:
            self.reveal_annotation(link.target_id)
            self.reveal_annotation(link.source_id)

    # -- deleting ------------------------------------------------------------------------

    def delete_selected_annotations(self) -> None:
        self.delete_annotations(self._annotations_dock.selected_ids())

    def delete_annotations(self, annotation_ids: list[int]) -> None:
        controller = self._controller
        links = sum(controller.link_count_for(i) for i in annotation_ids)
        if annotation_ids and controller.delete_annotations(annotation_ids):
            count = len(annotation_ids)
            what = f"{count} annotation" + ("" if count == 1 else "s")
            if links:
                what += f" and {links} link" + ("" if links == 1 else "s")
            self.message.emit(f"Deleted {what} (Undo brings back).", 8000)
