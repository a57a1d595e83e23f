"""Annotations as CSV: one row per annotation, RFC 4180, UTF-8.

A spreadsheet runs a cell as a formula when it starts with ``=``, ``+``,
``-`` or ``@`` (and some also after a leading tab or carriage return). Such
cells get a leading apostrophe, as OWASP's CSV-injection advice recommends:
the spreadsheet shows the text, including its first character, and runs
nothing. The file starts with a byte-order mark so that spreadsheet programs
read it as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from xiaomi_reader.core.records import Annotation, ArticleSummary, Link, Tag
from xiaomi_reader.core.report_content import link_label

__all__ = ["COLUMNS", "neutralise", "render_csv"]

COLUMNS = (
    "annotation id",
    "article title",
    "article iri",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "tags",
    "note",
    "links",
    "created",
    "modified",
    "state",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def render_csv(
    annotations: Sequence[Annotation],
    articles: Iterable[ArticleSummary],
    links: Sequence[Link],
    tags: Iterable[Tag],
    iris: Mapping[int, str] | None = None,
) -> bytes:
    """The CSV file's bytes.

    ``links`` may reach annotations that are not rows of this file; ``iris``
    (annotation id → IRI for the whole library) names their other ends.
    """
    titles = {article.id: article.title for article in articles}
    tag_order = {tag.id: (i, tag.name) for i, tag in enumerate(tags)}
    other_iris = {**(iris or {}), **{a.id: a.iri for a in annotations}}
    wanted = {a.id for a in annotations}
    # Indexed once, so the rows below never search the link list.
    by_annotation: dict[int, list[str]] = defaultdict(list)
    for link in links:
        if link.source_id in wanted:
            by_annotation[link.source_id].append(
                f"{link_label(link.type, outgoing=True)} → {other_iris.get(link.target_id, '')}"
            )
        if link.target_id in wanted:
            by_annotation[link.target_id].append(
                f"{link_label(link.type, outgoing=False)} → {other_iris.get(link.source_id, '')}"
            )

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for a in annotations:
        row = [
            a.iri,
            titles.get(a.article_id, "") if a.article_id is not None else "",
            a.target_source,
            "" if a.start is None else str(a.start),
            "" if a.end is None else str(a.end),
            a.exact,
            a.prefix,
            a.suffix,
            "; ".join(
                name for _, name in sorted(tag_order[t] for t in a.tag_ids if t in tag_order)
            ),
            a.note,
            "; ".join(by_annotation.get(a.id, ())),
            a.created.isoformat(),
            a.modified.isoformat(),
            a.state.value,
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
