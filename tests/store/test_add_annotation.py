"""Creating an annotation: the record handed back is exactly what the library stored."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.library import Library

TEXT = "🙂 Lead. The US Department of Defense said so; 🇺🇸 later the Department of State."


def _article(library: Library) -> int:
    outcome = library.import_article(ParsedArticle(text=TEXT, title="Emoji", file_name="e.txt"))
    assert outcome.article is not None
    return outcome.article.id


def test_returned_record_equals_the_stored_one(library: Library):
    article_id = _article(library)
    first, second = (tag.id for tag in library.tags())
    start = TEXT.index("Department of State")
    made = library.add_annotation(
        article_id,
        start,
        start + 19,
        tag_ids=[second, first, second],  # out of order and repeated
        note="mix-up",
        author="me",
    )
    assert made.tag_ids == (first, second)
    assert made.exact == "Department of State"
    assert made == library.annotation(made.id)
    assert made in library.annotations(article_id)


@pytest.mark.parametrize(
    "passage", ["🙂 Lead", "Lead. The US", "🇺🇸 later", "the Department of State."]
)
def test_quote_and_context_are_the_texts_code_points_wherever_the_passage_lies(
    library: Library, passage: str
):
    # At the very start, the very end and around astral characters (an emoji, a flag):
    # the selector counts code points of the whole text, its context clipped at its ends.
    article_id = _article(library)
    start = TEXT.index(passage)
    end = start + len(passage)
    made = library.add_annotation(article_id, start, end)
    assert (made.start, made.end, made.exact) == (start, end, passage)
    assert made.prefix == TEXT[max(0, start - 32) : start]
    assert made.suffix == TEXT[end : end + 32]


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (0, len(TEXT) + 1, f"for a text of length {len(TEXT)}"),
        (len(TEXT), len(TEXT) + 3, f"for a text of length {len(TEXT)}"),
        (7, 7, "invalid range 7..7"),
        (-1, 4, "invalid range -1..4"),
    ],
)
def test_a_range_outside_the_text_is_refused_and_writes_nothing(
    library: Library, start: int, end: int, reason: str
):
    article_id = _article(library)
    revision = library.revision()
    with pytest.raises(LibraryError, match=f"Cannot annotate that range: .*{reason}"):
        library.add_annotation(article_id, start, end, tag_ids=[library.tags()[0].id])
    assert library.annotations(article_id) == []
    assert library.revision() == revision


def test_untagged_annotation_round_trips(library: Library):
    article_id = _article(library)
    made = library.add_annotation(article_id, 0, 1, iri="urn:uuid:fixed")
    assert made.tag_ids == () and made.iri == "urn:uuid:fixed"
    assert made == library.annotation(made.id)


def test_unknown_tag_or_article_writes_nothing(library: Library):
    article_id = _article(library)
    revision = library.revision()
    with pytest.raises(LibraryError, match="no tag with id 9999"):
        library.add_annotation(article_id, 2, 7, tag_ids=[library.tags()[0].id, 9999])
    with pytest.raises(LibraryError, match="no article with id 9999"):
        library.add_annotation(9999, 2, 7)
    assert library.annotations(article_id) == []
    assert library.revision() == revision


def test_each_creation_raises_the_revision(library: Library):
    article_id = _article(library)
    before = library.revision()
    library.add_annotation(article_id, 2, 7, tag_ids=[library.tags()[0].id])
    assert library.revision() > before


def test_a_write_the_database_refuses_is_a_clear_error_and_leaves_nothing(
    library: Library, db_path: Path
):
    article_id = _article(library)
    tag_id = library.tags()[0].id
    before = library.annotations()
    # A trigger that cannot run makes SQLite refuse the insert itself (an OperationalError
    # from the driver, as a full disk or an I/O error would).
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON annotation_tags "
            "BEGIN SELECT no_such_function(); END"
        )
        conn.commit()

    with pytest.raises(LibraryError, match="could not be written"):
        library.add_annotation(article_id, 0, 5, tag_ids=[tag_id])
    assert library.annotations() == before
