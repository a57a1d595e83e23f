"""The library's bulk reads (plain SQL on its sqlite3 connection) against the ORM rows."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC
from pathlib import Path

import pytest

from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.core.records import AnnotationState, LinkType
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.library import Library

TEXT = "🙂 Defense said so; 🇺🇸 later State. " * 20


def add_article(library: Library, title: str) -> int:
    outcome = library.import_article(ParsedArticle(text=f"{title}: {TEXT}", title=title))
    assert outcome.article is not None
    return outcome.article.id


@pytest.fixture
def scattered(db_path: Path) -> Path:
    """Annotations added out of order over two articles, tags attached in reverse, orphans."""
    with Library.open(db_path) as library:
        first, second = add_article(library, "A"), add_article(library, "B")
        claim, contradiction = (tag.id for tag in library.tags())
        extra = library.add_tag("Source", "#336699").id
        made = [
            library.add_annotation(second, 30, 40, tag_ids=[extra, claim]),
            library.add_annotation(first, 20, 25),
            library.add_annotation(second, 5, 9, tag_ids=[contradiction]),
            library.add_annotation(first, 20, 22, tag_ids=[extra, contradiction, claim]),
            library.add_annotation(first, 3, 8),
            library.add_annotation(second, 50, 60),
            library.add_annotation(first, 60, 70),
        ]
        library.add_link(made[0].id, made[1].id, LinkType.CONTRADICTS, note="mix-up")
        library.add_link(made[3].id, made[2].id, LinkType.SAME_CLAIM)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        # One orphan that lost its article, one that kept it but lost its place.
        conn.execute(
            'UPDATE annotations SET article_id = NULL, start = NULL, "end" = NULL, '
            "state = 'orphaned' WHERE id = ?",
            (made[5].id,),
        )
        conn.execute(
            "UPDATE annotations SET start = NULL, \"end\" = NULL, state = 'orphaned' WHERE id = ?",
            (made[6].id,),
        )
        # One whose passage was edited, one waiting for review with a candidate place.
        conn.execute(
            "UPDATE annotations SET state = 'changed', previous_exact = 'before' WHERE id = ?",
            (made[4].id,),
        )
        conn.execute(
            "UPDATE annotations SET state = 'needs_review', candidate_start = 1, "
            "candidate_end = 4 WHERE id = ?",
            (made[2].id,),
        )
    return db_path


def stored_order(db_path: Path, where: str = "") -> list[int]:
    with closing(sqlite3.connect(db_path)) as conn:
        query = f"SELECT id FROM annotations {where} "
        query += "ORDER BY article_id IS NULL, article_id, start, id"
        return [row[0] for row in conn.execute(query)]


def test_annotations_come_by_article_then_position_with_orphans_last(scattered: Path):
    with Library.open(scattered) as library:
        annotations = library.annotations()
        assert [a.id for a in annotations] == stored_order(scattered)
        assert annotations[-1].article_id is None
        for summary in library.articles():
            expected = stored_order(scattered, f"WHERE article_id = {summary.id}")
            assert [a.id for a in library.annotations(summary.id)] == expected


def test_bulk_records_equal_the_single_row_reads(scattered: Path):
    with Library.open(scattered) as library:
        annotations = library.annotations()
        assert annotations == [library.annotation(a.id) for a in annotations]
        assert {a.state for a in annotations} == set(AnnotationState)
        assert any(len(a.tag_ids) == 3 for a in annotations)
        assert all(list(a.tag_ids) == sorted(a.tag_ids) for a in annotations)
        assert all(a.created.tzinfo is UTC and a.modified.tzinfo is UTC for a in annotations)
        links = library.links()
        assert links == library.links_of([a.id for a in annotations])
        assert [link.type for link in links] == [LinkType.CONTRADICTS, LinkType.SAME_CLAIM]
        for summary in library.articles():
            assert library.article(summary.id) == library.find_article(str(summary.id))
            assert summary.annotation_count == len(library.annotations(summary.id))


def test_articles_with_texts_come_in_the_order_asked(scattered: Path):
    with Library.open(scattered) as library:
        ids = [summary.id for summary in library.articles()][::-1]
        assert library.articles_with_texts(ids) == [library.article(i) for i in ids]
        assert library.articles_with_texts([]) == []
        with pytest.raises(LibraryError, match="no article with id 999"):
            library.articles_with_texts([ids[0], 999])


def test_a_read_that_fails_is_a_library_error_and_the_next_read_works(scattered: Path):
    with Library.open(scattered) as library:
        tags = library.tags()
        with closing(sqlite3.connect(scattered)) as conn, conn:
            conn.execute("DROP TABLE links")
        with pytest.raises(LibraryError, match="could not be read: no such table: links"):
            library.links()
        assert library.tags() == tags  # the failed read's transaction was ended
