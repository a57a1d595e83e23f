"""Reading Hypothesis's own JSON (not its JSON-LD form): plain Python, no Qt, no SQL.

Three shapes hold the same annotation objects ("rows"):

* an API search result, ``{"total": N, "rows": [...]}`` (with ``"replies": [...]``
  when replies were asked for apart);
* the Hypothesis client's export, ``{"export_date", "export_userid",
  "client_version", "annotations": [...]}`` (also with only its ``annotations``);
* a bare array of rows, or one row (``GET /api/annotations/{id}``).

A row is ``{"id", "uri", "text", "tags", "user", "user_info": {"display_name"},
"created", "updated", "references", "target": [{"source", "selector": [...]}]}``.
It becomes the record the W3C reader makes: text → note, tags → tags, the
display name (else the name in ``acct:name@authority``) → author, created /
updated → created / modified, the target's source (else ``uri``) → source.

Replies (``references`` not empty) and page notes (a target without selectors)
are not passages of text: they are counted and left out. Any other row that
cannot be read refuses the file, naming the row and what it lacks.

Hypothesis counts a TextPositionSelector in UTF-16 units of the whole web page's
text (menus and all), not in code points of the article, so positions are left
out: the quote with its prefix and suffix places the passage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xiaomi_reader.core.text_targets import (
    AnnotationImportError,
    as_list,
    first_few,
    item_where,
    kind_of,
    missing_passage,
    string,
    tag_names,
    text_target,
    types,
)
from xiaomi_reader.core.w3c_reading import W3CAnnotation, W3CData, read_datetime, stable_iri

__all__ = ["is_hypothesis", "parse_hypothesis"]

# The address Hypothesis gives each annotation; ids are derived from it, so the
# same row read from a search result or from a client export is one annotation.
_ANNOTATION_ADDRESS = "https://hypothes.is/a/"
_EXPORT_KEYS = ("export_date", "export_userid", "client_version")
_PROBLEMS_SHOWN = 3


def is_hypothesis(data: object) -> bool:
    """Whether decoded JSON is Hypothesis's own format (judged by content, not file name)."""
    if isinstance(data, dict):
        if types(data):
            return False  # W3C: everything it writes has a type
        if "rows" in data:
            return True
        found = data.get("annotations")
        if found is not None and any(key in data for key in _EXPORT_KEYS):
            return True
        if isinstance(found, list) and any(_row_like(item) for item in found):
            return True  # an export with its other fields taken out
        return _row_like(data)
    if isinstance(data, list):
        if any(isinstance(item, dict) and types(item) for item in data):
            return False
        return any(_row_like(item) for item in data)
    return False


def _row_like(item: object) -> bool:
    return isinstance(item, dict) and "uri" in item and ("target" in item or "user" in item)


def parse_hypothesis(data: object) -> W3CData:
    """Read annotations from decoded Hypothesis JSON; raises AnnotationImportError."""
    rows, replies = _rows(data)
    annotations: list[W3CAnnotation] = []
    problems: list[str] = []
    page_notes = 0
    for index, row in enumerate(rows):
        try:
            read = _Row(row, index).read()
        except AnnotationImportError as exc:
            problems.append(str(exc).rstrip("."))
            continue
        if isinstance(read, W3CAnnotation):
            annotations.append(read)
        elif read == "reply":
            replies += 1
        else:
            page_notes += 1
    if problems:
        raise AnnotationImportError(f"{first_few(problems, _PROBLEMS_SHOWN)}.")
    return W3CData(tuple(annotations), (), replies_skipped=replies, page_notes_skipped=page_notes)


def _rows(data: object) -> tuple[list[object], int]:
    """The rows to read, and how many replies were given apart from them."""
    if isinstance(data, list):
        return data, 0
    if not isinstance(data, dict):
        raise AnnotationImportError(f"The input is {kind_of(data)}, not Hypothesis annotations.")
    if "rows" in data:
        rows = _array(data, "rows", "a Hypothesis search result")
        return rows, len(_array(data, "replies", "a Hypothesis search result"))
    if "annotations" in data:
        return _array(data, "annotations", "a Hypothesis export"), 0
    return [data], 0


def _array(data: dict[str, Any], key: str, what: str) -> list[object]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise AnnotationImportError(
            f'The input looks like {what}, but its "{key}" is {kind_of(value)}, not an array.'
        )
    return value


@dataclass
class _Row:
    row: object
    index: int

    @property
    def where(self) -> str:
        ident = self.row.get("id") if isinstance(self.row, dict) else None
        named = ident if isinstance(ident, str) and ident.strip() else None
        return item_where(self.index, named, limit=60, label="id ")

    def read(self) -> W3CAnnotation | str:
        """The annotation, or "reply" / "page note" for rows that select no passage."""
        row, where = self.row, self.where
        if not isinstance(row, dict):
            raise AnnotationImportError(
                f"{where} is {kind_of(row)}, not a Hypothesis annotation (an object)"
            )
        references = row.get("references")
        if references is not None and not isinstance(references, list):
            raise AnnotationImportError(
                f"{where}: references must be an array of ids, not {kind_of(references)}"
            )
        if references:
            return "reply"
        target = self._target(row)
        passage = text_target(target, where)
        if passage is None:
            if all(not as_list(c.get("selector")) for c in target):
                return "page note"
            raise AnnotationImportError(f"{where}: {missing_passage(target)}")
        if not passage.exact:
            raise AnnotationImportError(
                f"{where}: no TextQuoteSelector (its TextPositionSelector counts UTF-16 units "
                "of the whole web page, which cannot find the passage in an article alone)"
            )
        created = read_datetime(row.get("created"), where, "created")
        ident = row.get("id")
        if ident is not None and not (isinstance(ident, str) and ident.strip()):
            raise AnnotationImportError(f"{where}: id must be a non-empty string")
        return W3CAnnotation(
            iri=stable_iri(_ANNOTATION_ADDRESS + ident.strip() if ident else None, row, where),
            source=passage.source,
            exact=passage.exact,
            prefix=passage.prefix,
            suffix=passage.suffix,
            start=None,
            end=None,
            tags=self._tags(row.get("tags")),
            note=string(row.get("text") or "", where, "text"),
            author=self._author(row),
            created=created,
            modified=read_datetime(row.get("updated"), where, "updated") or created,
            index=self.index,
            where=where,
        )

    def _target(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """The target objects, each with a source (the row's ``uri`` where it has none)."""
        where, target = self.where, row.get("target")
        uri = row.get("uri")
        if uri is not None:
            string(uri, where, "uri")
        if target is None or target == []:
            raise AnnotationImportError(
                f'{where}: no target (a Hypothesis annotation has "target": '
                '[{"source": …, "selector": […]}])'
            )
        candidates = as_list(target)
        if not all(isinstance(c, dict) for c in candidates):
            odd = next(c for c in candidates if not isinstance(c, dict))
            raise AnnotationImportError(
                f"{where}: target must be an array of objects; it holds {kind_of(odd)}"
            )
        return [
            {**c, "source": uri} if c.get("source") is None and uri else c
            for c in candidates
            if isinstance(c, dict)
        ]

    def _tags(self, tags: object) -> tuple[str, ...]:
        if tags is None:
            return ()
        if not isinstance(tags, list):
            raise AnnotationImportError(
                f"{self.where}: tags must be an array of strings, not {kind_of(tags)}"
            )
        names = [string(tag, self.where, f"tag {n}") for n, tag in enumerate(tags, 1)]
        return tag_names(names)

    def _author(self, row: dict[str, Any]) -> str | None:
        info = row.get("user_info")
        shown = info.get("display_name") if isinstance(info, dict) else None
        if isinstance(shown, str) and shown.strip():
            return shown.strip()
        user = row.get("user")
        if user is None:
            return None
        user = string(user, self.where, "user").strip()
        # "acct:name@hypothes.is": the name is what people know each other by.
        if user.startswith("acct:"):
            user = user[len("acct:") :].rsplit("@", 1)[0]
        return user or None
