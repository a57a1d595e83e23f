"""Every article keeps the bytes it was read from, and what the file says of itself.

Real files of each kind are imported into a real library; what comes back out must be
byte for byte what was read. A library made before (schema 0002) is upgraded in place.
"""

from __future__ import annotations

import codecs
import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from tests.documents import write_docx, write_pdf
from tests.helpers import DATA
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.library import Library
from xiaomi_reader.store.migrate import head_revision

PAGE = (
    "<!doctype html><html lang='pt-BR'><head><meta charset='utf-8'>"
    "<title>Xiaomi sai da lista</title>"
    "<meta name='author' content='Ana Souza'>"
    "<meta property='og:site_name' content='Jornal Exemplo'>"
    "</head><body><article><h1>Xiaomi sai da lista</h1>"
    "<p>Um tribunal em Washington suspendeu a inclusão da Xiaomi na lista do Pentágono.</p>"
    "<p>A empresa diz que não pertence às forças armadas chinesas, e o governo recorreu.</p>"
    "</article></body></html>"
)


def make_file(kind: str, folder: Path, qtbot: QtBot) -> Path:
    """A real article file of this kind."""
    path = folder / f"evidence.{kind}"
    if kind == "txt":
        path.write_bytes(b"Xiaomi on the list\r\n\r\nThe Department of Defense, then State.\r\n")
    elif kind == "md":
        path.write_text(
            "---\ntitle: Which department?\nauthor: Lee Chan\nlanguage: en\n---\n"
            "The Department of Defense listed Xiaomi; the question asks about State.\n",
            encoding="utf-8",
        )
    elif kind == "html":
        path.write_text(PAGE, encoding="utf-8")
    elif kind == "pdf":
        write_pdf(path, [[["Xiaomi was listed by the Department of Defense in January."]]])
    else:
        write_docx(path, heading="Listed", paragraphs=("The Pentagon named Xiaomi in January.",))
    return path


MEDIA = {
    "txt": "text/plain",
    "md": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@pytest.mark.parametrize("kind", list(MEDIA))
def test_every_kind_of_file_keeps_its_exact_bytes(
    kind: str, library: Library, tmp_path: Path, qtbot: QtBot
):
    path = make_file(kind, tmp_path, qtbot)
    [outcome] = library.import_article_files([path])
    assert outcome.article is not None, outcome.reason

    info, data = library.original(outcome.article.id)

    assert data == path.read_bytes()
    assert (info.media_type, info.file_name, info.url, info.fetched_at) == (
        MEDIA[kind],
        path.name,
        None,
        None,
    )
    assert info.size == len(data)
    assert library.original_info(outcome.article.id) == info


BODY = "Xiaomi on the list\n\nThe Department of Defense \u2014 then State, caf\u00e9 \U0001f4f1.\n"
TEXT_FILES = {
    "utf-8": BODY.encode(),
    "crlf": BODY.replace("\n", "\r\n").encode(),
    "cr": BODY.replace("\n", "\r").encode(),
    "bom": codecs.BOM_UTF8 + BODY.encode(),
    "utf-16": codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"),
    "cp1252": BODY.replace(" \U0001f4f1", "").encode("cp1252"),
}


@pytest.mark.parametrize("kind", list(TEXT_FILES))
def test_a_text_file_comes_back_as_read_whatever_the_reader_changed(
    kind: str, library: Library, tmp_path: Path
):
    # The text drops a byte order mark, turns CR LF into LF and leaves the legacy encoding:
    # only the first file's bytes are its text's UTF-8. Each keeps the checksum of its bytes.
    path = tmp_path / f"{kind}.txt"
    path.write_bytes(TEXT_FILES[kind])
    [outcome] = library.import_article_files([path])
    assert outcome.article is not None, outcome.reason

    info, data = library.original(outcome.article.id)

    assert data == TEXT_FILES[kind]
    assert (info.size, info.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert library.article(outcome.article.id).text.startswith("Xiaomi on the list\n\nThe")


def test_a_file_that_is_its_own_text_is_kept_once(library: Library, db_path: Path, tmp_path: Path):
    import random

    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    # Words of random letters: text that packs no smaller than about 60%.
    text = (
        "\n\n".join(
            " ".join("".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(60))
            for _ in range(600)
        )
        + "\n"
    )
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    library.close()  # settle the library file before measuring it
    empty = db_path.stat().st_size
    with Library.open(db_path) as lib:
        [outcome] = lib.import_article_files([path])
    assert outcome.article is not None
    size_before = db_path.stat().st_size

    with Library.open(db_path) as lib:
        assert lib.original(outcome.article.id)[1] == path.read_bytes()
        assert lib.article(outcome.article.id).text == text
    # The text (~220 kB) once, not once more packed beside it (its packed copy is ~130 kB).
    assert db_path.stat().st_size == size_before
    assert size_before - empty < len(text.encode()) + 60_000


def test_what_a_page_and_front_matter_say_of_themselves_is_kept(
    library: Library, tmp_path: Path, qtbot: QtBot
):
    page = library.import_article_files([make_file("html", tmp_path, qtbot)])[0].article
    notes = library.import_article_files([make_file("md", tmp_path, qtbot)])[0].article
    assert page is not None and notes is not None

    stored = library.article(page.id)
    assert (stored.author, stored.site, stored.language) == ("Ana Souza", "Jornal Exemplo", "pt-BR")
    assert stored.fetched_at is None  # a file, not a fetch
    listed = next(a for a in library.articles() if a.id == page.id)
    assert (listed.author, listed.site, listed.language) == ("Ana Souza", "Jornal Exemplo", "pt-BR")
    assert (library.article(notes.id).author, library.article(notes.id).language) == (
        "Lee Chan",
        "en",
    )


def test_listing_and_opening_articles_never_reads_the_originals(library: Library, tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text("A long report.\n" + "Words of the report. " * 50_000, encoding="utf-8")
    [outcome] = library.import_article_files([big])
    assert outcome.article is not None
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    engine = library.transactions.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        library.articles()
        library.article(outcome.article.id)
        library.articles_with_texts([outcome.article.id])
        assert statements and not [s for s in statements if "article_originals" in s]
        info = library.original_info(outcome.article.id)  # what the window asks first
        assert info is not None and info.size > 1_000_000
        assert not [s for s in statements if "article_originals.data" in s]
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_an_article_is_never_stored_without_its_original(
    library: Library, db_path: Path, tmp_path: Path
):
    before = [a.id for a in library.articles()]
    # The original cannot be written (as on a full disk): the article must not stay either.
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(
            "CREATE TRIGGER no_room BEFORE INSERT ON article_originals "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
        conn.commit()
    path = tmp_path / "note.txt"
    path.write_text("A note about the list.\n", encoding="utf-8")

    with pytest.raises(Exception, match="disk is full"):
        library.import_article_files([path])

    assert [a.id for a in library.articles()] == before


def test_a_damaged_original_is_refused_not_handed_out(
    library: Library, db_path: Path, tmp_path: Path
):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [outcome] = library.import_article_files([path])
    assert outcome.article is not None
    assert library.original(outcome.article.id)[1] == PAGE.encode()
    with closing(sqlite3.connect(db_path)) as conn:
        # A packed frame of other bytes, and then bytes that are no packed frame at all.
        conn.execute("UPDATE article_originals SET data = X'28b52ffd2000010000'")
        conn.commit()
    with pytest.raises(LibraryError, match=r"damaged.*backup"):
        library.original(outcome.article.id)
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE article_originals SET data = X'00ff'")
        conn.commit()
    with pytest.raises(LibraryError, match=r"damaged.*backup"):
        library.original(outcome.article.id)


def test_a_library_made_at_0002_upgrades_in_place_with_the_new_columns_empty(tmp_path: Path):
    path = tmp_path / "library.sqlite3"
    shutil.copy(DATA / "library-0002.sqlite3", path)
    with closing(sqlite3.connect(path)) as conn:
        before = conn.execute(
            "SELECT id, iri, title, date, source, url, file_name, imported_at, text "
            "FROM articles ORDER BY id"
        ).fetchall()

    with Library.open(path) as lib:
        assert lib.backup is not None  # the file as it was, before the upgrade
        articles = {a.id: a for a in lib.articles()}
        assert len(articles) == 4
        found = lib.article(4)
        assert (found.title, found.source, found.url) == (
            "Xiaomi off the list",
            "Example Wire",
            "https://news.example.org/xiaomi-off-the-list",
        )
        for article in articles.values():
            assert (article.author, article.site, article.language, article.fetched_at) == (
                None,
                None,
                None,
                None,
            )
            assert lib.original_info(article.id) is None
        with pytest.raises(LibraryError, match="imported before xiaomi-reader kept them"):
            lib.original(4)
        assert {"The Pentagon's list.", "State, not Defense."} <= {
            a.note for a in lib.annotations()
        }
        revision = lib.revision()
        lib.add_annotation(4, 0, 6)  # the revision triggers of 0002 still fire
        assert lib.revision() > revision

    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
        after = conn.execute(
            "SELECT id, iri, title, date, source, url, file_name, imported_at, text "
            "FROM articles ORDER BY id"
        ).fetchall()
        assert after == before
        assert conn.execute("SELECT count(*) FROM article_originals").fetchone()[0] == 0
