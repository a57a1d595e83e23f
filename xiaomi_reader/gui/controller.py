"""The window's single way to change the library: every change is an undoable command.

The controller keeps an in-memory copy of tags, annotations and links (plain records)
so widgets can redraw without a query, and announces each change with a
signal carrying just what changed, so views update incrementally.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from xiaomi_reader.core import records
from xiaomi_reader.core.changes import Changes
from xiaomi_reader.gui import commands
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus

if TYPE_CHECKING:
    from pathlib import Path

    from xiaomi_reader.core.articles import ParsedArticle
    from xiaomi_reader.core.version_summary import VersionOutcome
    from xiaomi_reader.store.interchange import ImportSummary
    from xiaomi_reader.store.library import Library

T = TypeVar("T")


class LibraryController(QObject):
    annotationAdded = Signal(object)  # records.Annotation
    annotationUpdated = Signal(object)  # records.Annotation
    annotationRemoved = Signal(int, object)  # annotation id, its article id (or None)
    linkAdded = Signal(object)  # records.Link
    linkUpdated = Signal(object)  # records.Link (its note changed)
    linkRemoved = Signal(int)  # link id
    tagsChanged = Signal()
    articlesChanged = Signal()
    articleTextChanged = Signal(int)  # an article became another version: show it afresh
    errorOccurred = Signal(str)
    # A change met another program's change to the same thing, and both were kept.
    mergedWithOutsideChange = Signal(str)
    reloaded = Signal()  # tags and annotations were read afresh: redraw everything

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)
        self._tags: dict[int, records.Tag] = {}
        self._annotations: dict[int, records.Annotation] = {}
        self._counts: Counter[int | None] = Counter()  # annotations per article id
        self._links: dict[int, records.Link] = {}
        self.texts_changing: frozenset[int] = frozenset()  # see apply()
        self._holding_article_list = False  # see import_parsed_articles()
        self.reload()

    # -- reading -------------------------------------------------------------------

    def reload(self) -> None:
        """Read tags, annotations and links afresh (start-up, or after another program wrote)."""
        self._tags = {tag.id: tag for tag in self.library.tags()}
        self._annotations = {a.id: a for a in self.library.annotations()}
        self._counts = Counter(a.article_id for a in self._annotations.values())
        self._links = {link.id: link for link in self.library.links()}
        self.reloaded.emit()

    def tags(self) -> list[records.Tag]:
        return list(self._tags.values())

    def tag_map(self) -> dict[int, records.Tag]:
        return dict(self._tags)

    def annotation(self, annotation_id: int) -> records.Annotation | None:
        return self._annotations.get(annotation_id)

    def annotations(self) -> list[records.Annotation]:
        return list(self._annotations.values())

    def annotations_for(self, article_id: int) -> list[records.Annotation]:
        return [a for a in self._annotations.values() if a.article_id == article_id]

    def annotation_count(self, article_id: int) -> int:
        return self._counts[article_id]

    def link(self, link_id: int) -> records.Link | None:
        return self._links.get(link_id)

    def links(self) -> list[records.Link]:
        return list(self._links.values())

    def links_of(self, annotation_id: int) -> list[records.Link]:
        """Links with either end at this annotation, oldest first."""
        return [
            link
            for link in self._links.values()
            if annotation_id in (link.source_id, link.target_id)
        ]

    def link_count_for(self, annotation_id: int) -> int:
        return len(self.links_of(annotation_id))

    # -- annotations ---------------------------------------------------------------

    def create_annotation(
        self, article_id: int, start: int, end: int, tag_ids: Sequence[int] = ()
    ) -> records.Annotation | None:
        command = commands.CreateAnnotation(self, article_id, start, end, tag_ids)
        self.undo_stack.push(command)
        return command.annotation

    def delete_annotations(self, annotation_ids: Iterable[int]) -> bool:
        doomed = [self._annotations[i] for i in annotation_ids if i in self._annotations]
        return bool(doomed) and self._run(commands.DeleteAnnotations(self, doomed))

    def set_note(self, annotation_id: int, note: str, replacing: str | None = None) -> bool:
        """Set a note; ``replacing`` is the note the editor started from (default: ours)."""
        before = self._annotations.get(annotation_id)
        if before is None or before.note == note:
            return False
        base = before.note if replacing is None else replacing
        return self._run(commands.SetNote(self, annotation_id, base, note))

    def set_annotation_tags(self, annotation_id: int, tag_ids: Sequence[int]) -> bool:
        before = self._annotations.get(annotation_id)
        if before is None or tuple(tag_ids) == before.tag_ids:
            return False
        command = commands.SetAnnotationTags(self, annotation_id, before.tag_ids, tuple(tag_ids))
        return self._run(command)

    def toggle_tag(self, annotation_id: int, tag_id: int) -> bool:
        current = self._annotations.get(annotation_id)
        if current is None:
            return False
        if tag_id in current.tag_ids:
            wanted = tuple(t for t in current.tag_ids if t != tag_id)
        else:
            wanted = (*current.tag_ids, tag_id)
        return self.set_annotation_tags(annotation_id, wanted)

    # -- links ---------------------------------------------------------------------

    def create_link(
        self,
        source_id: int,
        target_id: int,
        link_type: records.LinkType | str,
        note: str = "",
    ) -> records.Link | None:
        """Link passage A (source) to passage B (target); None (and an error) if refused."""
        for link in self.links_of(source_id):
            if (link.source_id, link.target_id, link.type) == (source_id, target_id, link_type):
                self.errorOccurred.emit(f"These passages are already linked ({link.type}).")
                return None
        command = commands.CreateLink(self, source_id, target_id, link_type, note)
        self.undo_stack.push(command)
        return command.link

    def delete_link(self, link_id: int) -> bool:
        return self.delete_links([link_id])

    def delete_links(self, link_ids: Iterable[int]) -> bool:
        """Delete links (not their passages) as one undo step."""
        doomed = [self._links[i] for i in dict.fromkeys(link_ids) if i in self._links]
        return bool(doomed) and self._run(commands.DeleteLinks(self, doomed))

    def set_link_note(self, link_id: int, note: str, replacing: str | None = None) -> bool:
        """Set a link's note; ``replacing`` as in :meth:`set_note`."""
        before = self._links.get(link_id)
        if before is None or before.note == note:
            return False
        base = before.note if replacing is None else replacing
        return self._run(commands.SetLinkNote(self, link_id, base, note))

    # -- tags (the tag manager's editor) -------------------------------------------

    def add_tag(
        self, name: str, colour: str, description: str = "", shortcut: str | None = None
    ) -> records.Tag:
        """Add a tag; a refusal (a name or key in use) is raised for the editor to show."""
        command = commands.AddTag(self, name, colour, description, shortcut)
        self._run_or_raise(command)
        assert command.tag is not None
        return command.tag

    def update_tag(
        self,
        tag_id: int,
        *,
        name: str | None = None,
        colour: str | None = None,
        description: str | None = None,
        shortcut: str | None = "",
    ) -> records.Tag:
        """Change a tag (``None``: leave as it is; ``shortcut=""`` too, ``None`` clears it)."""
        before = self._tags[tag_id]
        after = records.Tag(
            id=tag_id,
            name=before.name if name is None else name,
            colour=before.colour if colour is None else colour,
            description=before.description if description is None else description,
            shortcut=before.shortcut if shortcut == "" else shortcut,
        )
        command = commands.UpdateTag(self, before, after)
        self._run_or_raise(command)
        return command.after

    def tag_usage(self, tag_id: int) -> int:
        return sum(1 for a in self._annotations.values() if tag_id in a.tag_ids)

    def delete_tag(self, tag_id: int) -> None:
        self._run_or_raise(commands.DeleteTag(self, self._tags[tag_id]))

    # -- articles ---------------------------------------------------------------

    def import_parsed_articles(
        self, parsed: Sequence[ParsedArticle], names: Sequence[str]
    ) -> list[ImportOutcome]:
        """Add articles read elsewhere (files, fetched pages), in one transaction; not
        undoable, as it only adds and says what it added. A text at a known article's
        address becomes that article's next version as Article → Update makes it: one
        undo step each."""
        outcomes = self.library.import_parsed(parsed, names, add_versions=False)
        self._holding_article_list = True  # the list is read again once, at the end
        try:
            return [
                self._add_later_version(outcome, article)
                if outcome.status is ImportStatus.LATER_VERSION
                else outcome
                for outcome, article in zip(outcomes, parsed, strict=True)
            ]
        finally:
            self._holding_article_list = False
            self.apply(Changes(articles=True))

    def _add_later_version(self, outcome: ImportOutcome, parsed: ParsedArticle) -> ImportOutcome:
        from xiaomi_reader.gui.version_commands import UpdateArticle

        assert outcome.article is not None
        command = UpdateArticle(self, outcome.article.id, parsed)
        command.quiet = True  # a refusal is this file's line in the import's report
        self.undo_stack.push(command)
        version = command.outcome
        if command.failed or version is None:
            reason = command.error or "it could not be added as a new version."
            return replace(outcome, status=ImportStatus.REFUSED, reason=reason)
        status = ImportStatus.VERSION if version.added else ImportStatus.PRESENT
        return replace(outcome, status=status, article=version.article, version=version)

    def update_article(self, article_id: int, parsed: ParsedArticle) -> VersionOutcome | None:
        """Make ``parsed`` the article's next version, as one undo step; None if refused."""
        from xiaomi_reader.gui.version_commands import UpdateArticle

        command = UpdateArticle(self, article_id, parsed)
        return command.outcome if self._run(command) else None

    def accept_candidate(self, annotation_id: int) -> bool:
        """Place an annotation held for review where its candidate is (undoable)."""
        from xiaomi_reader.gui.version_commands import AcceptCandidate

        before = self._annotations.get(annotation_id)
        return before is not None and self._run(AcceptCandidate(self, before))

    def import_annotation_file(self, path: str | os.PathLike[str]) -> ImportSummary:
        """Read a W3C annotation file into the library, all or nothing (not undoable: a
        restore of the day's backup takes it back); the caller reloads what it shows."""
        from xiaomi_reader.store.interchange import import_annotations

        return import_annotations(self.library, path)

    def restore_backup(self, backup: Path) -> Path:
        """Replace the library's contents with a backup's; returns where the current ones
        were copied aside. The caller reloads what it shows."""
        aside = self.library.restore_backup(backup)
        self.undo_stack.clear()  # it described contents that are gone
        return aside

    # -- carrying out actions, and applying what they changed ---------------------------

    def report(self, message: str) -> None:
        """Tell the reader an action failed (the window shows it)."""
        self.errorOccurred.emit(message)

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run a library call; a failure becomes an error message, never a crash."""
        try:
            return action()
        except LibraryError as exc:
            self.errorOccurred.emit(str(exc))
            return None

    def _run(self, command: commands.Command) -> bool:
        """Carry out an action and keep it for undo; False (and a message) if it failed."""
        self.undo_stack.push(command)  # runs it, and drops it again if it failed
        return not command.failed

    def _run_or_raise(self, command: commands.Command) -> None:
        """Like :meth:`_run`, for editors that show a refusal themselves."""
        command.quiet = True
        self.undo_stack.push(command)
        if command.failed:
            raise LibraryError(command.error or "The change could not be made.")

    def undo(self) -> None:
        """Undo the last action; if the library refuses, the stack stays where it was."""
        self._step(self.undo_stack.index() - 1, self.undo_stack.undo, self.undo_stack.redo)

    def redo(self) -> None:
        """Redo the next action; if the library refuses, the stack stays where it was."""
        self._step(self.undo_stack.index(), self.undo_stack.redo, self.undo_stack.undo)

    def _step(self, at: int, move: Callable[[], None], back: Callable[[], None]) -> None:
        # QUndoStack moves its index even when the command failed; moved back (writing
        # nothing), it keeps saying what the library holds, so a later redo cannot run
        # an action twice. The command has already reported why it failed.
        command = self.undo_stack.command(at) if 0 <= at < self.undo_stack.count() else None
        if not isinstance(command, commands.Command):
            return
        move()
        if command.error is not None:
            command.stay_once()
            back()

    def apply(self, changes: Changes) -> None:
        """Show what an action changed: the one way the records held here change."""
        # A pane showing an article that became another version shows it afresh below,
        # with all its annotations: it need not draw each one on the old text first.
        self.texts_changing = frozenset(changes.updated_articles)
        for link_id in changes.removed_links:
            self._link_removed(link_id)
        for annotation_id in changes.removed_annotations:
            self._annotation_removed(annotation_id)
        if changes.tags or changes.removed_tags:
            for tag_id in changes.removed_tags:
                self._tags.pop(tag_id, None)
            self._tags.update((tag.id, tag) for tag in changes.tags)
            self.tagsChanged.emit()
        for annotation in changes.annotations:
            if annotation.id in self._annotations:
                self._annotation_updated(annotation)
            else:
                self._annotation_added(annotation)
        # After the passages, so views showing a link know both of its ends.
        for link in changes.links:
            if link.id in self._links:
                self._link_updated(link)
            else:
                self._link_added(link)
        for article_id in changes.updated_articles:
            self.articleTextChanged.emit(article_id)
        self.texts_changing = frozenset()
        if (changes.articles or changes.updated_articles) and not self._holding_article_list:
            self.articlesChanged.emit()
        if changes.merged:
            self.mergedWithOutsideChange.emit(changes.merged)

    def _annotation_added(self, annotation: records.Annotation) -> None:
        self._keep(annotation)
        self.annotationAdded.emit(annotation)

    def _annotation_updated(self, annotation: records.Annotation) -> None:
        self._keep(annotation)
        self.annotationUpdated.emit(annotation)

    def _keep(self, annotation: records.Annotation) -> None:
        """Hold this version of an annotation, keeping the per-article counts in step."""
        old = self._annotations.get(annotation.id)
        if old is not None:
            self._counts[old.article_id] -= 1
        self._annotations[annotation.id] = annotation
        self._counts[annotation.article_id] += 1

    def _annotation_removed(self, annotation_id: int) -> None:
        # The database cascaded the annotation's links away; the views hear of them first,
        # while both passages are still known to them.
        for link in self.links_of(annotation_id):
            self._link_removed(link.id)
        gone = self._annotations.pop(annotation_id, None)
        if gone is not None:
            self._counts[gone.article_id] -= 1
        self.annotationRemoved.emit(annotation_id, gone.article_id if gone else None)

    def _link_added(self, link: records.Link) -> None:
        self._links[link.id] = link
        self.linkAdded.emit(link)

    def _link_updated(self, link: records.Link) -> None:
        self._links[link.id] = link
        self.linkUpdated.emit(link)

    def _link_removed(self, link_id: int) -> None:
        if self._links.pop(link_id, None) is not None:
            self.linkRemoved.emit(link_id)
