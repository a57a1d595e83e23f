"""The main window: panes side by side, the Library and Annotations docks, menus.

All signal wiring between the controller and the widgets is in ``_connect``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

import xiaomi_reader
from xiaomi_reader.core import records
from xiaomi_reader.core.display import display_name, escape_controls
from xiaomi_reader.gui import window_state
from xiaomi_reader.gui.annotations_dock import AnnotationsDock
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.connectors import ConnectorOverlay, reveal_counterparts
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.first_paint import after_first_paint
from xiaomi_reader.gui.library_dock import LibraryDock
from xiaomi_reader.gui.links_dock import LinksDock
from xiaomi_reader.gui.models import ARTICLE_MIME
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus

if TYPE_CHECKING:
    from xiaomi_reader.gui.link_flow import LinkFlow
    from xiaomi_reader.gui.read_only import ReadOnlyBanner
    from xiaomi_reader.store.library import Library

INITIAL_PANES = 3
MAX_PANES = 6
# How often the window looks for changes made by another program (one tiny query).
WATCH_INTERVAL_MS = 2000
IMPORT_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, library: Library, *, restore: bool = True) -> None:
        super().__init__()
        self.library = library
        # Read before the controller reads the library: a change made in between is then
        # found by the first check rather than taken as seen.
        self._known_revision = library.revision()
        self._merge_message = ""  # a merge with another program's change, not yet shown
        self.controller = LibraryController(library, self)
        self.panes: list[ArticlePane] = []
        self.current_pane: ArticlePane | None = None
        self._articles: list[records.ArticleSummary] = []
        self.last_error = ""
        self.last_import_text = ""

        self.setWindowTitle("xiaomi-reader")
        self.setAcceptDrops(True)
        self.resize(1440, 880)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("ReadingArea")
        self.splitter.setAccessibleName("Reading area")
        self.splitter.setChildrenCollapsible(False)
        # The panes, with room above them for a banner (a read-only library).
        reading_area = QWidget(self)
        self._reading_layout = QVBoxLayout(reading_area)
        self._reading_layout.setContentsMargins(0, 0, 0, 0)
        self._reading_layout.setSpacing(0)
        self._reading_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(reading_area)
        self.read_only_banner: ReadOnlyBanner | None = None
        self._align_timer = QTimer(self)
        self._align_timer.setSingleShot(True)
        self._align_timer.setInterval(0)
        self._align_timer.timeout.connect(self.align_headers)
        self.splitter.splitterMoved.connect(self._schedule_header_alignment)

        self.overlay = ConnectorOverlay(self.splitter)
        self._link_flow: LinkFlow | None = None  # made after the first paint

        self.library_dock = LibraryDock(self)
        self.annotations_dock = AnnotationsDock(self)
        self.links_dock = LinksDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.annotations_dock)
        self.tabifyDockWidget(self.annotations_dock, self.links_dock)
        self.annotations_dock.raise_()
        self.resizeDocks(
            [self.library_dock, self.annotations_dock], [250, 520], Qt.Orientation.Horizontal
        )

        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._connect()
        self._load_data()
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(WATCH_INTERVAL_MS)
        self._watch_timer.timeout.connect(self.check_for_outside_changes)
        self._watch_timer.start()
        if not (restore and self._restore_state()):
            self._open_initial_panes()
        where = display_name(library.path) if library.path else "database"
        self.statusBar().showMessage(f"Library: {where}")
        self.show_library_access()
        # Not needed to show the window, but ready before anyone can tag a contradiction.
        after_first_paint(self, lambda: self.link_flow)

    def show_library_access(self) -> None:
        """A read-only library gets its banner, and the actions that write are turned off."""
        info = self.library.read_only_info
        if info is not None and self.read_only_banner is None:
            from xiaomi_reader.gui.read_only import show_read_only

            self.read_only_banner = show_read_only(self, info, self._reading_layout)

    # -- actions and menus -----------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | str | Sequence[QKeySequence | str] | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list | tuple) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        stack = self.controller.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z everywhere, besides the platform's own binding (Ctrl+Y on Windows).
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.redo_action.setShortcuts(redo_keys)
        # Toolbar buttons say just "Undo"/"Redo"; the menu and tooltip name the change.
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")
        self.addActions([self.undo_action, self.redo_action])

        self.import_action = self._action(
            "&Import Articles…", self.import_articles, "Ctrl+I", "Add article files to the library"
        )
        self.export_action = self._action(
            "&Export Report…",
            self.open_export_dialog,
            "Ctrl+E",
            "Write a report (Markdown, HTML, PDF) or the annotations (CSV, W3C JSON-LD)",
        )
        self.import_annotations_action = self._action(
            "Import &Annotations…",
            self.import_annotations,
            tip="Read W3C Web Annotations (JSON-LD) into the library",
        )
        self.restore_action = self._action(
            "&Restore from Backup…",
            self.open_backups,
            tip="Replace the library with one of its backups",
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.find_action = self._action(
            "&Find in Article…", self.find_in_pane, QKeySequence.StandardKey.Find
        )
        self.delete_action = self._action(
            "&Delete Annotation",
            self.delete_selected_annotations,
            tip="Delete the selected annotations",
        )
        self.new_pane_action = self._action(
            "&New Pane", self.add_empty_pane, "Ctrl+T", "Open another pane beside the others"
        )
        self.close_pane_action = self._action("&Close Pane", self.close_current_pane, "Ctrl+W")
        self.zoom_in_action = self._action(
            "Zoom &In",
            lambda: self._zoom("in"),
            ["Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn],
        )
        self.zoom_out_action = self._action(
            "Zoom &Out", lambda: self._zoom("out"), ["Ctrl+-", QKeySequence.StandardKey.ZoomOut]
        )
        self.zoom_reset_action = self._action("&Actual Size", lambda: self._zoom("reset"), "Ctrl+0")
        self.next_region_action = self._action(
            "Next &Region", lambda: self.cycle_focus(1), "F6", "Move between panes and docks"
        )
        self.previous_region_action = self._action(
            "Previous Re&gion", lambda: self.cycle_focus(-1), "Shift+F6"
        )
        self.link_action = self._action(
            "&Link…",
            self.start_link,
            "L",
            "Link the current passage to another: press L, pick the other passage, choose the type",
        )
        self.tags_action = self._action(
            "&Tags…", self.open_tag_manager, tip="Create, rename, recolour and delete tags"
        )
        self.about_action = self._action("&About xiaomi-reader", self.show_about)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_annotations_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.delete_action)

        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.new_pane_action, self.close_pane_action])
        view_menu.addSeparator()
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        view_menu.addActions([self.next_region_action, self.previous_region_action])
        view_menu.addSeparator()
        view_menu.addAction(self.library_dock.toggleViewAction())
        view_menu.addAction(self.annotations_dock.toggleViewAction())
        view_menu.addAction(self.links_dock.toggleViewAction())

        self.annotation_menu = bar.addMenu("&Annotation")
        self.tag_as_menu = self.annotation_menu.addMenu("Tag Selection &As")
        self.annotation_menu.addAction(self.link_action)
        self.annotation_menu.addAction(self.delete_action)
        self.annotation_menu.addSeparator()
        self.annotation_menu.addAction(self.tags_action)
        self._fill_tag_menu()

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _fill_tag_menu(self) -> None:
        self.tag_as_menu.clear()
        for tag in self.controller.tags():
            # The shortcut is shown, not bound: the pane handles it only while text is selected,
            # so digits typed into a note or a filter box stay digits.
            label = f"{tag.name}\t{tag.shortcut}" if tag.shortcut else tag.name
            action = self.tag_as_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, t=tag.id: self.tag_selection(t))

    def _create_toolbar(self) -> None:
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("MainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.export_action)
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addAction(self.new_pane_action)
        toolbar.addAction(self.tags_action)

    # -- wiring ----------------------------------------------------------------------------

    def _connect(self) -> None:
        c = self.controller
        c.annotationAdded.connect(self._annotation_added)
        c.annotationUpdated.connect(self._annotation_updated)
        c.annotationRemoved.connect(self._annotation_removed)
        c.tagsChanged.connect(self._tags_changed)
        c.articlesChanged.connect(self._articles_changed)
        c.errorOccurred.connect(self.show_error)
        c.mergedWithOutsideChange.connect(self._merged_with_outside_change)
        c.undo_stack.indexChanged.connect(self._show_undo_text)
        c.undo_stack.indexChanged.connect(self._note_own_change)
        c.articlesChanged.connect(self._note_own_change)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._application_state_changed)

        self.library_dock.articleOpenRequested.connect(self.open_article)
        dock = self.annotations_dock
        dock.annotationChosen.connect(self.reveal_annotation)
        dock.noteEdited.connect(c.set_note)
        dock.deleteRequested.connect(self.delete_annotations)

        links = self.links_dock
        c.linkAdded.connect(links.link_added)
        c.linkUpdated.connect(links.link_updated)
        c.linkRemoved.connect(links.link_removed)
        for signal in (c.linkAdded, c.linkUpdated, c.linkRemoved):
            signal.connect(self._links_changed)
        links.endChosen.connect(self.reveal_annotation)
        links.linkSelected.connect(self._link_selected)
        links.linkNoteEdited.connect(c.set_link_note)
        links.deleteRequested.connect(c.delete_links)
        self.overlay.linkClicked.connect(self._link_clicked)

    def _connect_pane(self, pane: ArticlePane) -> None:
        pane.tagRequested.connect(self._tag_range)
        pane.annotationsActivated.connect(self._annotations_activated)
        pane.deleteRequested.connect(self.delete_annotations)
        pane.focused.connect(lambda p=pane: self._set_current_pane(p))
        # After the splitter has given the pane its width, not before: a header measured
        # at the old width would cut its title off.
        pane.widthChanged.connect(self._schedule_header_alignment)

    def _load_data(self) -> None:
        self._articles = self.library.articles()
        self.library_dock.set_articles(self._articles)
        annotations = self.controller.annotations()
        self.annotations_dock.set_data(annotations, self.controller.tag_map(), self._articles)
        self.links_dock.set_data(
            self.controller.links(),
            {a.id: a for a in annotations},
            {a.id: a.title for a in self._articles},
        )
        self.overlay.set_links(self.controller.links())

    def _panes_changed(self) -> None:
        self.overlay.watch(self.panes)
        if self._link_flow is not None:
            self._link_flow.watch(self.panes)
        self._schedule_header_alignment()

    @property
    def link_flow(self) -> LinkFlow:
        """Linking one passage to another, step by step; not needed to show the window."""
        if self._link_flow is None:
            from xiaomi_reader.gui.link_flow import LinkFlow

            self._link_flow = LinkFlow(self.controller, self)
            self._link_flow.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
            self._link_flow.watch(self.panes)
        return self._link_flow

    # -- panes ------------------------------------------------------------------------------

    def add_empty_pane(self) -> ArticlePane | None:
        if len(self.panes) >= MAX_PANES:
            self.statusBar().showMessage(f"At most {MAX_PANES} panes fit side by side.", 4000)
            return None
        pane = ArticlePane(self.splitter)
        pane.set_tags(self.controller.tag_map())
        self.splitter.addWidget(pane)
        self.panes.append(pane)
        self._connect_pane(pane)
        self._set_current_pane(pane)
        self._panes_changed()
        return pane

    def close_current_pane(self) -> None:
        pane = self.current_pane
        if pane is None or len(self.panes) <= 1:
            return
        self.panes.remove(pane)
        pane.hide()
        pane.deleteLater()
        self._panes_changed()
        self._set_current_pane(self.panes[-1])

    def _set_current_pane(self, pane: ArticlePane | None) -> None:
        self.current_pane = pane

    def open_article(self, article_id: int, pane: ArticlePane | None = None) -> ArticlePane | None:
        """Show an article in a pane: the one given, the current one, or a new one."""
        target = pane or self.current_pane or self.add_empty_pane()
        if target is None:
            return None
        article = self.controller.attempt(lambda: self.library.article(article_id))
        if article is None:
            return None
        annotations = self.controller.annotations_for(article_id)
        target.show_article(article, annotations, self.controller.tag_map())
        self._schedule_header_alignment()
        self._set_current_pane(target)
        return target

    def align_headers(self) -> None:
        """Give every pane's header the tallest one's height, so the texts start level."""
        if not self.panes:
            return
        height = max(pane.natural_header_height() for pane in self.panes)
        for pane in self.panes:
            pane.set_header_height(height)

    def _schedule_header_alignment(self) -> None:
        self._align_timer.start()

    def panes_showing(self, article_id: int | None) -> list[ArticlePane]:
        return [p for p in self.panes if article_id is not None and p.article_id == article_id]

    def _open_initial_panes(self) -> None:
        for summary in self._articles[:INITIAL_PANES]:
            pane = self.add_empty_pane()
            if pane is not None:
                self.open_article(summary.id, pane)
        if not self.panes:
            self.add_empty_pane()
        self.splitter.setSizes([1000] * len(self.panes))
        self._set_current_pane(self.panes[0])

    def _zoom(self, how: str) -> None:
        pane = self.current_pane
        if pane is None:
            return
        {"in": pane.zoom_in, "out": pane.zoom_out, "reset": pane.reset_zoom}[how]()

    def focus_regions(self) -> list[QWidget]:
        """Where F6 goes, in reading order: the library, each pane, the annotations."""
        regions: list[QWidget] = []
        if self.library_dock.isVisible():
            regions.append(self.library_dock.view)
        regions.extend(pane.text_view for pane in self.panes)
        if self.annotations_dock.isVisible():
            regions.append(self.annotations_dock.table)
        return regions

    def cycle_focus(self, step: int) -> None:
        regions = self.focus_regions()
        if not regions:
            return
        focused = QApplication.focusWidget()
        current = next(
            (
                i
                for i, w in enumerate(regions)
                if focused is not None and (focused is w or w.isAncestorOf(focused))
            ),
            -1,
        )
        target = regions[(current + step) % len(regions)] if current >= 0 else regions[0]
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def find_in_pane(self) -> None:
        if self.current_pane is not None:
            self.current_pane.show_find_bar()

    # -- tagging, selection, deleting ------------------------------------------------------

    def tag_selection(self, tag_id: int) -> None:
        pane = self.current_pane
        selected = pane.selected_range() if pane else None
        if pane is None or pane.article_id is None or selected is None:
            self.statusBar().showMessage("Select some text in an article first.", 4000)
            return
        self._tag_range(pane.article_id, selected[0], selected[1], tag_id)

    def _tag_range(self, article_id: int, start: int, end: int, tag_id: int) -> None:
        same = [
            a
            for a in self.controller.annotations_for(article_id)
            if a.start == start and a.end == end
        ]
        if same:  # the passage is already annotated: add (or remove) the tag there
            self.controller.toggle_tag(same[0].id, tag_id)
            self.annotations_dock.select_annotation(same[0].id)
            return
        created = self.controller.create_annotation(article_id, start, end, [tag_id])
        if created is not None:
            self.annotations_dock.select_annotation(created.id)

    def _annotations_activated(self, annotation_ids: list[int]) -> None:
        if annotation_ids:
            self.annotations_dock.select_annotation(annotation_ids[0])
            self.show_counterparts(annotation_ids[0])

    def show_counterparts(self, annotation_id: int | None) -> None:
        """Emphasise the passages linked to this one and bring them into view."""
        reveal_counterparts(annotation_id, self.controller.links(), self.panes, self.overlay)

    def start_link(self) -> None:
        self.link_flow.start_here(self.current_pane, self.annotations_dock.current_id())

    def _links_changed(self, *_args: object) -> None:
        self.overlay.set_links(self.controller.links())

    def _link_selected(self, link_id: int | None) -> None:
        self.overlay.set_highlighted([] if link_id is None else [link_id])

    def _link_clicked(self, link_id: int) -> None:
        self.links_dock.select_link(link_id)
        link = self.controller.link(link_id)
        if link is not None:
            self.reveal_annotation(link.target_id)
            self.reveal_annotation(link.source_id)

    def reveal_annotation(self, annotation_id: int) -> None:
        annotation = self.controller.annotation(annotation_id)
        if annotation is None or annotation.article_id is None:
            return
        panes = self.panes_showing(annotation.article_id)
        pane = panes[0] if panes else self.open_article(annotation.article_id)
        if pane is not None:
            pane.scroll_to_annotation(annotation_id)
        self.show_counterparts(annotation_id)

    def delete_selected_annotations(self) -> None:
        self.delete_annotations(self.annotations_dock.selected_ids())

    def delete_annotations(self, annotation_ids: list[int]) -> None:
        links = sum(self.controller.link_count_for(i) for i in annotation_ids)
        if annotation_ids and self.controller.delete_annotations(annotation_ids):
            count = len(annotation_ids)
            what = f"{count} annotation" + ("" if count == 1 else "s")
            if links:
                what += f" and {links} link" + ("" if links == 1 else "s")
            self.statusBar().showMessage(f"Deleted {what} (Undo brings back).", 8000)

    # -- controller → views ------------------------------------------------------------------

    def _annotation_added(self, annotation: records.Annotation) -> None:
        for pane in self.panes_showing(annotation.article_id):
            pane.add_annotation(annotation)
        self.annotations_dock.model.add(annotation)
        self.links_dock.annotation_updated(annotation)
        self._update_count(annotation.article_id)

    def _annotation_updated(self, annotation: records.Annotation) -> None:
        for pane in self.panes_showing(annotation.article_id):
            pane.update_annotation(annotation)
        self.annotations_dock.annotation_updated(annotation)
        self.links_dock.annotation_updated(annotation)

    def _annotation_removed(self, annotation_id: int, article_id: int | None) -> None:
        for pane in self.panes_showing(article_id):
            pane.remove_annotation(annotation_id)
        self.annotations_dock.annotation_removed(annotation_id)
        self._update_count(article_id)

    def _update_count(self, article_id: int | None) -> None:
        if article_id is not None:
            count = self.controller.annotation_count(article_id)
            self.library_dock.update_count(article_id, count)

    def _tags_changed(self) -> None:
        tags = self.controller.tag_map()
        for pane in self.panes:
            pane.set_tags(tags)
        self.annotations_dock.set_tags(tags)
        self._fill_tag_menu()

    def _articles_changed(self) -> None:
        self._articles = self.library.articles()
        self.library_dock.set_articles(self._articles)
        self.annotations_dock.set_articles(self._articles)
        self.links_dock.set_article_titles({a.id: a.title for a in self._articles})

    def _show_undo_text(self, _index: int = 0) -> None:
        text = self.controller.undo_stack.undoText()
        if text:
            self.statusBar().showMessage(f"Saved: {text}", 3000)

    # -- changes made by other programs ---------------------------------------------------------

    def _note_own_change(self, *_args: object) -> None:
        """After our own write: if another program committed before it, show theirs now."""
        self._known_revision = self.library.own_commits.follow(self._known_revision)
        latest = self.library.own_commits.latest
        if latest is not None and self._known_revision != latest:
            QTimer.singleShot(0, self.check_for_outside_changes)

    def _merged_with_outside_change(self, message: str) -> None:
        # Said again when the window then shows the other program's changes.
        self._merge_message = message
        self.statusBar().showMessage(message, 10000)

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_for_outside_changes()

    def check_for_outside_changes(self) -> bool:
        """Reload if another window or the command line changed the library; True if so."""
        self._known_revision = self.library.own_commits.follow(self._known_revision)
        try:
            revision = self.library.revision()
        except LibraryError:  # locked or unreadable for now: try again on the next tick
            return False
        if revision == self._known_revision:
            return False
        self.annotations_dock.save_note()
        self.links_dock.save_note()
        self._reload_and_remember()
        merged, self._merge_message = self._merge_message, ""
        self.statusBar().showMessage(
            f"The library was changed by another program; the window now shows its changes. "
            f"{merged}".strip(),
            10000,
        )
        return True

    def _reload_and_remember(self, *, keep_undo: bool = False) -> None:
        """Reload, knowing at most the revision read before: a change made while reading
        is then found by the next check instead of being taken as seen."""
        revision = self.library.revision()
        self.reload_from_library(keep_undo=keep_undo)
        self._known_revision = revision

    def reload_from_library(self, *, keep_undo: bool = False) -> None:
        """Show the library as it is now.

        After changes made elsewhere the undo history describes a state that is gone, so it
        is cleared; an import only adds, so its caller keeps it.
        """
        if not keep_undo:
            self.controller.undo_stack.clear()
        self.controller.reload()
        self._load_data()
        known = {a.id for a in self._articles}
        for pane in self.panes:
            article_id = pane.article_id
            if article_id is None:
                continue
            if article_id not in known:
                pane.clear()
                continue
            fraction = pane.scroll_fraction()
            self.open_article(article_id, pane)
            pane.set_scroll_fraction(fraction)
        self._tags_changed()

    # -- files -------------------------------------------------------------------------------

    def import_articles(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self, "Import Articles", "", IMPORT_FILTER)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: Sequence[str]) -> None:
        outcomes = self._import_and_report(paths, "imported")
        imported = [o for o in outcomes if o.status is ImportStatus.IMPORTED]
        if len(imported) == 1 and imported[0].article is not None:
            self.open_article(imported[0].article.id)

    def open_files(self, paths: Sequence[str]) -> None:
        """Show article files (as given on the command line): added to the library if new,
        then one to a pane from the left, as many as fit."""
        outcomes = self._import_and_report(paths, "shown")
        ids = list(dict.fromkeys(o.article.id for o in outcomes if o.article is not None))
        for n, article_id in enumerate(ids[:MAX_PANES]):
            pane = self.panes[n] if n < len(self.panes) else self.add_empty_pane()
            self.open_article(article_id, pane)
        if ids:
            self.splitter.setSizes([1000] * len(self.panes))
            self._set_current_pane(self.panes[0])
        if len(ids) > MAX_PANES:
            self.statusBar().showMessage(
                f"Showing {MAX_PANES} of the {len(ids)} articles; the rest are in the Library.",
                8000,
            )

    def _import_and_report(self, paths: Sequence[str], verb: str) -> list[ImportOutcome]:
        """Import, then say how it went: counts in the status bar, refusals in a message."""
        outcomes = self.controller.attempt(lambda: self.controller.import_files(paths)) or []
        imported = [o for o in outcomes if o.status is ImportStatus.IMPORTED]
        present = [o for o in outcomes if o.status is ImportStatus.PRESENT]
        refused = [o for o in outcomes if o.status is ImportStatus.REFUSED]
        if outcomes:
            self.statusBar().showMessage(
                f"Imported {len(imported)}, already present {len(present)}, "
                f"refused {len(refused)}.",
                8000,
            )
        if refused:
            self.show_error(
                # One line per file, whatever its name holds.
                f"Some files were not {verb}:\n\n"
                + "\n".join(escape_controls(o.reason) for o in refused)
            )
        return outcomes

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(ARTICLE_MIME) or mime.hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(ARTICLE_MIME):
            ids = json.loads(bytes(mime.data(ARTICLE_MIME).data()).decode("utf-8"))
            pane = self._pane_at(event.position().toPoint())
            for article_id in ids[:1]:
                self.open_article(int(article_id), pane)
            event.acceptProposedAction()
            return
        paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            # Let the drag finish before doing (possibly slow) work and showing dialogs.
            QTimer.singleShot(0, lambda: self.import_paths(paths))

    def _pane_at(self, point: object) -> ArticlePane | None:
        widget = self.childAt(point)  # type: ignore[arg-type]
        while widget is not None and not isinstance(widget, ArticlePane):
            widget = widget.parentWidget()
        return widget

    # -- dialogs -----------------------------------------------------------------------------

    def open_tag_manager(self) -> None:
        from xiaomi_reader.gui.tag_manager import TagManagerDialog

        dialog = TagManagerDialog(self.controller, self)
        dialog.exec()

    def open_export_dialog(self) -> None:
        from xiaomi_reader.gui.export_dialog import ExportDialog

        self.annotations_dock.save_note()
        self.links_dock.save_note()
        ExportDialog(self.library, self).exec()

    def import_annotations(self, path: str | None = None) -> str:
        """Import a W3C file (asking for it when no path is given); returns what was shown."""
        from xiaomi_reader.gui import import_annotations as importer

        chosen = path or importer.ask_annotation_file(self)
        if not chosen:
            return ""
        summary, text = importer.import_annotation_file(self, self.controller, chosen)
        if summary is not None:
            self._reload_and_remember(keep_undo=True)
        importer.show_outcome(self, text, ok=summary is not None)
        self.last_import_text = text
        return text

    def open_backups(self) -> None:
        from xiaomi_reader.gui.backup_dialog import BackupDialog

        self.annotations_dock.save_note()
        dialog = BackupDialog(self.controller, self)
        if dialog.exec() and dialog.restored is not None:
            self.after_restore()

    def after_restore(self) -> None:
        self._reload_and_remember()
        self.statusBar().showMessage("Restored the backup; the state before it was kept.", 8000)

    def show_error(self, message: str) -> None:
        # The whole message on one line: its first line alone may be just a heading.
        self.statusBar().showMessage(" ".join(message.split())[:300], 10000)
        from PySide6.QtWidgets import QMessageBox  # not at start-up: no error yet

        box = QMessageBox(QMessageBox.Icon.Warning, "xiaomi-reader", message, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): never block the event loop (or a test) on an error
        self.last_error = message

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About xiaomi-reader",
            f"<b>xiaomi-reader {xiaomi_reader.__version__}</b><p>Read news articles side by side "
            "and mark what they claim and where they contradict each other.</p>",
        )

    # -- state -------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._schedule_header_alignment()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.annotations_dock.save_note()
        self.links_dock.save_note()
        self.save_state()
        super().closeEvent(event)

    def save_state(self) -> None:
        current = self.panes.index(self.current_pane) if self.current_pane in self.panes else 0
        window_state.save(
            window_state.WindowState(
                geometry=self.saveGeometry(),
                dock_state=self.saveState(),
                splitter=self.splitter.saveState(),
                panes=[
                    window_state.PaneState(p.article_id, p.scroll_fraction(), p.point_size)
                    for p in self.panes
                ],
                current_pane=current,
            )
        )

    def _restore_state(self) -> bool:
        state = window_state.load()
        if state is None or not state.panes:
            return False
        known = {a.id for a in self._articles}
        if state.geometry is not None:
            self.restoreGeometry(state.geometry)
        if state.dock_state is not None:
            self.restoreState(state.dock_state)
        for saved in state.panes[:MAX_PANES]:
            pane = self.add_empty_pane()
            if pane is not None and saved.article_id in known:
                self.open_article(saved.article_id, pane)
                if saved.point_size:
                    pane.set_point_size(saved.point_size)
                # Scroll once the layout has its final size.
                QTimer.singleShot(0, lambda p=pane, f=saved.scroll: p.set_scroll_fraction(f))
        if state.splitter is not None:
            self.splitter.restoreState(QByteArray(state.splitter))
        index = min(max(state.current_pane, 0), len(self.panes) - 1)
        self._set_current_pane(self.panes[index])
        return True
