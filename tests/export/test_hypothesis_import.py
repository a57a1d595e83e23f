"""Importing Hypothesis's own JSON (API search results, the client's export, bare rows)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import DATA, RunCli
from xiaomi_reader.core.records import Annotation
from xiaomi_reader.store.library import Library

HYPOTHESIS = DATA / "hypothesis"
SEARCH_RESULT = HYPOTHESIS / "search-result.json"
CLIENT_EXPORT = HYPOTHESIS / "client-export.json"
COURT_ARTICLE = HYPOTHESIS / "court-ruling.md"


def rows() -> list[dict[str, Any]]:
    return json.loads(SEARCH_RESULT.read_text("utf-8"))["rows"]


def held(db_path: Path) -> dict[str, Annotation]:
    with Library.open(db_path) as library:
        return {a.exact: a for a in library.annotations()}


def snapshot(db_path: Path) -> tuple[list[object], ...]:
    with Library.open(db_path) as library:
        return (library.annotations(), library.tags(), library.articles())


def tag_names(db_path: Path, annotation: Annotation) -> set[str]:
    with Library.open(db_path) as library:
        names = {tag.id: tag.name for tag in library.tags()}
    return {names[tag_id] for tag_id in annotation.tag_ids}


def test_a_search_result_imports_its_passages_and_counts_the_rest(run_cli: RunCli, db_path: Path):
    assert run_cli("--db", str(db_path), "import", str(COURT_ARTICLE)).returncode == 0
    result = run_cli("--db", str(db_path), "import-annotations", str(SEARCH_RESULT))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{SEARCH_RESULT}: 5 imported, 1 reply and 1 page note skipped"
    assert "  orphaned: 0" in lines and "  new tags: award, evidence" in lines

    found = held(db_path)
    assert set(found) == {
        "US Department of State",
        "Outstanding Builder of Socialism with Chinese Characteristics",
        "the US market was “very attractive”",
        "The court is somewhat skeptical",
        "the Pentagon",
    }
    state = found["US Department of State"]
    assert state.note == (
        "The article says Department of Defense everywhere else. State is a mix-up."
    )
    assert state.author == "Mara Kovač"  # the display name, not acct:mara_k@hypothes.is
    assert state.created == datetime(2021, 3, 15, 9, 12, 44, 318201, tzinfo=UTC)
    assert state.modified == datetime(2021, 3, 15, 9, 20, 2, 104455, tzinfo=UTC)
    assert tag_names(db_path, state) == {"Contradiction"}  # the built-in tag, matched
    award = found["Outstanding Builder of Socialism with Chinese Characteristics"]
    assert tag_names(db_path, award) == {"Claim", "award"}  # "claim" is the built-in Claim
    # No display name: the name in acct:jonas.w@hypothes.is.
    assert found["the US market was “very attractive”"].author == "jonas.w"
    highlight = found["The court is somewhat skeptical"]
    assert (highlight.note, highlight.tag_ids) == ("", ())
    # Neither the reply nor the page note became an annotation.
    notes = " ".join(a.note for a in found.values())
    assert "Czech" not in notes and "ruling itself" not in notes

    # "the Pentagon" is twice in the court article (and twice in another): the row's
    # address names the court article and its prefix picks the second one there.
    with Library.open(db_path) as library:
        court = next(a for a in library.articles() if a.url and "court-ruling" in a.url)
        text = library.article(court.id).text
    pentagon = found["the Pentagon"]
    second = text.index("the Pentagon", text.index("the Pentagon") + 1)
    assert (pentagon.article_id, pentagon.start) == (court.id, second)

    before = snapshot(db_path)
    again = run_cli("--db", str(db_path), "import-annotations", str(SEARCH_RESULT))
    assert again.stdout.splitlines()[:3] == [
        f"{SEARCH_RESULT}: 0 imported, 1 reply and 1 page note skipped",
        "  imported: 0",
        "  already present: 5",
    ]
    assert snapshot(db_path) == before


def test_the_client_export_and_bare_rows_are_the_same_annotations(
    run_cli: RunCli, db_path: Path, tmp_path: Path
):
    assert run_cli("--db", str(db_path), "import-annotations", str(SEARCH_RESULT)).returncode == 0
    # The client's export holds the first row again, the page note and one new annotation.
    result = run_cli("--db", str(db_path), "import-annotations", str(CLIENT_EXPORT))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{CLIENT_EXPORT}: 1 imported, 1 page note skipped"
    assert "  already present: 1" in lines
    assert held(db_path)["politics be damned"].note.startswith("Hardly politics-free")

    # A bare array of rows, in a file whose name says nothing about what it holds.
    bare = tmp_path / "notes.txt"
    bare.write_text(json.dumps(rows()[:2]), "utf-8")
    result = run_cli("--db", str(db_path), "import-annotations", str(bare))
    assert result.stdout.splitlines()[0] == f"{bare}: 0 imported"
    assert "  already present: 2" in result.stdout.splitlines()
    # An export with its other fields taken out.
    bare.write_text(json.dumps({"annotations": rows()[5:]}), "utf-8")
    result = run_cli("--db", str(db_path), "import-annotations", str(bare))
    assert result.stdout.splitlines()[0] == f"{bare}: 0 imported, 1 page note skipped"


def test_an_annotation_made_on_a_file_finds_the_article_of_that_file_name(
    run_cli: RunCli, db_path: Path, tmp_path: Path
):
    assert run_cli("--db", str(db_path), "import", str(COURT_ARTICLE)).returncode == 0
    (pentagon,) = [row for row in rows() if "Pentagon" in row["text"]]
    local = "file:///home/mara/Downloads/court-ruling.md"
    pentagon.update(uri=local, target=[{**pentagon["target"][0], "source": local}])
    path = tmp_path / "local.json"
    path.write_text(json.dumps([pentagon]), "utf-8")
    assert run_cli("--db", str(db_path), "import-annotations", str(path)).returncode == 0
    with Library.open(db_path) as library:
        (court,) = [a for a in library.articles() if a.file_name == "court-ruling.md"]
        text = library.article(court.id).text
    placed = held(db_path)["the Pentagon"]
    second = text.index("the Pentagon", text.index("the Pentagon") + 1)
    assert (placed.article_id, placed.start) == (court.id, second)

    # Two articles of that name: neither is guessed, and the quote alone is not unique.
    other = tmp_path / "elsewhere" / "court-ruling.md"
    other.parent.mkdir()
    other.write_text("An appeal: the Pentagon and the Pentagon again.\n", "utf-8")
    assert run_cli("--db", str(db_path), "import", str(other)).returncode == 0
    pentagon["id"] = "another-id"
    path.write_text(json.dumps([pentagon]), "utf-8")
    result = run_cli("--db", str(db_path), "import-annotations", str(path))
    assert "  orphaned: 1" in result.stdout.splitlines()


def with_row(index: int, **changes: object) -> bytes:
    data = json.loads(SEARCH_RESULT.read_text("utf-8"))
    data["rows"][index].update(changes)
    return json.dumps(data).encode()


RANGE_ONLY = [{"source": "https://example.org/", "selector": [{"type": "RangeSelector"}]}]
POSITION_ONLY = [
    {"source": "https://example.org/", "selector": [{"type": "TextPositionSelector", "start": 4}]}
]
REFUSED = {
    "truncated": (SEARCH_RESULT.read_bytes()[:900], "is not valid JSON: "),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "is not UTF-8 text"),
    "tags-not-a-list": (
        with_row(1, tags="claim, award"),
        "Item 2 (id R1c2a6ZCEe6eV4_pLk1xYw): tags must be an array of strings, not a string",
    ),
    "text-a-number": (
        with_row(0, text=42),
        "Item 1 (id Qm9vW6ZCEe6fN0N3x0G1qQ): text must be a string, not a number",
    ),
    "no-text-selector": (
        with_row(3, target=RANGE_ONLY),
        "Item 4 (id T4n1P6ZCEe6ZqEc8dR5uVg): no TextQuoteSelector and no "
        "TextPositionSelector (it has RangeSelector)",
    ),
    "no-target": (with_row(2, target=None), "Item 3 (id S8Wm_KZCEe6a3hMn0pQ2Zg): no target"),
    "position-without-end": (
        with_row(2, target=POSITION_ONLY),
        "Item 3 (id S8Wm_KZCEe6a3hMn0pQ2Zg): TextPositionSelector end must be a non-negative "
        "integer, not missing",
    ),
    "rows-not-an-array": (
        b'{"total": 1, "rows": {"id": "x"}}',
        'looks like a Hypothesis search result, but its "rows" is an object, not an array',
    ),
    "references-not-an-array": (
        with_row(4, references="Qm9vW6ZCEe6fN0N3x0G1qQ"),
        "Item 5 (id Ux3kW6ZCEe6Yb9NnKq2L4A): references must be an array of ids, not a string",
    ),
}


@pytest.mark.parametrize("content, message", REFUSED.values(), ids=REFUSED.keys())
def test_what_cannot_be_read_is_refused_naming_what_is_missing(
    run_cli: RunCli, db_path: Path, tmp_path: Path, content: bytes, message: str
):
    path = tmp_path / "hypothesis.json"
    path.write_bytes(content)
    assert run_cli("--db", str(db_path), "import-annotations", str(SEARCH_RESULT)).returncode == 0
    before = snapshot(db_path)
    result = run_cli("--db", str(db_path), "import-annotations", str(path))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("xiaomi-reader: error: ") and message in line, line
    assert "Traceback" not in result.stderr
    assert snapshot(db_path) == before


def test_several_unreadable_rows_are_named_in_one_refusal(run_cli: RunCli, db_path: Path, tmp_path):
    data = json.loads(SEARCH_RESULT.read_text("utf-8"))
    for row in data["rows"]:
        row["text"] = 7
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), "utf-8")
    result = run_cli("--db", str(db_path), "import-annotations", str(path))
    (line,) = result.stderr.splitlines()
    # The reply and the page note are skipped before their text is read.
    assert line.count("text must be a string, not a number") == 3
    assert line.endswith("; and 2 more.")
    assert held(db_path) == {}


def test_a_file_over_the_size_limit_is_refused_unread(run_cli: RunCli, db_path: Path, tmp_path):
    path = tmp_path / "everything.json"
    path.write_bytes(SEARCH_RESULT.read_bytes())
    os.truncate(path, 201 * 1024 * 1024)  # sparse: no disk space is used
    result = run_cli("--db", str(db_path), "import-annotations", str(path))
    assert result.returncode == 1
    assert "is 201.0 MB; the limit for an annotation file is 200 MB" in result.stderr
    assert held(db_path) == {}
