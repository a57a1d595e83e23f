"""The window's imports: article files (File → Import Articles…, dropped, or given to the
program), web pages (File → Import from URL…, or links dropped) and annotation files.

Files are imported beside the window (:mod:`file_import`), one import after the other:
files dropped while one runs wait their turn. When an import ends, the counts go to the
status bar, the refusals into one message, and what was imported opens in a pane.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtWidgets import QMainWindow

from xiaomi_reader.gui.file_import import FileImport
from xiaomi_reader.gui.import_articles import ask_article_files, import_refusals
from xiaomi_reader.store.import_outcomes import ImportOutcome
from xiaomi_reader.web.addresses import looks_like_address

if TYPE_CHECKING:
    from xiaomi_reader.gui.controller import LibraryController
    from xiaomi_reader.gui.outside_changes import OutsideChangeWatcher
    from xiaomi_reader.gui.reading_area import ReadingArea
    from xiaomi_reader.gui.url_dialog import ImportUrlDialog

__all__ = ["WindowImports"]

_Then = Callable[[list[ImportOutcome]], object]


class WindowImports(QObject):
    def __init__(
        self,
        window: QMainWindow,
        controller: LibraryController,
        reading: ReadingArea,
        watcher: OutsideChangeWatcher,
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.reading = reading
        self.watcher = watcher
        self.show_error = show_error
        self.current: FileImport | None = None  # the file import running, if any
        self.url_dialog: ImportUrlDialog | None = None
        self._waiting: deque[tuple[list[str], str, _Then]] = deque()
        self._closing = False

    # -- article files ---------------------------------------------------------------------

    def import_articles(self) -> None:
        """File → Import Articles…"""
        paths = ask_article_files(self.window)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: Sequence[str]) -> None:
        """Import files; the first new article opens in a free pane."""
        self._import(paths, "imported", self.reading.open_first_imported)

    def open_files(self, paths: Sequence[str]) -> None:
        """Show article files (as given on the command line): added to the library if new,
        then one to a pane from the left, as many as fit. Web addresses among them are
        fetched as File → Import from URL… does, with its progress and Cancel."""
        addresses = [p for p in paths if looks_like_address(p)]
        if addresses:
            self.import_from_url(addresses)
        files = [p for p in paths if not looks_like_address(p)]
        if files:
            self._import(files, "shown", self._show_all)

    def _show_all(self, outcomes: list[ImportOutcome]) -> None:
        ids = list(dict.fromkeys(o.article.id for o in outcomes if o.article is not None))
        shown = self.reading.show_articles(ids)
        if len(ids) > shown:
            self.window.statusBar().showMessage(
                f"Showing {shown} of the {len(ids)} articles; the rest are in the Library.",
                8000,
            )

    def busy(self) -> bool:
        """Whether files are being imported or wait their turn."""
        return self.current is not None or bool(self._waiting)

    def _import(self, paths: Sequence[str], verb: str, then: _Then) -> None:
        self._waiting.append((list(paths), verb, then))
        if self.current is None:
            self._start_next()

    def _start_next(self) -> None:
        if not self._waiting:
            return
        paths, verb, then = self._waiting.popleft()
        running = self.current = FileImport(self.controller, paths, self.window)
        running.done.connect(lambda: self._finished(running, verb, then))
        running.start()

    def _finished(self, done: FileImport, verb: str, then: _Then) -> None:
        """Say how it went (counts in the status bar, refusals in a message), open what
        was imported, then start the import waiting, if any."""
        self.current = None
        if self._closing:  # stored; nothing more to open or say in a closing window
            return
        outcomes = done.outcomes
        self.window.statusBar().showMessage(done.summary(), 15000 if done.cancelled else 8000)
        refusals = import_refusals(outcomes, verb)
        if refusals:
            self.show_error(refusals)
        then(outcomes)
        self._start_next()

    def stop(self) -> None:
        """The window is closing: nothing waiting starts, the running import stops after
        the file being read, and what it read is stored."""
        self._closing = True
        self._waiting.clear()
        if self.current is not None:
            self.current.stop()

    # -- dropped files and links -----------------------------------------------------------

    def drop_urls(self, urls: Sequence[QUrl]) -> bool:
        """Files and web links dropped on the window; True if any is taken."""
        paths = [url.toLocalFile() for url in urls if url.isLocalFile()]
        # A link dragged from a browser is a page to fetch, not a file.
        addresses = [u.toString() for u in urls if u.scheme() in ("http", "https")]
        # Let the drag finish before starting work and showing dialogs.
        if addresses:
            QTimer.singleShot(0, lambda: self.import_from_url(addresses))
        if paths:
            QTimer.singleShot(0, lambda: self.import_paths(paths))
        return bool(addresses or paths)

    # -- web pages ---------------------------------------------------------------------------

    def import_from_url(self, addresses: Sequence[str] = ()) -> None:
        """File → Import from URL…; given ``addresses``, it starts fetching them at once."""
        from xiaomi_reader.gui.url_dialog import ImportUrlDialog

        dialog = self.url_dialog = ImportUrlDialog(self.controller, self.window)
        dialog.finished.connect(lambda _r: self.reading.open_first_imported(dialog.outcomes))
        dialog.open()  # window-modal, and never blocking the event loop
        if addresses:
            dialog.addresses.setPlainText("\n".join(addresses))
            dialog.start_import()

    # -- annotation files --------------------------------------------------------------------

    def import_annotations(self, path: str | None = None) -> str:
        """Import a W3C file (asking for it when no path is given); returns what was shown."""
        from xiaomi_reader.gui import import_annotations as importer

        chosen = path or importer.ask_annotation_file(self.window)
        if not chosen:
            return ""
        summary, text = importer.import_annotation_file(self.window, self.controller, chosen)
        if summary is not None:
            self.watcher.reload_and_remember(keep_undo=True)
        importer.show_outcome(self.window, text, ok=summary is not None)
        return text
