"""Keeping every view of the library in step with it: panes, docks and the tag menu.

The controller reports each change (an annotation added, tags edited, articles
imported); :class:`ViewUpdates` applies it to whatever shows that data, touching only
what changed.  A reload after another program's changes shows everything afresh.
"""

from __future__ import annotations

from xiaomi_reader.core import records
from xiaomi_reader.gui.annotations_dock import AnnotationsDock
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.library_dock import LibraryDock
from xiaomi_reader.gui.links_dock import LinksDock
from xiaomi_reader.gui.reading_area import ReadingArea
from xiaomi_reader.gui.window_menus import WindowMenus

__all__ = ["ViewUpdates"]


class ViewUpdates:
    """Applies the controller's changes to the reading area, the docks and the menus."""

    def __init__(
        self,
        controller: LibraryController,
        area: ReadingArea,
        library_dock: LibraryDock,
        annotations_dock: AnnotationsDock,
        links_dock: LinksDock,
        menus: WindowMenus,
    ) -> None:
        self._controller = controller
        self._area = area
        self._library_dock = library_dock
        self._annotations_dock = annotations_dock
        self._links_dock = links_dock
        self._menus = menus
        self.articles: list[records.ArticleSummary] = []

    def load(self) -> None:
        """Fill the docks and the connector lines from the library."""
        controller = self._controller
        self.articles = controller.library.articles()
        self._library_dock.set_articles(self.articles)
        annotations = controller.annotations()
        self._annotations_dock.set_data(annotations, controller.tag_map(), self.articles)
        self._links_dock.set_data(
            controller.links(),
            {a.id: a for a in annotations},
            {a.id: a.title for a in self.articles},
        )
        self._area.overlay.set_links(controller.links())

    def reload(self, *, keep_undo: bool = False) -> None:
        """Show the library as it is now.

        After changes made elsewhere the undo history describes a state that is gone, so it
        is cleared; an import only adds, so its caller keeps it.
        """
        if not keep_undo:
            self._controller.undo_stack.clear()
        self._controller.reload()
        self.load()
        self._area.reload_panes({a.id for a in self.articles})
        self.tags_changed()

    def annotation_added(self, annotation: records.Annotation) -> None:
        for pane in self._panes_drawing(annotation.article_id):
            pane.add_annotation(annotation)
        self._annotations_dock.model.add(annotation)
        self._links_dock.annotation_added(annotation)
        self._update_count(annotation.article_id)

    def annotation_updated(self, annotation: records.Annotation) -> None:
        for pane in self._panes_drawing(annotation.article_id):
            pane.update_annotation(annotation)
        self._annotations_dock.annotation_updated(annotation)
        self._links_dock.annotation_updated(annotation)

    def annotation_removed(self, annotation_id: int, article_id: int | None) -> None:
        for pane in self._panes_drawing(article_id):
            pane.remove_annotation(annotation_id)
        self._annotations_dock.annotation_removed(annotation_id)
        self._update_count(article_id)

    def _panes_drawing(self, article_id: int | None) -> list[ArticlePane]:
        """The panes showing an article, less those about to show it afresh as another
        version: one annotation's change would be drawn on a text on its way out."""
        if article_id in self._controller.texts_changing:
            return []
        return self._area.panes_showing(article_id)

    def _update_count(self, article_id: int | None) -> None:
        if article_id is not None:
            count = self._controller.annotation_count(article_id)
            self._library_dock.update_count(article_id, count)

    def tags_changed(self) -> None:
        tags = self._controller.tag_map()
        self._area.set_tags(tags)
        self._annotations_dock.set_tags(tags)
        self._menus.fill_tag_menu(self._controller.tags())

    def articles_changed(self) -> None:
        self.articles = self._controller.library.articles()
        self._library_dock.set_articles(self.articles)
        self._annotations_dock.set_articles(self.articles)
        self._links_dock.set_article_titles({a.id: a.title for a in self.articles})

    def article_text_changed(self, article_id: int) -> None:
        """Panes showing an article that became another version show it afresh."""
        self._area.show_afresh(self._area.panes_showing(article_id))
        self._area.overlay.set_links(self._controller.links())

    def links_changed(self, *_args: object) -> None:
        self._area.overlay.set_links(self._controller.links())
