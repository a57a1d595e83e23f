"""Placing imported annotations: a quote never moves to another article that happens to hold it.

The bundled articles make the case: "Department of Defense" is twice in the blacklist
article (``001_…``) and once in the judge article (``002_…``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.windows import WindowOpener
from xiaomi_reader.cli import main
from xiaomi_reader.core.records import Annotation, AnnotationState
from xiaomi_reader.store.interchange import import_annotations
from xiaomi_reader.store.library import Library

DOD = "Department of Defense"
IDENT = "urn:uuid:5d0a3b1e-7c2f-4e8a-9b61-000000000001"


def article(library: Library, title_start: str) -> Any:
    summary = next(a for a in library.articles() if a.title.startswith(title_start))
    return library.article(summary.id)


def quote_item(
    source: str,
    exact: str = DOD,
    *,
    prefix: str = "",
    suffix: str = "",
    position: tuple[int, int] | None = None,
) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
    ]
    if position is not None:
        selectors.append({"type": "TextPositionSelector", "start": position[0], "end": position[1]})
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": IDENT,
        "type": "Annotation",
        "bodyValue": "Which department?",
        "target": {"type": "SpecificResource", "source": source, "selector": selectors},
    }


def only_annotation(library: Library) -> Annotation:
    (annotation,) = library.annotations()
    return annotation


def assert_orphan_of(library: Library, source: str) -> None:
    """Kept, as an orphan, with the target and quote the file gave it."""
    annotation = only_annotation(library)
    assert annotation.state is AnnotationState.ORPHANED
    assert annotation.article_id is None
    assert annotation.target_source == source
    assert annotation.exact == DOD
    assert annotation.note == "Which department?"


def test_the_bundled_articles_hold_the_quote_twice_and_once(library: Library):
    blacklist = article(library, "This is why")
    judge = article(library, "A judge")
    press = article(library, "Xiaomi will press")
    assert (blacklist.text.count(DOD), judge.text.count(DOD), press.text.count(DOD)) == (2, 1, 0)


def test_ambiguous_in_its_own_article_is_an_orphan_of_it_not_placed_elsewhere(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    blacklist = article(library, "This is why")
    path = tmp_path / "ambiguous.json"
    path.write_text(json.dumps(quote_item(blacklist.iri)), "utf-8")

    status = main(["--db", str(library.path), "import-annotations", str(path)])

    out = capsys.readouterr().out
    assert status == 0
    assert "  anchored by quote: 0" in out and "  orphaned: 1" in out
    assert f"orphan {IDENT}: “{DOD}” (was on {blacklist.iri[:60]}" in out
    assert_orphan_of(library, blacklist.iri)


def test_the_window_shows_such_an_orphan_as_one(
    library: Library, open_window: WindowOpener, tmp_path: Path
):
    blacklist = article(library, "This is why")
    path = tmp_path / "ambiguous.json"
    path.write_text(json.dumps(quote_item(blacklist.iri)), "utf-8")
    window = open_window(library, restore=False)

    shown = window.import_annotations(str(path))

    assert "Orphaned: 1" in shown and "Anchored by quote: 0" in shown
    assert f"“{DOD}”\n     was on urn:sha256:" in shown
    proxy = window.annotations_dock.proxy
    assert proxy.rowCount() == 1
    assert proxy.index(0, 1).data() == DOD
    assert str(proxy.index(0, 3).data()).startswith("(orphaned) ")
    assert_orphan_of(library, blacklist.iri)


def test_its_web_address_as_source_keeps_it_there_too(library: Library, tmp_path: Path):
    blacklist = article(library, "This is why")
    # The same article as published at a web address, with a line added since.
    url = "https://example.org/news/xiaomi-blacklisted"
    copy = tmp_path / "blacklisted.md"
    copy.write_text(
        f'---\ntitle: "Xiaomi blacklisted (updated)"\nurl: {url}\n---\n'
        f"{blacklist.text}\n\nUpdated with a correction.\n",
        "utf-8",
    )
    (outcome,) = library.import_article_files([copy])
    assert outcome.article is not None and outcome.article.url == url

    summary = import_annotations(library, quote_item(url))

    assert (summary.imported, summary.anchored_by_quote, summary.orphaned) == (1, 0, 1)
    assert_orphan_of(library, url)


def test_an_unknown_source_needs_the_quote_once_in_the_whole_library(library: Library):
    summary = import_annotations(library, quote_item("https://example.org/elsewhere"))
    assert (summary.anchored_by_quote, summary.orphaned) == (0, 1)
    assert_orphan_of(library, "https://example.org/elsewhere")


def test_an_article_without_the_quote_does_not_send_it_to_an_ambiguous_one(library: Library):
    press = article(library, "Xiaomi will press")
    summary = import_annotations(library, quote_item(press.iri))
    assert (summary.anchored_by_quote, summary.orphaned) == (0, 1)
    assert_orphan_of(library, press.iri)


def test_context_picks_one_place_in_its_own_article(library: Library):
    blacklist = article(library, "This is why")
    second = blacklist.text.index(DOD, blacklist.text.index(DOD) + 1)
    before, after = blacklist.text[second - 20 : second], blacklist.text[second + 21 : second + 40]
    summary = import_annotations(library, quote_item(blacklist.iri, prefix=before, suffix=after))
    assert (summary.anchored_by_quote, summary.orphaned) == (1, 0)
    annotation = only_annotation(library)
    assert (annotation.article_id, annotation.start) == (blacklist.id, second)
    assert annotation.state is AnnotationState.ANCHORED


def test_a_stale_position_picks_the_nearer_place_in_its_own_article(library: Library):
    blacklist = article(library, "This is why")
    second = blacklist.text.index(DOD, blacklist.text.index(DOD) + 1)
    moved = (second + 3, second + 3 + len(DOD))  # the text moved a little since
    summary = import_annotations(library, quote_item(blacklist.iri, position=moved))
    assert (summary.anchored_by_quote, summary.orphaned) == (1, 0)
    assert (only_annotation(library).article_id, only_annotation(library).start) == (
        blacklist.id,
        second,
    )


def test_a_quote_found_once_in_the_library_moves_to_its_article(library: Library):
    judge = article(library, "A judge")
    blacklist = article(library, "This is why")
    once = "United States Department of Defense"  # only in the judge article
    assert sum(a.text.count(once) for a in (judge, blacklist)) == 1
    summary = import_annotations(library, quote_item(blacklist.iri, once))
    assert (summary.anchored_by_quote, summary.orphaned) == (1, 0)
    annotation = only_annotation(library)
    assert annotation.article_id == judge.id and annotation.target_source == judge.iri
    assert judge.text[annotation.start : annotation.end] == once
