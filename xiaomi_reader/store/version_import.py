"""W3C annotations made on an earlier version of an article, imported after a newer one.

An annotation's target ``TimeState`` says when the text its selectors describe was fetched
(or imported). When that is before the article's current version, it is placed on the
earlier version its selectors fit first and then carried forward one version at a time,
exactly as updates carry annotations (anchored, changed, needs review or orphaned), with
its place on each version it passes through kept so that taking versions back finds it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from xiaomi_reader.core.anchoring import Anchor, AnchorMethod, Selector, build_selector
from xiaomi_reader.core.placement import ArticleText, anchor_in
from xiaomi_reader.core.reanchoring import Reanchored, State, reanchor
from xiaomi_reader.core.records import AnnotationState
from xiaomi_reader.core.w3c_reading import W3CAnnotation
from xiaomi_reader.store import queries

__all__ = ["Earlier", "on_earlier_versions"]

_STATES = {
    State.ANCHORED: AnnotationState.ANCHORED,
    State.CHANGED: AnnotationState.CHANGED,
    State.NEEDS_REVIEW: AnnotationState.NEEDS_REVIEW,
    State.ORPHAN: AnnotationState.ORPHANED,
}

# An annotation's row (but for the fields every imported row has), and its places on the
# versions before the one it now sits on (``annotation_places`` rows but for its id).
Earlier = tuple[dict[str, Any], list[dict[str, Any]]]


@dataclass
class _Carried:
    """One annotation on its way forward: where it is on the version being carried."""

    iri: str
    selector: Selector
    state: str = AnnotationState.ANCHORED.value
    previous_exact: str | None = None
    places: list[dict[str, Any]] = field(default_factory=list)


def on_earlier_versions(
    conn: Connection,
    items: Sequence[tuple[W3CAnnotation, ArticleText]],
    versions: Mapping[int, int],
) -> dict[str, Earlier]:
    """The items (each with the article it names) made on an earlier version of it, by iri,
    carried into the current version. Items made on the current version (or that say
    nothing of when) and those that fit no earlier text are left out."""
    by_article: dict[int, tuple[ArticleText, list[W3CAnnotation]]] = {}
    for item, article in items:
        if item.source_date is not None and versions[article.id] >= 2:
            by_article.setdefault(article.id, (article, []))[1].append(item)
    found: dict[str, Earlier] = {}
    for article_id, (article, its_items) in by_article.items():
        found.update(_carry(conn, article, versions[article_id], its_items))
    return found


def _carry(
    conn: Connection, article: ArticleText, current: int, items: list[W3CAnnotation]
) -> dict[str, Earlier]:
    row = conn.execute(queries.ARTICLE_VERSION_ROW, {"id": article.id}).one()
    now = row.fetched_at or row.imported_at
    made_earlier = [i for i in items if i.source_date is not None and now > i.source_date]
    if not made_earlier:
        return {}
    older = list(conn.execute(queries.OLD_VERSION_TEXTS, {"article_id": article.id}))
    texts = {number: text for number, text, _fetched, _imported in older}
    texts[current] = article.text
    on_version: dict[int, list[_Carried]] = {}
    for item in made_earlier:
        found = _version_of(item, older)
        if found is not None:
            number, text, anchor = found
            selector = build_selector(text, anchor.start, anchor.end)
            on_version.setdefault(number, []).append(_Carried(item.iri, selector))
    done: dict[str, Earlier] = {}
    for number in range(min(on_version, default=current), current):
        carried = on_version.pop(number, [])
        if not carried:
            continue
        old_text, new_text = texts[number], texts[number + 1]
        # One diff of the two versions for all the annotations on the older one.
        results = reanchor(old_text, new_text, [c.selector for c in carried])
        for c, result in zip(carried, results, strict=True):
            c.places.append(
                {**_place(c.selector), "version": number, "state": c.state,
                 "previous_exact": c.previous_exact}
            )  # fmt: skip
            if result.state in (State.ANCHORED, State.CHANGED):
                assert result.start is not None and result.end is not None
                changed = result.state is State.CHANGED
                c.previous_exact = c.selector.exact if changed else None
                c.selector = build_selector(new_text, result.start, result.end)
                c.state = _STATES[result.state].value
                on_version.setdefault(number + 1, []).append(c)
            else:  # it stays on this version, as an update leaves it
                done[c.iri] = _row(article, c, number, _STATES[result.state].value, result)
    for c in on_version.pop(current, []):
        done[c.iri] = _row(article, c, current, c.state, None)
    return done


def _row(
    article: ArticleText, c: _Carried, version: int, state: str, result: Reanchored | None
) -> Earlier:
    candidate = result.candidate if result is not None else None
    row = {
        "article_id": article.id,
        "target_source": article.iri,
        "state": state,
        "previous_exact": c.previous_exact,
        "candidate_start": candidate.start if candidate is not None else None,
        "candidate_end": candidate.end if candidate is not None else None,
        **_place(c.selector),
        "version": version,
    }
    return row, c.places


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


def _place(selector: Selector) -> dict[str, Any]:
    return {
        "start": selector.start,
        "end": selector.end,
        "exact": selector.exact,
        "prefix": selector.prefix,
        "suffix": selector.suffix,
    }
