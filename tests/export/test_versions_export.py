"""Exports of an article with versions: the CSV state, the W3C TimeState, and re-anchoring
on import of a file made on an earlier version."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import (
    REPEATED,
    SHARED,
    VERSION_1,
    VERSION_2,
    VERSION_FATES,
    version_file,
)
from xiaomi_reader.core.articles import parse_article_file
from xiaomi_reader.core.records import AnnotationState
from xiaomi_reader.export import export_library
from xiaomi_reader.store.interchange import import_annotations
from xiaomi_reader.store.library import Library

CHECKER = SHARED / "conformance" / "w3c-annotation-model" / "check.py"
S = AnnotationState


def first_version(library: Library, tmp_path: Path) -> int:
    [outcome] = library.import_article_files([version_file(tmp_path, "v1.md", VERSION_1)])
    assert outcome.article is not None
    return outcome.article.id


def annotate(library: Library, article_id: int) -> None:
    for quote in VERSION_FATES:
        start = VERSION_1.index(quote)
        library.add_annotation(article_id, start, start + len(quote), note=quote)


def items(path: Path) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {item["body"][0]["value"]: item for item in data["first"]["items"]}


def test_csv_and_w3c_say_which_version_each_annotation_is_on(library: Library, tmp_path: Path):
    article_id = first_version(library, tmp_path)
    annotate(library, article_id)
    first_date = library.versions(article_id)[0].imported_at
    library.add_version(article_id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2)))
    second_date = library.versions(article_id)[1].imported_at

    rows = list(csv.DictReader(io.StringIO(
        export_library(library, "csv", tmp_path / "out.csv").read_text("utf-8-sig")
    )))  # fmt: skip
    states = {row["note"]: row["state"] for row in rows if row["note"] in VERSION_FATES}
    assert states == {
        "US Department of State": "anchored",
        "not owned or controlled by the military": "changed",
        REPEATED: "needs_review",
        "Prices rose sharply in March": "orphaned",
    }

    path = export_library(library, "json", tmp_path / "out.jsonld")
    found = items(path)

    def date(note: str) -> str:
        return found[note]["target"]["state"]["sourceDate"]

    assert found[REPEATED]["target"]["state"]["type"] == "TimeState"
    assert (
        date(REPEATED) == date("Prices rose sharply in March") == first_date.isoformat()[:-6] + "Z"
    )
    assert date("US Department of State") == second_date.isoformat()[:-6] + "Z"
    if not CHECKER.is_file():
        pytest.skip("the W3C conformance checker is not beside the repository")
    checked = subprocess.run(
        [sys.executable, str(CHECKER), str(path), "--no-warnings"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_export_made_on_version_1_reanchors_when_imported_after_version_2(
    tmp_path: Path,
):
    with Library.open(tmp_path / "first.sqlite3", seed=False) as first:
        article_id = first_version(first, tmp_path)
        annotate(first, article_id)
        path = export_library(first, "json", tmp_path / "v1-annotations.jsonld")
        # The other library has the same article, and then its second version, unannotated.
        second_copy = tmp_path / "second.sqlite3"
    with Library.open(second_copy, seed=False) as second:
        other_id = first_version(second, tmp_path)
        second.add_version(other_id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2)))

        summary = import_annotations(second, path)

        assert summary.imported == len(VERSION_FATES) and summary.orphaned == 0
        found = {a.note: a for a in second.annotations(other_id)}
        assert {note: a.state for note, a in found.items()} == {
            "US Department of State": S.ANCHORED,
            "not owned or controlled by the military": S.CHANGED,
            REPEATED: S.NEEDS_REVIEW,
            "Prices rose sharply in March": S.ORPHANED,
        }
        moved = found["US Department of State"]
        assert moved.version == 2 and VERSION_2[moved.start : moved.end] == moved.exact
        changed = found["not owned or controlled by the military"]
        assert changed.previous_exact == "not owned or controlled by the military"
        review = found[REPEATED]
        assert review.version == 1 and VERSION_1[review.start : review.end] == REPEATED
        assert review.candidate_start is not None
        # The earlier version shows them where they were made; taking the later one back
        # leaves them all anchored on it.
        _old, placed = second.old_version(other_id, 1)
        assert {a.note for a in placed} == set(VERSION_FATES)
        second.remove_latest_version(other_id, 2)
        back = second.annotations(other_id)
        assert {a.state for a in back} == {S.ANCHORED}
        assert all(VERSION_1[a.start : a.end] == a.exact and a.version == 1 for a in back)
