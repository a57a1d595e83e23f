"""File → Import Annotations…: read a W3C Web Annotation or Hypothesis file into the library.

The import itself is :func:`xiaomi_reader.store.interchange.import_annotations`:
one transaction, so a file that cannot be read or is not annotations imports
nothing at all. What this module adds is the asking (which file), the telling
(a summary, or why nothing was imported, in a message that does not block)
and the refreshing (the controller reads the library afresh).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from xiaomi_reader.core.display import display_name
from xiaomi_reader.core.w3c_reading import AnnotationImportError
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.interchange import ImportSummary

__all__ = [
    "ERROR_BOX_NAME",
    "JSON_FILTER",
    "SUMMARY_BOX_NAME",
    "ask_annotation_file",
    "import_annotation_file",
    "import_annotations_interactively",
    "show_outcome",
    "summary_text",
]

JSON_FILTER = "Annotations: W3C, Hypothesis (*.json *.jsonld);;All files (*)"
# Object names of the message boxes, so tests (and the window) can find what is shown.
SUMMARY_BOX_NAME = "ImportAnnotationsSummary"
ERROR_BOX_NAME = "ImportAnnotationsError"
# More orphans than this and the message would outgrow the screen; the dock lists them all.
MAX_ORPHANS_SHOWN = 15
QUOTE_LIMIT = 80
SOURCE_LIMIT = 40


def ask_annotation_file(parent: QWidget | None) -> str | None:
    """The open-file dialog for annotation files; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import Annotations", "", JSON_FILTER)
    return path or None


def summary_text(summary: ImportSummary, source: str = "") -> str:
    """What an import did, as plain text for people: the counts, then each orphan."""
    where = f" from {display_name(Path(source).name)}" if source else ""
    if summary.imported:
        heading = f"Annotations imported{where}."
    elif summary.already_present:
        heading = f"No new annotations{where}: the library already has them."
    else:
        heading = f"No annotations imported{where}: it holds no passages of text."
    lines = [heading, "", f"Imported: {summary.imported}"]
    if summary.skipped():
        lines.append(f"Skipped: {summary.skipped()} (they mark no passage of text)")
    lines += [
        f"Already present: {summary.already_present}",
        f"Anchored by quote: {summary.anchored_by_quote}",
        f"Orphaned: {summary.orphaned}",
        _links_line(summary),
    ]
    if summary.tags_created:
        lines.append("New tags: " + ", ".join(summary.tags_created))
    if summary.identical_duplicates:
        lines.append(f"Identical duplicates in the file, kept once: {summary.identical_duplicates}")
    if summary.orphans:
        lines += ["", *_orphan_lines(summary)]
    return "\n".join(lines)


def _links_line(summary: ImportSummary) -> str:
    line = (
        f"Links: {summary.links_imported} imported, {summary.links_already_present} already present"
    )
    if summary.links_skipped:
        line += f", {len(summary.links_skipped)} skipped (a linked passage is missing)"
    if summary.links_to_themselves:
        line += f", {len(summary.links_to_themselves)} skipped (linking a passage to itself)"
    return line


def _orphan_lines(summary: ImportSummary) -> list[str]:
    lines = [
        "Orphaned annotations are kept (and appear in reports), but no article holds their passage:"
    ]
    for orphan in summary.orphans[:MAX_ORPHANS_SHOWN]:
        lines.append(f"  • “{_shorten(orphan.exact) or '(no quote)'}”")
        lines.append(f"     was on {_middle(orphan.target_source)}")
    hidden = summary.orphaned - MAX_ORPHANS_SHOWN
    if hidden > 0:
        lines.append(
            f"  … and {hidden} more: choose “Orphaned” in the Annotations dock's filter "
            "to see them all."
        )
    return lines


def _shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _middle(text: str, limit: int = SOURCE_LIMIT) -> str:
    """An IRI is one unbreakable word: keep its start and end so the message stays narrow."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    # A word joiner after the ellipsis, so the shortened IRI still wraps as one word.
    return text[: keep - keep // 3] + "…\u2060" + text[-(keep // 3) :]


def import_annotation_file(
    parent: QWidget | None, controller: LibraryController, path: str | os.PathLike[str]
) -> tuple[ImportSummary | None, str]:
    """Import one file; returns the summary (None on failure) and the text to show.

    The whole file is one transaction: on any error nothing is imported.
    """
    try:
        with _busy_cursor():
            summary = controller.import_annotation_file(path)
    except (AnnotationImportError, LibraryError) as exc:
        return None, f"Nothing was imported from {display_name(path)}:\n\n{exc}"
    except OSError as exc:
        shown = display_name(path)
        return None, f"Cannot read {shown}: {exc.strerror or exc}. Nothing was imported."
    return summary, summary_text(summary, os.fspath(path))


@contextmanager
def _busy_cursor() -> Iterator[None]:
    """A wait cursor while a large file is read (the import runs on the GUI thread)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def show_outcome(parent: QWidget | None, text: str, ok: bool) -> QMessageBox:
    """A non-blocking message (open(), not exec()), so nothing waits on it.

    It replaces an earlier one still on screen, is plain text (a quote holding
    markup stays text) and deletes itself when closed.
    """
    name = SUMMARY_BOX_NAME if ok else ERROR_BOX_NAME
    if parent is not None:
        for old in parent.findChildren(QMessageBox, name):
            old.setObjectName("")  # so findChild finds the new one at once
            old.close()
    icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
    box = QMessageBox(icon, "Import Annotations", text, parent=parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def import_annotations_interactively(
    parent: QWidget,
    controller: LibraryController,
    path: str | None = None,
    *,
    ask: Callable[[QWidget | None], str | None] = ask_annotation_file,
) -> ImportSummary | None:
    """Ask for a file (unless ``path`` is given), import it, reload, show the outcome.

    Returns the summary, or None when cancelled or when nothing could be imported.
    The text shown is in the message box named :data:`SUMMARY_BOX_NAME` (or
    :data:`ERROR_BOX_NAME`) under ``parent``.
    """
    chosen = path or ask(parent)
    if not chosen:
        return None
    summary, text = import_annotation_file(parent, controller, chosen)
    if summary is not None:
        controller.reload()
    show_outcome(parent, text, ok=summary is not None)
    return summary
