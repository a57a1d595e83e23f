"""What became of each file given to an import: plain records, cheap to import."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xiaomi_reader.core import records


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    PRESENT = "already present"
    REFUSED = "refused"


@dataclass(frozen=True)
class ImportOutcome:
    name: str
    status: ImportStatus
    article: records.ArticleSummary | None = None
    reason: str = ""


def outcome_line(outcome: ImportOutcome) -> str:
    """The one line the command line prints and the window shows for a file or address."""
    if outcome.status is ImportStatus.REFUSED:
        return f"{outcome.name}: refused: {outcome.reason}"
    title = outcome.article.title if outcome.article is not None else ""
    return f"{outcome.name}: {outcome.status.value} as {title!r}"
