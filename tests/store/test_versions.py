"""Versions of an article in a real library: added, listed, opened, taken back exactly."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.helpers import (
    DATA,
    REPEATED,
    VERSION_1,
    VERSION_2,
    VERSION_FATES,
    VERSION_URL,
    version_file,
)
from xiaomi_reader.core.articles import parse_article_file
from xiaomi_reader.core.records import AnnotationState
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.import_outcomes import ImportStatus, outcome_line
from xiaomi_reader.store.library import Library
from xiaomi_reader.store.migrate import head_revision

S = AnnotationState


def dump(path: Path) -> list[str]:
    """Every row and schema line of the library, but the revision (which always moves)."""
    with closing(sqlite3.connect(path)) as conn:
        return [line for line in conn.iterdump() if "library_revision" not in line]


def annotated(library: Library, tmp_path: Path) -> int:
    """The first version imported, one annotation on each passage of VERSION_FATES."""
    [outcome] = library.import_article_files([version_file(tmp_path, "v1.md", VERSION_1)])
    assert outcome.article is not None
    article_id = outcome.article.id
    text = library.article(article_id).text
    for quote in VERSION_FATES:
        start = text.index(quote)
        library.add_annotation(article_id, start, start + len(quote), note=quote)
    return article_id


def test_a_new_version_carries_each_annotation_and_keeps_the_old_one(
    library: Library, tmp_path: Path
):
    article_id = annotated(library, tmp_path)
    before = {a.note: a for a in library.annotations(article_id)}

    outcome = library.add_version(
        article_id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2))
    )

    assert outcome.added and outcome.number == 2
    counts = outcome.counts
    assert (counts.unchanged, counts.moved, counts.changed) == (0, 1, 1)
    assert (counts.needs_review, counts.orphaned) == (1, 1)
    article = library.article(article_id)
    assert article.text == VERSION_2 and article.version == 2
    assert article.iri == outcome.article.iri  # the article keeps its identity
    after = {a.note: a for a in library.annotations(article_id)}
    for quote, fate in VERSION_FATES.items():
        assert after[quote].state == (S.ANCHORED if fate == "moved" else S(fate))
    moved = after["US Department of State"]
    assert (moved.version, VERSION_2[moved.start : moved.end]) == (2, "US Department of State")
    changed = after["not owned or controlled by the military"]
    assert changed.exact == "not owned or controlled by the armed forces"
    assert changed.previous_exact == "not owned or controlled by the military"
    assert VERSION_2[changed.start : changed.end] == changed.exact
    review = after[REPEATED]
    assert review.version == 1 and (review.start, review.end) == (
        before[REPEATED].start,
        before[REPEATED].end,
    )
    assert review.candidate_start is not None and review.candidate_end is not None
    assert VERSION_2[review.candidate_start : review.candidate_end] == REPEATED
    assert [a.note for a in outcome.review] == [REPEATED]
    orphan = after["Prices rose sharply in March"]
    assert (orphan.version, orphan.article_id) == (1, article_id)

    # The first version is still there, with every annotation where it was on it.
    old, placed = library.old_version(article_id, 1)
    assert (old.text, old.version) == (VERSION_1, 1)
    assert {a.note: (a.start, a.end, a.state) for a in placed} == {
        note: (a.start, a.end, S.ANCHORED) for note, a in before.items()
    }
    listed = library.versions(article_id)
    assert [(v.number, v.annotations, v.current) for v in listed] == [(1, 4, False), (2, 2, True)]


def test_taking_the_version_back_leaves_the_library_as_it_was(
    library: Library, tmp_path: Path, db_path: Path
):
    article_id = annotated(library, tmp_path)
    library.transactions.engine.dispose()
    before = dump(db_path)
    outcome = library.add_version(
        article_id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2))
    )
    assert dump(db_path) != before

    changes = library.remove_latest_version(article_id, outcome.number)

    library.transactions.engine.dispose()
    assert dump(db_path) == before
    assert changes.updated_articles == (article_id,)
    assert {a.id for a in changes.annotations} == {a.id for a in library.annotations(article_id)}


def test_only_the_latest_version_can_be_taken_back(library: Library, tmp_path: Path):
    article_id = annotated(library, tmp_path)
    library.add_version(article_id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2)))
    with pytest.raises(LibraryError, match="Version 1 is not the latest"):
        library.remove_latest_version(article_id, 1)
    assert library.article(article_id).version == 2


def test_the_same_text_again_is_already_present_as_whichever_version_it_is(
    library: Library, tmp_path: Path
):
    article_id = annotated(library, tmp_path)
    v2 = version_file(tmp_path, "v2.md", VERSION_2)
    library.add_version(article_id, parse_article_file(v2))
    again = library.add_version(article_id, parse_article_file(v2))
    first = library.add_version(article_id, parse_article_file(tmp_path / "v1.md"))
    assert (again.added, again.number, first.added, first.number) == (False, 2, False, 1)
    [imported] = library.import_article_files([tmp_path / "v1.md"])
    assert imported.status is ImportStatus.PRESENT
    assert [v.number for v in library.versions(article_id)] == [1, 2]


def test_an_import_at_the_same_address_becomes_the_next_version(library: Library, tmp_path: Path):
    article_id = annotated(library, tmp_path)
    count = len(library.articles())
    # http, a trailing slash, tracking parameters and a fragment: still the same page.
    url = VERSION_URL.replace("https:", "http:") + "/?utm_source=feed&fbclid=x1&gclid=y#top"
    [outcome] = library.import_article_files([version_file(tmp_path, "v2.md", VERSION_2, url)])
    assert outcome.status is ImportStatus.VERSION
    assert outcome_line(outcome) == (
        'new version 2 of "Xiaomi and the list": 0 unchanged, 1 moved, 1 changed, '
        "1 need review, 1 orphaned"
    )
    assert len(library.articles()) == count
    assert library.article(article_id).text == VERSION_2
    # Another query parameter names another page: a new article.
    other = version_file(tmp_path, "v3.md", VERSION_2 + "More.\n", VERSION_URL + "?page=2")
    [separate] = library.import_article_files([other])
    assert separate.status is ImportStatus.IMPORTED


def test_accepting_a_candidate_places_it_in_the_current_version(library: Library, tmp_path: Path):
    article_id = annotated(library, tmp_path)
    outcome = library.add_version(
        article_id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2))
    )
    [waiting] = outcome.review
    accepted = library.accept_candidate(waiting.id)
    assert (accepted.state, accepted.version) == (S.ANCHORED, 2)
    assert (accepted.start, accepted.end) == (waiting.candidate_start, waiting.candidate_end)
    assert library.put_annotation_back(waiting) == waiting
    anchored = next(a for a in library.annotations(article_id) if a.state is S.ANCHORED)
    with pytest.raises(LibraryError, match="no place waiting"):
        library.accept_candidate(anchored.id)


def test_a_library_made_at_0003_upgrades_keeping_tags_links_and_triggers(tmp_path: Path):
    path = tmp_path / "library.sqlite3"
    shutil.copy(DATA / "library-0003.sqlite3", path)
    with Library.open(path) as lib:
        assert lib.backup is not None
        annotations = lib.annotations()
        assert {a.note for a in annotations} >= {"The Pentagon's list.", "State, not Defense."}
        assert all(a.tag_ids and a.version == 1 for a in annotations)
        [link] = lib.links()
        assert link.note == "Which department?"
        assert all(a.version == 1 for a in lib.articles())
        # The revision triggers of 0002 fire on the copied annotations table.
        seen = lib.revision()
        added = lib.add_annotation(4, 0, 6)
        assert lib.revision() > seen
        seen = lib.revision()
        lib.set_note(added.id, "changed")
        assert lib.revision() > seen
        seen = lib.revision()
        lib.delete_annotation(added.id)
        assert lib.revision() > seen
        assert lib.add_annotation(4, 0, 6).id > added.id  # ids are never given twice
        # Articles from before know their address: a text from it is their next version.
        url = "http://news.example.org/xiaomi-off-the-list/?utm_source=feed"
        [again] = lib.import_article_files([version_file(tmp_path, "new.md", VERSION_2, url)])
        assert again.status is ImportStatus.VERSION and again.article is not None
        assert again.article.id == 4
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
