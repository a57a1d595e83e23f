"""What an export can be: its formats and page sizes, where it goes by default, and the
plain request handed to the worker thread."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths


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
BY_KEY = {choice.key: choice for choice in FORMAT_CHOICES}
PAGE_SIZE_CHOICES: tuple[tuple[str, str], ...] = (
    ("a4", "A4 (210 × 297 mm)"),
    ("letter", "Letter (8.5 × 11 in)"),
)


@dataclass(frozen=True)
class ExportRequest:
    """Everything one export needs; plain data, handed to the worker thread."""

    fmt: str
    destination: Path
    article_keys: tuple[str, ...]  # empty: every article and every orphan
    tag_names: tuple[str, ...]  # empty: no tag filter
    page_size: str = "a4"


def prefers_letter() -> bool:
    """Letter paper where the locale measures in inches (the US and its neighbours)."""
    return QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path(os.path.expanduser("~"))


def suggested_path(fmt: str, folder: Path | None = None) -> Path:
    """Today's report name for ``fmt``, in ``folder`` (the documents folder if None)."""
    name = f"xiaomi-reader-report-{date.today().isoformat()}{BY_KEY[fmt].extension}"
    return (folder or default_folder()) / name
