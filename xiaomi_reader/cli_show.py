"""``xiaomi-reader show ARTICLE``: one article's metadata and text, for people and scripts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from xiaomi_reader.core import records

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

# The fields `articles --json` gives, in its order, then the text.
FIELDS = (
    "id", "iri", "title", "date", "source", "url", "file_name", "imported_at", "author",
    "site", "language", "fetched_at",
)  # fmt: skip
_TIMES = ("imported_at", "fetched_at")  # ISO 8601 in UTC, or null


def listed_fields(
    article: records.Article | records.ArticleSummary, annotations: int
) -> dict[str, Any]:
    """The article as `articles --json` lists it."""
    fields: dict[str, Any] = {name: getattr(article, name) for name in FIELDS}
    for name in _TIMES:
        fields[name] = fields[name].isoformat() if fields[name] is not None else None
    fields["annotations"] = annotations
    return fields


def article_fields(article: records.Article, annotations: int) -> dict[str, Any]:
    """The article as `show --json` prints it: `articles --json`'s fields and its text."""
    return {**listed_fields(article, annotations), "text": article.text}


def show_lines(library: Library, article: records.Article, *, as_json: bool) -> list[str]:
    """What `show` prints: a JSON object, or one `name: value` line each, a blank line, the text."""
    fields = article_fields(article, len(library.annotations(article.id)))
    if as_json:
        return [json.dumps(fields, ensure_ascii=False, indent=2)]
    text = fields.pop("text")
    lines = [
        f"{name.replace('_', ' ')}: {value if value is not None else '—'}"
        for name, value in fields.items()
    ]
    return [*lines, "", *text.split("\n")]
