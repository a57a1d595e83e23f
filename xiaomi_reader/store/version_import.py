"""A W3C annotation made on an earlier version of an article, imported after a newer one.

Its target's ``TimeState`` says when the text its selectors describe was fetched (or
imported). When that is before the article's current version, it is placed on the
earlier version its selectors fit first and then carried into the current one exactly as an update
carries annotations (anchored, changed, needs review or orphaned).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from xiaomi_reader.core.anchoring import Anchor, AnchorMethod, build_selector
from xiaomi_reader.core.placement import ArticleText, anchor_in
from xiaomi_reader.core.reanchoring import State, reanchor
from xiaomi_reader.core.records import AnnotationState
from xiaomi_reader.core.w3c_reading import W3CAnnotation
from xiaomi_reader.store import queries

__all__ = ["on_earlier_version"]

_STATES = {
    State.ANCHORED: AnnotationState.ANCHORED,
    State.CHANGED: AnnotationState.CHANGED,
    State.NEEDS_REVIEW: AnnotationState.NEEDS_REVIEW,
    State.ORPHAN: AnnotationState.ORPHANED,
}


def on_earlier_version(
    conn: Connection, item: W3CAnnotation, article: ArticleText, current: int
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The row of ``item`` carried from the earlier version its TimeState names, and its
    place on that version (an ``annotation_places`` row but for the annotation's id); None
    when it names the current version (or none) or does not fit that version's text."""
    if item.source_date is None or current < 2:
        return None
    row = conn.execute(queries.ARTICLE_VERSION_ROW, {"id": article.id}).one()
    if (row.fetched_at or row.imported_at) <= item.source_date:
        return None  # made on the current version
    older = list(conn.execute(queries.OLD_VERSION_TEXTS, {"article_id": article.id}))
    found = _version_of(item, older)
    if found is None:
        return None
    number, old_text, anchor = found
    selector = build_selector(old_text, anchor.start, anchor.end)
    [result] = reanchor(old_text, article.text, [selector])
    # It was anchored there: taking the later versions back leaves it anchored on it.
    place = {**_place(selector), "version": number, "state": "anchored", "previous_exact": None}
    values: dict[str, Any] = {
        "article_id": article.id,
        "target_source": article.iri,
        "state": _STATES[result.state].value,
        "previous_exact": None,
        "candidate_start": None,
        "candidate_end": None,
    }
    if result.state in (State.ANCHORED, State.CHANGED):
        assert result.start is not None and result.end is not None
        selector_now = build_selector(article.text, result.start, result.end)
        if result.state is State.CHANGED:
            values["previous_exact"] = selector.exact
        return {**values, **_place(selector_now), "version": current}, place
    if result.candidate is not None:
        values["candidate_start"] = result.candidate.start
        values["candidate_end"] = result.candidate.end
    return {**values, **_place(selector), "version": number}, place


def _version_of(item: W3CAnnotation, older: list[Any]) -> tuple[int, str, Anchor] | None:
    """The earlier version the item was made on: the newest whose text holds its quote at
    its position with its context (dates differ between libraries: the text decides);
    else the newest from before its date where its quote and context can be found."""
    assert item.source_date is not None
    start, end = item.start, item.end
    for number, text, _fetched, _imported in reversed(older):
        if (
            start is not None
            and end is not None
            and text[start:end] == item.exact
            and text[:start].endswith(item.prefix)
            and text[end:].startswith(item.suffix)
        ):
            return number, text, Anchor(start, end, AnchorMethod.POSITION)
    for number, text, fetched, imported in reversed(older):
        if (fetched or imported) <= item.source_date:
            anchor = anchor_in(text, item, use_position=True)
            return (number, text, anchor) if anchor is not None else None
    return None


def _place(selector: Any) -> dict[str, Any]:
    return {
        "start": selector.start,
        "end": selector.end,
        "exact": selector.exact,
        "prefix": selector.prefix,
        "suffix": selector.suffix,
    }
