"""The passage an annotation's target selects, as W3C and Hypothesis files both write it.

A target is ``{"source": IRI, "selector": [...]}``; the passage is its
``TextQuoteSelector`` (``exact``, ``prefix``, ``suffix``) and its
``TextPositionSelector`` (``start``, ``end``), at the top or inside a
``refinedBy`` (a FragmentSelector or an XPath RangeSelector refined by a quote).

Of each kind the most refined selector is taken (an outer TextPositionSelector
refined by another is only the frame of the inner one). A position inside a
``refinedBy`` counts from what the outer selector selected,
not from the start of the text: it is added to an outer TextPositionSelector's
start, and otherwise left out (the quote places the passage), because taking it
as an offset into the whole article would put the annotation on other words.

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "AnnotationImportError",
    "TextTarget",
    "as_list",
    "first_few",
    "item_where",
    "kind_of",
    "lower_first",
    "missing_passage",
    "string",
    "tag_names",
    "text_target",
    "types",
]

# Deeper refinements than this are not text selectors anyone writes; stop looking.
_MAX_REFINEMENTS = 32


class AnnotationImportError(ValueError):
    """The input is not annotations we can import; the message says what is wrong."""


@dataclass(frozen=True)
class TextTarget:
    source: str
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    # The time of the text version the selectors were made on (a TimeState's sourceDate).
    source_date: datetime | None = None


@dataclass(frozen=True)
class _Found:
    selector: dict[str, Any]
    # The selectors it refines, outermost first (empty at the top level).
    outer: tuple[dict[str, Any], ...]


def text_target(target: object, where: str) -> TextTarget | None:
    """Source and passage of the first target that selects text; None when none does."""
    for candidate in as_list(target):
        if not isinstance(candidate, dict):
            continue
        found = _selectors(candidate)
        quote = _most_refined(found, "TextQuoteSelector")
        position = _most_refined(found, "TextPositionSelector")
        if quote is None and position is None:
            continue
        source = candidate.get("source")
        if isinstance(source, dict):
            source = source.get("id")
        if not isinstance(source, str) or not source.strip():
            raise AnnotationImportError(f"{where} has a target without a source IRI.")
        exact = prefix = suffix = ""
        if quote is not None:
            selector = quote.selector
            exact = string(selector.get("exact"), where, "TextQuoteSelector exact")
            prefix = string(selector.get("prefix", ""), where, "TextQuoteSelector prefix")
            suffix = string(selector.get("suffix", ""), where, "TextQuoteSelector suffix")
        start, end = _position(position, where) if position is not None else (None, None)
        if position is not None and start is None and not exact:
            outer = ", ".join(sorted(types(position.outer[-1]))) or "a selector without a type"
            raise AnnotationImportError(
                f"{where} has no TextQuoteSelector, and its TextPositionSelector refines a "
                f"{outer}, so it counts from that selection, not from the start of the text; "
                "add the quote (a TextQuoteSelector) to place it."
            )
        if not exact and start is None:
            raise AnnotationImportError(f"{where} has an empty TextQuoteSelector exact.")
        state = next((s for s in as_list(candidate.get("state")) if isinstance(s, dict)), {})
        when = state.get("sourceDate") if "TimeState" in types(state) else None
        source_date = read_datetime(when, where, "sourceDate")
        return TextTarget(source, exact, prefix, suffix, start, end, source_date)
    return None


def missing_passage(target: object) -> str:
    """What a target lacks to select a passage, for a refusal: "no target", "no selector"…"""
    if target is None or target == []:
        return "no target"
    candidates = [c for c in as_list(target) if isinstance(c, dict)]
    if not candidates:
        odd = as_list(target)[0]
        if isinstance(odd, str):
            return "its target is a whole document (an IRI), with no selector"
        return f"its target is {kind_of(odd)}, not an object with a source and selectors"
    kinds = sorted({kind for c in candidates for f in _selectors(c) for kind in types(f.selector)})
    if not any(as_list(c.get("selector")) for c in candidates):
        return "its target has no selector (it points at a whole document, not a passage)"
    has = ", ".join(kinds) if kinds else "selectors without a type"
    return f"no TextQuoteSelector and no TextPositionSelector (it has {has})"


def _selectors(candidate: dict[str, Any]) -> list[_Found]:
    """The target's selectors, then the ones they are refined by, level after level."""
    level = [_Found(s, ()) for s in as_list(candidate.get("selector")) if isinstance(s, dict)]
    found: list[_Found] = []
    for _ in range(_MAX_REFINEMENTS):
        if not level:
            break
        found += level
        level = [
            _Found(inner, (*f.outer, f.selector))
            for f in level
            for inner in as_list(f.selector.get("refinedBy"))
            if isinstance(inner, dict)
        ]
    return found


def _most_refined(found: list[_Found], kind: str) -> _Found | None:
    """The first selector of ``kind`` that no other selector of ``kind`` refines further."""
    of_kind = [f for f in found if kind in types(f.selector)]
    for candidate in of_kind:
        if not any(candidate.selector is o for f in of_kind for o in f.outer):
            return candidate
    return None


def _position(found: _Found, where: str) -> tuple[int | None, int | None]:
    start = offset(found.selector.get("start"), where, "start")
    end = offset(found.selector.get("end"), where, "end")
    if end < start:
        raise AnnotationImportError(
            f"{where} has a TextPositionSelector that ends ({end}) before it starts ({start})."
        )
    # Refined offsets count from the outer selection: add the starts of outer positions.
    for outer in reversed(found.outer):
        if "TextPositionSelector" not in types(outer):
            return (None, None)
        shift = offset(outer.get("start"), where, "start")
        start, end = start + shift, end + shift
    return (start, end)


def types(value: dict[str, Any]) -> set[str]:
    kinds = value.get("type", value.get("@type"))
    if isinstance(kinds, str):
        return {kinds}
    if isinstance(kinds, list):
        return {k for k in kinds if isinstance(k, str)}
    return set()


def as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def string(value: object, where: str, what: str) -> str:
    if not isinstance(value, str):
        raise AnnotationImportError(f"{where}: {what} must be a string, not {kind_of(value)}.")
    return value


def offset(value: object, where: str, what: str) -> int:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        shown = "missing" if value is None else repr(value)
        raise AnnotationImportError(
            f"{where}: TextPositionSelector {what} must be a non-negative integer, not {shown}."
        )
    return value


def kind_of(value: object) -> str:
    """How a JSON value is called in a message: "an object", "a number"…"""
    names = {dict: "an object", list: "an array", bool: "true/false", type(None): "null"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return names.get(type(value), f"a {type(value).__name__}")


def read_datetime(value: object, where: str, what: str) -> datetime | None:
    if value is None:
        return None
    text = string(value, where, what)
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise AnnotationImportError(f"{where}: {what} is not a date and time: {text!r}.") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def item_where(index: int, ident: str | None, *, limit: int, label: str = "") -> str:
    """How a message names item ``index``: "Item 3", or "Item 3 (<label><id>)" with its id."""
    if ident is None:
        return f"Item {index + 1}"
    # An id is the file's text: keep the message one short line whatever it holds.
    shown = " ".join(ident.split())
    shown = shown if len(shown) <= limit else shown[: limit - 1] + "…"
    return f"Item {index + 1} ({label}{shown})"


def tag_names(names: Iterable[str]) -> tuple[str, ...]:
    """Tag names as the library keeps them: spaces collapsed, blanks and repeats left out."""
    return tuple(dict.fromkeys(" ".join(name.split()) for name in names if name.strip()))


def first_few(problems: list[str], shown: int) -> str:
    """The first ``shown`` problems as one sentence's parts, then how many more there are."""
    more = len(problems) - shown
    parts = [problems[0], *map(lower_first, problems[1:shown])]
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
