"""Hostile W3C annotation files: a clear error that imports nothing, or orphans; never half."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import assert_one_line_error, cli
from xiaomi_reader.core.records import AnnotationState
from xiaomi_reader.export import export_library
from xiaomi_reader.store.interchange import AnnotationImportError, import_annotations
from xiaomi_reader.store.library import Library

MIB = 1024 * 1024
ANNO = "http://www.w3.org/ns/anno.jsonld"


@dataclass(frozen=True)
class Scene:
    """A library with one annotation on each of two articles, and a file exported from it."""

    library: Library
    db: Path
    exported: bytes  # the real export: both annotations and a link
    first_text: str
    first_iri: str
    second_text: str
    second_iri: str
    victim_iri: str  # the annotation on the first article


@pytest.fixture
def scene(db_path: Path, tmp_path: Path) -> Iterator[Scene]:
    library = Library.open(db_path)
    try:
        first, second = (library.article(s.id) for s in library.articles()[:2])
        victim = library.add_annotation(first.id, 40, 70, note="mine", tag_ids=[1])
        other = library.add_annotation(second.id, 5, 25)
        library.add_link(victim.id, other.id, "contradicts")
        exported = export_library(library, "json", tmp_path / "export.json").read_bytes()
        yield Scene(
            library,
            db_path,
            exported,
            first.text,
            first.iri,
            second.text,
            second.iri,
            victim.iri,
        )
    finally:
        library.close()


def item(
    source: str,
    exact: Any,
    *,
    ident: str = "urn:uuid:3f1c1b6e-8d0e-4a51-9b43-000000000001",
    position: tuple[Any, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [{"type": "TextQuoteSelector", "exact": exact}]
    if position is not None:
        selectors.append({"type": "TextPositionSelector", "start": position[0], "end": position[1]})
    return {
        "@context": ANNO,
        "id": ident,
        "type": "Annotation",
        "target": {"type": "SpecificResource", "source": source, "selector": selectors},
        **extra,
    }


def fresh_ids(collection: dict[str, Any]) -> dict[str, Any]:
    """The exported items under new ids (links re-pointed), so they would import."""
    data = copy.deepcopy(collection)
    renamed: dict[str, str] = {}
    for n, entry in enumerate(data["first"]["items"]):
        new = f"urn:uuid:3f1c1b6e-8d0e-4a51-9b43-1000000000{n:02d}"
        renamed[entry["id"]] = new
        entry["id"] = new
    for entry in data["first"]["items"]:
        if entry.get("motivation") == "linking":
            entry["target"] = renamed[entry["target"]]
            entry["body"][0]["source"] = renamed[entry["body"][0]["source"]]
    return data


def as_bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode("utf-8")


# -- cases that must fail as a whole -------------------------------------------------

Case = Callable[[Scene], Any]


def truncated(scene: Scene) -> bytes:
    return scene.exported[: len(scene.exported) * 2 // 3]


def target_is_a_number(scene: Scene) -> Any:
    return {**item(scene.first_iri, "x"), "target": 42}


def start_is_text(scene: Scene) -> Any:
    return item(scene.first_iri, scene.first_text[3:9], position=("abc", 9))


def exact_is_a_list(scene: Scene) -> Any:
    return item(scene.first_iri, ["US", "Department"])


def body_is_a_number(scene: Scene) -> Any:
    return item(scene.first_iri, scene.first_text[3:9], body=[7])


def tag_is_an_object(scene: Scene) -> Any:
    body = [{"type": "TextualBody", "purpose": "tagging", "value": {"name": "Claim"}}]
    return item(scene.first_iri, scene.first_text[3:9], body=body)


def items_is_an_object(scene: Scene) -> Any:
    data = json.loads(scene.exported)
    data["first"]["items"] = {"0": data["first"]["items"][0]}
    return data


def negative_start(scene: Scene) -> Any:
    return item(scene.first_iri, scene.first_text[3:9], position=(-3, 9))


def ends_before_it_starts(scene: Scene) -> Any:
    return item(scene.first_iri, scene.first_text[3:9], position=(9, 3))


def created_is_not_a_date(scene: Scene) -> Any:
    return item(scene.first_iri, scene.first_text[3:9], created="yesterday at noon")


def created_beyond_year_9999(scene: Scene) -> Any:
    return item(scene.first_iri, scene.first_text[3:9], created="9999-12-31T23:00:00-05:00")


def a_number_with_5000_digits(scene: Scene) -> bytes:
    good = json.dumps(item(scene.first_iri, scene.first_text[3:9], position=(3, 9)))
    return good.replace('"start": 3', '"start": 3' + "0" * 5000).encode()


def lone_surrogate_in_quote(scene: Scene) -> bytes:
    return json.dumps(item(scene.first_iri, "\ud800 half a character")).encode()


def lone_surrogate_in_id(scene: Scene) -> bytes:
    return json.dumps(item(scene.first_iri, "quote", ident="http://x.example/\udc00")).encode()


def nested_too_deeply(scene: Scene) -> bytes:
    return b'{"type": "Annotation", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def not_utf8(scene: Scene) -> bytes:
    return scene.exported.replace(b'"Annotation"', b'"Annot\xe9ation"', 1)


def link_of_unknown_type(scene: Scene) -> Any:
    data = fresh_ids(json.loads(scene.exported))
    link = next(e for e in data["first"]["items"] if e.get("motivation") == "linking")
    link["body"][1]["value"] = "refutes-utterly"
    return data


def good_items_then_a_bad_one(scene: Scene) -> Any:
    data = fresh_ids(json.loads(scene.exported))
    data["first"]["items"].append(item(scene.first_iri, 3.5, ident="urn:uuid:" + "9" * 32))
    return data


def id_of_an_annotation_on_another_article(scene: Scene) -> Any:
    # The victim's id, on the second article, with a quote from there.
    return item(scene.second_iri, scene.second_text[30:60], ident=scene.victim_iri)


def id_of_an_annotation_elsewhere_among_good_ones(scene: Scene) -> Any:
    data = fresh_ids(json.loads(scene.exported))
    data["first"]["items"].insert(
        0, item(scene.first_iri, scene.first_text[100:130], ident=scene.victim_iri)
    )
    return data


ERRORS: dict[str, tuple[Case, str]] = {
    "truncated-json": (truncated, "is not valid JSON"),
    "target-is-a-number": (target_is_a_number, "does not point at a passage of text"),
    "start-is-text": (start_is_text, "start must be a non-negative integer"),
    "exact-is-a-list": (exact_is_a_list, "exact must be a string, not an array"),
    "body-is-a-number": (body_is_a_number, "neither an object nor an IRI"),
    "tag-is-an-object": (tag_is_an_object, "body value must be a string"),
    "items-is-an-object": (items_is_an_object, '"items" must be an array'),
    "negative-start": (negative_start, "non-negative integer"),
    "ends-before-it-starts": (ends_before_it_starts, "ends (3) before it starts (9)"),
    "created-is-not-a-date": (created_is_not_a_date, "is not a date and time"),
    "created-beyond-year-9999": (created_beyond_year_9999, "cannot be read as annotations"),
    "number-with-5000-digits": (a_number_with_5000_digits, "cannot be read as annotations"),
    "lone-surrogate-in-quote": (lone_surrogate_in_quote, "not valid Unicode"),
    "lone-surrogate-in-id": (lone_surrogate_in_id, "not valid Unicode"),
    "nested-too-deeply": (nested_too_deeply, "nested too deeply"),
    "not-utf8": (not_utf8, "is not UTF-8 text"),
    "link-of-unknown-type": (link_of_unknown_type, "unknown link type 'refutes-utterly'"),
    "good-items-then-a-bad-one": (good_items_then_a_bad_one, "exact must be a string"),
    "id-of-an-annotation-on-another-article": (
        id_of_an_annotation_on_another_article,
        "has the id of a different annotation already in the library",
    ),
    "id-collision-among-good-ones": (
        id_of_an_annotation_elsewhere_among_good_ones,
        "has the id of a different annotation already in the library",
    ),
}


def state(library: Library) -> tuple[object, ...]:
    return (library.annotations(), library.links(), library.tags(), library.revision())


@pytest.mark.parametrize("case", ERRORS)
def test_a_bad_file_imports_nothing_and_says_why(scene: Scene, case: str, tmp_path: Path):
    make, message = ERRORS[case]
    path = tmp_path / "hostile.json"
    path.write_bytes(as_bytes(make(scene)))
    before = state(scene.library)
    with pytest.raises(AnnotationImportError) as refused:
        import_annotations(scene.library, path)
    assert message in str(refused.value)
    assert state(scene.library) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [
        "truncated-json",
        "target-is-a-number",
        "lone-surrogate-in-id",
        "nested-too-deeply",
        "number-with-5000-digits",
        "id-collision-among-good-ones",
    ],
)
def test_cli_reports_a_bad_file_in_one_line_and_imports_nothing(
    scene: Scene, case: str, tmp_path: Path
):
    make, message = ERRORS[case]
    path = tmp_path / "hostile.json"
    path.write_bytes(as_bytes(make(scene)))
    before = state(scene.library)
    result = cli("--db", str(scene.db), "import-annotations", str(path))
    assert_one_line_error(result, message)
    assert state(scene.library) == before


def test_a_huge_multi_line_id_still_gives_a_short_one_line_error(scene: Scene):
    bad = {**item(scene.first_iri, "x"), "target": 42, "id": "line one\nline two " + "x" * MIB}
    before = state(scene.library)
    with pytest.raises(AnnotationImportError) as refused:
        import_annotations(scene.library, [bad])
    assert state(scene.library) == before
    message = str(refused.value)
    assert "\n" not in message and len(message) < 1000, message[:200]


# -- cases that import, anchored or as orphans -----------------------------------------


def anchored_exactly(library: Library) -> None:
    texts = {s.id: library.article(s.id).text for s in library.articles()}
    for annotation in library.annotations():
        if annotation.state is AnnotationState.ANCHORED:
            assert annotation.article_id is not None and annotation.start is not None
            text = texts[annotation.article_id]
            assert text[annotation.start : annotation.end] == annotation.exact


def test_huge_strings_are_kept_whole(scene: Scene):
    quote = "Nobody ever wrote this sentence. " * (5 * MIB // 33)
    note = "A long note. " * (5 * MIB // 13)
    source = "https://example.org/" + "very-long-address/" * (MIB // 18)
    orphan = item(source, quote, ident="urn:uuid:3f1c1b6e-8d0e-4a51-9b43-200000000001")
    noted = item(
        scene.first_iri,
        scene.first_text[200:230],
        ident="urn:uuid:3f1c1b6e-8d0e-4a51-9b43-200000000002",
        bodyValue=note,
    )
    summary = import_annotations(scene.library, json.dumps([orphan, noted]).encode())
    assert (summary.imported, summary.orphaned) == (2, 1)
    # The summary line quotes the start of the quote and address, not megabytes of them.
    assert summary.lines()[4].startswith(f"  orphan {orphan['id']}: “Nobody ever wrote")
    assert len(summary.lines()[4]) < 300
    stored = {a.iri: a for a in scene.library.annotations()}
    assert stored[orphan["id"]].exact == quote
    assert stored[orphan["id"]].target_source == source
    assert stored[orphan["id"]].state is AnnotationState.ORPHANED
    assert stored[noted["id"]].note == note
    anchored_exactly(scene.library)


def test_out_of_range_selectors_become_orphans_or_anchor_by_quote(scene: Scene):
    length = len(scene.first_text)
    quote = scene.first_text[300:340]
    items = {
        "missing-beyond-end": item(
            scene.first_iri, "words found nowhere", position=(length + 5, length + 9)
        ),
        "real-quote-beyond-end": item(scene.first_iri, quote, position=(length + 5, length + 45)),
        "position-only-beyond-end": {
            **item(scene.first_iri, "-"),
            "target": {
                "source": scene.first_iri,
                "selector": {"type": "TextPositionSelector", "start": length, "end": length + 3},
            },
        },
        "start-beyond-sqlite": item(scene.first_iri, "found nowhere", position=(10**30, 10**30)),
        "huge-but-real-quote": item(scene.first_iri, quote, position=(2**70, 2**70 + 40)),
        "body-is-an-iri": item(scene.first_iri, quote, body="https://example.org/comment"),
    }
    for n, value in enumerate(items.values()):
        value["id"] = f"urn:uuid:3f1c1b6e-8d0e-4a51-9b43-3000000000{n:02d}"
    summary = import_annotations(scene.library, list(items.values()))
    assert summary.imported == len(items)
    stored = {a.iri: a for a in scene.library.annotations()}

    def of(name: str) -> Any:
        return stored[items[name]["id"]]

    for name in ("missing-beyond-end", "position-only-beyond-end", "start-beyond-sqlite"):
        assert of(name).state is AnnotationState.ORPHANED, name
    for name in ("real-quote-beyond-end", "huge-but-real-quote", "body-is-an-iri"):
        assert of(name).state is AnnotationState.ANCHORED, name
        assert (of(name).start, of(name).end) == (300, 340)
    assert of("start-beyond-sqlite").exact == "found nowhere"
    anchored_exactly(scene.library)
    # And the same file again changes nothing (the same ids, the same annotations).
    before = state(scene.library)
    again = import_annotations(scene.library, list(items.values()))
    assert (again.imported, again.already_present) == (0, len(items))
    assert state(scene.library) == before


def test_reimporting_its_own_export_is_not_a_collision(scene: Scene):
    before = state(scene.library)
    summary = import_annotations(scene.library, scene.exported)
    assert (summary.imported, summary.already_present, summary.links_already_present) == (0, 2, 1)
    assert state(scene.library) == before
