"""Reading W3C Web Annotations (JSON-LD) from any tool: plain Python, no Qt, no SQL.

Accepts one annotation, an array, an ``AnnotationPage`` or an
``AnnotationCollection`` with embedded pages (nothing is fetched); anything
it cannot understand raises :class:`AnnotationImportError` naming the item.
The mapping is the one :mod:`xiaomi_reader.export.w3c` writes (see the README).
It lives in ``core`` so that the store can import files without depending on
the exporters.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from xiaomi_reader.core.records import LinkType

__all__ = [
    "AnnotationImportError",
    "W3CAnnotation",
    "W3CData",
    "W3CLink",
    "load_w3c",
    "parse_w3c",
]

_URN_UUID = re.compile(r"urn:uuid:([0-9a-fA-F-]{32,36})")


class AnnotationImportError(ValueError):
    """The input is not W3C annotations we can import; the message says what is wrong."""


@dataclass(frozen=True)
class W3CAnnotation:
    """An annotation on a passage of text, as read from a file."""

    iri: str
    source: str
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    tags: tuple[str, ...]
    note: str
    author: str | None
    created: datetime | None
    modified: datetime | None
    # The target's TimeState: when the text its selectors describe was fetched or imported.
    source_date: datetime | None = None
    # Where in the file it came from (0-based, and "Item 1 (its id)" for messages);
    # not part of its value, so two identical items compare equal.
    index: int = field(default=-1, compare=False, repr=False)
    where: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class W3CLink:
    """A link "source <type> target" between two annotations, by their IRIs."""

    iri: str
    source: str
    target: str
    type: LinkType
    note: str
    created: datetime | None
    index: int = field(default=-1, compare=False, repr=False)
    where: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class W3CData:
    annotations: tuple[W3CAnnotation, ...]
    links: tuple[W3CLink, ...]
    # Items left out because an earlier item of the file has the same id and content.
    identical_duplicates: int = 0


def load_w3c(raw: bytes | str, name: str = "the input") -> W3CData:
    """Decode JSON text and read the annotations in it."""
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise AnnotationImportError(f"{name} is not UTF-8 text: {exc.reason}.") from exc
    except json.JSONDecodeError as exc:
        raise AnnotationImportError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    return parse_w3c(data)


def parse_w3c(data: object) -> W3CData:
    """Read annotations and links from decoded JSON; raises AnnotationImportError."""
    annotations: list[W3CAnnotation] = []
    links: list[W3CLink] = []
    for index, item in enumerate(_items(data)):
        where = _where(index, item)
        if not isinstance(item, dict) or "Annotation" not in _types(item):
            raise AnnotationImportError(
                f'{where} is not a W3C annotation (its type must be "Annotation").'
            )
        parsed = _parse_item(item, index, where)
        if isinstance(parsed, W3CLink):
            links.append(parsed)
        else:
            annotations.append(parsed)
    return W3CData(tuple(annotations), tuple(links))


def _items(data: object) -> Iterator[object]:
    if isinstance(data, list):
        yield from data
        return
    if not isinstance(data, dict):
        raise AnnotationImportError(
            "The input holds no annotations: expected an annotation, an array of them, "
            "an AnnotationPage or an AnnotationCollection."
        )
    kinds = _types(data)
    if "Annotation" in kinds:
        yield data
    elif "AnnotationPage" in kinds:
        yield from _page_items(data)
    elif "AnnotationCollection" in kinds:
        first = data.get("first")
        if first is None:
            return  # an empty collection
        if not isinstance(first, dict):
            raise AnnotationImportError(
                'The collection\'s pages are not in the file ("first" is a link); '
                "nothing is fetched from the network, so save the pages into one file."
            )
        yield from _page_items(first)
    else:
        found = ", ".join(sorted(kinds)) or "no type"
        raise AnnotationImportError(
            f"The input is not W3C annotations ({found}): expected an Annotation, an array, "
            "an AnnotationPage or an AnnotationCollection."
        )


def _page_items(first: dict[str, Any]) -> Iterator[object]:
    seen = 0
    page: object = first
    while isinstance(page, dict):
        items = page.get("items", [])
        if not isinstance(items, list):
            raise AnnotationImportError('An AnnotationPage\'s "items" must be an array.')
        yield from items
        seen += 1
        page = page.get("next")
        if seen > 100_000:  # a page chain that loops on itself
            raise AnnotationImportError("The annotation pages never end.")


def _types(value: dict[str, Any]) -> set[str]:
    kinds = value.get("type", value.get("@type"))
    if isinstance(kinds, str):
        return {kinds}
    if isinstance(kinds, list):
        return {k for k in kinds if isinstance(k, str)}
    return set()


def _where(index: int, item: object) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    if not isinstance(ident, str):
        return f"Item {index + 1}"
    # An id is the file's text: keep the message one short line whatever it holds.
    shown = " ".join(ident.split())
    shown = shown if len(shown) <= 80 else shown[:79] + "…"
    return f"Item {index + 1} ({shown})"


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _strings(value: object) -> set[str]:
    return {v for v in _as_list(value) if isinstance(v, str)}


def _parse_item(item: dict[str, Any], index: int, where: str) -> W3CAnnotation | W3CLink:
    motivations = _strings(item.get("motivation"))
    purpose_default = "tagging" if motivations == {"tagging"} else None
    tags: list[str] = []
    notes: list[str] = []
    kinds: list[str] = []
    others: list[str] = []
    body_value = item.get("bodyValue")
    if body_value is not None:
        notes.append(_string(body_value, where, "bodyValue"))
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            others.append(body)
            continue
        if not isinstance(body, dict):
            raise AnnotationImportError(f"{where} has a body that is neither an object nor an IRI.")
        purposes = _strings(body.get("purpose"))
        if not purposes and purpose_default:
            purposes = {purpose_default}
        if "value" in body:
            value = _string(body["value"], where, "body value")
            if "tagging" in purposes:
                tags.append(value)
            elif "classifying" in purposes:
                kinds.append(value)
            else:
                notes.append(value)
        elif isinstance(body.get("source"), str):
            others.append(body["source"])
        elif isinstance(body.get("id"), str):
            others.append(body["id"])
    note = "\n\n".join(n for n in notes if n)
    created = _datetime(item.get("created"), where, "created")
    modified = _datetime(item.get("modified"), where, "modified")
    iri = _iri(item.get("id"), item, where)

    text_target = _text_target(item.get("target"), where)
    if text_target is None:
        reference = _reference(item.get("target"))
        if "linking" in motivations and reference is not None:
            return _link(iri, reference, others, kinds, note, created, index, where)
        raise AnnotationImportError(
            f"{where} does not point at a passage of text: its target needs a source and a "
            "TextQuoteSelector or TextPositionSelector."
        )
    source, exact, prefix, suffix, start, end, source_date = text_target
    return W3CAnnotation(
        iri=iri,
        source=source,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        tags=tuple(dict.fromkeys(" ".join(t.split()) for t in tags if t.strip())),
        note=note,
        author=_author(item.get("creator")),
        created=created,
        modified=modified or created,
        source_date=source_date,
        index=index,
        where=where,
    )


def _link(
    iri: str,
    reference: str,
    others: list[str],
    kinds: list[str],
    note: str,
    created: datetime | None,
    index: int,
    where: str,
) -> W3CLink:
    if not others:
        raise AnnotationImportError(
            f"{where} is a linking annotation that names no second annotation "
            '(a SpecificResource body with purpose "linking").'
        )
    known = ", ".join(kind.value for kind in LinkType)
    if not kinds:
        raise AnnotationImportError(
            f'{where} is a link without a type (a TextualBody with purpose "classifying": {known}).'
        )
    label = " ".join(kinds[0].replace("_", " ").replace("-", " ").split()).casefold()
    try:
        kind = LinkType(label)
    except ValueError:
        raise AnnotationImportError(
            f"{where} has the unknown link type {kinds[0]!r}; known types: {known}."
        ) from None
    return W3CLink(
        iri=iri,
        source=_iri(reference, None, where),
        target=_iri(others[0], None, where),
        type=kind,
        note=note,
        created=created,
        index=index,
        where=where,
    )


_TextTarget = tuple[str, str, str, str, int | None, int | None, datetime | None]


def _text_target(target: object, where: str) -> _TextTarget | None:
    """Source and selectors of the first target that selects text, or None."""
    for candidate in _as_list(target):
        if not isinstance(candidate, dict):
            continue
        source = candidate.get("source")
        if isinstance(source, dict):
            source = source.get("id")
        selectors = [s for s in _as_list(candidate.get("selector")) if isinstance(s, dict)]
        quote = next((s for s in selectors if "TextQuoteSelector" in _types(s)), None)
        position = next((s for s in selectors if "TextPositionSelector" in _types(s)), None)
        if quote is None and position is None:
            continue
        if not isinstance(source, str) or not source:
            raise AnnotationImportError(f"{where} has a target without a source IRI.")
        exact = prefix = suffix = ""
        if quote is not None:
            exact = _string(quote.get("exact"), where, "TextQuoteSelector exact")
            prefix = _string(quote.get("prefix", ""), where, "TextQuoteSelector prefix")
            suffix = _string(quote.get("suffix", ""), where, "TextQuoteSelector suffix")
        start = end = None
        if position is not None:
            start = _offset(position.get("start"), where, "start")
            end = _offset(position.get("end"), where, "end")
            if end < start:
                raise AnnotationImportError(
                    f"{where} has a TextPositionSelector that ends ({end}) before it starts "
                    f"({start})."
                )
        if not exact and start is None:
            raise AnnotationImportError(f"{where} has an empty TextQuoteSelector exact.")
        state = next((s for s in _as_list(candidate.get("state")) if isinstance(s, dict)), {})
        when = state.get("sourceDate") if "TimeState" in _types(state) else None
        return (source, exact, prefix, suffix, start, end, _datetime(when, where, "sourceDate"))
    return None


def _reference(target: object) -> str | None:
    """The IRI of a target that is a plain reference (an IRI, or an object with no selector)."""
    targets = _as_list(target)
    if len(targets) != 1:
        return None
    only = targets[0]
    if isinstance(only, str):
        return only
    if isinstance(only, dict) and "selector" not in only:
        for key in ("source", "id"):
            if isinstance(only.get(key), str):
                return str(only[key])
    return None


def _string(value: object, where: str, what: str) -> str:
    if not isinstance(value, str):
        raise AnnotationImportError(f"{where}: {what} must be a string, not {_kind(value)}.")
    return value


def _offset(value: object, where: str, what: str) -> int:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AnnotationImportError(
            f"{where}: TextPositionSelector {what} must be a non-negative integer, not {value!r}."
        )
    return value


def _datetime(value: object, where: str, what: str) -> datetime | None:
    if value is None:
        return None
    text = _string(value, where, what)
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise AnnotationImportError(f"{where}: {what} is not a date and time: {text!r}.") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _author(creator: object) -> str | None:
    for candidate in _as_list(creator):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
        if isinstance(candidate, dict):
            for key in ("name", "nickname", "id"):
                value = candidate.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()
    return None


def _iri(value: object, item: dict[str, Any] | None, where: str) -> str:
    """Our ``urn:uuid:`` for an id: kept when it is one, derived stably when it is not.

    A foreign id (``http://…``) maps to the same uuid every time, so re-importing
    a file finds what the first import stored and links between its items resolve.
    """
    if value is None and item is not None:
        # No id at all: derive one from the content, which is just as stable.
        canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'xiaomi-reader:' + canonical)}"
    if not isinstance(value, str) or not value.strip():
        raise AnnotationImportError(f"{where}: an id must be a non-empty string IRI.")
    match = _URN_UUID.fullmatch(value.strip())
    if match:
        try:
            return f"urn:uuid:{uuid.UUID(match.group(1))}"
        except ValueError:
            pass
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, value.strip())}"


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", bool: "true/false", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")
