"""How a passage's links read where it is shown: "contradicts → “the US Department of State”".

From passage A a link reads forward ("contradicts"), from passage B backward
("contradicted by"), in the words the reports use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from xiaomi_reader.core import records
from xiaomi_reader.core.report_content import link_label

__all__ = ["QUOTE_CHARS", "link_lines", "short_quote"]

QUOTE_CHARS = 48


def short_quote(annotation: records.Annotation | None, limit: int = QUOTE_CHARS) -> str:
    """The passage's text on one line, cut with "…" past ``limit`` characters."""
    if annotation is None:
        return "…"
    text = " ".join(annotation.exact.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def link_lines(
    annotation_id: int,
    links: Iterable[records.Link],
    annotation: Callable[[int], records.Annotation | None],
) -> list[str]:
    """One line per link of the annotation: its type as read from here, and the other end."""
    lines = []
    for link in links:
        if annotation_id == link.source_id:
            other, outgoing = link.target_id, True
        elif annotation_id == link.target_id:
            other, outgoing = link.source_id, False
        else:
            continue
        try:
            label = link_label(records.LinkType(link.type), outgoing=outgoing)
        except ValueError:  # a type this version does not know: shown as stored
            label = str(link.type)
        lines.append(f"{label} → “{short_quote(annotation(other))}”")
    return lines
