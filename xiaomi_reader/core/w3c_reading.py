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
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from xiaomi_reader.core.records import LinkType
from xiaomi_reader.core.text_targets import (
    AnnotationImportError,
    as_list,
    item_where,
    kind_of,
    missing_passage,
    read_datetime,
    string,
    tag_names,
    text_target,
    types,
)

__all__ = [
    "AnnotationImportError",
    "W3CAnnotation",
    "W3CData",
    "W3CLink",
    "parse_w3c",
    "read_datetime",
    "stable_iri",
]

_URN_UUID = re.compile(r"urn:uuid:([0-9a-fA-F-]{32,36})")


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
    # Items of another tool's file that select no passage of text, left out and counted.
    replies_skipped: int = 0
    page_notes_skipped: int = 0


def parse_w3c(data: object) -> W3CData:
    """Read annotations and links from decoded JSON; raises AnnotationImportError."""
    annotations: list[W3CAnnotation] = []
    links: list[W3CLink] = []
    for index, item in enumerate(_items(data)):
        where = _where(index, item)
        if not isinstance(item, dict) or "Annotation" not in types(item):
            raise AnnotationImportError(
                f"{where} is not a W3C annotation: {_not_annotation(item)}."
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
            f"The input is {kind_of(data)}, not annotations: expected an annotation, an array "
            "of them, an AnnotationPage or an AnnotationCollection."
        )
    kinds = types(data)
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
            raise AnnotationImportError(
                f'An AnnotationPage\'s "items" must be an array, not {kind_of(items)}.'
            )
        yield from items
        seen += 1
        page = page.get("next")
        if seen > 100_000:  # a page chain that loops on itself
            raise AnnotationImportError("The annotation pages never end.")


def _where(index: int, item: object) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return item_where(index, ident if isinstance(ident, str) else None, limit=80)


def _strings(value: object) -> set[str]:
    return {v for v in as_list(value) if isinstance(v, str)}


def _parse_item(item: dict[str, Any], index: int, where: str) -> W3CAnnotation | W3CLink:
    motivations = _strings(item.get("motivation"))
    purpose_default = "tagging" if motivations == {"tagging"} else None
    tags: list[str] = []
    notes: list[str] = []
    kinds: list[str] = []
    others: list[str] = []
    body_value = item.get("bodyValue")
    if body_value is not None:
        notes.append(string(body_value, where, "bodyValue"))
    for body in as_list(item.get("body")):
        if isinstance(body, str):
            others.append(body)
            continue
        if not isinstance(body, dict):
            raise AnnotationImportError(
                f"{where} has a body that is {kind_of(body)}, neither an object nor an IRI."
            )
        purposes = _strings(body.get("purpose"))
        if not purposes and purpose_default:
            purposes = {purpose_default}
        if "value" in body:
            value = string(body["value"], where, "body value")
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
    created = read_datetime(item.get("created"), where, "created")
    modified = read_datetime(item.get("modified"), where, "modified")
    iri = stable_iri(item.get("id"), item, where)

    passage = text_target(item.get("target"), where)
    if passage is None:
        reference = _reference(item.get("target"))
        if "linking" in motivations and reference is not None:
            return _link(iri, reference, others, kinds, note, created, index, where)
        raise AnnotationImportError(
            f"{where} does not point at a passage of text: {missing_passage(item.get('target'))}."
        )
    return W3CAnnotation(
        iri=iri,
        source=passage.source,
        exact=passage.exact,
        prefix=passage.prefix,
        suffix=passage.suffix,
        start=passage.start,
        end=passage.end,
        tags=tag_names(tags),
        note=note,
        author=_author(item.get("creator")),
        created=created,
        modified=modified or created,
        source_date=passage.source_date,
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
        source=stable_iri(reference, None, where),
        target=stable_iri(others[0], None, where),
        type=kind,
        note=note,
        created=created,
        index=index,
        where=where,
    )


def _reference(target: object) -> str | None:
    """The IRI of a target that is a plain reference (an IRI, or an object with no selector)."""
    targets = as_list(target)
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


def _author(creator: object) -> str | None:
    for candidate in as_list(creator):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
        if isinstance(candidate, dict):
            for key in ("name", "nickname", "id"):
                value = candidate.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()
    return None


def stable_iri(value: object, item: dict[str, Any] | None, where: str) -> str:
    """Our ``urn:uuid:`` for an id: kept when it is one, derived stably when it is not.

    A foreign id (``http://…``) maps to the same uuid every time, so re-importing
    a file finds what the first import stored and links between its items resolve.
    """
    if value is None and item is not None:
        # No id at all: derive one from the content, which is just as stable.
        canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'xiaomi-reader:' + canonical)}"
    if not isinstance(value, str) or not value.strip():
        shown = "an empty string" if isinstance(value, str) else kind_of(value)
        raise AnnotationImportError(f"{where}: an id must be a non-empty string IRI, not {shown}.")
    match = _URN_UUID.fullmatch(value.strip())
    if match:
        try:
            return f"urn:uuid:{uuid.UUID(match.group(1))}"
        except ValueError:
            pass
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, value.strip())}"


def _not_annotation(item: object) -> str:
    """Why an item is not an annotation, naming what it has instead."""
    if not isinstance(item, dict):
        return f'it is {kind_of(item)}, not an object with "type": "Annotation"'
    found = ", ".join(f'"{kind}"' for kind in sorted(types(item)))
    if not found:
        return 'it has no "type" (an annotation has "type": "Annotation")'
    return f'its type is {found}, not "Annotation"'
