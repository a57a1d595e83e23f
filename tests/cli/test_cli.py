"""The command line, run in this process (``run_cli``); a few smoke tests run it for real."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import RunCli, assert_one_line_error, cli


def articles_json(run_cli: RunCli, db: Path) -> list[dict[str, object]]:
    result = run_cli("--db", str(db), "articles", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_articles_json_lists_the_bundled_articles(run_cli: RunCli, db_path: Path):
    rows = articles_json(run_cli, db_path)
    assert len(rows) == 3
    for row in rows:
        assert {"id", "iri", "title", "date", "source", "annotations"} <= row.keys()
        assert str(row["iri"]).startswith("urn:sha256:")
        assert row["annotations"] == 0
    by_title = {row["title"]: row for row in rows}
    assert by_title["This is why Xiaomi is blacklisted in the United States"]["date"] is None
    assert (
        by_title["Xiaomi will press ahead with plans to enter the United States next year"]["date"]
        == "2018-07-04"
    )


def test_db_option_after_the_command_and_env_variable(run_cli: RunCli, tmp_path: Path):
    after = tmp_path / "after.sqlite3"
    result = run_cli("articles", "--db", str(after))
    assert result.returncode == 0, result.stderr
    assert after.exists()
    by_env = tmp_path / "env.sqlite3"
    result = run_cli("articles", env={"XIAOMI_READER_DB": str(by_env)})
    assert result.returncode == 0 and by_env.exists()
    assert "blacklisted" in result.stdout


def test_default_library_lives_in_the_user_data_dir(run_cli: RunCli, isolated_user_dirs: Path):
    result = run_cli("articles")
    assert result.returncode == 0, result.stderr
    assert (isolated_user_dirs / "data" / "xiaomi-reader" / "library.sqlite3").exists()


def test_import_reports_each_file_and_refusals(run_cli: RunCli, tmp_path: Path, db_path: Path):
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Good one\ndate: 2021-03-12\n---\nA judge agreed.\n", "utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(512))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(bytes(range(128, 256)) * 4)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)

    before = articles_json(run_cli, db_path)
    result = run_cli(
        "--db", str(db_path), "import", str(binary), str(empty), str(garbled), str(huge)
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and all(": refused: " in line for line in lines), result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert articles_json(run_cli, db_path) == before

    result = run_cli("--db", str(db_path), "import", str(good))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout and "Good one" in result.stdout
    again = run_cli("--db", str(db_path), "import", str(good))
    assert again.returncode == 0
    assert "already present" in again.stdout
    assert len(articles_json(run_cli, db_path)) == len(before) + 1


def test_corrupt_library_is_one_clear_line(run_cli: RunCli, db_path: Path):
    db_path.write_bytes(b"not a database at all" * 100)
    result = run_cli("--db", str(db_path), "articles")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("xiaomi-reader: error:")
    assert "not a xiaomi-reader library" in result.stderr
    debug = run_cli("--db", str(db_path), "--debug", "articles")
    assert "Traceback" in debug.stderr


def test_version_help_and_usage_errors(run_cli: RunCli):
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("xiaomi-reader ")
    assert run_cli("--help").returncode == 0
    assert "import" in run_cli("--help").stdout
    usage = run_cli("no-such-command")
    assert usage.returncode == 2 and "usage:" in usage.stderr
    assert run_cli("import").returncode == 2


def test_bare_files_mean_the_window_on_those_files():
    from xiaomi_reader.cli import _gui_for_bare_files, build_parser

    assert _gui_for_bare_files(["a.txt", "b.md"]) == ["gui", "a.txt", "b.md"]
    assert _gui_for_bare_files(["--db", "x.sqlite3", "a.txt"]) == [
        "--db", "x.sqlite3", "gui", "a.txt",
    ]  # fmt: skip
    assert _gui_for_bare_files(["--db=x", "--debug", "a.txt"]) == [
        "--db=x",
        "--debug",
        "gui",
        "a.txt",
    ]
    assert _gui_for_bare_files([]) == []
    assert _gui_for_bare_files(["--version"]) == ["--version"]
    assert _gui_for_bare_files(["exprot"]) == ["exprot"]  # a typo gets the usage message
    for command in ("gui", "import", "articles", "export", "import-annotations"):
        assert _gui_for_bare_files([command, "x"]) == [command, "x"]
    args = build_parser().parse_args(_gui_for_bare_files(["a.txt"]))
    assert args.command == "gui" and args.files == ["a.txt"]


def test_a_backup_that_cannot_be_made_is_a_warning_not_a_failure(run_cli: RunCli, db_path: Path):
    assert run_cli("--db", str(db_path), "articles").returncode == 0
    shutil.rmtree(db_path.parent / "backups", ignore_errors=True)  # none made yet today
    (db_path.parent / "backups").write_text("not a folder", encoding="utf-8")
    result = run_cli("--db", str(db_path), "articles")
    assert result.returncode == 0
    assert result.stderr.startswith("xiaomi-reader: warning: Cannot make a backup in")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Xiaomi" in result.stdout


def test_errors_are_logged_with_their_traceback(
    run_cli: RunCli, db_path: Path, isolated_user_dirs: Path
):
    from xiaomi_reader.paths import log_dir

    db_path.write_bytes(b"not a database at all" * 100)
    result = run_cli("--db", str(db_path), "articles")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    log = (log_dir() / "xiaomi-reader.log").read_text(encoding="utf-8")
    assert "ERROR xiaomi_reader.cli [MainThread] articles failed" in log
    assert "Traceback" in log and "not a xiaomi-reader library" in log


# -- real processes: the program as it is installed and started ----------------------------


@pytest.mark.slow
def test_smoke_test_opens_the_window_and_exits(run_cli: RunCli, db_path: Path):
    result = cli("--db", str(db_path), "--smoke-test", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert len(articles_json(run_cli, db_path)) == 3


@pytest.mark.slow
def test_version_and_help_as_python_dash_m():
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("xiaomi-reader ")
    assert version.stderr == ""
    helped = cli("--help")
    assert helped.returncode == 0 and "import-annotations" in helped.stdout


@pytest.mark.slow
def test_one_import_and_one_error_as_real_processes(db_path: Path, tmp_path: Path):
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Good one\n---\nA judge agreed.\n", "utf-8")
    result = cli("--db", str(db_path), "import", str(good))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout and "Good one" in result.stdout
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    assert_one_line_error(cli("--db", str(broken), "articles"), "not a xiaomi-reader library")
