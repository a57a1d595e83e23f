"""Versions on the command line: ``import`` (by URL or ``--version-of``) and ``versions``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import VERSION_1, VERSION_2, VERSION_FATES, RunCli, version_file
from xiaomi_reader.store.library import Library

SUMMARY = (
    'new version 2 of "Xiaomi and the list": 0 unchanged, 1 moved, 1 changed, '
    "1 need review, 1 orphaned"
)


def annotated(db_path: Path, tmp_path: Path, url: str | None = None) -> int:
    """VERSION_1 imported (at ``url`` if given) with one annotation per passage of VERSION_FATES."""
    path = version_file(tmp_path, "v1.md", VERSION_1, *([url] if url else []))
    with Library.open(db_path) as library:
        [outcome] = library.import_article_files([path])
        assert outcome.article is not None
        for quote in VERSION_FATES:
            start = VERSION_1.index(quote)
            library.add_annotation(outcome.article.id, start, start + len(quote))
        return outcome.article.id


def test_a_file_at_the_same_address_is_the_next_version(
    run_cli: RunCli, db_path: Path, tmp_path: Path
):
    article_id = annotated(db_path, tmp_path)
    v2 = version_file(
        tmp_path, "v2.md", VERSION_2, "http://news.example.org/xiaomi-list/?utm_medium=x#top"
    )
    result = run_cli("--db", str(db_path), "import", str(v2))
    assert (result.returncode, result.stdout, result.stderr) == (0, SUMMARY + "\n", "")

    listed = run_cli("--db", str(db_path), "versions", str(article_id))
    assert listed.returncode == 0, listed.stderr
    first, second = listed.stdout.splitlines()
    assert first.split()[:2] == ["1", "imported"] and "(4 annotations)" in first
    assert "(current)" not in first
    assert second.split()[0] == "2" and second.endswith("(2 annotations)  (current)")

    by_address = "https://News.example.org/xiaomi-list/?fbclid=1"
    rows = json.loads(run_cli("--db", str(db_path), "versions", by_address, "--json").stdout)
    assert [(r["version"], r["current"], r["annotations"]) for r in rows] == [
        (1, False, 4),
        (2, True, 2),
    ]
    assert rows[0]["fetched"] is None and rows[1]["imported"] >= rows[0]["imported"]

    again = run_cli("--db", str(db_path), "import", str(tmp_path / "v1.md"))
    assert again.returncode == 0 and "already present" in again.stdout


def test_version_of_makes_any_text_the_next_version(run_cli: RunCli, db_path: Path, tmp_path: Path):
    article_id = annotated(db_path, tmp_path)
    elsewhere = version_file(tmp_path, "v2.md", VERSION_2, "https://mirror.example.com/copy")
    result = run_cli(
        "--db", str(db_path), "import", "--version-of", str(article_id), str(elsewhere)
    )
    assert (result.returncode, result.stdout) == (0, SUMMARY + "\n"), result.stderr
    with Library.open(db_path) as library:
        assert library.article(article_id).version == 2


def test_bad_requests_are_one_clear_line_and_change_nothing(
    run_cli: RunCli, db_path: Path, tmp_path: Path
):
    article_id = annotated(db_path, tmp_path)
    v2 = version_file(tmp_path, "v2.md", VERSION_2)
    for args, words in [
        (("versions", "999"), "There is no article '999'"),
        (("import", "--version-of", "999", str(v2)), "There is no article '999'"),
        (("import", "--version-of", str(article_id), str(v2), str(v2)), "takes one"),
    ]:
        result = run_cli("--db", str(db_path), *args)
        assert result.returncode != 0 and words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    missing = run_cli("--db", str(db_path), "import", "--version-of", "1", "nope.md")
    assert missing.returncode == 1 and "refused" in missing.stdout
    with Library.open(db_path) as library:
        assert [v.number for v in library.versions(article_id)] == [1]
