"""Importing many articles at once: one insert for all, the same outcomes as one by one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection

from tests.helpers import VERSION_1, VERSION_2, VERSION_URL, RunCli, version_file
from xiaomi_reader.core.articles import ParsedArticle, article_iri, parse_article_file
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


def outcomes_in_order(library: Library, paths: list[Path]) -> list[tuple[ImportStatus, int]]:
    """Each outcome's status and article id."""
    found = []
    for outcome in library.import_article_files(paths):
        assert outcome.article is not None
        found.append((outcome.status, outcome.article.id))
    return found


def test_files_at_one_address_in_one_import_are_versions_as_if_imported_one_by_one(
    tmp_path: Path,
):
    v1 = version_file(tmp_path, "v1.md", VERSION_1)
    v2 = version_file(tmp_path, "v2.md", VERSION_2)
    with Library.open(tmp_path / "apart.sqlite3", seed=False) as apart:
        one_by_one = [*outcomes_in_order(apart, [v1]), *outcomes_in_order(apart, [v2])]
        apart_versions = [(v.number, v.current) for v in apart.versions(one_by_one[0][1])]
        apart_text = apart.article(one_by_one[0][1]).text
    with Library.open(tmp_path / "together.sqlite3", seed=False) as together:
        at_once = outcomes_in_order(together, [v1, v2])
        [article] = together.articles()
        text = together.article(article.id).text
        versions = [(v.number, v.current) for v in together.versions(article.id)]

    assert at_once == one_by_one == [(ImportStatus.IMPORTED, 1), (ImportStatus.VERSION, 1)]
    assert versions == apart_versions == [(1, False), (2, True)]
    assert text == apart_text and "A court later set the listing aside." in text


def test_a_later_text_at_a_new_articles_address_is_left_for_the_caller_as_its_next_version(
    library: Library, tmp_path: Path
):
    first, later = (
        parse_article_file(version_file(tmp_path, name, body))
        for name, body in (("v1.md", VERSION_1), ("v2.md", VERSION_2))
    )
    new, waiting = library.import_parsed([first, later], add_versions=False)

    assert (new.status, waiting.status) == (ImportStatus.IMPORTED, ImportStatus.LATER_VERSION)
    assert new.article is not None and waiting.article == new.article
    assert library.add_version(new.article.id, later).number == 2


def test_one_import_of_two_texts_at_an_address_on_the_command_line(
    run_cli: RunCli, db_path: Path, tmp_path: Path
):
    v1 = version_file(tmp_path, "v1.md", VERSION_1)
    v2 = version_file(tmp_path, "v2.md", VERSION_2)
    result = run_cli("--db", str(db_path), "import", str(v1), str(v2))
    assert result.returncode == 0, result.stderr

    listed = run_cli("--db", str(db_path), "versions", VERSION_URL, "--json")
    assert listed.returncode == 0, listed.stderr
    assert [(r["version"], r["current"]) for r in json.loads(listed.stdout)] == [
        (1, False),
        (2, True),
    ]
