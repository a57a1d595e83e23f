"""One import of article files: read beside the window, stored by the window, with Cancel.

The files are read and parsed on a worker thread (:mod:`file_reader`). What it reads is
stored here, on the GUI thread, through the controller (the window's one door for
writes), a batch at a time, so that the window keeps painting between batches. Each
batch is one transaction: an article is stored whole, with its original, or not at all.

A progress dialog ("12 of 300 files", the file being read, Cancel) shows only when the
import takes longer than a moment. Cancel ends the import at once: what was read is
kept; the worker stops after the file it is reading, which is not imported.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QProgressDialog, QWidget

from xiaomi_reader.core.article_files import base_name, refusal_subject
from xiaomi_reader.core.article_record import ParsedArticle
from xiaomi_reader.core.display import display_name
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.file_reader import FileReader
from xiaomi_reader.gui.import_articles import import_summary
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus

__all__ = ["SHOW_AFTER_MS", "FileImport"]

SHOW_AFTER_MS = 500  # an import quicker than this shows no progress at all
STORE_EVERY_MS = 150  # what was read is stored this often, so the lists fill as it goes
STORE_AT_MOST = 50  # files a batch: each store stays short whatever the pace of reading


class FileImport(QObject):
    """Imports ``paths``; ``done`` is emitted once, when every file was read or the
    import was cancelled, with :attr:`outcomes` in the order of the files. It deletes
    itself once its worker has ended."""

    done = Signal()

    def __init__(
        self, controller: LibraryController, paths: Sequence[str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.paths = list(paths)
        self.cancelled = False
        self._ended = False
        self._store_failed = False
        self._outcomes: dict[int, ImportOutcome] = {}
        self._pending: list[tuple[int, ParsedArticle]] = []
        self._store_timer = QTimer(self)
        self._store_timer.setSingleShot(True)
        self._store_timer.setInterval(STORE_EVERY_MS)
        self._store_timer.timeout.connect(self._store_pending)
        self.progress, self._bar = _progress_dialog(parent, len(paths))
        # The button, Escape and the title bar's close all cancel.
        self.progress.canceled.connect(self.cancel)
        self.progress.rejected.connect(self.cancel)
        self.reader = FileReader(self)
        self.reader.started.connect(self._file_started)
        self.reader.read.connect(self._file_read)
        self.reader.finished.connect(self._finished)

    @property
    def outcomes(self) -> list[ImportOutcome]:
        return [self._outcomes[index] for index in sorted(self._outcomes)]

    def start(self) -> None:
        self.reader.start(self.paths)

    def cancel(self) -> None:
        """Stop now: what was read is kept, the file being read is not imported (the
        worker stops once it has read it, and the window does not wait for that)."""
        if self._ended:
            return
        self.cancelled = True
        self.reader.cancel()
        self._end()

    def stop(self) -> None:
        """Cancel, and wait for the worker to end (the window is closing)."""
        self.cancel()
        self.reader.wait()

    def summary(self) -> str:
        """What happened, in one line for the status bar."""
        ended = ("Stopped" if self._store_failed else "Cancelled") if self.cancelled else ""
        return import_summary(self.outcomes, len(self.paths), ended)

    # -- what the worker reports -------------------------------------------------------

    def _file_started(self, index: int) -> None:
        if not self._ended:
            self.progress.setLabelText(f"Reading {display_name(base_name(self.paths[index]))}")

    def _file_read(self, index: int, parsed: ParsedArticle | None, reason: str) -> None:
        if self._ended:
            return  # read while the cancel was on its way: not imported
        if parsed is None:
            self._outcomes[index] = ImportOutcome(
                self.paths[index], ImportStatus.REFUSED, reason=reason
            )
        else:
            self._pending.append((index, parsed))
            if len(self._pending) >= STORE_AT_MOST:
                self._store_pending()
            elif not self._store_timer.isActive():
                self._store_timer.start()
        # The bar itself, not QProgressDialog.setValue(): on a modal dialog that handles
        # pending events, the worker's next signals included, in the middle of this one.
        self._bar.setValue(index + 1)

    def _store_pending(self) -> None:
        from xiaomi_reader.store.errors import LibraryError

        self._store_timer.stop()
        batch, self._pending = self._pending, []
        if not batch:
            return
        names = [self.paths[index] for index, _ in batch]
        try:
            stored = self.controller.import_parsed_articles([p for _, p in batch], names)
        except LibraryError as exc:  # a full disk, a busy library: none of the batch stored
            for index, _ in batch:
                subject = refusal_subject(self.paths[index])
                self._outcomes[index] = ImportOutcome(
                    self.paths[index], ImportStatus.REFUSED, reason=f"{subject}: {exc}"
                )
            self._store_failed = True
            self.reader.cancel()  # the next batch would meet the same wall
            return
        for (index, _), outcome in zip(batch, stored, strict=True):
            self._outcomes[index] = outcome

    def _finished(self, cancelled: bool) -> None:
        if not self._ended:
            self.cancelled = cancelled  # a store that failed stopped it
            self._end()
        self.deleteLater()  # only now: deleting the worker's pool waits for the worker

    def _end(self) -> None:
        self._ended = True
        self._store_pending()
        self.progress.close()
        self.progress.deleteLater()
        self.done.emit()


def _progress_dialog(parent: QWidget, total: int) -> tuple[QProgressDialog, QProgressBar]:
    """The window-modal progress dialog, shown only once the import has taken a moment."""
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle("Importing articles")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is shown as it is named
    label.setMinimumWidth(360)
    dialog.setLabel(label)
    bar = QProgressBar()
    bar.setFormat("%v of %m files")
    dialog.setBar(bar)
    # The dialog's own button: one given with setCancelButton() leaves two Escape
    # shortcuts behind, which then cancel each other out.
    dialog.setCancelButtonText("Cancel")
    # Cancel ends the import (FileImport.cancel), not just the dialog.
    dialog.canceled.disconnect(dialog.cancel)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setRange(0, total)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setValue(0)  # starts the clock: the dialog shows once SHOW_AFTER_MS have passed
    return dialog, bar
