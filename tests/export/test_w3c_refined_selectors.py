"""W3C annotations whose quote or position sits inside a ``refinedBy``; refusals that name
what is missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.export import article_id
from tests.helpers import RunCli
from xiaomi_reader.store.interchange import AnnotationImportError, import_annotations
from xiaomi_reader.store.library import Library

STATE = "US Department of State"
AWARD = "Outstanding Builder of Socialism with Chinese Characteristics"


def item(*selectors: dict[str, Any], source: str = "https://example.org/page") -> dict[str, Any]:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/annotations/1",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "Checked", "purpose": "commenting"},
        "target": {"source": source, "selector": list(selectors)},
    }


def quote(exact: str, **context: str) -> dict[str, Any]:
    return {"type": "TextQuoteSelector", "exact": exact, **context}


def position(start: int, end: int, **more: object) -> dict[str, Any]:
    return {"type": "TextPositionSelector", "start": start, "end": end, **more}


def fragment(value: str, refined_by: object) -> dict[str, Any]:
    return {"type": "FragmentSelector", "value": value, "refinedBy": refined_by}


def xpath_range(refined_by: object) -> dict[str, Any]:
    return {
        "type": "RangeSelector",
        "startSelector": {"type": "XPathSelector", "value": "/html/body/p[11]"},
        "endSelector": {"type": "XPathSelector", "value": "/html/body/p[11]"},
        "refinedBy": refined_by,
    }


def why_text(library: Library) -> tuple[int, str, str]:
    ident = article_id(library, "This is why")
    article = library.article(ident)
    return ident, article.iri, article.text


def test_a_quote_inside_a_refinement_is_read(library: Library, run_cli: RunCli, tmp_path: Path):
    path = tmp_path / "refined.jsonld"
    nested = fragment("para=11", xpath_range(quote(AWARD, prefix="he received the “")))
    items = [
        item(fragment("para=25", quote(STATE, prefix="Do you think the "))),
        {**item(nested), "id": "https://example.org/annotations/2"},
    ]
    path.write_text(json.dumps(items), "utf-8")
    result = run_cli("--db", str(library.path), "import-annotations", str(path))
    assert result.returncode == 0, result.stderr
    assert "  imported: 2" in result.stdout.splitlines()
    ident, _, text = why_text(library)
    placed = {a.exact: (a.article_id, a.start) for a in library.annotations()}
    assert placed == {STATE: (ident, text.index(STATE)), AWARD: (ident, text.index(AWARD))}


def test_a_position_refining_a_position_counts_from_the_outer_start(library: Library):
    ident, iri, text = why_text(library)
    at = text.index(STATE)
    # The outer range starts 10 before the passage; the inner one counts from there.
    outer = position(at - 10, at + 40, refinedBy=position(10, 10 + len(STATE)))
    import_annotations(library, item(outer, source=iri))
    (annotation,) = library.annotations()
    assert (annotation.article_id, annotation.start, annotation.exact) == (ident, at, STATE)


def test_a_position_inside_another_selection_needs_the_quote(library: Library):
    _, iri, _ = why_text(library)
    only_position = item(fragment("para=25", position(17, 39)), source=iri)
    with pytest.raises(AnnotationImportError) as refused:
        import_annotations(library, only_position)
    assert str(refused.value) == (
        "Item 1 (https://example.org/annotations/1) has no TextQuoteSelector, and its "
        "TextPositionSelector refines a FragmentSelector, so it counts from that selection, "
        "not from the start of the text; add the quote (a TextQuoteSelector) to place it."
    )
    # With the quote beside it, the quote places the passage and the offsets are left out.
    import_annotations(library, item(fragment("para=25", [position(17, 39), quote(STATE)])))
    (annotation,) = library.annotations()
    assert annotation.start == why_text(library)[2].index(STATE)


def refused(library: Library, data: object) -> str:
    with pytest.raises(AnnotationImportError) as caught:
        import_annotations(library, data)  # type: ignore[arg-type]
    assert library.annotations() == []
    return str(caught.value)


WHERE = "Item 1 (https://example.org/annotations/1)"
REFUSALS = {
    "no target": ({"target": None}, f"{WHERE} does not point at a passage of text: no target."),
    "a whole page": (
        {"target": "https://example.org/page"},
        f"{WHERE} does not point at a passage of text: its target is a whole document "
        "(an IRI), with no selector.",
    ),
    "no selector": (
        {"target": {"source": "https://example.org/page"}},
        f"{WHERE} does not point at a passage of text: its target has no selector (it points "
        "at a whole document, not a passage).",
    ),
    "other selectors": (
        {"target": {"source": "x", "selector": [fragment("t=3,7", {"type": "CssSelector"})]}},
        f"{WHERE} does not point at a passage of text: no TextQuoteSelector and no "
        "TextPositionSelector (it has CssSelector, FragmentSelector).",
    ),
    "no exact": (
        {"target": {"source": "x", "selector": {"type": "TextQuoteSelector"}}},
        f"{WHERE}: TextQuoteSelector exact must be a string, not null.",
    ),
    "another type": (
        {"type": "Person"},
        f'{WHERE} is not a W3C annotation: its type is "Person", not "Annotation".',
    ),
    "no type": (
        {"type": None},
        f'{WHERE} is not a W3C annotation: it has no "type" (an annotation has "type": '
        '"Annotation").',
    ),
    "id a number": (
        {"id": 7},
        "Item 1: an id must be a non-empty string IRI, not a number.",
    ),
    "body a number": (
        {"body": 3},
        f"{WHERE} has a body that is a number, neither an object nor an IRI.",
    ),
}


@pytest.mark.parametrize("change, message", REFUSALS.values(), ids=REFUSALS.keys())
def test_each_refusal_names_the_item_and_what_it_lacks(
    library: Library, change: dict[str, Any], message: str
):
    data = [{**item(quote(STATE)), **change}]
    assert refused(library, data) == message


def test_refusals_of_the_whole_input_say_what_it_is(library: Library):
    assert refused(library, b'"annotations"').startswith("The input is a string, not annotations")
    page = {"type": "AnnotationPage", "items": {"id": "x"}}
    assert refused(library, page) == 'An AnnotationPage\'s "items" must be an array, not an object.'
