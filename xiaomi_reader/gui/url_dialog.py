"""File → Import from URL…: paste web addresses, fetch them beside the window, import.

The pages are fetched on a worker thread (:mod:`url_fetcher`); each page read is stored
here, on the GUI thread, through the controller (the window's one door for writes), as
soon as it arrives, so a page that fails leaves nothing behind and the others go on, as
on the command line. The result is the command line's line per address.
"""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.core.display import escape_controls
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.url_fetcher import UrlFetcher
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus, outcome_line
from xiaomi_reader.web.addresses import without_credentials
from xiaomi_reader.web.fetch import FetchLimits

__all__ = ["ImportUrlDialog", "pasted_addresses"]

_KIB = 1024


def pasted_addresses(text: str) -> list[str]:
    """One address per line; surrounding spaces and blank lines do not count."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class ImportUrlDialog(QDialog):
    def __init__(
        self,
        controller: LibraryController,
        parent: QWidget | None = None,
        limits: FetchLimits | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.limits = limits
        self.outcomes: list[ImportOutcome] = []
        self._labels: list[str] = []
        self._cancelled = False
        self.setWindowTitle("Import from URL")
        self.resize(640, 440)

        prompt = QLabel("Web pages to import, one address (http:// or https://) per line:")
        self.addresses = QPlainTextEdit()
        self.addresses.setPlaceholderText("https://example.com/news/story.html")
        self.addresses.setTabChangesFocus(True)
        prompt.setBuddy(self.addresses)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.pages_bar = QProgressBar()  # addresses done, of all
        self.pages_bar.setFormat("%v of %m addresses")
        self.bytes_bar = QProgressBar()  # the page being fetched: bytes, when announced
        self.bytes_bar.setTextVisible(True)
        # A QTextEdit for its block formats: a wrapped line is indented under its address.
        self.results = QTextEdit()
        self.results.setReadOnly(True)
        self.results.setAccessibleName("What became of each address")
        self.results.setAcceptRichText(False)
        self.results.setPlaceholderText("What became of each address is listed here.")
        for bar in (self.pages_bar, self.bytes_bar):
            bar.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("&Import")
        self.import_button.setDefault(True)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.addresses, 2)
        layout.addWidget(self.pages_bar)
        layout.addWidget(self.bytes_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 3)
        layout.addWidget(self.buttons)

        self.fetcher = UrlFetcher(self)
        self.fetcher.started.connect(self._page_started)
        self.fetcher.progressed.connect(self._page_progressed)
        self.fetcher.read.connect(self._page_fetched)
        self.fetcher.finished.connect(self._finished)

    # -- starting and stopping ------------------------------------------------------------

    def start_import(self) -> None:
        addresses = pasted_addresses(self.addresses.toPlainText())
        if not addresses:
            self.status.setText(
                "Paste at least one web address (http:// or https://), one per line."
            )
            return
        # Only the address without a user name or password is ever shown.
        self._labels = [without_credentials(a) for a in addresses]
        if self._labels != addresses:  # the box does not keep showing a password either
            self.addresses.setPlainText("\n".join(self._labels))
        self._cancelled = False
        self.outcomes = []
        self.results.clear()
        self.status.setText(f"Fetching {len(addresses)} addresses…")
        self.pages_bar.setRange(0, len(addresses))
        self.pages_bar.setValue(0)
        for bar in (self.pages_bar, self.bytes_bar):
            bar.setVisible(True)
        self._set_running(True)
        self.fetcher.start(addresses, self.limits)

    def reject(self) -> None:
        """Cancel (and Escape, and closing): stops a running import, else closes."""
        if self.fetcher.running():
            self._cancelled = True  # pages that arrive from now on are not imported
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")
            self.fetcher.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.fetcher.running():
            event.ignore()  # the title bar's close cancels first, as Cancel does
            self.reject()
            return
        super().closeEvent(event)

    def _set_running(self, running: bool) -> None:
        self.addresses.setReadOnly(running)
        self.import_button.setEnabled(not running)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel" if running else "Close")

    # -- what the worker reports -------------------------------------------------------------

    def _page_started(self, index: int) -> None:
        if self._cancelled:
            return
        label, total = escape_controls(self._labels[index]), len(self._labels)
        self.status.setText(f"Fetching {index + 1} of {total}: {label}")
        self.bytes_bar.setRange(0, 0)  # busy until the size is known
        self.bytes_bar.setFormat("connecting…")

    def _page_progressed(self, _index: int, received: int, expected: int | None) -> None:
        if self._cancelled:
            return
        shown = f"{received / _KIB:,.0f} KiB"
        if expected:
            # Kibibytes, so that the bar's int range holds any page up to the size cap.
            self.bytes_bar.setRange(0, max(1, expected // _KIB))
            self.bytes_bar.setValue(min(received, expected) // _KIB)
            self.bytes_bar.setFormat(f"{shown} of {expected / _KIB:,.0f} KiB")
        else:
            self.bytes_bar.setRange(0, 0)
            self.bytes_bar.setFormat(f"{shown} received")

    def _page_fetched(self, index: int, parsed: ParsedArticle | None, reason: str) -> None:
        if self._cancelled:
            return  # fetched just before the cancel arrived: nothing further is imported
        label = self._labels[index]
        if parsed is None:
            outcome = ImportOutcome(label, ImportStatus.REFUSED, reason=reason)
        else:
            outcome = self._store(parsed, label)
        self.outcomes.append(outcome)
        self._show_line(escape_controls(outcome_line(outcome)))
        self.pages_bar.setValue(index + 1)

    def _show_line(self, line: str) -> None:
        cursor = self.results.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if not self.results.document().isEmpty():
            cursor.insertBlock()
        block = QTextBlockFormat()
        block.setLeftMargin(24)
        block.setTextIndent(-24)
        block.setBottomMargin(4)
        cursor.setBlockFormat(block)
        cursor.insertText(line)

    def _store(self, parsed: ParsedArticle, label: str) -> ImportOutcome:
        from xiaomi_reader.store.errors import LibraryError

        try:
            return self.controller.import_parsed_articles([parsed], [label])[0]
        except LibraryError as exc:  # read-only, busy, a full disk: said, nothing stored
            return ImportOutcome(label, ImportStatus.REFUSED, reason=str(exc))

    def _finished(self, cancelled: bool) -> None:
        self._set_running(False)
        self.bytes_bar.setVisible(False)
        done = {status: 0 for status in ImportStatus}
        for outcome in self.outcomes:
            done[outcome.status] += 1
        counts = (
            f"imported {done[ImportStatus.IMPORTED]}, already present "
            f"{done[ImportStatus.PRESENT]}, refused {done[ImportStatus.REFUSED]}"
        )
        if done[ImportStatus.VERSION]:
            counts += f", new versions {done[ImportStatus.VERSION]}"
        if self._cancelled or cancelled:
            left = len(self._labels) - len(self.outcomes)
            self.status.setText(
                f"Cancelled: {left} of {len(self._labels)} addresses were not imported "
                f"({counts} before the cancel)."
            )
        else:
            self.status.setText(f"Done: {counts}.")
