"""File → Import Annotations…: read a W3C Web Annotation file into the library."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from xiaomi_reader.export.w3c import AnnotationImportError
from xiaomi_reader.store.database import LibraryError
from xiaomi_reader.store.interchange import ImportSummary, import_annotations

JSON_FILTER = "W3C Web Annotations (*.json *.jsonld);;All files (*)"


def ask_annotation_file(parent: QWidget | None) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Import Annotations", "", JSON_FILTER)
    return path or None


def summary_text(summary: ImportSummary) -> str:
    return "Annotations imported.\n\n" + "\n".join(summary.lines())


def import_annotation_file(
    parent: QWidget | None, library: object, path: str
) -> tuple[ImportSummary | None, str]:
    """Import one file; returns the summary (None on failure) and the text to show.

    The whole file is one transaction: on any error nothing is imported.
    """
    try:
        summary = import_annotations(library, path)  # type: ignore[arg-type]
    except (AnnotationImportError, LibraryError) as exc:
        return None, f"Nothing was imported from {path}:\n\n{exc}"
    except OSError as exc:
        return None, f"Cannot read {path}: {exc.strerror or exc}. Nothing was imported."
    return summary, summary_text(summary)


def show_outcome(parent: QWidget | None, text: str, ok: bool) -> QMessageBox:
    """A non-blocking message (open(), not exec()), so nothing waits on it."""
    icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
    box = QMessageBox(icon, "Import Annotations", text, parent=parent)
    box.open()
    return box
