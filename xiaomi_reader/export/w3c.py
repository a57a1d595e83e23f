"""W3C Web Annotation Data Model (JSON-LD): writing an AnnotationCollection.

The mapping (also in the README):

* an annotation is an ``Annotation`` whose ``id`` is its ``urn:uuid:``; each
  tag is a ``TextualBody`` with purpose ``tagging``, the note a ``TextualBody``
  with purpose ``commenting``; the target is a ``SpecificResource`` whose
  ``source`` is the article IRI and whose ``selector`` holds a
  ``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector``
  (start, end in code points), and a ``TimeState`` whose ``sourceDate`` is when the
  article version the selectors describe was fetched (or imported), so that a reader
  of the file knows which text they fit, and an import after a newer version
  re-anchors them;
* a link "A <type> B" is an ``Annotation`` with motivation ``linking``,
  ``target`` = A's id and ``body`` = [``SpecificResource`` with ``source`` =
  B's id and purpose ``linking``, ``TextualBody`` with purpose
  ``classifying`` and the link type as value, and the link note as an
  optional ``commenting`` body].

Reading such files back is :mod:`xiaomi_reader.core.w3c_reading`. No Qt, no SQL.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from xiaomi_reader.core.records import Annotation, Link, Tag

__all__ = [
    "ANNO_CONTEXT",
    "annotation_to_w3c",
    "link_to_w3c",
    "render_collection",
    "w3c_datetime",
]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLLECTION_LABEL = "xiaomi-reader annotations"


def w3c_datetime(value: datetime) -> str:
    """An xsd:dateTime in UTC with a ``Z``, as the model recommends."""
    if value.tzinfo is not UTC:  # the library hands out UTC already: skip the conversion
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat()[:-6] + "Z"


def _motivation(annotation: Annotation, tagged: bool) -> str:
    if annotation.note:
        return "commenting"
    return "tagging" if tagged else "highlighting"


def _has_position(annotation: Annotation) -> bool:
    start, end = annotation.start, annotation.end
    return start is not None and end is not None and 0 <= start <= end


def annotation_to_w3c(
    annotation: Annotation,
    tag_order: Mapping[int, tuple[int, str]],
    version_dates: Mapping[tuple[int, int], datetime] | None = None,
) -> dict[str, Any]:
    """One annotation; ``tag_order`` maps tag id → (place in the library's order, name),
    ``version_dates`` (article id, version) → when that version was fetched or imported."""
    names = sorted(tag_order[tag_id] for tag_id in annotation.tag_ids if tag_id in tag_order)
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": name} for _, name in names
    ]
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.note,
                "format": "text/plain",
            }
        )
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": annotation.exact,
            "prefix": annotation.prefix,
            "suffix": annotation.suffix,
        }
    ]
    if _has_position(annotation):
        selectors.append(
            {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end}
        )
    item: dict[str, Any] = {
        "id": annotation.iri,
        "type": "Annotation",
        "motivation": _motivation(annotation, bool(names)),
        "created": w3c_datetime(annotation.created),
        "modified": w3c_datetime(annotation.modified),
    }
    if annotation.author:
        item["creator"] = {"type": "Person", "name": annotation.author}
    if bodies:
        item["body"] = bodies
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": annotation.target_source,
        "selector": selectors,
    }
    if annotation.article_id is not None and version_dates:
        when = version_dates.get((annotation.article_id, annotation.version))
        if when is not None:
            target["state"] = {"type": "TimeState", "sourceDate": w3c_datetime(when)}
    item["target"] = target
    return item


def link_to_w3c(link: Link, iris: Mapping[int, str]) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = [
        {"type": "SpecificResource", "source": iris[link.target_id], "purpose": "linking"},
        {"type": "TextualBody", "purpose": "classifying", "value": link.type.value},
    ]
    if link.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": link.note,
                "format": "text/plain",
            }
        )
    return {
        "id": link.iri,
        "type": "Annotation",
        "motivation": "linking",
        "created": w3c_datetime(link.created),
        "body": bodies,
        "target": iris[link.source_id],
    }


def render_collection(
    annotations: Sequence[Annotation],
    links: Iterable[Link],
    tags: Iterable[Tag],
    *,
    label: str = COLLECTION_LABEL,
    version_dates: Mapping[tuple[int, int], datetime] | None = None,
) -> bytes:
    """An ``AnnotationCollection`` with every item in ``first.items``, as UTF-8 JSON.

    Only links whose two ends are among ``annotations`` are written, so every
    reference in the file resolves inside it.
    """
    order = {tag.id: (i, tag.name) for i, tag in enumerate(tags)}
    iris = {annotation.id: annotation.iri for annotation in annotations}
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    # One item per line: readable and diffable.
    items = [
        dumps(annotation_to_w3c(annotation, order, version_dates)) for annotation in annotations
    ]
    items += [
        dumps(link_to_w3c(link, iris))
        for link in links
        if link.source_id in iris and link.target_id in iris
    ]
    head = {
        "@context": ANNO_CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
    }
    if not items:
        # The model gives a collection a first page only when it holds something.
        text = dumps(head) + "\n"
    else:
        page = f'{{"id": "urn:uuid:{uuid.uuid4()}", "type": "AnnotationPage", "startIndex": 0'
        text = (
            f'{dumps(head)[:-1]},\n  "first": {page}, "items": [\n    '
            + ",\n    ".join(items)
            + "\n  ]}\n}\n"
        )
    # A lone surrogate (never in imported text, but possible in a str) becomes a \uXXXX
    # escape, which is valid JSON inside a string, instead of failing the export.
    return text.encode("utf-8", "backslashreplace")
