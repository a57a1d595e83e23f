"""Property tests for importing W3C and Hypothesis annotations: only the documented error,
never a wrong range."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.helpers import DATA
from xiaomi_reader.core.records import AnnotationState
from xiaomi_reader.export import export_library
from xiaomi_reader.store.interchange import (
    AnnotationImportError,
    ImportSummary,
    import_annotations,
)
from xiaomi_reader.store.library import Library

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

W3C_KEYS = [
    "@context", "id", "type", "motivation", "target", "source", "selector", "exact", "prefix",
    "suffix", "start", "end", "body", "bodyValue", "value", "purpose", "items", "first", "next",
    "created", "modified", "creator", "name", "rows", "annotations", "uri", "text", "tags",
    "user", "user_info", "display_name", "references", "updated", "refinedBy",
]  # fmt: skip
W3C_WORDS = [
    "Annotation", "AnnotationPage", "AnnotationCollection", "SpecificResource", "TextualBody",
    "TextQuoteSelector", "TextPositionSelector", "tagging", "commenting", "linking",
    "classifying", "contradicts", "supports", "2021-03-12T10:00:00Z",
]  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, list[Any]]]:
    """A library with a few real annotations and a link, and their W3C export."""
    folder = tmp_path_factory.mktemp("properties")
    library = Library.open(folder / "library.sqlite3")
    try:
        first, second = library.articles()[:2]
        a = library.add_annotation(first.id, 10, 40, tag_ids=[1], note="checked")
        b = library.add_annotation(second.id, 100, 160)
        library.add_link(a.id, b.id, "contradicts", note="see both")
        exported = json.loads(export_library(library, "json", folder / "export.json").read_bytes())
        yield library, exported["first"]["items"]
    finally:
        library.close()


def texts_and_iris(library: Library) -> tuple[list[str], list[str]]:
    articles = [library.article(s.id) for s in library.articles()]
    return [a.text for a in articles], [a.iri for a in articles]


def scalars(words: list[str]) -> st.SearchStrategy[Any]:
    return (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats()
        | st.text(max_size=30)
        | st.text(st.characters(exclude_categories=()), max_size=5)
        | st.sampled_from(["\ud800", "\udc00 tail", "\x00"])  # lone surrogates, NUL
        | st.sampled_from(words)
    )


def json_values(words: list[str]) -> st.SearchStrategy[Any]:
    keys = st.sampled_from(W3C_KEYS) | st.text(max_size=8)
    return st.recursive(
        scalars(words),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6)
        ),
        max_leaves=25,
    )


def check(library: Library, value: Any, as_bytes: bool) -> str:
    """Import ``value``: it either works, leaving exact anchors, or fails leaving nothing."""
    before = library.annotations()
    links, tags, revision = library.links(), library.tags(), library.revision()
    # Decoded JSON is passed as is only when it is an object or array (a str would be a path).
    decoded = isinstance(value, dict | list) and not as_bytes
    payload = value if decoded else json.dumps(value).encode("ascii")
    try:
        summary = import_annotations(library, payload)
    except AnnotationImportError:
        assert library.annotations() == before
        assert (library.links(), library.tags(), library.revision()) == (links, tags, revision)
        return "refused"
    assert isinstance(summary, ImportSummary)
    known = {a.id for a in before}
    new = [a for a in library.annotations() if a.id not in known]
    assert len(new) == summary.imported
    texts = {s.id: library.article(s.id).text for s in library.articles()}
    for annotation in new:
        if annotation.state is AnnotationState.ANCHORED:
            assert annotation.article_id is not None
            assert annotation.start is not None and annotation.end is not None
            text = texts[annotation.article_id]
            assert text[annotation.start : annotation.end] == annotation.exact
            assert annotation.start < annotation.end
        else:
            assert annotation.article_id is None
    return f"imported {sorted({a.state.value for a in new})}"


@SETTINGS
@given(data=st.data())
def test_any_json_imports_or_fails_cleanly(world: tuple[Library, list[Any]], data: st.DataObject):
    library, _items = world
    texts, iris = texts_and_iris(library)
    words = [*W3C_WORDS, *iris, texts[0][10:40], texts[1][100:160]]
    value = data.draw(json_values(words), label="value")
    event(check(library, value, as_bytes=data.draw(st.booleans(), label="as bytes")))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _set(root: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    parent = root
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return root


def _delete(root: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return root
    parent = root
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return root


def _get(root: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        root = root[step]
    return root


def mutated(data: st.DataObject, value: Any, words: list[str]) -> Any:
    """``value`` with one to four of its parts replaced, deleted, shifted or edited."""
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        path = data.draw(st.sampled_from(list(_paths(value))), label="path")
        old = _get(value, path)
        choices = ["replace", "delete"]
        if isinstance(old, int) and not isinstance(old, bool):
            choices.append("shift")
        if isinstance(old, str):
            choices.append("edit")
        action = data.draw(st.sampled_from(choices), label="action")
        if action == "replace":
            value = _set(value, path, data.draw(json_values(words), label="new"))
        elif action == "delete":
            value = _delete(value, path)
        elif action == "shift":
            by = st.integers(-50, 5000) | st.sampled_from([2**63, 10**30])
            value = _set(value, path, old + data.draw(by, label="by"))
        else:
            cut = data.draw(st.integers(0, len(old)), label="cut")
            odd = st.sampled_from(["\ud800", "\udfff x", "\x00", "\r\n", "\u202e"])
            extra = data.draw(st.text(max_size=5) | odd | st.sampled_from(words), label="extra")
            value = _set(value, path, old[:cut] + extra + old[cut:])
    return value


@SETTINGS
@given(data=st.data())
def test_mutated_valid_annotations_import_or_fail_cleanly(
    world: tuple[Library, list[Any]], data: st.DataObject
):
    library, items = world
    texts, iris = texts_and_iris(library)
    words = [*W3C_WORDS, *iris, texts[0][10:40], texts[1][100:160], texts[2][:25]]
    value = copy.deepcopy(items)
    # New ids mostly (so that something imports), the library's own ones sometimes.
    for item in value:
        if data.draw(st.booleans(), label="fresh id"):
            item["id"] = f"urn:uuid:{data.draw(st.uuids(), label='uuid')}"
    value = mutated(data, value, words)
    event(check(library, value, as_bytes=data.draw(st.booleans(), label="as bytes")))


HYPOTHESIS_ROWS = json.loads((DATA / "hypothesis" / "search-result.json").read_text("utf-8"))


# Each example reads a whole search result: fewer of them (1,500 found nothing when written).
@settings(SETTINGS, max_examples=40)
@given(data=st.data())
def test_mutated_hypothesis_search_results_import_or_fail_cleanly(
    world: tuple[Library, list[Any]], data: st.DataObject
):
    library, _items = world
    words = ["TextQuoteSelector", "TextPositionSelector", "RangeSelector", "acct:a@hypothes.is"]
    value = copy.deepcopy(HYPOTHESIS_ROWS)
    for row in value["rows"]:  # new ids, so that something imports
        row["id"] = str(data.draw(st.uuids(), label="uuid"))
    value = mutated(data, value, words)
    event(check(library, value, as_bytes=data.draw(st.booleans(), label="as bytes")))


def test_the_properties_can_see_a_wrong_range(library: Library, monkeypatch: pytest.MonkeyPatch):
    """The check above notices an anchor whose text is not the quote."""
    from xiaomi_reader.store import interchange

    real = interchange.build_selector

    def off_by_one(text: str, start: int, end: int) -> Any:
        selector = real(text, start, end)
        return type(selector)(start + 1, end + 1, selector.exact, "", "")

    monkeypatch.setattr(interchange, "build_selector", off_by_one)
    article = library.article(library.articles()[0].id)
    item = {
        "id": "urn:uuid:0d6c66a8-97a4-4b8e-bb2d-5a1d3c2f0001",
        "type": "Annotation",
        "target": {
            "source": article.iri,
            "selector": {"type": "TextQuoteSelector", "exact": article.text[50:80]},
        },
    }
    with pytest.raises(AssertionError):
        check(library, [item], as_bytes=False)
