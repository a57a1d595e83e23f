"""``xiaomi-reader versions ARTICLE [--json]`` and ``import --version-of ARTICLE``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from xiaomi_reader.cli_lookup import find_article
from xiaomi_reader.core.display import escape_controls

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library


def version_lines(library: Library, key: str, *, as_json: bool) -> list[str]:
    """One line per version, oldest first (or a JSON array): number, dates, title, count."""
    article = find_article(library, key)
    versions = library.versions(article.id)
    if as_json:
        rows = [
            {
                "version": v.number,
                "current": v.current,
                "title": v.title,
                "imported": v.imported_at.isoformat(),
                "fetched": v.fetched_at.isoformat() if v.fetched_at else None,
                "annotations": v.annotations,
            }
            for v in versions
        ]
        return [json.dumps(rows, ensure_ascii=False, indent=2)]
    lines = []
    for v in versions:
        when = (v.fetched_at or v.imported_at).strftime("%Y-%m-%d %H:%M")
        how = "fetched" if v.fetched_at else "imported"
        noun = "annotation" if v.annotations == 1 else "annotations"
        mark = "  (current)" if v.current else ""
        title = escape_controls(v.title)  # a title cannot add lines of its own
        lines.append(f"{v.number:>4}  {how} {when} UTC  {title}  ({v.annotations} {noun}){mark}")
    return lines
