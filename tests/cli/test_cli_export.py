"""The export and import-annotations commands, run in this process (the PDF one for real)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.export import DEFENSE, STATE, build, orphan_item
from tests.helpers import RunCli, cli
from xiaomi_reader.store.library import Library


@pytest.fixture
def annotated(db_path: Path) -> Path:
    with Library.open(db_path) as library:
        build(library)
    return db_path


def test_export_json_then_import_into_another_library(
    run_cli: RunCli, annotated: Path, tmp_path: Path
):
    out = tmp_path / "annotations.json"
    result = run_cli("--db", str(annotated), "export", "--format", "json", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    items = json.loads(out.read_text("utf-8"))["first"]["items"]
    items.append(orphan_item())
    out.write_text(json.dumps(items), "utf-8")

    other = tmp_path / "other.sqlite3"
    result = run_cli("import-annotations", str(out), "--db", str(other))
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    # The emoji article is not in the other library, so its quote is looked for elsewhere.
    assert "imported: 5" in lines and "already present: 0" in lines
    assert "orphaned: 2" in lines
    assert any(line.startswith("orphan urn:uuid:") and "signed yesterday" in line for line in lines)
    assert "links: 2 imported, 0 already present" in lines


@pytest.mark.slow
def test_export_report_with_filters_and_pdf_without_a_display(
    run_cli: RunCli, annotated: Path, tmp_path: Path
):
    with Library.open(annotated) as library:
        why = next(a for a in library.articles() if a.title.startswith("This is why"))
    md = tmp_path / "report.md"
    result = run_cli(
        "export", "--db", str(annotated), "--format", "md", "--output", str(md),
        "--article", why.iri, "--tag", "contradiction",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = md.read_text("utf-8")
    assert f"**{STATE}**" in text and f"**{DEFENSE}**" in text  # the link's other end
    assert "## Xiaomi will press" not in text
    # A real process: no QApplication yet, and no display to be had.
    pdf = tmp_path / "report.pdf"
    env = {"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    result = cli(
        "--db", str(annotated), "export", "--format", "pdf", "--page-size", "letter",
        "--output", str(pdf), env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_errors_are_one_clear_line(run_cli: RunCli, annotated: Path, tmp_path: Path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", "utf-8")
    result = run_cli(
        "--db", str(annotated), "export", "--format", "html", "--output", str(blocker / "r.html")
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"xiaomi-reader: error: Cannot write {blocker / 'r.html'}: {blocker} is a file, "
        "not a folder."
    ]
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "Annotation",', "utf-8")
    result = run_cli("--db", str(annotated), "import-annotations", str(bad))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("xiaomi-reader: error: ") and "is not valid JSON" in line
