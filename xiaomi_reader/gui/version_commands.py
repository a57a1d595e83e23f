"""Undoable version actions: an article updated to a new text, a candidate place accepted.

Updating is one command, so one undo takes the whole update back: the text, the
version before, and every annotation where it was (the store's exact inverse).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xiaomi_reader.core import records
from xiaomi_reader.core.changes import Changes
from xiaomi_reader.gui.commands import Command, Host

if TYPE_CHECKING:
    from xiaomi_reader.core.articles import ParsedArticle
    from xiaomi_reader.core.version_summary import VersionOutcome


class UpdateArticle(Command):
    def __init__(self, controller: Host, article_id: int, parsed: ParsedArticle) -> None:
        super().__init__(controller, "Update Article")
        self._article_id = article_id
        self._parsed = parsed
        self.outcome: VersionOutcome | None = None

    def do(self) -> Changes:
        # A redo adds the same text again: the re-anchoring gives the same places.
        outcome = self.library.add_version(self._article_id, self._parsed)
        if self.outcome is None:
            self.outcome = outcome
            if not outcome.added:
                self.setObsolete(True)  # nothing changed: nothing to undo
            self._name(outcome)
        return outcome.changes

    def _name(self, outcome: VersionOutcome) -> None:
        self.setText(f"Update “{outcome.article.title}” to version {outcome.number}")

    def undo_change(self) -> Changes:
        assert self.outcome is not None
        return self.library.remove_latest_version(self._article_id, self.outcome.number)


class AcceptCandidate(Command):
    def __init__(self, controller: Host, before: records.Annotation) -> None:
        super().__init__(controller, "Accept Place")
        self._before = before

    def do(self) -> Changes:
        return Changes(annotations=(self.library.accept_candidate(self._before.id),))

    def undo_change(self) -> Changes:
        return Changes(annotations=(self.library.put_annotation_back(self._before),))
