"""The controller: every change lands in the database and undoes/redoes there too."""

from __future__ import annotations

import pytest

from xiaomi_reader.core.records import LinkType
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.store.library import Library


@pytest.fixture
def controller(qapp, library: Library) -> LibraryController:
    return LibraryController(library)


def first_article(library: Library) -> int:
    return library.articles()[0].id


def test_create_undo_redo_reaches_the_database(controller: LibraryController, library: Library):
    article_id = first_article(library)
    claim = controller.tags()[0]
    added = []
    controller.annotationAdded.connect(added.append)
    created = controller.create_annotation(article_id, 0, 6, [claim.id])
    assert created is not None and added == [created]
    assert library.annotations(article_id) == [created]
    controller.undo_stack.undo()
    assert library.annotations(article_id) == []
    assert controller.annotation(created.id) is None
    controller.undo_stack.redo()
    assert library.annotations(article_id) == [created]
    assert controller.annotation(created.id) == created


def test_delete_with_links_is_one_undo_step(controller: LibraryController, library: Library):
    article_id = first_article(library)
    a = controller.create_annotation(article_id, 0, 6)
    b = controller.create_annotation(article_id, 10, 20)
    assert a and b
    link = library.add_link(a.id, b.id, LinkType.CONTRADICTS)
    assert controller.delete_annotations([a.id])
    assert library.links() == [] and controller.annotation(a.id) is None
    controller.undo_stack.undo()
    assert library.links() == [link]
    assert library.annotation(a.id) == a


def test_note_edits_merge_into_one_undo_step(controller: LibraryController, library: Library):
    a = controller.create_annotation(first_article(library), 0, 6)
    assert a
    for text in ["D", "Do", "Doubtful"]:
        controller.set_note(a.id, text)
    assert library.annotation(a.id).note == "Doubtful"
    controller.undo_stack.undo()
    assert library.annotation(a.id).note == ""
    controller.undo_stack.redo()
    assert library.annotation(a.id).note == "Doubtful"


def test_tag_delete_and_undo_restores_tagging(controller: LibraryController, library: Library):
    claim = controller.tags()[0]
    a = controller.create_annotation(first_article(library), 0, 6, [claim.id])
    assert a and controller.tag_usage(claim.id) == 1
    controller.delete_tag(claim.id)
    assert claim.id not in controller.tag_map()
    assert library.annotation(a.id).tag_ids == ()
    assert controller.annotation(a.id).tag_ids == ()
    controller.undo_stack.undo()
    assert controller.tag_map()[claim.id] == claim
    assert library.annotation(a.id).tag_ids == (claim.id,)
    assert controller.annotation(a.id).tag_ids == (claim.id,)


def test_tag_add_rename_undo(controller: LibraryController, library: Library):
    tag = controller.add_tag("Dubious", "#7c3aed", shortcut="3")
    renamed = controller.update_tag(tag.id, name="Doubtful")
    assert [t.name for t in library.tags()][-1] == "Doubtful"
    controller.undo_stack.undo()
    assert controller.tag_map()[tag.id].name == "Dubious"
    controller.undo_stack.undo()
    assert tag.id not in {t.id for t in library.tags()}
    controller.undo_stack.redo()
    controller.undo_stack.redo()
    assert controller.tag_map()[tag.id] == renamed


def test_failures_are_reported_not_raised(controller: LibraryController, library: Library):
    errors = []
    controller.errorOccurred.connect(errors.append)
    assert controller.create_annotation(first_article(library), 5, 5) is None
    assert errors and "Cannot annotate" in errors[0]
    assert controller.undo_stack.count() == 0


def test_a_refused_action_leaves_no_undo_step(controller: LibraryController, library: Library):
    errors: list[str] = []
    controller.errorOccurred.connect(errors.append)
    article_id = first_article(library)
    assert controller.create_annotation(article_id, 50, 10) is None  # an empty range
    assert controller.undo_stack.count() == 0 and not controller.undo_stack.canUndo()
    assert errors and "Cannot annotate that range" in errors[0]
    assert library.annotations(article_id) == []


def test_deleting_puts_back_what_the_library_held_even_if_changed_elsewhere(
    controller: LibraryController, library: Library
):
    article_id = first_article(library)
    a = controller.create_annotation(article_id, 0, 6)
    assert a is not None
    # Another program's note, which this controller has not seen yet.
    with Library.open(library.path, seed=False) as other:
        other.set_note(a.id, "written elsewhere")
    assert controller.delete_annotations([a.id])
    controller.undo_stack.undo()
    assert library.annotation(a.id).note == "written elsewhere"
    assert controller.annotation(a.id) == library.annotation(a.id)
