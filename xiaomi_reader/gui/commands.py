"""Undoable actions. Each is one write to the library (one transaction) that returns the
:class:`~xiaomi_reader.core.changes.Changes` it made; the controller applies those.

Pushing a command runs it (``QUndoStack.push`` calls ``redo``), so the first time and
every redo take the same path; undo runs the reverse. A command whose first run
fails is made obsolete, and the stack drops it. A failure while undoing or redoing
(say, the library is locked by another program) is reported and changes nothing; the
controller then moves the stack back, so it still says what the library holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoCommand

from xiaomi_reader.core import records
from xiaomi_reader.core.changes import Changes
from xiaomi_reader.store.errors import LibraryError

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

NOTE_MERGE_ID = 1001
LINK_NOTE_MERGE_ID = 1002

MERGED_NOTE = "Another program changed this note at the same time; both versions were kept in it."
MERGED_TAGS = (
    "Another program changed this passage's tags at the same time; its tags and yours were "
    "both kept."
)


class Host(Protocol):
    """What a command needs from the controller that runs it."""

    library: Library

    def apply(self, changes: Changes) -> None: ...

    def report(self, message: str) -> None: ...

    def annotation(self, annotation_id: int) -> records.Annotation | None: ...


def _quote(annotation: records.Annotation, limit: int = 30) -> str:
    text = " ".join(annotation.exact.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Command(QUndoCommand):
    """One undoable action: :meth:`do` and :meth:`undo_change` write and say what changed."""

    def __init__(self, controller: Host, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.library: Library = controller.library
        self.done = False  # whether the action has been carried out once
        self.error: str | None = None  # why the latest run failed
        self.quiet = False  # leave the error for the caller to report
        self.failed = False  # the first run failed: the stack dropped the command
        self._staying = False  # the next undo or redo only moves the stack back

    def redo(self) -> None:
        if self._stay():
            return
        succeeded = self._run(self.do)
        if not self.done and not succeeded:
            self.failed = True
            self.setObsolete(True)  # the action never happened: nothing to undo
        self.done = True

    def undo(self) -> None:
        if not self._stay():
            self._run(self.undo_change)

    def stay_once(self) -> None:
        """Make the next undo or redo write nothing: the stack is only being put back
        where it was after the library refused the last one (see the controller)."""
        self._staying = True

    def _stay(self) -> bool:
        staying, self._staying = self._staying, False
        return staying

    def _run(self, step: Callable[[], Changes]) -> bool:
        try:
            changes = step()
        except LibraryError as exc:
            self.error = str(exc)
            if not self.quiet:
                self.controller.report(self.error)
            return False
        self.error = None
        self.controller.apply(changes)
        return True

    def do(self) -> Changes:
        raise NotImplementedError

    def undo_change(self) -> Changes:
        raise NotImplementedError


class CreateAnnotation(Command):
    def __init__(
        self,
        controller: Host,
        article_id: int,
        start: int,
        end: int,
        tag_ids: Sequence[int],
    ) -> None:
        super().__init__(controller, "Annotate")
        self._request = (article_id, start, end, tuple(tag_ids))
        self.annotation: records.Annotation | None = None

    def do(self) -> Changes:
        if self.annotation is None:  # the first time: a new annotation, with a new id
            article_id, start, end, tag_ids = self._request
            self.annotation = self.library.add_annotation(article_id, start, end, tag_ids=tag_ids)
            self.setText(f"Annotate “{_quote(self.annotation)}”")
            return Changes(annotations=(self.annotation,))
        self.library.restore_annotations([self.annotation])
        return Changes(annotations=(self.library.annotation(self.annotation.id),))

    def undo_change(self) -> Changes:
        assert self.annotation is not None
        self.library.delete_annotations([self.annotation.id])
        return Changes(removed_annotations=(self.annotation.id,))


class DeleteAnnotations(Command):
    """Deletes passages and their links; undo puts back exactly what was deleted."""

    def __init__(self, controller: Host, annotations: Sequence[records.Annotation]):
        noun = f"“{_quote(annotations[0])}”" if len(annotations) == 1 else "annotations"
        super().__init__(controller, f"Delete {noun}")
        self.ids = tuple(a.id for a in annotations)
        self.deleted: tuple[records.Annotation, ...] = ()
        self.links: tuple[records.Link, ...] = ()

    def do(self) -> Changes:
        deleted = self.library.delete_annotations(self.ids)
        self.deleted, self.links = deleted.annotations, deleted.links
        return Changes(
            removed_links=tuple(link.id for link in self.links), removed_annotations=self.ids
        )

    def undo_change(self) -> Changes:
        self.library.restore_annotations(self.deleted, self.links)
        restored = tuple(self.library.annotation(a.id) for a in self.deleted)
        return Changes(annotations=restored, links=self.links)


class _EditNote(Command):
    """A note typed in bursts: consecutive saves of one note merge into one undo step."""

    MERGE_ID = 0

    def __init__(self, controller: Host, owner_id: int, before: str, after: str, text: str):
        super().__init__(controller, text)
        self.owner_id = owner_id  # the annotation's or the link's
        self.before = before
        self.after = after

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if type(other) is not type(self) or other.owner_id != self.owner_id:
            return False
        self.after = other.after
        return True

    def _write(self, note: str, replacing: str) -> tuple[Changes, str]:
        """Write the note; what changed, and the note the library now holds."""
        raise NotImplementedError

    def _set(self, note: str, replacing: str) -> tuple[Changes, str]:
        changes, kept = self._write(note, replacing)
        return replace(changes, merged=MERGED_NOTE if kept != note else ""), kept

    def do(self) -> Changes:
        changes, self.after = self._set(self.after, self.before)  # what was kept, merged or not
        return changes

    def undo_change(self) -> Changes:
        return self._set(self.before, self.after)[0]


class SetNote(_EditNote):
    MERGE_ID = NOTE_MERGE_ID

    def __init__(self, controller: Host, annotation_id: int, before: str, after: str) -> None:
        super().__init__(controller, annotation_id, before, after, "Edit note")

    def _write(self, note: str, replacing: str) -> tuple[Changes, str]:
        updated = self.library.set_note(self.owner_id, note, replacing=replacing)
        return Changes(annotations=(updated,)), updated.note


class SetAnnotationTags(Command):
    def __init__(
        self,
        controller: Host,
        annotation_id: int,
        before: tuple[int, ...],
        after: tuple[int, ...],
    ) -> None:
        super().__init__(controller, "Change tags")
        self.annotation_id = annotation_id
        self.before = before
        self.after = after

    def _set(self, tag_ids: tuple[int, ...], replacing: tuple[int, ...]) -> Changes:
        updated = self.library.set_annotation_tags(self.annotation_id, tag_ids, replacing=replacing)
        merged = MERGED_TAGS if set(updated.tag_ids) != set(tag_ids) else ""
        return Changes(annotations=(updated,), merged=merged)

    def do(self) -> Changes:
        return self._set(self.after, self.before)

    def undo_change(self) -> Changes:
        return self._set(self.before, self.after)


class AddTag(Command):
    def __init__(
        self,
        controller: Host,
        name: str,
        colour: str,
        description: str,
        shortcut: str | None,
    ) -> None:
        super().__init__(controller, f"Add tag {name}")
        self._request = (name, colour, description, shortcut)
        self.tag: records.Tag | None = None

    def do(self) -> Changes:
        if self.tag is None:  # the first time: a new tag, with a new id
            name, colour, description, shortcut = self._request
            self.tag = self.library.add_tag(
                name, colour, description=description, shortcut=shortcut
            )
        else:
            self.library.restore_tag(self.tag)
        return Changes(tags=(self.tag,))

    def undo_change(self) -> Changes:
        assert self.tag is not None
        return _delete_tag(self.library, self.tag.id)


class UpdateTag(Command):
    def __init__(self, controller: Host, before: records.Tag, after: records.Tag) -> None:
        super().__init__(controller, f"Edit tag {after.name}")
        self.before = before
        self.after = after

    def _set(self, tag: records.Tag, replacing: records.Tag) -> Changes:
        # Only what this edit changed: another program's change to another field stays.
        def changed(field: str) -> bool:
            return bool(getattr(tag, field) != getattr(replacing, field))

        updated = self.library.update_tag(
            tag.id,
            name=tag.name if changed("name") else None,
            colour=tag.colour if changed("colour") else None,
            description=tag.description if changed("description") else None,
            shortcut=tag.shortcut if changed("shortcut") else "",
        )
        return Changes(tags=(updated,))

    def do(self) -> Changes:
        changes = self._set(self.after, self.before)
        self.after = changes.tags[0]
        return changes

    def undo_change(self) -> Changes:
        return self._set(self.before, self.after)


class DeleteTag(Command):
    def __init__(self, controller: Host, tag: records.Tag) -> None:
        super().__init__(controller, f"Delete tag {tag.name}")
        self.tag = tag
        self.users: list[int] = []

    def do(self) -> Changes:
        self.users = self.library.tagged_annotation_ids(self.tag.id)
        return _delete_tag(self.library, self.tag.id, self.users)

    def undo_change(self) -> Changes:
        self.library.restore_tag(self.tag, self.users)
        return Changes(tags=(self.tag,), annotations=_reread(self.library, self.users))


def _delete_tag(library: Library, tag_id: int, users: Sequence[int] | None = None) -> Changes:
    """Delete a tag; the passages that carried it are read again, without it."""
    users = library.tagged_annotation_ids(tag_id) if users is None else users
    library.delete_tag(tag_id)
    return Changes(removed_tags=(tag_id,), annotations=_reread(library, users))


def _reread(library: Library, annotation_ids: Sequence[int]) -> tuple[records.Annotation, ...]:
    return tuple(library.annotation(annotation_id) for annotation_id in annotation_ids)


class CreateLink(Command):
    def __init__(
        self,
        controller: Host,
        source_id: int,
        target_id: int,
        link_type: records.LinkType | str,
        note: str,
    ) -> None:
        source = controller.annotation(source_id)
        quoted = f" “{_quote(source)}”" if source else ""
        super().__init__(controller, f"Link{quoted} ({records.LinkType(link_type).value})")
        self._request = (source_id, target_id, link_type, note)
        self.link: records.Link | None = None

    def do(self) -> Changes:
        if self.link is None:  # the first time: a new link, with a new id
            source_id, target_id, link_type, note = self._request
            self.link = self.library.add_link(source_id, target_id, link_type, note=note)
        else:
            self.library.restore_links([self.link])
        return Changes(links=(self.link,))

    def undo_change(self) -> Changes:
        assert self.link is not None
        self.library.delete_link(self.link.id)
        return Changes(removed_links=(self.link.id,))


class DeleteLinks(Command):
    """Deletes one or more links (never their passages) in one step."""

    def __init__(self, controller: Host, links: Sequence[records.Link]) -> None:
        text = "Delete link" if len(links) == 1 else f"Delete {len(links)} links"
        super().__init__(controller, text)
        self.links = tuple(links)

    def do(self) -> Changes:
        self.library.delete_links([link.id for link in self.links])
        return Changes(removed_links=tuple(link.id for link in self.links))

    def undo_change(self) -> Changes:
        self.library.restore_links(self.links)
        return Changes(links=self.links)


class SetLinkNote(_EditNote):
    MERGE_ID = LINK_NOTE_MERGE_ID

    def __init__(self, controller: Host, link_id: int, before: str, after: str) -> None:
        super().__init__(controller, link_id, before, after, "Edit link note")

    def _write(self, note: str, replacing: str) -> tuple[Changes, str]:
        updated = self.library.set_link_note(self.owner_id, note, replacing=replacing)
        return Changes(links=(updated,)), updated.note
