"""The export dialog (File → Export Report…): format, articles, tags, destination, then export.

The dialog reads what it lists through the library and hands the export itself
to :func:`xiaomi_reader.export.export_library` on a worker thread, so a large
report never freezes the window. That is safe: every library method opens its
own short session on the shared SQLAlchemy engine (pooled connections, usable
from any thread), and the PDF writer only paints a ``QTextDocument`` onto a
``QPdfWriter``, which Qt supports outside the GUI thread. The dialog stays
modal while the export runs, so nothing in the library changes underneath it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSize, QStandardPaths, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core.colours import colours
from xiaomi_reader.core.display import display_name
from xiaomi_reader.core.scope import Scope, select_annotations
from xiaomi_reader.export import ExportError, export_library
from xiaomi_reader.gui.models import colour_chip
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.library import Library

__all__ = ["FORMAT_CHOICES", "ExportDialog", "ExportRequest", "FormatChoice"]


@dataclass(frozen=True)
class FormatChoice:
    key: str  # the format name export_library takes
    label: str
    extension: str
    description: str
    file_filter: str


FORMAT_CHOICES: tuple[FormatChoice, ...] = (
    FormatChoice(
        "md",
        "Markdown",
        ".md",
        "A report for wikis, chats and any text editor.",
        "Markdown (*.md *.markdown)",
    ),
    FormatChoice(
        "html",
        "HTML",
        ".html",
        "One self-contained page to read in a browser or print.",
        "HTML (*.html *.htm)",
    ),
    FormatChoice(
        "pdf",
        "PDF",
        ".pdf",
        "A paginated report to print or send, with page numbers.",
        "PDF (*.pdf)",
    ),
    FormatChoice(
        "csv",
        "CSV",
        ".csv",
        "One row per annotation, for spreadsheets.",
        "CSV (*.csv)",
    ),
    FormatChoice(
        "json",
        "W3C JSON-LD",
        ".jsonld",
        "Web Annotations for other tools; File → Import Annotations reads them back.",
        "W3C Web Annotations (*.jsonld *.json)",
    ),
)
_BY_KEY = {choice.key: choice for choice in FORMAT_CHOICES}
PAGE_SIZE_CHOICES: tuple[tuple[str, str], ...] = (
    ("a4", "A4 (210 × 297 mm)"),
    ("letter", "Letter (8.5 × 11 in)"),
)
ERROR_COLOUR = colours().error_text
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


@dataclass(frozen=True)
class ExportRequest:
    """Everything one export needs; plain data, handed to the worker thread."""

    fmt: str
    destination: Path
    article_keys: tuple[str, ...]  # empty: every article and every orphan
    tag_names: tuple[str, ...]  # empty: no tag filter
    page_size: str = "a4"


def run_export(library: Library, request: ExportRequest) -> Path:
    """Make the export; raises ExportError, LibraryError or OSError with a message for people."""
    return export_library(
        library,
        request.fmt,
        request.destination,
        request.article_keys,
        request.tag_names,
        page_size=request.page_size,
    )


class _Relay(QObject):
    """Carries the worker's outcome back to the GUI thread (queued, as it lives there)."""

    succeeded = Signal(str)
    failed = Signal(str)


class ExportDialog(QDialog):
    """Choose what to export and where; the export runs off the GUI thread."""

    exportFinished = Signal(str)  # the path written
    exportFailed = Signal(str)  # the message shown

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.last_result: Path | None = None
        self.last_error = ""
        self._running = False
        self._follow_format = True  # the destination's extension is ours to change
        self._replace_ok: Path | None = None  # an existing file the user agreed to replace
        self._articles = library.articles()
        self._tags = library.tags()
        self._annotations = library.annotations()
        # Created before the relay, so on destruction the pool waits for a running job
        # before the relay it reports to goes away.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.succeeded.connect(self._export_succeeded, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._export_failed, Qt.ConnectionType.QueuedConnection)

        self.setWindowTitle("Export Report")
        self.setObjectName("ExportDialog")
        self.setModal(True)
        self._build()
        self._set_destination(self._suggested_path(self.selected_format()), follow=True)
        self._update_scope()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.addWidget(self._format_box(), 0)
        selection = QVBoxLayout()
        selection.addWidget(self._articles_box(), 3)
        selection.addWidget(self._tags_box(), 1)
        columns.addLayout(selection, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(self._destination_row())
        layout.addWidget(self._status_area())
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # Export keeps the dialog open (to show the outcome), so it is not wired to accept().
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(860, 580)

    def _format_box(self) -> QGroupBox:
        box = QGroupBox("Format")
        layout = QVBoxLayout(box)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for choice in FORMAT_CHOICES:
            button = QRadioButton(choice.label)
            button.setObjectName(f"format_{choice.key}")
            button.setToolTip(choice.description)
            # Only as wide as its text: Qt's radio buttons ignore clicks right of it anyway.
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.format_group.addButton(button)
            self.format_buttons[choice.key] = button
            layout.addWidget(button)
            layout.addWidget(_description(choice.description, button))
        self.format_buttons[FORMAT_CHOICES[0].key].setChecked(True)
        self.format_group.buttonToggled.connect(self._format_toggled)

        self.page_size_combo = QComboBox()
        self.page_size_combo.setAccessibleName("Page size")
        for key, label in PAGE_SIZE_CHOICES:
            self.page_size_combo.addItem(label, key)
        self.page_size_combo.setCurrentIndex(1 if _prefers_letter() else 0)
        page_row = QFormLayout()
        page_row.setContentsMargins(0, 8, 0, 0)
        self.page_size_label = QLabel("&Page size:")
        self.page_size_label.setBuddy(self.page_size_combo)
        page_row.addRow(self.page_size_label, self.page_size_combo)
        layout.addLayout(page_row)
        layout.addStretch(1)
        self._update_page_size()
        return box

    def _articles_box(self) -> QGroupBox:
        self.article_list = _checklist(
            "Articles to export", ("Article", "Date", "Annotations"), rows=10
        )
        for article in self._articles:
            item = _check_item(article.id, article.title, article.date or "—")
            item.setText(2, str(article.annotation_count))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, article.title)
            self.article_list.addTopLevelItem(item)
        self.articles_all_button, self.articles_none_button = _all_none(
            self.article_list, self._update_scope
        )
        return _list_box(
            "Articles", self.article_list, self.articles_all_button, self.articles_none_button
        )

    def _tags_box(self) -> QGroupBox:
        self.tag_list = _checklist("Tags to export", ("Tag", "Annotations"), rows=4)
        usage = Counter(t for a in self._annotations for t in a.tag_ids)
        for tag in self._tags:
            item = _check_item(tag.id, tag.name, str(usage[tag.id]))
            item.setIcon(0, colour_chip(tag.colour))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tag_list.addTopLevelItem(item)
        self.tags_all_button, self.tags_none_button = _all_none(self.tag_list, self._update_scope)
        hint = _description("With every tag checked, untagged annotations are exported too.")
        return _list_box("Tags", self.tag_list, self.tags_all_button, self.tags_none_button, hint)

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

    def _status_area(self) -> QWidget:
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scope_label = QLabel()
        layout.addWidget(self.scope_label)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)  # busy: the export has no steps to count
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_bar.setAccessibleName("Export in progress")
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.error_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
        self.error_label.setPalette(palette)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.result_row = QWidget()
        row = QHBoxLayout(self.result_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the exported file with its usual application")
        self.open_button.clicked.connect(self._open_clicked)
        row.addWidget(self.result_label, 1)
        row.addWidget(self.open_button)
        self.result_row.hide()
        layout.addWidget(self.result_row)
        return area

    # -- reading the choices -----------------------------------------------------------------

    def selected_format(self) -> str:
        for key, button in self.format_buttons.items():
            if button.isChecked():
                return key
        return FORMAT_CHOICES[0].key

    def set_format(self, fmt: str) -> None:
        self.format_buttons[fmt].setChecked(True)

    def page_size(self) -> str:
        return str(self.page_size_combo.currentData())

    def checked_article_ids(self) -> list[int]:
        return [int(item.data(0, ID_ROLE)) for item in _items(self.article_list, checked=True)]

    def checked_tag_ids(self) -> list[int]:
        return [int(item.data(0, ID_ROLE)) for item in _items(self.tag_list, checked=True)]

    def set_article_checked(self, article_id: int, checked: bool) -> None:
        _set_checked(self.article_list, article_id, checked)

    def set_tag_checked(self, tag_id: int, checked: bool) -> None:
        _set_checked(self.tag_list, tag_id, checked)

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
        return path if path.is_absolute() else _default_folder() / path

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
        choice = _BY_KEY[self.selected_format()]
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export Report", suggested, f"{choice.file_filter};;All files (*)"
        )
        return path or None

    def browse(self) -> None:
        fmt = self.selected_format()
        current = self.destination() or self._suggested_path(fmt)
        chosen = self.ask_destination(str(current))
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_name(path.name + _BY_KEY[fmt].extension)
        # The file dialog has already asked about replacing an existing file.
        self._replace_ok = path
        self._set_destination(path, follow=path.suffix.lower() == _BY_KEY[fmt].extension)

    def _suggested_path(self, fmt: str) -> Path:
        name = f"xiaomi-reader-report-{date.today().isoformat()}{_BY_KEY[fmt].extension}"
        return _default_folder() / name

    def _set_destination(self, path: Path, *, follow: bool) -> None:
        self.destination_edit.setText(str(path))
        self._follow_format = follow
        self._clear_outcome()

    def _destination_typed(self, _text: str) -> None:
        self._follow_format = False
        self._clear_outcome()

    def _format_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        self._update_page_size()
        self._clear_outcome()
        current = self.destination()
        if self._follow_format and current is not None:
            # Same folder and name, the new format's extension.
            self._set_destination(
                current.with_suffix(_BY_KEY[self.selected_format()].extension), follow=True
            )

    def _update_page_size(self) -> None:
        is_pdf = self.selected_format() == "pdf"
        self.page_size_combo.setEnabled(is_pdf)
        self.page_size_label.setEnabled(is_pdf)

    # -- scope summary ---------------------------------------------------------------------------

    def _update_scope(self, *_changed: object) -> None:
        self._clear_outcome()
        problem = self._scope_problem()
        if problem:
            self.scope_label.setText(problem)
        else:
            self.scope_label.setText(self._scope_text())
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
        orphans = sum(1 for a in chosen if a.article_id is None)
        articles = len(self.checked_article_ids())
        text = f"{_plural(len(chosen), 'annotation')} from {_plural(articles, 'article')}"
        if orphans:
            text += f", {orphans} of them orphaned"
        return f"The export will hold {text}."

    # -- exporting -------------------------------------------------------------------------------

    def start_export(self) -> bool:
        """Check the choices and start the export on the worker thread; False if not started."""
        if self._running or self._scope_problem():
            return False
        self._clear_outcome()
        request = self.request()
        if request is None:
            self._show_error("Choose where to save the export: type a file name or use Browse….")
            return False
        if request.destination.is_file() and request.destination != self._replace_ok:
            # Asked here rather than in a modal box: clicking Export again confirms.
            self._replace_ok = request.destination
            self._show_error(
                f"{display_name(request.destination)} already exists. "
                "Click Export again to replace it."
            )
            return False
        self._set_running(True)
        relay, library = self._relay, self.library
        self._pool.start(lambda: _work(library, request, relay))
        return True

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.progress_bar.setVisible(running)
        for widget in self._inputs():
            widget.setEnabled(not running)
        if not running:
            self._update_page_size()
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
        self._replace_ok = Path(path)  # exporting again to the same file needs no second click
        self.result_label.setText(f"Exported to {display_name(path)}")
        self.result_row.show()
        self.open_button.setFocus()
        self.exportFinished.emit(path)

    def _export_failed(self, message: str) -> None:
        self._set_running(False)
        self._show_error(message)
        self.exportFailed.emit(message)

    def _show_error(self, message: str) -> None:
        self.last_error = message
        self.error_label.setText(message)
        self.error_label.show()

    def _clear_outcome(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        self.result_row.hide()

    def _open_clicked(self) -> None:
        if self.last_result is not None:
            self.open_result(str(self.last_result))

    def open_result(self, path: str) -> None:
        """Open an exported file with the desktop's application for it. (Tests replace this.)"""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            self._show_error(
                f"No application could open {display_name(path)}; it is saved there."
            )

    def done(self, result: int) -> None:
        # A running export cannot be abandoned halfway; Close and Escape wait for it.
        if self._running:
            return
        super().done(result)


def _work(library: Library, request: ExportRequest, relay: _Relay) -> None:
    """The worker thread's job: export, then report back through the relay."""
    try:
        path = run_export(library, request)
    except (ExportError, LibraryError) as exc:
        relay.failed.emit(str(exc))
    except OSError as exc:
        shown = display_name(request.destination)
        relay.failed.emit(f"Cannot write {shown}: {exc.strerror or exc}.")
    except Exception as exc:  # anything else too: the dialog must never wait forever
        relay.failed.emit(f"The export failed: {exc}")
    else:
        relay.succeeded.emit(str(path))


# -- small helpers -------------------------------------------------------------------------------


def _description(text: str, buddy: QRadioButton | None = None) -> QLabel:
    """A one-line explanation in small, quiet type, indented under its radio button."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    if buddy is not None:
        label.setIndent(24)
        label.setMaximumWidth(280)
        label.setContentsMargins(0, 0, 0, 6)
        label.setAccessibleDescription(text)
        buddy.setAccessibleDescription(text)
    return label


class _CheckList(QTreeWidget):
    """A flat list with a check box per row, asking for room for ``rows`` rows."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self._rows = rows

    def sizeHint(self) -> QSize:
        row = self.fontMetrics().height() + 4
        return QSize(super().sizeHint().width(), row * (self._rows + 1) + 2 * self.frameWidth())


def _checklist(name: str, headers: Sequence[str], *, rows: int) -> QTreeWidget:
    """A check list with right-aligned number columns after the name."""
    view = _CheckList(rows)
    view.setAccessibleName(name)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAllColumnsShowFocus(True)
    view.setHeaderLabels(list(headers))
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return view


def _check_item(item_id: int, *texts: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem(list(texts))
    item.setData(0, ID_ROLE, item_id)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(0, Qt.CheckState.Checked)
    return item


def _all_none(view: QTreeWidget, changed: Callable[[], None]) -> tuple[QPushButton, QPushButton]:
    all_button = QPushButton("All")
    none_button = QPushButton("None")
    all_button.clicked.connect(lambda: _check_all(view, Qt.CheckState.Checked, changed))
    none_button.clicked.connect(lambda: _check_all(view, Qt.CheckState.Unchecked, changed))
    # Connected after the items exist, so filling the list does not recount the scope.
    view.itemChanged.connect(changed)
    return all_button, none_button


def _list_box(
    title: str,
    view: QTreeWidget,
    all_button: QPushButton,
    none_button: QPushButton,
    hint: QLabel | None = None,
) -> QGroupBox:
    buttons = QHBoxLayout()
    buttons.addWidget(all_button)
    buttons.addWidget(none_button)
    if hint is not None:
        buttons.addWidget(hint, 1)
    else:
        buttons.addStretch(1)
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(view, 1)
    layout.addLayout(buttons)
    return box


def _items(view: QTreeWidget, *, checked: bool | None = None) -> Iterable[QTreeWidgetItem]:
    for row in range(view.topLevelItemCount()):
        item = view.topLevelItem(row)
        if checked is None or (item.checkState(0) == Qt.CheckState.Checked) == checked:
            yield item


def _check_all(view: QTreeWidget, state: Qt.CheckState, changed: Callable[[], None]) -> None:
    # One scope update at the end instead of one per item.
    view.blockSignals(True)
    try:
        for item in _items(view):
            item.setCheckState(0, state)
    finally:
        view.blockSignals(False)
    changed()


def _set_checked(view: QTreeWidget, item_id: int, checked: bool) -> None:
    for item in _items(view):
        if item.data(0, ID_ROLE) == item_id:
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return
    raise KeyError(item_id)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _prefers_letter() -> bool:
    """Letter paper where the locale measures in inches (the US and its neighbours)."""
    return QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem


def _default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path(os.path.expanduser("~"))
