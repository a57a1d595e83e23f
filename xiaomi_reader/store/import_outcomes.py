"""What became of each file given to an import: plain records, cheap to import."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xiaomi_reader.core import records
from xiaomi_reader.core.version_summary import VersionOutcome, summary_line


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    PRESENT = "already present"
    VERSION = "new version"  # the text is a new version of an article (same URL)
    # A new text at an article's address, left for the caller to add as its next version
    # (``add_versions=False``: the window adds it as an undoable update).
    LATER_VERSION = "a later version"
    REFUSED = "refused"


@dataclass(frozen=True)
class ImportOutcome:
    name: str
    status: ImportStatus
    article: records.ArticleSummary | None = None
    reason: str = ""
    version: VersionOutcome | None = None  # for VERSION: what became of the annotations


def outcome_line(outcome: ImportOutcome) -> str:
    """The one line the command line prints and the window shows for a file or address."""
    if outcome.status is ImportStatus.REFUSED:
        return f"{outcome.name}: refused: {outcome.reason}"
    if outcome.version is not None:
        return summary_line(outcome.version)
    title = outcome.article.title if outcome.article is not None else ""
    return f"{outcome.name}: {outcome.status.value} as {title!r}"
