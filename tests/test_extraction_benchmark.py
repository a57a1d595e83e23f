"""The extraction score script on a folder laid out like Readability's test pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction_f1.py"

# No full stops at the ends: nothing but the block structure parts one from the next.
PARAGRAPHS = [
    "The harbour board voted on Tuesday to close the northern pier for repairs until spring",
    "Fishing crews who moor there will be moved to the eastern basin the board said",
    "Repairs to the pilings are expected to cost about four million euros in all",
    "Work begins next month weather permitting and the crews were told in writing",
]


def run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--readability", str(folder), "--pages"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_page_is_scored_against_the_text_of_its_expected_html(tmp_path):
    page = tmp_path / "harbour"
    page.mkdir()
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    (page / "source.html").write_text(
        "<html><head><title>Pier to close</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a> <a href='/weather'>Weather</a></nav>"
        f"<article><h1>Pier to close</h1>{body}</article>"
        "<footer>© Harbour News. Subscribe to our newsletter for daily updates.</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    # Readability's output: blocks side by side with no space between them, which must
    # still read as separate words.
    (page / "expected.html").write_text(
        f'<div id="readability-page-1" class="page"><div>{body}</div></div>', encoding="utf-8"
    )
    (tmp_path / "no-reference").mkdir()
    (tmp_path / "no-reference" / "source.html").write_text("<p>no expected.html</p>")

    result = run(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "1 pages, 4-token shingles" in result.stdout
    assert result.stdout.startswith("harbour ")
    summary = next(line for line in result.stdout.splitlines() if line.startswith("xiaomi-reader"))
    # Every reference shingle found: had the blocks run together, the words at each
    # paragraph's seam would have made shingles the page does not have.
    assert summary.endswith("recall 1.000")


def test_a_folder_without_pages_is_refused_with_what_it_should_hold(tmp_path):
    result = run(tmp_path)

    assert result.returncode == 1
    assert "NAME/source.html and NAME/expected.html" in result.stderr
    assert "Traceback" not in result.stderr
