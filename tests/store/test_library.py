"""The library service on a real SQLite file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.core.records import AnnotationState, LinkType
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.file_checks import APPLICATION_ID
from xiaomi_reader.store.library import ImportStatus, Library
from xiaomi_reader.store.migrate import head_revision

EMOJI_TEXT = "🙂 Lead. The US Department of Defense said so; 🇺🇸 later the Department of State."


def raw(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def add_text(library: Library, text: str = EMOJI_TEXT) -> int:
    outcome = library.import_article(ParsedArticle(text=text, title="Emoji", file_name="e.txt"))
    assert outcome.article is not None
    return outcome.article.id


def test_new_library_is_seeded_with_bundled_articles_and_tags(library: Library, db_path: Path):
    articles = library.articles()
    titles = {a.title for a in articles}
    assert titles == {
        "Xiaomi will press ahead with plans to enter the United States next year",
        "This is why Xiaomi is blacklisted in the United States",
        "A judge suspends Xiaomi blockade regarding national security",
    }
    dates = {a.title[:10]: a.date for a in articles}
    assert dates["Xiaomi wil"] == "2018-07-04"
    assert dates["This is wh"] is None  # nothing invented
    assert [(t.name, t.shortcut) for t in library.tags()] == [
        ("Claim", "1"),
        ("Contradiction", "2"),
    ]
    claim, contradiction = library.tags()
    assert claim.colour.lower() != contradiction.colour.lower()
    with closing(raw(db_path)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )


def test_bundled_article_bodies_are_the_seed_texts_verbatim(library: Library):
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seed-articles"
    if not seeds.is_dir():
        pytest.skip("the shared seed articles are not beside the repository")
    bodies = {a.file_name: library.article(a.id).text for a in library.articles()}
    for seed in sorted(seeds.glob("*.txt")):
        original = seed.read_text(encoding="utf-8")
        body = bodies[seed.stem + ".md"]
        if seed.name.startswith("000_"):
            # The scraped " date 2018-07-04 " marker became metadata.
            assert original == " date 2018-07-04 " + body
        else:
            assert body == original
    assert any("empahasized" in body for body in bodies.values())


def test_reopening_does_not_seed_again(db_path: Path):
    with Library.open(db_path) as first:
        ids = [a.id for a in first.articles()]
        first.add_tag("Dubious", "#7c3aed")
    with Library.open(db_path) as second:
        assert [a.id for a in second.articles()] == ids
        assert [t.name for t in second.tags()] == ["Claim", "Contradiction", "Dubious"]
        assert second.backup is None and not second.created


def test_library_accepts_a_sqlalchemy_url(tmp_path: Path):
    url = f"sqlite+pysqlite:///{tmp_path / 'by-url.sqlite3'}"
    with Library.open(url) as lib:
        assert len(lib.articles()) == 3
    assert (tmp_path / "by-url.sqlite3").exists()


def test_connection_pragmas(library: Library):
    with library.transactions.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    assert pragma["foreign_keys"] == 1
    assert pragma["journal_mode"] == "wal"
    assert pragma["synchronous"] == 1  # NORMAL
    assert pragma["busy_timeout"] >= 3000


def test_reimporting_same_text_is_reported_present(library: Library):
    first = library.import_article(ParsedArticle(text="Same text.", title="A"))
    second = library.import_article(ParsedArticle(text="Same text.", title="B"))
    assert first.status is ImportStatus.IMPORTED
    assert second.status is ImportStatus.PRESENT
    assert first.article and second.article and first.article.id == second.article.id
    assert first.article.iri.startswith("urn:sha256:") and len(first.article.iri) == 11 + 64


def test_tag_names_are_unique_ignoring_case(library: Library):
    with pytest.raises(LibraryError, match="already exists"):
        library.add_tag("CLAIM", "#000000")
    with pytest.raises(LibraryError, match="already exists"):
        library.add_tag("Other", "#000000", shortcut="1")
    with pytest.raises(LibraryError, match="needs a name"):
        library.add_tag("   ", "#000000")
    renamed = library.update_tag(library.tags()[0].id, name="  Key   claim ")
    assert renamed.name == "Key claim"
    assert library.tags()[0].shortcut == "1"


def test_annotation_offsets_are_code_points_with_quote_selectors(library: Library):
    article_id = add_text(library)
    text = library.article(article_id).text
    start = text.index("Department of State")
    claim = library.tags()[0]
    annotation = library.add_annotation(
        article_id, start, start + len("Department of State"), tag_ids=[claim.id], note="mix-up"
    )
    assert annotation.iri.startswith("urn:uuid:")
    assert annotation.exact == "Department of State"
    assert text[annotation.start : annotation.end] == "Department of State"
    assert annotation.prefix == text[start - 32 : start]
    assert annotation.suffix == "."
    assert annotation.state is AnnotationState.ANCHORED
    assert annotation.tag_ids == (claim.id,)
    assert annotation.created.tzinfo is not None
    stored = library.annotation(annotation.id)
    assert stored == annotation
    summary = next(a for a in library.articles() if a.id == article_id)
    assert summary.annotation_count == 1


def test_bad_ranges_are_refused(library: Library):
    article_id = add_text(library)
    for start, end in [(5, 5), (-1, 3), (0, 10_000), (7, 3)]:
        with pytest.raises(LibraryError):
            library.add_annotation(article_id, start, end)
    assert library.annotations(article_id) == []


def test_note_and_tags_edits_update_modified(library: Library):
    article_id = add_text(library)
    annotation = library.add_annotation(article_id, 2, 7)
    noted = library.set_note(annotation.id, "first\nsecond")
    assert noted.note == "first\nsecond" and noted.modified >= annotation.modified
    tags = [t.id for t in library.tags()]
    retagged = library.set_annotation_tags(annotation.id, tags)
    assert retagged.tag_ids == tuple(tags)
    with pytest.raises(LibraryError, match="no tag"):
        library.set_annotation_tags(annotation.id, [9999])
    assert library.annotation(annotation.id).tag_ids == tuple(tags)


def test_deleting_a_tag_untags_annotations(library: Library):
    article_id = add_text(library)
    tag = library.add_tag("Temporary", "#123456")
    annotation = library.add_annotation(article_id, 2, 7, tag_ids=[tag.id])
    assert library.tag_usage(tag.id) == 1
    library.delete_tag(tag.id)
    assert library.annotation(annotation.id).tag_ids == ()


def test_deleting_an_annotation_removes_its_links(library: Library, db_path: Path):
    article_id = add_text(library)
    a = library.add_annotation(article_id, 2, 7)
    b = library.add_annotation(article_id, 10, 20)
    c = library.add_annotation(article_id, 25, 30)
    library.add_link(a.id, b.id, LinkType.CONTRADICTS, note="Defense vs State")
    library.add_link(c.id, a.id, "supports")
    library.add_link(b.id, c.id, LinkType.SAME_CLAIM)
    library.delete_annotation(a.id)
    assert [(link.source_id, link.target_id) for link in library.links()] == [(b.id, c.id)]
    # The database itself cascades, whoever deletes.
    with closing(raw(db_path)) as conn:
        conn.execute("DELETE FROM annotations WHERE id = ?", (b.id,))
        conn.commit()
        assert conn.execute("SELECT count(*) FROM links").fetchone()[0] == 0


def test_database_refuses_dangling_and_self_links(library: Library, db_path: Path):
    article_id = add_text(library)
    a = library.add_annotation(article_id, 2, 7)
    with closing(raw(db_path)) as conn:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO links (iri, source_id, target_id, type, note, created) "
                "VALUES ('urn:uuid:x', ?, 424242, 'supports', '', '2026-01-01')",
                (a.id,),
            )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                'INSERT INTO annotations (iri, article_id, target_source, start, "end", exact,'
                " prefix, suffix, note, state, created, modified) VALUES ('urn:uuid:y', ?, 's',"
                " 5, 2, 'x', '', '', '', 'anchored', '2026-01-01', '2026-01-01')",
                (article_id,),
            )
    with pytest.raises(LibraryError, match="itself"):
        library.add_link(a.id, a.id, "supports")
    with pytest.raises(LibraryError, match="Unknown link type"):
        library.add_link(a.id, a.id + 1, "refutes")


def test_failed_write_leaves_nothing(library: Library):
    article_id = add_text(library)
    before = library.annotations()
    with pytest.raises(LibraryError):
        library.add_annotation(article_id, 2, 7, tag_ids=[1, 999])
    assert library.annotations() == before


def test_find_article_by_id_iri_and_url(library: Library):
    summary = library.articles()[0]
    assert library.find_article(str(summary.id)).id == summary.id
    assert library.find_article(summary.iri).id == summary.id
    assert library.find_article("urn:sha256:nope") is None


def test_restoring_deleted_annotations_brings_back_ids_tags_and_links(library: Library):
    article_id = add_text(library)
    claim = library.tags()[0]
    a = library.add_annotation(article_id, 2, 7, tag_ids=[claim.id], note="n")
    b = library.add_annotation(article_id, 10, 20)
    link = library.add_link(a.id, b.id, LinkType.CONTRADICTS, note="why")
    saved_links = library.links_of([a.id])
    assert saved_links == [link]
    library.delete_annotations([a.id])
    assert library.links() == []
    library.restore_annotations([a], saved_links)
    assert library.annotation(a.id) == a
    assert library.links() == [link]
    # A new annotation never takes a deleted one's id.
    library.delete_annotations([b.id])
    c = library.add_annotation(article_id, 25, 30)
    assert c.id > b.id


def test_restoring_a_deleted_tag_retags_its_annotations(library: Library):
    article_id = add_text(library)
    tag = library.add_tag("Temporary", "#123456", shortcut="7")
    a = library.add_annotation(article_id, 2, 7, tag_ids=[tag.id])
    used_by = library.tagged_annotation_ids(tag.id)
    library.delete_tag(tag.id)
    library.restore_tag(tag, used_by)
    assert library.annotation(a.id).tag_ids == (tag.id,)
    assert tag in library.tags()
