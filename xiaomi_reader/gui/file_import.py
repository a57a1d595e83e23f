"""One import of article files: read beside the window, stored by the window, with Cancel.

The files are read and parsed on a worker thread (:mod:`file_reader`). What it reads is
stored here, on the GUI thread, through the controller (the window's one door for
writes), a batch at a time, so that the window keeps painting between batches. Each
batch is one transaction: an article is stored whole, with its original, or not at all.

A progress dialog ("12 of 300 files", the file being read, Cancel) shows only when the
import takes longer than a moment; Cancel stops after the file being read and keeps
what was stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QProgressDialog, QPushButton, QWidget

from xiaomi_reader.core.article_files import base_name, refusal_subject
from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.core.display import display_name
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.file_reader import FileReader
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus

__all__ = ["SHOW_AFTER_MS", "FileImport"]

SHOW_AFTER_MS = 500  # an import quicker than this shows no progress at all
STORE_EVERY_MS = 150  # what was read is stored this often, so the lists fill as it goes
STORE_AT_MOST = 50  # files a batch: each store stays short whatever the pace of reading


class FileImport(QObject):
    """Imports ``paths``; ``done`` is emitted once, when every file was read or the
    import was cancelled, with :attr:`outcomes` in the order of the files read."""

    done = Signal()

    def __init__(
        self, controller: LibraryController, paths: Sequence[str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.paths = list(paths)
        self.cancelled = False
        self._store_failed = False
        self._outcomes: dict[int, ImportOutcome] = {}
        self._pending: list[tuple[int, ParsedArticle]] = []
        self._store_timer = QTimer(self)
        self._store_timer.setSingleShot(True)
        self._store_timer.setInterval(STORE_EVERY_MS)
        self._store_timer.timeout.connect(self._store_pending)
        self.progress, self.cancel_button = _progress_dialog(parent, len(self.paths))
        # The button, the title bar's close and Escape all cancel.
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

    def running(self) -> bool:
        return self.reader.running()

    def cancel(self) -> None:
        """Stop after the file being read; what was read is kept."""
        if not self.reader.running():
            return
        self.cancelled = True
        self.reader.cancel()
        self.cancel_button.setEnabled(False)
        self.progress.setLabelText("Cancelling after the file being read…")

    def stop(self) -> None:
        """Cancel and wait for the worker (the window is closing); what it read is
        stored before this returns."""
        self.cancel()
        self.reader.wait()
        # The worker's last signals are still queued: take them now, not after the window.
        QCoreApplication.sendPostedEvents(self.reader, 0)

    def summary(self) -> str:
        """What happened, in one line for the status bar."""
        counts = {status: 0 for status in ImportStatus}
        for outcome in self._outcomes.values():
            counts[outcome.status] += 1
        imported, present = counts[ImportStatus.IMPORTED], counts[ImportStatus.PRESENT]
        refused = counts[ImportStatus.REFUSED]
        if not self.cancelled:
            return f"Imported {imported}, already present {present}, refused {refused}."
        stopped = "Stopped" if self._store_failed else "Cancelled"
        parts = [f"{stopped}: {imported} of {len(self.paths)} files imported"]
        if present:
            parts.append(f"{present} already present")
        if refused:
            parts.append(f"{refused} refused")
        parts.append(f"{len(self.paths) - len(self._outcomes)} not read")
        return ", ".join(parts) + "."

    # -- what the worker reports -------------------------------------------------------

    def _file_started(self, index: int) -> None:
        if not self.cancelled:
            self.progress.setLabelText(f"Reading {display_name(base_name(self.paths[index]))}")

    def _file_read(self, index: int, parsed: ParsedArticle | None, reason: str) -> None:
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
        # Last: a shown modal progress dialog handles pending events in setValue, the
        # worker's next signals included, and they must find this file recorded.
        self.progress.setValue(index + 1)

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
        self._store_pending()
        self.cancelled = self.cancelled or cancelled
        self.progress.close()
        self.progress.deleteLater()
        self.done.emit()


def _progress_dialog(parent: QWidget, total: int) -> tuple[QProgressDialog, QPushButton]:
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
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    # Cancel waits for the file being read, with the dialog showing so, instead of
    # Qt's default of hiding the dialog at once.
    dialog.canceled.disconnect(dialog.cancel)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setRange(0, total)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setValue(0)
    return dialog, cancel
