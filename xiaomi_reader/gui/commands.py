"""Undo commands. Each one is pushed after its change was made and committed once;
undo and redo then commit the reverse and the change again.

A failure while undoing (say, the library is locked by another program) is
reported and leaves the records as the library has them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from xiaomi_reader.core import records

if TYPE_CHECKING:
    from xiaomi_reader.gui.controller import LibraryController

NOTE_MERGE_ID = 1001
LINK_NOTE_MERGE_ID = 1002


def _quote(annotation: records.Annotation, limit: int = 30) -> str:
    text = " ".join(annotation.exact.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Command(QUndoCommand):
    """Skips the first redo(): the controller already made the change before pushing."""

    def __init__(self, controller: LibraryController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.undo_change)

    def _run(self, action: Callable[[], None]) -> None:
        self.controller._attempt(action)

    def do(self) -> None:
        raise NotImplementedError

    def undo_change(self) -> None:
        raise NotImplementedError


class CreateAnnotation(_Command):
    def __init__(self, controller: LibraryController, annotation: records.Annotation) -> None:
        super().__init__(controller, f"Annotate “{_quote(annotation)}”")
        self.annotation = annotation

    def do(self) -> None:
        self.controller.library.restore_annotations([self.annotation])
        self.controller._annotation_added(self.controller.library.annotation(self.annotation.id))

    def undo_change(self) -> None:
        self.controller.library.delete_annotations([self.annotation.id])
        self.controller._annotation_removed(self.annotation.id)


class DeleteAnnotations(_Command):
    def __init__(
        self,
        controller: LibraryController,
        annotations: Sequence[records.Annotation],
        links: Sequence[records.Link],
    ) -> None:
        noun = f"“{_quote(annotations[0])}”" if len(annotations) == 1 else "annotations"
        super().__init__(controller, f"Delete {noun}")
        self.annotations = list(annotations)
        self.links = list(links)

    def apply_delete(self) -> bool:
        self.controller.library.delete_annotations([a.id for a in self.annotations])
        for annotation in self.annotations:
            self.controller._annotation_removed(annotation.id)
        return True

    def do(self) -> None:
        self.apply_delete()

    def undo_change(self) -> None:
        self.controller.library.restore_annotations(self.annotations, self.links)
        for annotation in self.annotations:
            self.controller._annotation_added(self.controller.library.annotation(annotation.id))
        # After the passages, so views showing a link know both of its ends.
        for link in self.links:
            self.controller._link_added(link)


class SetNote(_Command):
    """Typing a note makes many small saves; consecutive ones merge into one undo step."""

    def __init__(
        self, controller: LibraryController, annotation_id: int, before: str, after: str
    ) -> None:
        super().__init__(controller, "Edit note")
        self.annotation_id = annotation_id
        self.before = before
        self.after = after

    def id(self) -> int:
        return NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetNote) or other.annotation_id != self.annotation_id:
            return False
        self.after = other.after
        return True

    def _set(self, note: str, replacing: str) -> None:
        updated = self.controller.library.set_note(self.annotation_id, note, replacing=replacing)
        self.controller._annotation_updated(updated)

    def do(self) -> None:
        self._set(self.after, self.before)

    def undo_change(self) -> None:
        self._set(self.before, self.after)


class SetAnnotationTags(_Command):
    def __init__(
        self,
        controller: LibraryController,
        annotation_id: int,
        before: tuple[int, ...],
        after: tuple[int, ...],
    ) -> None:
        super().__init__(controller, "Change tags")
        self.annotation_id = annotation_id
        self.before = before
        self.after = after

    def _set(self, tag_ids: tuple[int, ...], replacing: tuple[int, ...]) -> None:
        updated = self.controller.library.set_annotation_tags(
            self.annotation_id, tag_ids, replacing=replacing
        )
        self.controller._annotation_updated(updated)

    def do(self) -> None:
        self._set(self.after, self.before)

    def undo_change(self) -> None:
        self._set(self.before, self.after)


class AddTag(_Command):
    def __init__(self, controller: LibraryController, tag: records.Tag) -> None:
        super().__init__(controller, f"Add tag {tag.name}")
        self.tag = tag

    def do(self) -> None:
        self.controller.library.restore_tag(self.tag)
        self.controller._tag_replaced(self.tag)

    def undo_change(self) -> None:
        users = self.controller.library.tagged_annotation_ids(self.tag.id)
        self.controller.library.delete_tag(self.tag.id)
        self.controller._tag_removed(self.tag.id)
        self.controller._refresh_annotations(users)


class UpdateTag(_Command):
    def __init__(
        self, controller: LibraryController, before: records.Tag, after: records.Tag
    ) -> None:
        super().__init__(controller, f"Edit tag {after.name}")
        self.before = before
        self.after = after

    def _set(self, tag: records.Tag, replacing: records.Tag) -> None:
        # Only what this edit changed: another program's change to another field stays.
        def changed(field: str) -> bool:
            return bool(getattr(tag, field) != getattr(replacing, field))

        updated = self.controller.library.update_tag(
            tag.id,
            name=tag.name if changed("name") else None,
            colour=tag.colour if changed("colour") else None,
            description=tag.description if changed("description") else None,
            shortcut=tag.shortcut if changed("shortcut") else "",
        )
        self.controller._tag_replaced(updated)

    def do(self) -> None:
        self._set(self.after, self.before)

    def undo_change(self) -> None:
        self._set(self.before, self.after)


class DeleteTag(_Command):
    def __init__(
        self, controller: LibraryController, tag: records.Tag, users: Sequence[int]
    ) -> None:
        super().__init__(controller, f"Delete tag {tag.name}")
        self.tag = tag
        self.users = list(users)

    def apply_delete(self) -> None:
        self.controller.library.delete_tag(self.tag.id)
        self.controller._tag_removed(self.tag.id)
        self.controller._refresh_annotations(self.users)

    def do(self) -> None:
        self.apply_delete()

    def undo_change(self) -> None:
        self.controller.library.restore_tag(self.tag, self.users)
        self.controller._tag_replaced(self.tag)
        self.controller._refresh_annotations(self.users)


def _link_text(link: records.Link, controller: LibraryController) -> str:
    source = controller.annotation(link.source_id)
    return f"Link “{_quote(source)}” ({link.type})" if source else f"Link ({link.type})"


class CreateLink(_Command):
    def __init__(self, controller: LibraryController, link: records.Link) -> None:
        super().__init__(controller, _link_text(link, controller))
        self.link = link

    def do(self) -> None:
        self.controller.library.restore_links([self.link])
        self.controller._link_added(self.link)

    def undo_change(self) -> None:
        self.controller.library.delete_link(self.link.id)
        self.controller._link_removed(self.link.id)


class DeleteLink(_Command):
    """Deletes one or more links (never their passages) in one step."""

    def __init__(self, controller: LibraryController, links: Sequence[records.Link]) -> None:
        text = "Delete link" if len(links) == 1 else f"Delete {len(links)} links"
        super().__init__(controller, text)
        self.links = list(links)

    def apply_delete(self) -> bool:
        for link in self.links:
            self.controller.library.delete_link(link.id)
            self.controller._link_removed(link.id)
        return True

    def do(self) -> None:
        self.apply_delete()

    def undo_change(self) -> None:
        self.controller.library.restore_links(self.links)
        for link in self.links:
            self.controller._link_added(link)


class SetLinkNote(_Command):
    """Like :class:`SetNote`: a burst of saves while typing is one undo step."""

    def __init__(
        self, controller: LibraryController, link_id: int, before: str, after: str
    ) -> None:
        super().__init__(controller, "Edit link note")
        self.link_id = link_id
        self.before = before
        self.after = after

    def id(self) -> int:
        return LINK_NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetLinkNote) or other.link_id != self.link_id:
            return False
        self.after = other.after
        return True

    def _set(self, note: str, replacing: str) -> None:
        updated = self.controller.library.set_link_note(self.link_id, note, replacing=replacing)
        self.controller._link_updated(updated)

    def do(self) -> None:
        self._set(self.after, self.before)

    def undo_change(self) -> None:
        self._set(self.before, self.after)
