"""One id, one item: a file whose items share ids is refused whole, never half-kept."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.export import DEFENSE, STATE
from xiaomi_reader.cli import main
from xiaomi_reader.export import export_library
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.import_annotations import (
    SUMMARY_BOX_NAME,
    import_annotations_interactively,
)
from xiaomi_reader.store.interchange import AnnotationImportError, import_annotations
from xiaomi_reader.store.library import Library

ANNO = "http://www.w3.org/ns/anno.jsonld"
FIRST = "urn:uuid:6e2b8f0a-1d3c-4b5e-8f70-000000000001"
SECOND = "urn:uuid:6e2b8f0a-1d3c-4b5e-8f70-000000000002"
LINK = "urn:uuid:6e2b8f0a-1d3c-4b5e-8f70-000000000003"


def annotation(ident: str, exact: str = DEFENSE, note: str = "") -> dict[str, Any]:
    item: dict[str, Any] = {
        "@context": ANNO,
        "id": ident,
        "type": "Annotation",
        "target": {
            "source": "https://example.org/copy",
            "selector": {"type": "TextQuoteSelector", "exact": exact},
        },
    }
    if note:
        item["bodyValue"] = note
    return item


def link(ident: str, source: str, target: str, kind: str = "contradicts") -> dict[str, Any]:
    return {
        "id": ident,
        "type": "Annotation",
        "motivation": "linking",
        "target": source,
        "body": [
            {"type": "SpecificResource", "source": target, "purpose": "linking"},
            {"type": "TextualBody", "purpose": "classifying", "value": kind},
        ],
    }


def state(library: Library) -> tuple[object, ...]:
    return (library.annotations(), library.links(), library.tags(), library.revision())


def refused(library: Library, items: list[dict[str, Any]]) -> str:
    """The one-line refusal; the library is left exactly as it was."""
    before = state(library)
    with pytest.raises(AnnotationImportError) as error:
        import_annotations(library, items)
    assert state(library) == before
    message = str(error.value)
    assert "\n" not in message and "nothing was imported" in message.casefold()
    return message


# Each case: the items, the places in the file of the two that clash, what the message says.
CLASHES: dict[str, tuple[list[dict[str, Any]], tuple[int, int], str]] = {
    "different-passages": (
        [annotation(FIRST, DEFENSE), annotation(FIRST, STATE)],
        (1, 2),
        "are different annotations",
    ),
    "same-passage-another-note": (
        [annotation(FIRST, note="mine"), annotation(FIRST, note="theirs")],
        (1, 2),
        "are different annotations",
    ),
    "ids-differing-by-spaces": (
        [annotation(FIRST, DEFENSE), annotation(f"  {FIRST}\n", STATE)],
        (1, 2),
        "are different annotations",
    ),
    "ids-differing-by-letter-case": (
        [
            annotation(FIRST, DEFENSE),
            annotation(FIRST.upper().replace("URN:UUID", "urn:uuid"), STATE),
        ],
        (1, 2),
        "are different annotations",
    ),
    "foreign-ids-differing-by-spaces": (
        [
            annotation("http://example.org/a/1", DEFENSE),
            annotation("http://example.org/a/1 ", STATE),
        ],
        (1, 2),
        "are different annotations",
    ),
    "links-with-one-id": (
        [
            annotation(FIRST, DEFENSE),
            annotation(SECOND, STATE),
            link(LINK, FIRST, SECOND, "contradicts"),
            link(LINK, SECOND, FIRST, "supports"),
        ],
        (3, 4),
        "are different links",
    ),
    "a-link-with-an-annotations-id": (
        [annotation(FIRST, DEFENSE), annotation(SECOND, STATE), link(FIRST, FIRST, SECOND)],
        (1, 3),
        "are an annotation and a link",
    ),
}


@pytest.mark.parametrize("case", CLASHES)
def test_items_sharing_an_id_refuse_the_file_naming_them(library: Library, case: str):
    items, (first, second), what = CLASHES[case]
    message = refused(library, items)
    assert re.match(
        rf"Item {first} \(.+\) and item {second} \(.+\) have the same id but {what}", message
    ), message
    assert message.endswith("Nothing was imported; give each item its own id.")


def test_the_refusal_names_both_items_by_place(library: Library):
    message = refused(
        library, [annotation(FIRST, DEFENSE), annotation(SECOND), annotation(FIRST, STATE)]
    )
    assert message.startswith(f"Item 1 ({FIRST}) and item 3 ({FIRST}) have the same id"), message


def test_the_command_line_refuses_in_one_line_with_status_1(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "clash.json"
    path.write_text(json.dumps([annotation(FIRST, DEFENSE), annotation(FIRST, STATE)]), "utf-8")
    before = state(library)
    status = main(["--db", str(library.path), "import-annotations", str(path)])
    captured = capsys.readouterr()
    assert status == 1 and captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("xiaomi-reader: error: Item 1 (")
    assert "are different annotations" in captured.err
    assert state(library) == before


def test_identical_repeats_are_kept_once_and_said_so(library: Library):
    items = [
        annotation(FIRST, DEFENSE, note="same"),
        annotation(SECOND, STATE),
        annotation(f" {FIRST}", DEFENSE, note="same"),
        link(LINK, FIRST, SECOND),
        link(LINK, FIRST, SECOND),
    ]
    summary = import_annotations(library, items)
    assert (summary.imported, summary.already_present, summary.links_imported) == (2, 0, 1)
    assert summary.identical_duplicates == 2
    assert "identical duplicates in the file, kept once: 2" in summary.lines()
    assert sorted(a.iri for a in library.annotations()) == [FIRST, SECOND]
    assert [stored.iri for stored in library.links()] == [LINK]


def test_ids_already_taken_by_the_other_kind_in_the_library_are_refused(
    library: Library, tmp_path: Path
):
    import_annotations(library, [annotation(FIRST, DEFENSE), annotation(SECOND, STATE)])
    import_annotations(library, link(LINK, FIRST, SECOND))
    third = "urn:uuid:6e2b8f0a-1d3c-4b5e-8f70-000000000004"
    taken_by_a_link = annotation(LINK, "Xiaomi Mi 10 Lite")
    message = refused(library, [taken_by_a_link])
    assert "is an annotation with the id of a link already in the library" in message
    taken_by_an_annotation = link(FIRST, SECOND, third)
    message = refused(library, [annotation(third, "Xiaomi Mi 10 Lite"), taken_by_an_annotation])
    assert "is a link with the id of an annotation already in the library" in message
    # So an export never holds two items with one id.
    exported = json.loads(export_library(library, "json", tmp_path / "all.json").read_text())
    ids = [item["id"] for item in exported["first"]["items"]]
    assert sorted(ids) == sorted(set(ids)) == sorted([FIRST, SECOND, LINK])


def test_a_link_from_a_passage_to_itself_is_reported_as_that(library: Library):
    summary = import_annotations(library, [annotation(FIRST), link(LINK, FIRST, f" {FIRST} ")])
    assert summary.imported == 1 and summary.links_imported == 0
    assert summary.links_to_themselves == (LINK,) and summary.links_skipped == ()
    lines = summary.lines()
    assert (
        "links: 0 imported, 0 already present, 1 skipped (they link a passage to itself)" in lines
    )
    assert f"  skipped link {LINK}: it links a passage to itself" in lines
    assert not any("an end is missing" in line for line in lines)
    assert library.links() == []


def test_the_window_says_a_link_joins_a_passage_to_itself(
    qtbot: QtBot, library: Library, tmp_path: Path
):
    path = tmp_path / "self-link.json"
    path.write_text(json.dumps([annotation(FIRST), link(LINK, FIRST, FIRST)]), "utf-8")
    parent = QWidget()
    qtbot.addWidget(parent)
    controller = LibraryController(library, parent)
    summary = import_annotations_interactively(parent, controller, str(path))
    assert summary is not None
    box = parent.findChild(QMessageBox, SUMMARY_BOX_NAME)
    assert box is not None
    text = box.text()
    assert "Links: 0 imported, 0 already present, 1 skipped (linking a passage to itself)" in text
    assert "missing" not in text
