"""File → Import Articles…: asking for article files and telling how their import went.

The import itself runs beside the window (:mod:`file_import`); this module holds
the file dialog and the words: counts for the status bar, and the refusals, one line
per file whatever its name holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from xiaomi_reader.core.display import escape_controls
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus, outcome_line

__all__ = ["IMPORT_FILTER", "ask_article_files", "import_report"]

IMPORT_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.pdf *.docx);;All files (*)"


def ask_article_files(parent: QWidget | None) -> list[str]:
    """The open-files dialog for articles; empty when cancelled."""
    from PySide6.QtWidgets import QFileDialog  # not at start-up: only when asked

    paths, _ = QFileDialog.getOpenFileNames(parent, "Import Articles", "", IMPORT_FILTER)
    return paths


def version_notes(outcomes: Sequence[ImportOutcome]) -> str:
    """For each text that became an article's next version (it was at that article's
    address), how its annotations fared: sentences to follow the counts."""
    lines = (outcome_line(o) for o in outcomes if o.status is ImportStatus.VERSION)
    return "".join(f" {line[:1].upper()}{line[1:]}." for line in lines)


def import_report(outcomes: Sequence[ImportOutcome], verb: str) -> tuple[str, str]:
    """The status bar's counts (empty for no outcome) and the refusals (empty for none);
    ``verb`` says what was not done to the refused files ("imported", "shown")."""
    imported = [o for o in outcomes if o.status is ImportStatus.IMPORTED]
    present = [o for o in outcomes if o.status is ImportStatus.PRESENT]
    refused = [o for o in outcomes if o.status is ImportStatus.REFUSED]
    counts = (
        f"Imported {len(imported)}, already present {len(present)}, refused {len(refused)}."
        if outcomes
        else ""
    )
    counts += version_notes(outcomes)
    refusals = (
        f"Some files were not {verb}:\n\n" + "\n".join(escape_controls(o.reason) for o in refused)
        if refused
        else ""
    )
    return counts, refusals
