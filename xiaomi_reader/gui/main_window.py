"""The main window: panes side by side, the Library, Annotations and Links docks, menus.

The window is a composition: its actions and menus (:mod:`window_menus`), the reading
area of panes (:mod:`reading_area`), the views kept in step with the library
(:mod:`view_updates`) and the watcher for other programs' changes
(:mod:`outside_changes`).  All signal wiring between them is in ``_connect``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QWidget

import xiaomi_reader
from xiaomi_reader.core.display import display_name
from xiaomi_reader.gui import window_focus, window_state
from xiaomi_reader.gui.annotation_actions import AnnotationActions
from xiaomi_reader.gui.annotations_dock import AnnotationsDock
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.connectors import ConnectorOverlay
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.dock_sizes import DockSizes
from xiaomi_reader.gui.first_paint import after_first_paint
from xiaomi_reader.gui.first_steps import show_getting_started
from xiaomi_reader.gui.focus_mode import FocusMode
from xiaomi_reader.gui.library_dock import LibraryDock
from xiaomi_reader.gui.links_dock import LinksDock
from xiaomi_reader.gui.models import ARTICLE_MIME
from xiaomi_reader.gui.original_action import OriginalAction
from xiaomi_reader.gui.outside_changes import OutsideChangeWatcher
from xiaomi_reader.gui.reading_area import ReadingArea
from xiaomi_reader.gui.undo_status import UndoStatus
from xiaomi_reader.gui.version_actions import VersionActions
from xiaomi_reader.gui.view_updates import ViewUpdates
from xiaomi_reader.gui.window_imports import WindowImports
from xiaomi_reader.gui.window_menus import WindowMenus
from xiaomi_reader.gui.window_shortcuts import WindowShortcuts, show_shortcuts

if TYPE_CHECKING:
    from xiaomi_reader.gui.link_flow import LinkFlow
    from xiaomi_reader.gui.read_only import ReadOnlyBanner
    from xiaomi_reader.store.library import Library


class MainWindow(QMainWindow):
    def __init__(self, library: Library, *, restore: bool = True) -> None:
        super().__init__()
        self.library = library
        # Made before the controller reads the library: it notes the revision first.
        self.watcher = OutsideChangeWatcher(library, self)
        self.controller = LibraryController(library, self)
        self.last_error = ""

        self.setWindowTitle("xiaomi-reader")
        self.setAcceptDrops(True)
        window_state.fit_first_size(self)
        self.reading = ReadingArea(self.controller, self)
        self.setCentralWidget(self.reading)
        self.read_only_banner: ReadOnlyBanner | None = None

        self.library_dock = LibraryDock(self)
        self.annotations_dock = AnnotationsDock(self)
        self.links_dock = LinksDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.annotations_dock)
        self.tabifyDockWidget(self.annotations_dock, self.links_dock)
        self.annotations_dock.raise_()

        docks = (self.library_dock, self.annotations_dock, self.links_dock)
        self.menus = WindowMenus(
            self, self.controller.undo_stack, [d.toggleViewAction() for d in docks]
        )
        self.dock_sizes = DockSizes(self, docks)
        self.focus_mode = FocusMode(self, docks, self.dock_sizes, self.menus.focus_action)
        self.menus.fill_tag_menu(self.controller.tags())
        self.shortcuts = WindowShortcuts(self, self.menus.undo_action, self.menus.redo_action)
        self.undo_status = UndoStatus(self.controller.undo_stack, self)
        self.views = ViewUpdates(self.controller, self.reading, *docks, self.menus)
        self.annotation_actions = AnnotationActions(
            self.controller, self.reading, self.annotations_dock, self.links_dock, self
        )
        self.original = OriginalAction(self.controller, self.reading, self.menus, self)
        self.versions = VersionActions(self.controller, self.reading, self)
        self.imports = WindowImports(
            self, self.controller, self.reading, self.watcher, self.show_error
        )
        self._connect()
        self.views.load()
        self.watcher.timer.start()
        known = {a.id for a in self.views.articles}
        if not (restore and window_state.restore_window(self, self.reading, known)):
            self.reading.open_initial_panes(self.views.articles)
        where = display_name(library.path) if library.path else "database"
        self.statusBar().showMessage(f"Library: {where}")
        show_getting_started(self.reading.banner_layout, self.controller.tags(), self.menus)
        self.show_library_access()
        # Not needed to show the window, but ready before anyone can tag a contradiction.
        after_first_paint(self, self._make_link_flow)

    def show_library_access(self) -> None:
        """A read-only library gets its banner, and the actions that write are turned off."""
        info = self.library.read_only_info
        if info is not None and self.read_only_banner is None:
            from xiaomi_reader.gui.read_only import show_read_only

            self.read_only_banner = show_read_only(
                info,
                self.reading.banner_layout,
                self.menus.writing_actions(),
                [self.annotations_dock.note, self.links_dock.note],
            )
            where = self.library.path or "database"
            self.statusBar().showMessage(f"Library: {where} (read-only)")

    # -- wiring ----------------------------------------------------------------------------

    def _connect(self) -> None:
        c, m, views, area = self.controller, self.menus, self.views, self.reading
        watcher, acts, status = self.watcher, self.annotation_actions, self.statusBar()
        c.annotationAdded.connect(views.annotation_added)
        c.annotationUpdated.connect(views.annotation_updated)
        c.annotationRemoved.connect(views.annotation_removed)
        c.tagsChanged.connect(views.tags_changed)
        c.articlesChanged.connect(views.articles_changed)
        c.articleTextChanged.connect(views.article_text_changed)
        c.errorOccurred.connect(self.show_error)
        c.mergedWithOutsideChange.connect(watcher.merged_with_outside_change)
        self.undo_status.message.connect(status.showMessage)
        c.undo_stack.indexChanged.connect(watcher.note_own_change)
        m.undo_action.triggered.connect(c.undo)
        m.redo_action.triggered.connect(c.redo)
        c.articlesChanged.connect(watcher.note_own_change)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(watcher.application_state_changed)
        watcher.aboutToReload.connect(self._save_notes)
        watcher.reloadRequested.connect(lambda keep: self.reload_from_library(keep_undo=keep))
        watcher.message.connect(status.showMessage)

        imports = self.imports
        m.import_action.triggered.connect(imports.import_articles)
        m.import_url_action.triggered.connect(lambda: imports.import_from_url())
        m.export_action.triggered.connect(self.open_export_dialog)
        m.import_annotations_action.triggered.connect(lambda: imports.import_annotations())
        m.restore_action.triggered.connect(self.open_backups)
        m.quit_action.triggered.connect(self.close)
        m.find_action.triggered.connect(area.find_in_pane)
        m.delete_action.triggered.connect(acts.delete_selected_annotations)
        m.new_pane_action.triggered.connect(area.add_empty_pane)
        m.close_pane_action.triggered.connect(area.close_current_pane)
        m.zoom_in_action.triggered.connect(lambda: area.zoom("in"))
        m.zoom_out_action.triggered.connect(lambda: area.zoom("out"))
        m.zoom_reset_action.triggered.connect(lambda: area.zoom("reset"))
        m.next_region_action.triggered.connect(lambda: self.cycle_focus(1))
        m.previous_region_action.triggered.connect(lambda: self.cycle_focus(-1))
        m.view_original_action.triggered.connect(self.original.view)
        m.focus_action.toggled.connect(self.focus_mode.set_active)
        m.update_from_address_action.triggered.connect(self.versions.update_from_address)
        m.update_from_file_action.triggered.connect(self.versions.update_from_file)
        m.versions_action.triggered.connect(self.versions.show_versions)
        m.compare_versions_action.triggered.connect(self.versions.compare)
        self.versions.message.connect(lambda text: status.showMessage(text, 15000))
        m.link_action.triggered.connect(acts.start_link)
        m.tags_action.triggered.connect(self.open_tag_manager)
        m.about_action.triggered.connect(self.show_about)
        m.shortcuts_action.triggered.connect(lambda: show_shortcuts(self, self.controller.tags()))
        m.tagChosen.connect(acts.tag_selection)

        area.paneAdded.connect(self._connect_pane)
        area.panesChanged.connect(acts.panes_changed)
        area.message.connect(status.showMessage)
        acts.message.connect(status.showMessage)
        area.currentChanged.connect(self.original.refresh)
        self.original.message.connect(lambda text: status.showMessage(text, 8000))
        self.library_dock.articleOpenRequested.connect(self.open_article)
        dock = self.annotations_dock
        dock.annotationChosen.connect(acts.reveal_annotation)
        dock.annotationChosen.connect(self.versions.review_if_waiting)
        dock.noteEdited.connect(c.set_note)
        dock.deleteRequested.connect(acts.delete_annotations)

        links = self.links_dock
        c.linkAdded.connect(links.link_added)
        c.linkUpdated.connect(links.link_updated)
        c.linkRemoved.connect(links.link_removed)
        for signal in (c.linkAdded, c.linkUpdated, c.linkRemoved):
            signal.connect(views.links_changed)
        links.endChosen.connect(acts.reveal_annotation)
        links.linkSelected.connect(acts.link_selected)
        links.linkNoteEdited.connect(c.set_link_note)
        links.deleteRequested.connect(c.delete_links)
        area.overlay.linkClicked.connect(acts.link_clicked)

    def _connect_pane(self, pane: ArticlePane) -> None:
        acts = self.annotation_actions
        pane.tagRequested.connect(acts.tag_range)
        pane.annotationsActivated.connect(acts.annotations_activated)
        pane.deleteRequested.connect(acts.delete_annotations)
        pane.focused.connect(lambda p=pane: self.reading.set_current_pane(p))
        # After the splitter has given the pane its width, not before: a header measured
        # at the old width would cut its title off.
        pane.widthChanged.connect(self.reading.schedule_header_alignment)

    # -- the reading area, as the rest of the program knows it ----------------------------

    @property
    def panes(self) -> list[ArticlePane]:
        return self.reading.panes

    @property
    def current_pane(self) -> ArticlePane | None:
        return self.reading.current_pane

    @property
    def splitter(self) -> QSplitter:
        return self.reading.splitter

    @property
    def overlay(self) -> ConnectorOverlay:
        return self.reading.overlay

    def open_article(self, article_id: int, pane: ArticlePane | None = None) -> ArticlePane | None:
        """Show an article in a pane: the one given, the current one, or a new one."""
        return self.reading.open_article(article_id, pane)

    def set_current_pane(self, pane: ArticlePane | None) -> None:
        self.reading.set_current_pane(pane)

    def close_current_pane(self) -> None:
        self.reading.close_current_pane()

    # -- annotations, as the rest of the program knows them -------------------------------

    @property
    def link_flow(self) -> LinkFlow:
        """Linking one passage to another, step by step; not needed to show the window."""
        return self.annotation_actions.link_flow

    def _make_link_flow(self) -> None:
        """Build the link flow ahead of need (after the first paint)."""
        _ = self.link_flow

    def start_link(self) -> None:
        self.annotation_actions.start_link()

    def show_counterparts(self, annotation_id: int | None) -> None:
        """Emphasise the passages linked to this one and bring them into view."""
        self.annotation_actions.show_counterparts(annotation_id)

    def focus_regions(self) -> list[QWidget]:
        """Where F6 goes, in reading order: the library, each pane, the record docks."""
        tables = [(dock, dock.table) for dock in (self.annotations_dock, self.links_dock)]
        texts = [pane.text_view for pane in self.panes]
        return window_focus.focus_regions(self.library_dock, self.library_dock.view, texts, tables)

    def cycle_focus(self, step: int) -> None:
        window_focus.cycle_focus(self.focus_regions(), step)

    # -- imports, as the rest of the program knows them (see :mod:`window_imports`) ---------

    def import_paths(self, paths: Sequence[str]) -> None:
        self.imports.import_paths(paths)

    def open_files(self, paths: Sequence[str]) -> None:
        self.imports.open_files(paths)

    def import_annotations(self, path: str | None = None) -> str:
        return self.imports.import_annotations(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(ARTICLE_MIME) or mime.hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(ARTICLE_MIME):
            ids = json.loads(bytes(mime.data(ARTICLE_MIME).data()).decode("utf-8"))
            under = self.childAt(event.position().toPoint())
            for article_id in ids[:1]:
                self.reading.drop_article(int(article_id), under)
            event.acceptProposedAction()
        elif self.imports.drop_urls(mime.urls()):
            event.acceptProposedAction()

    # -- dialogs -----------------------------------------------------------------------------

    def open_tag_manager(self) -> None:
        from xiaomi_reader.gui.tag_manager import TagManagerDialog

        dialog = TagManagerDialog(self.controller, self)
        dialog.exec()

    def open_export_dialog(self) -> None:
        from xiaomi_reader.gui.export_dialog import ExportDialog

        self._save_notes()
        ExportDialog(self.library, self).exec()

    def open_backups(self) -> None:
        from xiaomi_reader.gui.backup_dialog import BackupDialog

        self.annotations_dock.save_note()
        dialog = BackupDialog(self.controller, self)
        if dialog.exec() and dialog.restored is not None:
            self.after_restore()

    def after_restore(self) -> None:
        self.watcher.reload_and_remember()
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

    # -- changes made by other programs ---------------------------------------------------------

    def check_for_outside_changes(self) -> bool:
        """Reload if another window or the command line changed the library; True if so."""
        return self.watcher.check()

    def reload_from_library(self, *, keep_undo: bool = False) -> None:
        """Show the library as it is now (see :meth:`ViewUpdates.reload`)."""
        self.views.reload(keep_undo=keep_undo)

    def _save_notes(self) -> None:
        self.annotations_dock.save_note()
        self.links_dock.save_note()

    # -- state -------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.reading.schedule_header_alignment()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.versions.wait()  # a page still being fetched for an update
        self.imports.stop()
        self._save_notes()
        self.save_state()
        super().closeEvent(event)

    def save_state(self) -> None:
        window_state.save_window(self, self.reading)
