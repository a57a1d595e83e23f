"""``xiaomi-reader show ARTICLE``: one article's metadata and text, found by any of its keys."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import RunCli


def test_show_json_gives_the_article_text_and_what_articles_lists(
    run_cli: RunCli, db_path: Path, tmp_path: Path
):
    article = tmp_path / "memo.md"
    article.write_text(
        "---\ntitle: Defense or State?\nurl: https://example.org/memo\n---\n"
        "The US Department of Defense listed Xiaomi.\n\nLater: the Department of State.\n",
        encoding="utf-8",
    )
    assert run_cli("--db", str(db_path), "import", str(article)).returncode == 0
    listed = json.loads(run_cli("--db", str(db_path), "articles", "--json").stdout)
    entry = next(row for row in listed if row["title"] == "Defense or State?")

    for key in (str(entry["id"]), entry["iri"], "https://example.org/memo", "memo.md"):
        result = run_cli("--db", str(db_path), "show", key, "--json")
        assert result.returncode == 0, result.stderr
        shown = json.loads(result.stdout)
        assert shown["text"] == (
            "The US Department of Defense listed Xiaomi.\n\nLater: the Department of State.\n"
        )
        assert {name: shown[name] for name in entry} == entry


def test_show_prints_metadata_lines_then_the_text(run_cli: RunCli, db_path: Path):
    result = run_cli("--db", str(db_path), "show", "1")
    assert result.returncode == 0
    head, _, text = result.stdout.partition("\n\n")
    assert head.splitlines()[0] == "id: 1"
    assert "title: Xiaomi will press ahead" in head
    assert "Xiaomi" in text


def test_an_unknown_or_ambiguous_article_is_one_clear_line(
    run_cli: RunCli, db_path: Path, tmp_path: Path
):
    missing = run_cli("--db", str(db_path), "show", "no-such-article")
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1
    assert "There is no article 'no-such-article'" in missing.stderr
    assert "xiaomi-reader articles" in missing.stderr

    for folder, text in (("a", "First note text.\nBody."), ("b", "Second note text.\nBody.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "note.txt").write_text(text, encoding="utf-8")
    run_cli("--db", str(db_path), "import", str(tmp_path / "a" / "note.txt"))
    run_cli("--db", str(db_path), "import", str(tmp_path / "b" / "note.txt"))
    twice = run_cli("--db", str(db_path), "show", "note.txt")
    assert twice.returncode == 1
    assert "Several articles were imported from a file named note.txt" in twice.stderr


def test_a_reader_that_stops_early_gets_no_error(run_cli: RunCli, db_path: Path, tmp_path: Path):
    import subprocess
    import sys

    from tests.helpers import child_env

    # More text than a pipe holds, so the program is still writing when the reader stops.
    long = tmp_path / "long.txt"
    long.write_text("A long article.\n" + "Words of the body. " * 20_000, encoding="utf-8")
    assert run_cli("--db", str(db_path), "import", str(long)).returncode == 0
    run = subprocess.Popen(
        [sys.executable, "-m", "xiaomi_reader", "--db", str(db_path), "show", "long.txt"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert run.stdout is not None and run.stderr is not None
    assert run.stdout.readline().startswith(b"id: ")
    run.stdout.close()  # as `| head -1` does
    assert run.wait(timeout=60) == 141
    assert run.stderr.read() == b""
    run.stderr.close()
