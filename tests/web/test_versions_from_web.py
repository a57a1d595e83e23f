"""A page fetched again (from a real HTTP server on 127.0.0.1) is its article's next version."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import VERSION_1, VERSION_2, RunCli
from tests.web.pages import article_html
from tests.web.server import PageServer, page
from xiaomi_reader.store.library import Library


def story(text: str) -> str:
    return article_html("Xiaomi and the list", *text.strip().split("\n\n"))


def test_the_same_page_with_tracking_parameters_is_a_new_version(
    run_cli: RunCli, db_path: Path, web: PageServer
):
    web.routes["/story"] = page(story(VERSION_1))
    first = run_cli("--db", str(db_path), "import", web.url("/story"))
    assert first.returncode == 0, first.stderr
    with Library.open(db_path) as library:
        [article] = [a for a in library.articles() if a.url == web.url("/story")]
        text = library.article(article.id).text
        start = text.index("US Department of State")
        library.add_annotation(article.id, start, start + len("US Department of State"))

    web.routes["/story"] = web.routes["/story/"] = page(story(VERSION_2))
    shared = web.url("/story/") + "?utm_source=newsletter&utm_campaign=x&fbclid=abc#top"
    result = run_cli("--db", str(db_path), "import", shared)

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        'new version 2 of "Xiaomi and the list": 0 unchanged, 1 moved, 0 changed, '
        "0 need review, 0 orphaned\n"
    )
    with Library.open(db_path) as library:
        assert [v.number for v in library.versions(article.id)] == [1, 2]
        [annotation] = library.annotations(article.id)
        now = library.article(article.id)
        assert now.text[annotation.start : annotation.end] == "US Department of State"
        assert now.fetched_at is not None and library.original_info(article.id).version == 2
