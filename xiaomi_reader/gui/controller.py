"""The window's single way to change the library: every change is an undoable command.

The controller keeps an in-memory copy of tags, annotations and links (plain records)
so widgets can redraw without a query, and announces each change with a
signal carrying just what changed, so views update incrementally.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from xiaomi_reader.core import records
from xiaomi_reader.gui import commands
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.import_outcomes import ImportOutcome

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

T = TypeVar("T")

_MERGED_NOTE = "Another program changed this note at the same time; both versions were kept in it."


class LibraryController(QObject):
    annotationAdded = Signal(object)  # records.Annotation
    annotationUpdated = Signal(object)  # records.Annotation
    annotationRemoved = Signal(int, object)  # annotation id, its article id (or None)
    linkAdded = Signal(object)  # records.Link
    linkUpdated = Signal(object)  # records.Link (its note changed)
    linkRemoved = Signal(int)  # link id
    tagsChanged = Signal()
    articlesChanged = Signal()
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
        created = self._attempt(
            lambda: self.library.add_annotation(article_id, start, end, tag_ids=tag_ids)
        )
        if created is None:
            return None
        self._annotation_added(created)
        self.undo_stack.push(commands.CreateAnnotation(self, created))
        return created

    def delete_annotations(self, annotation_ids: Iterable[int]) -> bool:
        doomed = [self._annotations[i] for i in annotation_ids if i in self._annotations]
        if not doomed:
            return False
        links = self._attempt(lambda: self.library.links_of([a.id for a in doomed]))
        if links is None:
            return False
        command = commands.DeleteAnnotations(self, doomed, links)
        if self._attempt(command.apply_delete) is None:
            return False
        self.undo_stack.push(command)
        return True

    def set_note(self, annotation_id: int, note: str, replacing: str | None = None) -> bool:
        """Set a note; ``replacing`` is the note the editor started from (default: ours)."""
        before = self._annotations.get(annotation_id)
        if before is None or before.note == note:
            return False
        base = before.note if replacing is None else replacing
        after = self._attempt(lambda: self.library.set_note(annotation_id, note, replacing=base))
        if after is None:
            return False
        self._annotation_updated(after)
        self.undo_stack.push(commands.SetNote(self, annotation_id, before.note, after.note))
        if after.note != note:
            self.mergedWithOutsideChange.emit(_MERGED_NOTE)
        return True

    def set_annotation_tags(self, annotation_id: int, tag_ids: Sequence[int]) -> bool:
        before = self._annotations.get(annotation_id)
        if before is None or tuple(tag_ids) == before.tag_ids:
            return False
        after = self._attempt(
            lambda: self.library.set_annotation_tags(
                annotation_id, tag_ids, replacing=before.tag_ids
            )
        )
        if after is None:
            return False
        self._annotation_updated(after)
        self.undo_stack.push(
            commands.SetAnnotationTags(self, annotation_id, before.tag_ids, after.tag_ids)
        )
        if set(after.tag_ids) != set(tag_ids):
            self.mergedWithOutsideChange.emit(
                "Another program changed this passage's tags at the same time; "
                "its tags and yours were both kept."
            )
        return True

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
        created = self._attempt(
            lambda: self.library.add_link(source_id, target_id, link_type, note=note)
        )
        if created is None:
            return None
        self._link_added(created)
        self.undo_stack.push(commands.CreateLink(self, created))
        return created

    def delete_link(self, link_id: int) -> bool:
        return self.delete_links([link_id])

    def delete_links(self, link_ids: Iterable[int]) -> bool:
        """Delete links (not their passages) as one undo step."""
        doomed = [self._links[i] for i in dict.fromkeys(link_ids) if i in self._links]
        if not doomed:
            return False
        command = commands.DeleteLink(self, doomed)
        if self._attempt(command.apply_delete) is None:
            return False
        self.undo_stack.push(command)
        return True

    def set_link_note(self, link_id: int, note: str, replacing: str | None = None) -> bool:
        """Set a link's note; ``replacing`` as in :meth:`set_note`."""
        before = self._links.get(link_id)
        if before is None or before.note == note:
            return False
        base = before.note if replacing is None else replacing
        after = self._attempt(lambda: self.library.set_link_note(link_id, note, replacing=base))
        if after is None:
            return False
        self._link_updated(after)
        self.undo_stack.push(commands.SetLinkNote(self, link_id, before.note, after.note))
        if after.note != note:
            self.mergedWithOutsideChange.emit(_MERGED_NOTE)
        return True

    # -- tags (the tag manager's editor) -------------------------------------------

    def add_tag(
        self, name: str, colour: str, description: str = "", shortcut: str | None = None
    ) -> records.Tag:
        tag = self.library.add_tag(name, colour, description=description, shortcut=shortcut)
        self._tags[tag.id] = tag
        self.tagsChanged.emit()
        self.undo_stack.push(commands.AddTag(self, tag))
        return tag

    def update_tag(
        self,
        tag_id: int,
        *,
        name: str | None = None,
        colour: str | None = None,
        description: str | None = None,
        shortcut: str | None = "",
    ) -> records.Tag:
        before = self._tags[tag_id]
        after = self.library.update_tag(
            tag_id, name=name, colour=colour, description=description, shortcut=shortcut
        )
        self._tag_replaced(after)
        self.undo_stack.push(commands.UpdateTag(self, before, after))
        return after

    def tag_usage(self, tag_id: int) -> int:
        return sum(1 for a in self._annotations.values() if tag_id in a.tag_ids)

    def delete_tag(self, tag_id: int) -> None:
        tag = self._tags[tag_id]
        users = self.library.tagged_annotation_ids(tag_id)
        command = commands.DeleteTag(self, tag, users)
        command.apply_delete()
        self.undo_stack.push(command)

    # -- articles ------------------------------------------------------------------

    def import_files(self, paths: Sequence[str | os.PathLike[str]]) -> list[ImportOutcome]:
        outcomes = self.library.import_article_files(paths)
        self.articlesChanged.emit()
        return outcomes

    # -- used by commands and by the methods above -----------------------------------

    def _attempt(self, action: Callable[[], T]) -> T | None:
        """Run a library call; a failure becomes an error message, never a crash."""
        try:
            return action()
        except LibraryError as exc:
            self.errorOccurred.emit(str(exc))
            return None

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

    def _tag_replaced(self, tag: records.Tag) -> None:
        self._tags[tag.id] = tag
        self.tagsChanged.emit()

    def _tag_removed(self, tag_id: int) -> None:
        self._tags.pop(tag_id, None)
        self.tagsChanged.emit()

    def _refresh_annotations(self, annotation_ids: Iterable[int]) -> None:
        """Re-read annotations whose tags changed behind their backs (tag delete/restore)."""
        for annotation_id in annotation_ids:
            if annotation_id in self._annotations:
                self._annotation_updated(self.library.annotation(annotation_id))
