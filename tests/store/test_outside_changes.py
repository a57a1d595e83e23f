"""Writes that replace a whole value merge with what another program wrote meanwhile."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from xiaomi_reader.store.library import Library


def other_program(db_path: Path, sql: str, *params: object) -> None:
    """Another program's write: plain sqlite3, its own connection, committed."""
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(sql, params)
        conn.commit()


def test_tags_another_program_added_are_kept(library: Library, db_path: Path):
    claim, contradiction = library.tags()[:2]
    extra = library.add_tag("Check", "#00aa00")
    a = library.add_annotation(library.articles()[0].id, 0, 8, tag_ids=[claim.id])
    other_program(
        db_path,
        "INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
        a.id,
        contradiction.id,
    )
    # We still believe A has only Claim, and add Check to that.
    after = library.set_annotation_tags(a.id, [claim.id, extra.id], replacing=a.tag_ids)
    assert set(after.tag_ids) == {claim.id, contradiction.id, extra.id}
    assert set(library.annotation(a.id).tag_ids) == {claim.id, contradiction.id, extra.id}


def test_a_note_another_program_changed_is_merged(library: Library, db_path: Path):
    a = library.add_annotation(library.articles()[0].id, 0, 8, note="Defense or State?")
    other_program(db_path, "UPDATE annotations SET note = ? WHERE id = ?", "Ask the desk.", a.id)
    after = library.set_note(a.id, "Defense, per the order.", replacing=a.note)
    assert after.note == "Ask the desk.\n\nDefense, per the order."
    assert library.annotation(a.id).note == after.note


def test_a_link_note_another_program_changed_is_merged(library: Library, db_path: Path):
    article_id = library.articles()[0].id
    a = library.add_annotation(article_id, 0, 8)
    b = library.add_annotation(article_id, 10, 20)
    link = library.add_link(a.id, b.id, "contradicts", note="first draft")
    other_program(
        db_path, "UPDATE links SET note = ? WHERE id = ?", "first draft, checked", link.id
    )
    after = library.set_link_note(link.id, "my first draft", replacing=link.note)
    assert after.note == "my first draft, checked"
