"""Importing W3C Web Annotations: round trip, anchoring by quote, orphans, errors."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.export import (
    DEFENSE,
    EMOJI_ARTICLE,
    STATE,
    article_id,
    build,
    orphan_item,
)
from xiaomi_reader.core.records import AnnotationState, LinkType
from xiaomi_reader.core.w3c_reading import parse_w3c
from xiaomi_reader.export import export_library
from xiaomi_reader.store import interchange
from xiaomi_reader.store.interchange import AnnotationImportError, import_annotations
from xiaomi_reader.store.library import Library

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Library]:
    """A second, fresh library: the same bundled articles, nothing annotated."""
    library = Library.open(tmp_path / "other.sqlite3")
    try:
        yield library
    finally:
        library.close()


def export_json(library: Library, path: Path) -> dict[str, Any]:
    return json.loads(export_library(library, "json", path).read_text("utf-8"))


def comparable(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """The items, with tag bodies in a fixed order (tag order is per library), without the
    target's TimeState (when that library fetched or imported the text)."""
    items = copy.deepcopy(collection["first"]["items"])
    for item in items:
        if isinstance(item.get("target"), dict):
            item["target"].pop("state", None)
        if isinstance(item.get("body"), list):
            item["body"].sort(key=lambda body: (body.get("purpose", ""), str(body.get("value"))))
    return sorted(items, key=lambda item: item["id"])


def snapshot(library: Library) -> tuple[list, list, list]:
    return (library.annotations(), library.links(), library.tags())


def quote_item(
    exact: str,
    *,
    source: str = "https://example.org/copy-of-the-article",
    prefix: str = "",
    suffix: str = "",
    ident: str = "urn:uuid:00000000-0000-4000-8000-000000000001",
    position: tuple[int, int] | None = None,
) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
    ]
    if position:
        selectors.append({"type": "TextPositionSelector", "start": position[0], "end": position[1]})
    return {
        "@context": CONTEXT,
        "id": ident,
        "type": "Annotation",
        "target": {"type": "SpecificResource", "source": source, "selector": selectors},
    }


# --------------------------------------------------------------------------
# Round trip and re-import
# --------------------------------------------------------------------------


def test_round_trip_gives_the_same_annotations_links_and_selectors(
    library: Library, other: Library, tmp_path: Path
):
    built = build(library)
    first = export_json(library, tmp_path / "first.json")
    other.import_article(EMOJI_ARTICLE)
    summary = import_annotations(other, tmp_path / "first.json")
    assert (summary.imported, summary.already_present, summary.orphaned) == (4, 0, 0)
    assert summary.anchored_by_quote == 0
    assert summary.links_imported == 2 and not summary.links_skipped
    assert summary.tags_created == (built.dubious.name,)
    second = export_json(other, tmp_path / "second.json")
    assert comparable(second) == comparable(first)
    # Dates and the code-point offsets after the emoji survive as they were.
    (signed,) = [a for a in other.annotations() if a.iri == built.signed.iri]
    assert (signed.start, signed.end, signed.created) == (
        built.signed.start,
        built.signed.end,
        built.signed.created,
    )


def test_reimporting_changes_nothing(library: Library, tmp_path: Path):
    build(library)
    path = tmp_path / "export.json"
    export_json(library, path)
    before = snapshot(library)
    summary = import_annotations(library, path)
    assert (summary.imported, summary.already_present) == (0, 4)
    assert (summary.links_imported, summary.links_already_present) == (0, 2)
    assert snapshot(library) == before
    again = import_annotations(library, orphan_item())
    assert again.orphaned == 1
    assert import_annotations(library, orphan_item()).already_present == 1


# --------------------------------------------------------------------------
# Anchoring
# --------------------------------------------------------------------------


def test_unknown_source_is_anchored_by_a_unique_quote(library: Library):
    why = article_id(library, "This is why")
    text = library.article(why).text
    start = text.index(STATE)
    item = quote_item(STATE, prefix=text[start - 20 : start], suffix=text[start + 22 : start + 40])
    summary = import_annotations(library, item)
    assert (summary.imported, summary.anchored_by_quote, summary.orphaned) == (1, 1, 0)
    (annotation,) = library.annotations()
    assert annotation.article_id == why and annotation.state is AnnotationState.ANCHORED
    assert (annotation.start, annotation.end) == (start, start + len(STATE))
    assert annotation.target_source == library.article(why).iri
    assert annotation.iri == item["id"]


def test_changed_text_is_anchored_by_quote_in_the_same_article(library: Library):
    why = library.article(article_id(library, "This is why"))
    start = why.text.index(DEFENSE)
    moved = (start + 5, start + 5 + len(DEFENSE))  # as if the text had changed since
    summary = import_annotations(library, quote_item(DEFENSE, source=why.iri, position=moved))
    assert summary.anchored_by_quote == 1
    (annotation,) = library.annotations()
    assert (annotation.article_id, annotation.start) == (why.id, start)


def test_position_wins_when_the_text_is_the_same(library: Library):
    why = library.article(article_id(library, "This is why"))
    start = why.text.index(DEFENSE)
    item = quote_item(DEFENSE, source=why.iri, position=(start, start + len(DEFENSE)))
    summary = import_annotations(library, item)
    assert (summary.imported, summary.anchored_by_quote) == (1, 0)


def test_unanchorable_and_ambiguous_quotes_become_orphans_shown_in_reports(
    library: Library, tmp_path: Path
):
    ambiguous = quote_item("Xiaomi", ident="urn:uuid:00000000-0000-4000-8000-000000000002")
    summary = import_annotations(library, [orphan_item(), ambiguous])
    assert (summary.imported, summary.orphaned) == (2, 2)
    assert [o.exact for o in summary.orphans] == [
        "words that appear in no article at all",
        "Xiaomi",
    ]
    assert any("orphan" in line and "Xiaomi" in line for line in summary.lines())
    orphans = {a.iri: a for a in library.annotations()}
    lost = orphans["urn:uuid:00000000-0000-4000-8000-0000000000aa"]
    assert lost.article_id is None and lost.state is AnnotationState.ORPHANED
    assert lost.target_source == "https://example.org/gone.html"
    assert (lost.start, lost.end) == (10, 48)
    assert (lost.exact, lost.prefix, lost.suffix) == (
        "words that appear in no article at all",
        "before ",
        " after",
    )
    assert lost.note == "Lost <b>note</b>"
    assert [t.name for t in library.tags() if t.id in lost.tag_ids] == ["Claim"]
    md = export_library(library, "md", tmp_path / "r.md").read_text("utf-8")
    html = export_library(library, "html", tmp_path / "r.html").read_text("utf-8")
    for report in (md, html):
        assert "Orphaned annotations" in report
        assert "words that appear in no article at all" in report
    assert "https://example.org/gone.html" in html
    assert "https\\://example.org/gone.html" in md  # escaped: never a bare link


# --------------------------------------------------------------------------
# Input forms, tags and links
# --------------------------------------------------------------------------


def test_page_array_and_single_annotation_are_accepted(library: Library):
    one = quote_item(DEFENSE, ident="urn:uuid:00000000-0000-4000-8000-000000000011")
    two = quote_item(STATE, ident="urn:uuid:00000000-0000-4000-8000-000000000012")
    page = {"@context": CONTEXT, "type": "AnnotationPage", "items": [one, two]}
    assert import_annotations(library, json.dumps(page).encode()).imported == 2
    assert import_annotations(library, [one]).already_present == 1
    assert import_annotations(library, one).already_present == 1


def test_tags_match_ignoring_case_and_new_ones_are_created(library: Library):
    item = quote_item(DEFENSE)
    item["body"] = [
        {"type": "TextualBody", "purpose": "tagging", "value": "CLAIM"},
        {"type": "TextualBody", "purpose": "tagging", "value": "Needs  check"},
        {"type": "TextualBody", "purpose": "tagging", "value": "needs check"},
        {"type": "TextualBody", "value": "A plain comment"},
    ]
    summary = import_annotations(library, item)
    assert summary.tags_created == ("Needs check",)
    tags = {t.id: t for t in library.tags()}
    (annotation,) = library.annotations()
    assert sorted(tags[t].name for t in annotation.tag_ids) == ["Claim", "Needs check"]
    assert annotation.note == "A plain comment"
    assert tags[annotation.tag_ids[-1]].colour.startswith("#")


def test_links_between_foreign_ids_resolve_and_dangling_ones_are_skipped(library: Library):
    first = quote_item(DEFENSE, ident="http://example.org/anno/1")
    second = quote_item(STATE, ident="http://example.org/anno/2")
    link = {
        "id": "http://example.org/anno/3",
        "type": "Annotation",
        "motivation": "linking",
        "target": "http://example.org/anno/2",
        "body": [
            {
                "type": "SpecificResource",
                "source": "http://example.org/anno/1",
                "purpose": "linking",
            },
            {"type": "TextualBody", "purpose": "classifying", "value": "Same-Claim"},
            {"type": "TextualBody", "purpose": "commenting", "value": "see both"},
        ],
    }
    dangling = {**link, "id": "http://example.org/anno/4", "target": "http://example.org/anno/9"}
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [link, first, second, dangling]},
    }
    summary = import_annotations(library, collection)
    assert (summary.imported, summary.links_imported, len(summary.links_skipped)) == (2, 1, 1)
    (stored,) = library.links()
    by_id = {a.id: a for a in library.annotations()}
    assert by_id[stored.source_id].exact == STATE and by_id[stored.target_id].exact == DEFENSE
    assert stored.type is LinkType.SAME_CLAIM and stored.note == "see both"
    assert stored.iri.startswith("urn:uuid:")
    # The foreign ids map to the same uuids again, so nothing is imported twice.
    again = import_annotations(library, collection)
    assert (again.already_present, again.links_already_present) == (2, 1)


# --------------------------------------------------------------------------
# Errors: nothing imported
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"type": "Annotation", ', "not valid JSON"),
        (b"\xff\xfe\x00", "not"),
        (b'{"type": "Person", "name": "x"}', "not W3C annotations"),
        (b"42", "The input is a number, not annotations"),
        (b"[1, 2]", "Item 1 is not a W3C annotation"),
        (b'{"type": "Annotation", "target": "http://example.org/page"}', "passage of text"),
    ],
)
def test_invalid_input_is_refused(library: Library, data: bytes, message: str):
    with pytest.raises(AnnotationImportError, match=message):
        import_annotations(library, data)
    assert library.annotations() == []


def test_wrong_types_anywhere_import_nothing(library: Library, tmp_path: Path):
    good = quote_item(DEFENSE)
    bad = quote_item(STATE, ident="urn:uuid:00000000-0000-4000-8000-000000000002")
    bad["target"]["selector"][0]["exact"] = 12
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([good, bad]), "utf-8")
    with pytest.raises(AnnotationImportError, match=r"Item 2 .*exact must be a string"):
        import_annotations(library, path)
    negative = quote_item(DEFENSE, position=(-1, 4))
    with pytest.raises(AnnotationImportError, match="non-negative integer"):
        import_annotations(library, negative)
    unknown_link = {
        "id": "urn:uuid:00000000-0000-4000-8000-000000000009",
        "type": "Annotation",
        "motivation": "linking",
        "target": good["id"],
        "body": [{"type": "SpecificResource", "source": bad["id"]}],
    }
    with pytest.raises(AnnotationImportError, match="link without a type"):
        import_annotations(library, [good, unknown_link])
    with pytest.raises(AnnotationImportError, match="Cannot read"):
        import_annotations(library, tmp_path / "missing.json")
    assert library.annotations() == [] and library.links() == []


def test_one_import_is_one_transaction(
    library: Library, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    def fail(*_args: object) -> None:
        raise RuntimeError("disk trouble")

    tagged = quote_item(DEFENSE)
    tagged["body"] = {"type": "TextualBody", "purpose": "tagging", "value": "Brand new"}
    monkeypatch.setattr(interchange._Importer, "_links", fail)
    with pytest.raises(RuntimeError):
        import_annotations(library, [orphan_item(), tagged])
    assert library.annotations() == []
    assert [t.name for t in library.tags()] == ["Claim", "Contradiction"]


def test_parse_reads_creator_dates_and_body_value():
    item = quote_item(DEFENSE)
    item.update(
        {
            "creator": {"type": "Person", "name": "A. Reporter"},
            "created": "2024-03-22T10:00:00+01:00",
            "bodyValue": "Checked",
        }
    )
    (parsed,) = parse_w3c(item).annotations
    assert parsed.author == "A. Reporter" and parsed.note == "Checked"
    assert parsed.created is not None and parsed.created.isoformat() == "2024-03-22T09:00:00+00:00"
    assert parsed.modified == parsed.created


def test_an_empty_library_exports_a_collection_that_imports_nothing(
    library: Library, tmp_path: Path
):
    data = export_json(library, tmp_path / "empty.json")
    assert data["total"] == 0 and "first" not in data
    summary = import_annotations(library, tmp_path / "empty.json")
    assert (summary.imported, summary.already_present, summary.links_imported) == (0, 0, 0)
