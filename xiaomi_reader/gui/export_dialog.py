"""The export dialog (File → Export Report…): format, articles, tags, destination, then export.

The dialog reads what it lists through the library and hands the export itself to
:func:`xiaomi_reader.export.export_library` on a worker thread (`export_runner`), so a
large report never freezes the window.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core.display import display_name
from xiaomi_reader.core.scope import Scope, select_annotations
from xiaomi_reader.gui import check_lists, export_memory
from xiaomi_reader.gui.export_choices import (
    BY_KEY,
    FORMAT_CHOICES,
    ExportRequest,
    FormatChoice,
    default_folder,
    suggested_path,
)
from xiaomi_reader.gui.export_destination import (
    confirm_replace,
    format_of,
    with_format_extension,
)
from xiaomi_reader.gui.export_format import FormatBox
from xiaomi_reader.gui.export_runner import ExportRunner, run_export
from xiaomi_reader.gui.export_status import ExportStatus
from xiaomi_reader.gui.models import colour_chip
from xiaomi_reader.store.library import Library

__all__ = ["FORMAT_CHOICES", "ExportDialog", "ExportRequest", "FormatChoice", "run_export"]


class ExportDialog(QDialog):
    """Choose what to export and where; the export runs off the GUI thread."""

    exportFinished = Signal(str)  # the path written
    exportFailed = Signal(str)  # the message shown

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.last_result: Path | None = None
        self.last_request: ExportRequest | None = None
        self.last_error = ""
        self._running = False
        self._replace_ok: Path | None = None  # an existing file the file dialog asked about
        self._articles = library.articles()
        self._tags = library.tags()
        self._annotations = library.annotations()
        self._runner = ExportRunner(self, self._export_succeeded, self._export_failed)

        self.setWindowTitle("Export Report")
        self.setObjectName("ExportDialog")
        self.setModal(True)
        self._build()
        self.set_format(export_memory.last_format() or self.selected_format())
        self._set_destination(suggested_path(self.selected_format(), self._folder()))
        self._update_scope()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        columns = QHBoxLayout()
        self.format_box = FormatBox()
        self.format_buttons = self.format_box.format_buttons
        self.page_size_combo = self.format_box.page_size_combo
        self.format_box.format_group.buttonToggled.connect(self._format_toggled)
        columns.addWidget(self.format_box, 0)
        selection = QVBoxLayout()
        selection.addWidget(self._articles_box(), 3)
        selection.addWidget(self._tags_box(), 1)
        columns.addLayout(selection, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(self._destination_row())
        self.status = ExportStatus()
        self.scope_label = self.status.scope_label
        self.progress_bar = self.status.progress_bar
        self.error_label = self.status.error_label
        self.result_row = self.status.result_row
        self.result_label = self.status.result_label
        self.open_button = self.status.open_button
        self.open_button.clicked.connect(self._open_clicked)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # Export keeps the dialog open (to show the outcome), so it is not wired to accept().
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        # Once inside the dialog, so that Enter in the file name (or a list) exports.
        self.export_button.setDefault(True)
        self.resize(860, 580)

    def _articles_box(self) -> QGroupBox:
        self.article_list = check_lists.checklist(
            "Articles to export", ("Article", "Date", "Annotations"), rows=10
        )
        for article in self._articles:
            item = check_lists.check_item(article.id, article.title, article.date or "—")
            item.setText(2, str(article.annotation_count))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, article.title)
            self.article_list.addTopLevelItem(item)
        self.articles_all_button, self.articles_none_button = check_lists.all_none(
            self.article_list, self._update_scope
        )
        return check_lists.list_box(
            "Articles", self.article_list, self.articles_all_button, self.articles_none_button
        )

    def _tags_box(self) -> QGroupBox:
        self.tag_list = check_lists.checklist("Tags to export", ("Tag", "Annotations"), rows=4)
        usage = Counter(t for a in self._annotations for t in a.tag_ids)
        for tag in self._tags:
            item = check_lists.check_item(tag.id, tag.name, str(usage[tag.id]))
            item.setIcon(0, colour_chip(tag.colour))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tag_list.addTopLevelItem(item)
        self.tags_all_button, self.tags_none_button = check_lists.all_none(
            self.tag_list, self._update_scope
        )
        hint = check_lists.description(
            "With every tag checked, untagged annotations are exported too."
        )
        return check_lists.list_box(
            "Tags", self.tag_list, self.tags_all_button, self.tags_none_button, hint
        )

    def _destination_row(self) -> QHBoxLayout:
        self.destination_edit = QLineEdit()
        self.destination_edit.setAccessibleName("Destination file")
        # textEdited fires for the user's typing only, never for setText.
        self.destination_edit.textEdited.connect(self._destination_typed)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse)
        label = QLabel("&Save to:")
        label.setBuddy(self.destination_edit)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.destination_edit, 1)
        row.addWidget(self.browse_button)
        return row

    # -- reading the choices -----------------------------------------------------------------

    def selected_format(self) -> str:
        return self.format_box.selected_format()

    def set_format(self, fmt: str) -> None:
        self.format_buttons[fmt].setChecked(True)

    def page_size(self) -> str:
        return self.format_box.page_size()

    def checked_article_ids(self) -> list[int]:
        return check_lists.checked_ids(self.article_list)

    def checked_tag_ids(self) -> list[int]:
        return check_lists.checked_ids(self.tag_list)

    def set_article_checked(self, article_id: int, checked: bool) -> None:
        check_lists.set_checked(self.article_list, article_id, checked)

    def set_tag_checked(self, tag_id: int, checked: bool) -> None:
        check_lists.set_checked(self.tag_list, tag_id, checked)

    def scope(self) -> Scope:
        """Which annotations the export covers; "everything" is None, as export_library has it."""
        articles = self.checked_article_ids()
        tags = self.checked_tag_ids()
        return Scope(
            article_ids=None
            if len(articles) == self.article_list.topLevelItemCount()
            else tuple(articles),
            tag_ids=None if len(tags) == self.tag_list.topLevelItemCount() else frozenset(tags),
        )

    def destination(self) -> Path | None:
        """The file to write: ``~`` expanded, a bare name put in the suggested folder."""
        text = self.destination_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self._folder() / path

    def _folder(self) -> Path:
        """Where a bare file name goes: the last export's folder, else the documents folder."""
        return export_memory.last_folder() or default_folder()

    def request(self) -> ExportRequest | None:
        destination = self.destination()
        if destination is None:
            return None
        scope = self.scope()
        names = {tag.id: tag.name for tag in self._tags}
        return ExportRequest(
            fmt=self.selected_format(),
            destination=destination,
            article_keys=tuple(str(i) for i in scope.article_ids or ()),
            tag_names=tuple(names[i] for i in sorted(scope.tag_ids or ())),
            page_size=self.page_size(),
        )

    def is_running(self) -> bool:
        return self._running

    # -- destination ---------------------------------------------------------------------------

    def ask_destination(self, suggested: str) -> str | None:
        """The save-file dialog; None when cancelled. (Tests replace this method.)"""
        choice = BY_KEY[self.selected_format()]
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export Report", suggested, f"{choice.file_filter};;All files (*)"
        )
        return path or None

    def browse(self) -> None:
        fmt = self.selected_format()
        current = self.destination() or suggested_path(fmt, self._folder())
        chosen = self.ask_destination(str(current))
        if not chosen:
            return
        path = Path(chosen)
        # A file of another known format picks that format; any other name gets ours.
        self.set_format(format_of(path) or fmt)
        path = with_format_extension(path, self.selected_format())
        # The file dialog has already asked about replacing an existing file.
        self._replace_ok = path
        self._set_destination(path)

    def _set_destination(self, path: Path) -> None:
        self.destination_edit.setText(str(path))
        self.status.clear_outcome()

    def _destination_typed(self, text: str) -> None:
        self.status.clear_outcome()
        # Typing "report.html" picks HTML; the name is left as typed (it already fits).
        typed = format_of(Path(text.strip()))
        if typed is not None and typed != self.selected_format():
            self.set_format(typed)

    def _format_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        self.status.clear_outcome()
        shown = self.destination_edit.text().strip()
        if shown:
            # Same folder and name, the new format's extension: never HTML in "report.md".
            fitted = with_format_extension(Path(shown), self.selected_format())
            if str(fitted) != shown:
                self._set_destination(fitted)

    # -- scope summary ---------------------------------------------------------------------------

    def _update_scope(self, *_changed: object) -> None:
        self.status.clear_outcome()
        problem = self._scope_problem()
        self.scope_label.setText(problem or self._scope_text())
        self.export_button.setEnabled(not problem and not self._running)

    def _scope_problem(self) -> str:
        if not self._articles:
            return "The library has no articles to export."
        if not self.checked_article_ids():
            return "Check at least one article to export."
        if self._tags and not self.checked_tag_ids():
            return "Check at least one tag, or all of them for every annotation."
        return ""

    def _scope_text(self) -> str:
        chosen = select_annotations(self._annotations, self._articles, self.scope())
        if not chosen:
            return (
                "The export will hold no annotations: none is in the checked articles "
                "with the checked tags."
            )
        orphans = sum(1 for a in chosen if a.article_id is None)
        # Only articles that give the export an annotation count: a checked one without any
        # in scope adds nothing to a CSV or W3C file, and only its heading to a report.
        articles = len({a.article_id for a in chosen if a.article_id is not None})
        text = _plural(len(chosen), "annotation")
        if articles:
            text += f" from {_plural(articles, 'article')}"
        if orphans:
            text += f", {orphans} of them orphaned" if articles else ", all orphaned"
        return f"The export will hold {text}."

    # -- exporting -------------------------------------------------------------------------------

    def start_export(self) -> bool:
        """Check the choices and start the export on the worker thread; False if not started."""
        if self._running or self._scope_problem():
            return False
        self.status.clear_outcome()
        request = self.request()
        if request is None:
            self._show_error("Choose where to save the export: type a file name or use Browse….")
            return False
        confirmed, self._replace_ok = self._replace_ok, None  # a confirmation counts once
        existing = request.destination.is_file() and request.destination != confirmed
        if existing and not confirm_replace(self, request.destination):
            return False  # Cancel: the file stays exactly as it was
        self.last_request = request
        self._set_running(True)
        # run_export is looked up here, when the export starts (tests replace it).
        self._runner.start(run_export, self.library, request)
        return True

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.progress_bar.setVisible(running)
        for widget in self._inputs():
            widget.setEnabled(not running)
        if not running:
            self.format_box.update_page_size()
        self.export_button.setEnabled(not running and not self._scope_problem())
        self.close_button.setEnabled(not running)
        if running:
            self.scope_label.setText(f"Exporting to {display_name(self.destination() or '')}…")
        else:
            self.scope_label.setText(self._scope_problem() or self._scope_text())

    def _inputs(self) -> Sequence[QWidget]:
        return (
            *self.format_buttons.values(),
            self.page_size_combo,
            self.article_list,
            self.tag_list,
            self.articles_all_button,
            self.articles_none_button,
            self.tags_all_button,
            self.tags_none_button,
            self.destination_edit,
            self.browse_button,
        )

    def _export_succeeded(self, path: str) -> None:
        self._set_running(False)
        self.last_result = Path(path)
        if self.last_request is not None:
            export_memory.remember(self.last_request.fmt, self.last_result)
        self.status.show_result(f"Exported to {display_name(path)}")
        self.exportFinished.emit(path)

    def _export_failed(self, message: str) -> None:
        self._set_running(False)
        self._show_error(message)
        self.exportFailed.emit(message)

    def _show_error(self, message: str) -> None:
        self.last_error = message
        self.status.show_error(message)

    def _open_clicked(self) -> None:
        if self.last_result is not None:
            self.open_result(str(self.last_result))

    def open_result(self, path: str) -> None:
        """Open an exported file with the desktop's application for it. (Tests replace this.)"""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            self._show_error(f"No application could open {display_name(path)}; it is saved there.")

    def done(self, result: int) -> None:
        # A running export cannot be abandoned halfway; Close and Escape wait for it.
        if self._running:
            return
        super().done(result)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
