"""Importing many articles at once: one insert for all, the same outcomes as one by one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection

from xiaomi_reader.core.articles import ParsedArticle, article_iri
from xiaomi_reader.store import articles as articles_module
from xiaomi_reader.store import queries, sqlite
from xiaomi_reader.store.library import ImportStatus, Library


def parsed(text: str, title: str = "T") -> ParsedArticle:
    # Each text at an address of its own: one address is one article (its versions).
    url = "https://e.example/" + text.strip(".").replace(" ", "-")
    return ParsedArticle(text=text, title=title, date="2024-01-02", url=url)


def test_a_batch_reports_new_present_and_repeated_texts(
    library: Library, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(queries, "IDS_PER_QUERY", 2)  # several queries per batch
    stored = library.import_article(parsed("Stored before.", "Old"))
    batch = [parsed(f"Article {n}.", f"Title {n}") for n in range(5)]
    batch.insert(2, parsed("Stored before.", "Again"))
    batch.append(parsed("Article 1.", "Repeated in the batch"))
    names = [f"file-{n}.txt" for n in range(len(batch))]
    outcomes = library.import_parsed(batch, names)

    assert [o.name for o in outcomes] == names
    assert [o.status for o in outcomes] == [
        *[ImportStatus.IMPORTED] * 2, ImportStatus.PRESENT,
        *[ImportStatus.IMPORTED] * 3, ImportStatus.PRESENT,
    ]  # fmt: skip
    assert outcomes[2].article == stored.article
    assert outcomes[6].article == outcomes[1].article
    listed = {summary.id: summary for summary in library.articles()}
    for outcome, article in zip(outcomes, batch, strict=True):
        assert outcome.article is not None
        assert outcome.article == listed[outcome.article.id]
        assert library.article(outcome.article.id).text in (article.text, "Stored before.")
    new = outcomes[0].article
    assert new is not None
    assert (new.iri, new.title, new.date, new.url) == (
        article_iri("Article 0."),
        "Title 0",
        "2024-01-02",
        "https://e.example/Article-0",
    )


def test_a_failed_batch_leaves_the_library_untouched(
    library: Library, monkeypatch: pytest.MonkeyPatch
):
    before, revision = library.articles(), library.revision()
    real_insert = articles_module._insert

    def insert_then_fail(*args: Any) -> Any:
        real_insert(*args)
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(articles_module, "_insert", insert_then_fail)
    with pytest.raises(RuntimeError):
        library.import_parsed([parsed("One."), parsed("Two.")])
    assert library.articles() == before
    assert library.revision() == revision


def cache_size(library: Library) -> int:
    with library.transactions.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_a_large_batch_gets_a_larger_page_cache_only_while_inserting(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    seen: list[int] = []
    real_page_cache_for = sqlite.page_cache_for

    @contextmanager
    def note_cache_while_inserting(connection: Connection, characters: int) -> Iterator[None]:
        with real_page_cache_for(connection, characters):
            seen.append(int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one()))
            yield

    with Library.open(db_path, seed=False) as library:
        default = cache_size(library)
        monkeypatch.setattr(sqlite, "page_cache_for", note_cache_while_inserting)
        big = [parsed(f"{n} " + "word " * 300_000) for n in range(3)]
        assert all(o.status is ImportStatus.IMPORTED for o in library.import_parsed(big))
        assert seen[0] < default  # negative sizes are KiB: more negative is larger
        assert cache_size(library) == default
        small = library.import_parsed([parsed("A short one.")])
        assert small[0].status is ImportStatus.IMPORTED
        assert seen[1] == default  # a small batch fits the usual cache


def test_the_page_cache_is_restored_when_the_insert_fails(db_path: Path):
    with Library.open(db_path, seed=False) as library:
        default = cache_size(library)
        with library.transactions.write() as connection:
            with pytest.raises(RuntimeError), sqlite.page_cache_for(connection, 10**7):
                # Negative sizes are KiB: a larger cache is a more negative number.
                assert int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one()) < default
                raise RuntimeError("insert failed")
            assert int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one()) == default
