"""One data path: every read and write of the library is a SQLAlchemy Core statement.

Reading every annotation is a fixed number of statements whatever their number
(annotations, then their tags, assembled), and the ORM is never loaded.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.store.library import Library

TEXT = "🙂 Defense said so; 🇺🇸 later State. " * 40


@contextmanager
def statements(library: Library) -> Iterator[list[str]]:
    """The SQL the library's engine runs meanwhile (BEGIN and the like left out)."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        if not sql.startswith(("BEGIN", "PRAGMA")):
            seen.append(" ".join(sql.split()))

    engine = library.transactions.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _annotate(library: Library, count: int) -> None:
    outcome = library.import_article(ParsedArticle(text=TEXT, title=f"Text {count}"))
    assert outcome.article is not None
    tag_ids = [tag.id for tag in library.tags()]
    for n in range(count):
        library.add_annotation(outcome.article.id, n, n + 5, tag_ids=tag_ids[: n % 3])


def test_reading_every_annotation_is_two_kinds_of_query_whatever_their_number(
    library: Library,
):
    counts = []
    for more in (3, 60):
        _annotate(library, more)
        with statements(library) as seen:
            annotations = library.annotations()
        counts.append(len(seen))
        assert any("FROM annotations" in sql and "annotation_tags" not in sql for sql in seen)
        assert any("FROM annotation_tags" in sql for sql in seen)
    assert counts[0] == counts[1] <= 3  # placed, unplaced, taggings
    assert len(annotations) == 63
    assert {len(a.tag_ids) for a in annotations} == {0, 1, 2}


def test_creating_an_annotation_is_one_insert_and_one_for_its_tags(library: Library):
    article_id = library.articles()[0].id
    tag_ids = [tag.id for tag in library.tags()]
    with statements(library) as seen:
        made = library.add_annotation(article_id, 0, 4, tag_ids=tag_ids)
    inserts = [sql for sql in seen if sql.startswith("INSERT")]
    assert [sql.split()[2] for sql in inserts] == ["annotations", "annotation_tags"]
    assert made == library.annotation(made.id)


def test_the_store_never_loads_the_orm(tmp_path: Path):
    """Core statements only: ``sqlalchemy.orm`` (~0.2 s to import) stays unloaded."""
    code = (
        "import sys\n"
        "from xiaomi_reader.store.library import Library\n"
        "from xiaomi_reader.store.interchange import import_annotations\n"
        "path = sys.argv[1]\n"
        "with Library.open(path) as library:\n"
        "    article = library.articles()[0].id\n"
        "    made = library.add_annotation(article, 0, 4, tag_ids=[library.tags()[0].id])\n"
        "    library.set_note(made.id, 'n')\n"
        "    library.annotations(); library.links()\n"
        "print('sqlalchemy.orm' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "library.sqlite3")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False"
