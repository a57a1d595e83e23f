"""The View Original dialog: what an article was read from, saved to a file or opened.

The bytes are read from the library only when they are saved or opened, never to show
the dialog. Saving writes the whole file or nothing (:func:`write_atomic`); opening
hands a copy in the cache folder to the system's default program for its type.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.core.article_metadata import web_url
from xiaomi_reader.core.display import display_name, escape_controls
from xiaomi_reader.core.originals import extension_for, suggested_file_name
from xiaomi_reader.export.files import ExportError, write_atomic
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.paths import cache_dir

__all__ = ["OriginalDialog"]

_KINDS = {
    "text/plain": "Plain text",
    "text/markdown": "Markdown",
    "text/html": "Web page (HTML)",
    "application/xhtml+xml": "Web page (XHTML)",
    "application/pdf": "PDF document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
}


_KEEP_COPIES_SECONDS = 24 * 3600


class OriginalDialog(QDialog):
    """Details of one article's original, with Save As… and Open."""

    message = Signal(str)  # for the status bar: what was saved or opened

    def __init__(
        self,
        controller: LibraryController,
        article: records.Article,
        info: records.OriginalInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OriginalDialog")
        self.setWindowTitle("View Original")
        self._controller = controller
        self._article = article
        self._info = info
        self.suggested_name = suggested_file_name(info.file_name, info.url, info.media_type)
        self.file_dialog: QFileDialog | None = None
        self.last_error = ""

        layout = QVBoxLayout(self)
        heading = QLabel(
            f"The original of “{escape_controls(article.title)}”, exactly as it was "
            + ("fetched." if info.url else "imported."),
            self,
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        for label, value in _details(info):
            shown = QLabel(value, self)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        layout.addLayout(form)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton("&Save As…", self)
        self.save_button.setDefault(True)
        self.open_button = QPushButton("&Open", self)
        self.open_button.setToolTip("Open a copy in the program your system uses for this type")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.ask_where_to_save)
        self.open_button.clicked.connect(self.open_copy)
        layout.addWidget(buttons)

    # -- saving ------------------------------------------------------------------------------

    def ask_where_to_save(self) -> None:
        """The save dialog (Qt's own, window-modal, never blocking the event loop)."""
        extension = extension_for(self._info.media_type)
        kind = _KINDS.get(self._info.media_type, self._info.media_type)
        dialog = QFileDialog(self, "Save Original As")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([f"{kind} (*{extension})", "All files (*)"])
        dialog.setDefaultSuffix(extension.lstrip("."))
        dialog.selectFile(self.suggested_name)
        dialog.fileSelected.connect(self.save_to)
        self.file_dialog = dialog
        dialog.open()

    def save_to(self, path: str) -> bool:
        data = self._bytes()
        if data is None:
            return False
        try:
            written = write_atomic(path, data)
        except ExportError as exc:
            self._fail(str(exc))
            return False
        self._say(f"Saved the original to {display_name(written)}.")
        return True

    # -- opening -----------------------------------------------------------------------------

    def open_copy(self) -> bool:
        """Open a copy in the system's default program; the library's bytes stay as they are."""
        data = self._bytes()
        if data is None:
            return False
        folder = cache_dir() / "originals"
        _forget_old_copies(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            copy = Path(tempfile.mkdtemp(dir=folder)) / self.suggested_name
            write_atomic(copy, data)
        except (OSError, ExportError) as exc:
            self._fail(f"No copy could be made to open ({exc}); use Save As… instead.")
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            self._fail(
                f"No program on this system opens {display_name(copy.name)}; "
                "use Save As… and open the file yourself."
            )
            return False
        self._say(f"Opened a copy of the original: {display_name(copy)}")
        return True

    # -- shared ------------------------------------------------------------------------------

    def _bytes(self) -> bytes | None:
        """The original's bytes, read now; None (the reason shown) when they cannot be."""
        controller, article_id = self._controller, self._article.id
        found = controller.attempt(lambda: controller.library.original(article_id))
        return None if found is None else found[1]

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)

    def _fail(self, text: str) -> None:
        self.last_error = text
        self.status.setText(text)
        self._controller.report(text)


def _forget_old_copies(folder: Path) -> None:
    """Copies handed out a day ago or more: the program that opened them has read them."""
    cutoff = time.time() - _KEEP_COPIES_SECONDS
    for entry in folder.glob("tmp*"):
        with contextlib.suppress(OSError):
            if entry.is_dir() and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry)


def _details(info: records.OriginalInfo) -> list[tuple[str, str]]:
    kind = _KINDS.get(info.media_type, "")
    rows = [("Kind:", f"{kind} ({info.media_type})" if kind else info.media_type)]
    rows.append(("Size:", f"{info.size:,} bytes"))
    if info.url:
        shown = escape_controls(info.url)
        rows.append(("Address:", shown if web_url(info.url) else f"{shown} (not a web address)"))
    if info.file_name:
        rows.append(("File:", display_name(info.file_name)))
    if info.fetched_at:
        local = info.fetched_at.astimezone()
        rows.append(("Fetched:", local.strftime("%Y-%m-%d %H:%M:%S %Z").strip()))
    rows.append(("SHA-256:", info.sha256))
    return rows
