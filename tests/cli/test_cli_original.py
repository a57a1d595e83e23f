"""``xiaomi-reader original ARTICLE [-o FILE]``: the bytes an article was read from.

A real PDF goes to a file, to a pipe and (refused) to a real terminal (a pty), the
last two through the program started for real.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.documents import write_pdf
from tests.helpers import DATA, RunCli, assert_one_line_error, child_env


def imported_pdf(run_cli: RunCli, db_path: Path, tmp_path: Path) -> tuple[Path, str]:
    pdf = write_pdf(tmp_path / "ruling.pdf", [[["A judge suspended the Pentagon's listing."]]])
    assert run_cli("--db", str(db_path), "import", str(pdf)).returncode == 0
    return pdf, "ruling.pdf"


def test_the_original_is_written_to_a_file_and_to_a_pipe_byte_for_byte(
    run_cli: RunCli, db_path: Path, tmp_path: Path, qtbot: QtBot
):
    pdf, key = imported_pdf(run_cli, db_path, tmp_path)
    copy = tmp_path / "copy.pdf"

    written = run_cli("--db", str(db_path), "original", key, "-o", str(copy))

    assert written.returncode == 0 and written.stderr == ""
    assert copy.read_bytes() == pdf.read_bytes()
    piped = subprocess.run(
        [sys.executable, "-m", "xiaomi_reader", "--db", str(db_path), "original", key],
        capture_output=True,
        env=child_env(),
        timeout=60,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == pdf.read_bytes()


def test_binary_is_refused_to_a_terminal_with_what_to_do_instead(
    run_cli: RunCli, db_path: Path, tmp_path: Path, qtbot: QtBot
):
    _pdf, key = imported_pdf(run_cli, db_path, tmp_path)
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "xiaomi_reader", "--db", str(db_path), "original", key],
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            timeout=60,
            check=False,
        )
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 65536)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(leader)
        os.close(follower)
    assert shown == b""  # nothing reached the terminal
    result.stdout = ""
    assert_one_line_error(result, "application/pdf", "-o FILE", "> FILE")


def test_articles_without_an_original_and_bad_destinations_get_one_clear_line(
    run_cli: RunCli, tmp_path: Path
):
    old = tmp_path / "old.sqlite3"
    shutil.copy(DATA / "library-0002.sqlite3", old)
    before_upgrade = run_cli("--db", str(old), "original", "4")
    assert_one_line_error(before_upgrade, "Article 4 has no original", "Import its file")

    unknown = run_cli("--db", str(old), "original", "no-such-article")
    assert_one_line_error(unknown, "There is no article 'no-such-article'")

    fresh = tmp_path / "fresh.sqlite3"
    nowhere = tmp_path / "missing-folder" / "copy.md"
    result = run_cli("--db", str(fresh), "original", "1", "-o", str(nowhere))
    assert_one_line_error(result, "does not exist")
    assert not nowhere.parent.exists()
