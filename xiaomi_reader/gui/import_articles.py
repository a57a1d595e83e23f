"""File → Import Articles…: asking for article files and telling how their import went.

The import itself runs beside the window (:mod:`file_import`); this module holds
the file dialog and the words: counts for the status bar, and the refusals, one line
per file whatever its name holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from xiaomi_reader.core.display import escape_controls
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus, outcome_line

__all__ = ["IMPORT_FILTER", "ask_article_files", "import_refusals", "import_summary"]

IMPORT_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.pdf *.docx);;All files (*)"


def ask_article_files(parent: QWidget | None) -> list[str]:
    """The open-files dialog for articles; empty when cancelled."""
    from PySide6.QtWidgets import QFileDialog  # not at start-up: only when asked

    paths, _ = QFileDialog.getOpenFileNames(parent, "Import Articles", "", IMPORT_FILTER)
    return paths


def import_summary(outcomes: Sequence[ImportOutcome], files: int, ended: str = "") -> str:
    """What happened to ``files`` files, in one line for the status bar: the counts, then
    how each new version's annotations fared. ``ended`` names an import ended early
    ("Cancelled", "Stopped"): the line then also says how many files were not read."""
    counts = Counter(o.status for o in outcomes)
    imported, present = counts[ImportStatus.IMPORTED], counts[ImportStatus.PRESENT]
    refused = counts[ImportStatus.REFUSED]
    notes = "".join(
        f" {line[:1].upper()}{line[1:]}."
        for line in (outcome_line(o) for o in outcomes if o.status is ImportStatus.VERSION)
    )
    if not ended:
        return f"Imported {imported}, already present {present}, refused {refused}.{notes}"
    parts = [f"{ended}: {imported} of {files} files imported"]
    if present:
        parts.append(f"{present} already present")
    if refused:
        parts.append(f"{refused} refused")
    parts.append(f"{files - len(outcomes)} not read")
    return ", ".join(parts) + "." + notes


def import_refusals(outcomes: Sequence[ImportOutcome], verb: str) -> str:
    """The refused files, one line each (empty for none); ``verb`` says what was not done
    to them ("imported", "shown")."""
    refused = [o for o in outcomes if o.status is ImportStatus.REFUSED]
    if not refused:
        return ""
    return f"Some files were not {verb}:\n\n" + "\n".join(
        escape_controls(o.reason) for o in refused
    )
