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
